# Sourced by the scripts that need a running server over Content/: each resource becomes a git
# repository (git command line) in a fresh data folder, is indexed, and `allmenning serve`
# listens on a free port. Sets $work, $port and $server_pid; removes everything on exit.
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
