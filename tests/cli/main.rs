//! Integration tests: the command line and the demo project, the project lock against a
//! session and the real workbench, and the chile-1973 corpus end to end.
//!
//! The integration tests are grouped into a few binaries (one folder each under `tests/`)
//! so that a cold `cargo test` links five test programs instead of one per file.

#![allow(
    clippy::unwrap_used,
    reason = "tests unwrap their own fixtures: a panic is how a test reports a failure"
)]

#[path = "../common/mod.rs"]
mod common;

mod chile_corpus;
mod cli_and_demo;
mod cli_views;
mod first_run;
mod lock;
