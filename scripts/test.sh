#!/usr/bin/env bash
# Set up (first time) and run the whole test suite, the browser test included.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh
bash scripts/setup.sh
exec .venv/bin/python -m pytest "$@"
