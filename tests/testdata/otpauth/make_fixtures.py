#!/usr/bin/env python3
"""Writes pyotp.json and apps.json, the otpauth fixtures of tests/vectors/otpauth.rs.

Run: pip install pyotp==2.12.1 && python3 tests/testdata/otpauth/make_fixtures.py
Every URI in pyotp.json is pyotp's own `provisioning_uri` output and every code is pyotp's own
`at()`; apps.json holds URIs written the way other apps write them (by hand, below) with codes pyotp
computes from the plain secret. softpass is not involved in making either file.
"""
import base64
import hashlib
import json
import os

import pyotp

HERE = os.path.dirname(os.path.abspath(__file__))
ALGS = {"sha1": hashlib.sha1, "sha256": hashlib.sha256, "sha512": hashlib.sha512}
TIMES = [0, 59, 1111111109, 1234567890, 2000000000, 20000000000]
COUNTERS = [0, 1, 9, 1000, 2**32 + 7]


def entry(uri, kind, issuer, account, alg, digits, period, counter, otp):
    e = {"uri": uri, "kind": kind, "issuer": issuer, "account": account,
         "algorithm": alg, "digits": digits}
    if kind == "totp":
        e["period"] = period
        e["codes"] = [[t, otp.at(t)] for t in TIMES]
    else:
        e["counter"] = counter
        # HOTP.at() adds pyotp's initial_count; generate_otp() takes the absolute counter.
        e["codes"] = [[c, otp.generate_otp(c)] for c in [counter + d for d in (0, 1, 2)] + COUNTERS]
    return e


def pyotp_entries():
    out = []
    totp = [
        ("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "alice@example.com", "Example", "sha1", 6, 30),
        ("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "bob smith+tag@example.org", "ACME Co", "sha1", 6, 30),
        ("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA", "carol", "Ünïcødé & Söhne", "sha256", 8, 60),
        ("KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ", "dave/ops:eu", "Big:Issuer", "sha512", 8, 30),
        ("MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZPIYTEMZUGU3DOOBZ", "erin=1&x?y#z", None, "sha1", 7, 15),
    ]
    for secret, name, issuer, alg, digits, period in totp:
        otp = pyotp.TOTP(secret, digits=digits, digest=ALGS[alg], interval=period, name=name, issuer=issuer)
        out.append(entry(otp.provisioning_uri(), "totp", issuer, name, alg, digits, period, None, otp))
    hotp = [
        ("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "alice@example.com", "Example", "sha1", 6, 0),
        ("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "tester 42", "QA Lab", "sha256", 8, 5),
        ("KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ", "frank", None, "sha512", 6, 123456789012),
    ]
    for secret, name, issuer, alg, digits, counter in hotp:
        otp = pyotp.HOTP(secret, digits=digits, digest=ALGS[alg], initial_count=counter, name=name, issuer=issuer)
        out.append(entry(otp.provisioning_uri(), "hotp", issuer, name, alg, digits, None, counter, otp))
    return out


def apps_entries():
    # (uri as another app writes it, plain secret, kind, issuer, account, alg, digits, period/counter)
    cases = [
        # The Key Uri Format wiki's own example (Google Authenticator).
        ("otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example",
         "JBSWY3DPEHPK3PXP", "totp", "Example", "alice@google.com", "sha1", 6, 30),
        # Lower-case, padded secret; issuer only as a parameter; upper-case scheme and type.
        ("OTPAUTH://TOTP/alice%40example.com?secret=mzxw6ytboi======&issuer=ACME%20Corp",
         "MZXW6YTBOI", "totp", "ACME Corp", "alice@example.com", "sha1", 6, 30),
        # Secret printed in groups of four with spaces; '+' as a space in the issuer; a space after the colon.
        ("otpauth://totp/Big%20Bank:%20jo?secret=JBSW%20Y3DP%20EHPK%203PXP&issuer=Big+Bank&digits=8&algorithm=sha256&period=60&image=https%3A%2F%2Fexample.com%2Fx.png",
         "JBSWY3DPEHPK3PXP", "totp", "Big Bank", "jo", "sha256", 8, 60),
        # Issuer only in the label, literal colon, parameters in another order, HOTP.
        ("otpauth://hotp/Corp:svc-account?counter=7&digits=6&secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
         "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "hotp", "Corp", "svc-account", "sha1", 6, 7),
        # Encoded colon as the separator (%3A), SHA512 spelled with a hyphen.
        ("otpauth://totp/Vendor%3Auser?secret=KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ&algorithm=SHA-512",
         "KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ", "totp", "Vendor", "user", "sha512", 6, 30),
    ]
    # Apps accept secrets shorter than pyotp's 112-bit minimum (the wiki example has 80 bits).
    pyotp.OTP.min_secret_length_bits = 48
    out = []
    for uri, secret, kind, issuer, account, alg, digits, extra in cases:
        pad = "=" * (-len(secret) % 8)
        base64.b32decode(secret + pad)  # the secret must be valid base32
        if kind == "totp":
            otp = pyotp.TOTP(secret, digits=digits, digest=ALGS[alg], interval=extra)
            out.append(entry(uri, kind, issuer, account, alg, digits, extra, None, otp))
        else:
            otp = pyotp.HOTP(secret, digits=digits, digest=ALGS[alg])
            out.append(entry(uri, kind, issuer, account, alg, digits, None, extra, otp))
    return out


for name, entries in (("pyotp.json", pyotp_entries()), ("apps.json", apps_entries())):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        json.dump(entries, f, ensure_ascii=False, indent=1)
        f.write("\n")
