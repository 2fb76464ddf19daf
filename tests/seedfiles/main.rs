//! Seed files every token server reads: the PSKC layout privacyIDEA imports, the files older
//! softpass versions wrote, pre-shared-key containers, several keys per device, SafeNet/Aladdin
//! XML, OATH CSV, `import --issued`, and where errors point. Expected values come from outside
//! (oathtool, RFC vectors, privacyIDEA's and python-pskc's own output), never from softpass.
#[path = "../vault_support/mod.rs"]
mod vault_support;

mod errors;
mod formats;
mod issued;
mod layout;
mod legacy;
mod multikey;
mod psk;
mod support;
