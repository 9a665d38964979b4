#!/usr/bin/env bash
# The server's figures under load, printed (no test asserts them), release build: wrk (Debian)
# sends search requests to `allmenning serve` over a catalogue of COUNT generated resources
# for SECONDS, first to the JSON API (/api/search), then to the search page (/). The requests
# cycle through a mix: words alone (one, two, a phrase, English and Swedish), words with a
# subject, school year or licence filter, an aim code, filters alone, and later pages.
# Prints requests/s, p50, p99 and the errors (non-2xx answers and socket errors), which must
# be 0: any error makes the script fail.
# The catalogue is benchmark-catalogue.sh's (repositories made by allmenning-catalogue-benchmark,
# indexed with all plugins) under $CATALOGUE_BENCHMARK (default .build/catalogue-benchmark),
# made here when it is missing, and then reused.
# Usage: Scripts/benchmark-server.sh [COUNT] [SECONDS] [CONNECTIONS]   (10000 30 16)
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-10000}"; seconds="${2:-30}"; connections="${3:-16}"
for n in "$count" "$seconds" "$connections"; do [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [COUNT] [SECONDS] [CONNECTIONS]" >&2; exit 2; }; done
if ! command -v wrk >/dev/null; then
  echo "benchmark-server: wrk is missing (Debian: apt-get install wrk)" >&2
  exit 2
fi
work="${CATALOGUE_BENCHMARK:-.build/catalogue-benchmark}"
swift build -c release --product allmenning >/dev/null
swift build -c release --product allmenning-catalogue-benchmark >/dev/null
bin="$(swift build -c release --show-bin-path)"
data="$work/data-$count"
if [ ! -f "$data/catalogue.sqlite" ]; then
  repositories="$work/repositories-$count"
  mkdir -p "$repositories"
  "$bin/allmenning-catalogue-benchmark" generate "$repositories" "$count"
  "$bin/allmenning" index "$repositories" --data "$data" --curricula Content/curricula | tail -1
fi
live="$("$bin/allmenning" stats --data "$data" --format json | python3 -c 'import json, sys; print(json.load(sys.stdin)["resources"])')"

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
log="$(mktemp)"; script="$(mktemp --suffix=.lua)"
"$bin/allmenning" serve --data "$data" --curricula Content/curricula --port "$port" >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$log" "$script"' EXIT
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/api" && break; sleep 0.1; done

# The mix, with filter values the catalogue has (its most common subject, school year, licence, aim).
read -r subject level licence aim < <(curl -s "http://127.0.0.1:$port/api/search?limit=1" | python3 -c '
import json, sys
facets = json.load(sys.stdin)["facets"]
print(*(facets[name][0]["value"] for name in ("subject", "level", "licence", "aim")))')
queries=(
  "q=br%C3%B8k" "q=fotosyntese" "q=br%C3%B8k+pizza" "q=%22likeverdige+br%C3%B8ker%22" "q=photosynthesis" "q=fotosyntesen+v%C3%A4xter"
  "q=vann&subject=$subject" "q=energi&level=$level" "q=klima&licence=$licence" "q=$aim" "aim=$aim" "subject=$subject&level=$level"
  "q=elevene&offset=20" "q=desimaltall+prosent" "q=kretsl%C3%B8p" "q=demokrati"
)
{
  echo "local queries = {"
  for query in "${queries[@]}"; do echo "  \"$query\","; done
  echo "}"
  cat <<'LUA'
local prefix = os.getenv("BENCHMARK_PREFIX")
local next_query = 0
request = function()
  next_query = next_query % #queries + 1
  return wrk.format("GET", prefix .. queries[next_query])
end
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("FIGURES %.1f %.2f %.2f %d %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests,
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
LUA
} >"$script"

echo "server benchmark: $live resources, $seconds s per target, $connections connections on 2 wrk threads, ${#queries[@]} queries in turn ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run)"
failed=0
for target in "/api/search?" "/?"; do
  figures="$(BENCHMARK_PREFIX="$target" wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s -s "$script" "http://127.0.0.1:$port" | grep '^FIGURES')"
  read -r _ rate p50 p99 requests status socket <<<"$figures"
  echo "  GET ${target%\?}: $rate requests/s, p50 $p50 ms, p99 $p99 ms; $requests requests, $status non-2xx, $socket socket errors"
  [ "$status" -eq 0 ] && [ "$socket" -eq 0 ] || failed=1
done
kill -0 $server 2>/dev/null || { echo "benchmark-server: the server stopped during the run:" >&2; cat "$log" >&2; exit 1; }
[ "$failed" -eq 0 ] || { echo "benchmark-server: there were errors" >&2; exit 1; }
