#!/usr/bin/env bash
# Compares the Licensing plugin's per-file licence detection with the REUSE tool's on every
# fixture in Tests/LicensingTests/Fixtures: for each file, the licence expressions REUSE finds
# (`reuse lint --json`: value and source type — file header, .license sidecar, REUSE.toml,
# dep5) must be exactly those the plugin reports as REUSE's view (`DetectedLicence.reuse`).
# Also checks that every expression REUSE calls invalid is one the plugin refuses.
#
# Prints "REUSE agreement: N of M files" and exits 1 on any disagreement.
# Installs the REUSE tool into a virtual environment under .build/ when it is missing.
#   bash Scripts/reuse-agreement.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
REUSE_VERSION=${REUSE_VERSION:-6.2.0}
VENV=.build/reuse-venv
if ! [ -x "$VENV/bin/reuse" ] || ! "$VENV/bin/reuse" --version 2>/dev/null | grep -q "version $REUSE_VERSION"; then
  echo "Installing reuse $REUSE_VERSION into $VENV"
  mkdir -p .build
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet "reuse==$REUSE_VERSION"
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Our side: a test that writes the detector's output when the variable is set.
ALLMENNING_LICENCE_SCAN_OUTPUT="$WORK/allmenning.json" swift test --filter ReuseAgreementExport >"$WORK/swift-test.log" 2>&1 || {
  cat "$WORK/swift-test.log" >&2; echo "swift test failed" >&2; exit 1; }
[ -f "$WORK/allmenning.json" ] || { echo "the export test wrote nothing" >&2; exit 1; }

# REUSE's side: each fixture copied out of the git checkout, so that REUSE judges the folder alone.
FIXTURES=Tests/LicensingTests/Fixtures
for fixture in "$FIXTURES"/*/; do
  name=$(basename "$fixture")
  mkdir -p "$WORK/copy/$name"
  cp -a "$fixture." "$WORK/copy/$name/"
  # lint exits 1 when the folder is not REUSE compliant, which most fixtures are not on purpose.
  "$VENV/bin/reuse" --root "$WORK/copy/$name" lint --json >"$WORK/reuse-$name.json" 2>"$WORK/reuse-$name.err" || true
  [ -s "$WORK/reuse-$name.json" ] || { cat "$WORK/reuse-$name.err" >&2; echo "reuse lint gave no JSON for $name" >&2; exit 1; }
done

"$VENV/bin/python" - "$WORK" <<'PY'
import json, pathlib, sys
work = pathlib.Path(sys.argv[1])
ours = json.loads((work / "allmenning.json").read_text())["fixtures"]
agree = total = 0
invalid_total = invalid_refused = 0
problems = []
for report in sorted(work.glob("reuse-*.json")):
    name = report.stem[len("reuse-"):]
    reuse_files = {f["path"]: f for f in json.loads(report.read_text())["files"]}
    our_files = ours.get(name, {})
    for path in sorted(set(reuse_files) | set(our_files)):
        total += 1
        theirs = {(e["value"], e["source_type"]) for e in reuse_files.get(path, {}).get("spdx_expressions", [])}
        mine = {(e["value"], e["source_type"]) for e in our_files.get(path, {}).get("spdx_expressions", [])}
        if path not in reuse_files or path not in our_files:
            problems.append(f"{name}/{path}: listed by {'Allmenning' if path in our_files else 'REUSE'} only")
        elif theirs != mine:
            problems.append(f"{name}/{path}: REUSE {sorted(theirs)} but Allmenning {sorted(mine)}")
        else:
            agree += 1
        accepted = {e["value"]: e["accepted"] for e in our_files.get(path, {}).get("spdx_expressions", [])}
        for expression in reuse_files.get(path, {}).get("spdx_expressions", []):
            if not expression["is_valid"]:
                invalid_total += 1
                if accepted.get(expression["value"]) is False:
                    invalid_refused += 1
                else:
                    problems.append(f"{name}/{path}: REUSE calls {expression['value']!r} invalid but Allmenning accepts it")
for problem in problems:
    print("  disagreement:", problem)
print(f"Invalid per REUSE and refused by Allmenning: {invalid_refused} of {invalid_total} expressions")
print(f"REUSE agreement: {agree} of {total} files")
sys.exit(1 if problems else 0)
PY
