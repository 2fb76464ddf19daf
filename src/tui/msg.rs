//! Messages into `update` (keys, ticks, results of effects) and effects out of it (work for the
//! runtime: vault calls, clipboard). Secrets travel only inside `SecretString`.
use ratatui::crossterm::event::KeyEvent;
use softpass_client::client::{CodeView, ImportSource, PreparedToken, TokenInfo};
use softpass_core::secret::SecretString;
use softpass_core::token::PinPolicy;

/// Why an operation failed, as far as the UI's reaction differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailKind {
    /// Wrong application PIN or activation key: let the user type it again.
    WrongSecret,
    /// The token is locked (or must wait): close the dialog.
    Locked,
    Other,
}

/// Which input a failure blames, so the dialog can put the cursor there (and wipe it if it is
/// secret) while every other field keeps what was typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Culprit {
    /// The application PIN typed to unlock or confirm (wrong, or against the policy).
    AppPin,
    /// A seed file's activation key.
    ActivationKey,
    /// The import source: seed file path, activation code or URI.
    Source,
    /// The token's name.
    Name,
    /// The re-activation answer (the serial is already there).
    Replace,
    /// An OTP PIN (empty).
    OtpPin,
}

/// A failed operation: a one-line message that never contains a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub message: String,
    pub kind: FailKind,
    /// The input to correct, when the failure is about one.
    pub culprit: Option<Culprit>,
}

/// Where a copy went, in words for the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub name: String,
    /// False when the value was sent to a terminal that cannot be asked whether it arrived.
    pub confirmed: bool,
}

pub enum Msg {
    Key(KeyEvent),
    /// The wall clock moved on (Unix seconds); sent at most once a second.
    Tick(u64),
    /// The token list was (re)read.
    Tokens(Vec<TokenInfo>),
    /// The vault could not be read (corrupt, newer version, I/O): shown instead of the list.
    TokensFailed(Failure),
    /// The token with this serial is now unlocked in this session. Whether it stores an OTP PIN
    /// is sealed with the secret, so it is known only from here on.
    Unlocked {
        serial: String,
        has_otp_pin: bool,
    },
    /// `c` on a token without a stored OTP PIN: ask for it (nothing was generated yet).
    NeedOtpPin(String),
    /// A new eToken.
    Code(CodeView),
    /// Copy the eToken just generated for this token (OTP PIN typed, else the stored one).
    CopyCode {
        serial: String,
        otp_pin: Option<SecretString>,
    },
    /// Result of a copy: the route taken, or why it failed.
    Copied(Result<Route, String>),
    /// Import step 1 succeeded: what was found, and which PIN to ask for.
    Prepared {
        tokens: Vec<PreparedToken>,
        carries_pin: bool,
        /// An activation e-mail gave the application PIN (the runtime keeps it).
        mail_pin: bool,
        policy: PinPolicy,
    },
    /// Import committed: the names of the new tokens.
    Imported(Vec<String>),
    /// After `Imported`: these re-activated tokens could not keep the OTP PIN stored with the
    /// old token (the application PIN given does not open it).
    OtpPinNotKept(Vec<String>),
    /// A change (PIN, rename, remove) went through; the text is for the status line.
    Done(String),
    /// The OTP PIN of this token was stored (`stored`) or removed; the token is unlocked with
    /// the resealed handle. `then_copy`: it was stored from the copy dialog, so copy now.
    OtpPinSet {
        serial: String,
        stored: bool,
        then_copy: bool,
    },
    /// The runtime dropped this token's unlocked handle (PIN changed, removed, changed behind
    /// our back): forget it is unlocked and wipe its code.
    Forget(String),
    Failed(Failure),
    /// The server's answer to a login: accepted or not, and `RESULT: message` for the status.
    LoggedIn {
        accepted: bool,
        text: String,
    },
}

pub enum Effect {
    LoadTokens,
    /// Unlock first when `pin` is given; then generate the next eToken and, if `copy`, answer
    /// `CopyCode` too (OTP PIN: `otp_pin`, else the stored one; `Some("")`: the eToken alone).
    /// `copy` with no OTP PIN given or stored: answer `NeedOtpPin` instead of generating.
    Generate {
        serial: String,
        pin: Option<SecretString>,
        copy: bool,
        otp_pin: Option<SecretString>,
    },
    /// Copy an eToken already on screen, prefixed with the OTP PIN.
    CopyShown {
        serial: String,
        code: SecretString,
        otp_pin: Option<SecretString>,
    },
    PrepareImport(ImportSource),
    CommitImport {
        name: Option<String>,
        otp_pin: Option<SecretString>,
        pin: SecretString,
        /// Re-activation of an existing serial (`import --replace`): allowed even when locked.
        replace: bool,
    },
    /// The import dialog was closed: forget the prepared import.
    CancelImport,
    ChangePin {
        serial: String,
        old: SecretString,
        new: SecretString,
    },
    /// Store (`Some`) or remove (`None`) the OTP PIN, checking the application PIN; answer
    /// `OtpPinSet` (with `then_copy`) or `Failed`.
    SetOtpPin {
        serial: String,
        pin: SecretString,
        otp_pin: Option<SecretString>,
        then_copy: bool,
    },
    Rename {
        serial: String,
        new_name: String,
    },
    Remove {
        serial: String,
        pin: SecretString,
    },
    /// Unlock first when `pin` is given; then send OTP PIN (stored) + the next eToken to the
    /// configured server and answer `LoggedIn` (network: always off the UI thread).
    Login {
        serial: String,
        pin: Option<SecretString>,
    },
    /// `softpass demo`: import the embedded demo seed into the throw-away vault.
    SetupDemo,
    /// Drop every unlocked handle (their secrets are zeroized on drop).
    LockAll,
    /// Lock all and clear the clipboard if it still holds our value; then the loop ends.
    Quit,
}

impl Effect {
    /// Effects that run the KDF: the runtime draws the "busy" frame before running them.
    pub fn is_slow(&self) -> bool {
        matches!(
            self,
            Effect::Generate { pin: Some(_), .. }
                | Effect::PrepareImport(_)
                | Effect::CommitImport { .. }
                | Effect::ChangePin { .. }
                | Effect::SetOtpPin { .. }
                | Effect::Remove { .. }
                | Effect::SetupDemo
                | Effect::Login { .. }
        )
    }
}
