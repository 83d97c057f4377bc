#!/usr/bin/env bash
# Run the whole test suite (unit, SQL, AppTest and real-browser tests in Debian's Chromium),
# installing everything it needs first. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh requirements-dev.txt
.venv/bin/python -m ruff check .
exec .venv/bin/python -m pytest -q "$@"
