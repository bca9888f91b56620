//! The mention-record JSON of recent cross-document coreference work on ECB+ (one record per
//! mention), both ways.
//!
//! **Import.** Mention files are JSON lists of records. The field names of the three common
//! conversions are all read:
//!
//! | what | fields (first found wins) |
//! |---|---|
//! | document | `doc_id` (matched with or without `.xml`, or by its last `/` part) |
//! | tokens | `tokens_ids` (ECB+ `t_id`s, counted over the document), else `tokens_number` / `tokens_numbers` (positions in the sentence) with `sent_id` / `sentence_id` |
//! | covered text | `tokens` (a string), `tokens_str`, `tokens_text` (a list) |
//! | chain | `coref_chain`, `cluster_id` |
//! | chain name | `cluster_desc`, `description` |
//! | singleton | `is_singleton`, `singleton` (a flagged record joins no entity/event) |
//! | kind | `event` (true/false), `event_entity`, the file name (`…event…` / `…entit…`), or a type starting `ACT`/`NEG` |
//! | type | `mention_full_type`, `type`, `mention_type`, else `EVENT` / `ENTITY` |
//!
//! The texts come from the ECB+ XML files given beside them (tokens joined by spaces, one
//! sentence per line, as the ECB+ import builds them, so a project that imported the XML
//! already gets the mentions on its documents) or from a documents file: a JSON object mapping
//! each document to its tokens `[sentence, token id, text, …]`. A record whose covered text is
//! not at its tokens moves to where those words are nearby (a warning) or is refused (an
//! error), as for brat. Each chain is one entity/event across documents (two when it mixes
//! event and entity mentions, reported); its id is kept as the external id.
//!
//! **Export** (a folder): `documents.json` in the same shape (tokens: runs between whitespace,
//! split at mention boundaries, ids from 1 per document; sentences: lines, from 0), and
//! `event_mentions.json` / `entity_mentions.json` with `doc_id`, `m_id`, `sent_id`,
//! `tokens_ids`, `tokens_number`, `tokens`, `coref_chain` (the external id when the project
//! has one, else `weft-N`), `cluster_desc`, `mention_type`, `event`, `is_singleton` (a
//! mention of no entity/event). Relations, arguments, attributes and notes are not written.

use crate::formats::coref::chains::{At, Chains, NewChain, fragments};
use crate::formats::coref::ecb_xml::{Placed, parse_ecb, text_of};
use crate::formats::coref::ecbplus::{EcbText, ecb_document};
use crate::formats::ids::IdSource;
use crate::formats::{Import, ImportBuilder, InFile, Report, Severity};
use crate::model::{Project, TypeKind};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};

mod export;
pub use export::export;

pub const OFFSET_UNIT: &str = "tokens (ECB+ t_id, or sentence and number in it)";

/// How far (in tokens) a record's words are looked for when its tokens do not hold them.
const TOKEN_WINDOW: usize = 50;

fn first<'a>(v: &'a Value, keys: &[&str]) -> Option<&'a Value> {
    keys.iter().find_map(|k| v.get(*k).filter(|x| !x.is_null()))
}

fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Imports mention files, with texts from ECB+ XML or documents files among `files`;
/// `progress(done, total)` after each file.
pub fn import(
    project: &Project,
    files: &[InFile],
    now: DateTime<Utc>,
    ids: &mut dyn IdSource,
    progress: &mut dyn FnMut(usize, usize),
) -> Import {
    let mut b = ImportBuilder::new(
        project,
        Report::new("coreference mentions import", OFFSET_UNIT),
        now,
        ids,
    );
    let mut texts: BTreeMap<String, EcbText> = BTreeMap::new();
    let mut records: Vec<(&InFile, usize, Value)> = Vec::new();
    let total = files.len();
    for (fi, f) in files.iter().enumerate() {
        if f.name.to_lowercase().ends_with(".xml") || f.text.trim_start().starts_with('<') {
            match parse_ecb(f) {
                Ok(d) => {
                    if !d.markables.is_empty() {
                        b.report.note(
                            "texts only",
                            &f.name,
                            "read for its text; its markables are not imported (the mentions come from the JSON records)",
                        );
                    }
                    if let Some(t) = ecb_document(&mut b, f, &d) {
                        texts.insert(crate::formats::coref::ecbplus::doc_name(&d, f), t);
                    }
                }
                Err(e) => b
                    .report
                    .error(&f.name, None, format!("{e}; the file was not read")),
            }
        } else {
            match serde_json::from_str::<Value>(&f.text) {
                Ok(Value::Array(items)) => {
                    records.extend(items.into_iter().enumerate().map(|(i, v)| (f, i, v)))
                }
                Ok(Value::Object(docs)) => documents(&mut b, f, docs, &mut texts),
                Ok(_) => b.report.error(
                    &f.name,
                    None,
                    "neither a list of mention records nor a map of documents",
                ),
                Err(e) => b
                    .report
                    .error(&f.name, Some(e.line()), format!("not valid JSON: {e}")),
            }
        }
        progress(fi + 1, total);
    }
    let mut chains = Chains::default();
    for (f, i, v) in &records {
        record(&mut b, f, *i, v, &texts, &mut chains);
    }
    b.finish()
}

