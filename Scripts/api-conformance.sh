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

# Anonymous, the write operations answer only 401; so the API is run again as a reviewer (who
# reviews, rates and hides texts) and as an administrator (who approves publication and
# withdraws), each with a token made on the data folder, to check their answers too.
allmenning() { .build/debug/allmenning "$@" --data "$work/data"; }
allmenning organisations add conformance --kind municipality --name "Conformance" >/dev/null
allmenning users add ada --role administrator --organisation conformance --name "Ada Admin" >/dev/null
allmenning users add rita --role reviewer --organisation conformance --name "Rita Reviewer" --as ada >/dev/null
token_of() {  # token_of USER NAME: a new token's secret
  local made; made="$(allmenning tokens add "$2" --user "$1" --as ada --format json)"
  python3 -c 'import json, sys; print(json.loads(sys.argv[1])["token"])' "$made"
}

failed=0
schemathesis() {  # schemathesis LABEL [OPTIONS…]
  local label="$1"; shift
  echo "== api-conformance: $label"
  "$venv/bin/schemathesis" --config-file Scripts/schemathesis.toml run Schemas/openapi.yaml --url "http://127.0.0.1:$port" --checks all \
    --max-examples "$max_examples" --seed 20261123 --no-color "$@" || failed=1
}
schemathesis "without a token"
# A user may revoke their own token, and the examples start at token id 1: revoking the token
# the run acts with would leave the rest of the run anonymous. So revocation runs last, alone.
reviewer="$(token_of rita reviewing)"; administrator="$(token_of ada administering)"; revoker="$(token_of ada revoking)"
schemathesis "as a reviewer" -H "Authorization: Bearer $reviewer" --exclude-operation-id revokeToken
schemathesis "as an administrator" -H "Authorization: Bearer $administrator" --exclude-operation-id revokeToken
schemathesis "revoking tokens, as an administrator" -H "Authorization: Bearer $revoker" --include-operation-id revokeToken
exit "$failed"
