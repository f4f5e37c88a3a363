#!/usr/bin/env bash
# Set up (first time) and run the whole test suite, the browser test included.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh
bash scripts/setup.sh
.venv/bin/mypy                              # types, on geo/, pages/, app.py and server.py (pyproject.toml)
node --test tests/js                       # the map script's own tests (geo/render/static/atlas_map.js)
exec .venv/bin/python -m pytest "$@"
