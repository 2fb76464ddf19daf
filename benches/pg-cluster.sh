# Sourced by the benchmark scripts: a throw-away PostgreSQL cluster on 127.0.0.1.
#   pg_cluster_start DIR   initdb + start as the postgres user (initdb refuses root), a database
#                          `bench`; sets URL (postgres://...) and PGDATA_DIR. Needs PG_BIN.
#   pg_cluster_stop        stops it (for the caller's EXIT trap; quiet when none was started).
pg_cluster_start() {
    local dir=$1
    mkdir -p "$dir/data" "$dir/sock"; chown -R postgres:postgres "$dir"
    PGDATA_DIR="$dir/data"
    runuser -u postgres -- "$PG_BIN/initdb" -D "$PGDATA_DIR" -A trust -U postgres -E UTF8 --locale=C --no-sync >/dev/null
    PGPORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$dir/log" -w -o "-k $dir/sock -c listen_addresses=127.0.0.1 -p $PGPORT -c max_connections=200" start >/dev/null
    psql -h 127.0.0.1 -p "$PGPORT" -U postgres -qc 'CREATE DATABASE bench'
    URL="postgres://postgres@127.0.0.1:$PGPORT/bench"
}

pg_cluster_stop() {
    [ -n "${PGDATA_DIR:-}" ] && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m immediate -w stop >/dev/null 2>&1 || true
}
