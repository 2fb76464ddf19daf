#!/usr/bin/env bash
# `softpass login` against a live privacyIDEA 3.14 (an independent server): accept with the
# server's message, a counter spent elsewhere still inside the window, --json, wrong OTP PIN and
# unknown user rejected (exit 8), server unreachable (exit 1).
# Needs python3 (venv + PyPI for privacyIDEA on the first run) and cargo.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/tests/interop"
TMP=$(mktemp -d)
cleanup() { bash "$HERE/privacyidea/pi-stop.sh" "$TMP/pi" >/dev/null 2>&1 || true; rm -rf "$TMP"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$ROOT" && cargo build --quiet
BIN="$ROOT/target/debug/softpass"
eval "$(bash "$HERE/privacyidea/start.sh" "$TMP/pi")"

# Admin: a token for user1 with RFC 4226's key and OTP PIN 1234.
JWT=$(curl -sf -d username=admin --data-urlencode "password=$(cat "$PI_ADMIN_PASSWORD_FILE")" "$PI_URL/auth" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["value"]["token"])')
curl -sf -X DELETE -H "Authorization: $JWT" "$PI_URL/token/LOGIN0001" >/dev/null || true
curl -sf -H "Authorization: $JWT" -d type=hotp -d serial=LOGIN0001 -d user=user1 -d pin=1234 \
    -d otpkey=3132333435363738393031323334353637383930 -d otplen=6 "$PI_URL/token/init" >/dev/null

export SOFTPASS_VAULT="$TMP/vault.json" SOFTPASS_PIN=2468 SOFTPASS_NEW_PIN=2468
"$BIN" import --uri "otpauth://hotp/pi?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0" --name pi \
    --otp-pin 1234 --kdf-memory-kib 64 --kdf-iterations 1 >/dev/null

out=$("$BIN" login --server "$PI_URL" --user user1) || fail "accept: exit $?"
[ "$out" = "ACCEPT: matching 1 tokens" ] || fail "accept: $out"
echo "ok accept: $out"

"$BIN" code pi >/dev/null   # counter 1 spent without logging in: 2 is inside the window
out=$("$BIN" --json login --server "$PI_URL" --user user1) || fail "window: exit $?"
python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert (d["result"], d["message"], d["counter"]) == ("ACCEPT", "matching 1 tokens", 2), d' "$out" \
    || fail "json: $out"
echo "ok json, counter inside the window: $out"

set +e
out=$("$BIN" login --server "$PI_URL" --user user1 --otp-pin 9999); rc=$?
set -e
[ $rc = 8 ] && [ "$out" = "REJECT: wrong otp pin" ] || fail "wrong pin: rc=$rc $out"
echo "ok wrong OTP PIN: rc=$rc $out"

set +e
out=$("$BIN" login --server "$PI_URL" --user nosuchuser); rc=$?
set -e
[ $rc = 8 ] && [ "$out" = "REJECT: ERR904: User <nosuchuser@testrealm> does not exist." ] || fail "unknown user: rc=$rc $out"
echo "ok unknown user: rc=$rc $out"

# The wrong PIN did not spend counter 3 at the server, so the next login (counter 4) is accepted.
out=$("$BIN" login --server "$PI_URL" --user user1) || fail "after reject: exit $?"
echo "ok accept after a reject: $out"

DEAD=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
set +e
err=$("$BIN" login --server "http://127.0.0.1:$DEAD" --user user1 2>&1 >/dev/null); rc=$?
set -e
[ $rc = 1 ] && [[ "$err" == "softpass: cannot reach http://127.0.0.1:$DEAD"* ]] || fail "unreachable: rc=$rc $err"
echo "ok unreachable: rc=$rc $err"
echo "privacyidea-login: all passed"
