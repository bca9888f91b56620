//! Integration tests: other tools' formats: round trips, real fixtures, malformed input, importer fuzzing, the CLI.
//!
//! The integration tests are grouped into a few binaries (one folder each under `tests/`)
//! so that a cold `cargo test` links five test programs instead of one per file.

#![allow(
    clippy::unwrap_used,
    reason = "tests unwrap their own fixtures: a panic is how a test reports a failure"
)]

#[path = "../common/mod.rs"]
mod common;

mod determinism;
mod formats_brat;
mod formats_brat_fixtures;
mod formats_cli;
mod formats_conll;
mod formats_coref;
mod formats_coref_json;
mod formats_doccano;
mod formats_graph;
mod formats_label_studio;
mod formats_layering;
mod formats_web_annotation;
mod fuzz_importers;
mod source_fixtures;
mod sources_import;
mod weft_json_parallel;
