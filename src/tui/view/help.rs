//! The help overlay, generated from the key tables.
use crate::tui::keymap::{Binding, DIALOG_KEYS, LIST_KEYS};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

pub struct Help;

fn section<'a>(title: &'a str, table: &'a [Binding], lines: &mut Vec<Line<'a>>) {
    lines.push(Line::styled(
        title,
        Style::new().add_modifier(Modifier::BOLD),
    ));
    for b in table {
        lines.push(Line::from(vec![
            Span::styled(
                format!("  {:<14}", b.label),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::raw(b.help),
        ]));
    }
}

impl Widget for Help {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let mut lines = Vec::new();
        section("Token list", LIST_KEYS, &mut lines);
        lines.push(Line::from(""));
        section(
            "Dialogs (other keys type into the field)",
            DIALOG_KEYS,
            &mut lines,
        );
        let h = lines.len() as u16 + 2;
        let r = super::popup(area, 76, h, buf);
        Paragraph::new(lines)
            .block(Block::bordered().title(" Keys · ? or Esc closes "))
            .render(r, buf);
    }
}
