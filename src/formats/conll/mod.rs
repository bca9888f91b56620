//! CoNLL token-per-line named-entity files: one token per line with its tag in the last column,
//! a blank line between sentences and a `-DOCSTART-` line before each document.
//!
//! The unit is the **token**: there are no character offsets in the file. On export, tokens are
//! the non-space Unicode word segments of the text (UAX #29, [`super::tokens`]) or, with
//! `tokens = whitespace`, the runs between whitespace; either way they are split at every
//! mention boundary so each mention covers whole tokens. Sentences are UAX #29 sentences (which
//! always end at a line break) or, with `sentences = lines`, the lines of the text. Tags are
//! IOB2 (`B-X`, `I-X`, `O`) or BIOES (`S-X` single, `B-X … E-X`). Nested and overlapping
//! mentions cannot all be written in one column: [`Nested`] keeps the outermost, the innermost,
//! or writes one label column per type (in type-key order, named in the report). Everything
//! left out is reported.
//!
//! On import (IOB2, and BIOES tags are accepted too), columns are separated by tabs (when the
//! line has one) or by spaces; the token is the first column and the tag the last. The text is
//! rebuilt by joining a sentence's tokens with single spaces, one sentence per line. A bad tag,
//! an `I-` that does not continue a mention of its type, and a line with a different number of
//! columns than the file's first token line are reported with file and line; the rest is
//! imported (a stray `I-X` starts a new mention, as conlleval counts it).

use super::{Export, OutFile, Report};
use crate::model::{Mention, Project};
use std::collections::BTreeSet;

mod import;
mod unit;
pub use import::import;
pub use unit::OFFSET_UNIT;

/// The tag scheme written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scheme {
    /// `B-X` begins, `I-X` continues, `O` outside.
    #[default]
    Iob2,
    /// `S-X` single token, `B-X` `I-X`… `E-X` longer mentions, `O` outside.
    Bioes,
}

/// What to do with mentions that nest or overlap.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Nested {
    /// Keep the longest mention where several overlap (earliest first); report the others.
    #[default]
    Outermost,
    /// Keep the shortest; report the others.
    Innermost,
    /// One label column per type; within a type, the outermost is kept.
    PerType,
}

/// How the text is cut into tokens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tokens {
    /// Unicode word boundaries (UAX #29): `don't` is one token, `U.S.` three.
    #[default]
    Words,
    /// Runs of non-whitespace: gives back the tokens of an imported CoNLL file exactly.
    Whitespace,
}

/// How the text is cut into sentences.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sentences {
    /// Unicode sentence boundaries (UAX #29); a line break always ends a sentence.
    #[default]
    Unicode,
    /// Each line is a sentence (what the importer writes).
    Lines,
}

/// Options of the CoNLL export.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExportOptions {
    pub scheme: Scheme,
    pub nested: Nested,
    pub tokens: Tokens,
    pub sentences: Sentences,
}

/// A contiguous labelled run, as byte range, type and the mention it comes from.
#[derive(Clone, Debug)]
struct Span {
    start: usize,
    end: usize,
    label: String,
    mention: String,
    covered: String,
}

fn whitespace_tokens(text: &str, cuts: &BTreeSet<usize>) -> Vec<crate::formats::tokens::Token> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let push = |s: usize, e: usize, out: &mut Vec<crate::formats::tokens::Token>| {
        let mut a = s;
        for &c in cuts.range(s + 1..e) {
            out.push(crate::formats::tokens::Token { start: a, end: c });
            a = c;
        }
        out.push(crate::formats::tokens::Token { start: a, end: e });
    };
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                push(s, i, &mut out);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        push(s, text.len(), &mut out);
    }
    out
}

fn line_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut s = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            out.push((s, i));
            s = i + 1;
        }
    }
    out.push((s, text.len()));
    out.into_iter()
        .filter(|(a, b)| !text[*a..*b].trim().is_empty())
        .collect()
}

/// Chooses non-overlapping spans: outermost (longest first) or innermost (shortest first).
/// Returns (kept, dropped).
fn choose(mut spans: Vec<Span>, outermost: bool) -> (Vec<Span>, Vec<(Span, Span)>) {
    if outermost {
        spans.sort_by(|a, b| {
            (a.start, std::cmp::Reverse(a.end), &a.mention).cmp(&(
                b.start,
                std::cmp::Reverse(b.end),
                &b.mention,
            ))
        });
    } else {
        spans.sort_by(|a, b| {
            (a.end - a.start, a.start, &a.mention).cmp(&(b.end - b.start, b.start, &b.mention))
        });
    }
    let mut kept: Vec<Span> = Vec::new();
    let mut dropped = Vec::new();
    for s in spans {
        match kept.iter().find(|k| k.start < s.end && s.start < k.end) {
            Some(k) => dropped.push((s, k.clone())),
            None => kept.push(s),
        }
    }
    kept.sort_by_key(|s| s.start);
    (kept, dropped)
}

