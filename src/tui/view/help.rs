//! The help overlay, generated from the key tables.
use crate::tui::keymap::{DIALOG_KEYS, LIST_KEYS};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

pub struct Help;

impl Widget for Help {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let mut lines = vec![Line::styled("Token list", bold)];
        for b in LIST_KEYS {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<12}", b.label), bold),
                Span::raw(b.help),
            ]));
        }
        lines.push(Line::styled(
            "Dialogs (other keys type into the field)",
            bold,
        ));
        // One wrapped paragraph, so the whole help fits a 24-line terminal.
        let dialog_keys = DIALOG_KEYS
            .iter()
            .map(|b| format!("{}: {}", b.label, b.help))
            .collect::<Vec<_>>()
            .join(" · ");
        lines.push(Line::from(format!("  {dialog_keys}")));
        let h = super::wrapped_height(&lines, 76) + 2;
        let r = super::popup(area, 78, h, buf);
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(" Keys · ? or Esc closes "))
            .render(r, buf);
    }
}
