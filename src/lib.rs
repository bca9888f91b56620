//! # Weft
//!
//! A native desktop workbench for annotating source texts with entity and event labels,
//! linking mentions across documents, and exporting the result as JSON.
//!
//! The crate is one library with the `weft` binary on top, in layers:
//!
//! | module | what it is | may use |
//! |---|---|---|
//! | [`model`] | documents, schema, mentions, clusters, relations, review queue, offsets | nothing impure |
//! | [`edit`] | edits with inverses, undo/redo history, builders ([`edit::ops`]) and intents ([`edit::intents`]) | [`model`], [`search`] |
//! | [`search`] | corpus search (plain, regex, case, whole word), keyword in context | [`model`] |
//! | [`textlayout`] | bidi levels, line breaks, cluster-exact positions for paragraphs egui can't lay out | nothing impure |
//! | [`suggest`] | "tagged elsewhere" suggestions through one Aho-Corasick automaton | [`model`], [`edit`] |
//! | [`temporal`] | dates normalised to EDTF, their proposals, the timeline model | [`model`], [`edit`] |
//! | [`graph`] | the entity–event graph model, filters, a deterministic force-directed layout | [`model`] |
//! | [`agreement`] | inter-annotator agreement of layers: spans, κ/α, links, MUC/B³/CEAF-e | [`model`] |
//! | [`store`] | the project folder: load, save atomically, journals, lock, import texts | the core, the file system |
//! | [`sources`] | Markdown, HTML, .docx and PDF turned into the text a reader sees | file system |
//! | [`platform`] | app id, icon, data folder, the demo project compiled into the binary | file system, eframe |
//! | [`formats`] | other tools' formats: import and export in memory; file I/O in `formats/files.rs` | the core, [`store`] helpers |
//! | [`session`] | the one owner of a loaded project: project, folder, history, journal, lock, save state | the core, [`store`]; never egui |
//! | [`ui`] | the egui workbench: app, workspace, panels returning actions, view models | everything below |
//! | [`cli`] | the `weft` command line over sessions and formats | everything but egui |
//! | [`bench`](mod@bench) | synthetic corpora and the performance figures (`weft bench`) | everything |
//! | [`idgen`] | random ids for new objects (kept out of the pure core) | the OS's randomness |
//!
//! The pure core is `model`, `edit`, `search`, `suggest`, `textlayout`, `temporal`, `graph` and
//! `agreement`: no egui, no file system, no clock,
//! no environment, no global state. Offsets are UTF-8 byte ranges inside; every file and export
//! names its unit. `tests/core/layering.rs` keeps these layers: a table of rules (each with
//! planted violations it must catch), no import cycle between files, and size limits. Where a
//! new panel, edit, command or format goes: `docs/architecture.md`.

pub mod agreement;
pub mod bench;
pub mod cli;
pub mod curation;
pub mod edit;
pub mod formats;
pub mod graph;
pub mod idgen;
pub mod model;
pub mod platform;
pub mod prefs;
pub mod search;
pub mod session;
pub mod sources;
pub mod store;
pub mod suggest;
pub mod temporal;
pub mod textlayout;
pub mod ui;
