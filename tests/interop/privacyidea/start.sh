#!/usr/bin/env bash
# start.sh DIR: a privacyIDEA 3.14 on a free loopback port in DIR (cheap PIN hash, 40 users
# user1..user40 in realm testrealm), for the interop scripts. Prints shell assignments:
#   PI_URL=... PI_ADMIN_PASSWORD_FILE=... PI_DIR=...
# The venv is kept in ${PI_VENV:-<repo>/target/pi-venv} so later runs skip the pip install.
# Stop it with: bash tests/interop/privacyidea/pi-stop.sh DIR
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
DIR=${1:?usage: start.sh DIR}
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export PI_VENV=${PI_VENV:-$ROOT/target/pi-venv} PI_CHEAP_HASH=1 PI_NUSERS=40
mkdir -p "$DIR"
bash "$HERE/pi-setup.sh" "$DIR" "$PORT" > "$DIR/setup.log" 2>&1 || { cat "$DIR/setup.log" >&2; exit 1; }
echo "PI_URL=http://127.0.0.1:$PORT"
echo "PI_ADMIN_PASSWORD_FILE=$DIR/admin-password.txt"
echo "PI_DIR=$DIR"
