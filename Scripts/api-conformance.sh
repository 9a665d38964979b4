#!/usr/bin/env bash
# The JSON API against its description: schemathesis (PyPI) generates requests from
# Schemas/openapi.yaml (examples, boundary values, fuzzing, stateful links) and checks every
# answer against the schema, the status codes and the headers. The server runs on a catalogue
# of Content/'s resources, each made a git repository by the git command line and indexed.
# Usage: Scripts/api-conformance.sh [MAX_EXAMPLES]   (exit 0 only when schemathesis finds nothing)
set -euo pipefail
cd "$(dirname "$0")/.."
max_examples="${1:-50}"

venv=.build/conformance-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import schemathesis" 2>/dev/null || "$venv/bin/pip" install --quiet "schemathesis>=4,<5"

source Scripts/content-server.sh

"$venv/bin/schemathesis" run Schemas/openapi.yaml --url "http://127.0.0.1:$port" --checks all \
  --max-examples "$max_examples" --seed 20261123 --no-color
