//! spaCy JSONL: one JSON object per document with its `text` and character-offset `spans`
//! (`start`, `end`, `label`, `text`), as `Doc.char_span(start, end, label)` takes them.
//!
//! Offsets are Unicode code points (Python `str` indexes), end exclusive. Discontinuous
//! mentions become one span per fragment (reported). Each line also carries `tokens` (text,
//! start, end, `ws`), split at every span boundary: `Doc(nlp.vocab, words, spaces)` built from
//! them rebuilds the text and aligns every span. Spans whose ends may not be boundaries of
//! spaCy's own tokenizer (inside a word) are reported.

use super::{Export, OutFile, Report};
use crate::model::{Mention, Project};
use serde_json::json;

pub const OFFSET_UNIT: &str = "code points";

/// True when a span boundary at byte `b` may not be a spaCy token boundary: it is not at
/// whitespace or the text's ends, and the character outside the span is not punctuation that
/// spaCy's English rules split off (a heuristic: spaCy's tokenizer is not reproduced here).
pub(crate) fn may_not_align(text: &str, b: usize, is_start: bool) -> bool {
    let before = text[..b].chars().next_back();
    let after = text[b..].chars().next();
    let (Some(x), Some(y)) = (before, after) else {
        return false;
    };
    if x.is_whitespace() || y.is_whitespace() {
        return false;
    }
    if is_start {
        // x is outside (before the span): opening punctuation splits as a prefix.
        let prefix = "([{\"'“‘«¿¡$£€#@".contains(x);
        let infix = "-/".contains(x) && y.is_alphanumeric();
        !(prefix || infix)
    } else {
        // y is outside (after the span): closing punctuation splits as a suffix.
        !".,;:!?)]}\"'”’»%".contains(y)
    }
}

/// spaCy tokens for the text: words from Unicode word boundaries, split at every span boundary,
/// and whitespace other than one space after a word kept as tokens of its own, so that
/// `Doc(vocab, words, spaces)` rebuilds the text exactly and every span aligns.
fn spacy_tokens(text: &str, cuts: &std::collections::BTreeSet<usize>) -> Vec<(usize, usize, bool)> {
    let words = super::tokens::tokens(text, cuts);
    let mut out: Vec<(usize, usize, bool)> = Vec::new();
    // The whitespace run `pos..end`: one space right after a token becomes that token's
    // trailing space; the rest is a token of its own.
    let gap = |out: &mut Vec<(usize, usize, bool)>, pos: usize, end: usize| {
        let mut s = pos;
        if let Some(last) = out.last_mut()
            && last.1 == pos
            && text[pos..].starts_with(' ')
        {
            last.2 = true;
            s += 1;
        }
        if s < end {
            out.push((s, end, false));
        }
    };
    let mut pos = 0;
    for w in words {
        if w.start > pos {
            gap(&mut out, pos, w.start);
        }
        out.push((w.start, w.end, false));
        pos = w.end;
    }
    if pos < text.len() {
        gap(&mut out, pos, text.len());
    }
    out
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
                let inside_word =
                    may_not_align(text, f.start(), true) || may_not_align(text, f.end(), false);
                if inside_word {
                    report.loss(
                        "span inside a word",
                        &doc.name,
                        format!(
                            "'{}' ({}) starts or ends inside a word; with spaCy's own tokenizer Doc.char_span may return None (use the exported tokens)",
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
                    "inside_word": inside_word,
                }));
            }
        }
        let cuts: std::collections::BTreeSet<usize> = project
            .mentions_in(&doc.id)
            .flat_map(|m| m.fragments.iter().flat_map(|f| [f.start(), f.end()]))
            .collect();
        let tokens: Vec<serde_json::Value> = spacy_tokens(text, &cuts)
            .into_iter()
            .enumerate()
            .map(|(i, (s, e, ws))| {
                json!({
                    "id": i,
                    "text": &text[s..e],
                    "start": idx.byte_to_char(text, s).expect("char boundary"),
                    "end": idx.byte_to_char(text, e).expect("char boundary"),
                    "ws": ws,
                })
            })
            .collect();
        report.count("spans", spans.len());
        report.count("documents", 1);
        let line = json!({
            "text": text,
            "spans": spans,
            "tokens": tokens,
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
