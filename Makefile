# Guanai: `make demo` and `make test` on a fresh machine with Python >= 3.11 and npm.
PYTHON ?= python3
PORT   ?= 8000
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
ASSETS := node_modules/.installed-$(shell cat package-lock.json | cksum | cut -d' ' -f1)

.PHONY: demo test setup serve lint bench clean

demo: setup
	$(BIN)/guanai demo --port $(PORT)

test: setup
	$(BIN)/guanai makemigrations --check --dry-run >/dev/null || (echo "Missing migration: run guanai makemigrations" && exit 1)
	$(BIN)/pytest $(PYTEST_ARGS)

serve: setup
	$(BIN)/guanai serve --port $(PORT)

lint: setup
	$(BIN)/ruff check guanai bench uicheck

setup: $(STAMP) $(ASSETS)

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is needed")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps -e .
	rm -f $(VENV)/.installed-* && touch $@

$(ASSETS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -f node_modules/.installed-* && touch $@

bench: setup
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) node_modules var
