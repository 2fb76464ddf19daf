//! The admin operations behind `/token/*` and `/user/` (privacyIDEA's parameters and rules):
//! enrol, load, resynchronise, reset, delete, assign tokens; add and list users.
use crate::enrol::{key_param, otp_params, otpauth};
use crate::failure::Failure;
use crate::keys::random;
use crate::load::{self, Seed, SeedType};
use crate::params::Params;
use crate::service::{Service, generators, now};
use crate::store::{Edit, Mutation, Store, Subject, TokenRecord, User};
use crate::users::valid_login;
use softpass_core::secret::SecretString;
use softpass_core::token::{Kind, OtpParams};
use softpass_core::validate::{self, Candidate, TokenState};

/// What `/token/init` made.
pub struct Enrolled {
    pub serial: String,
    pub kind: Kind,
    pub otpauth: SecretString,
    pub secret_hex: SecretString,
    pub secret_b32: SecretString,
}

/// Tokens stored per store call during a load (keeps the writer's batches short).
const LOAD_CHUNK: usize = 2000;

fn required<'p>(p: &'p Params, name: &str) -> Result<&'p str, Failure> {
    p.non_empty(name).ok_or_else(|| Failure::missing(name))
}

/// A serial a token may have: 1..=64 printable characters, no `*` (privacyIDEA's wildcard).
pub fn valid_serial(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.chars().all(|c| c.is_ascii_graphic() && c != '*')
}

fn serial_param(p: &Params) -> Result<String, Failure> {
    let s = required(p, "serial")?;
    if !valid_serial(s) {
        return Err(Failure::param("Invalid serial number."));
    }
    Ok(s.to_owned())
}

fn not_found(serial: &str) -> Failure {
    Failure::not_found(format!("No token found for serials: {serial}"))
}

/// `OATH` / `TOTP` + 8 random hex digits (privacyIDEA: prefix + number + hex).
fn new_serial(kind: Kind) -> String {
    let mut b = [0u8; 4];
    random(&mut b);
    let prefix = if kind == Kind::Totp { "TOTP" } else { "OATH" };
    format!("{prefix}{}", hex::encode_upper(b))
}

impl<S: Store> Service<S> {
    async fn user_known(&self, login: &str) -> Result<bool, Failure> {
        let v = self
            .store
            .mutate(Subject::User(login.to_owned()), |v| Mutation {
                updates: vec![],
                value: v.user_known,
            })
            .await?;
        Ok(v)
    }

    fn new_record(
        &self,
        serial: &str,
        params: OtpParams,
        secret: &[u8],
        pin: Option<&str>,
    ) -> TokenRecord {
        TokenRecord {
            serial: serial.to_owned(),
            kind: params.kind,
            algorithm: params.algorithm,
            digits: params.digits,
            period: params.period,
            t0: params.t0,
            secret: self.keys.seal(serial, secret),
            pin_hash: pin.map(|p| self.keys.pin_hash(serial, p).to_vec()),
            user: None,
            description: String::new(),
            state: TokenState::new(),
            rev: 0,
        }
    }

    /// `POST /token/init`.
    pub async fn init_token(&self, p: &Params) -> Result<Enrolled, Failure> {
        let params = otp_params(p)?;
        let user = match p.non_empty("user") {
            Some(u) if !self.user_known(u).await? => {
                return Err(Failure::user(
                    "The user can not be found in any resolver in this realm!",
                ));
            }
            u => u.map(str::to_owned),
        };
        let serial = match p.non_empty("serial") {
            Some(_) => serial_param(p)?,
            None => new_serial(params.kind),
        };
        let secret = key_param(p, params.algorithm)?;
        let mut t = self.new_record(&serial, params, secret.expose(), p.non_empty("pin"));
        t.user = user;
        t.description = p
            .get("description")
            .unwrap_or("")
            .chars()
            .take(256)
            .collect();
        self.store.put_tokens(vec![t], true).await?;
        Ok(Enrolled {
            otpauth: otpauth(&serial, &params, secret.expose(), 0),
            secret_hex: SecretString::new(hex::encode(secret.expose())),
            secret_b32: SecretString::new(data_encoding::BASE32_NOPAD.encode(secret.expose())),
            kind: params.kind,
            serial,
        })
    }

