#!/usr/bin/env python3
"""Write PBKDF2-encrypted PSKC files with python-pskc (an independent implementation).

Usage: make_fixture.py OUT_DIR
Writes, all encrypted with the passphrase "interop-passphrase":
  hotp-sha1prf.xml    HOTP, PBKDF2 with the default PRF (HMAC-SHA1, no <PRF> element),
                      HMAC-SHA1 MAC, AES-128-CBC; counter 42; a PIN key package ("5678").
  totp-sha256prf.xml  TOTP (SHA-256 suite, 8 digits, 60 s), PBKDF2-HMAC-SHA-256 (python-pskc 1.4
                      writes the PRF as element text), HMAC-SHA256 MAC, AES-256-CBC.
  hotp-encrypted-counter.xml  HOTP whose Counter (123456789) is encrypted too (big-endian bytes).
The expected values are the constants below; tests/formats/pskc_python.rs repeats them.
"""
import os
import sys

import pskc

PASSPHRASE = "interop-passphrase"
HOTP_SECRET = bytes.fromhex("3132333435363738393031323334353637383930")
TOTP_SECRET = bytes.fromhex("3132333435363738393031323334353637383930313233343536373839303132")


def hotp(out):
    p = pskc.PSKC()
    key = p.add_key(
        id="interop-hotp", serial="PY0000000001", manufacturer="python-pskc",
        secret=HOTP_SECRET, counter=42,
        algorithm="urn:ietf:params:xml:ns:keyprov:pskc:hotp",
        response_length=6, response_encoding="DECIMAL", issuer="Interop")
    key.policy.pin_key_id = "interop-pin"
    key.policy.pin_usage = "Local"
    key.policy.pin_max_failed_attempts = 7
    key.policy.pin_min_length = 4
    key.policy.pin_max_length = 8
    key.policy.pin_encoding = "DECIMAL"
    p.add_key(id="interop-pin", serial="PY0000000001", secret=b"5678",
              algorithm="urn:ietf:params:xml:ns:keyprov:pskc:pin",
              response_length=4, response_encoding="DECIMAL")
    p.encryption.setup_pbkdf2(PASSPHRASE, iterations=2000)
    p.mac.setup(algorithm="hmac-sha1")
    p.write(os.path.join(out, "hotp-sha1prf.xml"))


def totp(out):
    p = pskc.PSKC()
    p.add_key(
        id="interop-totp", serial="PY0000000002", secret=TOTP_SECRET,
        algorithm="urn:ietf:params:xml:ns:keyprov:pskc:totp",
        algorithm_suite="HMAC-SHA256", response_length=8, response_encoding="DECIMAL",
        time_interval=60, time_offset=0)
    p.encryption.setup_pbkdf2(PASSPHRASE, iterations=3000, prf="hmac-sha256",
                              algorithm="aes256-cbc", key_length=32)
    p.mac.setup(algorithm="hmac-sha256")
    p.write(os.path.join(out, "totp-sha256prf.xml"))


def encrypted_counter(out):
    p = pskc.PSKC()
    p.add_key(
        id="interop-counter", serial="PY0000000003", secret=HOTP_SECRET, counter=123456789,
        algorithm="urn:ietf:params:xml:ns:keyprov:pskc:hotp",
        response_length=6, response_encoding="DECIMAL")
    p.encryption.setup_pbkdf2(PASSPHRASE, iterations=1000, fields=["secret", "counter"])
    p.mac.setup(algorithm="hmac-sha256")
    p.write(os.path.join(out, "hotp-encrypted-counter.xml"))


if __name__ == "__main__":
    hotp(sys.argv[1])
    totp(sys.argv[1])
    encrypted_counter(sys.argv[1])
