//! `softpass login`: the next eToken of a vault token, sent with its OTP PIN to a
//! privacyIDEA-compatible server over HTTP (/validate/check) or RADIUS; the answer decides the
//! exit code (0 accepted, 8 rejected, 9 enrolment or challenge pending).
use super::lifecycle::{common, token};
use crate::cli::args::{Global, LoginArgs};
use crate::cli::output;
use crate::exit::{Exit, Quiet};
use anyhow::Context;
use serde::Serialize;
use softpass_client::{AppError, Input, pin};
use softpass_core::combined;
use softpass_core::radius::Code;
use softpass_core::secret::{SecretBytes, SecretString};
use softpass_core::validate::Verdict;
use softpass_server::api::Authentication;
use softpass_server::client::http::Target;
use softpass_server::client::{ClientError, PiClient, RadiusClient};
use std::io::IsTerminal;
use std::net::{SocketAddr, ToSocketAddrs};
use std::time::Duration;

/// What `login` prints (`--json`: this object).
#[derive(Serialize)]
struct LoginOut {
    result: &'static str,
    message: String,
    /// The vault token's serial and the counter of the eToken sent (TOTP: none); null when no
    /// eToken was sent (an enrolment request).
    serial: Option<String>,
    counter: Option<u64>,
}

/// Where the login goes, checked before a counter is spent.
enum Route {
    Http(PiClient),
    Radius(RadiusClient),
}

fn route(a: &LoginArgs) -> anyhow::Result<Route> {
    let timeout = Duration::try_from_secs_f64(a.timeout)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| AppError::Usage("--timeout must be a positive number of seconds".into()))?;
    let (Some(addr), Some(file)) = (&a.radius, &a.radius_secret_file) else {
        let url = a.server.as_deref().unwrap_or_default();
        return Ok(Route::Http(PiClient::new(url, timeout)?));
    };
    let server = resolve(addr)?;
    let secret = first_line_secret(file)?;
    if secret.is_empty() {
        anyhow::bail!(AppError::Invalid(format!(
            "{}: the first line (the RADIUS secret) is empty",
            file.display()
        )));
    }
    let mut rc = RadiusClient::new(server, secret)?;
    rc.timeout = timeout;
    Ok(Route::Radius(rc))
}

fn resolve(addr: &str) -> anyhow::Result<SocketAddr> {
    let with_port = if addr.parse::<SocketAddr>().is_err() && !addr.contains(':') {
        format!("{addr}:1812")
    } else {
        addr.to_owned()
    };
    with_port
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .ok_or_else(|| AppError::Usage(format!("--radius {addr}: not HOST:PORT")).into())
}

/// The answer, as printed.
struct Answer {
    result: &'static str,
    message: String,
    exit: Exit,
}

fn answer(result: &'static str, message: String, exit: Exit) -> Answer {
    Answer {
        result,
        message,
        exit,
    }
}

/// What is sent: OTP PIN + the next eToken of a vault token, or (an enrolment request: `--enroll`,
/// or an empty vault and no NAME) nothing, which a create-token server answers with its challenge.
fn pass(g: &Global, a: &LoginArgs) -> anyhow::Result<(SecretString, Option<String>, Option<u64>)> {
    let client = common::client(g)?;
    if a.enrol.enroll || (a.name.is_none() && client.list()?.is_empty()) {
        return Ok((SecretString::from(""), None, None));
    }
    let target = token(g, &client, a.name.as_deref())?;
    let app_pin = pin::read_pin(g.pin_stdin, &format!("token {}", target.name))?;
    let (unlocked, views) = client.unlock_next(&target, &app_pin, 1)?;
    let view = views.into_iter().next().context("no eToken produced")?;
    let otp_pin = match &a.otp_pin {
        Some(p) => Some(SecretString::from(p.as_str())),
        None => unlocked.otp_pin().map(SecretString::duplicate),
    };
    let pass = combined::join(otp_pin.as_ref(), &view.code);
    Ok((pass, Some(view.serial), view.counter))
}

pub fn run(g: &Global, a: &LoginArgs) -> anyhow::Result<()> {
    let route = route(a)?;
    let (pass, serial, counter) = pass(g, a)?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let ans = rt.block_on(async {
        match &route {
            Route::Http(http) => http_login(http, a, &pass).await,
            Route::Radius(rc) => radius_login(rc, a, &pass).await,
        }
    })?;
    let out = LoginOut {
        result: ans.result,
        message: ans.message,
        serial,
        counter,
    };
    if g.json {
        output::json(&out)?;
    } else {
        output::print(&format!("{}: {}\n", out.result, out.message))?;
    }
    match ans.exit {
        Exit::Success => Ok(()),
        other => Err(Quiet(other).into()),
    }
}

