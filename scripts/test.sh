#!/usr/bin/env bash
# The README's second command: set up, build with warnings as errors, and run every test; then
# build the asan preset and run the whole suite again under AddressSanitizer, UBSan and
# LeakSanitizer (TUDI_SKIP_ASAN=1 skips that second pass, for a quick local run).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TUDI_PRESET=ci "$root/scripts/setup.sh"
# The PostGIS cross-checks need a running server: start a throwaway one (skipped if impossible).
source "$root/scripts/postgis.sh"
postgis_start || echo "test: PostGIS unavailable, its cross-checks will be skipped" >&2
trap postgis_stop EXIT
# One test more than there are cores: the browser test, the server's and PostGIS's spend seconds
# waiting (on Chromium, on job queues, on the database), and the extra one fills that time.
jobs=$(( $(nproc) + 1 ))
cd "$root/build/ci"
QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j "$jobs"

[ "${TUDI_SKIP_ASAN:-0}" = 1 ] && { echo "test: asan pass skipped (TUDI_SKIP_ASAN=1)" >&2; exit 0; }
cd "$root"
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$(nproc)"
# Any finding fails its test: UBSan halts, LSan reports at exit (system-library leaks that are
# not ours are listed, with why, in lsan.supp).
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export LSAN_OPTIONS=suppressions=$root/scripts/lsan.supp
QT_QPA_PLATFORM=offscreen ctest --test-dir build/asan --output-on-failure -j "$jobs"
