//! Dialogs: a description, the input fields (secret ones masked), an error line and key hints.
use crate::tui::keymap::{DIALOG_KEYS, footer};
use crate::tui::state::{Dialog, DialogKind, Field, PinPurpose, SourceKind};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};
use softpass_core::token::PinPolicy;

pub struct DialogView<'a>(pub &'a Dialog);

/// What an OTP PIN is, for the dialogs that ask for one.
pub(super) const OTP_PIN_IS: &str = "The OTP PIN is the PIN your login expects in front of the eToken (with the Parallels Client: the digits chosen in its New Account dialog).";

fn describe(kind: &DialogKind) -> (&'static str, Vec<Line<'static>>) {
    match kind {
        DialogKind::Pin {
            serial,
            name,
            purpose: PinPurpose::Remove,
        } => (
            " Delete token ",
            vec![Line::from(format!(
                "Enter the application PIN of '{name}' ({serial}) to delete it."
            ))],
        ),
        DialogKind::Pin { serial, name, .. } => (
            " Unlock ",
            vec![Line::from(format!(
                "Application PIN for '{name}' ({serial})"
            ))],
        ),
        DialogKind::OtpPin { name, .. } => (
            " Copy OTP PIN + eToken ",
            vec![
                Line::from(format!("No OTP PIN is stored for '{name}'.")),
                Line::from(OTP_PIN_IS),
                Line::from(
                    "Type it to copy OTP PIN + eToken. To store it sealed with the token (not asked again), also type the application PIN.",
                ),
            ],
        ),
        DialogKind::SetOtpPin { serial, name } => (
            " OTP PIN ",
            vec![
                Line::from(format!(
                    "Set, change or remove the OTP PIN stored with '{name}' ({serial})."
                )),
                Line::from(OTP_PIN_IS),
            ],
        ),
        DialogKind::ImportSource { source } => (
            " Import a token (1/2) ",
            vec![source_choice(*source), Line::from("←/→ change the source.")],
        ),
        DialogKind::ImportPin {
            found,
            carries_pin,
            mail_pin,
            policy,
            ..
        } => (
            " Import a token (2/2) ",
            vec![
                Line::from(format!("Found: {}", found.join(", "))),
                pin_rule(*carries_pin, *mail_pin, policy),
            ],
        ),
        DialogKind::ChangePin { serial, name, .. } => (
            " Change PIN ",
            vec![Line::from(format!(
                "Change the application PIN of '{name}' ({serial})."
            ))],
        ),
        DialogKind::Rename { serial, name } => (
            " Rename ",
            vec![Line::from(format!("Rename '{name}' ({serial})."))],
        ),
        DialogKind::ConfirmDelete { serial, name } => (
            " Delete token ",
            vec![
                Line::from(format!("Delete token '{name}' ({serial})?")),
                Line::from("Its secret leaves the vault for good."),
                Line::from("Enter: continue (asks the PIN) · Esc: keep it"),
            ],
        ),
    }
}

/// The import sources in a row, the chosen one highlighted.
fn source_choice(source: SourceKind) -> Line<'static> {
    let mut spans = vec![Span::raw("Source: ")];
    for s in SourceKind::ALL {
        let style = if s == source {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::new().fg(Color::DarkGray)
        };
        spans.push(Span::styled(format!(" {} ", s.label()), style));
    }
    Line::from(spans)
}

/// What the application PIN of an import must be.
fn pin_rule(carries_pin: bool, mail_pin: bool, policy: &PinPolicy) -> Line<'static> {
    if carries_pin && mail_pin {
        return Line::from("The e-mail gives the application PIN: Enter uses it.");
    }
    if carries_pin {
        return Line::from("The seed carries an application PIN: type it to confirm.");
    }
    Line::from(format!(
        "Choose an application PIN: {}–{} characters{}.",
        policy.min_length,
        policy.max_length,
        if policy.numeric { ", digits only" } else { "" }
    ))
}

impl Widget for DialogView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let d = self.0;
        let (title, mut lines) = describe(&d.kind);
        lines.push(Line::from(""));
        // The rows to keep in view: the focused field and the error under it.
        let mut focus_lines = 0..0;
        for (i, f) in d.form.fields.iter().enumerate() {
            let focused = i == d.form.focus;
            let start = lines.len();
            lines.extend(field_lines(f, focused));
            if focused && let Some(e) = &d.error {
                lines.push(Line::styled(
                    format!("✗ {e}"),
                    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
                ));
            }
            if focused {
                focus_lines = start..lines.len();
            }
        }
        if d.form.fields.is_empty()
            && let Some(e) = &d.error
        {
            lines.push(Line::styled(format!("✗ {e}"), Style::new().fg(Color::Red)));
        }
        if !d.form.fields.is_empty() {
            let hint = Style::new().fg(Color::DarkGray);
            lines.push(Line::styled(footer(DIALOG_KEYS), hint));
        }
        // Sized for the text as it wraps at the width it gets; taller than the screen: scrolled
        // so the focused field (and its error) stay in view.
        let w = 70.min(area.width.saturating_sub(2));
        let inner_w = w.saturating_sub(2);
        let total = super::wrapped_height(&lines, inner_w, false);
        let r = super::popup(area, w, total + 2, buf);
        let rows = r.height.saturating_sub(2);
        let before = super::wrapped_height(&lines[..focus_lines.start], inner_w, false);
        let upto = super::wrapped_height(&lines[..focus_lines.end], inner_w, false);
        let scroll = if upto > rows {
            (upto - rows).min(before)
        } else {
            0
        };
        let mut block = Block::bordered()
            .title(title)
            .border_style(Style::new().fg(Color::Cyan));
        if let Some(more) = super::more_marker(scroll, rows, total) {
            block = block.title_bottom(Line::from(more).right_aligned());
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(block)
            .render(r, buf);
    }
}

/// A field: its label (marked when focused) and its value (secret ones masked).
fn field_lines(f: &Field, focused: bool) -> [Line<'static>; 2] {
    let shown = if f.secret {
        "•".repeat(f.value.chars().count())
    } else {
        f.value.as_str().to_owned()
    };
    let marker = if focused { "› " } else { "  " };
    let cursor = if focused { "▏" } else { "" };
    let style = if focused {
        Style::new().fg(Color::Cyan)
    } else {
        Style::new()
    };
    [
        Line::styled(
            format!("{marker}{}", f.label()),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Line::styled(format!("  [{shown}{cursor}]"), style),
    ]
}