    /// `POST /token/load`: (imported, not imported). Existing serials are left as they are.
    pub async fn load_tokens(
        &self,
        kind: SeedType,
        file: Vec<u8>,
        password: Option<SecretString>,
        psk: Option<String>,
    ) -> Result<(usize, usize), Failure> {
        let seeds = tokio::task::spawn_blocking(move || {
            let keys = load::Keys {
                password: password.as_ref(),
                psk: psk.as_deref(),
            };
            load::read(kind, &file, &keys)
        })
        .await
        .map_err(|_| Failure::new(500, -500, "the seed file reader stopped"))??;
        let total = seeds.len();
        let mut stored = 0;
        let mut seeds = seeds.into_iter().peekable();
        while seeds.peek().is_some() {
            let chunk: Vec<TokenRecord> = seeds
                .by_ref()
                .take(LOAD_CHUNK)
                .filter(|s| valid_serial(&s.serial))
                .map(|s| self.seed_record(s))
                .collect();
            stored += self.store.put_tokens(chunk, false).await?;
        }
        Ok((stored, total - stored))
    }

    fn seed_record(&self, s: Seed) -> TokenRecord {
        let pin = s.otp_pin.as_ref().map(SecretString::expose);
        let mut t = self.new_record(&s.serial, s.params, s.secret.expose(), pin);
        t.state.count = TokenState::count_from_shown(t.kind, s.counter);
        t.state.time_shift = s.time_shift;
        t
    }

    /// `POST /token/resync`: whether otp1, otp2 resynchronised the token.
    pub async fn resync(&self, p: &Params) -> Result<bool, Failure> {
        let serial = serial_param(p)?;
        let otp1 = SecretString::from(required(p, "otp1")?);
        let otp2 = SecretString::from(required(p, "otp2")?);
        let (keys, policy, t) = (self.keys.clone(), self.policy, now());
        let r = self
            .store
            .mutate(Subject::Serial(serial.clone()), move |v| {
                let Some(tok) = v.tokens.first() else {
                    return Mutation {
                        updates: vec![],
                        value: None,
                    };
                };
                let Some(Some(h)) = generators(&keys, v.tokens).pop() else {
                    return Mutation {
                        updates: vec![],
                        value: Some(false),
                    };
                };
                let c = Candidate {
                    kind: tok.kind,
                    hotp: &h,
                    period: tok.period,
                    t0: tok.t0,
                    state: tok.state,
                };
                let new = validate::resync(&c, otp1.expose(), otp2.expose(), t, &policy);
                Mutation {
                    value: Some(new.is_some()),
                    updates: new.map(|s| (0, s)).into_iter().collect(),
                }
            })
            .await?;
        r.ok_or_else(|| not_found(&serial))
    }