/// A documents file: `{ "doc": [[sentence, token id, text, …], …] }`.
fn documents(
    b: &mut ImportBuilder,
    f: &InFile,
    docs: Map<String, Value>,
    texts: &mut BTreeMap<String, EcbText>,
) {
    for (name, toks) in docs {
        let mut tokens = Vec::new();
        for t in toks.as_array().into_iter().flatten() {
            let a = t.as_array();
            let get = |i: usize| a.and_then(|a| a.get(i)).and_then(as_text);
            match (get(0), get(1), get(2)) {
                (Some(s), Some(id), Some(text)) => tokens.push((id, s, text)),
                _ => b.report.error(
                    &f.name,
                    None,
                    format!("document '{name}': token {t} is not [sentence, id, text]"),
                ),
            }
        }
        if tokens.is_empty() {
            b.report.error(
                &f.name,
                None,
                format!("document '{name}' has no tokens; skipped"),
            );
            continue;
        }
        let (text, placed, twice) = text_of(&tokens);
        for tid in twice {
            b.report.error(
                &f.name,
                None,
                format!("document '{name}': token id {tid} appears twice; the first is used"),
            );
        }
        let mut by_tid = HashMap::new();
        for (i, p) in placed.iter().enumerate() {
            by_tid.entry(p.t_id.clone()).or_insert(i);
        }
        let now = b.now;
        let doc = b.add_document(&name, text.clone(), f.container_provenance(now));
        b.report.count("tokens", placed.len());
        texts.insert(
            name,
            EcbText {
                doc,
                text,
                tokens: placed,
                by_tid,
            },
        );
    }
}

/// The text of document `doc_id`, matched by name with or without `.xml`, or by its last part.
fn text_for<'a>(texts: &'a BTreeMap<String, EcbText>, doc_id: &str) -> Option<&'a EcbText> {
    let last = doc_id.rsplit('/').next().unwrap_or(doc_id);
    [doc_id, last].iter().find_map(|d| {
        texts
            .get(*d)
            .or_else(|| texts.get(&format!("{d}.xml")))
            .or_else(|| d.strip_suffix(".xml").and_then(|s| texts.get(s)))
    })
}

/// Token indexes of a record (`None` with the reason).
fn token_indexes(v: &Value, t: &EcbText) -> Result<Vec<usize>, String> {
    if let Some(ids) = first(v, &["tokens_ids"]).and_then(Value::as_array) {
        return ids
            .iter()
            .map(|x| {
                let id = as_text(x).unwrap_or_default();
                t.by_tid
                    .get(&id)
                    .copied()
                    .ok_or_else(|| format!("token id {id} is not in the document"))
            })
            .collect();
    }
    let sentence = first(v, &["sent_id", "sentence_id"]).and_then(as_text);
    let numbers = first(v, &["tokens_number", "tokens_numbers"]).and_then(Value::as_array);
    let (Some(sentence), Some(numbers)) = (sentence, numbers) else {
        return Err("no tokens_ids, nor tokens_number with sent_id".into());
    };
    numbers
        .iter()
        .map(|n| {
            let n = n.as_u64().unwrap_or(u64::MAX) as usize;
            t.tokens
                .iter()
                .position(|p: &Placed| p.sentence == sentence && p.number == n)
                .ok_or_else(|| format!("sentence {sentence} has no token number {n}"))
        })
        .collect()
}

/// Whether a record is an event mention.
fn is_event(v: &Value, file: &str) -> bool {
    if let Some(e) = v.get("event").and_then(Value::as_bool) {
        return e;
    }
    if let Some(e) = v.get("event_entity").and_then(Value::as_str) {
        return e == "event";
    }
    let name = file.to_lowercase();
    if name.contains("event") {
        return true;
    }
    if name.contains("entit") {
        return false;
    }
    first(v, &["mention_full_type", "type", "mention_type"])
        .and_then(Value::as_str)
        .is_some_and(|t| t.starts_with("ACT") || t.starts_with("NEG"))
}

