#!/usr/bin/env bash
# `softpass simulate` against a live privacyIDEA 3.14: provisioning (POST /auth, then tokens;
# privacyIDEA's flat-file user store is not editable, so tokens are checked by serial=), a
# scenario mix that reaches every outcome, and 0 mismatches between the simulator's model and
# privacyIDEA's answers. Checks the JSON report's shape and the SVG picture. Kept small:
# privacyIDEA does ~16 logins/s on this machine with the cheap PIN hash.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/tests/interop"
TMP=$(mktemp -d)
cleanup() { bash "$HERE/privacyidea/pi-stop.sh" "$TMP/pi" >/dev/null 2>&1 || true; rm -rf "$TMP"; }
trap cleanup EXIT
cd "$ROOT" && cargo build --quiet
BIN="$ROOT/target/debug/softpass"
eval "$(bash "$HERE/privacyidea/start.sh" "$TMP/pi")"

cat > "$TMP/mix.toml" <<'TOML'
# every outcome, the rare ones more often than by default; maxfail 3 keeps lock-outs short
[mix]
valid = 30
wrong_pin = 10
replay = 10
drift_inside = 10
drift_beyond_resync = 8
skew_inside = 10
skew_beyond = 10
lockout_reset = 6
[tokens]
totp_share = 0.4
maxfail = 3
TOML
"$BIN" simulate --server "$PI_URL" --admin-user admin --admin-password-file "$PI_ADMIN_PASSWORD_FILE" \
    --logins 240 --users 10 --concurrency 4 --seed 7 --scenario "$TMP/mix.toml" \
    --report "$TMP/report.json" --plot "$TMP/latency.svg" | tee "$TMP/table.txt"
python3 - "$TMP/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["mismatches"] == 0, r["mismatch_list"]
assert r["logins"] == 240 and r["checked_by"] == "serial", r
need = {"valid", "wrong_pin", "replay", "drift_inside", "drift_beyond", "resync", "after_resync",
        "skew_inside", "skew_beyond", "lockout_wrong", "locked_out", "reset", "after_reset"}
missing = need - set(r["steps"])
assert not missing, missing
outcomes = {"matching 1 tokens", "wrong otp pin", "wrong otp value",
            "wrong otp value. previous otp used again", "Failcounter exceeded"}
assert outcomes <= set(r["outcomes"]), r["outcomes"]
lat = r["latency_ms"]
assert 0 < lat["p50"] <= lat["p90"] <= lat["p99"] <= lat["max"], lat
assert r["accepted"] + r["rejected"] == 240 and r["errors"] == 0, r
print("report ok: %d logins, %.1f/s, p50 %.1f ms, p99 %.1f ms, 0 mismatches"
      % (r["logins"], r["throughput_per_s"], lat["p50"], lat["p99"]))
PY
grep -q '<svg' "$TMP/latency.svg" && grep -q 'latency (ms)' "$TMP/latency.svg"
echo "privacyidea-simulate: all passed"
