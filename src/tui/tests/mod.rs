//! The TUI's own tests: `update()` key by key, the dialogs, snapshots of every screen on
//! ratatui's TestBackend, and the demo's import path. (The real-terminal tests drive the binary
//! in tmux: tests/tui.)
mod demo;
mod dialogs;
mod login;
mod otp_pin;
mod refusals;
mod small_screens;
mod support;
mod update;
mod views;
