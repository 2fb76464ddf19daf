//! The commands about softpass itself: shell completions, the man page (whose EXIT STATUS must
//! agree with docs/cli.md: both come from src/exit.rs), and the TUI entry without a terminal.
use std::process::Stdio;

use crate::support::*;

#[test]
fn completions_and_man_produce_output() {
    let sb = Sandbox::new();
    for shell in ["bash", "zsh", "fish"] {
        let s = ok(sb.novault(&["completions", shell]));
        assert!(s.contains("softpass"), "{shell}");
        for sub in ["import", "calc", "issue"] {
            assert!(s.contains(sub), "{shell} completions lack {sub}");
        }
    }
    let bash = ok(sb.novault(&["completions", "bash"]));
    assert!(bash.contains("--seed-file") && bash.contains("--pin-stdin"));
    let man = ok(sb.novault(&["man"]));
    assert!(man.contains(".TH"), "roff header");
    assert!(man.to_lowercase().contains("softpass"));
    let o = out(sb.novault(&["completions", "no-such-shell"]));
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn man_page_documents_the_whole_surface() {
    let sb = Sandbox::new();
    // roff escapes '-' as '\-'.
    let man = ok(sb.novault(&["man"])).replace("\\-", "-");
    for needle in [
        "--seed-file",
        "--activation-key",
        "--mobilepass",
        "--serial",
        "--replace",
        "--otp-pin",
        "--combined",
        "--copy",
        "--count",
        "--time",
        "--totp",
        "--period",
        "--out",
        "--app-pin",
        "--max-failed-attempts",
        "--kdf-memory-kib",
        "SOFTPASS_PIN",
        "SOFTPASS_NEW_PIN",
        "SOFTPASS_VAULT",
    ] {
        assert!(man.contains(needle), "man page lacks {needle}");
    }
}

#[test]
fn completions_and_man_survive_a_closed_stdout() {
    let sb = Sandbox::new();
    for args in [&["completions", "bash"][..], &["man"][..]] {
        let mut c = sb.novault(args);
        let (r, w) = std::io::pipe().expect("pipe");
        drop(r);
        c.stdout(w).stderr(Stdio::piped());
        let o = c.output().expect("run");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_ne!(o.status.code(), Some(101), "{args:?}");
    }
}

#[test]
fn tui_without_a_terminal_is_a_clean_error() {
    let sb = Sandbox::new();
    for args in [&[][..], &["tui"][..]] {
        let o = out(sb.sp(args));
        assert_ne!(o.status.code(), Some(0), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.starts_with("softpass: ") && err.lines().count() == 1,
            "{err}"
        );
    }
}

/// The exit-code table of docs/cli.md ("| code | meaning |"), backticks dropped.
fn documented_exit_codes() -> Vec<(u8, String)> {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/cli.md")).unwrap();
    let section = doc
        .split_once("## Exit codes")
        .expect("docs/cli.md has an exit-code section")
        .1;
    section
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .filter_map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            Some((cells[0].parse().ok()?, cells[1].replace('`', "")))
        })
        .collect()
}

/// The EXIT STATUS section of `softpass man`: `.TP`, `\fBcode\fR`, meaning; roff escapes undone.
fn man_exit_codes() -> Vec<(u8, String)> {
    let man = ok(Sandbox::new().novault(&["man"]));
    let section = man
        .split_once(".SH \"EXIT STATUS\"")
        .expect("the man page has EXIT STATUS")
        .1;
    let mut lines = section.lines().take_while(|l| !l.starts_with(".SH"));
    let mut codes = Vec::new();
    while let Some(l) = lines.next() {
        if let Some(n) = l.strip_prefix("\\fB").and_then(|r| r.strip_suffix("\\fR")) {
            let meaning = lines.next().expect("a meaning after the code");
            codes.push((
                n.parse().expect("a numeric code"),
                meaning.replace("\\-", "-"),
            ));
        }
    }
    codes
}

#[test]
fn exit_codes_in_docs_agree_with_the_man_page() {
    let man = man_exit_codes();
    assert_eq!(
        man.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
        (0..=9).collect::<Vec<u8>>(),
        "every code once, in order"
    );
    assert!(man.iter().all(|(_, m)| !m.is_empty()), "{man:?}");
    assert_eq!(documented_exit_codes(), man);
}