async fn http_login(http: &PiClient, a: &LoginArgs, pass: &SecretString) -> anyhow::Result<Answer> {
    let resp = match http.check(Target::User(&a.user), pass).await {
        Ok(r) => r,
        // privacyIDEA answers an unknown user or realm with an error envelope: a rejection.
        Err(ClientError::Refused { message, .. }) => {
            return Ok(answer("REJECT", message, Exit::Rejected));
        }
        Err(e) => return Err(e.into()),
    };
    let detail = resp.detail.unwrap_or_default();
    Ok(match resp.result.authentication {
        Some(Authentication::Accept) => answer("ACCEPT", detail.message, Exit::Success),
        Some(Authentication::Challenge) => {
            let tid = detail.transaction_id.clone();
            if detail.message == Verdict::EnrollmentRequired.message()
                && let Some(tid) = tid
            {
                enroll(http, a, &tid, detail.message).await?
            } else {
                answer("CHALLENGE", detail.message, Exit::Pending)
            }
        }
        _ => answer("REJECT", detail.message, Exit::Rejected),
    })
}

/// The `enrollment required` challenge: with an e-mail address and a new OTP PIN (given, or
/// asked on a terminal) POST /enroll; otherwise report that an enrolment is pending.
async fn enroll(
    http: &PiClient,
    a: &LoginArgs,
    transaction_id: &str,
    message: String,
) -> anyhow::Result<Answer> {
    let tty = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let email = match &a.email {
        Some(e) => Some(e.clone()),
        None if tty => ask_line("E-mail address for the activation e-mail")?,
        None => None,
    };
    let Some(email) = email else {
        return Ok(answer("ENROLL", message, Exit::Pending));
    };
    let otp_pin = match &a.otp_pin {
        Some(p) => SecretString::from(p.as_str()),
        None if tty => pin::ask_secret("New OTP PIN", Input::Pin)?,
        None => {
            let message = format!("{message}: the enrolment needs a new OTP PIN (--otp-pin)");
            return Ok(answer("ENROLL", message, Exit::Pending));
        }
    };
    let resp = http
        .enroll(&a.user, &email, &otp_pin, transaction_id)
        .await?;
    let sent = resp.result.value.unwrap_or(false);
    let detail = resp.detail.unwrap_or_default();
    // The server's own words (softpass serve names the address and the route), and the new
    // token's serial when it names one.
    let mut message = match detail.message {
        m if m.is_empty() && sent => format!("activation e-mail sent to {email}"),
        m => m,
    };
    if let (true, Some(serial)) = (sent, detail.serial) {
        message.push_str(&format!(" (token {serial})"));
    }
    Ok(answer("ENROLL", message, Exit::Pending))
}

fn ask_line(label: &str) -> anyhow::Result<Option<String>> {
    eprint!("{label}: ");
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| AppError::io("<stdin>", e))?;
    let line = line.trim().to_owned();
    Ok((!line.is_empty()).then_some(line))
}

async fn radius_login(
    rc: &RadiusClient,
    a: &LoginArgs,
    pass: &SecretString,
) -> anyhow::Result<Answer> {
    let reply = rc.access_request(&a.user, pass, None).await?;
    Ok(match reply.code {
        Code::AccessAccept => answer("ACCEPT", reply.message, Exit::Success),
        // softpass serve words it "enrollment required: <how to enrol>"; other servers may
        // send the bare privacyIDEA text.
        Code::AccessChallenge
            if reply
                .message
                .starts_with(Verdict::EnrollmentRequired.message()) =>
        {
            answer("ENROLL", reply.message, Exit::Pending)
        }
        Code::AccessChallenge => answer("CHALLENGE", reply.message, Exit::Pending),
        _ => answer("REJECT", reply.message, Exit::Rejected),
    })
}

/// Secret files: the first line, for `--radius-secret-file` and the admin files of `simulate`.
pub fn first_line_secret(path: &std::path::Path) -> anyhow::Result<SecretBytes> {
    let text =
        zeroize::Zeroizing::new(std::fs::read_to_string(path).map_err(|e| AppError::io(path, e))?);
    Ok(RadiusClient::secret_from_file_text(&text))
}
