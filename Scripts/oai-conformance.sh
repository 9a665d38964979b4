#!/usr/bin/env bash
# OAI-PMH conformance (not part of `swift test`, which must pass without shared/):
#  1. indexes Content/'s resources (each a git repository of its own; one removed again, so the
#     catalogue has a deleted record) into a temporary data folder;
#  2. asks `allmenning oai` every verb, both formats, whole harvests page by page, date ranges,
#     a set and each protocol error, and validates every answer with xmllint: against
#     oai-pmh-bundle.xsd when it carries oai_dc, LOM or oai-identifier XML, else OAI-PMH.xsd;
#     every LOM record on its own against lom/lomStrict.xsd; checks each error's code and that
#     a whole harvest has as many records as the catalogue;
#  3. harvests a running `allmenning serve` with the Sickle client (PyPI, in a virtual
#     environment under .build/), by GET and by POST, and compares the counts with its
#     catalogue: the server given by --url and --data (the data folder it serves), or else one
#     this script starts over the catalogue of step 1.
# Usage: Scripts/oai-conformance.sh SHARED_DIR [--url http://127.0.0.1:8080/oai --data DIR]
set -euo pipefail
usage="usage: Scripts/oai-conformance.sh SHARED_DIR [--url http://127.0.0.1:8080/oai --data DIR]"
shared="${1:?$usage}"
shift
url=""
served_data=""
while [ $# -gt 0 ]; do
  case "$1" in
    --url) url="${2:?$usage}"; shift 2 ;;
    --data) served_data="${2:?$usage}"; shift 2 ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
if [ -n "$url" ] && [ -z "$served_data" ]; then
  echo "oai-conformance: --url needs --data, the data folder the server serves (to count its records)" >&2
  exit 2
fi
shared="$(cd "$shared" && pwd)"
served_data="${served_data:+$(cd "$served_data" && pwd)}"
cd "$(dirname "$0")/.."
xsd="$shared/data/xsd"
if ! command -v xmllint >/dev/null 2>&1; then
  echo "oai-conformance: xmllint is missing (Debian: apt-get install libxml2-utils, or make deps)" >&2
  exit 2
fi

swift build --product allmenning >/dev/null
allmenning="$(swift build --show-bin-path)/allmenning"
work="$(mktemp -d)"
server_pid=""
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/repositories" "$work/responses" "$work/lom"
data="$work/data"
failures=0
fail() {
  echo "oai-conformance: $*" >&2
  failures=$((failures + 1))
}

