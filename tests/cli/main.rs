//! The command line, black box: every command of docs/cli.md run as the built binary in a
//! sandbox, one module per command (calc, issue, import, import of seed files and of issue
//! documents, activation keys as pasted, code, pin, otp-pin, secrets from `-` and `@FILE`,
//! rename/remove/export, limits, exit codes, man and completions, the activation e-mail of
//! issue --eml and import --email, login and simulate against scripted servers).
#[path = "../support/mod.rs"]
mod support;

mod activation_key;
mod calc;
mod code;
mod demo_server;
mod exit;
mod import;
mod import_email;
mod import_issued;
mod issue;
mod issue_eml;
mod limits;
mod login;
mod manage;
mod meta;
mod otp_pin;
mod pin;
mod secret_input;
mod seed;
mod simulate;