    /// `POST /token/reset`: clears the fail counter of a serial or of a user's tokens.
    pub async fn reset(&self, p: &Params) -> Result<usize, Failure> {
        let subject = match (p.non_empty("serial"), p.non_empty("user")) {
            (Some(_), _) => Subject::Serial(serial_param(p)?),
            (None, Some(u)) => Subject::User(u.to_owned()),
            (None, None) => return Err(Failure::param("Missing parameter: 'serial' or 'serials'")),
        };
        let n = self
            .store
            .mutate(subject.clone(), |v| {
                let updates: Vec<(usize, TokenState)> = v
                    .tokens
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| t.state.failcount != 0 || t.state.exceeded_at.is_some())
                    .map(|(i, t)| {
                        let mut s = t.state;
                        s.reset();
                        (i, s)
                    })
                    .collect();
                Mutation {
                    updates,
                    value: v.tokens.len(),
                }
            })
            .await?;
        match subject {
            Subject::Serial(s) if n == 0 => Err(not_found(&s)),
            _ => Ok(n),
        }
    }

    /// `POST /token/set` with `max_failcount` (the one attribute softpass keeps per token; the
    /// windows are the server's policy): the number of tokens changed, as privacyIDEA counts.
    pub async fn set_maxfail(&self, p: &Params) -> Result<usize, Failure> {
        let serial = serial_param(p)?;
        // privacyIDEA sets the attributes it knows and counts them; another one (e.g. its
        // `maxfail=` misspelling) sets nothing and answers 0.
        let Some(text) = p.non_empty("max_failcount") else {
            return Ok(0);
        };
        let maxfail: u32 = text
            .parse()
            .ok()
            .filter(|n| (1..=1_000_000).contains(n))
            .ok_or_else(|| {
                Failure::param("max_failcount must be a whole number from 1 to 1000000")
            })?;
        let n = self
            .store
            .mutate(Subject::Serial(serial.clone()), move |v| Mutation {
                updates: v
                    .tokens
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| t.state.maxfail != maxfail)
                    .map(|(i, t)| (i, TokenState { maxfail, ..t.state }))
                    .collect(),
                value: v.tokens.len(),
            })
            .await?;
        if n == 0 {
            return Err(not_found(&serial));
        }
        Ok(n)
    }

    /// `POST /token/enable` / `disable`: a disabled token takes part in no check.
    pub async fn set_disabled(&self, p: &Params, disabled: bool) -> Result<usize, Failure> {
        let serial = serial_param(p)?;
        let n = self
            .store
            .mutate(Subject::Serial(serial.clone()), move |v| {
                let updates = v
                    .tokens
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| t.state.disabled != disabled)
                    .map(|(i, t)| {
                        (
                            i,
                            TokenState {
                                disabled,
                                ..t.state
                            },
                        )
                    })
                    .collect();
                Mutation {
                    updates,
                    value: v.tokens.len(),
                }
            })
            .await?;
        if n == 0 {
            return Err(not_found(&serial));
        }
        Ok(n)
    }

    /// `DELETE /token/<serial>`.
    pub async fn delete(&self, serial: &str) -> Result<(), Failure> {
        if !valid_serial(serial) {
            return Err(Failure::param("Invalid serial number."));
        }
        match self.store.edit(serial.to_owned(), Edit::Delete).await? {
            true => Ok(()),
            false => Err(not_found(serial)),
        }
    }

    /// `POST /token/assign` (serial, user) and `POST /token/unassign` (serial).
    pub async fn assign(&self, p: &Params, assign: bool) -> Result<(), Failure> {
        let serial = serial_param(p)?;
        let user = if assign {
            let u = required(p, "user")?;
            if !self.user_known(u).await? {
                return Err(Failure::user(format!("User <{u}> does not exist.")));
            }
            Some(u.to_owned())
        } else {
            None
        };
        match self.store.edit(serial.clone(), Edit::Assign(user)).await? {
            true => Ok(()),
            false => Err(not_found(&serial)),
        }
    }

    /// `POST /token/setpin` (serial, otppin): the token's OTP PIN (empty: none).
    pub async fn set_pin(&self, p: &Params) -> Result<(), Failure> {
        let serial = serial_param(p)?;
        let pin = p.get("otppin").ok_or_else(|| Failure::missing("otppin"))?;
        let hash = (!pin.is_empty()).then(|| self.keys.pin_hash(&serial, pin).to_vec());
        match self.store.edit(serial.clone(), Edit::SetPin(hash)).await? {
            true => Ok(()),
            false => Err(not_found(&serial)),
        }
    }

    /// `GET /token/`: by serial, by user, or all.
    pub async fn list(&self, p: &Params) -> Result<Vec<TokenRecord>, Failure> {
        let subject = match (p.non_empty("serial"), p.non_empty("user")) {
            (Some(s), _) => Some(Subject::Serial(s.to_owned())),
            (None, Some(u)) => Some(Subject::User(u.to_owned())),
            (None, None) => None,
        };
        Ok(self.store.tokens(subject).await?)
    }

    /// `POST /user/` (user, email).
    pub async fn add_user(&self, p: &Params) -> Result<(), Failure> {
        let login = required(p, "user")?;
        if !valid_login(login) {
            return Err(Failure::param("Invalid user."));
        }
        let email = p.get("email").unwrap_or("").to_owned();
        let user = User {
            login: login.to_owned(),
            email,
        };
        Ok(self.store.put_users(vec![user]).await?)
    }
}
