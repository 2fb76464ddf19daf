//! The file formats softpass reads and writes: PSKC seed files (RFC 6030 figures, the
//! malformed-file kit, round trips, python-pskc's files, the sample seeds), the vault format
//! (incl. files from other writers and damaged files) and otpauth URIs.
#[path = "../support/mod.rs"]
mod support;

mod otpauth;
mod pskc_negative;
mod pskc_python;
mod pskc_rfc6030;
mod pskc_roundtrip;
mod pskc_seeds;
mod vault_files;
mod vault_format;
