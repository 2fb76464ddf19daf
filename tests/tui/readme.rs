//! README's "Everyday use" commands, extracted from README.md and run verbatim from the
//! repository root (as the README says) in a tmux pane, on a sandbox vault: the import of the
//! sample seed, the terminal UI, `code --copy` and `list --json`. The PIN comes from
//! SOFTPASS_PIN (what a user types at the prompt); expected eTokens are the published ones in
//! seeds/README.md (computed with oathtool).
use std::path::Path;
use std::time::Duration;

use crate::support::tmux::*;
use crate::support::*;

/// The indented command lines of the README section `## Everyday use`.
fn everyday_commands() -> Vec<String> {
    let readme = include_str!("../../README.md");
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

/// The shell script that runs each line verbatim inside a brace group (its comment ends at the
/// newline), its output and exit code into `outI`; the TUI line alone keeps the terminal.
fn script(sb: &Sandbox, commands: &[String]) -> String {
    let q = |p: &Path| sh_quote(p.to_str().unwrap());
    let mut script = format!(
        "cd {root} || exit 1\nexport PATH={bin}:\"$PATH\" SOFTPASS_VAULT={vault} SOFTPASS_PIN={DEMO_PIN}\nunset DISPLAY WAYLAND_DISPLAY\n",
        root = q(Path::new(env!("CARGO_MANIFEST_DIR"))),
        bin = q(Path::new(BIN).parent().unwrap()),
        vault = q(&sb.vault()),
    );
    for (i, line) in commands.iter().enumerate() {
        let out = q(&sb.path(&format!("out{i}")));
        if line.split('#').next().unwrap().trim() == "softpass" {
            script.push_str(&format!("{line}\necho \"rc=$?\" >{out}\n"));
        } else {
            script.push_str(&format!(
                "{{ {line}\n}} >{out} 2>&1; echo \"rc=$?\" >>{out}\n"
            ));
        }
    }
    script
}

/// Waits (up to 120 s: unoptimised Argon2 on a busy machine) for `outI` to hold its `rc=` line.
fn output(sb: &Sandbox, i: usize) -> String {
    wait_rc(&sb.path(&format!("out{i}")), Duration::from_secs(120))
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
    if !require(&["tmux"]) {
        return;
    }
    let sb = Sandbox::new();
    std::fs::write(sb.path("everyday.sh"), script(&sb, &commands)).unwrap();
    let everyday = sb.path("everyday.sh");
    let tmux = Tmux::start(&sb, &format!("sh {}", sh_quote(everyday.to_str().unwrap())));

    let import = output(&sb, 0);
    assert!(
        import.contains(&format!("imported {DEMO_SERIAL}")) && import.contains("rc=0"),
        "{import}"
    );
    tmux.wait_for("the terminal UI with the token", |s| {
        s.contains(DEMO_SERIAL) && s.contains("? help")
    });
    tmux.keys(&["q"]);
    assert!(output(&sb, 1).contains("rc=0"));
    // seeds/README.md: counter 0 of the demo token.
    let code = output(&sb, 2);
    assert!(
        code.starts_with(&format!("{}\n", DEMO_CODES[0])) && code.contains("rc=0"),
        "{code}"
    );
    assert_eq!(tmux.buffer().as_deref(), Some(DEMO_CODES[0]));
    let list = output(&sb, 3);
    let v = json(list.split("rc=").next().unwrap());
    assert_eq!(v["tokens"][0]["serial"], DEMO_SERIAL);
    assert_eq!(v["tokens"][0]["counter"], 1);
    assert!(list.contains("rc=0"));
}
