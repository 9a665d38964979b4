#!/usr/bin/env bash
# Times `allmenning validate` over every resource in Content/ (release build) and prints
# the figures: runs, fastest, median and slowest wall time, and resources per second.
# Usage: Scripts/benchmark-validate.sh [RUNS]   (make benchmark)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"
swift build -c release --product allmenning >/dev/null
binary=.build/release/allmenning
resources=$("$binary" validate --format json --curricula Content/curricula Content | python3 -c "import json,sys; print(len(json.load(sys.stdin)['resources']))")
times=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  "$binary" validate --curricula Content/curricula Content >/dev/null
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
median=${sorted[$(( runs / 2 ))]}
echo "validate Content/: $resources resources, $runs runs (release build, wall time incl. process start and loading 1064 aims)"
echo "  fastest ${sorted[0]} ms, median ${median} ms, slowest ${sorted[$(( runs - 1 ))]} ms"
echo "  $(python3 -c "print(round($resources / ($median / 1000), 1))") resources/s at the median"
