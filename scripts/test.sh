#!/usr/bin/env bash
# Install what the tests need and run them all: unit, property, store (SQLite and PostgreSQL), app
# (AppTest), browser (headless Chromium) and a smoke run of the benchmark, after ruff and mypy (either failing
# fails the run).
#
#   bash scripts/test.sh            # everything
#   bash scripts/test.sh -k compare # extra arguments go to pytest
#   bash scripts/test.sh -m "not slow and not browser"   # the quick run (under 2 minutes)
#
# System packages (Debian): chromium for the browser tests and postgresql for the store tests; they
# are installed with apt-get when missing (as root, or through sudo). Python packages go into .venv; axe-core
# (npm, for the accessibility tests) into tests/browser/axe/node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "test.sh: $*" >&2; }

apt_install() {
    local runner=()
    [ "$(id -u)" -eq 0 ] || runner=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${runner[@]}" apt-get install -y -q "$@" >&2 || { "${runner[@]}" apt-get update -q >&2 && "${runner[@]}" apt-get install -y -q "$@" >&2; }
}

if [ ! -x /usr/bin/chromium ]; then log "installing chromium"; apt_install chromium; fi
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then log "installing postgresql"; apt_install postgresql; fi

if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt

# axe-core (pinned in tests/browser/axe/package-lock.json) for the accessibility browser tests.
if [ ! -d tests/browser/axe/node_modules/axe-core ]; then
    if ! command -v npm >/dev/null 2>&1; then log "installing npm"; apt_install npm; fi
    log "installing axe-core (npm ci)"
    npm ci --prefix tests/browser/axe --no-audit --no-fund >&2
fi

PG_STOP=""
if [ -z "${COSTDASH_TEST_PG_URL:-}" ]; then
    eval "$(bash scripts/start_test_postgres.sh 2> >(tee /tmp/costdash-pg-start.log >&2))"
    PG_STOP="$(sed -n 's/.*stop it with: //p' /tmp/costdash-pg-start.log | tail -n 1)"
fi
cleanup() { if [ -n "$PG_STOP" ]; then bash -c "$PG_STOP" >/dev/null 2>&1 || true; fi; }
trap cleanup EXIT

log "lint: ruff check, ruff format --check, mypy"
LINTED=(pricing store ui views bench app.py)
.venv/bin/ruff check "${LINTED[@]}"
.venv/bin/ruff format --check "${LINTED[@]}"
.venv/bin/mypy

log "benchmark smoke run"
.venv/bin/python bench/run.py --smoke

.venv/bin/python -m pytest "$@"
