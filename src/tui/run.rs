//! The runtime: owns the terminal and the event loop, performs effects through `app`.
//! Redraws on input and at most once a second (countdowns, idle lock); idle CPU is ~0.
use crate::tui::importer::Importer;
use crate::tui::msg::{Effect, FailKind, Failure, Msg};
use crate::tui::outcome::{failure, message, plain, route};
use crate::tui::state::State;
use crate::tui::update::update;
use crate::tui::{Options, demo};
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEvent, KeyModifiers};
use softpass_client::client::Unlocked;
use softpass_client::clipboard::Clipboard;
use softpass_client::clock::{Clock, SystemClock};
use softpass_client::config::{LoginServer, Settings};
use softpass_client::{AppError, Client, paths};
use softpass_core::combined;
use softpass_core::secret::SecretString;
use softpass_core::vault::KdfCost;
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

mod changes;
mod login;

pub fn run(options: Options) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(AppError::Usage(
            "the terminal UI needs a terminal; for scripts use the commands in `softpass --help`"
                .into(),
        )
        .into());
    }
    // A malformed settings file stops us, as in the CLI (docs/config.md): typos get noticed.
    let settings = load_settings(options.config.as_ref())?;
    let demo_dir = if options.demo {
        Some(tempfile::Builder::new().prefix("softpass-demo").tempdir()?)
    } else {
        None
    };
    let vault = match (&demo_dir, options.vault) {
        (Some(dir), _) => dir.path().join(paths::VAULT_FILE),
        (None, Some(path)) => path,
        (None, None) => paths::default_vault_path()?,
    };
    let mut rt = Runtime {
        client: Client::new(vault, Box::new(SystemClock)),
        clipboard: Clipboard::new(),
        handles: HashMap::new(),
        importer: Importer::default(),
        clear_after: Duration::from_secs(settings.clipboard_clear_secs),
        demo_dir: demo_dir.as_ref().map(|d| d.path().to_owned()),
        login: settings.login.clone(),
    };
    let mut state = State::new(
        SystemClock.now_unix(),
        settings.idle_lock_secs,
        settings.clipboard_clear_secs,
    );
    state.default_token = settings.default_token;
    state.login_server = settings.login.map(|l| l.server);
    if options.demo {
        state.demo = Some(demo::INFO);
        state.busy = Some("Preparing the demo vault…".into());
    }
    // try_init also installs the panic hook that restores the terminal.
    let result = match ratatui::try_init() {
        Ok(mut terminal) => event_loop(&mut terminal, &mut state, &mut rt, options.demo),
        Err(e) => Err(anyhow::Error::from(e).context("cannot set up the terminal")),
    };
    // Whatever ended the loop, secrets go before the terminal is handed back.
    rt.perform(Effect::Quit);
    ratatui::restore();
    drop(demo_dir);
    result
}

fn load_settings(path: Option<&PathBuf>) -> Result<Settings, AppError> {
    match path {
        Some(p) => Settings::load(p),
        // No home folder: nothing to read, the defaults apply.
        None => {
            paths::default_config_path().map_or(Ok(Settings::default()), |p| Settings::load(&p))
        }
    }
}

fn now_ms() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0)
}

/// How often the token list is re-read from the vault while the UI is idle.
const LIST_REFRESH_SECS: u64 = 3;

fn event_loop(
    terminal: &mut DefaultTerminal,
    state: &mut State,
    rt: &mut Runtime,
    demo: bool,
) -> anyhow::Result<()> {
    let stop = super::signals::watch(rt.demo_dir.clone())?;
    // The first frame comes before any vault access (and long before any KDF).
    terminal.draw(|f| f.render_widget(&*state, f.area()))?;
    let mut pending = vec![Effect::LoadTokens];
    if demo {
        pending.push(Effect::SetupDemo);
    }
    loop {
        while !pending.is_empty() {
            for effect in std::mem::take(&mut pending) {
                let msgs = if effect.is_slow() {
                    perform_in_background(terminal, state, rt, effect)?
                } else {
                    rt.perform(effect)
                };
                for m in msgs {
                    pending.extend(update(state, m));
                }
            }
        }
        if state.quit {
            return Ok(());
        }
        terminal.draw(|f| f.render_widget(&*state, f.area()))?;
        // Wake at the next wall-clock second so TOTP countdowns tick in step with the clock.
        let wait = Duration::from_millis(1000 - (now_ms() % 1000) as u64 + 5);
        let msg = if event::poll(wait)? {
            match event::read()? {
                Event::Key(key) => Some(Msg::Key(key)),
                _ => None, // resize and others: just redraw
            }
        } else {
            None
        };
        if super::signals::stop_requested(&stop) {
            // Ctrl+C is Quit in every key table, so this takes the same path as the user's `q`.
            let quit = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
            pending.extend(update(state, Msg::Key(quit)));
            continue;
        }
        let now = (now_ms() / 1000) as u64;
        if now != state.now {
            rt.clipboard.tick();
            pending.extend(update(state, Msg::Tick(now)));
            // Other processes (the CLI, another TUI) change the vault: re-read the list every
            // few seconds (a read without KDF, a few ms) so counters and removals show up.
            if now.is_multiple_of(LIST_REFRESH_SECS)
                && state.dialog.is_none()
                && state.busy.is_none()
            {
                pending.push(Effect::LoadTokens);
            }
        }
        if let Some(m) = msg {
            pending.extend(update(state, m));
        }
    }
}

