//! A dialog's input fields: which input each is (submit code finds fields by id, never by label),
//! their text (secret ones zeroized on drop) and the focus. Plain data, no I/O.
use softpass_core::secret::SecretString;
use zeroize::Zeroizing;

/// Which input a dialog field is: submit code finds fields by this, never by their label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldId {
    Pin,
    /// The OTP PIN asked before a copy (empty: eToken only).
    OtpPin,
    /// The OTP PIN stored with an imported token (optional).
    OtpPinToStore,
    /// `o`: the OTP PIN to store from now on (empty: remove the stored one).
    NewOtpPin,
    /// Copy dialog: the application PIN that lets the typed OTP PIN be stored (optional).
    StorePin,
    SeedPath,
    ActivationKey,
    /// The activation e-mail file.
    MailPath,
    /// The application PIN when an activation e-mail gave one (empty: that one).
    MailPin,
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
            FieldId::NewOtpPin => "New OTP PIN (empty: remove the stored one)",
            FieldId::StorePin => "Application PIN, to store it sealed (empty: don't store)",
            FieldId::SeedPath => "Seed file (path)",
            FieldId::ActivationKey => "Activation key",
            FieldId::MailPath => "Activation e-mail (path to the .eml file)",
            FieldId::MailPin => "Application PIN (empty: the one in the e-mail)",
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
    /// The field's value as a secret, left in the form (a refused step keeps what was typed;
    /// the dialog wipes it when it closes); `None` when the dialog has no such field.
    pub fn secret(&self, id: FieldId) -> Option<SecretString> {
        self.field(id)
            .map(|f| SecretString::new(f.value.as_str().to_owned()))
    }
    /// Wipe every secret field (after a failed attempt the user types again).
    pub fn clear_secrets(&mut self) {
        for f in self.fields.iter_mut().filter(|f| f.secret) {
            f.value = Zeroizing::new(String::new());
        }
    }
    /// After a refused step: the cursor goes to the field that was wrong; a secret there is
    /// wiped for retyping (a new PIN with its repetition), every other field keeps its text.
    /// False when the dialog has no such field.
    pub fn blame(&mut self, id: FieldId) -> bool {
        let Some(i) = self.fields.iter().position(|f| f.id == id) else {
            return false;
        };
        self.focus = i;
        for f in self.fields.iter_mut() {
            let wrong = f.id == id || (id == FieldId::NewPin && f.id == FieldId::RepeatPin);
            if wrong && f.secret {
                f.value = Zeroizing::new(String::new());
            }
        }
        true
    }
}
