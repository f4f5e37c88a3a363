#!/usr/bin/env bash
# Set up (first time) and run the whole test suite, the browser test included.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh
bash scripts/setup.sh
.venv/bin/mypy                              # types, on geo/, pages/, app.py and server.py (pyproject.toml)
node --test tests/js                       # the browser code's own tests (atlas_map.js, copy_text.mjs)
exec .venv/bin/python -m pytest "$@"
