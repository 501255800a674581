#!/usr/bin/env bash
# The README's second command: set up, build with warnings as errors, and run every test.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TUDI_PRESET=ci "$root/scripts/setup.sh"
# The PostGIS cross-checks need a running server: start a throwaway one (skipped if impossible).
source "$root/scripts/postgis.sh"
postgis_start || echo "test: PostGIS unavailable, its cross-checks will be skipped" >&2
trap postgis_stop EXIT
cd "$root/build/ci"
QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j 2
