//! The command line, black box: every command of docs/cli.md run as the built binary in a
//! sandbox, one module per command (calc, issue, import, import of seed files, code, pin,
//! rename/remove/export, limits, exit codes, man and completions, the activation e-mail
//! of issue --eml and import --email).
#[path = "../support/mod.rs"]
mod support;

mod calc;
mod code;
mod exit;
mod import;
mod import_email;
mod import_issued;
mod issue;
mod issue_eml;
mod limits;
mod manage;
mod meta;
mod pin;
mod seed;
