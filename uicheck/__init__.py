"""The page check (`python -m uicheck`): every page of every demo role, at 1366 and 375 px, in Chromium.

See uicheck/__main__.py for what it checks and how CI runs it (.ci/run)."""
