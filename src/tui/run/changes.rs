//! The runtime's changes to stored tokens: application PIN, OTP PIN, name, removal. Each keeps
//! the session's unlocked handles in step (a resealed token makes the old handle stale).
use super::Runtime;
use crate::tui::msg::{Effect, Msg};
use crate::tui::outcome::failure;
use softpass_core::secret::SecretString;
use softpass_core::vault::KdfCost;

impl Runtime {
    /// Performs a change effect (the others never come here).
    pub(super) fn change(&mut self, effect: Effect) -> Vec<Msg> {
        match effect {
            Effect::ChangePin { serial, old, new } => {
                match self
                    .client
                    .change_pin(&serial, &old, &new, KdfCost::DEFAULT)
                {
                    Ok(()) => {
                        self.handles.remove(&serial);
                        vec![
                            Msg::Done("Application PIN changed".into()),
                            Msg::Forget(serial),
                        ]
                    }
                    Err(e) => vec![failure(&e)],
                }
            }
            Effect::SetOtpPin {
                serial,
                pin,
                otp_pin,
                then_copy,
            } => self.set_otp_pin(serial, &pin, otp_pin.as_ref(), then_copy),
            Effect::Rename { serial, new_name } => match self.client.rename(&serial, &new_name) {
                Ok(()) => vec![Msg::Done(format!("Renamed to '{new_name}'"))],
                Err(e) => vec![failure(&e)],
            },
            Effect::Remove { serial, pin } => match self.client.remove(&serial, &pin) {
                Ok(()) => {
                    self.handles.remove(&serial);
                    vec![
                        Msg::Done(format!("Deleted token {serial}")),
                        Msg::Forget(serial),
                    ]
                }
                Err(e) => vec![failure(&e)],
            },
            _ => vec![],
        }
    }

    /// Store or remove the OTP PIN; the resealed token replaces (or becomes) its handle.
    fn set_otp_pin(
        &mut self,
        serial: String,
        pin: &SecretString,
        otp_pin: Option<&SecretString>,
        then_copy: bool,
    ) -> Vec<Msg> {
        match self.client.set_otp_pin(&serial, pin, otp_pin) {
            Ok(u) => {
                let stored = u.otp_pin().is_some();
                self.handles.insert(serial.clone(), u);
                vec![
                    Msg::Unlocked {
                        serial: serial.clone(),
                        has_otp_pin: stored,
                    },
                    Msg::OtpPinSet {
                        serial,
                        stored,
                        then_copy,
                    },
                ]
            }
            Err(e) => vec![failure(&e)],
        }
    }
}
