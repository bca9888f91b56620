//! Integration tests of the views' models: dates normalised to EDTF (the table and the
//! properties), date proposals, the timeline and the entity–event graph, and both on the
//! chile-1973 corpus.
//!
//! One binary for the group (see `tests/core/main.rs` for why tests are grouped).

#![allow(
    clippy::unwrap_used,
    reason = "tests unwrap their own fixtures: a panic is how a test reports a failure"
)]

#[path = "../common/mod.rs"]
mod common;

mod chile_timeline;
mod date_proposals;
mod graph;
mod halves;
mod temporal_props;
mod temporal_table;
mod temporal_values;
mod timeline;
mod view_models;
