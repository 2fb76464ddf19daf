//! The TUI's model: everything the views draw and `update` changes. Plain data, no I/O.
use softpass_client::client::TokenInfo;
use softpass_core::secret::SecretString;
use softpass_core::token::{Kind, PinPolicy};
use std::collections::BTreeSet;
use zeroize::Zeroizing;

/// Which input a dialog field is: submit code finds fields by this, never by their label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldId {
    Pin,
    /// The OTP PIN asked before a copy (empty: eToken only).
    OtpPin,
    /// The OTP PIN stored with an imported token (optional).
    OtpPinToStore,
    SeedPath,
    ActivationKey,
    MobilePassCode,
    MobilePassPolicy,
    MobilePassCounter,
    MobilePassDigits,
    Uri,
    Name,
    Replace,
    SeedPin,
    NewPin,
    RepeatPin,
    OldPin,
    NewName,
}

impl FieldId {
    /// The label shown in front of the field.
    pub fn label(self) -> &'static str {
        match self {
            FieldId::Pin => "Application PIN",
            FieldId::OtpPin => "OTP PIN (empty: eToken only)",
            FieldId::OtpPinToStore => "OTP PIN (optional)",
            FieldId::SeedPath => "Seed file (path)",
            FieldId::ActivationKey => "Activation key",
            FieldId::MobilePassCode => "Activation code",
            FieldId::MobilePassPolicy => "Policy (optional)",
            FieldId::MobilePassCounter => "First counter (default 0)",
            FieldId::MobilePassDigits => "Digits, 6 or 8 (default 6)",
            FieldId::Uri => "otpauth URI",
            FieldId::Name => "Name",
            FieldId::Replace => "Re-activate an existing serial? (yes/no, default no)",
            FieldId::SeedPin => "Application PIN (from the activation e-mail)",
            FieldId::NewPin => "New application PIN",
            FieldId::RepeatPin => "Repeat the new PIN",
            FieldId::OldPin => "Current PIN",
            FieldId::NewName => "New name",
        }
    }
}

/// One line of text input. Secret fields are drawn masked and zeroized on drop.
pub struct Field {
    pub id: FieldId,
    pub value: Zeroizing<String>,
    pub secret: bool,
    /// Optional fields may be left empty.
    pub optional: bool,
}

impl Field {
    pub fn text(id: FieldId) -> Self {
        Self {
            id,
            value: Zeroizing::new(String::new()),
            secret: false,
            optional: false,
        }
    }
    pub fn secret(id: FieldId) -> Self {
        Self {
            secret: true,
            ..Self::text(id)
        }
    }
    pub fn optional(mut self) -> Self {
        self.optional = true;
        self
    }
    pub fn with(mut self, value: &str) -> Self {
        self.value = Zeroizing::new(value.to_owned());
        self
    }
    pub fn label(&self) -> &'static str {
        self.id.label()
    }
    pub fn take_secret(&mut self) -> SecretString {
        let s = SecretString::new(self.value.as_str().to_owned());
        self.value = Zeroizing::new(String::new());
        s
    }
    pub fn trimmed(&self) -> &str {
        self.value.trim()
    }
}

/// A dialog's input fields and which one has the focus.
#[derive(Default)]
pub struct Form {
    pub fields: Vec<Field>,
    pub focus: usize,
}

impl Form {
    pub fn new(fields: Vec<Field>) -> Self {
        Self { fields, focus: 0 }
    }
    pub fn field(&self, id: FieldId) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }
    pub fn field_mut(&mut self, id: FieldId) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.id == id)
    }
    /// The field's text, trimmed; `None` when absent or empty.
    pub fn text(&self, id: FieldId) -> Option<String> {
        self.field(id)
            .map(|f| f.trimmed().to_owned())
            .filter(|s| !s.is_empty())
    }
    /// The field's value, taken out (and wiped); `None` when the dialog has no such field.
    pub fn take(&mut self, id: FieldId) -> Option<SecretString> {
        self.field_mut(id).map(Field::take_secret)
    }
    /// Wipe every secret field (after a failed attempt the user types again).
    pub fn clear_secrets(&mut self) {
        for f in self.fields.iter_mut().filter(|f| f.secret) {
            f.value = Zeroizing::new(String::new());
        }
    }
}

/// Where an import comes from (step 1 of the import dialog).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    SeedFile,
    MobilePass,
    Uri,
}

impl SourceKind {
    pub const ALL: [SourceKind; 3] = [
        SourceKind::SeedFile,
        SourceKind::MobilePass,
        SourceKind::Uri,
    ];
    pub fn label(self) -> &'static str {
        match self {
            SourceKind::SeedFile => "seed file + activation key",
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
}

/// Which dialog is open; its inputs live in [`Dialog::form`].
pub enum DialogKind {
    Pin {
        serial: String,
        name: String,
        purpose: PinPurpose,
    },
    /// No OTP PIN is stored: ask for it before copying OTP PIN + eToken.
    OtpPin {
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
            status: None,
            busy: None,
            spinner: 0,
            now,
            last_input: now,
            idle_lock_secs,
            clipboard_clear_secs,
            default_token: None,
            demo: None,
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
