# Sourced by the scripts that need a running server over Content/: `allmenning seed` makes each
# resource a repository in a fresh data folder and indexes it, and `allmenning serve` listens
# on a free port. Sets $work, $port and $server_pid; removes everything on exit.
swift build --product allmenning >/dev/null
work="$(mktemp -d)"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# The same as make run: bare repositories with hooks, adaptations as forks of their originals.
# OAI-PMH needs the address of whoever runs the catalogue; .invalid is no one's.
mkdir -p "$work/data"
printf 'catalogue:\n  name: Allmenning (test)\n  adminEmail: [drift@allmenning.invalid]\n' >"$work/data/config.yaml"
.build/debug/allmenning seed Content --data "$work/data" --curricula Content/curricula | tail -1

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
.build/debug/allmenning serve --data "$work/data" --curricula Content/curricula --port "$port" > "$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$port/api" && break; sleep 0.2; done
