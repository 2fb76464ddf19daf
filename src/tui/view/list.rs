//! The token list: name, serial, kind, next counter or a TOTP countdown bar, lock state.
use crate::app::client::TokenInfo;
use crate::tui::state::State;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Row, StatefulWidget, Table, TableState, Widget, Wrap};

pub struct TokenList<'a>(pub &'a State);

fn next_cell(state: &State, t: &TokenInfo) -> String {
    match (t.counter, t.period) {
        (Some(c), _) => format!("#{c}"),
        (None, Some(p)) => {
            let left = state.secs_left(p);
            let filled = (left * 8).div_ceil(u64::from(p.max(1))) as usize;
            format!(
                "{}{} {left:>2}s",
                "█".repeat(filled),
                "░".repeat(8 - filled.min(8))
            )
        }
        (None, None) => String::new(),
    }
}

fn lock_cell(state: &State, t: &TokenInfo) -> (String, Style) {
    if t.locked {
        return (
            "LOCKED".into(),
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        );
    }
    if state.unlocked.contains(&t.serial) {
        return ("unlocked".into(), Style::new().fg(Color::Green));
    }
    match t.failed_attempts {
        0 => ("PIN needed".into(), Style::new()),
        n => (
            format!("PIN needed ({n} wrong)"),
            Style::new().fg(Color::Yellow),
        ),
    }
}

impl Widget for TokenList<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let state = self.0;
        let visible = state.visible();
        let mut title = format!(" softpass · {} token(s) ", state.tokens.len());
        if !state.filter.is_empty() {
            title = format!(
                " softpass · {} of {} match /{} ",
                visible.len(),
                state.tokens.len(),
                state.filter
            );
        }
        let block = Block::bordered()
            .title(title)
            .title_bottom(Line::from(" ? help ").right_aligned());
        if visible.is_empty() {
            let text = if !state.loaded {
                "Reading the vault…"
            } else if state.list_error {
                "The vault cannot be read (the reason is below). softpass leaves the file untouched."
            } else if state.tokens.is_empty() {
                "No tokens yet. Press i to import a seed file, a MobilePASS code or an otpauth URI."
            } else {
                "No token matches the filter (Esc clears it)."
            };
            Paragraph::new(text)
                .wrap(Wrap { trim: true })
                .block(block)
                .render(area, buf);
            return;
        }
        let rows = visible.iter().map(|t| {
            let (lock, style) = lock_cell(state, t);
            Row::new(vec![
                Line::from(t.name.clone()),
                Line::from(t.serial.clone()),
                Line::from(t.kind.as_str()),
                Line::from(next_cell(state, t)),
                Line::styled(lock, style),
            ])
        });
        let table = Table::new(
            rows,
            [
                Constraint::Fill(2),
                Constraint::Length(18),
                Constraint::Length(10),
                Constraint::Length(12),
                Constraint::Length(20),
            ],
        )
        .header(
            Row::new(["Name", "Serial", "Kind", "Next", "State"])
                .style(Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)),
        )
        .block(block)
        .row_highlight_style(Style::new().add_modifier(Modifier::REVERSED))
        .highlight_symbol("▶ ");
        let mut ts = TableState::new().with_selected(Some(state.selected));
        StatefulWidget::render(table, area, buf, &mut ts);
    }
}
