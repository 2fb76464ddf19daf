//! `softpass calc`: the stateless calculator (no vault). Streams K codes through one buffered writer.
//!
//! Millions of codes must be cheap: the keyed HMAC state is built once, each code is formatted into
//! a reused byte buffer (nothing is allocated per code), and a reader that goes away (`| head`)
//! surfaces as a broken-pipe `io::Error`, which `exit` reports as success.
use crate::cli::args::{CalcArgs, Global, HashArg};
use softpass_client::AppError;
use softpass_client::clock::{Clock, SystemClock};
use softpass_core::DomainError;
use softpass_core::activation::ActivationCode;
use softpass_core::base32;
use softpass_core::otp::{Code, Hotp, Totp, mobilepass};
use softpass_core::otpauth::KeyUri;
use softpass_core::token::{Algorithm, Kind};
use std::io::{self, BufWriter, Write};

/// What to stream: counters (or TOTP time steps) `first..=last` of one generator.
struct Plan {
    hotp: Hotp,
    first: u64,
    last: u64,
    /// Time-based tokens: `(period, t0)`, to report each step's first second in JSON.
    step: Option<(u32, u64)>,
}

pub fn run(global: &Global, args: &CalcArgs) -> anyhow::Result<()> {
    let plan = plan(args, &SystemClock, global.json)?;
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    if global.json {
        write_json(&mut out, &plan)?;
    } else {
        write_lines(&mut out, &plan)?;
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
                let totp = Totp::new(hotp.clone(), uri.period, 0).map_err(invalid)?;
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
        Some(Totp::new(hotp.clone(), args.period.unwrap_or(30), 0).map_err(invalid)?)
    } else {
        None
    };
    Ok((hotp, totp, 0))
}

/// Validate everything before the first byte is written (with `--json`, stdout stays empty on error).
fn plan(args: &CalcArgs, clock: &dyn Clock, json: bool) -> anyhow::Result<Plan> {
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
    Ok(Plan {
        hotp,
        first,
        last,
        step,
    })
}

/// Codes per thread per round: enough to amortise a thread start (~0.1%), few enough that a reader
/// who stops early (`| head`) does not wait for much work.
const CHUNK: u64 = 1 << 15;

/// One code per line. Long runs are split into chunks computed by several threads into reused
/// buffers and written in order; short runs are written directly.
fn write_lines(out: &mut impl Write, plan: &Plan) -> io::Result<()> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    // `last - first + 1` is --count, which fits in a u64.
    let mut remaining = plan.last - plan.first + 1;
    if threads < 2 || remaining < 4 * CHUNK {
        let mut digits = [0u8; Code::MAX_LEN];
        for counter in plan.first..=plan.last {
            out.write_all(plan.hotp.code(counter).write_ascii(&mut digits))?;
            out.write_all(b"\n")?;
        }
        return Ok(());
    }
    let line = Code::MAX_LEN + 1;
    let mut bufs: Vec<Vec<u8>> = (0..threads)
        .map(|_| Vec::with_capacity(CHUNK as usize * line))
        .collect();
    let mut next = plan.first;
    while remaining > 0 {
        let mut used = 0;
        std::thread::scope(|scope| {
            let mut jobs = Vec::with_capacity(threads);
            for buf in bufs.iter_mut() {
                if remaining == 0 {
                    break;
                }
                let n = remaining.min(CHUNK);
                jobs.push((buf, next, n));
                // Wraps only past the very last counter, after which nothing is read.
                next = next.wrapping_add(n);
                remaining -= n;
                used += 1;
            }
            let mut jobs = jobs.into_iter();
            let own = jobs.next();
            for (buf, from, n) in jobs {
                scope.spawn(move || fill(buf, &plan.hotp, from, n));
            }
            if let Some((buf, from, n)) = own {
                fill(buf, &plan.hotp, from, n);
            }
        });
        for buf in &bufs[..used] {
            out.write_all(buf)?;
        }
    }
    Ok(())
}

/// Lines for counters `from..from+n` into `buf` (cleared; its capacity is kept across rounds).
fn fill(buf: &mut Vec<u8>, hotp: &Hotp, from: u64, n: u64) {
    buf.clear();
    let mut digits = [0u8; Code::MAX_LEN];
    for i in 0..n {
        buf.extend_from_slice(hotp.code(from + i).write_ascii(&mut digits));
        buf.push(b'\n');
    }
}

/// `{"codes":[{"counter":N,"code":"…"},…]}`; time-based codes also carry `"time"` (docs/cli.md).
fn write_json(out: &mut impl Write, plan: &Plan) -> io::Result<()> {
    let mut digits = [0u8; Code::MAX_LEN];
    out.write_all(b"{\"codes\":[")?;
    for counter in plan.first..=plan.last {
        if counter != plan.first {
            out.write_all(b",")?;
        }
        write!(out, "{{\"counter\":{counter}")?;
        if let Some((period, t0)) = plan.step {
            // Checked in `plan`: cannot overflow.
            write!(out, ",\"time\":{}", t0 + counter * u64::from(period))?;
        }
        out.write_all(b",\"code\":\"")?;
        out.write_all(plan.hotp.code(counter).write_ascii(&mut digits))?;
        out.write_all(b"\"}")?;
    }
    out.write_all(b"]}\n")
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
        let plan = plan(&a, &FixedClock(59), true).unwrap();
        let mut out = Vec::new();
        write_json(&mut out, &plan).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with(
                r#"{"codes":[{"counter":1,"time":30,"code":"94287082"},{"counter":2,"#
            ),
            "{text}"
        );
    }
}
