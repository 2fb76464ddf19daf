//! The tmux driver for the real-terminal tests.
#![allow(dead_code)] // each test file uses a different subset
pub mod tmux;
