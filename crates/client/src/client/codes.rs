//! Generating eTokens (event counters reserved and saved before any code exists) and exporting.
use super::unlock::{self, Attempt};
use super::{CodeView, Target, Unlocked};
use crate::AppError;
use crate::store::Store;
use softpass_core::DomainError;
use softpass_core::otp::Generator;
use softpass_core::otpauth::KeyUri;
use softpass_core::secret::SecretString;
use softpass_core::token::Kind;
use softpass_core::vault::{TokenRecord, Vault};

/// The vault read under the lock, so that it shows no PIN check half done (an attempt counted
/// whose verdict is not saved yet).
fn settled(store: &Store) -> Result<Vault, AppError> {
    let guard = store.lock()?;
    store.load_locked(&guard)
}

fn generator(token: &Unlocked) -> Result<Generator, AppError> {
    Generator::new(&token.params, &token.secret).map_err(|e| DomainError::from(e).into())
}

/// The stored token `token` was opened from, if it is still the same (not removed, replaced or
/// re-sealed with another PIN since).
fn current<'v>(v: &'v mut Vault, token: &Unlocked) -> Result<&'v mut TokenRecord, AppError> {
    let t = v
        .tokens
        .iter_mut()
        .find(|t| t.serial == token.serial)
        .ok_or_else(|| AppError::NoSuchToken(token.name.clone()))?;
    if t.sealed.nonce != token.sealed_nonce {
        return Err(AppError::Invalid(format!(
            "token '{}' was changed since it was unlocked: unlock it again",
            t.name
        )));
    }
    if t.attempts.locked {
        return Err(AppError::Locked {
            name: t.name.clone(),
        });
    }
    Ok(t)
}

/// Reserves `count` counters of `t` (the caller saves the vault before any code is made).
fn reserve(t: &mut TokenRecord, count: u32) -> Result<u64, AppError> {
    t.reserve(count)
        .map_err(|_| AppError::Invalid(format!("token '{}': counter exhausted", t.name)))
}

/// At most this many eTokens per call: every one is reserved (counter saved) before any is shown,
/// so an absurd count would burn counters past the server's look-ahead window for good.
pub(crate) const MAX_COUNT: u32 = 100_000;

fn check_count(count: u32) -> Result<(), AppError> {
    if count == 0 || count > MAX_COUNT {
        return Err(AppError::Usage(format!(
            "the count must be between 1 and {MAX_COUNT}"
        )));
    }
    Ok(())
}

pub(super) fn next(
    store: &Store,
    now: u64,
    token: &Unlocked,
    count: u32,
) -> Result<Vec<CodeView>, AppError> {
    check_count(count)?;
    if !token.params.kind.is_event() {
        // Re-read the vault: a TOTP token locked, removed or re-sealed elsewhere (another
        // process, the CLI) must stop producing codes in a long-lived session too.
        let mut v = settled(store)?;
        current(&mut v, token)?;
        return at(token, now, count);
    }
    // Built before the counters are reserved: a token that cannot generate spends nothing.
    generator(token)?;
    // Reserve the counters and make that durable first: a crash after this point can lose
    // codes, never hand one out twice.
    let (start, name) = store.modify(|v| {
        let t = current(v, token)?;
        Ok((reserve(t, count)?, t.name.clone()))
    })?;
    event_codes(token, &name, start, count)
}

/// The eTokens for the `count` counters from `start`, already reserved in the vault.
fn event_codes(
    token: &Unlocked,
    name: &str,
    start: u64,
    count: u32,
) -> Result<Vec<CodeView>, AppError> {
    let generator = generator(token)?;
    let hotp = generator.hotp();
    Ok((0..u64::from(count))
        .map(|k| CodeView {
            name: name.to_owned(),
            serial: token.serial.clone(),
            kind: token.params.kind,
            counter: Some(start + k),
            code: hotp.code(start + k).to_string(),
            valid_for: None,
        })
        .collect())
}

pub(super) fn at(token: &Unlocked, time: u64, count: u32) -> Result<Vec<CodeView>, AppError> {
    let Generator::Time(totp) = generator(token)? else {
        return Err(AppError::Usage(format!(
            "token '{}' is event based: codes at a given time are for time-based tokens only",
            token.name
        )));
    };
    let period = u64::from(totp.period());
    let first_valid = u64::from(totp.valid_for(time));
    (0..u64::from(count))
        .map(|k| {
            let t = time.saturating_add(k * period);
            let code = totp.code_at(t).map_err(DomainError::from)?;
            Ok(CodeView {
                name: token.name.clone(),
                serial: token.serial.clone(),
                kind: Kind::Totp,
                counter: None,
                code: code.to_string(),
                valid_for: Some(u32::try_from(first_valid + k * period).unwrap_or(u32::MAX)),
            })
        })
        .collect()
}

pub(super) fn export_uri(store: &Store, token: &Unlocked) -> Result<SecretString, AppError> {
    let mut v = settled(store)?;
    let counter = current(&mut v, token)?.counter;
    let p = &token.params;
    // MobilePASS is HOTP-SHA-256 over the derived key, so it exports as a plain hotp URI.
    let kind = if p.kind == Kind::Totp {
        Kind::Totp
    } else {
        Kind::Hotp
    };
    // Import names a URI token "issuer:account"; strip that prefix again so that export and
    // re-import give back the same name instead of "issuer:issuer:account".
    let account = match &token.issuer {
        Some(i) if !i.is_empty() => token
            .name
            .strip_prefix(&format!("{i}:"))
            .unwrap_or(&token.name)
            .to_owned(),
        _ => token.name.clone(),
    };
    let uri = KeyUri {
        kind,
        issuer: token.issuer.clone(),
        account,
        secret: token.secret.duplicate(),
        algorithm: p.algorithm,
        digits: p.digits,
        counter,
        period: p.period,
    };
    Ok(uri.to_uri())
}

/// Unlock and take the next `count` eTokens in one locked step (docs/security.md). The attempt
/// is counted first; the vault a right PIN leads to (count cleared, counters reserved) is
/// written and fsynced while Argon2 checks the PIN, and renamed into place only if it was right:
/// a wrong PIN spends no counter, and no code exists before its counter is saved.
pub(super) fn unlock_next(
    store: &Store,
    now: u64,
    target: Target<'_>,
    pin: &SecretString,
    count: u32,
) -> Result<(Unlocked, Vec<CodeView>), AppError> {
    check_count(count)?;
    let attempt = Attempt::begin(store, now, target)?;
    let mut right = attempt.on_right();
    let start = if attempt.record().params.kind.is_event() {
        Some(reserve(&mut right.tokens[attempt.index()], count)?)
    } else {
        None
    };
    let opened = attempt.check(pin, Some(right))?;
    drop(opened.guard);
    let token = unlock::unlocked_from(&opened.record, opened.secrets);
    let codes = match start {
        Some(start) => event_codes(&token, &token.name, start, count)?,
        None => at(&token, now, count)?,
    };
    Ok((token, codes))
}
