#!/usr/bin/env python3
"""Write pre-shared-key PSKC containers (RFC 6030 section 6.1) with python-pskc 1.4.

Usage: make_psk_fixtures.py OUT_DIR       (python-pskc installed: pip install python-pskc)
Salts, IVs and MAC keys are random: re-running gives other bytes with the same decoded values.
What each file holds is in tests/testdata/pskc/python-pskc-psk/README.md.
"""
import os
import sys

import pskc

SECRET = b"12345678901234567890"              # 20 bytes: RFC 4226's key
SECRET32 = b"12345678901234567890123456789012"  # 32 bytes: a multiple of 8, plain RFC 3394 wrap
KEYS = {
    "aes128-cbc": "000102030405060708090a0b0c0d0e0f",
    "aes192-cbc": "000102030405060708090a0b0c0d0e0f1011121314151617",
    "aes256-cbc": "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
    "kw-aes128": "000102030405060708090a0b0c0d0e0f",
    "kw-aes192": "000102030405060708090a0b0c0d0e0f1011121314151617",
    "kw-aes256": "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
    "tripledes-cbc": "000102030405060708090a0b0c0d0e0f1011121314151617",
}


def hotp(doc, serial):
    doc.add_key(id=serial, serial=serial, manufacturer="softpass-lab", issuer="Lab",
                algorithm="urn:ietf:params:xml:ns:keyprov:pskc:hotp", secret=SECRET,
                counter=42, response_length=6, response_encoding="DECIMAL")


def totp_with_pin(doc, serial):
    key = doc.add_key(id=serial, serial=serial, manufacturer="softpass-lab",
                      algorithm="urn:ietf:params:xml:ns:keyprov:pskc:totp", secret=SECRET32,
                      algorithm_suite="SHA256", response_length=8, response_encoding="DECIMAL",
                      time_interval=30)
    key.policy.pin_key_id = serial + "-PIN"
    key.policy.pin_usage = "Local"
    key.policy.pin_max_failed_attempts = 5
    doc.add_key(id=serial + "-PIN", serial=serial, secret=b"4089",
                algorithm="urn:ietf:params:xml:ns:keyprov:pskc:pin",
                response_length=4, response_encoding="DECIMAL")


def main(out):
    for alg, key in KEYS.items():
        doc = pskc.PSKC()
        hotp(doc, "PSK-" + alg)
        doc.encryption.setup_preshared_key(key=bytes.fromhex(key), algorithm=alg,
                                           key_name="Pre-shared-key")
        doc.write(os.path.join(out, "psk-%s.pskc" % alg))
    doc = pskc.PSKC()
    totp_with_pin(doc, "PSK-kw-aes256-totp")
    doc.encryption.setup_preshared_key(key=bytes.fromhex(KEYS["kw-aes256"]), algorithm="kw-aes256",
                                       key_name="Pre-shared-key")
    doc.write(os.path.join(out, "psk-kw-aes256-totp-pin.pskc"))


if __name__ == "__main__":
    main(sys.argv[1])
