//! `completions` and `man`: generated from the clap definition, written in one piece so a closed
//! stdout is an ordinary broken pipe (exit 0), not a panic inside the generator.
use crate::cli::args::{Cli, CompletionsArgs};
use crate::cli::output;
use crate::exit;
use clap::CommandFactory;
use std::io::{self, Write};

pub fn completions(args: &CompletionsArgs) -> anyhow::Result<()> {
    let mut cmd = Cli::command();
    // clap_complete panics on a write error, so it writes to memory and we copy the result.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "softpass", &mut script);
    output::bytes(&script)
}

/// What clap does not know: the variables read by the client library.
const ENVIRONMENT: &str = r#".SH ENVIRONMENT
.TP
\fBSOFTPASS_VAULT\fR
The vault file (same as \fB\-\-vault\fR).
.TP
\fBSOFTPASS_CONFIG\fR
The settings file (same as \fB\-\-config\fR).
.TP
\fBSOFTPASS_PIN\fR
The application PIN, when \fB\-\-pin\-stdin\fR is not given; else it is asked on the terminal.
.TP
\fBSOFTPASS_NEW_PIN\fR
The new application PIN for \fBpin\fR and for tokens whose source carries no PIN; else asked twice (on \fBimport\fR the application PIN is used).
.TP
\fBSOFTPASS_ACTIVATION_KEY\fR
The activation key of a seed file (same as \fB\-\-activation\-key\fR).
"#;

/// One page for the whole surface: the global part, then each command's synopsis, description
/// and options (clap_mangen alone renders only the top level).
pub fn man() -> anyhow::Result<()> {
    let mut cmd = Cli::command();
    cmd.build();
    let mut page = Vec::new();
    let top = clap_mangen::Man::new(cmd.clone());
    top.render_title(&mut page)?;
    top.render_name_section(&mut page)?;
    top.render_synopsis_section(&mut page)?;
    top.render_description_section(&mut page)?;
    top.render_options_section(&mut page)?;
    top.render_subcommands_section(&mut page)?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let full = format!("softpass {}", sub.get_name());
        writeln!(page, ".SH \"COMMAND: {}\"", full.to_uppercase())?;
        let man = clap_mangen::Man::new(sub.clone().bin_name(full));
        man.render_synopsis_section(&mut page)?;
        man.render_description_section(&mut page)?;
        man.render_options_section(&mut page)?;
    }
    page.extend_from_slice(ENVIRONMENT.as_bytes());
    exit_status(&mut page)?;
    top.render_version_section(&mut page)?;
    output::bytes(&page)
}

/// The EXIT STATUS section, rendered from the one exit-code table.
fn exit_status(page: &mut Vec<u8>) -> io::Result<()> {
    writeln!(page, ".SH \"EXIT STATUS\"")?;
    for (code, meaning) in exit::TABLE {
        let meaning = meaning.replace('`', "").replace('-', "\\-");
        writeln!(page, ".TP\n\\fB{}\\fR\n{meaning}", code as u8)?;
    }
    Ok(())
}
