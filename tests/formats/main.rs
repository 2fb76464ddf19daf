//! The file formats softpass reads and writes: PSKC seed files (RFC 6030 figures, the
//! malformed-file kit, round trips, python-pskc's files, the sample seeds), the seed files token
//! servers read (privacyIDEA's PSKC layout, softpass 0.1's files, pre-shared keys, several keys
//! per device, SafeNet/Aladdin XML, OATH CSV, where errors point), the vault format (incl. files
//! from other writers and damaged files) and otpauth URIs. Expected values come from outside
//! (RFC vectors, oathtool, privacyIDEA's and python-pskc's own output), never from softpass.
#[path = "../support/mod.rs"]
mod support;

mod otpauth;
mod pskc_negative;
mod pskc_python;
mod pskc_rfc6030;
mod pskc_roundtrip;
mod pskc_seeds;
mod seed_aladdin_csv;
mod seed_errors;
mod seed_layout;
mod seed_legacy;
mod seed_multikey;
mod seed_psk;
mod vault_files;
mod vault_format;
