#!/usr/bin/env python3
"""Open seed files written by `softpass issue` with python-pskc and check every field.

Usage: check_issued.py ISSUE_JSON TYPE ALGORITHM DIGITS PERIOD MAX_FAILED ITERATIONS
ISSUE_JSON is the output of `softpass --json issue ...`; the other arguments are the options it was
run with. python-pskc derives the key from the activation key, verifies the MACs, and must find the
secret of the otpauth URI, the serial, counter 0 (HOTP) or the period (TOTP), and the PIN policy
with the application PIN in its PIN key package.
"""
import base64
import json
import sys
import urllib.parse

import pskc

PSKC_NS = "urn:ietf:params:xml:ns:keyprov:pskc:"


def b32(s):
    return base64.b32decode(s.upper() + "=" * (-len(s) % 8))


def check(token, kind, algorithm, digits, period, max_failed, iterations):
    doc = pskc.PSKC(token["seed_file"])
    enc = doc.encryption
    assert enc.is_encrypted, "the seed file must be encrypted"
    assert enc.algorithm.endswith("#aes128-cbc"), enc.algorithm
    assert enc.derivation.algorithm.endswith("#pbkdf2"), enc.derivation.algorithm
    # No <PRF>: PBKDF2-HMAC-SHA1 (RFC 8018's default), the one PRF privacyIDEA derives with.
    assert enc.derivation.pbkdf2_prf is None, enc.derivation.pbkdf2_prf
    assert enc.derivation.pbkdf2_iterations == iterations, enc.derivation.pbkdf2_iterations
    assert enc.derivation.pbkdf2_key_length == 16
    assert doc.mac.algorithm.endswith("#hmac-sha1"), doc.mac.algorithm
    enc.derive_key(token["activation_key"])

    otp = [k for k in doc.keys if k.algorithm == PSKC_NS + kind]
    pins = [k for k in doc.keys if k.algorithm == PSKC_NS + "pin"]
    assert len(otp) == 1 and len(pins) == 1, [k.algorithm for k in doc.keys]
    key = otp[0]
    assert key.check(), "ValueMAC did not verify in python-pskc"
    uri = urllib.parse.urlparse(token["otpauth"])
    query = urllib.parse.parse_qs(uri.query)
    assert key.secret == b32(query["secret"][0]), "secret differs from the otpauth URI"
    assert len(key.secret) == 20
    assert key.serial == token["serial"], key.serial
    assert key.response_length == digits and key.response_encoding == "DECIMAL"
    # A bare upper-case hash name, always (privacyIDEA reads it as a hashlib name).
    assert key.algorithm_suite == algorithm.upper(), key.algorithm_suite
    if kind == "hotp":
        assert key.counter == 0, key.counter
    else:
        assert key.time_interval == period, key.time_interval
    policy = key.policy
    assert policy.pin_usage == "Local", policy.pin_usage
    assert policy.pin_max_failed_attempts == max_failed, policy.pin_max_failed_attempts
    assert policy.pin_key_id == pins[0].id
    assert policy.pin == token["application_pin"], "PIN differs"
    # The PIN key package comes first (privacyIDEA keeps the last package of a serial).
    assert doc.keys.index(pins[0]) < doc.keys.index(key), "the PIN key package must come first"
    assert pins[0].serial == key.serial, pins[0].serial
    assert pins[0].check(), "the PIN's ValueMAC did not verify"


def main():
    path, kind, algorithm, digits, period, max_failed, iterations = sys.argv[1:8]
    with open(path) as f:
        tokens = json.load(f)["tokens"]
    assert tokens, "no tokens issued"
    for token in tokens:
        check(token, kind, algorithm, int(digits), int(period), int(max_failed), int(iterations))
        print("python-pskc opened %s: secret, serial, counter and PIN policy match" % token["seed_file"])


if __name__ == "__main__":
    main()
