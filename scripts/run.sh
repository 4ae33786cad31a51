#!/usr/bin/env bash
# Start the dashboard on the shipped default data with the embedded SQLite store.
#
#   bash scripts/run.sh                 # http://localhost:8501
#   PORT=8600 bash scripts/run.sh
#
# Kept tables live in $COSTDASH_DATA_DIR (default ~/.local/share/costdash); set COSTDASH_DATABASE_URL
# (postgresql+psycopg://user@host/db) to share one PostgreSQL store between app instances.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt
exec .venv/bin/streamlit run app.py --server.headless true --server.address "${ADDRESS:-127.0.0.1}" \
    --server.port "${PORT:-8501}"
