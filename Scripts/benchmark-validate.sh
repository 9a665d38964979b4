#!/usr/bin/env bash
# Times `allmenning validate` over every resource in Content/ (release build) and prints, for
# a cold and a warm plugin result cache: runs, fastest, median and slowest wall time,
# resources/s and MB/s.
#   cold  a fresh, empty data folder for every run (the cache is DATA/cache/plugins)
#   warm  one data folder, primed by one untimed run before the timed ones
# Both pass the curriculum packs with --curricula Content/curricula. Wall time includes process
# start and loading and indexing the curriculum packs, so the same is timed on a one-file
# resource (the fixed cost, per mode) and MB/s is also given without it. The competence-aim
# search index over the packs is built on the first check the cache does not answer, so it is
# in the cold fixed cost and usually not in the warm one.
# MB = 10^6 bytes of every regular file in the resources of Content/ (not Content/curricula,
# not Content/README.md).
# Usage: Scripts/benchmark-validate.sh [RUNS]   (default 5; make benchmark)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [RUNS]" >&2; exit 2; }
swift build -c release --product allmenning >/dev/null
binary=.build/release/allmenning
curricula=Content/curricula
scratch=$(mktemp -d "${TMPDIR:-/tmp}/allmenning-benchmark.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# The resources validate finds in Content/ and their total size.
read -r resources bytes < <(python3 - <<'EOF'
import os, stat
resources = total = 0
for name in sorted(os.listdir("Content")):
    folder = os.path.join("Content", name)
    if name.startswith(".") or not os.path.isfile(os.path.join(folder, "resource.yaml")):
        continue
    resources += 1
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d != ".git"]
        for file in files:
            info = os.lstat(os.path.join(root, file))
            if stat.S_ISREG(info.st_mode):
                total += info.st_size
print(resources, total)
EOF
)

# A one-file resource: what validate costs whatever the content.
tiny="$scratch/tiny"
mkdir -p "$tiny"
cat >"$tiny/resource.yaml" <<'EOF'
manifest: 1
id: 01M82FGXV1GADSC78Z5PVSGCYE
title: { nb: Liten ressurs }
language: [nb]
kind: teacher
licence: CC-BY-SA-4.0
entry: index.md
EOF
printf '# Liten ressurs\n\nEn setning.\n' >"$tiny/index.md"

# validate PATH with DATA as the data folder; prints the wall time in ms. Exit 1 (errors
# found in the content) still counts as a run; 2 (could not run) stops the benchmark.
timed_validate() {
  local data="$1" path="$2" start end status=0
  start=$(date +%s%N)
  "$binary" validate --data "$data" --curricula "$curricula" "$path" >/dev/null || status=$?
  end=$(date +%s%N)
  if (( status > 1 )); then echo "allmenning validate $path exited $status" >&2; exit 2; fi
  echo $(( (end - start) / 1000000 ))
}

# MODE PATH: RUNS timed runs, cold (a fresh data folder each) or warm (one primed folder).
measure() {
  local mode="$1" path="$2" times=() data
  if [[ "$mode" == warm ]]; then
    data=$(mktemp -d "$scratch/warm.XXXXXX")
    timed_validate "$data" "$path" >/dev/null
  fi
  for _ in $(seq "$runs"); do
    [[ "$mode" == cold ]] && data=$(mktemp -d "$scratch/cold.XXXXXX")
    times+=("$(timed_validate "$data" "$path")")
  done
  echo "${times[*]}"
}

cold=$(measure cold Content)
warm=$(measure warm Content)
tiny_cold=$(measure cold "$tiny")
tiny_warm=$(measure warm "$tiny")
# Evidence that the warm runs had a cache to use: entries written by one run over Content/.
probe="$scratch/probe"
timed_validate "$probe" Content >/dev/null
entries=$(find "$probe/cache/plugins" -type f -name '*.json' 2>/dev/null | wc -l)

python3 - "$runs" "$resources" "$bytes" "$entries" "$cold" "$warm" "$tiny_cold" "$tiny_warm" <<'EOF'
import statistics, sys
runs, resources, size, entries = (int(x) for x in sys.argv[1:5])
cold, warm, tiny_cold, tiny_warm = ([int(t) for t in arg.split()] for arg in sys.argv[5:9])
mb = size / 1e6
print(f"validate Content/: {resources} resources, {mb:.2f} MB ({size} bytes, Content/curricula not counted), "
      f"{runs} runs per mode, release build")
print(f"  the plugin cache after one run over Content/ holds {entries} entries")
for mode, times, tiny in (("cold", cold, tiny_cold), ("warm", warm, tiny_warm)):
    median, fixed = statistics.median(times), statistics.median(tiny)
    print(f"  {mode} cache: fastest {min(times)} ms, median {median:.0f} ms, slowest {max(times)} ms; "
          f"{resources / (median / 1000):.1f} resources/s, {mb / (median / 1000):.2f} MB/s")
    net = median - fixed
    without = f"{mb / (net / 1000):.2f} MB/s, {resources / (net / 1000):.1f} resources/s" if net > 0 else "not measurable (within the fixed cost)"
    print(f"    fixed cost (one-file resource, {mode}): median {fixed:.0f} ms; without it: {net:.0f} ms, {without}")
print("  wall time includes process start and loading the curriculum packs (the fixed cost); cold runs also build")
print("  the competence-aim search index, which warm runs skip when the cache answers every check")
print("  cold = a fresh empty data folder per run, warm = one data folder primed by an untimed run; MB = 10^6 bytes")
EOF
