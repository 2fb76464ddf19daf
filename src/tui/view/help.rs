//! The help overlay, generated from the key tables.
use crate::tui::keymap::{DIALOG_KEYS, LIST_KEYS};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

/// `scroll`: rows scrolled down (↑/↓ while the help is shown; clamped here).
pub struct Help {
    pub scroll: u16,
}

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
        let w = 78.min(area.width.saturating_sub(2));
        let total = super::wrapped_height(&lines, w.saturating_sub(2), false);
        let r = super::popup(area, w, total + 2, buf);
        let rows = r.height.saturating_sub(2);
        let scroll = self.scroll.min(total.saturating_sub(rows));
        let mut block = Block::bordered().title(" Keys · ? or Esc closes ");
        if let Some(more) = super::more_marker(scroll, rows, total) {
            let hint = format!(" {} (↑/↓ scroll) ", more.trim());
            block = block.title_bottom(Line::from(hint).right_aligned());
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(block)
            .render(r, buf);
    }
}
