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

swift build --product allmenning >/dev/null
work="$(mktemp -d)"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$work/data/repositories"
for folder in Content/*/; do
  [ -f "$folder/resource.yaml" ] || continue
  name="$(basename "$folder")"
  cp -r "$folder" "$work/data/repositories/$name.git"
  (cd "$work/data/repositories/$name.git" && git init -q -b main && git add -A &&
   git -c user.name="Allmenning-redaksjonen" -c user.email="redaksjonen@allmenning.invalid" commit -qm "Første versjon")
done
.build/debug/allmenning index --data "$work/data" --curricula Content/curricula "$work/data/repositories" | tail -1

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
.build/debug/allmenning serve --data "$work/data" --curricula Content/curricula --port "$port" > "$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$port/api" && break; sleep 0.2; done

"$venv/bin/schemathesis" run Schemas/openapi.yaml --url "http://127.0.0.1:$port" --checks all \
  --max-examples "$max_examples" --seed 20261123 --no-color
