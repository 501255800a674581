#!/bin/bash
# The synthetic county on disk, written once per ctest run (ctest: synth.county_fixture,
# FIXTURES_SETUP synth_county) by the command line users regenerate gis-data/demo with, for the
# tests that read its files (tests/synth/files_test.cpp, TUDI_SYNTH_COUNTY).
# Usage: county_fixture.sh OUT_DIR TUDI
set -euo pipefail
out=$1 tudi=$2
rm -rf "$out"
mkdir -p "$(dirname "$out")"
"$tudi" -q synth "$out" --seed 2026
