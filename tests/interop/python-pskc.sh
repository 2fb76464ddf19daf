#!/usr/bin/env bash
# Interop with python-pskc (PyPI `python-pskc`), an independent PSKC implementation, both ways:
#   1. files written by `softpass issue` open in python-pskc with the activation key as passphrase,
#      with the same secret, serial, counter and PIN policy (check_issued.py);
#   2. PBKDF2-encrypted files python-pskc has just written decode in softpass: the reader's tests
#      run on them (SOFTPASS_PSKC_INTEROP_DIR), and `softpass import` activates one into a vault.
# Self-contained: `bash tests/interop/python-pskc.sh` from the repository root on a clean machine
# (needs python3 with venv, network access to PyPI, and cargo).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/tests/interop"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

. "$HERE/venv.sh"
interop_venv "$TMP/venv" python-pskc

cd "$ROOT"
cargo build --quiet
BIN="$ROOT/target/debug/softpass"

echo "== softpass issue -> python-pskc"
# The default profile: HOTP, SHA-1, 6 digits, PBKDF2 with 200,000 iterations.
"$BIN" --json issue --out "$TMP/issued" --app-pin 2468 --max-failed-attempts 7 >"$TMP/hotp.json"
"$PY" "$HERE/check_issued.py" "$TMP/hotp.json" hotp sha1 6 30 7 200000
# TOTP, SHA-256, 8 digits, 60 s; random PINs; several tokens (cheaper KDF to keep it quick).
"$BIN" --json issue --out "$TMP/issued" --type totp --algorithm sha256 --digits 8 --period 60 \
    --count 3 --pbkdf2-iterations 1000 >"$TMP/totp.json"
"$PY" "$HERE/check_issued.py" "$TMP/totp.json" totp sha256 8 60 10 1000

# The committed demo token opens in python-pskc with its published activation key.
"$PY" - "$ROOT/seeds/4F214C507612A26A.pskc" <<'PYEOF'
import sys, pskc
doc = pskc.PSKC(sys.argv[1])
doc.encryption.derive_key("YZQHoczZWw3cBCNo")
key = [k for k in doc.keys if k.algorithm.endswith(":hotp")][0]
assert key.serial == "4F214C507612A26A" and key.counter == 0
assert key.secret.hex() == "f95737e7a4d9f2f8f2bccba902685d124a0a90e6"
assert key.policy.pin == "4089" and key.policy.pin_max_failed_attempts == 10
print("python-pskc opened seeds/4F214C507612A26A.pskc: the demo token matches seeds/README.md")
PYEOF

echo "== python-pskc -> softpass"
mkdir "$TMP/fixtures"
"$PY" "$HERE/make_fixture.py" "$TMP/fixtures"
SOFTPASS_PSKC_INTEROP_DIR="$TMP/fixtures" cargo test --quiet --test formats pskc_python::

# Live: activate python-pskc's HOTP token (counter 42, PIN 5678) and compare the next eToken with
# one computed here from RFC 4226 directly.
export SOFTPASS_VAULT="$TMP/vault/vault.json"
SOFTPASS_PIN=5678 "$BIN" import --seed-file "$TMP/fixtures/hotp-sha1prf.xml" \
    --activation-key interop-passphrase --kdf-memory-kib 64 --kdf-iterations 1 >/dev/null
code=$(SOFTPASS_PIN=5678 "$BIN" code PY0000000001)
expected=$("$PY" - <<'PYEOF'
import hashlib, hmac, struct
mac = hmac.new(b"12345678901234567890", struct.pack(">Q", 42), hashlib.sha1).digest()
o = mac[-1] & 15
print("%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7fffffff) % 10**6))
PYEOF
)
if [ "$code" != "$expected" ]; then
    echo "softpass code gave '$code' for python-pskc's token, RFC 4226 says '$expected'" >&2
    exit 1
fi
echo "softpass imported python-pskc's file: eToken $code at counter 42 matches"
echo "python-pskc interop: OK"
