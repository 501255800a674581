#!/bin/bash
# `cmake --install` into a fresh prefix, then, from another folder with TUDI_DATA_DIR unset:
# the installed tudi runs the demo's check (its rules from <prefix>/share/tudi), and a program
# outside the tree links the installed library with find_package(tudi) and reads the same
# layers. usage: install_test.sh BUILD_DIR SOURCE_DIR [CXX_FLAGS]
# CXX_FLAGS are the build's own: a sanitized libtudi links only into a sanitized program.
set -euo pipefail
build=$1 source=$2 cxx_flags=${3:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/tudi-install-test.XXXXXX")
work=$(cd "$work" && pwd -P)
trap 'rm -rf "$work"' EXIT
unset TUDI_DATA_DIR
cmake --install "$build" --prefix "$work/prefix" > "$work/install.log"
cp -r "$source/gis-data/demo" "$work/demo"
cd "$work"
tudi="$work/prefix/bin/tudi"
"$tudi" --version
# The source path compiled in would make a moved tudi depend on the tree it was built in.
if grep -q -F "$source/rules" "$tudi"; then echo "FAIL: $tudi holds $source/rules"; exit 1; fi
status=0
"$tudi" check -c demo/tudi.toml -o out/check > check.out || status=$?
[ "$status" -eq 3 ] || { echo "FAIL: installed tudi check exit $status (3 expected)"; cat check.out; exit 1; }
[ -s out/check/check.json ] || { echo "FAIL: no check.json"; exit 1; }
grep -q -F "\"$work/prefix/share/tudi/rules/check.toml\"" out/check/check.json ||
  { echo "FAIL: check.json names no rule pack under share/tudi"; exit 1; }
cmake -S "$source/tests/package/consumer" -B consumer -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS="$cxx_flags" > consumer.log
cmake --build consumer >> consumer.log
TUDI_DATA_DIR="$work/prefix/share/tudi" consumer/consumer demo/tudi.toml > consumer.out
cat consumer.out
grep -q "^tudi .*, rule pack check.toml$" consumer.out || { echo "FAIL: consumer's version line"; exit 1; }
for role in farmland parcels; do
  want=$("$tudi" info -c demo/tudi.toml --json | jq -r --arg r "$role" '.layers[] | select(.role == $r) | .feature_count')
  got=$(awk -v r="$role" '$1 == r { print $2 }' consumer.out)
  [ -n "$want" ] && [ "$want" = "$got" ] || { echo "FAIL: $role: consumer $got, tudi info $want"; exit 1; }
done
echo "installed tudi and tudi::tudi work from $work"
