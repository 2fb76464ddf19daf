#!/usr/bin/env bash
# pi-stop.sh TARGET_DIR — stop the gunicorn started by pi-setup.sh in TARGET_DIR
# (by the master pid in TARGET_DIR/gunicorn.pid only).
set -euo pipefail
TARGET=${1:?usage: pi-stop.sh TARGET_DIR}
PIDFILE="$TARGET/gunicorn.pid"
if [ ! -f "$PIDFILE" ]; then echo "not running (no $PIDFILE)"; exit 0; fi
PID=$(cat "$PIDFILE")
if ! kill -0 "$PID" 2>/dev/null; then echo "not running (stale pid $PID)"; rm -f "$PIDFILE"; exit 0; fi
kill -TERM "$PID"
for _ in $(seq 1 60); do
    kill -0 "$PID" 2>/dev/null || { echo "stopped gunicorn $PID"; rm -f "$PIDFILE"; exit 0; }
    sleep 0.5
done
echo "gunicorn $PID did not stop after 30s; sending KILL" >&2
kill -KILL "$PID" 2>/dev/null || true
rm -f "$PIDFILE"
