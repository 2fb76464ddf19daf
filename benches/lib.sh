# Sourced by the benchmark scripts (needs BIN, the softpass binary, and T, a scratch folder):
#   serve_start NAME ARGS...  `softpass serve` on 127.0.0.1 (a free port) with data folder T/NAME;
#                          waits for its "listening" line and sets ADDR (host:port); the pid goes
#                          to PIDS. With RADIUS_SECRET set, T/NAME/radius-clients allows 127.0.0.1.
#   serve_stop_all         SIGTERM to every server started, waiting for each.
# and a throw-away PostgreSQL cluster on 127.0.0.1:
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

PIDS=()
serve_start() {
    local name=$1; shift
    mkdir -p "$T/$name"
    if [ -n "${RADIUS_SECRET:-}" ]; then echo "127.0.0.1 $RADIUS_SECRET" > "$T/$name/radius-clients"; fi
    "$BIN" serve --listen 127.0.0.1:0 --data-dir "$T/$name" "$@" 2> "$T/$name.err" &
    PIDS+=($!)
    for _ in $(seq 1 200); do
        ADDR=$(sed -n 's#^softpass: listening on http://##p' "$T/$name.err")
        [ -n "$ADDR" ] && return 0
        sleep 0.05
    done
    cat "$T/$name.err" >&2; exit 1
}

serve_stop_all() {
    for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
    PIDS=()
}