/// Run a KDF-heavy effect on a worker thread while the UI keeps drawing (spinner, countdowns).
/// Keys typed meanwhile are dropped: a second Enter must not silently burn another counter.
fn perform_in_background(
    terminal: &mut DefaultTerminal,
    state: &mut State,
    rt: &mut Runtime,
    effect: Effect,
) -> anyhow::Result<Vec<Msg>> {
    std::thread::scope(|scope| {
        let worker = scope.spawn(move || rt.perform(effect));
        while !worker.is_finished() {
            // Display only: ticks (idle lock, expiry) resume once the work is done.
            state.now = (now_ms() / 1000) as u64;
            terminal.draw(|f| f.render_widget(&*state, f.area()))?;
            state.spinner = state.spinner.wrapping_add(1);
            if event::poll(Duration::from_millis(100))? {
                event::read()?;
            }
        }
        match worker.join() {
            Ok(msgs) => Ok(msgs),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

struct Runtime {
    client: Client,
    clipboard: Clipboard,
    /// Tokens unlocked in this session, by serial; dropping one zeroizes its secret.
    handles: HashMap<String, Unlocked>,
    /// Import step 1 done, waiting for the PIN step.
    importer: Importer,
    clear_after: Duration,
    demo_dir: Option<PathBuf>,
    /// The server and user of config.toml that `s` logs in to.
    login: Option<LoginServer>,
}

impl Runtime {
    fn tokens(&self) -> Msg {
        match self.client.list() {
            Ok(list) => Msg::Tokens(list),
            Err(e) => Msg::TokensFailed(Failure {
                message: message(&e),
                kind: FailKind::Other,
                culprit: None,
            }),
        }
    }

    fn copy(&mut self, otp_pin: Option<&SecretString>, code: &str) -> Msg {
        let value = combined::join(otp_pin, code);
        Msg::Copied(
            self.clipboard
                .copy_report(&value, self.clear_after)
                .map(route)
                .map_err(|e| e.to_string()),
        )
    }

    fn perform(&mut self, effect: Effect) -> Vec<Msg> {
        match effect {
            Effect::LoadTokens => vec![self.tokens()],
            Effect::Generate {
                serial,
                pin,
                copy,
                otp_pin,
            } => self.generate(serial, pin, copy, otp_pin),
            Effect::CopyShown {
                serial,
                code,
                otp_pin,
            } => {
                let stored = self
                    .handles
                    .get(&serial)
                    .and_then(|u| u.otp_pin())
                    .map(SecretString::duplicate);
                vec![self.copy(otp_pin.as_ref().or(stored.as_ref()), code.expose())]
            }
            Effect::PrepareImport(source) => vec![self.importer.prepare(&self.client, source)],
            Effect::CommitImport {
                name,
                otp_pin,
                pin,
                replace,
            } => self
                .importer
                .commit(&self.client, name, otp_pin, pin, replace),
            Effect::CancelImport => {
                self.importer.cancel();
                vec![]
            }
            e @ (Effect::ChangePin { .. }
            | Effect::SetOtpPin { .. }
            | Effect::Rename { .. }
            | Effect::Remove { .. }) => self.change(e),
            Effect::SetupDemo => self.demo_setup(),
            Effect::Login { serial, pin } => self.login(serial, pin),
            Effect::LockAll => {
                self.handles.clear();
                // Locking (by `l` or idle) wipes what we copied too, as quitting does.
                self.clipboard.clear_if_ours();
                vec![]
            }
            Effect::Quit => {
                self.handles.clear();
                self.importer.cancel();
                self.clipboard.clear_if_ours();
                vec![]
            }
        }
    }

    fn generate(
        &mut self,
        serial: String,
        pin: Option<SecretString>,
        copy: bool,
        otp_pin: Option<SecretString>,
    ) -> Vec<Msg> {
        let mut out = vec![];
        if let Some(pin) = pin {
            match self.client.unlock(&serial, &pin) {
                Ok(u) => {
                    let has_otp_pin = u.otp_pin().is_some();
                    out.push(Msg::Unlocked {
                        serial: serial.clone(),
                        has_otp_pin,
                    });
                    self.handles.insert(serial.clone(), u);
                }
                Err(e) => return vec![failure(&e)],
            }
        }
        let Some(handle) = self.handles.get(&serial) else {
            return vec![plain(format!("token {serial} is not unlocked"))];
        };
        if copy && otp_pin.is_none() && handle.otp_pin().is_none() {
            out.push(Msg::NeedOtpPin(serial));
            return out;
        }
        let view = match self.client.next_codes(handle, 1) {
            Ok(mut codes) if !codes.is_empty() => codes.swap_remove(0),
            Ok(_) => return vec![],
            Err(e) => {
                // Locked, removed or re-sealed since the unlock: the handle is stale.
                self.handles.remove(&serial);
                out.push(Msg::Forget(serial));
                out.push(failure(&e));
                return out;
            }
        };
        out.push(Msg::Code(view));
        if copy {
            // Copied back on the UI thread (this may run on the KDF worker): an OSC 52 write
            // must not interleave with a frame.
            out.push(Msg::CopyCode { serial, otp_pin });
        }
        out
    }

    /// Import the embedded demo seed into the throw-away vault (runs after the first frame).
    fn demo_setup(&mut self) -> Vec<Msg> {
        // Only the demo has a throw-away folder (the vault lives there).
        if self.demo_dir.is_none() {
            return vec![];
        }
        let info = demo::INFO;
        match demo::import(
            &self.client,
            demo::SEED,
            info.activation_key,
            info.app_pin,
            KdfCost::DEFAULT,
        ) {
            Ok(_) => vec![Msg::Done(
                "Demo token ready: press Enter and type the application PIN".into(),
            )],
            Err(e) => vec![failure(&e)],
        }
    }
}