/// Tags for `n` tokens from kept spans given as token index ranges.
fn tags_for(n: usize, runs: &[(usize, usize, &str)], scheme: Scheme) -> Vec<String> {
    let mut tags = vec!["O".to_string(); n];
    for &(a, b, label) in runs {
        if a >= b {
            continue;
        }
        for (i, t) in tags.iter_mut().enumerate().take(b).skip(a) {
            let prefix = match scheme {
                Scheme::Iob2 => {
                    if i == a {
                        "B"
                    } else {
                        "I"
                    }
                }
                Scheme::Bioes => {
                    if b - a == 1 {
                        "S"
                    } else if i == a {
                        "B"
                    } else if i + 1 == b {
                        "E"
                    } else {
                        "I"
                    }
                }
            };
            *t = format!("{prefix}-{label}");
        }
    }
    tags
}

/// Every fragment of the document's mentions as a span (discontinuous mentions reported).
fn spans_of(project: &Project, doc: &crate::model::Document, report: &mut Report) -> Vec<Span> {
    let text = doc.text();
    let mut spans: Vec<Span> = Vec::new();
    let mut ms: Vec<&Mention> = project.mentions_in(&doc.id).collect();
    ms.sort_by(|a, b| (a.start(), a.end(), &a.id).cmp(&(b.start(), b.end(), &b.id)));
    for m in &ms {
        if m.fragments.len() > 1 {
            report.loss(
                "discontinuous mention",
                &doc.name,
                format!(
                    "'{}' ({}) has {} fragments; each is written as a mention of its own",
                    m.covered_text(text),
                    m.id,
                    m.fragments.len()
                ),
            );
        }
        for f in &m.fragments {
            spans.push(Span {
                start: f.start(),
                end: f.end(),
                label: m.type_key.to_string(),
                mention: m.id.to_string(),
                covered: f.slice(text).to_string(),
            });
        }
    }
    spans
}

/// The token runs one label column writes: the spans of `col` (all types when empty) that
/// the `nested` option keeps, as token index ranges; what is left out is reported.
fn runs_of(
    spans: &[Span],
    col: &str,
    toks: &[crate::formats::tokens::Token],
    opts: &ExportOptions,
    doc: &str,
    report: &mut Report,
) -> Vec<(usize, usize, String)> {
    // Token index ranges of each span (tokens never straddle a cut).
    let tok_range = |s: &Span| -> (usize, usize) {
        let a = toks.partition_point(|t| t.start < s.start);
        let b = toks.partition_point(|t| t.end <= s.end);
        (a, b.max(a))
    };
    let candidates: Vec<Span> = spans
        .iter()
        .filter(|s| col.is_empty() || s.label == col)
        .cloned()
        .collect();
    let (kept, dropped) = choose(candidates, opts.nested != Nested::Innermost);
    for (s, k) in dropped {
        let nested =
            (k.start <= s.start && s.end <= k.end) || (s.start <= k.start && k.end <= s.end);
        report.loss(
            if nested {
                "nested mention"
            } else {
                "overlapping mention"
            },
            doc,
            format!(
                "'{}' ({}, {}) {} '{}' ({}, {}), which was written instead",
                s.covered,
                s.label,
                s.mention,
                if nested { "nests with" } else { "overlaps" },
                k.covered,
                k.label,
                k.mention
            ),
        );
    }
    let mut runs = Vec::new();
    for s in &kept {
        let (a, b) = tok_range(s);
        if a >= b {
            report.loss(
                "mention without tokens",
                doc,
                format!(
                    "'{}' ({}) covers only whitespace; no token carries it",
                    s.covered, s.mention
                ),
            );
            continue;
        }
        runs.push((a, b, s.label.clone()));
    }
    runs
}

/// What CoNLL cannot hold about the whole project: names, entities/events, attributes, links.
fn project_losses(project: &Project, report: &mut Report) {
    let total = project.documents().len();
    if total > 1 || project.documents().iter().any(|d| !d.name.is_empty()) {
        report.loss(
            "document names",
            "",
            format!("{total} document names are not written (CoNLL separates documents with -DOCSTART- only)"),
        );
    }
    let clustered = project.mentions().filter(|m| m.cluster.is_some()).count();
    if clustered > 0 {
        report.loss(
            "entity/event links",
            "",
            format!("{clustered} mentions belong to entities/events; CoNLL NER has no coreference (see the coref export)"),
        );
    }
    let with_attrs = project
        .mentions()
        .filter(|m| !m.attributes.is_empty() || !m.note.is_empty())
        .count();
    if with_attrs > 0 {
        report.loss(
            "mention attributes or note",
            "",
            format!("{with_attrs} mentions have attributes or notes; CoNLL tags carry only a type"),
        );
    }
    let links = project.relations().count() + project.arguments().count();
    if links > 0 {
        report.loss(
            "relations and arguments",
            "",
            format!("{links} relations and event arguments are not written"),
        );
    }
}

