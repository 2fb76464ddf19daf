//! Pure views: `impl Widget for &State` lays out the screen; each part is its own widget.
mod code;
mod dialog;
mod help;
mod list;

#[cfg(test)]
pub(crate) use code::big_digits;

use crate::tui::keymap;
use crate::tui::state::{DemoInfo, State, StatusKind};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Padding, Paragraph, Widget, Wrap};

impl Widget for &State {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let status_line = status_line(self);
        let banner = self.demo.as_ref().map(banner_lines).unwrap_or_default();
        // The banner is drawn with a one-column left margin.
        let banner_rows: Vec<u16> = banner
            .iter()
            .map(|l| wrapped_height(std::slice::from_ref(l), area.width.saturating_sub(1), true))
            .collect();
        let status_rows = wrapped_height(std::slice::from_ref(&status_line), area.width, true);
        let h = heights(area.height, status_rows, self.code.is_some(), &banner_rows);
        let [banner_area, list_area, code_area, status, footer] = Layout::vertical([
            Constraint::Length(h.banner),
            Constraint::Length(h.list),
            Constraint::Length(h.code),
            Constraint::Length(h.status),
            Constraint::Length(h.footer),
        ])
        .areas(area);
        if !banner.is_empty() {
            let shown = banner_rows
                .iter()
                .scan(0u16, |rows, r| {
                    *rows += r;
                    Some(*rows)
                })
                .take_while(|rows| *rows <= h.banner)
                .count();
            Paragraph::new(banner[..shown].to_vec())
                .wrap(Wrap { trim: true })
                .block(Block::new().padding(Padding::left(1)))
                .render(banner_area, buf);
        }
        list::TokenList(self).render(list_area, buf);
        if let Some(c) = &self.code {
            code::CodePanel {
                code: c,
                now: self.now,
            }
            .render(code_area, buf);
        }
        Paragraph::new(status_line)
            .wrap(Wrap { trim: true })
            .render(status, buf);
        Paragraph::new(
            Line::from(keymap::footer_fitting(keymap::LIST_KEYS, area.width))
                .style(Style::new().fg(Color::DarkGray)),
        )
        .render(footer, buf);
        if let Some(d) = &self.dialog {
            dialog::DialogView(d).render(area, buf);
        }
        if self.help {
            help::Help {
                scroll: self.help_scroll,
            }
            .render(area, buf);
        }
    }
}

/// The demo banner, most important first: a small terminal shows the first lines only, each
/// wrapped whole (the activation key and PIN are never cut).
fn banner_lines(demo: &DemoInfo) -> Vec<Line<'static>> {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    vec![
        Line::from(vec![
            Span::styled(" DEMO ", Style::new().fg(Color::Black).bg(Color::Yellow)),
            Span::raw(" Activation key "),
            Span::styled(demo.activation_key, bold),
            Span::raw(" · application PIN "),
            Span::styled(demo.app_pin, bold),
        ]),
        Line::from(vec![
            Span::raw("Token "),
            Span::styled(demo.serial, bold),
            Span::raw(" in a throw-away vault, deleted on exit."),
        ]),
        Line::from("Try it: Enter, type the PIN, Enter; then c copies OTP PIN + eToken."),
        Line::from(format!(
            "{} The demo has none: leave it empty when c asks for it.",
            dialog::OTP_PIN_IS
        )),
    ]
}

/// Rows of each part of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Heights {
    banner: u16,
    list: u16,
    code: u16,
    status: u16,
    footer: u16,
}

/// The eToken in its smallest form: borders and the plain-digits line.
const CODE_MIN: u16 = 3;
/// With the block digits and the key hint.
const CODE_FULL: u16 = 10;
/// Borders, the header and one token.
const LIST_MIN: u16 = 4;

