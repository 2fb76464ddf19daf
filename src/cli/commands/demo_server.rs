//! `softpass demo --server`: the whole chain of the Parallels RAS + SafeNet guide on one machine,
//! every step a real command of this binary: a throw-away `softpass serve` in create-token mode
//! with one demo user (temp folder, free loopback port), enrolment through `login` (OTP PIN +
//! e-mail), the activation e-mail from the server's outbox, `import --email` into a throw-away
//! vault, an eToken, and the login that is accepted. Each step says which screen of the guide it
//! is. Non-interactive: it prints and exits 0 (1 if a step does not answer as expected).
use crate::cli::args::Global;
use crate::cli::output;
use anyhow::{Context, bail};
use softpass_client::mail;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const USER: &str = "demo";
const EMAIL: &str = "demo@example.org";
const OTP_PIN: &str = "4711";
/// The throw-away vault's Argon2id cost: cheap (256 KiB, 1 pass) so the demo runs in a moment;
/// a real vault keeps the default (docs/security.md).
const DEMO_KDF: [&str; 4] = ["--kdf-memory-kib", "256", "--kdf-iterations", "1"];

/// The throw-away server: killed and its folder removed when dropped, whatever happened.
struct Demo {
    dir: tempfile::TempDir,
    server: Option<Child>,
    url: String,
}

impl Drop for Demo {
    fn drop(&mut self) {
        if let Some(mut c) = self.server.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

fn me() -> anyhow::Result<PathBuf> {
    std::env::current_exe().context("cannot find the softpass binary to run the steps")
}

/// Starts `softpass serve` on a free loopback port; its URL, from the line it prints once it
/// listens.
fn start_server(dir: &Path) -> anyhow::Result<(Child, String)> {
    let users = dir.join("users.csv");
    std::fs::write(&users, format!("user,email\n{USER},{EMAIL}\n"))?;
    let mut child = Command::new(me()?)
        .args(["serve", "--listen", "127.0.0.1:0", "--mode", "create-token"])
        .arg("--data-dir")
        .arg(dir.join("server"))
        .arg("--users")
        .arg(&users)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .context("cannot start softpass serve")?;
    let stderr = child.stderr.take().context("serve's stderr")?;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    loop {
        match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(line) => {
                if let Some(addr) = line.strip_prefix("softpass: listening on http://") {
                    return Ok((child, addr.to_owned()));
                }
            }
            Err(_) => {
                let _ = child.kill();
                bail!("softpass serve did not start listening");
            }
        }
    }
}

/// Runs `softpass ARGS` on the demo vault (application PIN `pin`, if any): exit code, stdout.
fn step(demo: &Demo, pin: Option<&str>, args: &[&str]) -> anyhow::Result<(i32, String)> {
    let mut c = Command::new(me()?);
    c.arg("--vault").arg(demo.dir.path().join("vault.json"));
    c.args(args).stdin(Stdio::null());
    // Only what this run gives: never the caller's vault, PIN or settings.
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("SOFTPASS_") {
            c.env_remove(k);
        }
    }
    c.env("SOFTPASS_CONFIG", demo.dir.path().join("config.toml"));
    if let Some(p) = pin {
        c.env("SOFTPASS_PIN", p);
    }
    let o = c.output().context("cannot run a demo step")?;
    if !o.stderr.is_empty() {
        eprint!("{}", String::from_utf8_lossy(&o.stderr));
    }
    Ok((
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    ))
}

/// Prints one step: its title, the guide's screen it stands for, the command and its output.
fn show(n: u8, title: &str, screen: &str, command: &str, out: &str) -> anyhow::Result<()> {
    let mut text = format!("\n[{n}/6] {title}\n      Guide: {screen}\n");
    if !command.is_empty() {
        text.push_str(&format!("  $ softpass {command}\n"));
    }
    for line in out.lines() {
        text.push_str(&format!("    {line}\n"));
    }
    output::print(&text)
}

fn expect(n: u8, got: (i32, String), code: i32, starts: &str) -> anyhow::Result<String> {
    if got.0 != code || !got.1.starts_with(starts) {
        bail!(
            "demo --server: step {n} answered (exit {}) {:?}, expected exit {code} and {starts:?}",
            got.0,
            got.1.trim_end()
        );
    }
    Ok(got.1)
}

