//! The TUI's model: everything the views draw and `update` changes. Plain data, no I/O.
pub use super::form::{Field, FieldId, Form};
use softpass_client::client::TokenInfo;
use softpass_core::secret::SecretString;
use softpass_core::token::{Kind, PinPolicy};
use std::collections::BTreeSet;
use zeroize::Zeroizing;

/// Where an import comes from (step 1 of the import dialog).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    SeedFile,
    /// The activation e-mail itself (.eml): seed file, key and PIN from one file.
    Email,
    MobilePass,
    Uri,
}

impl SourceKind {
    pub const ALL: [SourceKind; 4] = [
        SourceKind::SeedFile,
        SourceKind::MobilePass,
        SourceKind::Uri,
        SourceKind::Email,
    ];
    pub fn label(self) -> &'static str {
        match self {
            SourceKind::SeedFile => "seed file",
            SourceKind::Email => "e-mail (.eml)",
            SourceKind::MobilePass => "MobilePASS code",
            SourceKind::Uri => "otpauth URI",
        }
    }
}

/// What the application PIN is asked for.
pub enum PinPurpose {
    /// Unlock, then generate (and copy, with the OTP PIN typed in just before, if any).
    Generate {
        copy: bool,
        otp_pin: Option<SecretString>,
    },
    Remove,
    /// Unlock, then log in to the configured server with the next eToken.
    Login,
}

/// Which dialog is open; its inputs live in [`Dialog::form`].
pub enum DialogKind {
    Pin {
        serial: String,
        name: String,
        purpose: PinPurpose,
    },
    /// No OTP PIN is stored: ask for it before copying OTP PIN + eToken (and offer to store
    /// it, which needs the application PIN).
    OtpPin {
        serial: String,
        name: String,
    },
    /// `o`: set, change or remove the stored OTP PIN (needs the application PIN).
    SetOtpPin {
        serial: String,
        name: String,
    },
    /// Import step 1: the source.
    ImportSource {
        source: SourceKind,
    },
    /// Import step 2, after the source was decoded: name, OTP PIN, application PIN(s).
    ImportPin {
        /// `serial (kind)` of each token found.
        found: Vec<String>,
        /// The seed carries a PIN: one field to confirm it; else a new PIN typed twice.
        carries_pin: bool,
        /// An activation e-mail gave the PIN: the field may be left empty to use it.
        mail_pin: bool,
        policy: PinPolicy,
        /// The name pre-filled for a single token (its serial); left as is on a re-activation,
        /// the token keeps the name it already has.
        default_name: Option<String>,
    },
    ChangePin {
        serial: String,
        name: String,
        policy: PinPolicy,
    },
    Rename {
        serial: String,
        name: String,
    },
    ConfirmDelete {
        serial: String,
        name: String,
    },
}

pub struct Dialog {
    pub kind: DialogKind,
    pub form: Form,
    /// A problem with what was typed (never contains a secret).
    pub error: Option<String>,
}

impl Dialog {
    pub fn new(kind: DialogKind, fields: Vec<Field>) -> Self {
        Self {
            kind,
            form: Form::new(fields),
            error: None,
        }
    }
}

/// A generated eToken on screen. Wiped on lock, quit and (TOTP) expiry.
pub struct ShownCode {
    pub serial: String,
    pub name: String,
    pub kind: Kind,
    /// The counter used (event tokens).
    pub counter: Option<u64>,
    pub code: Zeroizing<String>,
    /// Unix time the code stops being valid (TOTP).
    pub expires_at: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub kind: StatusKind,
}

/// What the demo banner shows (the demo token's published activation data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoInfo {
    pub serial: &'static str,
    pub activation_key: &'static str,
    pub app_pin: &'static str,
}

pub struct State {
    pub tokens: Vec<TokenInfo>,
    /// Index into [`State::visible`].
    pub selected: usize,
    pub filter: String,
    /// The `/` filter line has the keyboard.
    pub filtering: bool,
    /// Serials unlocked in this session (the handles live in the runtime).
    pub unlocked: BTreeSet<String>,
    /// Unlocked serials that store an OTP PIN.
    pub otp_pin_stored: BTreeSet<String>,
    pub code: Option<ShownCode>,
    pub dialog: Option<Dialog>,
    pub help: bool,
    /// Rows the help overlay is scrolled down (clamped when drawn).
    pub help_scroll: u16,
    pub status: Option<Status>,
    /// A slow operation is running (KDF): shown instead of the status line.
    pub busy: Option<String>,
    /// Animation frame of the busy indicator.
    pub spinner: usize,
    /// Unix seconds, advanced by ticks.
    pub now: u64,
    pub last_input: u64,
    pub idle_lock_secs: u64,
    pub clipboard_clear_secs: u64,
    /// Token to select once the list arrives.
    pub default_token: Option<String>,
    pub demo: Option<DemoInfo>,
    /// The server `s` logs in to (config.toml `server`), for the status line; `None`: not set.
    pub login_server: Option<String>,
    pub loaded: bool,
    /// The last attempt to read the vault failed (the message is in the status line).
    pub list_error: bool,
    pub quit: bool,
}

impl State {
    pub fn new(now: u64, idle_lock_secs: u64, clipboard_clear_secs: u64) -> Self {
        Self {
            tokens: Vec::new(),
            selected: 0,
            filter: String::new(),
            filtering: false,
            unlocked: BTreeSet::new(),
            otp_pin_stored: BTreeSet::new(),
            code: None,
            dialog: None,
            help: false,
            help_scroll: 0,
            status: None,
            busy: None,
            spinner: 0,
            now,
            last_input: now,
            idle_lock_secs,
            clipboard_clear_secs,
            default_token: None,
            demo: None,
            login_server: None,
            loaded: false,
            list_error: false,
            quit: false,
        }
    }

    /// Tokens matching the filter (name or serial, case-insensitive).
    pub fn visible(&self) -> Vec<&TokenInfo> {
        let needle = self.filter.to_lowercase();
        self.tokens
            .iter()
            .filter(|t| {
                needle.is_empty()
                    || t.name.to_lowercase().contains(&needle)
                    || t.serial.to_lowercase().contains(&needle)
            })
            .collect()
    }

    pub fn selected_token(&self) -> Option<&TokenInfo> {
        self.visible().get(self.selected).copied()
    }

    /// Known to store an OTP PIN (learned when it was unlocked: the fact is sealed).
    pub fn has_otp_pin(&self, t: &TokenInfo) -> bool {
        self.otp_pin_stored.contains(&t.serial)
    }

    pub fn clamp_selection(&mut self) {
        let n = self.visible().len();
        self.selected = self.selected.min(n.saturating_sub(1));
    }

    /// Seconds until a TOTP step ends at `self.now`.
    pub fn secs_left(&self, period: u32) -> u64 {
        let p = u64::from(period.max(1));
        p - self.now % p
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            kind: StatusKind::Info,
        });
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            kind: StatusKind::Error,
        });
    }
}
