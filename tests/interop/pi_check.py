#!/usr/bin/env python3
"""Check one token `softpass issue --json` wrote against privacyIDEA 3.14's own importers.

Usage: pi_check.py ISSUE_JSON FORMAT TYPE HASH DIGITS PERIOD CODE...
  FORMAT  pskc | aladdin-xml | oathcsv (the `issue --format`)
  TYPE    hotp | totp; HASH sha1 | sha256 | sha512; DIGITS; PERIOD (TOTP step, else ignored)
  CODE... what `softpass code` printed: HOTP counters 0, 1, 2; TOTP at 59, 1111111109, 2000000000

privacyIDEA parses the seed file (parsePSKCdata with the activation key as password,
parseSafeNetXML, parseOATHcsv: pi_import.py), which must give exactly one token under the serial,
of the right type (no "pin" token), with the otpauth URI's secret, counter 0, the digits, the
hash its OTP code really uses and the time step. Then the token is imported into a throw-away
privacyIDEA (import_token, what /token/load does) and the OTPs privacyIDEA computes, and those of
RFC 4226/6238 written out below from the key privacyIDEA imported, must equal softpass's codes.
"""
import base64
import hashlib
import hmac
import json
import struct
import sys
import urllib.parse

import pi_import

TIMES = (59, 1111111109, 2000000000)


def rfc_otp(key, counter, hash_name, digits):
    mac = hmac.new(key, struct.pack(">Q", counter), getattr(hashlib, hash_name)).digest()
    o = mac[-1] & 15
    return "%0*d" % (digits, (struct.unpack(">I", mac[o:o + 4])[0] & 0x7FFFFFFF) % 10 ** digits)


def main():
    doc, fmt, kind, hash_name, digits, period = sys.argv[1:7]
    digits, period, codes = int(digits), int(period), sys.argv[7:]
    with open(doc) as f:
        (token,) = json.load(f)["tokens"]
    serial = token["serial"]
    with open(token["seed_file"], encoding="utf-8", newline="") as f:
        data = f.read()
    tokens, not_imported = pi_import.parse(fmt, data, token["activation_key"], None, "check_fail_hard")
    assert list(tokens) == [serial] and not_imported == [], (list(tokens), not_imported)
    summary = pi_import.summarise(tokens)
    t = summary[serial]
    query = urllib.parse.parse_qs(urllib.parse.urlparse(token["otpauth"]).query)
    b32 = query["secret"][0].upper()
    secret = base64.b32decode(b32 + "=" * (-len(b32) % 8))
    assert t["type"].lower() == kind, t
    assert bytes.fromhex(t["otpkey"]) == secret, "privacyIDEA's key differs from the otpauth secret"
    assert t["hashlib_effective"] == hash_name, t
    assert (t["otplen_int"] or 6) == digits, t
    if kind == "hotp":
        assert (t["counter_int"] or 0) == 0, t
    else:
        assert (t["timeStep_int"] or 30) == period, t
    pi_import.import_and_compute(tokens, summary)
    assert "import_error" not in t and "otp_error" not in t, t
    if kind == "hotp":
        pi_codes = t["otp_next3"]
        rfc = [rfc_otp(secret, c, hash_name, digits) for c in range(3)]
    else:
        pi_codes = [t["otp_at"][str(x)] for x in TIMES]
        rfc = [rfc_otp(secret, x // period, hash_name, digits) for x in TIMES]
    assert pi_codes == codes, ("privacyIDEA", pi_codes, "softpass", codes)
    assert rfc == codes, ("RFC 4226/6238", rfc, "softpass", codes)
    print("privacyIDEA %s: %s %s %s, %d digits: one token %s, eTokens %s match softpass"
          % (fmt, kind, hash_name, "%d s" % period if kind == "totp" else "counter 0", digits,
             serial, " ".join(codes)))


if __name__ == "__main__":
    main()
