//! # Weft
//!
//! A native desktop workbench for annotating source texts with entity and event labels,
//! linking mentions across documents, and exporting the result as JSON.
//!
//! The crate is one library with the `weft` binary on top:
//!
//! | module | what it is | may use |
//! |---|---|---|
//! | [`model`] | documents, schema, mentions, clusters, relations, offsets | nothing impure |
//! | [`edit`] | edits with inverses, undo/redo history | [`model`] only |
//! | [`store`] | the project folder: load, save atomically, import texts | file system |
//! | [`sources`] | Markdown, HTML, .docx and PDF turned into the text a reader sees | file system |
//! | [`platform`] | app id, icon, data folder, the demo project compiled into the binary | file system, eframe |
//! | [`formats`] | exports (and imports) in other formats | [`model`] |
//! | [`search`] | corpus search (plain, regex, case, whole word), keyword in context | [`model`] |
//! | [`suggest`] | "tagged elsewhere" suggestions through one Aho-Corasick automaton | [`model`], [`edit`] |
//! | [`ui`] | the egui workbench; emits commands, applies them in one place | egui, rfd |
//! | [`cli`] | the `weft` command line over the same code | everything |
//!
//! Offsets are UTF-8 byte ranges inside; every file and export names its unit.
//! `tests/purity.rs` fails if [`model`] or [`edit`] mention egui, the file system or the clock.

pub mod bench;
pub mod cli;
pub mod edit;
pub mod formats;
pub mod idgen;
pub mod model;
pub mod platform;
pub mod search;
pub mod sources;
pub mod store;
pub mod suggest;
pub mod ui;
