//! README's "Everyday use" commands, extracted from README.md and run verbatim from the
//! repository root (as the README says) in a tmux pane, on a temp vault: the import of the
//! sample seed, the terminal UI, `code --copy` and `list --json`. The PIN comes from
//! SOFTPASS_PIN (what a user types at the prompt); expected eTokens are the published ones in
//! seeds/README.md (computed with oathtool). Skips without tmux unless `CI` is set.
mod tui_support;

use std::path::Path;
use std::time::{Duration, Instant};
use tui_support::tmux::*;

/// The indented command lines of the README section `## Everyday use`.
fn everyday_commands() -> Vec<String> {
    let readme = include_str!("../README.md");
    let section = readme
        .split("\n## ")
        .find(|s| s.starts_with("Everyday use"))
        .expect("README has an Everyday use section");
    section
        .lines()
        .filter_map(|l| l.strip_prefix("    "))
        .map(str::to_owned)
        .collect()
}

/// Waits (up to 120 s: unoptimised Argon2 on a busy machine) for `path` to hold an `rc=` line.
fn wait_rc(path: &Path) -> String {
    let start = Instant::now();
    loop {
        if let Ok(s) = std::fs::read_to_string(path)
            && s.contains("rc=")
        {
            return s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "{path:?} never finished"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn readme_everyday_commands_work_as_written_from_the_repository_root() {
    let commands = everyday_commands();
    assert_eq!(commands.len(), 4, "{commands:?}");
    assert!(
        commands[0].contains("--seed-file seeds/"),
        "{}",
        commands[0]
    );
    assert!(commands[0].starts_with("softpass import"));
    if !tmux_available() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let bin_dir = Path::new(BIN).parent().unwrap();
    // Each line verbatim inside a brace group (its comment ends at the newline), its output and
    // exit code into a file; the TUI line alone keeps the terminal.
    let mut script = format!(
        "cd {root} || exit 1\nexport PATH={bin}:\"$PATH\" HOME={t} SOFTPASS_VAULT={t}/vault.json SOFTPASS_CONFIG={t}/none.toml SOFTPASS_PIN=4089\nunset DISPLAY WAYLAND_DISPLAY\n",
        root = shell_quote(Path::new(env!("CARGO_MANIFEST_DIR"))),
        bin = shell_quote(bin_dir),
        t = shell_quote(t),
    );
    for (i, line) in commands.iter().enumerate() {
        let out = shell_quote(&t.join(format!("out{i}")));
        if line.split('#').next().unwrap().trim() == "softpass" {
            script.push_str(&format!("{line}\necho \"rc=$?\" >{out}\n"));
        } else {
            script.push_str(&format!(
                "{{ {line}\n}} >{out} 2>&1; echo \"rc=$?\" >>{out}\n"
            ));
        }
    }
    std::fs::write(t.join("everyday.sh"), &script).unwrap();
    let tmux = Tmux::start(
        "readme",
        &format!("sh {}", shell_quote(&t.join("everyday.sh"))),
    );

    let import = wait_rc(&t.join("out0"));
    assert!(
        import.contains("imported 4F214C507612A26A") && import.contains("rc=0"),
        "{import}"
    );
    tmux.wait_for("the terminal UI with the token", |s| {
        s.contains("4F214C507612A26A") && s.contains("? help")
    });
    tmux.keys(&["q"]);
    assert!(wait_rc(&t.join("out1")).contains("rc=0"));
    // seeds/README.md: counter 0 of the demo token is 033529.
    let code = wait_rc(&t.join("out2"));
    assert!(
        code.starts_with("033529\n") && code.contains("rc=0"),
        "{code}"
    );
    let copied = tmux.run(&["show-buffer"]);
    assert_eq!(String::from_utf8_lossy(&copied.stdout), "033529");
    let list = wait_rc(&t.join("out3"));
    let json = list.split("rc=").next().unwrap();
    let v: serde_json::Value = serde_json::from_str(json).expect(json);
    assert_eq!(v["tokens"][0]["serial"], "4F214C507612A26A");
    assert_eq!(v["tokens"][0]["counter"], 1);
    assert!(list.contains("rc=0"));
}
