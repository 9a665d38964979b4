#!/usr/bin/env bash
# Conformance checks against the reference data in shared/ (not part of `swift test`, which
# must pass without it). Usage: Scripts/conformance.sh PATH/TO/shared
set -euo pipefail
shared="${1:?usage: Scripts/conformance.sh PATH/TO/shared}"
cd "$(dirname "$0")/.."
failures=0

# 1. The embedded LK20 pack is exactly what the build script makes from the reference aims.
rebuilt="$(mktemp)"
generated="$(mktemp)"
trap 'rm -f "$rebuilt" "$generated"' EXIT
python3 Scripts/build-lk20-pack.py "$shared/data/curricula/lk20-aims.json" "$rebuilt" >/dev/null
if cmp -s "$rebuilt" Content/curricula/lk20.json; then
  echo "conformance: Content/curricula/lk20.json matches shared/data/curricula/lk20-aims.json"
else
  echo "conformance: Content/curricula/lk20.json differs from what Scripts/build-lk20-pack.py makes" >&2
  failures=$((failures + 1))
fi

# 2. Schemas/spdx-licenses.json and the generated Swift list hold the reference SPDX list.
python3 - "$shared/data/spdx/licenses.json" <<'PY' || failures=$((failures + 1))
import json, sys
reference = {l["licenseId"] for l in json.load(open(sys.argv[1]))["licenses"]}
ours = {l["id"] for l in json.load(open("Schemas/spdx-licenses.json"))["licenses"]}
if reference != ours:
    print(f"conformance: SPDX ids differ: missing {sorted(reference - ours)[:5]}, extra {sorted(ours - reference)[:5]}", file=sys.stderr)
    sys.exit(1)
print(f"conformance: SPDX list matches the reference ({len(ours)} licences)")
PY

# 3. The Grep documents the importer is tested on are Udir's own, unchanged.
for document in "$shared"/data/curricula/grep-format-examples/*; do
  fixture="Tests/AllmenningCoreTests/Fixtures/grep/$(basename "$document")"
  if cmp -s "$document" "$fixture"; then
    echo "conformance: $fixture is identical to Udir's example"
  else
    echo "conformance: $fixture differs from $document" >&2
    failures=$((failures + 1))
  fi
done

# 4. The CC compatibility facts are the reference file, unchanged, and the Swift data is what the
#    generator makes from them.
if cmp -s Schemas/cc-compatibility.json "$shared/data/licenses/cc-compatibility.json"; then
  echo "conformance: Schemas/cc-compatibility.json is identical to shared/data/licenses/cc-compatibility.json"
else
  echo "conformance: Schemas/cc-compatibility.json differs from $shared/data/licenses/cc-compatibility.json" >&2
  failures=$((failures + 1))
fi
swift_data=Sources/AllmenningCore/Licences/CreativeCommonsCompatibility+Data.swift
if python3 Scripts/generate-cc-compatibility.py Schemas/cc-compatibility.json "$generated" && cmp -s "$generated" "$swift_data"; then
  echo "conformance: $swift_data is what Scripts/generate-cc-compatibility.py makes"
else
  echo "conformance: $swift_data differs from what Scripts/generate-cc-compatibility.py makes" >&2
  failures=$((failures + 1))
fi

# 5. The real lessons in the aim suggester's evaluation set are unchanged copies of the sample.
evaluation=Tests/CompetenceAimsTests/Evaluation/real-oer-sample
copies=0
while IFS= read -r -d '' copy; do
  relative="${copy#"$evaluation"/}"
  if cmp -s "$copy" "$shared/data/real-oer-sample/kodeklubben-oppgaver/$relative"; then
    copies=$((copies + 1))
  else
    echo "conformance: $copy differs from shared/data/real-oer-sample/kodeklubben-oppgaver/$relative" >&2
    failures=$((failures + 1))
  fi
done < <(find "$evaluation/src" -type f -print0)
echo "conformance: $copies lessons in $evaluation are identical to shared/data/real-oer-sample"

[ "$failures" -eq 0 ] || { echo "conformance: $failures check(s) failed" >&2; exit 1; }
echo "conformance: all checks passed"
