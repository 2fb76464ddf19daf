//! Where an activation e-mail goes (docs/server.md, "Enrolment"): over SMTP to `--smtp
//! smtp://HOST[:PORT]` (lettre's async SMTP transport, plain SMTP, one pool of connections
//! reused across enrolments), or, without `--smtp`, into `<data-dir>/outbox/<SERIAL>.eml`
//! (created new, 0600, fsynced with its folder before the enrolment is answered).
use crate::error::ServerError;
use lettre::transport::smtp::PoolConfig;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Connections kept open to the SMTP server (enrolments send in parallel up to this).
const SMTP_POOL: u32 = 8;
/// One SMTP conversation (connect, EHLO, MAIL, RCPT, DATA) that takes longer fails.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

enum Route {
    Smtp {
        url: String,
        transport: AsyncSmtpTransport<Tokio1Executor>,
    },
    Outbox(PathBuf),
}

/// The sender of activation e-mails: the From address and the route.
pub struct Mailer {
    from: String,
    route: Route,
}

/// Where a message went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivered {
    /// Accepted (250) by the SMTP server at this URL.
    Smtp(String),
    /// Written to this file.
    Outbox(PathBuf),
}

impl Delivered {
    /// For the audit log and the answer: `smtp://...` or `outbox/<SERIAL>.eml`.
    pub fn describe(&self) -> String {
        match self {
            Delivered::Smtp(url) => format!("sent to {url}"),
            Delivered::Outbox(p) => {
                let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
                format!("written to outbox/{}", name.unwrap_or_default())
            }
        }
    }
}

/// `smtp://HOST[:PORT]` (port 25 by default); anything else is refused at start.
fn parse_smtp(url: &str) -> Result<(String, u16), ServerError> {
    // A refused URL may be one with a password in it: never echoed.
    let shown = crate::store::redact(url);
    let bad = |why: &str| ServerError::Mail(format!("--smtp {shown}: {why}"));
    let rest = url
        .strip_prefix("smtp://")
        .ok_or_else(|| bad("expected smtp://HOST[:PORT] (plain SMTP; TLS is not built in)"))?;
    let rest = rest.trim_end_matches('/');
    if rest.is_empty() || rest.contains(['/', '@', '?']) {
        return Err(bad("expected smtp://HOST[:PORT], no user, path or options"));
    }
    let port_of = |p: &str| {
        p.parse::<u16>()
            .map_err(|_| bad("the port is not a number"))
    };
    let (host, port) = match rest.strip_prefix('[') {
        // [v6 address] with an optional :PORT after it.
        Some(v6) => match v6.split_once(']') {
            Some((h, "")) => (h, 25),
            Some((h, p)) => (h, port_of(p.strip_prefix(':').unwrap_or("x"))?),
            None => return Err(bad("an unclosed [")),
        },
        None => match rest.rsplit_once(':') {
            Some((h, p)) => (h, port_of(p)?),
            None => (rest, 25),
        },
    };
    if host.is_empty() || port == 0 {
        return Err(bad("no host or port"));
    }
    Ok((host.to_owned(), port))
}

impl Mailer {
    /// Checks `from` and the URL now, so that a typo stops the server before it listens.
    pub fn new(smtp: Option<&str>, from: &str, outbox: PathBuf) -> Result<Self, ServerError> {
        softpass_mail::check_address("sender address", from)
            .map_err(|e| ServerError::Mail(format!("--mail-from: {e}")))?;
        let route = match smtp {
            None => Route::Outbox(outbox),
            Some(url) => {
                let (host, port) = parse_smtp(url)?;
                // Plain SMTP, no STARTTLS: meant for a relay on loopback or the local network.
                let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
                    .port(port)
                    .timeout(Some(SMTP_TIMEOUT))
                    .pool_config(PoolConfig::new().max_size(SMTP_POOL))
                    .build();
                Route::Smtp {
                    url: url.trim_end_matches('/').to_owned(),
                    transport,
                }
            }
        };
        Ok(Self {
            from: from.to_owned(),
            route,
        })
    }

    pub fn from(&self) -> &str {
        &self.from
    }

    /// Sends (or writes) the message of token `serial`. `Err` says why, never with a secret.
    pub async fn deliver(&self, serial: &str, message: Message) -> Result<Delivered, String> {
        match &self.route {
            Route::Smtp { url, transport } => match transport.send(message).await {
                Ok(_) => Ok(Delivered::Smtp(url.clone())),
                Err(e) => Err(format!("SMTP {url}: {e}")),
            },
            Route::Outbox(dir) => {
                let path = dir.join(format!("{serial}.eml"));
                let bytes = zeroize::Zeroizing::new(message.formatted());
                let p = path.clone();
                tokio::task::spawn_blocking(move || write_new(&p, &bytes))
                    .await
                    .map_err(|_| "the outbox writer stopped".to_owned())?
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                Ok(Delivered::Outbox(path))
            }
        }
    }

    /// Takes back what [`Mailer::deliver`] wrote to the outbox (a sent mail cannot be).
    pub async fn withdraw(&self, d: &Delivered) {
        if let Delivered::Outbox(p) = d {
            let p = p.clone();
            let _ = tokio::task::spawn_blocking(move || std::fs::remove_file(p)).await;
        }
    }
}

/// Creates `path` (it must not exist), writes `bytes`, fsyncs the file and its folder.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    let mut f = o.open(path)?;
    let written = f.write_all(bytes).and_then(|()| f.sync_all());
    if let Err(e) = written {
        let _ = std::fs::remove_file(path);
        return Err(e);
    }
    if let Some(dir) = path.parent() {
        std::fs::File::open(dir)?.sync_all()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_urls() {
        assert_eq!(
            parse_smtp("smtp://127.0.0.1:2525").unwrap(),
            ("127.0.0.1".into(), 2525)
        );
        assert_eq!(
            parse_smtp("smtp://mail.example.org").unwrap(),
            ("mail.example.org".into(), 25)
        );
        assert_eq!(parse_smtp("smtp://[::1]:25/").unwrap(), ("::1".into(), 25));
        for bad in [
            "smtps://h:465",
            "http://h",
            "smtp://",
            "smtp://u:p@h:25",
            "smtp://h:x",
            "smtp://h:0",
            "smtp://h:25/path",
        ] {
            assert!(parse_smtp(bad).is_err(), "{bad}");
        }
        let e = parse_smtp("smtp://u:Secret9pw@h:25")
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "--smtp smtp://…@h:25: expected smtp://HOST[:PORT], no user, path or options"
        );
    }

    #[test]
    fn outbox_files_are_new_private_and_complete() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("A.eml");
        write_new(&p, b"From: x\r\n\r\nbody").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"From: x\r\n\r\nbody");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // Never over an existing message.
        assert!(write_new(&p, b"other").is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"From: x\r\n\r\nbody");
    }
}
