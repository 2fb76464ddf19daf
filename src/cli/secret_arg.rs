//! A secret given on the command line (activation key, OTP PIN, base32 secret, URI, PIN): zeroized
//! on drop and redacted in `Debug`, so a derived `Debug` of the parsed arguments never shows it.
//!
//! Every such option also takes the value off the command line, where `ps` cannot see it, as
//! oathtool does: `-` is the first line of standard input and `@FILE` the first line of FILE,
//! each without its line ending. A literal `-`, or a literal starting with `@`, is no secret
//! anyone uses, so there is no escape. Only one input can come from standard input: a second
//! `-` is refused here, and `-` together with `--pin-stdin` by [`check_stdin`] (exit 2).
use std::fmt;
use std::io::BufRead;
use std::path::Path;
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};
use zeroize::Zeroizing;

/// The longest first line read from stdin or a file (a URI or seed password is far shorter);
/// bounds the memory a mistaken `@/dev/zero` can take.
const MAX_LINE: u64 = 64 * 1024;

/// How many option values were read from stdin in this process (parsing runs once).
static STDIN_READS: AtomicUsize = AtomicUsize::new(0);

/// clap needs `Clone` for argument values; the copies live only while arguments are parsed.
#[derive(Clone)]
pub struct SecretArg(Zeroizing<String>);

impl SecretArg {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Lets the shells borrow it as `&str` (`as_deref()`, deref coercion) without copying.
impl std::ops::Deref for SecretArg {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretArg(<redacted>)")
    }
}

/// The first line of `input` without its line ending (`\n` or `\r\n`); `None` at end of input.
/// Bytes past the line are left unread.
pub fn first_line(input: impl BufRead) -> Result<Option<Zeroizing<String>>, String> {
    let mut bytes = Zeroizing::new(Vec::new());
    input
        .take(MAX_LINE + 1)
        .read_until(b'\n', &mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.is_empty() {
        return Ok(None);
    }
    if bytes.last() == Some(&b'\n') {
        bytes.pop();
        if bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
    } else if bytes.len() as u64 > MAX_LINE {
        return Err(format!("the first line is longer than {MAX_LINE} bytes"));
    }
    match std::str::from_utf8(&bytes) {
        Ok(text) => Ok(Some(Zeroizing::new(text.to_owned()))),
        Err(e) => Err(format!(
            "the first line is not UTF-8 text (byte {})",
            e.valid_up_to()
        )),
    }
}

fn from_stdin() -> Result<Zeroizing<String>, String> {
    if STDIN_READS.fetch_add(1, Ordering::SeqCst) > 0 {
        return Err("only one option can read standard input ('-')".into());
    }
    match first_line(std::io::stdin().lock()) {
        Ok(Some(line)) => Ok(line),
        Ok(None) => Err("standard input is empty (expected the value on its first line)".into()),
        Err(e) => Err(format!("standard input: {e}")),
    }
}

fn from_file(path: &Path) -> Result<Zeroizing<String>, String> {
    if path.as_os_str().is_empty() {
        return Err("'@' needs a file name (@FILE: the value is the file's first line)".into());
    }
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    match first_line(std::io::BufReader::new(file)) {
        Ok(Some(line)) => Ok(line),
        Ok(None) => Err(format!("{}: the file is empty", path.display())),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// Parsing reads `-` and `@FILE` at once, so every command sees the value itself. The error
/// names the file or stdin, never a value (a literal never fails).
impl FromStr for SecretArg {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let value = match s {
            "-" => from_stdin()?,
            _ => match s.strip_prefix('@') {
                Some(path) => from_file(Path::new(path))?,
                None => Zeroizing::new(s.to_owned()),
            },
        };
        Ok(Self(value))
    }
}

/// A file option that takes `-` for all of standard input (`import --email`). Not a secret
/// itself, but it takes stdin like the secret options do, so it is counted with them: only one
/// option reads stdin, and not together with `--pin-stdin`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputFile {
    Stdin,
    Path(std::path::PathBuf),
}

impl InputFile {
    /// The file, `None` for standard input.
    pub fn path(&self) -> Option<&Path> {
        match self {
            InputFile::Stdin => None,
            InputFile::Path(p) => Some(p),
        }
    }
}

impl FromStr for InputFile {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "-" => {
                if STDIN_READS.fetch_add(1, Ordering::SeqCst) > 0 {
                    return Err("only one option can read standard input ('-')".into());
                }
                Ok(InputFile::Stdin)
            }
            "" => Err("the file name is empty".into()),
            _ => Ok(InputFile::Path(s.into())),
        }
    }
}

