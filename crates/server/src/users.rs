//! The user repository file (`--users FILE`): CSV `user,email` with a header line.
use crate::error::ServerError;
use crate::store::User;
use std::path::Path;

/// Longest login accepted (RADIUS User-Name is at most 253 octets).
pub const MAX_LOGIN: usize = 253;

/// Whether `login` may name a user: 1..=253 bytes, no control characters, no `%` or `*`
/// (privacyIDEA refuses those: "Invalid user.").
pub fn valid_login(login: &str) -> bool {
    !login.is_empty()
        && login.len() <= MAX_LOGIN
        && !login
            .chars()
            .any(|c| c.is_control() || c == '%' || c == '*')
}

/// Parses the file's text: a header line `user,email`, then one user per line. Blank lines and
/// surrounding spaces are ignored; a field may be double-quoted.
pub fn parse(text: &str) -> Result<Vec<User>, (usize, String)> {
    // A spreadsheet's UTF-8 export starts with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines().enumerate();
    let header = lines.next().map(|(_, l)| fields(l)).unwrap_or_default();
    if header.len() < 2
        || !header[0].eq_ignore_ascii_case("user")
        || !header[1].eq_ignore_ascii_case("email")
    {
        return Err((1, "the first line must be the header user,email".into()));
    }
    let mut out = Vec::new();
    for (i, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let f = fields(line);
        if f.len() != 2 {
            return Err((
                i + 1,
                format!("expected 2 fields (user,email), found {}", f.len()),
            ));
        }
        if !valid_login(&f[0]) {
            return Err((
                i + 1,
                "the user name is empty, too long or has control characters, % or *".into(),
            ));
        }
        out.push(User {
            login: f[0].clone(),
            email: f[1].clone(),
        });
    }
    Ok(out)
}

fn fields(line: &str) -> Vec<String> {
    line.split(',')
        .map(|f| {
            let f = f.trim();
            f.strip_prefix('"')
                .and_then(|x| x.strip_suffix('"'))
                .unwrap_or(f)
                .to_owned()
        })
        .collect()
}

pub fn load(path: &Path) -> Result<Vec<User>, ServerError> {
    let text = std::fs::read_to_string(path).map_err(|e| ServerError::io(path, e))?;
    parse(&text).map_err(|(line, reason)| ServerError::UsersFile {
        path: path.to_path_buf(),
        line,
        reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_csv_and_names_the_bad_line() {
        let u = parse("user,email\nalice, alice@example.org\n\n\"bob\",bob@example.org\n").unwrap();
        assert_eq!(u.len(), 2);
        assert_eq!(
            (u[1].login.as_str(), u[1].email.as_str()),
            ("bob", "bob@example.org")
        );
        assert_eq!(parse("login,mail\n").unwrap_err().0, 1);
        let bom = parse("\u{feff}user,email\r\ncarol,c@example.org\r\n").unwrap();
        assert_eq!(bom[0].email, "c@example.org");
        assert_eq!(parse("user,email\na,b\nc\n").unwrap_err().0, 3);
        assert_eq!(parse("user,email\nx%y,b\n").unwrap_err().0, 2);
    }
}
