#!/usr/bin/env bash
# The README's first command: set up, build, and run the main job on the bundled demo county.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/setup.sh"
tudi="$root/build/release/apps/tudi/tudi"
demo="$root/gis-data/demo"
out=${TUDI_OUT:-$root/out/demo}
mkdir -p "$out"

echo "== tudi info: every layer of the demo project"
"$tudi" info -c "$demo/tudi.toml"
echo "== tudi convert: the surveyor's 界址点 TXT to GeoPackage and back"
"$tudi" convert "$demo/proposals_txt" "$out/proposals_from_txt.gpkg" --overwrite
"$tudi" convert "$demo/proposals.shp" "$out/proposals.txt" --encoding GBK --overwrite
# check exits 3 when a proposal is blocked: that is a finding, not a failure.
echo "== tudi check: the proposals against the red line, farmland and the urban boundary"
"$tudi" check -c "$demo/tudi.toml" -o "$out/check" --overwrite || [ $? -eq 3 ]
"$tudi" check -c "$demo/tudi.toml" --proposals "$demo/proposals_txt" -o "$out/check_txt" \
  --format shp --encoding GBK --overwrite || [ $? -eq 3 ]
echo "== tudi supply: ready land, idle land, 批而未供 and 低效用地"
"$tudi" supply -c "$demo/tudi.toml" -o "$out/supply" --overwrite
echo "== tudi match: the demo projects onto standard-land parcels"
"$tudi" match -c "$demo/tudi.toml" --projects "$demo/projects.csv" -o "$out/match" --overwrite
echo "== tudi zones: evaluation, the demo scenario and expansion candidates within 500 m"
"$tudi" zones -c "$demo/tudi.toml" --scenario "$demo/scenario.toml" --candidates 500 \
  -o "$out/zones" --overwrite
# ledger exits 3 when a project's light is red: a finding too.
echo "== tudi ledger: the major-project ledger's 红灯/黄灯 against the nodes, the land and 承诺制"
"$tudi" ledger -c "$demo/tudi.toml" -o "$out/ledger" --overwrite || [ $? -eq 3 ]
echo "== tudi report: every analysis in one report (PDF, workbook, styled GeoPackage and Shapefiles)"
"$tudi" report -c "$demo/tudi.toml" --projects "$demo/projects.csv" \
  --scenario "$demo/scenario.toml" -o "$out/report" --encoding GBK --overwrite
echo "demo outputs in $out; the report is $out/report/report.pdf"
