# Sourced by scripts/test.sh and bench scripts: a throwaway PostgreSQL+PostGIS cluster on a
# private socket directory. Exports TUDI_PG, a GDAL/libpq connection string, when it is up.
postgis_start() {
  local bin=/usr/lib/postgresql/15/bin
  [ -x "$bin/initdb" ] || return 1
  export TUDI_PGDIR=${TUDI_PGDIR:-$(mktemp -d /tmp/tudi-pg.XXXXXX)}
  chmod 755 "$TUDI_PGDIR"
  local run=(env)
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$TUDI_PGDIR"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" "$bin/initdb" -D "$TUDI_PGDIR/data" -A trust -U tudi >/dev/null || return 1
  "${run[@]}" "$bin/pg_ctl" -D "$TUDI_PGDIR/data" -l "$TUDI_PGDIR/log" -w \
    -o "-k $TUDI_PGDIR -c listen_addresses='' -c fsync=off" start >/dev/null || return 1
  "${run[@]}" "$bin/createdb" -h "$TUDI_PGDIR" -U tudi tudi || return 1
  psql -h "$TUDI_PGDIR" -U tudi -d tudi -qc 'CREATE EXTENSION postgis' || return 1
  export TUDI_PG="host=$TUDI_PGDIR user=tudi dbname=tudi"
}

postgis_stop() {
  [ -n "${TUDI_PGDIR:-}" ] && [ -d "$TUDI_PGDIR/data" ] || return 0
  local run=(env)
  [ "$(id -u)" -eq 0 ] && run=(runuser -u postgres --)
  "${run[@]}" /usr/lib/postgresql/15/bin/pg_ctl -D "$TUDI_PGDIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$TUDI_PGDIR"
}
