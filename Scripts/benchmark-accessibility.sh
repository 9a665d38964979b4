#!/usr/bin/env bash
# Throughput of the accessibility plugin, printed (no test asserts it): MB/s of HTML on one
# core over a generated corpus of at least 50 MB of lesson pages, for libxml2's HTML parser
# alone (the limit), HTMLTree.html (libxml2 and the flat tree the rules read) and
# AccessibilityPlugin().checkFile (the tree and every rule), release build, files read into
# memory first. The corpus is written once by Scripts/make-accessibility-corpus.py into
# $ACCESSIBILITY_CORPUS (default .build/accessibility-corpus/throughput) and reused.
# Usage: Scripts/benchmark-accessibility.sh [ROUNDS]   (default 3; the median is printed)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [ROUNDS]" >&2; exit 2; }
corpus="${ACCESSIBILITY_CORPUS:-.build/accessibility-corpus/throughput}"
swift build -c release --product allmenning-accessibility-benchmark >/dev/null
bin="$(swift build -c release --show-bin-path)"
if [ ! -f "$corpus/corpus.jsonl" ]; then
  python3 Scripts/make-accessibility-corpus.py "$corpus" --pages 1 --min-megabytes 50 --seed 2
fi
echo "accessibility plugin throughput ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run):"
"$bin/allmenning-accessibility-benchmark" throughput "$corpus" "$rounds"
