#!/usr/bin/env python3
"""What privacyIDEA makes of a seed file: run privacyIDEA's own import parser on FILE and print the
result as JSON, for CI.

    python pi_import.py FILE [PASSWORD] [--psk HEX] [--format pskc|aladdin-xml|oathcsv]
                              [--validate-mac check_fail_hard|check_fail_soft|no_check] [--otp]

Needs `pip install 'privacyidea==3.14.*'` in the interpreter that runs it (tested with 3.14).

Output (stdout, one JSON object):
    {"format": ..., "tokens": {SERIAL: {"type", "otpkey" (hex), "counter", "otplen", "hashlib",
     "hashlib_effective", "timeStep", "timeShift", "description"}}, "not_imported": [...]}
  "hashlib" is the text privacyIDEA stores; "hashlib_effective" is the hash its OTP code will really
  use (TokenClass.get_hashlib maps every unknown text, e.g. "hmac-sha256", to sha1).
  Fields privacyIDEA did not set are null; counter/otplen/timeStep are given as privacyIDEA holds
  them (strings from PSKC, ints from CSV), plus "counter_int"/"otplen_int"/"timeStep_int".
  With --otp the tokens are also imported (privacyidea.lib.token.import_token, what /token/load
  does) into a throw-away sqlite privacyIDEA, and each gets "import_error" or the OTPs privacyIDEA
  computes: HOTP "otp_next3" (counter, counter+1, counter+2), TOTP "otp_at" {unix time: OTP} for
  59, 1111111109 and 2000000000.
Exit status: 0 parsed (even if some packages were skipped for a bad MAC: see not_imported);
  1 privacyIDEA refused the file (the JSON then has "error"); 2 bad usage.

parsePSKCdata and parseSafeNetXML run without a Flask application; parseOATHcsv needs an app
context with Flask-Babel (it looks token classes up), which this script provides.
"""
import argparse
import json
import os
import sys
import tempfile
import warnings

warnings.simplefilter("ignore")


def effective_hash(name):
    from privacyidea.lib.tokenclass import TokenClass
    return TokenClass.get_hashlib(name).__name__.replace("openssl_", "")


def as_int(v):
    try:
        return int(str(v).strip())
    except (TypeError, ValueError):
        return None


def parse(fmt, data, password, psk, validate_mac):
    from privacyidea.lib import importotp
    if fmt == "pskc":
        return importotp.parsePSKCdata(data, preshared_key_hex=psk, password=password,
                                       validate_mac=validate_mac)
    if fmt == "aladdin-xml":
        return importotp.parseSafeNetXML(data), []
    from flask import Flask
    from flask_babel import Babel
    app = Flask("check_pi_import")
    Babel(app)
    with app.app_context():
        return importotp.parseOATHcsv(data), []


def summarise(tokens):
    out = {}
    for serial, t in tokens.items():
        out[serial] = {
            "type": t.get("type"), "otpkey": t.get("otpkey"), "counter": t.get("counter"),
            "counter_int": as_int(t.get("counter")), "otplen": t.get("otplen"),
            "otplen_int": as_int(t.get("otplen")), "hashlib": t.get("hashlib"),
            "hashlib_effective": effective_hash(t.get("hashlib")), "timeStep": t.get("timeStep"),
            "timeStep_int": as_int(t.get("timeStep")), "timeShift": t.get("timeShift"),
            "description": t.get("description"), "user": t.get("user") or None,
        }
    return out


def import_and_compute(tokens, summary):
    """Import into a scratch privacyIDEA (temp dir, sqlite) and compute OTPs with its token code."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "enckey"), "wb") as f:
            f.write(os.urandom(96))
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        with open(os.path.join(d, "private.pem"), "wb") as f:
            f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption()))
        with open(os.path.join(d, "public.pem"), "wb") as f:
            f.write(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                  serialization.PublicFormat.SubjectPublicKeyInfo))
        cfg = os.path.join(d, "pi.cfg")
        with open(cfg, "w") as f:
            f.write(f"SQLALCHEMY_DATABASE_URI = 'sqlite:///{d}/pi.sqlite'\n"
                    f"SECRET_KEY = '{os.urandom(16).hex()}'\nPI_PEPPER = 'ci'\n"
                    f"PI_ENCFILE = '{d}/enckey'\nPI_AUDIT_KEY_PRIVATE = '{d}/private.pem'\n"
                    f"PI_AUDIT_KEY_PUBLIC = '{d}/public.pem'\nPI_LOGFILE = '{d}/privacyidea.log'\n"
                    "PI_LOGLEVEL = 40\nPI_NODE = 'ci'\n")
        from privacyidea.app import create_app
        from privacyidea.models import db
        app = create_app("production", config_file=cfg, silent=True)
        with app.app_context():
            db.create_all()
            from privacyidea.lib.token import import_token
            for serial, t in tokens.items():
                t = dict(t)
                t.pop("user", None)  # users/realms do not exist in the scratch server
                s = summary[serial]
                try:
                    tok = import_token(serial, t)
                except Exception as e:  # what /token/load would answer with HTTP 400
                    s["import_error"] = f"{type(e).__name__}: {e}"
                    continue
                info = tok.get_tokeninfo()
                s["imported"] = {"type": tok.type, "otplen": tok.token.otplen, "count": tok.token.count,
                                 "hashlib": info.get("hashlib"), "timeStep": info.get("timeStep")}
                try:
                    if tok.type == "hotp":
                        m = tok.get_multi_otp(3)[2]["otp"]
                        s["otp_next3"] = [m[k] for k in sorted(m, key=int)]
                    elif tok.type == "totp":
                        s["otp_at"] = {str(x): tok.get_otp(time_seconds=x)[2]
                                       for x in (59, 1111111109, 2000000000)}
                except Exception as e:
                    s["otp_error"] = f"{type(e).__name__}: {e}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file")
    ap.add_argument("password", nargs="?", help="PSKC password (softpass: the activation key)")
    ap.add_argument("--psk", help="PSKC pre-shared AES-128 key, 32 hex digits")
    ap.add_argument("--format", default="pskc", choices=["pskc", "aladdin-xml", "oathcsv"])
    ap.add_argument("--validate-mac", default="check_fail_hard",
                    choices=["check_fail_hard", "check_fail_soft", "no_check"])
    ap.add_argument("--otp", action="store_true", help="also import into a scratch privacyIDEA and compute OTPs")
    a = ap.parse_args()
    with open(a.file, encoding="utf-8", newline="") as f:
        data = f.read()
    result = {"format": a.format, "file": a.file}
    try:
        tokens, not_imported = parse(a.format, data, a.password, a.psk, a.validate_mac)
    except Exception as e:
        result["error"] = f"{type(e).__name__}: {e}"
        print(json.dumps(result, indent=1))
        return 1
    result["tokens"] = summarise(tokens)
    result["not_imported"] = list(not_imported)
    if a.otp:
        import_and_compute(tokens, result["tokens"])
    print(json.dumps(result, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
