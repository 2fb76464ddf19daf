#!/usr/bin/env bash
# privacyIDEA 3.14 imports what `softpass issue` writes, through its own importers (PyPI
# `privacyidea`): PSKC (parsePSKCdata, password = the activation key), SafeNet/Aladdin XML
# (parseSafeNetXML) and OATH CSV (parseOATHcsv). For each kind of token: one token per serial with
# the right secret, counter, digits, hash and time step, and the eTokens privacyIDEA computes
# equal those of `softpass code` after `softpass import --issued` (pi_check.py; RFC 4226/6238
# written out in Python as a third opinion). libpskc's `pskctool` validates the PSKC files
# against the RFC 6030 schema when it is installed (.ci/run installs it).
# Self-contained: `bash tests/interop/privacyidea.sh` from the repository root (needs python3 with
# venv, network access to PyPI, and cargo).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/tests/interop"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
start=$(date +%s)

. "$HERE/venv.sh"
interop_venv "$TMP/venv" 'privacyidea==3.14.*' python-pskc

cd "$ROOT"
cargo build --quiet
BIN="$ROOT/target/debug/softpass"
export SOFTPASS_VAULT="$TMP/vault/vault.json"
unset SOFTPASS_PIN SOFTPASS_NEW_PIN SOFTPASS_ACTIVATION_KEY SOFTPASS_PSK
n=0

# check FORMAT TYPE HASH DIGITS PERIOD [issue options...]
check() {
    local format=$1 type=$2 hash=$3 digits=$4 period=$5
    shift 5
    n=$((n + 1))
    local doc="$TMP/issue-$n.json"
    "$BIN" --json issue --out "$TMP/issued-$n" --format "$format" --type "$type" \
        --algorithm "$hash" --digits "$digits" --period "$period" "$@" >"$doc"
    "$BIN" import --issued "$doc" --kdf-memory-kib 64 --kdf-iterations 1 >/dev/null
    local serial pin codes
    serial=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["tokens"][0]["serial"])' "$doc")
    pin=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["tokens"][0]["application_pin"])' "$doc")
    if [ "$type" = hotp ]; then
        codes=$(SOFTPASS_PIN=$pin "$BIN" code "$serial" --count 3)
    else
        codes=$(for t in 59 1111111109 2000000000; do SOFTPASS_PIN=$pin "$BIN" code "$serial" --time $t; done)
    fi
    # shellcheck disable=SC2086 # one argument per code
    "$PY" "$HERE/pi_check.py" "$doc" "$format" "$type" "$hash" "$digits" "$period" $codes 2>"$TMP/pi.log" \
        || { cat "$TMP/pi.log" >&2; exit 1; }
    if [ "$format" = pskc ] && command -v pskctool >/dev/null; then
        local file
        file=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["tokens"][0]["seed_file"])' "$doc")
        # -q: exit status 1 on a schema failure (plain --validate prints FAIL and exits 0).
        # Its "parse error" warning about the encryption elements it does not read goes away.
        pskctool -q --validate "$file" 2>/dev/null || {
            pskctool --validate "$file" >&2 || true
            echo "pskctool: $file is not valid RFC 6030" >&2
            exit 1
        }
    fi
}

echo "== softpass issue -> privacyIDEA 3.14"
check pskc hotp sha1 6 30                                 # the default profile, 200,000 iterations
check pskc hotp sha256 8 30 --pbkdf2-iterations 1000
check pskc totp sha256 6 30 --pbkdf2-iterations 1000
check pskc totp sha512 8 60 --pbkdf2-iterations 1000
check aladdin-xml hotp sha1 6 30
check aladdin-xml hotp sha256 6 30
check oathcsv hotp sha1 6 30
check oathcsv totp sha256 8 60
check oathcsv totp sha512 6 30
command -v pskctool >/dev/null && echo "pskctool --validate: every PSKC file is valid RFC 6030"
echo "privacyIDEA interop: OK ($n tokens, $(($(date +%s) - start)) s)"
