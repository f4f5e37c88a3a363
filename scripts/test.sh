#!/usr/bin/env bash
# Set up (first time) and run the whole test suite, the browser test included.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh
bash scripts/setup.sh
.venv/bin/mypy                              # types, on geo/, pages/, app.py and server.py (pyproject.toml)
node --test tests/js                       # the browser code's own tests (atlas_map.js, copy_text.mjs)
# Two workers (this machine's cores), a file per worker at a time, in collection order: a file's tests share their
# module fixtures, and test_browser.py, collected last, reads the browser scenario that runs in the background from
# collection on (tests/browser/background.py). Not --dist loadgroup: pytest 9.2 ignores its groups (pytest-xdist#1386).
exec .venv/bin/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder "$@"
