//! Formats for entering and leaving Weft. Each format names the offset unit it uses.
//!
//! Every importer turns outside data into one [`Edit::Batch`] (new types added to the schema,
//! then documents, entities/events, mentions, relations and arguments) that the caller applies
//! through [`crate::edit::History`], so an import is validated by the core and undoable as one
//! step. Every importer and exporter also returns a [`Report`]: what could not be read (with
//! file and line), what the other format cannot express, and what was added to the schema.
//! Nothing is dropped in silence.
//!
//! | module | format | direction | offsets |
//! |---|---|---|---|
//! | [`brat`] | brat standoff `.txt` + `.ann` + `annotation.conf` | both | code points, CRLF = 1 |
//! | [`spacy`] | spaCy JSONL (`text`, `spans`, `tokens`) | export | code points |
//! | [`doccano`] | doccano JSONL | both | code points |
//! | [`weft_json`] | Weft JSON | export | code points + UTF-16 |
//! | [`conll`] | CoNLL IOB2 / BIOES token-per-line | both (import IOB2, BIOES accepted) | tokens |
//! | [`label_studio`] | Label Studio JSON tasks | both | code points (UTF-16 of old versions detected) |
//! | [`web_annotation`] | W3C Web Annotation JSON-LD | export | code points |
//! | [`coref`] | coreference: token JSON, code-point JSON, CoNLL-2012 column; ECB+ XML; the mention records of cross-document work ([`coref::mentions_json`]) | export; ECB+ import; records both ways | tokens / code points |
//! | [`graphml`], [`gexf`] | the entity–event graph ([`crate::graph`]) for networkx, Gephi | export | none |
//!
//! [`catalog`] lists every format with its extensions, directions, offset unit and options,
//! and holds the two entry points the CLI and the GUI share: [`run_export`] and
//! [`run_import`] (progress per document; see the module for a GUI outline).
//! [`Import::outcome`] says whether an import is clean, partly refused or brings nothing.
//!
//! Importers build their batch with an [`ImportBuilder`] (`builder`, `schema_growth`), take ids
//! from the [`ids::IdSource`] they are given (never a generator: an import is deterministic for
//! a seed), and place mentions whose input quotes their text by [`quote`] (moved to the quoted
//! text nearby, or refused). [`files`] is the one module that touches the file system: it reads
//! inputs and writes exports. [`compare`] is a format-neutral view for round-trip checks;
//! [`tokens`] gives Unicode word tokens and sentences.

pub mod brat;
mod builder;
pub mod catalog;
pub mod compare;
pub mod conll;
pub mod coref;
pub mod doccano;
pub mod files;
pub mod gexf;
pub mod graphml;
pub mod ids;
pub mod label_studio;
pub mod quote;
mod report;
mod schema_growth;
pub mod spacy;
pub mod tokens;
pub mod web_annotation;
pub mod weft_json;

pub use catalog::{
    FormatId, FormatInfo, OptionInfo, Options, Output, RunError, by_key, catalog, info,
    parse_options, run_export, run_import,
};

pub use builder::ImportBuilder;
pub use report::{Item, Report, Severity};

use crate::edit::Edit;
use crate::model::{Project, Provenance, TypeKind};
use chrono::{DateTime, Utc};

/// The result of an import: one batch edit to apply, and the report.
#[derive(Clone, Debug)]
pub struct Import {
    pub edit: Edit,
    pub report: Report,
}

/// What an import achieved, as a caller must tell it (the command line's exit code).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Everything was read (warnings, losses and notes may still be in the report).
    Clean,
    /// Something was imported, and some input was refused (reported as errors).
    WithErrors,
    /// Nothing could be imported: no document, annotation or link (at most schema changes);
    /// the project should be left as it was.
    Nothing,
}

impl Outcome {
    /// `weft import`'s exit code: 0 clean, 1 imported with errors (the rest was saved),
    /// 2 nothing imported (nothing was written).
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::WithErrors => 1,
            Outcome::Nothing => 2,
        }
    }
}

impl Import {
    /// Whether the import is clean, partly refused, or brings nothing.
    pub fn outcome(&self) -> Outcome {
        let brings_data = match &self.edit {
            Edit::Batch(edits) => edits.iter().any(|e| !matches!(e, Edit::SetSchema(_))),
            Edit::SetSchema(_) => false,
            _ => true,
        };
        if !brings_data {
            Outcome::Nothing
        } else if self.report.number_of(Severity::Error) > 0 {
            Outcome::WithErrors
        } else {
            Outcome::Clean
        }
    }
}

/// One output file of an export: a relative path and its contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutFile {
    pub path: String,
    pub contents: String,
}

/// The result of an export.
#[derive(Clone, Debug)]
pub struct Export {
    pub files: Vec<OutFile>,
    pub report: Report,
}

/// One input file, already read and decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InFile {
    /// The name to show in reports (the path as given).
    pub name: String,
    /// The text, without a byte-order mark.
    pub text: String,
    /// The encoding the bytes were decoded from (`UTF-8`, `windows-1252`, …).
    pub encoding: String,
    /// Whether the bytes started with a byte-order mark (removed from `text`).
    pub had_bom: bool,
}

impl InFile {
    /// A file read as UTF-8 without a byte-order mark.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        InFile {
            name: name.into(),
            text: text.into(),
            encoding: "UTF-8".into(),
            had_bom: false,
        }
    }

    /// A provenance record for a text that came from this file.
    pub fn provenance(&self, now: DateTime<Utc>) -> Provenance {
        Provenance {
            original: Some(self.name.clone()),
            encoding: self.encoding.clone(),
            had_bom: self.had_bom,
            imported_at: Some(now),
            extraction: None,
        }
    }

    /// A provenance record for a text that arrived inside this file (a JSON record, a CoNLL
    /// document): decoded with the file's encoding; the file's byte-order mark was not part of
    /// the text.
    pub fn container_provenance(&self, now: DateTime<Utc>) -> Provenance {
        Provenance {
            had_bom: false,
            ..self.provenance(now)
        }
    }
}

const PALETTE: [&str; 12] = [
    "#e6a23c", "#5b9bd5", "#70ad47", "#d9534f", "#9b59b6", "#1abc9c", "#f39c12", "#34495e",
    "#e91e63", "#8d6e63", "#00acc1", "#7cb342",
];

/// A stable colour for a new type, from its key.
pub fn colour_for(key: &str) -> String {
    let h = key
        .bytes()
        .fold(2166136261u32, |h, b| (h ^ b as u32).wrapping_mul(16777619));
    PALETTE[h as usize % PALETTE.len()].to_string()
}

/// A valid schema key for an outside label: letters, digits, `_` and `-` kept, anything else
/// becomes `_`; at most 64 bytes. Returns the label itself when it is already valid.
pub fn key_for(label: &str) -> String {
    let mut s: String = label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    s.truncate(64);
    if s.is_empty() { "_".into() } else { s }
}

/// A file-name-safe stem for a document name, unique among `used`.
pub fn file_stem(name: &str, used: &mut std::collections::BTreeSet<String>) -> String {
    let base = crate::store::file_stem_for(name);
    let mut out = base.clone();
    let mut i = 2;
    while !used.insert(out.to_lowercase()) {
        out = format!("{base}-{i}");
        i += 1;
    }
    out
}

/// Type kind of an endpoint's type, if known.
pub(crate) fn kind_of(project: &Project, type_key: &str) -> Option<TypeKind> {
    project.schema().type_def(type_key).map(|t| t.kind)
}
