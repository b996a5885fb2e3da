# Guanai: `make demo` and `make test` on a fresh machine with Python >= 3.11 and npm.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# One stamp per lock: production (make setup, make demo), dev (make test, make lint), bench (make bench).
# The locks pin the same versions, so installing one on top of another changes nothing already there.
stamp   = $(VENV)/.installed-$(1)-$(shell cat $(2) pyproject.toml | cksum | cut -d' ' -f1)
STAMP       := $(call stamp,prod,requirements.lock)
DEV_STAMP   := $(call stamp,dev,requirements-dev.lock)
BENCH_STAMP := $(call stamp,bench,requirements-bench.lock)
ASSETS := node_modules/.installed-$(shell cat package-lock.json | cksum | cut -d' ' -f1)

.PHONY: demo test setup setup-dev setup-bench serve lint bench clean

demo: setup
	$(BIN)/guanai demo

test: setup-dev
	$(BIN)/guanai makemigrations --check --dry-run >/dev/null || (echo "Missing migration: run guanai makemigrations" && exit 1)
	$(BIN)/pytest $(PYTEST_ARGS)

serve: setup
	$(BIN)/guanai serve

lint: setup-dev
	$(BIN)/ruff check guanai bench

setup: $(STAMP) $(ASSETS)
setup-dev: $(DEV_STAMP) $(ASSETS)
setup-bench: $(BENCH_STAMP) $(ASSETS)

# $(call install,<lock>,<kind>): the venv, the pinned packages of one lock, Guanai itself (editable).
define install
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is needed")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r $(1)
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps -e .
	rm -f $(VENV)/.installed-$(2)-* && touch $@
endef

$(STAMP): requirements.lock pyproject.toml
	$(call install,requirements.lock,prod)

$(DEV_STAMP): requirements-dev.lock pyproject.toml
	$(call install,requirements-dev.lock,dev)

$(BENCH_STAMP): requirements-bench.lock pyproject.toml
	$(call install,requirements-bench.lock,bench)

$(ASSETS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -f node_modules/.installed-* && touch $@

bench: setup-bench
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) node_modules var
