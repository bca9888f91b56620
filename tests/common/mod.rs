//! Helpers shared by the integration tests.
#![allow(
    dead_code,
    reason = "each test binary uses a different part of the helpers"
)]

use chrono::{DateTime, TimeZone, Utc};
use std::path::PathBuf;
use weft::edit::{Edit, History};
use weft::model::*;

/// A fixed time for reproducible tests.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap()
}

/// `../shared/<rel>` beside the repository, or `None` (with a visible message) when absent.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!(
            "SKIPPED: {} is not present (a clone outside the team's workspace)",
            p.display()
        );
        None
    }
}

/// A document with a fixed id.
pub fn doc(id: &str, name: &str, text: &str) -> Document {
    Document::new(
        DocId::new(id),
        name,
        text,
        Provenance {
            encoding: "UTF-8".into(),
            ..Default::default()
        },
    )
}

/// A project with the default schema and the given documents.
pub fn project_with(docs: Vec<Document>) -> Project {
    let mut p = Project::new("test", Schema::default_news());
    for (i, d) in docs.into_iter().enumerate() {
        weft::edit::apply(&mut p, Edit::InsertDocument { index: i, doc: d }).unwrap();
    }
    p
}

/// The byte range of the `nth` occurrence of `needle` in the document's text.
pub fn find(p: &Project, doc: &DocId, needle: &str, nth: usize) -> TextRange {
    let text = p.document(doc).unwrap().text();
    let start = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("'{needle}' #{nth} not in {doc}"))
        .0;
    TextRange::new(text, start, start + needle.len()).unwrap()
}

/// Tags `needle` (nth occurrence) and returns the new mention's id.
pub fn tag(
    p: &mut Project,
    h: &mut History,
    doc: &DocId,
    needle: &str,
    nth: usize,
    ty: &str,
) -> MentionId {
    let r = find(p, doc, needle, nth);
    let id = weft::idgen::mention_id();
    let (e, label) = weft::edit::ops::tag(p, id.clone(), doc, vec![r], ty, "tester", t0()).unwrap();
    h.apply(p, e, label).unwrap();
    id
}

/// A fixed id source, so imports in tests are reproducible.
pub fn ids() -> weft::formats::ids::SeededIds {
    weft::formats::ids::SeededIds::new(1)
}

/// Cases per fuzz target: 300 in `cargo test`, more with `WEFT_FUZZ_CASES=N` for a longer run.
pub fn fuzz_cases() -> u32 {
    std::env::var("WEFT_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300)
}
