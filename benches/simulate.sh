#!/usr/bin/env bash
# Throughput of `softpass simulate` itself and against privacyIDEA, rerunnable:
#   bash benches/simulate.sh            (LOGINS=300000 USERS=1024 CONC=64 RUNS=3 PI=1)
# 1. Against the canned responder (crates/server/examples/canned_responder.rs, one tokio
#    thread), with benches/simulate-valid-only.toml: the responder's one answer is what the
#    model predicts for a valid login, so every answer is still checked (0 mismatches).
#    Target on the 2-core machine: >= 50,000 logins/s (simulate must never be the bottleneck).
# 2. With PI=1: against a local privacyIDEA 3.14 (tests/interop/privacyidea/start.sh, cheap PIN
#    hash), default scenario mix, small: throughput, p50/p99, mismatches.
# Prints one JSON line per run (the report's numbers).
set -euo pipefail
cd "$(dirname "$0")/.."
LOGINS=${LOGINS:-300000} USERS=${USERS:-1024} CONC=${CONC:-64} RUNS=${RUNS:-3} PI=${PI:-1}
cargo build --release --quiet
cargo build --release --quiet -p softpass-server --example canned_responder
BIN=$PWD/target/release/softpass
TMP=$(mktemp -d)
RESP=""
cleanup() {
    [ -n "$RESP" ] && kill "$RESP" 2>/dev/null
    [ -d "$TMP/pi" ] && bash tests/interop/privacyidea/pi-stop.sh "$TMP/pi" >/dev/null 2>&1
    rm -rf "$TMP"
}
trap cleanup EXIT
summary() {  # label report.json
    python3 - "$1" "$2" <<'PY'
import json, sys
r = json.load(open(sys.argv[2]))
print(json.dumps({"run": sys.argv[1], "logins": r["logins"], "throughput_per_s": r["throughput_per_s"],
                  "p50_ms": r["latency_ms"]["p50"], "p99_ms": r["latency_ms"]["p99"],
                  "max_ms": r["latency_ms"]["max"], "mismatches": r["mismatches"],
                  "users": r["users"], "concurrency": r["concurrency"]}))
PY
}
echo benchkey > "$TMP/key"
target/release/examples/canned_responder 0 1 > "$TMP/port" & RESP=$!
for _ in $(seq 50); do [ -s "$TMP/port" ] && break; sleep 0.1; done
PORT=$(awk '{print $2}' "$TMP/port")
for i in $(seq "$RUNS"); do
    "$BIN" simulate --server "http://127.0.0.1:$PORT" --admin-key-file "$TMP/key" --logins "$LOGINS" \
        --users "$USERS" --concurrency "$CONC" --scenario benches/simulate-valid-only.toml \
        --report "$TMP/canned-$i.json" >/dev/null
    summary "canned-responder-$i" "$TMP/canned-$i.json"
done
kill "$RESP"; RESP=""
if [ "$PI" = 1 ]; then
    eval "$(bash tests/interop/privacyidea/start.sh "$TMP/pi")"
    "$BIN" simulate --server "$PI_URL" --admin-user admin --admin-password-file "$PI_ADMIN_PASSWORD_FILE" \
        --logins "${PI_LOGINS:-300}" --users 16 --concurrency 4 --report "$TMP/pi.json" >/dev/null
    summary "privacyidea-3.14" "$TMP/pi.json"
fi