/// One mention record.
fn record(
    b: &mut ImportBuilder,
    f: &InFile,
    i: usize,
    v: &Value,
    texts: &BTreeMap<String, EcbText>,
    chains: &mut Chains,
) {
    let m_id = first(v, &["m_id", "mention_id"]).and_then(as_text);
    let what = match &m_id {
        Some(m) => format!("record {} (m_id {m})", i + 1),
        None => format!("record {}", i + 1),
    };
    let Some(doc_id) = first(v, &["doc_id"]).and_then(as_text) else {
        b.report
            .error(&f.name, None, format!("{what}: no doc_id; skipped"));
        return;
    };
    let Some(t) = text_for(texts, &doc_id) else {
        b.report.error(
            &f.name,
            None,
            format!("{what}: no text for document '{doc_id}' (give its ECB+ XML or a documents file); skipped"),
        );
        return;
    };
    let mut idxs = match token_indexes(v, t) {
        Ok(x) if !x.is_empty() => x,
        Ok(_) => {
            b.report
                .error(&f.name, None, format!("{what}: no tokens; skipped"));
            return;
        }
        Err(e) => {
            b.report
                .error(&f.name, None, format!("{what}: {e}; skipped"));
            return;
        }
    };
    let quoted = first(v, &["tokens", "tokens_str", "tokens_text"]).and_then(|q| match q {
        Value::Array(a) => Some(a.iter().filter_map(as_text).collect::<Vec<_>>().join(" ")),
        other => as_text(other),
    });
    if let Some(q) = &quoted
        && !place(b, f, &what, t, &mut idxs, q)
    {
        return;
    }
    let event = is_event(v, &f.name);
    let kind = if event {
        TypeKind::Event
    } else {
        TypeKind::Entity
    };
    let label = first(v, &["mention_full_type", "type", "mention_type"])
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| if event { "EVENT" } else { "ENTITY" }.into());
    let Some(type_key) = b.ensure_type(&label, kind) else {
        return;
    };
    let kind = crate::formats::kind_of(b.project(), &type_key).unwrap_or(kind);
    let fragments = fragments(&t.text, &t.ranges(), &idxs);
    let singleton = first(v, &["is_singleton", "singleton"])
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let chain = first(v, &["coref_chain", "cluster_id"]).and_then(as_text);
    let cluster = chain.filter(|_| !singleton).and_then(|key| {
        let name = first(v, &["cluster_desc", "description"])
            .and_then(as_text)
            .filter(|d| !d.trim().is_empty())
            .unwrap_or_else(|| {
                fragments
                    .iter()
                    .map(|r| r.slice(&t.text))
                    .collect::<Vec<_>>()
                    .join(" ")
            });
        let new = || NewChain {
            type_label: type_key.clone(),
            name,
            external_id: Some(key.clone()),
        };
        let at = At {
            file: &f.name,
            line: None,
            what: what.clone(),
        };
        chains.join(b, &key, kind, new, &at)
    });
    b.add_mention(&t.doc, type_key, fragments, cluster, &f.name, None);
}

/// Checks a record's covered text against its tokens; moves the tokens to where the words are
/// nearby (a warning) or refuses the record (an error, `false`).
fn place(
    b: &mut ImportBuilder,
    f: &InFile,
    what: &str,
    t: &EcbText,
    idxs: &mut Vec<usize>,
    quoted: &str,
) -> bool {
    let word = |i: usize| &t.text[t.tokens[i].start..t.tokens[i].end];
    let covered = idxs.iter().map(|&i| word(i)).collect::<Vec<_>>().join(" ");
    // Words, not spacing: conversions join untrimmed token texts.
    let words: Vec<&str> = quoted.split_whitespace().collect();
    if covered.split_whitespace().eq(words.iter().copied()) {
        return true;
    }
    let found = (words.len() == idxs.len())
        .then(|| {
            (0..=TOKEN_WINDOW as isize)
                .flat_map(|d| if d == 0 { vec![0] } else { vec![-d, d] })
                .find_map(|d| {
                    let moved: Option<Vec<usize>> = idxs
                        .iter()
                        .map(|&i| i.checked_add_signed(d).filter(|&j| j < t.tokens.len()))
                        .collect();
                    let moved = moved?;
                    moved
                        .iter()
                        .zip(&words)
                        .all(|(&j, w)| word(j) == *w)
                        .then_some(moved)
                })
        })
        .flatten();
    match found {
        Some(moved) => {
            let ids: Vec<&str> = moved.iter().map(|&i| t.tokens[i].t_id.as_str()).collect();
            b.report.push(
                Severity::Warning,
                "moved to its quoted text",
                &f.name,
                None,
                format!(
                    "{what}: its tokens cover '{covered}', not '{quoted}'; placed on tokens {}, where those words are",
                    ids.join(" ")
                ),
            );
            *idxs = moved;
            true
        }
        None => {
            b.report.error(
                &f.name,
                None,
                format!(
                    "{what}: its tokens cover '{covered}', but it says '{quoted}', which is not within {TOKEN_WINDOW} tokens; refused (a mention is never put on other words)"
                ),
            );
            false
        }
    }
}
