#!/usr/bin/env bash
# A browser test: headless Chromium (Debian's chromium) opens the search page, searches,
# opens a resource page, logs in, makes an access token on the account page, logs out, and saves a screenshot of each step in SCREENSHOTS (default
# .build/screenshots); Scripts/browser_check.py asserts on what each page shows.
# Usage: Scripts/browser-test.sh [SCREENSHOTS]
set -euo pipefail
cd "$(dirname "$0")/.."
screenshots="${1:-.build/screenshots}"

command -v chromium >/dev/null || { echo "browser test: chromium is not installed (apt-get install chromium)" >&2; exit 2; }
venv=.build/conformance-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import websocket" 2>/dev/null || "$venv/bin/pip" install --quiet "websocket-client>=1.6,<2"

source Scripts/content-server.sh
# A teacher who logs in on the login page, made as an installation makes its first accounts.
allmenning=.build/debug/allmenning
"$allmenning" organisations add nygard-skole --kind school --name "Nygård skole" --data "$work/data" >/dev/null
"$allmenning" users add kari --role teacher --organisation nygard-skole --name "Kari Nordmann" --data "$work/data" >/dev/null
password="riktig-hest-batteri-$RANDOM"
printf '%s\n' "$password" | "$allmenning" users passwd kari --as kari --data "$work/data" >/dev/null
BROWSER_TEST_USER=kari BROWSER_TEST_PASSWORD="$password" "$venv/bin/python" Scripts/browser_check.py "http://127.0.0.1:$port" "$screenshots"
echo "screenshots: $screenshots"
