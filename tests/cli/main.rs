//! Integration tests: the command line and the demo project, and the chile-1973 corpus end to end.
//!
//! The integration tests are grouped into a few binaries (one folder each under `tests/`)
//! so that a cold `cargo test` links five test programs instead of one per file.

#[path = "../common/mod.rs"]
mod common;

mod chile_corpus;
mod cli_and_demo;
