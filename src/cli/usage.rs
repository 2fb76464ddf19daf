//! clap's usage errors as the one `softpass: ` line the contract asks for, naming the option that
//! was wrong and never repeating what was typed (a secret given as a flag value may be in it).
use clap::CommandFactory;
use clap::error::{ContextKind, ContextValue};
use std::ffi::OsString;

/// The text of a context clap attached to its error (the first, if a list).
fn context(err: &clap::Error, kind: ContextKind) -> Option<String> {
    match err.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => v.first().cloned(),
        _ => None,
    }
}

/// Whether `word` (as typed, e.g. `--otp-pin`) is an option of some softpass command that takes
/// a value.
fn takes_value(word: &str) -> Option<String> {
    fn walk(cmd: &clap::Command, word: &str) -> Option<String> {
        let own = cmd.get_arguments().find(|a| {
            a.get_action().takes_values()
                && (a
                    .get_long()
                    .is_some_and(|l| word.strip_prefix("--") == Some(l))
                    || a.get_short().is_some_and(|c| word == format!("-{c}")))
        });
        own.map(|a| match a.get_long() {
            Some(l) => format!("--{l}"),
            None => word.to_owned(),
        })
        .or_else(|| cmd.get_subcommands().find_map(|c| walk(c, word)))
    }
    walk(&crate::cli::Cli::command(), word)
}

/// An argument clap did not expect, named by its place and the option before it, never by its
/// text: it is often a secret in the wrong place (`--otp-pin -9876` reads as the options
/// `-9 -8 ...`; an activation code with leading dashes reads as an option).
fn unknown_argument(err: &clap::Error, argv: &[OsString]) -> String {
    let typed = context(err, ContextKind::InvalidArg).unwrap_or_default();
    let at = argv
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, a)| !typed.is_empty() && a.to_string_lossy().starts_with(&typed))
        .map(|(i, _)| i);
    let before = at
        .and_then(|i| argv.get(i - 1))
        .and_then(|a| takes_value(&a.to_string_lossy()));
    if let Some(option) = before {
        return format!(
            "{option} is missing its value (a value that starts with '-' is written {option}=VALUE)"
        );
    }
    let mut message = match at {
        Some(i) => format!("unexpected argument {i} (not repeated here)"),
        None => "unexpected argument (not repeated here)".to_owned(),
    };
    if let Some(suggested) = context(err, ContextKind::SuggestedArg) {
        message.push_str(&format!("; did you mean '{suggested}'?"));
    }
    message
}

/// clap's usage error as the one `softpass: ` line the contract asks for: its first line without
/// the `error: ` prefix, plus where to find help. Text the user typed is not repeated (a secret
/// given in the wrong place would end up in logs and terminals): the message names the option.
pub fn usage_line(err: &clap::Error, argv: &[OsString]) -> String {
    use clap::error::ErrorKind as Clap;
    let message = match err.kind() {
        Clap::UnknownArgument => unknown_argument(err, argv),
        Clap::InvalidSubcommand => match context(err, ContextKind::SuggestedSubcommand) {
            Some(s) => format!("unrecognized command (not repeated here); did you mean '{s}'?"),
            None => "unrecognized command (not repeated here)".to_owned(),
        },
        _ => {
            let mut m = first_paragraph(err);
            if let Some(value) = context(err, ContextKind::InvalidValue) {
                m = m.replace(&format!("'{value}' "), "");
                m = m.replace(&format!("'{value}'"), "the value");
            }
            m
        }
    };
    let message = if message.is_empty() {
        "invalid usage".to_owned()
    } else {
        message
    };
    format!("softpass: {message} (see softpass --help)")
}

/// The first paragraph of clap's rendering (it may list missing arguments on more lines), on
/// one line, without the `error: ` prefix; the usage and tip paragraphs are dropped.
fn first_paragraph(err: &clap::Error) -> String {
    let rendered = err.render().to_string();
    let message: Vec<&str> = rendered
        .lines()
        .map(str::trim)
        .skip_while(|l| l.is_empty())
        .take_while(|l| !l.is_empty() && !l.starts_with("Usage:"))
        .collect();
    let message = message.join(" ");
    message
        .strip_prefix("error: ")
        .unwrap_or(&message)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usage(argv: &[&str]) -> String {
        let argv: Vec<OsString> = argv.iter().map(OsString::from).collect();
        let err = <crate::cli::Cli as clap::Parser>::try_parse_from(&argv).unwrap_err();
        usage_line(&err, &argv)
    }

    #[test]
    fn usage_errors_name_the_option_not_the_value() {
        let line = usage(&["softpass", "code", "--otp-pin", "-9876"]);
        assert!(!line.contains("98") && !line.contains("'-9'"), "{line}");
        assert!(line.contains("--otp-pin is missing its value"), "{line}");
        assert!(line.contains("--otp-pin=VALUE"), "{line}");
        let code = "--QVKYC-FM6KO-SY6F7-TR22W";
        let line = usage(&["softpass", "import", "--mobilepass", code]);
        assert!(!line.contains("QVKYC"), "{line}");
        assert!(line.contains("--mobilepass is missing its value"), "{line}");
        // Misplaced on its own: named by position only.
        let line = usage(&["softpass", "import", "QVKYC-FM6KO-SY6F7-TR22W"]);
        assert_eq!(
            line,
            "softpass: unexpected argument 2 (not repeated here) (see softpass --help)"
        );
        let line = usage(&["softpass", "calc", "--secret", "-GEZDG"]);
        assert!(!line.contains("GEZ") && line.contains("--secret"), "{line}");
        let line = usage(&["softpass", "issue", "--out", "o", "--app-pin", "-1234"]);
        assert!(
            !line.contains("1234") && line.contains("--app-pin"),
            "{line}"
        );
        let line = usage(&["softpass", "QVKYCFM6KO"]);
        assert!(!line.contains("QVKYC"), "{line}");
        let line = usage(&["softpass", "lst"]);
        assert!(line.contains("did you mean 'list'?"), "{line}");
        // Values of validated options are not repeated either; the option is named.
        let line = usage(&["softpass", "code", "--count", "abc"]);
        assert!(!line.contains("abc") && line.contains("--count"), "{line}");
        // A typo in an option name still gets clap's suggestion (our own option name).
        let line = usage(&["softpass", "--vult", "x", "list"]);
        assert!(line.contains("did you mean '--vault'?"), "{line}");
    }
}