pub fn run(_g: &Global) -> anyhow::Result<()> {
    let dir = tempfile::Builder::new()
        .prefix("softpass-demo-server")
        .tempdir()?;
    let (server, url) = start_server(dir.path())?;
    let demo = Demo {
        dir,
        server: Some(server),
        url: format!("http://{url}"),
    };
    output::print(
        "softpass demo --server: the whole chain of the Parallels RAS + SafeNet guide on this\n\
         machine: a throw-away OTP service, enrolment by e-mail, activation, login.\n",
    )?;
    show(
        1,
        "The OTP service, in create-token mode, with one user",
        "OTP Service URL / TMS Web API URL = this server; User Repository = --users; Mode = create-token",
        &format!(
            "serve --listen 127.0.0.1:0 --mode create-token --users users.csv   ({USER}, {EMAIL})"
        ),
        &format!("softpass: listening on {}", demo.url),
    )?;
    let eml = enrol(&demo)?;
    let pin = activate(&demo, &eml)?;
    log_on(&demo, &pin)?;
    drop(demo);
    output::print(
        "\nDone: the throw-away server is stopped and its folder and vault are gone.\n\
         The same steps against your own `softpass serve`: docs/server.md, \"The chain\".\n",
    )
}

/// Steps 2 and 3: the first logon asks for an enrolment; the e-mail lands in the outbox.
fn enrol(demo: &Demo) -> anyhow::Result<PathBuf> {
    let args = [
        "login",
        "--server",
        &demo.url,
        "--user",
        USER,
        "--enroll",
        "--email",
        EMAIL,
        "--otp-pin",
        OTP_PIN,
    ];
    let out = expect(2, step(demo, None, &args)?, 9, "ENROLL: ")?;
    show(
        2,
        "First logon: the server asks for an enrolment, answered with OTP PIN + e-mail",
        "New Account Info (type an OTP PIN and an e-mail address)",
        &format!(
            "login --server {} --user {USER} --enroll --email {EMAIL} --otp-pin {OTP_PIN}",
            demo.url
        ),
        &format!(
            "{out}(the server answered CHALLENGE \"enrollment required\"; login sent POST /enroll)"
        ),
    )?;
    let outbox = demo.dir.path().join("server").join("outbox");
    let eml = std::fs::read_dir(&outbox)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "eml"))
        .context("demo --server: step 3: no activation e-mail in the outbox")?;
    let (origin, bytes) = mail::load(Some(&eml))?;
    let m = mail::read_message(&origin, &bytes)?;
    let facts = format!(
        "Activation Key:   {}\nToken Serial:     {}\nApplication PIN:  {}\nSeed File:        {}.pskc (attached)",
        m.activation_key.as_ref().map_or("", |k| k.expose()),
        m.serial.as_deref().unwrap_or(""),
        m.application_pin.as_ref().map_or("", |p| p.expose()),
        m.serial.as_deref().unwrap_or("")
    );
    show(
        3,
        "The activation e-mail (no --smtp: written to the server's outbox)",
        "the e-mail with the Activation Key, Token Serial, Application PIN and the seed file",
        "",
        &format!("{}:\n{facts}", eml.display()),
    )?;
    Ok(eml)
}

/// Step 4: the e-mail imported; the application PIN it gave.
fn activate(demo: &Demo, eml: &Path) -> anyhow::Result<String> {
    let (origin, bytes) = mail::load(Some(eml))?;
    let m = mail::read_message(&origin, &bytes)?;
    let pin = m
        .application_pin
        .as_ref()
        .map(|p| p.expose().to_owned())
        .context("demo --server: the e-mail has no Application PIN")?;
    let path = eml.display().to_string();
    let mut args = vec!["import", "--email", &path, "--otp-pin", OTP_PIN];
    args.extend(DEMO_KDF);
    let out = expect(4, step(demo, None, &args)?, 0, "imported ")?;
    show(
        4,
        "Activate the token from the e-mail (into a throw-away vault, cheap KDF for speed)",
        "activating the software token with the Activation Key and the seed file",
        &format!(
            "import --email {path} --otp-pin {OTP_PIN} {}",
            DEMO_KDF.join(" ")
        ),
        &out,
    )?;
    Ok(pin)
}

/// Steps 5 and 6: an eToken, and the logon with OTP PIN + eToken.
fn log_on(demo: &Demo, pin: &str) -> anyhow::Result<()> {
    let out = expect(
        5,
        step(demo, Some(pin), &["code", "--combined"])?,
        0,
        OTP_PIN,
    )?;
    show(
        5,
        "Generate an eToken (OTP PIN + eToken; --copy would put it on the clipboard)",
        "Generate, Copy",
        "code --combined",
        &out,
    )?;
    let args = ["login", "--server", &demo.url, "--user", USER];
    let out = expect(6, step(demo, Some(pin), &args)?, 0, "ACCEPT: ")?;
    show(
        6,
        "Log on: the next eToken after the OTP PIN, checked by the server",
        "the logon with OTP PIN + eToken",
        &format!("login --server {} --user {USER}", demo.url),
        &out,
    )
}
