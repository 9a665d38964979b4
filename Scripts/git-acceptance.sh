#!/usr/bin/env bash
# The real git client through `allmenning serve`, as a teacher uses it (not part of `swift test`):
#  1. clone a resource over HTTP, change its title, push with an access token; the new title
#     must be on the resource page within a second of git push returning (measured, printed);
#  2. push a version with a blocking finding (a licence that does not exist): git must fail and
#     show the hook's reasons with file and line, and the page must keep the published version;
#  3. push without a token and with a wrong one: refused, nothing changes;
#  4. push with the token of a teacher who does not own the repository: refused with the reason.
# The server is Content/ seeded as make run seeds it (Scripts/content-server.sh).
# Usage: Scripts/git-acceptance.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/content-server.sh
base="http://127.0.0.1:$port"
failures=0
fail() { echo "git-acceptance: $*" >&2; failures=$((failures + 1)); }
export GIT_TERMINAL_PROMPT=0 GIT_CONFIG_NOSYSTEM=1 HOME="$work/home"
mkdir -p "$HOME"
git config --global user.name "Kari Nordmann"
git config --global user.email "kari.nordmann@skole.invalid"

resource=brok-med-pizza
id="$(sed -n 's/^id: *//p' "Content/$resource/resource.yaml" | tr -d '"')"
# Accounts: an administrator, the teacher Kari who owns the repository (seeded ones belong to
# no user), and a colleague who does not.
allmenning() { .build/debug/allmenning "$@" --data "$work/data"; }
allmenning organisations add nygard-skole --kind school --name "Nygård skole" >/dev/null
allmenning users add ada --role administrator --organisation nygard-skole >/dev/null
allmenning users add kari --role teacher --organisation nygard-skole --name "Kari Nordmann" --as ada >/dev/null
allmenning users add per --role teacher --organisation nygard-skole --name "Per Hansen" --as ada >/dev/null
allmenning repositories owner "$resource" kari --as ada >/dev/null
token="$(allmenning tokens add laptop --user kari --as ada 2>/dev/null)"
colleague_token="$(allmenning tokens add laptop --user per --as ada 2>/dev/null)"

# 1. Clone, change, push; then the page.
git clone -q "$base/git/$resource.git" "$work/klone"
new_title="Brøk med pizza og brus $(date +%s)"
sed -i "0,/^  nb: Brøk med pizza\$/s//  nb: $new_title/" "$work/klone/resource.yaml"
git -C "$work/klone" diff --quiet && fail "the title line was not found in resource.yaml"
git -C "$work/klone" commit -q -am "Ny tittel: brus til pizzaen"
pushed_url="http://kari:$token@127.0.0.1:$port/git/$resource.git"
git -C "$work/klone" push "$pushed_url" main >"$work/push.log" 2>&1 || { cat "$work/push.log" >&2; fail "the push was refused"; }
elapsed="$(python3 - "$base/resources/$id" "$new_title" <<'PY'
import sys, time, urllib.request
url, title = sys.argv[1], sys.argv[2]
start = time.monotonic()
while time.monotonic() - start < 5:
    with urllib.request.urlopen(url) as page:
        if title in page.read().decode():
            print(f"{(time.monotonic() - start) * 1000:.0f}")
            sys.exit(0)
    time.sleep(0.01)
print("none")
PY
)"
grep "remote:" "$work/push.log" | sed 's/^/  /'
if [ "$elapsed" = none ]; then
  fail "the new title is not on $base/resources/$id 5 s after the push"
elif [ "$elapsed" -gt 1000 ]; then
  fail "the new title took $elapsed ms to reach the resource page (more than a second)"
else
  echo "git-acceptance: clone, change, push: the new title was on the resource page $elapsed ms after git push returned"
fi
published="$(git -C "$work/klone" rev-parse HEAD)"

# 2. A blocking finding is refused with reasons.
sed -i 's/^licence: .*/licence: CC-BY-SA-9.9/' "$work/klone/resource.yaml"
git -C "$work/klone" commit -q -am "Lisens som ikke finnes"
if git -C "$work/klone" push "$pushed_url" main >"$work/refused.log" 2>&1; then
  fail "a push with a licence that does not exist was accepted"
fi
licence_line="$(grep -n '^licence:' "$work/klone/resource.yaml" | cut -d: -f1)"
grep "remote:" "$work/refused.log" | sed 's/^/  /'
grep -q "resource.yaml:$licence_line \[manifest.invalid-licence\]" "$work/refused.log" || fail "git did not show the finding with file and line"
grep -q "pre-receive hook declined" "$work/refused.log" || fail "git did not say the hook declined the push"
current="$(curl -s "$base/api/resources/$id/findings" | python3 -c 'import json, sys; print(json.load(sys.stdin)["commit"])')"
[ "$current" = "$published" ] || fail "the catalogue no longer shows the last good version ($current, not $published)"
echo "git-acceptance: a push with a blocking finding was refused with the finding at resource.yaml:$licence_line; the catalogue kept $published"

# 3. Without a token, and with a wrong one.
git -C "$work/klone" reset -q --hard "$published"
echo "Ekstra linje." >>"$work/klone/ekstra.md"
git -C "$work/klone" add -A && git -C "$work/klone" commit -q -m "Uten nøkkel"
status="$(curl -s -o /dev/null -w '%{http_code}' "$base/git/$resource.git/info/refs?service=git-receive-pack")"
[ "$status" = 401 ] || fail "receive-pack without a token answered $status, not 401"
git -C "$work/klone" push "$base/git/$resource.git" main >/dev/null 2>&1 && fail "a push without a token was accepted"
git -C "$work/klone" push "http://kari:wrong-token@127.0.0.1:$port/git/$resource.git" main >/dev/null 2>&1 && fail "a push with a wrong token was accepted"
current="$(curl -s "$base/api/resources/$id/findings" | python3 -c 'import json, sys; print(json.load(sys.stdin)["commit"])')"
[ "$current" = "$published" ] || fail "a refused push changed the catalogue"
echo "git-acceptance: pushes without a token (401) and with a wrong one were refused; nothing changed"

# 4. A colleague's token: the policy refuses, and git shows why.
if git -C "$work/klone" push "http://per:$colleague_token@127.0.0.1:$port/git/$resource.git" main >"$work/colleague.log" 2>&1; then
  fail "a push by a teacher who does not own the repository was accepted"
fi
grep -q "403" "$work/colleague.log" || fail "the colleague's push was not refused with 403"
sed "s/^/  /" "$work/colleague.log"
grep -q "remote: .*kari" "$work/colleague.log" || fail "git did not show the refusal's reason"
reason="$(curl -s -H 'Accept-Language: en' -u "per:$colleague_token" "$base/git/$resource.git/info/refs?service=git-receive-pack")"
case "$reason" in *'belongs to "kari"'*) ;; *) fail "the refusal does not say whose the repository is: $reason" ;; esac
current="$(curl -s "$base/api/resources/$id/findings" | python3 -c 'import json, sys; print(json.load(sys.stdin)["commit"])')"
[ "$current" = "$published" ] || fail "a push the policy refused changed the catalogue"
echo "git-acceptance: a colleague's push was refused (403: $reason)"

[ "$failures" -eq 0 ] || { echo "git-acceptance: $failures check(s) failed" >&2; exit 1; }
echo "git-acceptance: all checks passed"
