//! The code view: the eToken in big block digits (readable across the room) plus the same digits
//! as plain text on one line (for screen readers and `tmux capture-pane`).
use crate::tui::state::ShownCode;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Widget};

/// A 3×5 font; each cell is drawn two columns wide so the digits look square.
const FONT: [[&str; 5]; 10] = [
    ["###", "# #", "# #", "# #", "###"],
    [" # ", "## ", " # ", " # ", "###"],
    ["###", "  #", "###", "#  ", "###"],
    ["###", "  #", "###", "  #", "###"],
    ["# #", "# #", "###", "  #", "  #"],
    ["###", "#  ", "###", "  #", "###"],
    ["###", "#  ", "###", "# #", "###"],
    ["###", "  #", "  #", "  #", "  #"],
    ["###", "# #", "###", "# #", "###"],
    ["###", "# #", "###", "  #", "###"],
];

/// Five lines of block characters for a string of digits (other characters become blanks).
pub fn big_digits(code: &str) -> [String; 5] {
    let mut rows: [String; 5] = Default::default();
    for (i, ch) in code.chars().enumerate() {
        let glyph = ch.to_digit(10).map(|d| FONT[d as usize]);
        for (r, row) in rows.iter_mut().enumerate() {
            if i > 0 {
                row.push(' ');
            }
            let cells = glyph.map_or("   ", |g| g[r]);
            for c in cells.chars() {
                row.push_str(if c == '#' { "██" } else { "  " });
            }
        }
    }
    rows
}

pub struct CodePanel<'a> {
    pub code: &'a ShownCode,
    pub now: u64,
}

impl Widget for CodePanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let c = self.code;
        // The title gives way first: a long name ends with an ellipsis, the serial stays.
        let room = usize::from(area.width.saturating_sub(2));
        let fixed = format!(" eToken ·  ({}) ", c.serial).chars().count();
        let name = super::ellipsize(&c.name, room.saturating_sub(fixed).max(1));
        let block = Block::bordered()
            .title(format!(" eToken · {name} ({}) ", c.serial))
            .border_style(Style::new().fg(Color::Cyan));
        let inner = block.inner(area);
        block.render(area, buf);
        let big = big_digits(&c.code);
        let mut lines: Vec<Line> = Vec::new();
        // Block digits, a gap, the plain line and the hint: 8 rows; on a small screen the plain
        // line (the eToken itself) is what stays.
        if big[0].chars().count() as u16 <= inner.width && inner.height >= 8 {
            lines.extend(big.iter().map(|r| Line::from(r.clone())));
            lines.push(Line::from(""));
        }
        let detail = match (c.counter, c.expires_at) {
            (Some(n), _) => format!("counter {n}"),
            (None, Some(t)) => format!("{} s left", t.saturating_sub(self.now)),
            (None, None) => String::new(),
        };
        lines.push(Line::styled(
            format!("eToken {} · {detail}", c.code.as_str()),
            Style::new().add_modifier(Modifier::BOLD),
        ));
        if inner.height >= 2 {
            let full = "c copy OTP PIN + eToken · Enter next · Esc hide";
            let hint = if full.chars().count() <= usize::from(inner.width) {
                full
            } else {
                "c copy · Enter next · Esc hide"
            };
            lines.push(Line::styled(hint, Style::new().fg(Color::DarkGray)));
        }
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .render(inner, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_digits_draw_each_glyph_two_columns_wide() {
        let rows = big_digits("10");
        assert_eq!(rows[0], "  ██   ██████");
        assert_eq!(rows[1], "████   ██  ██");
        assert_eq!(rows[4], "██████ ██████");
    }
}
