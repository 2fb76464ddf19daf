//! Pure views: `impl Widget for &State` lays out the screen; each part is its own widget.
mod code;
mod dialog;
mod help;
mod list;

#[cfg(test)]
pub(crate) use code::big_digits;

use crate::tui::keymap;
use crate::tui::state::{State, StatusKind};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

impl Widget for &State {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let banner_h = if self.demo.is_some() { 3 } else { 0 };
        let code_h = if self.code.is_some() { 10 } else { 0 };
        let status_line = status_line(self);
        let status_h = wrapped_height(std::slice::from_ref(&status_line), area.width).clamp(1, 3);
        let [banner, list_area, code_area, status, footer] = Layout::vertical([
            Constraint::Length(banner_h),
            Constraint::Min(4),
            Constraint::Length(code_h),
            Constraint::Length(status_h),
            Constraint::Length(1),
        ])
        .areas(area);
        if let Some(demo) = &self.demo {
            let text = vec![
                Line::from(vec![
                    Span::styled(" DEMO ", Style::new().fg(Color::Black).bg(Color::Yellow)),
                    Span::raw(" throw-away vault, deleted on exit. Token "),
                    Span::styled(demo.serial, Style::new().add_modifier(Modifier::BOLD)),
                ]),
                Line::from(vec![
                    Span::raw(" Activation key "),
                    Span::styled(
                        demo.activation_key,
                        Style::new().add_modifier(Modifier::BOLD),
                    ),
                    Span::raw(" · application PIN "),
                    Span::styled(demo.app_pin, Style::new().add_modifier(Modifier::BOLD)),
                ]),
                Line::from(" Try it: Enter, type the PIN, Enter. Then c to copy, ? for all keys."),
            ];
            Paragraph::new(text).render(banner, buf);
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
            Line::from(keymap::footer(keymap::LIST_KEYS)).style(Style::new().fg(Color::DarkGray)),
        )
        .render(footer, buf);
        if let Some(d) = &self.dialog {
            dialog::DialogView(d).render(area, buf);
        }
        if self.help {
            help::Help.render(area, buf);
        }
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

/// Rows `lines` take when word-wrapped at `width` columns (greedy, like `Wrap`).
fn wrapped_height(lines: &[Line], width: u16) -> u16 {
    let w = usize::from(width.max(1));
    let mut rows = 0;
    for line in lines {
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        let mut col = 0usize;
        rows += 1;
        for word in text.split(' ') {
            let n = word.chars().count();
            if col == 0 {
                col = n;
            } else if col + 1 + n <= w {
                col += 1 + n;
            } else {
                rows += 1;
                col = n;
            }
            while col > w {
                rows += 1;
                col -= w;
            }
        }
    }
    rows
}
