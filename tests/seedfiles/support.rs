//! Helpers for the seed-file tests: fixture paths, imports with the tiny KDF cost, eTokens.
#![allow(dead_code)] // each module uses a different part

use crate::vault_support::{Sandbox, run};
use std::path::PathBuf;

pub const TINY: [&str; 4] = ["--kdf-memory-kib", "64", "--kdf-iterations", "1"];

/// `tests/testdata/<rel>`.
pub fn testdata(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/testdata")
        .join(rel)
}

pub fn read(rel: &str) -> String {
    std::fs::read_to_string(testdata(rel)).unwrap()
}

/// `softpass import --seed-file FILE EXTRA…` with `SOFTPASS_PIN=pin` and the tiny KDF cost.
pub fn import(sb: &Sandbox, file: &str, pin: &str, extra: &[&str]) -> std::process::Command {
    let mut args = vec!["import", "--seed-file", file];
    args.extend(TINY);
    args.extend(extra);
    sb.with_pin(pin, &args)
}

/// The next `count` eTokens of token `name`, one per line.
pub fn codes(sb: &Sandbox, pin: &str, name: &str, count: u32) -> Vec<String> {
    let out = run(
        sb.with_pin(pin, &["code", name, "--count", &count.to_string()]),
        0,
    );
    out.lines().map(str::to_owned).collect()
}

/// The eTokens of time-based token `name` at each Unix time.
pub fn codes_at(sb: &Sandbox, pin: &str, name: &str, times: &[u64]) -> Vec<String> {
    times
        .iter()
        .map(|t| {
            run(
                sb.with_pin(pin, &["code", name, "--time", &t.to_string()]),
                0,
            )
            .trim()
            .to_owned()
        })
        .collect()
}

/// The serials in the vault, in vault order.
pub fn serials(sb: &Sandbox) -> Vec<String> {
    sb.list()["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["serial"].as_str().unwrap().to_owned())
        .collect()
}