/// Exports every document; `progress(done, total)` is called after each document.
pub fn export(
    project: &Project,
    opts: &ExportOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Export {
    let scheme_name = match opts.scheme {
        Scheme::Iob2 => "IOB2",
        Scheme::Bioes => "BIOES",
    };
    let mut report = Report::new(format!("CoNLL {scheme_name} export"), OFFSET_UNIT);
    let mut out = String::new();
    let columns: Vec<String> = match opts.nested {
        Nested::PerType => per_type_columns(project),
        _ => vec![String::new()],
    };
    if opts.nested == Nested::PerType {
        report.note(
            "label columns",
            "",
            format!(
                "one label column per type, after the token, in this order: {}",
                columns.join(", ")
            ),
        );
    }
    let total = project.documents().len();
    for (n, doc) in project.documents().iter().enumerate() {
        let text = doc.text();
        let spans = spans_of(project, doc, &mut report);
        let cuts: BTreeSet<usize> = spans.iter().flat_map(|s| [s.start, s.end]).collect();
        let toks = match opts.tokens {
            Tokens::Words => crate::formats::tokens::tokens(text, &cuts),
            Tokens::Whitespace => whitespace_tokens(text, &cuts),
        };
        let mut label_columns: Vec<Vec<String>> = Vec::new();
        for col in &columns {
            let runs = runs_of(&spans, col, &toks, opts, &doc.name, &mut report);
            let runs: Vec<(usize, usize, &str)> =
                runs.iter().map(|(a, b, l)| (*a, *b, l.as_str())).collect();
            label_columns.push(tags_for(toks.len(), &runs, opts.scheme));
        }
        if n > 0 {
            out.push('\n');
        }
        out.push_str("-DOCSTART-");
        for _ in &columns {
            out.push_str("\tO");
        }
        out.push('\n');
        let sentences = match opts.sentences {
            Sentences::Unicode => crate::formats::tokens::sentences(text),
            Sentences::Lines => line_ranges(text),
        };
        let mut si = 0;
        let mut current: Option<usize> = None;
        for (i, t) in toks.iter().enumerate() {
            while si + 1 < sentences.len() && t.start >= sentences[si].1 {
                si += 1;
            }
            if current != Some(si) {
                out.push('\n');
                current = Some(si);
            }
            out.push_str(&text[t.start..t.end]);
            for col in &label_columns {
                out.push('\t');
                out.push_str(&col[i]);
            }
            out.push('\n');
        }
        report.count("documents", 1);
        report.count("tokens", toks.len());
        report.count("sentences", if toks.is_empty() { 0 } else { si + 1 });
        progress(n + 1, total);
    }
    project_losses(project, &mut report);
    Export {
        files: vec![OutFile {
            path: "weft.conll".into(),
            contents: out,
        }],
        report,
    }
}

/// Token and tag sequences of a CoNLL text, per line number: `(line, token, tag)` for every
/// token line (`-DOCSTART-` and blank lines skipped). For round-trip checks.
pub fn token_tags(text: &str) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = if line.contains('\t') {
            line.split('\t').collect()
        } else {
            line.split_whitespace().collect()
        };
        if cols[0].trim() == "-DOCSTART-" || cols.len() < 2 {
            continue;
        }
        out.push((
            i + 1,
            cols[0].trim().to_string(),
            cols[cols.len() - 1].trim().to_string(),
        ));
    }
    out
}

/// Label columns in per-type mode, by type key (for callers that want to name them).
pub fn per_type_columns(project: &Project) -> Vec<String> {
    let used: BTreeSet<String> = project.mentions().map(|m| m.type_key.to_string()).collect();
    used.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::import::{Tag, parse_tag};
    use super::*;

    #[test]
    fn tags_follow_the_scheme() {
        let runs = [(0, 1, "A"), (2, 5, "B")];
        assert_eq!(
            tags_for(6, &runs, Scheme::Iob2),
            ["B-A", "O", "B-B", "I-B", "I-B", "O"]
        );
        assert_eq!(
            tags_for(6, &runs, Scheme::Bioes),
            ["S-A", "O", "B-B", "I-B", "E-B", "O"]
        );
    }

    #[test]
    fn bad_tags_are_refused() {
        assert_eq!(parse_tag("O"), Some(Tag::Outside));
        assert_eq!(parse_tag("B-LOC"), Some(Tag::Inside('B', "LOC".into())));
        assert_eq!(parse_tag("B-"), None);
        assert_eq!(parse_tag("X-LOC"), None);
        assert_eq!(parse_tag("LOC"), None);
    }
}
