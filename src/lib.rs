//! softpass: a SafeNet MobilePASS-style software-token client (HOTP, TOTP, MobilePASS eTokens).
//!
//! Layers: `domain` (pure) → `app` (side effects) → `cli` / `tui` (thin shells). See docs/.
pub mod app;
pub mod cli;
pub mod domain;
pub mod exit;
pub mod tui;
