#!/usr/bin/env bash
# The .deb on a clean machine: packs BUILD_DIR with cpack, installs the package with apt into a
# minimal Debian 12 root (nothing of ours, no build tools), runs the installed tudi there on a
# copy of the demo — --version, check (exit 3: the demo has blocked proposals) and the report
# (PDF, workbook) — then purges it again. As root.
# usage: deb-check.sh BUILD_DIR [ROOT]    ROOT (default /srv/clean-bookworm) is made once with
#   debootstrap --variant=minbase bookworm ROOT <the Debian mirror of /etc/apt>
set -euo pipefail
build=$(cd "$1" && pwd)
root=${2:-/srv/clean-bookworm}
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ -x "$root/bin/sh" ] || { echo "deb-check: no Debian root at $root (see the usage line)" >&2; exit 2; }

(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls -t "$build"/tudi_*.deb | head -1)
echo "deb-check: $(basename "$deb"), $(du -h "$deb" | cut -f1); depends: $(dpkg-deb -f "$deb" Depends | cut -c1-120)…"

work=/tmp/tudi-deb-check
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
cleanup() {
  in_root sh -c 'dpkg -s tudi >/dev/null 2>&1 && apt-get purge -y -qq tudi && apt-get autoremove -y -qq' \
    >/dev/null 2>&1 || true
  rm -rf "$root$work"
  mountpoint -q "$root/proc" && umount "$root/proc"
  return 0
}
trap cleanup EXIT
mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
mkdir -p "$root$work"
cp "$deb" "$root$work/"
cp -r "$src/gis-data/demo" "$root$work/demo"
in_root sh -c 'command -v tudi' && { echo "deb-check: tudi already in $root" >&2; exit 1; }
in_root apt-get update -qq
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  "$work/$(basename "$deb")" > "$root$work/apt.log" 2>&1 || { cat "$root$work/apt.log"; exit 1; }
in_root tudi --version
status=0
in_root sh -c "cd $work && tudi -q check -c demo/tudi.toml -o out/check > check.log 2>&1" || status=$?
[ "$status" -eq 3 ] || { cat "$root$work/check.log"; echo "deb-check: FAIL: check exit $status (3 expected)" >&2; exit 1; }
in_root sh -c "cd $work && QT_QPA_PLATFORM=offscreen tudi -q report -c demo/tudi.toml \
  --projects demo/projects.csv --scenario demo/scenario.toml -o out/report > report.log 2>&1" ||
  { cat "$root$work/report.log"; echo "deb-check: FAIL: report" >&2; exit 1; }
tail -1 "$root$work/report.log"
for f in out/check/check.json out/report/report.pdf out/report/report.xlsx; do
  [ -s "$root$work/$f" ] || { echo "deb-check: FAIL: no $f" >&2; exit 1; }
done
grep -q '"/usr/share/tudi/rules/check.toml"' "$root$work/out/check/check.json" ||
  { echo "deb-check: FAIL: check.json names no rule pack under /usr/share/tudi" >&2; exit 1; }
echo "deb-check: installed with apt in $root, check and report ran ($(du -h "$root$work/out/report/report.pdf" | cut -f1) PDF)"
