//! The token list: name, serial, kind, next counter or a TOTP countdown bar, lock state.
use crate::tui::state::State;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Row, StatefulWidget, Table, TableState, Widget, Wrap};
use softpass_client::client::TokenInfo;

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
                &format!(
                    "The filter /{} matches no token (Esc clears it; / starts a new filter).",
                    state.filter
                )
            };
            Paragraph::new(text)
                .wrap(Wrap { trim: true })
                .block(block)
                .render(area, buf);
            return;
        }
        let cols = columns(area.width);
        let name_w = usize::from(name_width(area.width, &cols));
        let rows = visible.iter().map(|t| {
            let (lock, style) = lock_cell(state, t);
            let mut cells = vec![Line::from(super::ellipsize(&t.name, name_w))];
            for col in &cols {
                cells.push(match col {
                    Col::Serial => Line::from(t.serial.clone()),
                    Col::Kind => Line::from(t.kind.as_str()),
                    Col::Next => Line::from(next_cell(state, t)),
                    Col::State => Line::styled(lock.clone(), style),
                });
            }
            Row::new(cells)
        });
        let mut widths = vec![Constraint::Fill(2)];
        widths.extend(cols.iter().map(|c| Constraint::Length(c.width())));
        let mut header = vec!["Name"];
        header.extend(cols.iter().map(Col::title));
        let table = Table::new(rows, widths)
            .header(
                Row::new(header)
                    .style(Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)),
            )
            .block(block)
            .row_highlight_style(Style::new().add_modifier(Modifier::REVERSED))
            .highlight_symbol("▶ ");
        let mut ts = TableState::new().with_selected(Some(state.selected));
        StatefulWidget::render(table, area, buf, &mut ts);
    }
}

/// The columns besides Name, in display order.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    Serial,
    Kind,
    Next,
    State,
}

impl Col {
    fn width(self) -> u16 {
        match self {
            Col::Serial => 18,
            Col::Kind => 10,
            Col::Next => 12,
            Col::State => 20,
        }
    }
    fn title(&self) -> &'static str {
        match self {
            Col::Serial => "Serial",
            Col::Kind => "Kind",
            Col::Next => "Next",
            Col::State => "State",
        }
    }
}

/// The name is what tells tokens apart, so on a narrow terminal it keeps at least this many
/// cells: Kind goes first, then Serial, then Next (the lock state always stays).
const NAME_MIN: u16 = 12;

/// Cells the Name column gets: what the other columns leave (borders 2, highlight symbol 2,
/// one space between columns).
fn name_width(width: u16, cols: &[Col]) -> u16 {
    let others: u16 = cols.iter().map(|c| c.width() + 1).sum();
    width.saturating_sub(4).saturating_sub(others)
}

fn columns(width: u16) -> Vec<Col> {
    // Borders (2) and the highlight symbol (2); one space between columns.
    let inner = width.saturating_sub(4);
    let mut cols = vec![Col::Serial, Col::Kind, Col::Next, Col::State];
    for drop in [Col::Kind, Col::Serial, Col::Next] {
        let used: u16 = cols.iter().map(|c| c.width() + 1).sum();
        if inner >= used + NAME_MIN {
            break;
        }
        cols.retain(|c| *c != drop);
    }
    cols
}
