#!/usr/bin/env python3
"""Write multi-token.pskc with python-pskc 1.4 (an implementation independent of softpass).

Usage: python3 -m pip install python-pskc && python3 make_multi.py OUT_DIR
One PBKDF2-encrypted PSKC file (passphrase "contract-key", 1000 iterations, AES-128-CBC,
HMAC-SHA256 MAC) holding two tokens, each with its own PIN key package (PIN "4321",
PINUsageMode Local, at most 3 failed attempts, PIN length 4-8):
  CT0000000001  HOTP SHA-1, 6 digits, counter 5, secret "12345678901234567890" (RFC 4226)
  CT0000000002  TOTP SHA-1, 6 digits, 30 s, secret "12345678901234567890" (RFC 6238)
Salts and IVs are random; the decoded values are fixed and repeated in tests/cli/seed.rs.
"""
import os
import sys

import pskc

SECRET = b"12345678901234567890"


def add_pin(p, key, key_id, serial):
    key.policy.pin_key_id = key_id
    key.policy.pin_usage = "Local"
    key.policy.pin_max_failed_attempts = 3
    key.policy.pin_min_length = 4
    key.policy.pin_max_length = 8
    key.policy.pin_encoding = "DECIMAL"
    p.add_key(id=key_id, serial=serial, secret=b"4321",
              algorithm="urn:ietf:params:xml:ns:keyprov:pskc:pin",
              response_length=4, response_encoding="DECIMAL")


def main(out):
    p = pskc.PSKC()
    a = p.add_key(id="ct-hotp", serial="CT0000000001", manufacturer="python-pskc",
                  secret=SECRET, counter=5,
                  algorithm="urn:ietf:params:xml:ns:keyprov:pskc:hotp",
                  response_length=6, response_encoding="DECIMAL", issuer="Contract")
    add_pin(p, a, "ct-hotp-pin", "CT0000000001")
    b = p.add_key(id="ct-totp", serial="CT0000000002", manufacturer="python-pskc",
                  secret=SECRET, algorithm="urn:ietf:params:xml:ns:keyprov:pskc:totp",
                  response_length=6, response_encoding="DECIMAL", issuer="Contract",
                  time_interval=30, time_offset=0)
    add_pin(p, b, "ct-totp-pin", "CT0000000002")
    p.encryption.setup_pbkdf2("contract-key", iterations=1000)
    p.mac.setup(algorithm="hmac-sha256")
    p.write(os.path.join(out, "multi-token.pskc"))


if __name__ == "__main__":
    main(sys.argv[1])
