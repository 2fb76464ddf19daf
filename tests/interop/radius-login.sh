#!/usr/bin/env bash
# `softpass login --radius` against an independent RADIUS server: pyrad 2.6.0
# (radius_otp_responder.py, privacyIDEA's HOTP rules), and radclient (FreeRADIUS 3.2.1) against
# the same responder as a cross-check that both clients see the same answers.
# Checks: accept (exit 0) with the server's Reply-Message, replayed eToken / wrong OTP PIN
# rejected (exit 8), enrolment challenge (exit 9), --json, retransmission after a dropped
# datagram, wrong secret and no server (exit 1: no reply believed).
# Needs python3 with pyrad 2.6.0 (pip) and cargo; radclient if installed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/tests/interop"
TMP=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$TMP"; }
trap cleanup EXIT
python3 -c 'import pyrad' 2>/dev/null || python3 -m pip install --quiet pyrad==2.6.0
cd "$ROOT" && cargo build --quiet
BIN="$ROOT/target/debug/softpass"
fail() { echo "FAIL: $*" >&2; exit 1; }

KEY=3132333435363738393031323334353637383930   # RFC 4226's key "12345678901234567890"
B32=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ
echo 'radius-login-test-secret-0123456789' > "$TMP/secret"
echo "{\"alice\": {\"key\": \"$KEY\", \"pin\": \"4321\"}}" > "$TMP/users.json"
start() {  # start NAME [--drop-first]
    python3 "$HERE/radius_otp_responder.py" --secret-file "$TMP/secret" --users "$TMP/users.json" \
        --ready-file "$TMP/$1.port" "${@:2}" & PIDS+=($!)
    for _ in $(seq 50); do [ -s "$TMP/$1.port" ] && return; sleep 0.1; done
    fail "responder $1 did not start"
}
start main; PORT=$(cat "$TMP/main.port")
start drop --drop-first; DPORT=$(cat "$TMP/drop.port")

export SOFTPASS_VAULT="$TMP/vault.json" SOFTPASS_PIN=2468 SOFTPASS_NEW_PIN=2468
"$BIN" import --uri "otpauth://hotp/alice?secret=$B32&counter=0" --name alice --otp-pin 4321 \
    --kdf-memory-kib 64 --kdf-iterations 1 >/dev/null
R=(--radius "127.0.0.1:$PORT" --radius-secret-file "$TMP/secret" --timeout 1)

out=$("$BIN" login --user alice "${R[@]}") || fail "accept: exit $?"
[ "$out" = "ACCEPT: matching 1 tokens" ] || fail "accept output: $out"
echo "ok accept: $out"

# A counter spent elsewhere: the server still accepts inside its window.
"$BIN" code alice >/dev/null
out=$("$BIN" --json login --user alice "${R[@]}") || fail "accept json: exit $?"
python3 - "$out" <<'PY' || fail "json: $out"
import json, sys
d = json.loads(sys.argv[1])
assert d == {"result": "ACCEPT", "message": "matching 1 tokens", "serial": d["serial"], "counter": 2}, d
PY
echo "ok json after a skipped code: $out"

set +e
out=$("$BIN" login --user alice --otp-pin 9999 "${R[@]}"); rc=$?
set -e
[ $rc = 8 ] && [ "$out" = "REJECT: wrong otp pin" ] || fail "wrong pin: rc=$rc $out"
echo "ok wrong OTP PIN: rc=$rc $out"

set +e
out=$("$BIN" login --user enrol "${R[@]}"); rc=$?
set -e
[ $rc = 9 ] && [ "$out" = "ENROLL: enrollment required" ] || fail "enrol: rc=$rc $out"
echo "ok enrolment challenge: rc=$rc $out"

# Retransmission: the responder ignores each request's first datagram.
out=$("$BIN" login --user alice --radius "127.0.0.1:$DPORT" --radius-secret-file "$TMP/secret" --timeout 0.5) \
    || fail "retransmit: exit $?"
[ "$out" = "ACCEPT: matching 1 tokens" ] || fail "retransmit output: $out"
echo "ok retransmission: $out"

# Wrong secret: the replies do not verify and are dropped; no server at all: same (exit 1).
echo 'not-the-secret' > "$TMP/wrong"
set +e
err=$("$BIN" login --user alice --radius "127.0.0.1:$PORT" --radius-secret-file "$TMP/wrong" --timeout 0.3 2>&1 >/dev/null); rc=$?
set -e
[ $rc = 1 ] || fail "wrong secret: rc=$rc $err"
echo "ok wrong secret: rc=$rc $err"

# The same responder answers radclient (FreeRADIUS) the same way.
if command -v radclient >/dev/null; then
    CODE=$(python3 -c "
import hmac,hashlib,struct
k=bytes.fromhex('$KEY'); d=hmac.new(k,struct.pack('>Q',5),hashlib.sha1).digest(); o=d[-1]&15
print('%06d'%((struct.unpack('>I',d[o:o+4])[0]&0x7fffffff)%1000000))")
    out=$(echo "Message-Authenticator = 0x00, User-Name = \"alice\", User-Password = \"4321$CODE\"" \
        | radclient -x -t 1 -r 1 -S "$TMP/secret" "127.0.0.1:$PORT" auth 2>&1) || fail "radclient: $out"
    echo "$out" | grep -q 'Reply-Message = "matching 1 tokens"' || fail "radclient: $out"
    echo "ok radclient agrees"
fi
echo "radius-login: all passed"
