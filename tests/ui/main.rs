//! Integration tests: the workbench driven headless through egui_kittest, and the performance design rules.
//!
//! The integration tests are grouped into a few binaries (one folder each under `tests/`)
//! so that a cold `cargo test` links five test programs instead of one per file.

#![allow(
    clippy::unwrap_used,
    reason = "tests unwrap their own fixtures: a panic is how a test reports a failure"
)]

#[path = "../common/mod.rs"]
mod common;

mod commands_table;
mod perf_design;
mod progressive_open;
mod team_annotator;
mod team_compare;
mod team_curation;
mod team_fixture;
mod team_layers;
mod team_reports;
mod ui_a11y;
mod ui_arcs;
mod ui_chile;
mod ui_chooser;
mod ui_link;
mod ui_safety;
mod ui_sources;
mod ui_text;
mod ui_transfer;
mod ui_views;
mod ui_windows;
mod ui_workbench;
