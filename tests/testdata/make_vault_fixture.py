#!/usr/bin/env python3
"""Writes tests/testdata/vault-v1-python.json from docs/vault-format.md alone, with libsodium
(PyNaCl), as an independent writer of the format. Run: pip install pynacl; python3 this_file.

Token: HOTP, RFC 4226 Appendix D secret "12345678901234567890", SHA-1, 6 digits, next counter 5,
application PIN "1234", OTP PIN "99", Argon2id 64 KiB / t=1 / p=1. Salt and nonce are fixed
bytes so the output is reproducible (a real writer uses random ones).
"""
import base64, hashlib, json, struct, pathlib
from nacl import bindings as b

PIN, SECRET, OTP_PIN = b"1234", b"12345678901234567890", b"99"
M_KIB, T = 64, 1
salt = bytes(range(16))
nonce = bytes(range(100, 124))
policy = {"min_length": 4, "max_length": 64, "max_failed_attempts": None, "numeric": False}
meta = dict(serial="RFC4226-D", kind="hotp", algorithm="sha1", digits=6, period=30, t0=0)

key = b.crypto_pwhash_alg(32, PIN, salt, T, M_KIB * 1024, b.crypto_pwhash_ALG_ARGON2ID13)

def F(x):
    x = str(x).encode()
    return struct.pack(">I", len(x)) + x

aad = b"softpass-vault/1\x00" + b"".join(F(v) for v in [
    meta["serial"], meta["kind"], meta["algorithm"], meta["digits"], meta["period"], meta["t0"],
    policy["min_length"], policy["max_length"], "none", "0"])
plain = b"\x01" + struct.pack(">H", len(SECRET)) + SECRET + b"\x01" + struct.pack(">H", len(OTP_PIN)) + OTP_PIN
ct = b.crypto_aead_xchacha20poly1305_ietf_encrypt(plain, aad, nonce, key)

token = {"name": "python", **meta, "issuer": None, "counter": 5, "failed_attempts": 0,
         "locked": False, "last_failure": None, "pin_policy": policy,
         "sealed": {"kdf": {"algorithm": "argon2id", "memory_kib": M_KIB, "iterations": T, "parallelism": 1},
                    "salt": base64.b64encode(salt).decode(), "nonce": base64.b64encode(nonce).decode(),
                    "ciphertext": base64.b64encode(ct).decode()}}
tokens = json.dumps([token], separators=(",", ":"))
doc = '{"format":"softpass-vault","version":1,"checksum":"%s","tokens":%s}\n' % (
    hashlib.sha256(tokens.encode()).hexdigest(), tokens)
out = pathlib.Path(__file__).with_name("vault-v1-python.json")
out.write_text(doc)
print(out)
