#!/usr/bin/env bash
# Benchmark of `tudi check` (issue 3 "Fast") against PostGIS and QGIS on the same synthetic data.
#
#   bench/check/run.sh [--farmland "100000 1000000"] [--proposals "1000 10000"] [--runs 3]
#                      [--shapes "grid real"] [--no-cadastre] [--no-qgis] [--no-postgis]
#                      [--qgis-max N] [--data DIR]
#
# For every shape, and every (farmland, proposals) size, it generates the data once with
# `tudi synth` (GeoPackage, EPSG:4526):
#   grid  today's synthetic county: every coordinate on the 0.001 m grid, proposals small
#         near-rectangles meeting a handful of plots each;
#   real  shaped like a real county: coordinates as reprojection leaves them (--off-grid: all
#         decimals), farmland a coverage with shared edges, irregular proposals of about 40
#         plots each (--proposal-plots 40), so each meets tens of 图斑;
#   cadastre  (unless --no-cadastre, and only when ../shared/data/cadastre exists) real
#         cadastral parcels (Paris 18e, 6 821 parcels) tiled 3 × 4 into the synthetic plain as
#         the control polygons (81 852 parcels), against 1 000 irregular off-grid proposals of
#         about 1.5 ha; the parcels are read from ../shared/data, never copied into the project.
# It then times, on that same data:
#   tudi      tudi check end to end (read, overlay, write check.json/xlsx/overlaps.gpkg), farmland
#             only (--skip redline --skip urban --skip zones) so that all engines do the same job;
#   tudi-all  the same with every line (red line, farmland, urban boundary, zones);
#   tudi-nofiles  the farmland check writing no files (like PostGIS's query and QGIS, which only
#             sum areas per proposal): "query ratio, no files" compares the work itself;
#   pg-e2e    PostGIS end to end: ogr2ogr load of both layers, GiST index, one overlap query;
#   pg-query  the query alone on loaded, indexed data;
#   qgis      qgis_process native:calculatevectoroverlaps (skipped above --qgis-max farmland).
# Each is run --runs times (median shown); peak memory is the maximum resident set size from
# /usr/bin/time -v (for PostGIS the server's memory is not included); "load" is the 1-minute
# load average when the size's timings began and ended (other work on the machine inflates
# every figure). Installs what it needs (qgis, time, bc) itself. Prints a Markdown table to
# paste into bench/README.md. TUDI=path/to/tudi times another build than build/release.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
farmland_sizes="100000 1000000"
proposal_sizes="1000 10000"
runs=3
shapes="grid real"
cadastre=1
qgis=1
postgis=1
qgis_max=1000000
data=${TUDI_BENCH_DATA:-/tmp/tudi-bench-check}
while (($#)); do
  case $1 in
    --farmland) farmland_sizes=$2; shift 2 ;;
    --proposals) proposal_sizes=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --shapes) shapes=$2; shift 2 ;;
    --no-cadastre) cadastre=0; shift ;;
    --no-qgis) qgis=0; shift ;;
    --no-postgis) postgis=0; shift ;;
    --qgis-max) qgis_max=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    -h|--help) sed -n '2,32p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

