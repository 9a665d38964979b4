#!/usr/bin/env bash
# Scores the accessibility plugin against the W3C ACT rules' test cases in shared/ with the
# project's scorer (shared/tools/act-score.py) and fails below the marks of issue 5: overall
# accuracy 0.95, and 0.85 on every ACT rule the plugin claims (its rules' public ids, from
# `allmenning plugins list --format json`). Prints the scorer's table.
#   Scripts/act-conformance.sh PATH/TO/shared
set -euo pipefail
shared="${1:?usage: Scripts/act-conformance.sh PATH/TO/shared}"
shared=$(cd "$shared" && pwd)
cd "$(dirname "$0")/.."
swift build --product allmenning >/dev/null
binary=$(pwd)/.build/debug/allmenning
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The cases run with a data folder of their own: no curriculum packs, no cache of the user's.
"$binary" plugins list --format json --data "$work/data" > "$work/plugins.json"
python3 "$shared/tools/act-score.py" "$shared/data/act-rules/cases.jsonl" --rules-json "$shared/data/act-rules/rules.json" \
  --jobs 2 --results "$work/results.jsonl" \
  --cmd "$binary validate --plugin accessibility --format json --data $work/data {dir}" | tee "$work/score.txt"
python3 - "$work/plugins.json" "$work/results.jsonl" <<'PY'
import collections, json, sys
plugins = json.load(open(sys.argv[1]))["plugins"]
claimed = set(next(p for p in plugins if p["name"] == "accessibility").get("publicRules", []))
results = [json.loads(line) for line in open(sys.argv[2]) if line.strip()]
by_rule = collections.defaultdict(lambda: [0, 0])
for result in results:
    by_rule[result["rule"]][1] += 1
    if result["ok"]:
        by_rule[result["rule"]][0] += 1
total_ok = sum(ok for ok, _ in by_rule.values())
total = sum(n for _, n in by_rule.values())
failures = []
if total == 0 or total_ok / total < 0.95:
    failures.append(f"overall accuracy {total_ok}/{total} is below 0.95")
for rule in sorted(claimed):
    ok, n = by_rule.get(rule, [0, 0])
    if n == 0:
        failures.append(f"{rule}: claimed, but there are no cases for it")
    elif ok / n < 0.85:
        failures.append(f"{rule}: accuracy {ok}/{n} is below 0.85")
print(f"act-conformance: {len(claimed)} ACT rules claimed; overall {total_ok}/{total}")
for failure in failures:
    print("act-conformance: " + failure, file=sys.stderr)
sys.exit(1 if failures else 0)
PY
