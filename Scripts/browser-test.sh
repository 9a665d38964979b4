#!/usr/bin/env bash
# A browser test: headless Chromium (Debian's chromium) opens the search page, searches,
# opens a resource page, and saves a screenshot of each step in SCREENSHOTS (default
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
"$venv/bin/python" Scripts/browser_check.py "http://127.0.0.1:$port" "$screenshots"
echo "screenshots: $screenshots"
