#!/usr/bin/env bash
# Benchmarks of the git layer, printed (no test asserts a time):
#   1. `allmenning fork` of a generated repository with 5,000 files and about 200 MB of history,
#      against `git clone` of the same repository in the same run, as a ratio: from a path
#      (both link or copy the objects), a file:// address (git packs them with --no-local;
#      Allmenning copies them as for a path) and over HTTP from `git http-backend` (both
#      receive the server's pack and index it);
#   2. reading every blob of a commit with 10,000 files through AllmenningGit (blobs/s).
# Usage: Scripts/benchmark-git.sh [RUNS]   (default 3; the median is printed)
# The generated repositories are kept in $BENCHMARK_DIR (default .build/benchmark-git) and
# reused by later runs, since generating 200 MB of history takes a while.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
work="${BENCHMARK_DIR:-.build/benchmark-git}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"

swift build -c release --product allmenning >/dev/null
swift build -c release --product allmenning-git-benchmark >/dev/null
bin="$(swift build -c release --show-bin-path)"

large="$work/source-5000-files-200mb"
wide="$work/source-10000-files"
[ -d "$large" ] || python3 Scripts/make-benchmark-repository.py "$large" --files 5000 --history-mb 200 --seed 1
[ -d "$wide" ] || python3 Scripts/make-benchmark-repository.py "$wide" --files 10000 --history-mb 20 --seed 2

export GIT_CONFIG_NOSYSTEM=1
# Seconds taken by a command, with its output discarded.
seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

compare() {
  local label="$1" source="$2" git_options="$3"
  local fork_times=() clone_times=()
  for _ in $(seq "$runs"); do
    rm -rf "$work/fork" "$work/clone"
    fork_times+=("$(seconds "$bin/allmenning" fork "$source" "$work/fork" --name "Benchmark Teacher" --email bench@example.org)")
    [ -f "$work/fork/resource.yaml" ] || { echo "benchmark-git: the fork failed" >&2; "$bin/allmenning" fork "$source" "$work/fork-check" --name B --email b@example.org; exit 1; }
    clone_times+=("$(seconds git clone -q $git_options "$source" "$work/clone")")
  done
  local fork clone
  fork=$(median "${fork_times[@]}")
  clone=$(median "${clone_times[@]}")
  printf '  %-8s allmenning fork %6.2f s   git clone%s %6.2f s   ratio fork/clone %.2f\n' \
    "$label" "$fork" "${git_options:+ $git_options}" "$clone" "$(awk -v a="$fork" -v b="$clone" 'BEGIN { print a / b }')"
  rm -rf "$work/fork" "$work/clone"
}

files=$(git -C "$large" ls-files | wc -l)
commits=$(git -C "$large" rev-list --count HEAD)
pack_mb=$(du -sm "$large/.git/objects" | cut -f1)
echo "fork against git clone: $files files, $commits commits, $pack_mb MB of objects (median of $runs runs)"
compare "path" "$large" ""
compare "file://" "file://$large" "--no-local"

server_output="$work/http-server.out"
python3 Tests/Support/git-http-server.py "$work" --port 0 >"$server_output" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q '^port ' "$server_output" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/^port //p' "$server_output")
compare "http://" "http://127.0.0.1:$port/$(basename "$large")/.git" ""

echo "reading blobs at a commit ($(git -C "$wide" ls-files | wc -l) files in HEAD):"
echo "  $("$bin/allmenning-git-benchmark" "$wide" HEAD "$runs")"
