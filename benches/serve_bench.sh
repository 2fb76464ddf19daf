#!/usr/bin/env bash
# benches/serve_bench.sh [SECONDS]
#
# softpass serve under load on this machine (loopback only), then side by side with
# privacyIDEA 3.14 (pip-installed into a temp folder, SQLite, gunicorn) under the same load.
#   1. serve_load (benches/serve_load.rs): 32 keep-alive connections, each owning 4 HOTP tokens,
#      distinct valid eTokens in order: SQLite (default durability), SQLite --durability fsync,
#      PostgreSQL (a throw-away cluster, fsync on; one node, then two nodes on one database).
#   2. pi-bench.py (benches/privacyidea/): closed loop, concurrency 8, a new TCP connection per
#      request, against softpass (SQLite) and privacyIDEA with its default settings.
#   3. compare_live.py: the recorded privacyIDEA exchanges (tests/testdata/privacyidea) replayed
#      against the live privacyIDEA and a fresh softpass, compared field by field.
# One JSON line per run on stdout; the summary at the end. Knobs: PI_VENV=/path (reuse a venv
# with privacyidea 3.14 + gunicorn), PI_REQUESTS (default 100), SKIP_PI=1, SKIP_PG=1.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
SECS=${1:-10}
T=$(mktemp -d /tmp/softpass-bench.XXXXXX)
chmod 755 "$T"
cleanup() {
    for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    pg_cluster_stop
    [ -d "$T/pi" ] && bash tests/interop/privacyidea/pi-stop.sh "$T/pi" >/dev/null 2>&1 || true
    rm -rf "$T"
}
trap cleanup EXIT

echo "== building (release)" >&2
cargo build --release --locked --bin softpass >&2
cargo bench --locked --bench serve_load --no-run >&2
BIN=target/release/softpass
load() { cargo bench --locked -q --bench serve_load -- "$@" 2>/dev/null | grep '^{'; }


RESULTS=()
record() { echo "$1"; RESULTS+=("$1"); }
echo "== SQLite, default durability (WAL, synchronous=NORMAL)" >&2
serve_start sqlite
record "$(load --url "http://$ADDR" --admin-key "$T/sqlite/admin.key" --conns 32 --tokens 4 --seconds "$SECS" --label sqlite-normal)"
serve_stop_all
echo "== SQLite, --durability fsync" >&2
serve_start fsync --durability fsync
record "$(load --url "http://$ADDR" --admin-key "$T/fsync/admin.key" --conns 32 --tokens 4 --seconds "$SECS" --label sqlite-fsync)"
serve_stop_all

if [ "${SKIP_PG:-0}" != 1 ] && PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1) && [ -n "$PG_BIN" ]; then
    echo "== PostgreSQL (throw-away cluster, fsync on)" >&2
    pg_cluster_start "$T/pg"
    serve_start pga --db "$URL"
    record "$(load --url "http://$ADDR" --admin-key "$T/pga/admin.key" --conns 32 --tokens 4 --seconds "$SECS" --label postgres-1-node)"
    A=$ADDR
    mkdir -p "$T/pgb"; cp "$T/pga/server.key" "$T/pga/admin.key" "$T/pgb/"
    serve_start pgb --db "$URL"
    B=$ADDR
    load --url "http://$A" --admin-key "$T/pga/admin.key" --conns 16 --tokens 4 --seconds "$SECS" --label postgres-2-nodes-a > "$T/a.json" &
    LP=$!
    load --url "http://$B" --admin-key "$T/pga/admin.key" --conns 16 --tokens 4 --seconds "$SECS" --label postgres-2-nodes-b > "$T/b.json"
    wait "$LP"
    record "$(cat "$T/a.json")"; record "$(cat "$T/b.json")"
    serve_stop_all
fi

if [ "${SKIP_PI:-0}" != 1 ]; then
    N=${PI_REQUESTS:-100}
    echo "== side by side: pi-bench.py, concurrency 8, new connection per request, $N requests" >&2
    python3 - "$T/users.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("user,email\n")
    for i in range(1, 101):
        f.write(f"user{i},user{i}@example.com\n")
PY
    serve_start side --users "$T/users.csv"
    record "$(python3 benches/privacyidea/pi-bench.py "http://$ADDR" "$(cat "$T/side/admin.key")" --requests $((N * 20)) --concurrency 8 --label softpass-sqlite)"
    serve_stop_all
    PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
    PI_OUT=$(bash tests/interop/privacyidea/pi-setup.sh "$T/pi" "$PORT" 2>&1 | tail -8)
    PW=$(echo "$PI_OUT" | sed -n 's/^ADMIN_PASSWORD=//p')
    record "$(python3 benches/privacyidea/pi-bench.py "http://127.0.0.1:$PORT" "$PW" --requests "$N" --concurrency 8 --max-seconds 300 --label privacyidea-3.14-default)"
    echo "== the recorded privacyIDEA exchanges, replayed against both live servers" >&2
    serve_start cmp --users "$T/users.csv"
    python3 benches/privacyidea/compare_live.py "http://127.0.0.1:$PORT" "$PW" "http://$ADDR" \
        "$(cat "$T/cmp/admin.key")" tests/testdata/privacyidea >&2 || echo "compare-live: differences (above)" >&2
    serve_stop_all
fi

echo "== results" >&2
python3 - "${RESULTS[@]}" <<'PY'
import json, sys
r = {j["label"]: j for j in map(json.loads, sys.argv[1:])}
for k, j in r.items():
    print(f"{k:28s} {j['logins_per_s']:>10} logins/s  p50 {j['p50_ms']} ms  p99 {j['p99_ms']} ms", file=sys.stderr)
if "softpass-sqlite" in r and "privacyidea-3.14-default" in r:
    print(f"ratio softpass/privacyIDEA under the same load: {r['softpass-sqlite']['logins_per_s'] / r['privacyidea-3.14-default']['logins_per_s']:.0f}x", file=sys.stderr)
PY
