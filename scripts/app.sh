#!/usr/bin/env bash
# Set up (first time) and start the dashboard and its JSON API on http://localhost:${PORT:-8501}.
# Extra arguments go to `python -m geo serve`, e.g. --host 0.0.0.0 on a machine the firewall guards.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m geo serve --port "${PORT:-8501}" "$@"
