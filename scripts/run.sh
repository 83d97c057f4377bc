#!/usr/bin/env bash
# Run the dashboard: install what it needs, build and publish the seed snapshot if none is
# published yet, then serve on http://localhost:8501 (extra arguments go to streamlit run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh requirements.txt
.venv/bin/python -m dangbo.build --if-missing
.venv/bin/python -m dangbo.accounts migrate        # the account and audit tables (versioned)
.venv/bin/python -m dangbo.accounts bootstrap      # prints the first administrator's one-time password
exec .venv/bin/python -m streamlit run serve.py "$@"