/// Shares `height` rows: first what must be seen (the footer, the eToken in its small form,
/// the banner's line with the activation key and PIN, one token), then the status line, then the
/// full eToken, then more banner lines (whole ones); the list takes what is left.
fn heights(height: u16, status_rows: u16, code: bool, banner_rows: &[u16]) -> Heights {
    fn take(left: &mut u16, want: u16) -> u16 {
        let got = want.min(*left);
        *left -= got;
        got
    }
    let mut left = height;
    let footer = take(&mut left, 1);
    let mut code_h = take(&mut left, if code { CODE_MIN } else { 0 });
    let mut banner = take(&mut left, banner_rows.first().copied().unwrap_or(0));
    let list_min = take(&mut left, LIST_MIN);
    let status = take(&mut left, status_rows.clamp(1, 3));
    // The block digits need the full height; short of that, one more row (the key hint) is
    // all the panel can use, and the list gets the rest.
    if code && left >= CODE_FULL - CODE_MIN {
        code_h += take(&mut left, CODE_FULL - CODE_MIN);
    } else if code {
        code_h += take(&mut left, 1);
    }
    for rows in banner_rows.iter().skip(1) {
        if *rows > left {
            break;
        }
        banner += take(&mut left, *rows);
    }
    Heights {
        banner,
        list: list_min + left,
        code: code_h,
        status,
        footer,
    }
}

fn status_line(state: &State) -> Line<'static> {
    if let Some(busy) = &state.busy {
        const FRAMES: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
        Line::styled(
            format!("{} {busy}", FRAMES[state.spinner % FRAMES.len()]),
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        )
    } else if state.filtering {
        Line::from(format!("/{}▏ (Enter keep · Esc clear)", state.filter))
    } else if let Some(s) = &state.status {
        match s.kind {
            StatusKind::Info => Line::styled(s.text.clone(), Style::new().fg(Color::Green)),
            StatusKind::Error => Line::styled(
                format!("✗ {}", s.text),
                Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            ),
        }
    } else {
        Line::default()
    }
}

/// A centred box of at most `w` × `h` cells, cleared.
fn popup(area: Rect, w: u16, h: u16, buf: &mut Buffer) -> Rect {
    let w = w.min(area.width.saturating_sub(2));
    let h = h.min(area.height.saturating_sub(2));
    let r = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    };
    Clear.render(r, buf);
    r
}

/// "↑ more" / "↓ more" / "↑↓ more" for a box of `rows` showing `total` rows from `scroll` on;
/// `None` when everything is in view.
fn more_marker(scroll: u16, rows: u16, total: u16) -> Option<&'static str> {
    let above = scroll > 0;
    let below = scroll.saturating_add(rows) < total;
    match (above, below) {
        (false, false) => None,
        (true, false) => Some(" ↑ more "),
        (false, true) => Some(" ↓ more "),
        (true, true) => Some(" ↑↓ more "),
    }
}

/// `text` cut to `max` characters, ending with "…" when it was longer.
pub(crate) fn ellipsize(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.truncate(out.trim_end().len());
    if max > 0 {
        out.push('…');
    }
    out
}

/// Rows `lines` take when word-wrapped at `width` columns, exactly as a wrapping `Paragraph`
/// draws them (ratatui's own count), `trim` as in its `Wrap`.
fn wrapped_height(lines: &[Line], width: u16, trim: bool) -> u16 {
    let p = Paragraph::new(lines.to_vec()).wrap(Wrap { trim });
    u16::try_from(p.line_count(width.max(1))).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_screen_keeps_the_etoken_and_the_banner_line_with_the_pin() {
        // 40x12, demo banner line 1 wrapping to 2 rows, a code on screen.
        let h = heights(12, 1, true, &[2, 2, 3, 5]);
        assert_eq!((h.code, h.banner, h.footer, h.status), (4, 2, 1, 1));
        assert_eq!(h.list, 4);
        // 80x24: the full eToken, then whole banner lines while they fit.
        let h = heights(24, 1, true, &[1, 1, 1, 3]);
        assert_eq!((h.code, h.banner), (10, 6));
        assert_eq!(h.banner + h.list + h.code + h.status + h.footer, 24);
    }

    #[test]
    fn ellipsize_marks_the_cut() {
        assert_eq!(ellipsize("work vpn", 8), "work vpn");
        assert_eq!(ellipsize("a very long token name", 8), "a very…");
        assert_eq!(ellipsize("abc", 0), "");
    }
}