/// After parsing: `--pin-stdin` and an option given as `-` cannot both have the first line of
/// standard input. `Err` is the usage message (exit 2).
pub fn check_stdin(pin_stdin: bool) -> Result<(), String> {
    stdin_conflict(pin_stdin, STDIN_READS.load(Ordering::SeqCst))
}

fn stdin_conflict(pin_stdin: bool, reads: usize) -> Result<(), String> {
    if pin_stdin && reads > 0 {
        return Err(
            "--pin-stdin and an option given as '-' both want the first line of standard input: give that option as @FILE or on the command line"
                .into(),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    #[test]
    fn debug_never_shows_the_value() {
        let s: SecretArg = "YZQHoczZWw3cBCNo".parse().unwrap();
        assert!(!format!("{s:?}").contains("YZQH"));
        assert_eq!(s.as_str(), "YZQHoczZWw3cBCNo");
    }

    #[test]
    fn first_line_drops_the_line_ending_and_leaves_the_rest() {
        let mut input: &[u8] = b"4711\r\nsecond\n";
        assert_eq!(first_line(&mut input).unwrap().unwrap().as_str(), "4711");
        assert_eq!(input, b"second\n");
        let line = first_line(&b"no newline"[..]).unwrap().unwrap();
        assert_eq!(line.as_str(), "no newline");
        // An empty first line is an empty value; no line at all is none.
        assert_eq!(first_line(&b"\nx"[..]).unwrap().unwrap().as_str(), "");
        assert!(first_line(&b""[..]).unwrap().is_none());
        // Inner white space is part of the value (only the line ending goes).
        let line = first_line(&b" a b \n"[..]).unwrap().unwrap();
        assert_eq!(line.as_str(), " a b ");
    }

    #[test]
    fn first_line_refuses_binary_and_endless_input() {
        let err = first_line(&b"\xff\xfe\n"[..]).err().unwrap();
        assert!(err.contains("UTF-8"), "{err}");
        let endless = std::io::repeat(b'7').take(MAX_LINE * 2);
        let err = first_line(std::io::BufReader::new(endless)).err().unwrap();
        assert!(err.contains("longer"), "{err}");
    }

    #[test]
    fn at_file_is_the_first_line_of_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key.txt");
        let mut f = std::fs::File::create(&path).unwrap();
        f.write_all(b"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\r\nignored\n")
            .unwrap();
        let s: SecretArg = format!("@{}", path.display()).parse().unwrap();
        assert_eq!(s.as_str(), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    }

    #[test]
    fn at_file_errors_name_the_file_never_a_value() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.txt");
        let err = format!("@{}", missing.display())
            .parse::<SecretArg>()
            .err()
            .unwrap();
        assert!(err.contains("missing.txt"), "{err}");
        let empty = dir.path().join("empty.txt");
        std::fs::write(&empty, b"").unwrap();
        let err = format!("@{}", empty.display())
            .parse::<SecretArg>()
            .err()
            .unwrap();
        assert!(err.contains("empty"), "{err}");
        assert!("@".parse::<SecretArg>().is_err());
    }

    #[test]
    fn pin_stdin_and_a_dash_value_conflict() {
        assert!(stdin_conflict(true, 0).is_ok());
        assert!(stdin_conflict(false, 1).is_ok());
        let err = stdin_conflict(true, 1).err().unwrap();
        assert!(err.contains("--pin-stdin"), "{err}");
    }
}
