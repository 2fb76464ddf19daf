#!/usr/bin/env bash
# Wall-clock benchmarks of the vault commands (release build), run as `bash benches/vault_cli.sh`:
#  1. `softpass code` at the default KDF cost (64 MiB, t=3), against the KDF's own time measured
#     in-process by `cargo bench --bench vault_kdf` (target: code <= KDF + one fsynced save + 10 ms:
#     every PIN attempt is saved as counted before the KDF runs, docs/security.md);
#  2. `softpass list` on a vault of 1,000 tokens (target: <= 20 ms; list does no key derivation).
# Needs only cargo and bash >= 5 (for $EPOCHREALTIME). Everything happens in a temp folder.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-20}
cargo build --release --quiet
BIN=$PWD/target/release/softpass
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export SOFTPASS_CONFIG=$TMP/config.toml SOFTPASS_PIN=2468
unset SOFTPASS_NEW_PIN

# Mean wall time in ms of RUNS runs of "$@" (output discarded).
mean_ms() {
  local total=0 start end
  for ((i = 0; i < RUNS; i++)); do
    start=$EPOCHREALTIME
    "$@" >/dev/null
    end=$EPOCHREALTIME
    total=$(awk -v t="$total" -v s="$start" -v e="$end" 'BEGIN { print t + (e - s) * 1000 }')
  done
  awk -v t="$total" -v n="$RUNS" 'BEGIN { printf "%.1f", t / n }'
}

echo "== KDF alone (criterion, in-process)"
cargo bench --quiet --bench vault_kdf -- --noplot 'vault/' 2>/dev/null | grep -A1 -E '^vault/' || true

echo "== softpass code, default KDF cost ($RUNS runs)"
export SOFTPASS_VAULT=$TMP/code/vault.json
"$BIN" import --mobilepass QVKYC-FM6KO-SY6F7-TR22W --name bench >/dev/null
echo "code: $(mean_ms "$BIN" code bench) ms per call"
# Unlock only (the attempt counted, then answered; no counter): the difference to `code` is what
# reserving the counter costs (close to nothing: it is written while the KDF runs).
echo "export --uri (KDF, count + answer): $(mean_ms "$BIN" export bench --uri) ms per call"
# The same with a negligible KDF cost: what `code` costs besides the KDF (start, load, lock, saves).
export SOFTPASS_VAULT=$TMP/tiny/vault.json
"$BIN" import --mobilepass QVKYC-FM6KO-SY6F7-TR22W --name bench \
  --kdf-memory-kib 64 --kdf-iterations 1 >/dev/null
echo "code, tiny KDF cost: $(mean_ms "$BIN" code bench) ms per call"

echo "== softpass list, 1000 tokens ($RUNS runs)"
export SOFTPASS_VAULT=$TMP/list/vault.json
for ((i = 0; i < 1000; i++)); do
  secret=$(printf 'BENCH%011dAAAAAAAAAAAAAAAA' "$i" | tr '0-9' 'A-J')
  "$BIN" import --uri "otpauth://totp/ACME:user$i?secret=$secret&issuer=ACME" \
    --kdf-memory-kib 64 --kdf-iterations 1 >/dev/null
done
echo "list: $(mean_ms "$BIN" list) ms per call (vault $(stat -c %s "$SOFTPASS_VAULT") bytes)"
echo "list --json: $(mean_ms "$BIN" --json list) ms per call"
