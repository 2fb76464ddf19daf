//! `softpass serve`: the OTP service. Thin: options to a server config, a tokio runtime, and
//! the server until SIGTERM/SIGINT (docs/server.md).
use crate::cli::args::{DurabilityArg, ModeArg, ServeArgs, TokenTypeArg};
use softpass_core::token::Kind;
use softpass_core::validate::Policy;
use softpass_server::server::{self, Config};
use softpass_server::service::Mode;
use softpass_server::store::Durability;

fn config(a: &ServeArgs) -> anyhow::Result<Config> {
    let data_dir = match &a.data_dir {
        Some(d) => d.clone(),
        None => softpass_client::paths::default_server_dir()?,
    };
    Ok(Config {
        listen: a.listen.clone(),
        db: a.db.clone(),
        data_dir,
        mode: match a.mode {
            ModeArg::Mandatory => Mode::Mandatory,
            ModeArg::CreateToken => Mode::CreateToken,
            ModeArg::SafenetOnly => Mode::SafenetOnly,
        },
        enroll_type: match a.enroll_type {
            TokenTypeArg::Hotp => Kind::Hotp,
            TokenTypeArg::Totp => Kind::Totp,
        },
        users: a.users.clone(),
        durability: match a.durability {
            DurabilityArg::Normal => Durability::Normal,
            DurabilityArg::Fsync => Durability::Fsync,
        },
        policy: Policy {
            failcount_clear_timeout: a.failcounter_clear_timeout.saturating_mul(60),
            auto_resync: a.auto_resync,
            ..Policy::default()
        },
        pg_pool: usize::from(a.pg_pool),
        radius: a.radius.clone(),
        mail: server::MailConfig {
            smtp: a.mail.smtp.clone(),
            from: a.mail.mail_from.clone(),
        },
    })
}

pub fn run(a: &ServeArgs) -> anyhow::Result<()> {
    let cfg = config(a)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("softpass-serve")
        .build()?;
    rt.block_on(server::run(cfg, server::signals()))?;
    Ok(())
}
