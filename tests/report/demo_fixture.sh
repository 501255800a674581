#!/bin/bash
# The demo report, made once per ctest run (ctest: report.demo_fixture, FIXTURES_SETUP
# demo_report) for the report tests (tests/report/fixture.hpp): UTF-8 and GBK Shapefiles, each
# with the --json outcome on stdout.  Usage: demo_fixture.sh OUT_DIR TUDI DEMO_DIR
set -euo pipefail
out=$1 tudi=$2 demo=$3
rm -rf "$out"
mkdir -p "$out"
for enc in UTF-8 GBK; do
  name=$([ "$enc" = UTF-8 ] && echo utf8 || echo gbk)
  "$tudi" -q report -c "$demo/tudi.toml" --projects "$demo/projects.csv" \
    --scenario "$demo/scenario.toml" --encoding "$enc" -o "$out/$name" --json > "$out/$name.json"
done
