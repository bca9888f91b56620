//! spaCy JSONL: one JSON object per document with its `text` and character-offset `spans`
//! (`start`, `end`, `label`, `text`), as `Doc.char_span(start, end, label)` takes them.
//!
//! Offsets are Unicode code points (Python `str` indexes), end exclusive. Discontinuous
//! mentions become one span per fragment (reported); spans that start or end inside a word
//! cannot align to spaCy tokens and are reported (`char_span` would return `None`).

use super::{Export, OutFile, Report};
use crate::model::{Mention, Project};
use serde_json::json;

pub const OFFSET_UNIT: &str = "code points";

/// True when the boundary at byte `b` falls between two word characters (mid-word).
pub(crate) fn mid_word(text: &str, b: usize) -> bool {
    let before = text[..b].chars().next_back();
    let after = text[b..].chars().next();
    matches!((before, after), (Some(x), Some(y)) if x.is_alphanumeric() && y.is_alphanumeric())
}

/// Exports every document as one line of JSON.
pub fn export(project: &Project) -> Export {
    let mut report = Report::new("spaCy export", OFFSET_UNIT);
    let mut out = String::new();
    for doc in project.documents() {
        let text = doc.text();
        let idx = doc.index();
        let mut ms: Vec<&Mention> = project.mentions_in(&doc.id).collect();
        ms.sort_by(|a, b| (a.start(), a.end(), &a.id).cmp(&(b.start(), b.end(), &b.id)));
        let mut spans = Vec::new();
        for m in ms {
            if m.fragments.len() > 1 {
                report.loss(
                    "discontinuous mention",
                    &doc.name,
                    format!(
                        "'{}' ({}) has {} fragments; spaCy spans are contiguous, so each fragment is its own span",
                        m.covered_text(text),
                        m.id,
                        m.fragments.len()
                    ),
                );
            }
            for f in &m.fragments {
                if mid_word(text, f.start()) || mid_word(text, f.end()) {
                    report.loss(
                        "span inside a word",
                        &doc.name,
                        format!(
                            "'{}' ({}) starts or ends inside a word; Doc.char_span will not align it to tokens",
                            f.slice(text),
                            m.id
                        ),
                    );
                }
                let s = idx.byte_to_char(text, f.start()).expect("checked range");
                let e = idx.byte_to_char(text, f.end()).expect("checked range");
                spans.push(json!({
                    "start": s,
                    "end": e,
                    "label": m.type_key,
                    "text": f.slice(text),
                    "mention": m.id.as_str(),
                    "entity": m.cluster.as_ref().map(|c| c.as_str()),
                }));
            }
        }
        report.count("spans", spans.len());
        report.count("documents", 1);
        let line = json!({
            "text": text,
            "spans": spans,
            "meta": {"document": doc.name, "id": doc.id.as_str(), "offset_unit": "unicode_code_points"},
        });
        out += &serde_json::to_string(&line).expect("JSON serialises");
        out.push('\n');
    }
    let lost_clusters = project.clusters().count();
    if lost_clusters > 0 {
        report.note(
            "entities/events",
            "",
            format!("{lost_clusters} entities/events appear only as the 'entity' id of each span"),
        );
    }
    let links = project.relations().count() + project.arguments().count();
    if links > 0 {
        report.loss(
            "relations and arguments",
            "",
            format!(
                "{links} relations and event arguments are not written (spaCy spans have no links)"
            ),
        );
    }
    Export {
        files: vec![OutFile {
            path: "spacy.jsonl".into(),
            contents: out,
        }],
        report,
    }
}
