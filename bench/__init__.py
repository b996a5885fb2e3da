"""Benchmarks (issue 4 and later): each module here is runnable as `.venv/bin/python -m bench.<name>`;
`.venv/bin/python -m bench` lists them. Figures go to docs/performance.md."""
