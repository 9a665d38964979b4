#!/usr/bin/env bash
# Side by side with axe-core in a real browser (issue 5's acceptance): runs axe-core in headless
# Chromium and `allmenning validate --plugin accessibility` on the same pages — the ACT rules'
# development cases, Content/'s HTML and Markdown pages, and a generated corpus of 1,000 lesson
# pages — and prints agreement per ACT rule and the time per page of each (see the docstring of
# Scripts/axe-comparison.py for what is counted and how Markdown is compared).
#   Scripts/axe-comparison.sh [PATH/TO/shared] [--limit N] [--sets act,content,corpus]
# Installs what is missing: Debian's chromium and chromium-driver (apt, with sudo when not root)
# and axe-selenium-python, which bundles axe-core, into a virtual environment under .build/.
# Not run by .ci/run: it needs a browser and takes minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared
if [[ $# -gt 0 && "$1" != --* ]]; then shared="$1"; shift; fi
[[ -f "$shared/data/act-rules/cases.jsonl" ]] || shared=/work/shared
[[ -f "$shared/data/act-rules/cases.jsonl" ]] || { echo "axe-comparison: no shared/data/act-rules/cases.jsonl; pass PATH/TO/shared" >&2; exit 2; }
shared=$(cd "$shared" && pwd)
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)

missing=""
for package in chromium chromium-driver python3-venv; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="$missing $package"
done
if [ -n "$missing" ]; then
  echo "Installing Debian packages:$missing" >&2
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >&2
fi

# axe-selenium-python 3.0.0 bundles axe-core 4.10, whose rules carry their ACT ids (2.x bundles
# axe-core 3.1, which has none). 3.0.0 declares Python 3.12 or later, but its one module runs on
# the 3.11 of Debian 12 as well, so there the declaration is overridden.
venv=.build/axe-venv
python="$venv/bin/python"
if ! "$python" -c "import axe_selenium_python, selenium" 2>/dev/null; then
  [ -x "$python" ] || python3 -m venv "$venv"
  ignore=$("$python" -c 'import sys; print("" if sys.version_info >= (3, 12) else "--ignore-requires-python")')
  "$venv/bin/pip" install --quiet $ignore "axe-selenium-python==3.0.0" >&2
fi

swift build -c release --product allmenning >/dev/null
swift build -c release --product allmenning-accessibility-benchmark >/dev/null
bin="$(swift build -c release --show-bin-path)"

corpus=.build/accessibility-corpus/comparison
if [ ! -f "$corpus/corpus.jsonl" ]; then
  python3 Scripts/make-accessibility-corpus.py "$corpus" --pages 1000 --seed 1
fi

exec "$python" Scripts/axe-comparison.py --allmenning "$bin/allmenning" --benchmark "$bin/allmenning-accessibility-benchmark" \
  --cases "$shared/data/act-rules/cases.jsonl" --rules-json "$shared/data/act-rules/rules.json" \
  --content Content --corpus "$corpus" --work .build/axe-comparison "$@"
