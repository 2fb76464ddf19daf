//! The lock-out under attack through the file system: a same-user process watches the vault folder
//! with inotify and SIGKILLs softpass the moment the folder shows the verdict of a wrong PIN (the
//! signals an earlier version gave away before counting it), 50 guesses in a row. Judged by the
//! vault afterwards and by what the guesses printed, not by file names.
use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use softpass_core::token::{Algorithm, OtpParams};
use softpass_core::vault::KdfCost;

use crate::support::*;

/// Where the right PIN is among the 50 guesses in the lock-out campaign (the 40th).
const RIGHT_AT: usize = 39;

/// A real cost, so the KDF takes a while as it does for users.
const REAL: KdfCost = KdfCost {
    memory_kib: 8 * 1024,
    iterations: 1,
    parallelism: 1,
};

/// An inotify watch on one folder (libc directly: the test is its own attacker).
struct Watch {
    fd: i32,
}

const MASK: u32 = libc::IN_CREATE | libc::IN_DELETE | libc::IN_MOVED_FROM | libc::IN_MOVED_TO;

impl Watch {
    fn new(dir: &Path) -> Self {
        let fd = unsafe { libc::inotify_init1(libc::IN_CLOEXEC | libc::IN_NONBLOCK) };
        assert!(fd >= 0, "inotify_init1");
        let c = CString::new(dir.as_os_str().as_bytes()).unwrap();
        assert!(unsafe { libc::inotify_add_watch(fd, c.as_ptr(), MASK) } >= 0);
        Watch { fd }
    }

    /// The events that arrive within `wait`: (mask, file name).
    fn events(&self, wait: Duration) -> Vec<(u32, String)> {
        let mut pfd = libc::pollfd {
            fd: self.fd,
            events: libc::POLLIN,
            revents: 0,
        };
        if unsafe { libc::poll(&mut pfd, 1, wait.as_millis() as i32) } <= 0 {
            return Vec::new();
        }
        let mut buf = [0u8; 8192];
        let n = unsafe { libc::read(self.fd, buf.as_mut_ptr().cast(), buf.len()) };
        let mut out = Vec::new();
        let mut at = 0usize;
        let header = std::mem::size_of::<libc::inotify_event>();
        while n > 0 && at + header <= n as usize {
            let ev: libc::inotify_event =
                unsafe { std::ptr::read_unaligned(buf[at..].as_ptr().cast()) };
            let name = &buf[at + header..at + header + ev.len as usize];
            let name = String::from_utf8_lossy(name)
                .trim_end_matches('\0')
                .to_owned();
            out.push((ev.mask, name));
            at += header + ev.len as usize;
        }
        out
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        unsafe { libc::close(self.fd) };
    }
}

/// When the attacker pulls the trigger.
#[derive(Clone, Copy)]
enum Signal {
    /// A temp file this run created is deleted (once: the staged counter file of a wrong PIN).
    OwnTempDeleted,
    /// Any temp file appears (once: a wrong PIN was the only thing that wrote).
    TempCreated,
}

struct Guess {
    stdout: Vec<u8>,
    code: Option<i32>,
}

/// Runs `child`, killing it (SIGKILL) on the first `signal` seen in the watched folder.
fn attack(watch: &Watch, mut child: Child, signal: Signal) -> Guess {
    let mut own = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    'run: while child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "a guess hangs");
        for (mask, name) in watch.events(Duration::from_millis(2)) {
            let temp = name.ends_with(".tmp");
            if mask & libc::IN_CREATE != 0 && temp {
                own.push(name.clone());
            }
            let fire = match signal {
                Signal::OwnTempDeleted => mask & libc::IN_DELETE != 0 && own.contains(&name),
                Signal::TempCreated => mask & libc::IN_CREATE != 0 && temp,
            };
            if fire {
                let _ = child.kill();
                break 'run;
            }
        }
    }
    let out = child.wait_with_output().unwrap();
    Guess {
        stdout: out.stdout,
        code: out.status.code(),
    }
}

/// 50 guesses (the right PIN at `right_at`) of `args`, each under attack; the binary itself
/// runs (not behind setsid), so the kill reaches the process that writes the vault.
fn campaign(sb: &Sandbox, args: &[&str], signal: Signal, right_at: usize) -> Vec<Guess> {
    let watch = Watch::new(sb.vault().parent().unwrap());
    (0..50)
        .map(|i| {
            let pin = if i == right_at {
                PIN.to_owned()
            } else {
                format!("{}", 1000 + i)
            };
            watch.events(Duration::ZERO); // what is left of the previous run
            let child = sb
                .direct_pin(&pin, args)
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            attack(&watch, child, signal)
        })
        .collect()
}

#[test]
fn killing_code_at_the_wrong_pin_signal_does_not_stop_the_count() {
    let sb = Sandbox::new();
    guarded_vault(&sb, OtpParams::hotp(Algorithm::Sha1, 6), REAL);
    let guesses = campaign(&sb, &["code", "guarded"], Signal::OwnTempDeleted, RIGHT_AT);
    let t = sb.token(0);
    assert_eq!(t["locked"], true, "{t}");
    assert_eq!(t["failed_attempts"], 3, "{t}");
    assert_eq!(t["counter"], 50, "a counter was spent: {t}");
    for (i, g) in guesses.iter().enumerate() {
        assert!(
            g.stdout.is_empty(),
            "guess {i} printed {:?}",
            String::from_utf8_lossy(&g.stdout)
        );
    }
    // The right PIN came after the lock: refused as locked, not answered.
    assert_eq!(guesses[RIGHT_AT].code, Some(4));
}

#[test]
fn killing_totp_code_and_export_at_the_first_write_learns_nothing() {
    for args in [&["code", "guarded"][..], &["export", "guarded", "--uri"]] {
        let sb = Sandbox::new();
        guarded_vault(&sb, OtpParams::totp(Algorithm::Sha1, 8, 30), REAL);
        // The right PIN first, while the count is 0 (a right PIN then has nothing to reset, so
        // an earlier version wrote nothing for it, and a temp file only for a wrong one).
        let guesses = campaign(&sb, args, Signal::TempCreated, 0);
        for (i, g) in guesses.iter().enumerate() {
            assert!(
                g.stdout.is_empty(),
                "{args:?}: guess {i} printed {:?}",
                String::from_utf8_lossy(&g.stdout)
            );
        }
        // The right PIN, stopped at the same first write as the wrong ones, was not answered
        // either: before its count is saved, a run looks the same whatever the PIN.
        assert_ne!(guesses[0].code, Some(0), "{args:?}");
    }
}
