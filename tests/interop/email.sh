#!/usr/bin/env bash
# Interop of the activation e-mail (docs/email.md) with Python's standard `email` package and
# python-pskc: the messages `softpass issue --eml` writes parse without defects, their one
# attachment is the seed file, and python-pskc opens it with the Activation Key and checks the
# Application PIN that the message's text gives (check_email.py). The other way (messages Python
# writes, imported by softpass) is tests/cli/import_email.rs on tests/testdata/email. Last, the
# e-mail `softpass serve` sends on an enrolment, as an SMTP server (aiosmtpd) received it: read
# the same way, and the token it carries logs in (check_server_email.py: Python's own HOTP).
# Self-contained like python-pskc.sh: `bash tests/interop/email.sh` from the repository root
# (needs python3 with venv, network access to PyPI, and cargo).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/tests/interop"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

. "$HERE/venv.sh"
interop_venv "$TMP/venv" python-pskc aiosmtpd

cd "$ROOT"
cargo build --quiet
BIN="$ROOT/target/debug/softpass"

cd "$TMP"
echo "== softpass issue --eml -> Python email + python-pskc"
# The default profile (PBKDF2 200,000 iterations), a recipient and a named sender.
"$BIN" --json issue --out pskc --eml --email 'Alice Example <alice@example.com>' \
    --mail-from 'Token Desk <desk@example.org>' >pskc.json
"$PY" "$HERE/check_email.py" pskc.json 'alice@example.com' 'desk@example.org'
# Several TOTP tokens, no recipient; and the two unencrypted formats.
"$BIN" --json issue --out totp --eml --type totp --count 2 --pbkdf2-iterations 1000 >totp.json
"$PY" "$HERE/check_email.py" totp.json
"$BIN" --json issue --out xml --eml --format aladdin-xml >xml.json
"$PY" "$HERE/check_email.py" xml.json
"$BIN" --json issue --out csv --eml --format oathcsv --issuer 'Zürich IT' >csv.json
"$PY" "$HERE/check_email.py" csv.json

echo "== messages Python's email package writes here and now -> softpass import --email"
# The committed fixtures' generator, run with this machine's Python (fresh, not the committed
# files): each message imports the demo token of seeds/, whose first eToken oathtool gives.
mkdir fresh
"$PY" "$ROOT/tests/testdata/email/make_email_fixtures.py" fresh
for m in python-demo python-demo-crlf; do
    export SOFTPASS_VAULT="$TMP/$m.json"
    "$BIN" import --email "fresh/$m.eml" --kdf-memory-kib 64 --kdf-iterations 1 >/dev/null
    code=$(SOFTPASS_PIN=4089 "$BIN" code)
    if [ "$code" != "033529" ]; then
        echo "the demo token imported from $m.eml gave '$code', oathtool says 033529" >&2
        exit 1
    fi
    echo "softpass imported $m.eml (written by Python $("$PY" -c 'import sys; print(sys.version.split()[0])')): eToken $code"
done
echo "== softpass serve's enrolment e-mail, received by an SMTP server -> Python email + python-pskc"
# A create-token server sending to aiosmtpd; an empty vault enrols through login (OTP PIN 4711).
printf 'user,email\nalice,alice@example.com\n' >users.csv
"$PY" "$ROOT/tests/support/smtp_sink.py" --dir mail --ready-file smtp.port >/dev/null 2>sink.err &
SINK=$!
for _ in $(seq 1 100); do [ -s smtp.port ] && break; sleep 0.1; done
"$BIN" serve --listen 127.0.0.1:0 --data-dir server --users users.csv --mode create-token \
    --smtp "smtp://127.0.0.1:$(cat smtp.port)" --mail-from 'Token Desk <desk@example.org>' 2>serve.err &
SERVE=$!
trap 'kill $SERVE $SINK 2>/dev/null; rm -rf "$TMP"' EXIT
ADDR=
for _ in $(seq 1 200); do
    ADDR=$(sed -n 's/^softpass: listening on //p' serve.err); [ -n "$ADDR" ] && break; sleep 0.05
done
SOFTPASS_VAULT="$TMP/enrol.json" "$BIN" login --server "$ADDR" --user alice \
    --email alice@example.com --otp-pin 4711 || [ $? -eq 9 ]
"$PY" "$HERE/check_server_email.py" mail/0001.eml mail/0001.json alice@example.com desk@example.org \
    "$ADDR" alice 4711
echo "email interop: OK"
