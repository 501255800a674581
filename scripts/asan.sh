#!/usr/bin/env bash
# The whole suite under AddressSanitizer, UBSan and LeakSanitizer: builds the asan preset and
# runs ctest on it with every finding failing its test (UBSan halts, LSan reports at exit; leaks
# inside system libraries that are not ours are listed, with why, in lsan.supp).
# Not yet part of scripts/test.sh: a cold asan build takes 25-45 min on two cores.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/setup.sh" >/dev/null
source "$root/scripts/postgis.sh"
postgis_start || echo "asan: PostGIS unavailable, its cross-checks will be skipped" >&2
trap postgis_stop EXIT
cd "$root"
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export LSAN_OPTIONS=suppressions=$root/scripts/lsan.supp
QT_QPA_PLATFORM=offscreen ctest --test-dir build/asan --output-on-failure -j 2
