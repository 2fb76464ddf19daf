//! The runtime's login (`s`): the next eToken of an unlocked token, after its stored OTP PIN, sent
//! to the server of config.toml (`server`, `user`) with privacyIDEA's `/validate/check`. Runs on
//! the KDF worker thread (the UI keeps drawing), with its own small tokio runtime and the
//! request's timeout; the answer comes back as `LoggedIn` for the status line.
use super::Runtime;
use crate::tui::msg::Msg;
use crate::tui::outcome::{failure, plain};
use softpass_core::combined;
use softpass_core::secret::SecretString;
use softpass_server::api::Authentication;
use softpass_server::client::http::Target;
use softpass_server::client::{ClientError, PiClient};
use std::time::Duration;

/// How long the UI waits for the server.
const LOGIN_TIMEOUT: Duration = Duration::from_secs(5);

impl Runtime {
    pub(super) fn login(&mut self, serial: String, pin: Option<SecretString>) -> Vec<Msg> {
        let Some(target) = self.login.clone() else {
            return vec![plain(
                "no server to log in to (config.toml: server, user)".into(),
            )];
        };
        let mut out = vec![];
        if let Some(pin) = pin {
            match self.client.unlock(&serial, &pin) {
                Ok(u) => {
                    out.push(Msg::Unlocked {
                        serial: serial.clone(),
                        has_otp_pin: u.otp_pin().is_some(),
                    });
                    self.handles.insert(serial.clone(), u);
                }
                Err(e) => return vec![failure(&e)],
            }
        }
        let Some(handle) = self.handles.get(&serial) else {
            return vec![plain(format!("token {serial} is not unlocked"))];
        };
        let code = match self.client.next_codes(handle, 1) {
            Ok(mut codes) if !codes.is_empty() => codes.swap_remove(0).code,
            Ok(_) => return out,
            Err(e) => {
                self.handles.remove(&serial);
                out.extend([Msg::Forget(serial), failure(&e)]);
                return out;
            }
        };
        let pass = combined::join(handle.otp_pin(), &code);
        let (accepted, text) = send(&target.server, &target.user, &pass);
        out.push(Msg::LoggedIn { accepted, text });
        out
    }
}

/// One `/validate/check`: (accepted, `RESULT: the server's message`).
fn send(server: &str, user: &str, pass: &SecretString) -> (bool, String) {
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return (false, format!("login failed: {e}")),
    };
    let answer = rt.block_on(async {
        let client = PiClient::new(server, LOGIN_TIMEOUT)?;
        client.check(Target::User(user), pass).await
    });
    match answer {
        Ok(r) => {
            let message = r.detail.map(|d| d.message).unwrap_or_default();
            match r.result.authentication {
                Some(Authentication::Accept) => (true, format!("ACCEPT: {message}")),
                Some(Authentication::Challenge) => (false, format!("CHALLENGE: {message}")),
                _ => (false, format!("REJECT: {message}")),
            }
        }
        // privacyIDEA answers an unknown user with an error envelope: a rejection.
        Err(ClientError::Refused { message, .. }) => (false, format!("REJECT: {message}")),
        Err(e) => (false, format!("login failed: {e}")),
    }
}
