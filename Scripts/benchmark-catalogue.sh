#!/usr/bin/env bash
# The catalogue's figures, printed (no test asserts them), release build:
#  1. indexing COUNT generated resource repositories with `allmenning index` (all four
#     plugins, Content/curricula): resources/s with a cold plugin cache, with a warm one (new
#     catalogue, same cache), and again with nothing new (every commit already indexed);
#  2. the catalogue file's size per resource after that;
#  3. search latency p50/p99 over QUERIES mixed queries at SEARCH_COUNT generated versions
#     (written through the store in process: no git, no plugins).
# The repositories are made once by allmenning-catalogue-benchmark (sentences of Content/'s
# resources, LK20 aims) under $CATALOGUE_BENCHMARK (default .build/catalogue-benchmark) and
# reused; the search catalogue too.
# Usage: Scripts/benchmark-catalogue.sh [COUNT] [SEARCH_COUNT] [QUERIES]   (10000 100000 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-10000}"; search_count="${2:-100000}"; queries="${3:-1000}"
for n in "$count" "$search_count" "$queries"; do [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [COUNT] [SEARCH_COUNT] [QUERIES]" >&2; exit 2; }; done
work="${CATALOGUE_BENCHMARK:-.build/catalogue-benchmark}"
swift build -c release --product allmenning >/dev/null
swift build -c release --product allmenning-catalogue-benchmark >/dev/null
bin="$(swift build -c release --show-bin-path)"
repositories="$work/repositories-$count"
mkdir -p "$repositories"
"$bin/allmenning-catalogue-benchmark" generate "$repositories" "$count"

summary() {  # the summary line of `index --format json` as a sentence
  python3 -c "
import json, sys
s = json.loads(sys.stdin.read().strip().splitlines()[-1])
rate = s['repositories'] / max(s['seconds'], 0.001)
print(f\"{s['repositories']} repositories in {s['seconds']:.1f} s = {rate:.1f} resources/s ({s['published']} published, {s['unchanged']} unchanged, {s['refused']} refused, {s['failed']} failed; plugin files checked {s['pluginFilesChecked']}, from cache {s['pluginFilesFromCache']}; documents read {s['documentsRead']})\")
"
}
data="$work/data-$count"
rm -rf "$data"
echo "catalogue benchmark ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run)"
index() { "$bin/allmenning" index "$repositories" --data "$data" --curricula Content/curricula --format json || true; }
echo "index, cold plugin cache:  $(index | summary)"
rm -f "$data"/catalogue.sqlite*
echo "index, warm plugin cache:  $(index | summary)"
echo "index, nothing new:        $(index | summary)"
"$bin/allmenning-catalogue-benchmark" size "$data/catalogue.sqlite" "$count"
"$bin/allmenning-catalogue-benchmark" search "$work/search-$search_count" "$search_count" "$queries"