# 1. The catalogue.
for folder in Content/*/; do
  [ -f "$folder/resource.yaml" ] || continue
  repository="$work/repositories/$(basename "$folder")"
  cp -R "$folder" "$repository"
  git -C "$repository" init -q -b main
  git -C "$repository" add -A
  git -C "$repository" -c user.name="Allmenning conformance" -c user.email="conformance@allmenning.invalid" commit -q -m "Første versjon"
done
"$allmenning" index "$work/repositories" --data "$data" --curricula Content/curricula --format json >"$work/index.jsonl"
removed="$(ls "$work/repositories" | tail -n 1)"
rm -rf "${work:?}/repositories/$removed"
"$allmenning" index "$work/repositories" --data "$data" --curricula Content/curricula --format json >>"$work/index.jsonl"
read -r live deleted < <("$allmenning" stats --data "$data" --format json | python3 -c 'import json, sys; s = json.load(sys.stdin); print(s["resources"], s["deleted"])')
echo "oai-conformance: catalogue of Content/ with $live live resources and $deleted deleted ($removed removed)"
[ "$deleted" -ge 1 ] || fail "the catalogue has no deleted record to check"

# What the answers say, read with Python's XML parser (no external entities are fetched).
query() {
  python3 - "$@" <<'PY'
import sys, xml.etree.ElementTree as ET
OAI = "{http://www.openarchives.org/OAI/2.0/}"
LOM = "http://ltsc.ieee.org/xsd/LOM"
what, path = sys.argv[1], sys.argv[2]
root = ET.parse(path).getroot()
if what == "token":
    token = root.find(f".//{OAI}resumptionToken")
    print(token.text or "" if token is not None else "")
elif what == "identifiers":
    for identifier in root.iter(f"{OAI}identifier"):
        if identifier.text: print(identifier.text)
elif what == "errors":
    print(" ".join(sorted(error.get("code") for error in root.iter(f"{OAI}error"))))
elif what == "lom-records":
    ET.register_namespace("", LOM)
    ET.register_namespace("xsi", "http://www.w3.org/2001/XMLSchema-instance")
    count = 0
    for number, record in enumerate(root.iter(f"{{{LOM}}}lom")):
        with open(f"{sys.argv[3]}-{number}.xml", "wb") as out:
            out.write(ET.tostring(record, encoding="utf-8", xml_declaration=True))
        count += 1
    print(count)
elif what == "metadata":
    print(sum(1 for _ in root.iter(f"{OAI}metadata")))
PY
}

base_url="http://127.0.0.1:8080/oai"
# ask NAME QUERY [more options for allmenning oai]: the answer goes to responses/NAME.xml.
ask() {
  local name="$1" request="$2"
  shift 2
  "$allmenning" oai --data "$data" --curricula Content/curricula --lang en --base-url "$base_url" \
    --admin-email drift@allmenning.invalid "$@" "$request" >"$work/responses/$name.xml"
}

# expect_error NAME CODES QUERY: the answer has exactly these error codes (sorted, space-separated).
expect_error() {
  ask "$1" "$3"
  local codes
  codes="$(query errors "$work/responses/$1.xml")"
  [ "$codes" = "$2" ] || fail "$1 ($3) answered [$codes], expected [$2]"
}

# harvest NAME VERB PREFIX [ARGUMENTS]: a whole list, page after page; `harvested` is the
# number of distinct identifiers it had.
harvested=0
harvest() {
  local name="$1" verb="$2" prefix="$3" arguments="${4:-}" page=1 token
  ask "$name-$page" "verb=$verb&metadataPrefix=$prefix$arguments" --page-size 5
  while true; do
    query identifiers "$work/responses/$name-$page.xml" | grep -v '^$' >>"$work/$name.identifiers" || true
    token="$(query token "$work/responses/$name-$page.xml")"
    [ -n "$token" ] || break
    page=$((page + 1))
    [ "$page" -le 100 ] || { fail "$name: more than 100 pages"; break; }
    ask "$name-$page" "verb=$verb&resumptionToken=$token" --page-size 5
  done
  harvested="$(sort -u "$work/$name.identifiers" | wc -l)"
}

# 2. Answers.
ask identify "verb=Identify"
ask identify-domain "verb=Identify" --base-url https://katalog.allmenning.invalid/oai
ask list-metadata-formats "verb=ListMetadataFormats"
ask list-sets "verb=ListSets"
total=$((live + deleted))
for prefix in oai_dc lom; do
  harvest "list-identifiers-$prefix" ListIdentifiers "$prefix"
  [ "$harvested" -eq "$total" ] || fail "ListIdentifiers $prefix harvested $harvested records, the catalogue has $total"
  harvest "list-records-$prefix" ListRecords "$prefix"
  [ "$harvested" -eq "$total" ] || fail "ListRecords $prefix harvested $harvested records, the catalogue has $total"
  with_metadata=0
  for page in "$work/responses/list-records-$prefix"-*.xml; do
    with_metadata=$((with_metadata + $(query metadata "$page")))
  done
  [ "$with_metadata" -eq "$live" ] || fail "ListRecords $prefix has metadata for $with_metadata records, the catalogue has $live live"
  echo "oai-conformance: ListIdentifiers and ListRecords ($prefix, 5 a page) harvested $harvested records, $with_metadata with metadata"
done
harvest list-records-set ListRecords lom "&set=MAT01-06"
[ "$harvested" -ge 1 ] || fail "the set MAT01-06 has no record"
today="$(date -u +%Y-%m-%d)"
harvest list-records-days ListRecords oai_dc "&from=2000-01-01&until=$today"
[ "$harvested" -eq "$total" ] || fail "from 2000-01-01 until today (days) harvested $harvested records, the catalogue has $total"
harvest list-identifiers-seconds ListIdentifiers lom "&from=2000-01-01T00:00:00Z&until=${today}T23:59:59Z"
[ "$harvested" -eq "$total" ] || fail "from 2000-01-01 until today (seconds) harvested $harvested records, the catalogue has $total"
for identifier in $(sort -u "$work/list-identifiers-oai_dc.identifiers"); do
  id="${identifier##*:}"
  for prefix in oai_dc lom; do ask "get-record-$prefix-$id" "verb=GetRecord&identifier=$identifier&metadataPrefix=$prefix"; done
done
first="$(head -n 1 "$work/list-identifiers-oai_dc.identifiers")"
ask list-metadata-formats-item "verb=ListMetadataFormats&identifier=$first"

expect_error no-verb badVerb "metadataPrefix=lom"
expect_error unknown-verb badVerb "verb=ListEverything"
expect_error repeated-verb badVerb "verb=Identify&verb=Identify"
expect_error missing-prefix badArgument "verb=ListRecords"
expect_error repeated-argument badArgument "verb=ListRecords&metadataPrefix=lom&metadataPrefix=lom"
expect_error unknown-argument badArgument "verb=ListIdentifiers&metadataPrefix=lom&colour=red"
expect_error identify-argument badArgument "verb=Identify&set=MAT01-06"
expect_error bad-date badArgument "verb=ListRecords&metadataPrefix=lom&from=2024-02-30"
expect_error mixed-granularity badArgument "verb=ListRecords&metadataPrefix=lom&from=2024-01-01&until=2024-12-31T00:00:00Z"
expect_error from-after-until badArgument "verb=ListRecords&metadataPrefix=lom&from=2024-12-31&until=2024-01-01"
expect_error token-and-prefix badArgument "verb=ListRecords&metadataPrefix=lom&resumptionToken=x"
expect_error unknown-format cannotDisseminateFormat "verb=ListRecords&metadataPrefix=marc21"
expect_error unknown-id idDoesNotExist "verb=GetRecord&identifier=oai:127.0.0.1:01M82EZD6DXN085RY0X6RECPQQ&metadataPrefix=oai_dc"
expect_error unknown-id-and-format "cannotDisseminateFormat idDoesNotExist" "verb=GetRecord&identifier=oai:127.0.0.1:NONE&metadataPrefix=mods"
expect_error unknown-id-formats idDoesNotExist "verb=ListMetadataFormats&identifier=oai:127.0.0.1:NONE"
expect_error no-records noRecordsMatch "verb=ListRecords&metadataPrefix=oai_dc&from=2999-01-01"
expect_error unknown-set noRecordsMatch "verb=ListIdentifiers&metadataPrefix=oai_dc&set=XYZ01-01"
expect_error garbled-token badResumptionToken "verb=ListRecords&resumptionToken=garbled"
expect_error sets-token badResumptionToken "verb=ListSets&resumptionToken=garbled"

# Every answer against its schema; every LOM record against lomStrict.xsd.
bundle=()
plain=()
records=0
for response in "$work"/responses/*.xml; do
  if grep -q -e 'http://www.openarchives.org/OAI/2.0/oai_dc/' -e 'http://ltsc.ieee.org/xsd/LOM' \
      -e 'http://www.openarchives.org/OAI/2.0/oai-identifier' "$response"; then
    bundle+=("$response")
  else
    plain+=("$response")
  fi
  if grep -q 'http://ltsc.ieee.org/xsd/LOM' "$response"; then
    records=$((records + $(query lom-records "$response" "$work/lom/$(basename "$response" .xml)")))
  fi
done
validate() {
  local schema="$1"
  shift
  if xmllint --noout --nonet --schema "$schema" "$@" 2>"$work/xmllint.log"; then
    echo "oai-conformance: $# documents valid against ${schema#"$xsd"/}"
  else
    grep -v ' validates$' "$work/xmllint.log" | head -n 20 >&2
    fail "$(grep -c -v ' validates$' "$work/xmllint.log") problems against ${schema#"$xsd"/}"
  fi
}
validate "$xsd/oai-pmh-bundle.xsd" "${bundle[@]}"
validate "$xsd/OAI-PMH.xsd" "${plain[@]}"
validate "$xsd/lom/lomStrict.xsd" "$work"/lom/*.xml
echo "oai-conformance: $(ls "$work/responses" | wc -l) answers from allmenning oai, $records LOM records in them"

# 3. A real harvester against a running server.
if [ -z "$url" ]; then
  printf 'catalogue:\n  name: Allmenning (OAI-PMH conformance)\n  adminEmail: [drift@allmenning.invalid]\n' >"$data/config.yaml"
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  "$allmenning" serve --data "$data" --curricula Content/curricula --port "$port" >"$work/serve.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$port/api" && break; sleep 0.2; done
  url="http://127.0.0.1:$port/oai"
  served_data="$data"
fi
{
  venv=.build/oai-venv
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/python" -c "import sickle" 2>/dev/null || "$venv/bin/pip" install --quiet "sickle==0.7.0"
  read -r served_live served_deleted < <("$allmenning" stats --data "$served_data" --format json \
    | python3 -c 'import json, sys; s = json.load(sys.stdin); print(s["resources"], s["deleted"])')
  "$venv/bin/python" - "$url" "$served_live" "$served_deleted" <<'PY' || failures=$((failures + 1))
import sys
from sickle import Sickle
url, live, deleted = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
problems = 0
identify = Sickle(url).Identify()
print(f"oai-conformance: Sickle: {identify.repositoryName} at {identify.baseURL}, earliest {identify.earliestDatestamp}")
for method, prefix in (("GET", "oai_dc"), ("POST", "lom")):
    client = Sickle(url, http_method=method, max_retries=2)
    records = list(client.ListRecords(metadataPrefix=prefix, ignore_deleted=False))
    identifiers = {record.header.identifier for record in records}
    gone = sum(1 for record in records if record.deleted)
    headers = list(client.ListIdentifiers(metadataPrefix=prefix, ignore_deleted=False))
    print(f"oai-conformance: Sickle {method} {prefix}: {len(records)} records ({gone} deleted), {len(headers)} headers; the catalogue has {live} + {deleted} deleted")
    if len(identifiers) != len(records) or len(records) != live + deleted or gone != deleted or len(headers) != live + deleted:
        print(f"oai-conformance: Sickle {method} {prefix}: the counts differ from the catalogue's", file=sys.stderr)
        problems += 1
sets = list(Sickle(url).ListSets())
print(f"oai-conformance: Sickle: {len(sets)} sets")
sys.exit(1 if problems else 0)
PY
}

[ "$failures" -eq 0 ] || { echo "oai-conformance: $failures check(s) failed" >&2; exit 1; }
echo "oai-conformance: all checks passed"
