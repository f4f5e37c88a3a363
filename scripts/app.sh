#!/usr/bin/env bash
# Set up (first time) and start the dashboard on http://localhost:${PORT:-8501}; extra arguments go to streamlit.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m streamlit run server.py --server.port "${PORT:-8501}" "$@"  # e.g. --server.address 0.0.0.0
