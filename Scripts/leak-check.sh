#!/usr/bin/env bash
# The git layer under AddressSanitizer and LeakSanitizer: AllmenningGit's tests in process, the
# indexer's (libgit2, SQLite and libstemmer together), the review notes' (libgit2 notes and
# Ed25519 signatures, and the catalogue reading them), and the fork, sync, publish, push-hook and
# seed (small resources) tests, which run an instrumented `allmenning` (a leak or a memory error there makes the
# command exit non-zero, which fails its test). Leaks of third-party
# code that are known and fixed upstream are suppressed in Scripts/lsan-suppressions.txt, each
# with its reason. A canary test leaks a libgit2 handle on purpose first, to show the check
# sees such a leak. Valgrind 3.19 (Debian 12) cannot read the DWARF 5 that Swift emits, so
# LeakSanitizer it is. Usage: Scripts/leak-check.sh   (CI runs it; about 4 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=.build-asan
swift build --build-tests -Xswiftc -sanitize=address --scratch-path "$scratch"
bin="$(swift build --scratch-path "$scratch" --show-bin-path)"
tests="$bin/AllmenningPackageTests.xctest"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

export ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0
export LSAN_OPTIONS="suppressions=$PWD/Scripts/lsan-suppressions.txt:print_suppressions=0"
export ALLMENNING_EXECUTABLE="$bin/allmenning"

if ALLMENNING_LEAK_CANARY=1 "$tests" --testing-library swift-testing --filter leakCanary >"$log" 2>&1 \
   || ! grep -q "git_repository_init" "$log"; then
  echo "leak-check: the canary's deliberate leak was not reported; the check cannot be trusted" >&2
  tail -40 "$log" >&2
  exit 1
fi
echo "leak-check: the canary's deliberate leak of a libgit2 handle was reported, as it should be"

if ! "$tests" --testing-library swift-testing \
     --filter "AllmenningGitTests|IndexerTests|AllmenningReviewsTests|ReviewIndexingTests|ForkCommandTests|ForkRefusalTests|SyncCommandTests|PublishCommandTests|PushHookTests|SeedGitLayerTests" >"$log" 2>&1; then
  grep -E "leak of|ERROR: AddressSanitizer|✘" "$log" | head -40 >&2
  echo "leak-check: failed — the full report is above in the tests' output:" >&2
  tail -80 "$log" >&2
  exit 1
fi
grep -E "Test run with" "$log"
echo "leak-check: no leaks and no memory errors in the git layer, the indexer, and the fork, sync, publish, hook and seed commands"
