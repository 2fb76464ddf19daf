#!/usr/bin/env bash
# benches/enrol_bench.sh [USERS] [CONCURRENCY]
#
# Enrolment throughput of softpass serve (release build, loopback only): USERS (default 1000)
# known users enrolled through POST /enroll with the admin credential, CONCURRENCY (default 8)
# requests in flight. Each enrolment makes a token and its PSKC seed file at the full issuing
# cost (PBKDF2-HMAC-SHA1, 200,000 iterations, on the blocking pool), stores it and sends the
# activation e-mail over SMTP to a real SMTP server (aiosmtpd, tests/support/smtp_sink.py, which
# saves every message). The run fails unless every enrolment answered 200 and the sink holds
# USERS messages. Needs python3 with aiosmtpd (python3 -m pip install aiosmtpd). Rerunnable.
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${1:-1000}
CONC=${2:-8}
T=$(mktemp -d /tmp/softpass-enrol-bench.XXXXXX)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$T"
}
trap cleanup EXIT

echo "== building (release)" >&2
cargo build --release --locked --bin softpass >&2
BIN=target/release/softpass

python3 - "$USERS" > "$T/users.csv" <<'PY'
import sys
print("user,email")
for i in range(1, int(sys.argv[1]) + 1):
    print("u%05d,u%05d@example.org" % (i, i))
PY

python3 tests/support/smtp_sink.py --dir "$T/mail" --ready-file "$T/smtp.port" >/dev/null 2>"$T/sink.err" &
PIDS+=($!)
for _ in $(seq 1 100); do [ -s "$T/smtp.port" ] && break; sleep 0.1; done
SMTP_PORT=$(cat "$T/smtp.port")

"$BIN" serve --listen 127.0.0.1:0 --data-dir "$T/data" --users "$T/users.csv" \
    --smtp "smtp://127.0.0.1:$SMTP_PORT" --mail-from 'Token Desk <desk@example.org>' 2> "$T/serve.err" &
PIDS+=($!)
ADDR=
for _ in $(seq 1 200); do
    ADDR=$(sed -n 's/^softpass: listening on http:\/\///p' "$T/serve.err")
    [ -n "$ADDR" ] && break
    sleep 0.05
done
[ -n "$ADDR" ] || { cat "$T/serve.err" >&2; exit 1; }

echo "== $USERS enrolments, concurrency $CONC, SMTP sink on port $SMTP_PORT" >&2
python3 benches/enrol_bench.py "http://$ADDR" "$T/data/admin.key" "$USERS" "$CONC"
GOT=$(find "$T/mail" -name '*.eml' | wc -l)
echo "messages at the SMTP sink: $GOT" >&2
[ "$GOT" -eq "$USERS" ]
