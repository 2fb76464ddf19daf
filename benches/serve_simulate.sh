#!/usr/bin/env bash
# benches/serve_simulate.sh [SECONDS]
#
# softpass serve measured by softpass simulate (release builds, loopback only), the
# valid-only scenario (benches/simulate-valid-only.toml: every login is a valid HOTP eToken,
# checked against the model, so each accepted login is a durable commit before its answer):
#   1. RADIUS: simulate --radius against serve --radius, SQLite default durability, then
#      --durability fsync.
#   2. HTTP (/validate/check, keep-alive): SQLite default durability at concurrency 16 and 64.
#   3. HTTP on PostgreSQL (a throw-away cluster, fsync on): one node; two nodes on one database
#      with each user's logins alternating between them (simulate --server A --server B).
# One JSON line per run on stdout, a summary on stderr. Knobs: USERS (1024), SKIP_PG=1.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."
SECS=${1:-10}
USERS=${USERS:-1024}
T=$(mktemp -d /tmp/softpass-simbench.XXXXXX)
chmod 755 "$T"
cleanup() {
    for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    pg_cluster_stop
    rm -rf "$T"
}
trap cleanup EXIT
echo "== building (release)" >&2
cargo build --release --locked --bin softpass >&2
BIN=target/release/softpass
SCEN=benches/simulate-valid-only.toml
RADIUS_SECRET=bench-radius-secret-0123456789abcdef
echo "$RADIUS_SECRET" > "$T/secret"

free_udp() { python3 -c 'import socket;s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

RESULTS=()
# sim LABEL KEYFILE CONC ARGS... : one simulate run, one JSON line
sim() {
    local label=$1 key=$2 conc=$3; shift 3
    "$BIN" simulate --admin-key-file "$key" --duration "$SECS" --users "$USERS" --concurrency "$conc" \
        --scenario "$SCEN" --report "$T/$label.json" "$@" >/dev/null
    local line
    line=$(python3 - "$label" "$T/$label.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[2]))
print(json.dumps({"label": sys.argv[1], "transport": r["transport"], "accepted_per_s": round(r["accepted"] / r["duration_s"], 1),
                  "logins": r["logins"], "accepted": r["accepted"], "mismatches": r["mismatches"],
                  "errors": r["errors"], "p50_ms": r["latency_ms"]["p50"], "p99_ms": r["latency_ms"]["p99"],
                  "max_ms": r["latency_ms"]["max"], "concurrency": r["concurrency"], "users": r["users"]}))
PY
)
    echo "$line"; RESULTS+=("$line")
}

for dur in normal fsync; do
    echo "== RADIUS, SQLite --durability $dur" >&2
    RPORT=$(free_udp)
    serve_start "radius-$dur" --durability "$dur" --radius "127.0.0.1:$RPORT"
    sim "radius-sqlite-$dur" "$T/radius-$dur/admin.key" 64 --server "http://$ADDR" \
        --radius "127.0.0.1:$RPORT" --radius-secret-file "$T/secret"
    serve_stop_all
done

echo "== HTTP, SQLite default durability" >&2
serve_start http
for c in 16 64; do
    sim "http-sqlite-c$c" "$T/http/admin.key" "$c" --server "http://$ADDR"
done
serve_stop_all

if [ "${SKIP_PG:-0}" != 1 ] && PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1) && [ -n "$PG_BIN" ]; then
    echo "== HTTP, PostgreSQL (throw-away cluster, fsync on)" >&2
    pg_cluster_start "$T/pg"
    serve_start pga --db "$URL"
    A=$ADDR
    sim "http-postgres-1-node" "$T/pga/admin.key" 32 --server "http://$A"
    mkdir -p "$T/pgb"; cp "$T/pga/server.key" "$T/pga/admin.key" "$T/pgb/"
    serve_start pgb --db "$URL"
    sim "http-postgres-2-nodes" "$T/pga/admin.key" 32 --server "http://$A" --server "http://$ADDR" --seed 2
    serve_stop_all
fi

echo "== results" >&2
python3 - "${RESULTS[@]}" <<'PY'
import json, sys
for j in map(json.loads, sys.argv[1:]):
    print(f"{j['label']:24s} {j['accepted_per_s']:>10} accepted/s  p50 {j['p50_ms']} ms  p99 {j['p99_ms']} ms  "
          f"mismatches {j['mismatches']}  errors {j['errors']}", file=sys.stderr)
PY