# --- dependencies (benchmark-only: not in scripts/packages.txt)
need=()
[ -x /usr/bin/time ] || need+=(time)
((qgis)) && [ ! -x /usr/bin/qgis_process.bin ] && need+=(qgis)
command -v bc >/dev/null || need+=(bc)
if ((${#need[@]})); then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

tudi=${TUDI:-$root/build/release/apps/tudi/tudi}
if [ ! -x "$tudi" ]; then
  cmake --preset release -S "$root" >/dev/null
  cmake --build "$root/build/release" --target tudi_cli
fi

if ((postgis)); then
  source "$root/scripts/postgis.sh"
  if [ -z "${TUDI_PG:-}" ]; then
    postgis_start || { echo "run.sh: PostGIS cannot start; use --no-postgis" >&2; exit 1; }
    trap postgis_stop EXIT
  fi
  psql_() { PGOPTIONS='-c client_min_messages=warning' psql "$TUDI_PG" -v ON_ERROR_STOP=1 -qAt "$@"; }
fi

log=$(mktemp)
# timed NAME CMD...: runs CMD, appends "NAME seconds peak_kb" to $log.
timed() {
  local name=$1; shift
  local t
  t=$(mktemp)
  /usr/bin/time -v -o "$t" "$@" >/dev/null 2>>"$data/errors.log" || {
    local rc=$?
    # tudi check exits 3 when a proposal is blocked: that is a result, not a failure.
    if [ "${name#tudi}" = "$name" ] || [ $rc -ne 3 ]; then
      echo "run.sh: $name failed (exit $rc), see $data/errors.log" >&2
    fi
  }
  local wall kb
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$t")
  kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$t")
  # h:mm:ss or m:ss.cc → seconds
  local secs
  secs=$(awk -v w="$wall" 'BEGIN { n = split(w, p, ":"); s = 0; for (i = 1; i <= n; ++i) s = s * 60 + p[i]; print s }')
  echo "$name $secs $kb" >>"$log"
  rm -f "$t"
}

median() {  # median of the numbers on stdin
  sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
stat_of() {  # stat_of NAME FIELD(2 = seconds, 3 = kB) → median
  awk -v n="$1" -v f="$2" '$1 == n { print $f }' "$log" | median
}

mkdir -p "$data"
: >"$data/errors.log"
echo "machine: $(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2}'), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(uname -sr)"
echo "tudi: $("$tudi" --version); GDAL $(gdal-config --version); GEOS $(geos-config --version)"
((postgis)) && echo "PostGIS: $(psql_ -c 'SELECT postgis_lib_version()') on PostgreSQL $(psql_ -c 'SHOW server_version')"
((qgis)) && echo "QGIS: $(QT_QPA_PLATFORM=offscreen /usr/bin/qgis_process.bin --version 2>/dev/null | head -1)"
echo
echo "| shape | farmland | proposals | input MB | tudi s | tudi peak MB | tudi all lines s | tudi no files s | PostGIS e2e s | PostGIS query s | QGIS s | e2e ratio | query ratio | QGIS ratio | query ratio, no files | peak / input | load |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
load1() { awk '{print $1}' /proc/loadavg; }

cadastre_src="$root/../shared/data/cadastre/cadastre-75118-parcelles.json"
# make_cadastre DIR: DIR/cadastre.gpkg, the Paris 18e parcels tiled 3 × 4 over the plain of
# `tudi synth --farmland 2800` (7.2 km square from easting 38 496 400, northing 3 850 000), each
# copy moved by a transverse Mercator centred on the commune: shapes kept, every decimal kept.
make_cadastre() {
  local out=$1/cadastre.gpkg c r
  rm -f "$out"
  for ((r = 0; r < 4; ++r)); do
    for ((c = 0; c < 3; ++c)); do
      local x0 y0
      x0=$(echo "38496400 + 1700 + $c * 3400 + 0.123456" | bc -l)
      y0=$(echo "3850000 + 1100 + $r * 2200 + 0.654321" | bc -l)
      ogr2ogr -f GPKG "$out" "$cadastre_src" -s_srs EPSG:4326 -t_srs EPSG:4526 -ct \
        "+proj=pipeline +step +proj=axisswap +order=2,1 +step +proj=unitconvert +xy_in=deg +xy_out=rad +step +proj=tmerc +lat_0=48.892 +lon_0=2.3487 +k=1 +x_0=$x0 +y_0=$y0 +ellps=GRS80 +step +proj=axisswap +order=2,1" \
        -nln YJJBNTTB -nlt PROMOTE_TO_MULTI -append
    done
  done
}

cases=()
for shape in $shapes; do
  for nf in $farmland_sizes; do
    for np in $proposal_sizes; do cases+=("$shape $nf $np"); done
  done
done
((cadastre)) && [ -f "$cadastre_src" ] && cases+=("cadastre 81852 1000")

for c in "${cases[@]}"; do
  read -r shape nf np <<<"$c"
  {
    case $shape in
      grid) dir="$data/f${nf}_p${np}"; synth_args=() ;;
      real) dir="$data/real_f${nf}_p${np}"; synth_args=(--off-grid --proposal-plots 40) ;;
      cadastre) dir="$data/cadastre_p${np}"; synth_args=(--off-grid --proposal-plots 1) ;;
      *) echo "run.sh: unknown shape $shape (grid, real)" >&2; exit 2 ;;
    esac
    farmland_file="$dir/farmland.gpkg"
    if [ ! -f "$dir/tudi.toml" ]; then
      synth_nf=$nf
      [ "$shape" = cadastre ] && synth_nf=2800
      "$tudi" -q synth "$dir" --farmland "$synth_nf" --proposals "$np" --format gpkg --overwrite \
        "${synth_args[@]}" >/dev/null
      if [ "$shape" = cadastre ]; then
        make_cadastre "$dir"
        sed -i 's/"farmland.gpkg"/"cadastre.gpkg"/' "$dir/tudi.toml"
        rm -f "$dir/farmland.gpkg"
      fi
    fi
    [ "$shape" = cadastre ] && farmland_file="$dir/cadastre.gpkg"
    : >"$log"
    load_start=$(load1)
    input_kb=$(du -ck "$farmland_file" "$dir/proposals.gpkg" | awk 'END {print $1}')
    out="$data/out_${shape}_${nf}_${np}"
    for ((r = 0; r < runs; ++r)); do
      timed tudi "$tudi" -q check -c "$dir/tudi.toml" -o "$out" --overwrite \
        --skip redline --skip urban --skip zones
    done
    timed tudi-all "$tudi" -q check -c "$dir/tudi.toml" -o "$out-all" --overwrite
    # The same check writing no files (its per-proposal summary goes to /dev/null): the work
    # PostGIS's query and QGIS do, which sum areas and write no overlap pieces.
    for ((r = 0; r < runs; ++r)); do
      timed tudi-nofiles "$tudi" -q check -c "$dir/tudi.toml" --skip redline --skip urban --skip zones
    done

    if ((postgis)); then
      pg_runs=$runs
      ((nf >= 1000000)) && pg_runs=1  # a load of 10⁶ polygons takes minutes
      query="DROP TABLE IF EXISTS bench_overlap; CREATE TABLE bench_overlap AS
             SELECT p.fid, SUM(ST_Area(ST_Intersection(p.geom, f.geom))) AS overlap_m2
             FROM bench_proposals p JOIN bench_farmland f ON ST_Intersects(p.geom, f.geom)
             GROUP BY p.fid;"
      load="set -e
        ogr2ogr -f PostgreSQL PG:'$TUDI_PG' '$farmland_file' -nln bench_farmland -overwrite \
          -lco GEOMETRY_NAME=geom -lco FID=fid -lco SPATIAL_INDEX=NONE -nlt PROMOTE_TO_MULTI --config PG_USE_COPY YES
        ogr2ogr -f PostgreSQL PG:'$TUDI_PG' '$dir/proposals.gpkg' -nln bench_proposals -overwrite \
          -lco GEOMETRY_NAME=geom -lco FID=fid -lco SPATIAL_INDEX=NONE -nlt PROMOTE_TO_MULTI --config PG_USE_COPY YES
        PGOPTIONS='-c client_min_messages=warning' psql '$TUDI_PG' -qAt -v ON_ERROR_STOP=1 -c \
          'CREATE INDEX ON bench_farmland USING gist (geom); CREATE INDEX ON bench_proposals USING gist (geom); ANALYZE bench_farmland; ANALYZE bench_proposals;'
        PGOPTIONS='-c client_min_messages=warning' psql '$TUDI_PG' -qAt -v ON_ERROR_STOP=1 -c \"$query\""
      for ((r = 0; r < pg_runs; ++r)); do timed pg-e2e bash -c "$load"; done
      for ((r = 0; r < runs; ++r)); do
        timed pg-query env PGOPTIONS='-c client_min_messages=warning' psql "$TUDI_PG" -qAt \
          -v ON_ERROR_STOP=1 -c "$query"
      done
    fi

    if ((qgis)) && ((nf <= qgis_max)); then
      q_runs=$runs
      ((nf >= 1000000)) && q_runs=1
      for ((r = 0; r < q_runs; ++r)); do
        rm -f "$data/qgis_out.gpkg"
        timed qgis env QT_QPA_PLATFORM=offscreen /usr/bin/qgis_process.bin run \
          native:calculatevectoroverlaps --INPUT="$dir/proposals.gpkg" \
          --LAYERS="$farmland_file" --OUTPUT="$data/qgis_out.gpkg"
      done
    fi

    t_tudi=$(stat_of tudi 2); m_tudi=$(stat_of tudi 3); t_all=$(stat_of tudi-all 2)
    t_nofiles=$(stat_of tudi-nofiles 2)
    t_e2e=$(stat_of pg-e2e 2); t_q=$(stat_of pg-query 2); t_qgis=$(stat_of qgis 2)
    ratio() { [ "$1" = - ] || [ "$2" = - ] && { echo -; return; }; echo "scale=1; $1 / $2" | bc -l | sed 's/^\./0./'; }
    printf '| %s | %s | %s | %.0f | %s | %.0f | %s | %s | %s | %s | %s | %s× | %s× | %s× | %s× | %s | %s–%s |\n' \
      "$shape" "$nf" "$np" "$(echo "$input_kb / 1024" | bc -l)" "$t_tudi" "$(echo "$m_tudi / 1024" | bc -l)" "$t_all" \
      "$t_nofiles" "$t_e2e" "$t_q" "$t_qgis" "$(ratio "$t_e2e" "$t_tudi")" "$(ratio "$t_q" "$t_tudi")" \
      "$(ratio "$t_qgis" "$t_tudi")" "$(ratio "$t_q" "$t_nofiles")" \
      "$(echo "scale=2; $m_tudi / $input_kb" | bc -l | sed 's/^\./0./')" \
      "$load_start" "$(load1)"
  }
done
rm -f "$log"
