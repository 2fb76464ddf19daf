//! Streaming many codes of one generator: what `softpass calc` prints. Millions of codes must be
//! cheap: the keyed HMAC state is built once, each code is formatted into a reused byte buffer
//! (nothing is allocated per code), and long runs are computed on all cores in ordered chunks.
use super::{Code, Hotp};
use std::io::{self, Write};

/// Counters (or TOTP time steps) `first..=last` of one generator.
pub struct CodeRun {
    pub hotp: Hotp,
    pub first: u64,
    pub last: u64,
    /// Time-based tokens: `(period, t0)`, to report each step's first second in JSON.
    pub step: Option<(u32, u64)>,
}

/// Codes per thread per round: enough to amortise a thread start (~0.1%), few enough that a reader
/// who stops early (`| head`) does not wait for much work.
const CHUNK: u64 = 1 << 15;

impl CodeRun {
    /// One code per line. Long runs are split into chunks computed by several threads into reused
    /// buffers and written in order; short runs are written directly. `threads`: how many to use
    /// (the caller knows the machine; the core does not look).
    pub fn write_lines(&self, out: &mut impl Write, threads: usize) -> io::Result<()> {
        let threads = threads.clamp(1, 8);
        // `last - first + 1` is --count, which fits in a u64.
        let mut remaining = self.last - self.first + 1;
        if threads < 2 || remaining < 4 * CHUNK {
            let mut digits = [0u8; Code::MAX_LEN];
            for counter in self.first..=self.last {
                out.write_all(self.hotp.code(counter).write_ascii(&mut digits))?;
                out.write_all(b"\n")?;
            }
            return Ok(());
        }
        let line = Code::MAX_LEN + 1;
        let mut bufs: Vec<Vec<u8>> = (0..threads)
            .map(|_| Vec::with_capacity(CHUNK as usize * line))
            .collect();
        let mut next = self.first;
        while remaining > 0 {
            let mut used = 0;
            std::thread::scope(|scope| {
                let mut jobs = Vec::with_capacity(threads);
                for buf in bufs.iter_mut() {
                    if remaining == 0 {
                        break;
                    }
                    let n = remaining.min(CHUNK);
                    jobs.push((buf, next, n));
                    // Wraps only past the very last counter, after which nothing is read.
                    next = next.wrapping_add(n);
                    remaining -= n;
                    used += 1;
                }
                let mut jobs = jobs.into_iter();
                let own = jobs.next();
                for (buf, from, n) in jobs {
                    scope.spawn(move || fill(buf, &self.hotp, from, n));
                }
                if let Some((buf, from, n)) = own {
                    fill(buf, &self.hotp, from, n);
                }
            });
            for buf in &bufs[..used] {
                out.write_all(buf)?;
            }
        }
        Ok(())
    }

    /// `{"codes":[{"counter":N,"code":"…"},…]}`; time-based codes also carry `"time"` (docs/cli.md).
    pub fn write_json(&self, out: &mut impl Write) -> io::Result<()> {
        let mut digits = [0u8; Code::MAX_LEN];
        out.write_all(b"{\"codes\":[")?;
        for counter in self.first..=self.last {
            if counter != self.first {
                out.write_all(b",")?;
            }
            write!(out, "{{\"counter\":{counter}")?;
            if let Some((period, t0)) = self.step {
                // Checked in `plan`: cannot overflow.
                write!(out, ",\"time\":{}", t0 + counter * u64::from(period))?;
            }
            out.write_all(b",\"code\":\"")?;
            out.write_all(self.hotp.code(counter).write_ascii(&mut digits))?;
            out.write_all(b"\"}")?;
        }
        out.write_all(b"]}\n")
    }
}

/// Lines for counters `from..from+n` into `buf` (cleared; its capacity is kept across rounds).
fn fill(buf: &mut Vec<u8>, hotp: &Hotp, from: u64, n: u64) {
    buf.clear();
    let mut digits = [0u8; Code::MAX_LEN];
    for i in 0..n {
        buf.extend_from_slice(hotp.code(from + i).write_ascii(&mut digits));
        buf.push(b'\n');
    }
}
