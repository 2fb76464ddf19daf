#!/usr/bin/env bash
# benches/simulate_vs_privacyidea.sh [SECONDS]
#
# softpass serve and privacyIDEA 3.14 driven by the same `softpass simulate` run settings: the
# default scenario mix (every outcome), 16 users, concurrency 4, SECONDS (default 60) each, in
# one script run:
#   1. softpass serve (release, SQLite, default durability)
#   2. privacyIDEA 3.14 with its default PIN hash (Argon2id as shipped), SQLite, gunicorn with
#      2 sync workers (tests/interop/privacyidea/pi-setup.sh)
#   3. the same with the cheap PIN hash of privacyIDEA's TestingConfig (PI_CHEAP_HASH=1)
# Each run prints one JSON line (throughput, p50/p99, mismatches); the summary ends with the
# ratios. privacyIDEA's flat-file users cannot be created over the API, so simulate checks its
# tokens by serial=; softpass by user=. PI_VENV=/path reuses a venv that has privacyidea 3.14 and
# gunicorn (default: a new one in a temp folder, removed afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-60}
T=$(mktemp -d /tmp/softpass-vspi.XXXXXX)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    for d in "$T"/pi-*; do [ -d "$d" ] && bash tests/interop/privacyidea/pi-stop.sh "$d" >/dev/null 2>&1; done
    rm -rf "$T"
}
trap cleanup EXIT
echo "== building (release)" >&2
cargo build --release --locked --bin softpass >&2
BIN=target/release/softpass
export PI_VENV=${PI_VENV:-$T/venv}
RESULTS=()
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

# sim LABEL URL AUTH... : the same run against one server, one JSON line
sim() {
    local label=$1 url=$2; shift 2
    "$BIN" simulate --server "$url" "$@" --duration "$SECS" --users 16 --concurrency 4 --seed 11 \
        --report "$T/$label.json" >/dev/null || true   # a mismatch exits 1: it is in the report
    local line
    line=$(python3 - "$label" "$T/$label.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[2]))
print(json.dumps({"label": sys.argv[1], "checked_by": r["checked_by"], "logins": r["logins"],
                  "throughput_per_s": r["throughput_per_s"], "p50_ms": r["latency_ms"]["p50"],
                  "p99_ms": r["latency_ms"]["p99"], "mismatches": r["mismatches"],
                  "errors": r["errors"], "outcomes": r["outcomes"]}))
PY
)
    echo "$line"; RESULTS+=("$line")
}

echo "== softpass serve (SQLite)" >&2
mkdir -p "$T/softpass"
"$BIN" serve --listen 127.0.0.1:0 --data-dir "$T/softpass" 2> "$T/softpass.err" & PIDS+=($!)
for _ in $(seq 1 200); do
    ADDR=$(sed -n 's#^softpass: listening on http://##p' "$T/softpass.err"); [ -n "$ADDR" ] && break; sleep 0.05
done
sim softpass "http://$ADDR" --admin-key-file "$T/softpass/admin.key"
kill -TERM "${PIDS[0]}"; wait "${PIDS[0]}" || true; PIDS=()

for hash in default cheap; do
    echo "== privacyIDEA 3.14, $hash PIN hash (first run installs it into $PI_VENV)" >&2
    PORT=$(free_port)
    cheap=0; [ "$hash" = cheap ] && cheap=1
    PI_CHEAP_HASH=$cheap PI_NUSERS=16 bash tests/interop/privacyidea/pi-setup.sh "$T/pi-$hash" "$PORT" > "$T/pi-$hash.log" 2>&1 \
        || { cat "$T/pi-$hash.log" >&2; exit 1; }
    sim "privacyidea-$hash-hash" "http://127.0.0.1:$PORT" --admin-user admin \
        --admin-password-file "$T/pi-$hash/admin-password.txt"
    bash tests/interop/privacyidea/pi-stop.sh "$T/pi-$hash" >/dev/null 2>&1
done

echo "== results" >&2
python3 - "${RESULTS[@]}" <<'PY'
import json, sys
r = {j["label"]: j for j in map(json.loads, sys.argv[1:])}
for k, j in r.items():
    print(f"{k:30s} {j['throughput_per_s']:>9} logins/s  p50 {j['p50_ms']} ms  p99 {j['p99_ms']} ms  "
          f"mismatches {j['mismatches']}  errors {j['errors']}  ({j['logins']} logins by {j['checked_by']})", file=sys.stderr)
sp = r["softpass"]["throughput_per_s"]
for k in ("privacyidea-default-hash", "privacyidea-cheap-hash"):
    if k in r and r[k]["throughput_per_s"]:
        print(f"ratio softpass / {k}: {sp / r[k]['throughput_per_s']:.0f}x", file=sys.stderr)
PY
