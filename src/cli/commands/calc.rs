//! `softpass calc`: the stateless calculator (no vault). Checks the options, then streams the
//! codes of the core's [`CodeRun`] through one buffered stdout; a reader that goes away (`| head`)
//! surfaces as a broken-pipe `io::Error`, which `exit` reports as success.
use crate::cli::args::{CalcArgs, Global, HashArg};
use softpass_client::AppError;
use softpass_client::clock::{Clock, SystemClock};
use softpass_core::DomainError;
use softpass_core::activation::ActivationCode;
use softpass_core::base32;
use softpass_core::otp::{CodeRun, Hotp, Totp, mobilepass};
use softpass_core::otpauth::KeyUri;
use softpass_core::token::{Algorithm, Kind};
use std::io::{self, BufWriter, Write};

pub fn run(global: &Global, args: &CalcArgs) -> anyhow::Result<()> {
    let run = plan(args, &SystemClock, global.json)?;
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    if global.json {
        run.write_json(&mut out)?;
    } else {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        run.write_lines(&mut out, threads)?;
    }
    out.flush()?;
    Ok(())
}

fn usage(msg: &str) -> anyhow::Error {
    AppError::Usage(msg.to_owned()).into()
}

fn reject_if(cond: bool, msg: &str) -> anyhow::Result<()> {
    if cond { Err(usage(msg)) } else { Ok(()) }
}

/// Domain errors (bad code, URI, secret, digits) are invalid input: exit 5.
fn invalid<E: Into<DomainError>>(e: E) -> anyhow::Error {
    anyhow::Error::from(e.into())
}

fn algorithm(arg: Option<HashArg>) -> Algorithm {
    match arg {
        None | Some(HashArg::Sha1) => Algorithm::Sha1,
        Some(HashArg::Sha256) => Algorithm::Sha256,
        Some(HashArg::Sha512) => Algorithm::Sha512,
    }
}

/// The generator, the TOTP wrapper if time based, and the default first counter.
fn source(args: &CalcArgs) -> anyhow::Result<(Hotp, Option<Totp>, u64)> {
    if let Some(code) = &args.mobilepass {
        reject_if(
            args.algorithm.is_some(),
            "--algorithm does not apply to --mobilepass (MobilePASS uses SHA-256)",
        )?;
        reject_if(args.period.is_some(), "--period needs --secret and --totp")?;
        let code = ActivationCode::parse(code).map_err(invalid)?;
        let policy = args.policy.as_deref().unwrap_or("");
        let hotp =
            mobilepass::generator(&code, policy, args.digits.unwrap_or(6)).map_err(invalid)?;
        return Ok((hotp, None, 0));
    }
    if let Some(uri) = &args.uri {
        reject_if(
            args.algorithm.is_some() || args.digits.is_some() || args.period.is_some(),
            "--algorithm, --digits and --period do not apply to --uri (the URI carries them)",
        )?;
        let uri = KeyUri::parse(uri).map_err(invalid)?;
        let hotp = Hotp::new(uri.algorithm, uri.secret.expose(), uri.digits).map_err(invalid)?;
        return Ok(match uri.kind {
            Kind::Totp => {
                let totp = Totp::new(hotp.duplicate(), uri.period, 0).map_err(invalid)?;
                (hotp, Some(totp), 0)
            }
            _ => (hotp, None, uri.counter),
        });
    }
    let Some(secret) = &args.secret else {
        return Err(usage("one of --mobilepass, --uri or --secret is required"));
    };
    reject_if(args.period.is_some() && !args.totp, "--period needs --totp")?;
    let key = base32::decode_lenient(secret).map_err(invalid)?;
    let hotp = Hotp::new(
        algorithm(args.algorithm),
        key.expose(),
        args.digits.unwrap_or(6),
    )
    .map_err(invalid)?;
    let totp = if args.totp {
        Some(Totp::new(hotp.duplicate(), args.period.unwrap_or(30), 0).map_err(invalid)?)
    } else {
        None
    };
    Ok((hotp, totp, 0))
}

/// Validate everything before the first byte is written (with `--json`, stdout stays empty on error).
fn plan(args: &CalcArgs, clock: &dyn Clock, json: bool) -> anyhow::Result<CodeRun> {
    let (hotp, totp, default_counter) = source(args)?;
    let first = match (&totp, args.counter, args.time) {
        (_, Some(_), Some(_)) => return Err(usage("--counter and --time exclude each other")),
        (None, _, Some(_)) => {
            return Err(usage(
                "--time applies only to time-based tokens (--totp, or an otpauth://totp/ URI)",
            ));
        }
        // For a time-based token, --counter is the time step itself.
        (_, Some(counter), None) => counter,
        (None, None, None) => default_counter,
        (Some(t), None, time) => t
            .step_at(time.unwrap_or_else(|| clock.now_unix()))
            .map_err(invalid)?,
    };
    let last = first
        .checked_add(args.count - 1)
        .ok_or_else(|| usage("--count runs past the largest counter (2^64-1)"))?;
    let step = totp.as_ref().map(|t| (t.period(), 0));
    if let (true, Some((period, t0))) = (json, step) {
        last.checked_mul(u64::from(period))
            .and_then(|s| s.checked_add(t0))
            .ok_or_else(|| usage("--count runs past the largest Unix time (2^64-1)"))?;
    }
    Ok(CodeRun {
        hotp,
        first,
        last,
        step,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use softpass_client::clock::FixedClock;

    fn args(secret: &str) -> CalcArgs {
        CalcArgs {
            mobilepass: None,
            policy: None,
            uri: None,
            secret: Some(secret.parse().unwrap()),
            algorithm: None,
            digits: Some(8),
            totp: true,
            period: None,
            counter: None,
            time: None,
            count: 2,
        }
    }

    #[test]
    fn a_totp_without_time_reads_the_clock() {
        // RFC 6238 seed "12345678901234567890" in base32; at 59 s the step is 1: 94287082.
        let a = args("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        let run = plan(&a, &FixedClock(59), true).unwrap();
        let mut out = Vec::new();
        run.write_json(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with(
                r#"{"codes":[{"counter":1,"time":30,"code":"94287082"},{"counter":2,"#
            ),
            "{text}"
        );
    }
}
