"""`python -m bench` lists the benchmarks: every module in this package, with its first docstring line."""

import ast
import pkgutil
from pathlib import Path

HERE = Path(__file__).parent


def main() -> None:
    print("Benchmarks (run one with: .venv/bin/python -m bench.NAME --help):")
    for module in sorted(pkgutil.iter_modules([str(HERE)]), key=lambda m: m.name):
        if module.name.startswith("_"):
            continue
        tree = ast.parse((HERE / f"{module.name}.py").read_text(encoding="utf-8"))
        doc = (ast.get_docstring(tree) or "").strip().splitlines()
        print(f"  {module.name:<24} {doc[0] if doc else ''}")


if __name__ == "__main__":
    main()
