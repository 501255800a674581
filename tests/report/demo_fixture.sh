#!/bin/bash
# The demo report, made once per ctest run (ctest: report.demo_fixture, FIXTURES_SETUP
# demo_report) for the report tests (tests/report/fixture.hpp): UTF-8 and GBK Shapefiles, each
# with the --json outcome on stdout. The GBK run names no --encoding: what it writes is the
# CLI's default, which the report tests check is GBK.  Usage: demo_fixture.sh OUT_DIR TUDI DEMO_DIR
set -euo pipefail
out=$1 tudi=$2 demo=$3
rm -rf "$out"
mkdir -p "$out"
for name in utf8 gbk; do
  encoding=$([ "$name" = utf8 ] && echo "--encoding UTF-8" || true)
  # shellcheck disable=SC2086 # $encoding is one option and its value, or nothing
  "$tudi" -q report -c "$demo/tudi.toml" --projects "$demo/projects.csv" \
    --scenario "$demo/scenario.toml" $encoding -o "$out/$name" --json > "$out/$name.json"
done
