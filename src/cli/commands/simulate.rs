//! `softpass simulate`: many virtual users logging in at once against a privacyIDEA-compatible
//! server, every answer checked against the simulator's own model (crates/server/src/simulate/).
use super::login::first_line_secret;
use crate::cli::args::{Global, SimulateArgs};
use crate::cli::output;
use softpass_client::AppError;
use softpass_core::secret::SecretString;
use softpass_server::client::RadiusClient;
use softpass_server::simulate::{self, AdminAuth, Bound, Config, Scenario};
use std::io::IsTerminal;
use std::net::ToSocketAddrs;
use std::sync::Arc;
use std::time::Duration;

fn secret_string(path: &std::path::Path) -> anyhow::Result<SecretString> {
    let bytes = first_line_secret(path)?;
    let text = std::str::from_utf8(bytes.expose()).map_err(|_| {
        AppError::Invalid(format!("{}: the first line is not UTF-8", path.display()))
    })?;
    if text.is_empty() {
        anyhow::bail!(AppError::Invalid(format!(
            "{}: the first line is empty",
            path.display()
        )));
    }
    Ok(SecretString::from(text))
}

fn config(a: &SimulateArgs) -> anyhow::Result<Config> {
    let admin = match (&a.admin_key_file, &a.admin_user, &a.admin_password_file) {
        (Some(f), _, _) => AdminAuth::Key(secret_string(f)?),
        (None, Some(user), Some(f)) => AdminAuth::Password {
            user: user.clone(),
            password: secret_string(f)?,
        },
        _ => anyhow::bail!(AppError::Usage(
            "an admin key file or admin user is required".into()
        )),
    };
    let scenario = match &a.scenario {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| AppError::io(p, e))?;
            Scenario::parse(&text, &p.display().to_string()).map_err(AppError::Invalid)?
        }
        None => Scenario::default(),
    };
    let bound = match (a.logins, a.duration) {
        (Some(k), _) => Bound::Logins(k),
        (None, Some(s)) => Bound::Duration(Duration::from_secs(s)),
        _ => anyhow::bail!(AppError::Usage("--logins or --duration is required".into())),
    };
    let timeout = Duration::try_from_secs_f64(a.timeout)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| AppError::Usage("--timeout must be a positive number of seconds".into()))?;
    let mut radius = Vec::with_capacity(a.radius.len());
    if let Some(file) = &a.radius_secret_file {
        for addr in &a.radius {
            let server = addr
                .to_socket_addrs()
                .ok()
                .and_then(|mut s| s.next())
                .ok_or_else(|| AppError::Usage(format!("--radius {addr}: not HOST:PORT")))?;
            let mut rc = RadiusClient::new(server, first_line_secret(file)?)?;
            rc.timeout = timeout.min(Duration::from_secs(5));
            radius.push(Arc::new(rc));
        }
    }
    Ok(Config {
        servers: a.server.clone(),
        admin,
        bound,
        users: a.users,
        concurrency: a.concurrency,
        scenario,
        seed: a.seed,
        timeout,
        radius,
        progress: std::io::stdout().is_terminal() && std::io::stderr().is_terminal(),
    })
}

pub fn run(g: &Global, a: &SimulateArgs) -> anyhow::Result<()> {
    let cfg = config(a)?;
    let report = simulate::run(cfg, &mut |note| eprintln!("softpass: note: {note}"))?;
    if let Some(path) = &a.report {
        let mut doc = serde_json::to_vec_pretty(&report)?;
        doc.push(b'\n');
        std::fs::write(path, doc).map_err(|e| AppError::io(path, e))?;
    }
    if let Some(path) = &a.plot {
        simulate::write_plot(&report, path).map_err(AppError::Invalid)?;
    }
    if g.json {
        output::json(&report)?;
    } else {
        output::print(&report.table())?;
    }
    if report.mismatches > 0 {
        anyhow::bail!(
            "{} mismatch(es) between the model and the server (listed in the report)",
            report.mismatches
        );
    }
    Ok(())
}
