//! brat `T` lines → mentions: fragments checked against the quoted text (and moved to it, or
//! refused), empty fragments dropped, fragments split only by a line break joined again, one
//! mention per event of a shared trigger, with attributes, notes and entity/event.

use super::ann::{self, AnnLine, Line, NOTE_TYPE};
use super::state::{Parsed, State};
use super::{BratOffsets, PLAIN_DB, WEFT_DB};
use crate::edit::Edit;
use crate::formats::ids::FreshIds;
use crate::formats::{ImportBuilder, Severity, quote};
use crate::model::{
    AttrValue, Attributes, Cluster, ClusterId, Document, Mention, TextRange, TypeKind,
};
use std::collections::HashMap;

/// Imports the `T` lines of one document.
pub(super) fn import_mentions(b: &mut ImportBuilder, p: &Parsed, di: usize, st: &mut State) {
    let doc = b
        .project()
        .document(&p.doc)
        .cloned()
        .expect("inserted before");
    let (attrs, notes) = ann::attrs_and_notes(&p.lines);
    let mut events: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
    for l in &p.lines {
        if let Line::E { ty, trigger, .. } = &l.line {
            events
                .entry(trigger.as_str())
                .or_default()
                .push((l.id.as_str(), ty.as_str()));
        }
    }
    for l in &p.lines {
        let Line::T { ty, frags, text } = &l.line else {
            continue;
        };
        let Some(ranges) = place(b, p, &doc, l, frags, text.as_deref()) else {
            st.refused[di].insert(l.id.clone(), l.no);
            for (e, _) in events.get(l.id.as_str()).into_iter().flatten() {
                st.refused[di].insert(e.to_string(), l.no);
            }
            continue;
        };
        let evs = events.get(l.id.as_str()).cloned().unwrap_or_default();
        let kind = if !evs.is_empty() {
            TypeKind::Event
        } else {
            st.info
                .declared
                .get(&crate::formats::key_for(ty))
                .copied()
                .unwrap_or(TypeKind::Entity)
        };
        // One mention per event using this trigger (usually one), or one entity mention.
        let owners: Vec<(&str, &str)> = if evs.is_empty() {
            vec![(l.id.as_str(), ty.as_str())]
        } else {
            evs.clone()
        };
        if owners.len() > 1 {
            b.report.note(
                "shared trigger",
                &p.file,
                format!(
                    "{} is the trigger of {} events ({}); each event is a mention of its own, written back as one T",
                    l.id,
                    owners.len(),
                    owners.iter().map(|o| o.0).collect::<Vec<_>>().join(", ")
                ),
            );
        }
        let joined = ranges
            .iter()
            .map(|r| r.slice(doc.text()))
            .collect::<Vec<_>>()
            .join(" ");
        for (owner, oty) in owners {
            let Some(type_key) = b.ensure_type(oty, kind) else {
                st.refused[di].insert(owner.to_string(), l.no);
                continue;
            };
            let (attributes, note) = attributes_and_note(
                b,
                &p.file,
                (&attrs, &notes),
                [l.id.as_str(), owner],
                &type_key,
            );
            let cluster = cluster_for(b, p, di, st, (l, owner), &type_key, &joined);
            let m = Mention {
                layer: Default::default(),
                id: b.ids.mention_id(),
                doc: p.doc.clone(),
                type_key: type_key.into(),
                fragments: ranges.as_slice().into(),
                attributes,
                note,
                cluster,
                author: b.author.clone(),
                created: b.now,
                modified: b.now,
            };
            let mid = m.id.clone();
            b.label(mid.as_str(), owner);
            if b.push_or_report(Edit::InsertMention(m), &p.file, Some(l.no)) {
                b.report.count("mentions", 1);
                st.mention_of[di].insert(owner.to_string(), mid.clone());
                st.mention_of[di].entry(l.id.clone()).or_insert(mid);
                st.done[di].insert(owner.to_string());
                st.done[di].insert(l.id.clone());
            } else {
                st.refused[di].insert(owner.to_string(), l.no);
            }
        }
    }
}

/// The attributes and note of a mention from the `A`, `M` and `#` lines on its `T` and on its
/// `E` (`targets`; the same id twice for an entity).
fn attributes_and_note(
    b: &mut ImportBuilder,
    file: &str,
    (attrs, notes): (&ann::AttrLines, &ann::NoteLines),
    targets: [&str; 2],
    type_key: &str,
) -> (Attributes, String) {
    let mut attributes = Attributes::new();
    let mut note_lines: Vec<&str> = Vec::new();
    let targets: &[&str] = if targets[0] == targets[1] {
        &targets[..1]
    } else {
        &targets
    };
    for &target in targets {
        for &(ano, name, value) in attrs.get(target).into_iter().flatten() {
            let v = match value {
                Some(v) => AttrValue::Text(v.to_string()),
                None => AttrValue::Flag(true),
            };
            let key = crate::formats::key_for(name);
            if b.ensure_attribute(type_key, &key, &v) {
                attributes.insert(key, v);
            } else {
                b.report.error(
                    file,
                    Some(ano),
                    format!("attribute '{name}' of {target} does not fit type '{type_key}'"),
                );
            }
        }
        for &(nno, nty, text) in notes.get(target).into_iter().flatten() {
            if nty == NOTE_TYPE {
                note_lines.push(text);
            } else {
                free_text(b, type_key, nty, text, &mut attributes, file, nno);
            }
        }
    }
    (attributes, note_lines.join("\n"))
}

/// A `#` line of its own type (`#1 Lemma T1 run`): a free-text attribute of that name;
/// several lines of one type are joined with line breaks.
fn free_text(
    b: &mut ImportBuilder,
    owner: &str,
    ty: &str,
    text: &str,
    attributes: &mut Attributes,
    file: &str,
    line: usize,
) {
    let key = crate::formats::key_for(ty);
    let value = match attributes.get(&key) {
        Some(AttrValue::Text(t)) => format!("{t}\n{text}"),
        _ => text.to_string(),
    };
    if b.ensure_free_text(owner, &key) {
        attributes.insert(key, AttrValue::Text(value));
    } else {
        b.report.error(
            file,
            Some(line),
            format!("note type '{ty}' cannot be a text attribute of '{owner}'"),
        );
    }
}

/// The byte ranges of a `T` line, checked against its quoted text; `None` (reported) when
/// the line is refused.
fn place(
    b: &mut ImportBuilder,
    p: &Parsed,
    doc: &Document,
    l: &AnnLine,
    frags: &[(usize, usize)],
    quoted: Option<&str>,
) -> Option<Vec<TextRange>> {
    let offs = BratOffsets::with(doc, p.convention);
    let mut frags = checked(b, p, l, &offs, frags, quoted)?;
    let empty: Vec<(usize, usize)> = frags.iter().copied().filter(|(s, e)| s == e).collect();
    frags.retain(|(s, e)| s != e);
    if !empty.is_empty() {
        b.report.push(
            Severity::Loss,
            "empty fragment",
            &p.file,
            Some(l.no),
            format!(
                "{}: fragment {} is empty; Weft mentions cover text, so the other fragments were kept",
                l.id,
                written(&empty)
            ),
        );
    }
    if frags.is_empty() {
        b.report.error(
            &p.file,
            Some(l.no),
            format!("{}: every fragment is empty; refused", l.id),
        );
        return None;
    }
    let mut ranges = Vec::new();
    for &(s, e) in &frags {
        let (Some(bs), Some(be)) = (offs.to_byte(s), offs.to_byte(e)) else {
            b.report.error(
                &p.file,
                Some(l.no),
                format!("{}: offsets {s} {e} fall on the byte-order mark", l.id),
            );
            return None;
        };
        match TextRange::new(doc.text(), bs, be) {
            Ok(r) => ranges.push(r),
            Err(err) => {
                b.report
                    .error(&p.file, Some(l.no), format!("{}: {err}", l.id));
                return None;
            }
        }
    }
    ranges.sort();
    ranges.dedup();
    Some(join_line_breaks(doc.text(), ranges))
}

/// The fragments of a `T` line after checking them against its quoted text: as given, moved to
/// the quoted text nearby (a warning), or `None` (an error) when that text is not there or the
/// offsets are out of range.
fn checked(
    b: &mut ImportBuilder,
    p: &Parsed,
    l: &AnnLine,
    offs: &BratOffsets,
    frags: &[(usize, usize)],
    quoted: Option<&str>,
) -> Option<Vec<(usize, usize)>> {
    let covered: Option<Vec<String>> = frags.iter().map(|&(s, e)| offs.slice(s, e)).collect();
    let covered = covered.map(|c| c.join(" "));
    let here = match &covered {
        Some(c) => format!("offsets {} cover '{c}'", written(frags)),
        None => format!(
            "offsets {} are out of range (the text has {} characters)",
            written(frags),
            offs.len()
        ),
    };
    let Some(q) = quoted else {
        if covered.is_none() {
            b.report
                .error(&p.file, Some(l.no), format!("{}: {here}", l.id));
            return None;
        }
        return Some(frags.to_vec());
    };
    if covered.as_deref().is_some_and(|c| quote::same_text(c, q)) {
        return Some(frags.to_vec());
    }
    match quote::relocate(&offs.view(), frags, q, quote::WINDOW) {
        Some(moved) => {
            b.report.push(
                Severity::Warning,
                "moved to its quoted text",
                &p.file,
                Some(l.no),
                format!(
                    "{}: {here}, not '{q}' as the line says; placed at {}, where that text is",
                    l.id,
                    written(&moved)
                ),
            );
            Some(moved)
        }
        None => {
            b.report.error(
                &p.file,
                Some(l.no),
                format!(
                    "{}: {here}, but the line says '{q}', which is not within {} characters; refused (a mention is never put on other words)",
                    l.id,
                    quote::WINDOW
                ),
            );
            None
        }
    }
}

/// Fragments as a `T` line writes them (`10 14;16 20`).
fn written(f: &[(usize, usize)]) -> String {
    f.iter()
        .map(|(s, e)| format!("{s} {e}"))
        .collect::<Vec<_>>()
        .join(";")
}

/// Fragments separated only by line breaks are one fragment: brat cannot hold a line break
/// in a mention, so it (and Weft's export) splits a mention there.
pub(super) fn join_line_breaks(text: &str, ranges: Vec<TextRange>) -> Vec<TextRange> {
    let mut out: Vec<TextRange> = Vec::with_capacity(ranges.len());
    for r in ranges {
        if let Some(last) = out.last_mut()
            && last.end() < r.start()
            && text[last.end()..r.start()]
                .chars()
                .all(|c| c == '\n' || c == '\r')
            && let Ok(joined) = TextRange::new(text, last.start(), r.end())
        {
            *last = joined;
            continue;
        }
        out.push(r);
    }
    out
}

/// The entity/event the mention of `owner` (the `T` line `l`, or one of its events) joins
/// (made on first use), if it is in a group.
fn cluster_for(
    b: &mut ImportBuilder,
    p: &Parsed,
    di: usize,
    st: &mut State,
    (l, owner): (&AnnLine, &str),
    type_key: &str,
    joined: &str,
) -> Option<ClusterId> {
    let (tid, line) = (owner, l.no);
    let root = st
        .root_of
        .get(&(di, owner.to_string()))
        .or_else(|| st.root_of.get(&(di, l.id.clone())))?
        .clone();
    let cid = match st.cluster_of_root.get(&root) {
        Some(c) => c.clone(),
        None => {
            let (reference, rtext) = st.members_of[&root]
                .iter()
                .find_map(|m| st.ref_text.get(m).cloned())
                .unwrap_or_default();
            let c = make_cluster(b, st, &reference, &rtext, type_key, joined);
            st.cluster_of_root.insert(root, c.clone());
            c
        }
    }?;
    let ck = b.project().cluster(&cid).map(|c| c.type_key.clone());
    let same_kind = ck
        .as_deref()
        .and_then(|k| crate::formats::kind_of(b.project(), k))
        == crate::formats::kind_of(b.project(), type_key);
    if same_kind {
        Some(cid)
    } else {
        b.report.error(
            &p.file,
            Some(line),
            format!(
                "{tid} ({type_key}) cannot join an entity/event of type '{}' (entity and event kinds differ); left unlinked",
                ck.unwrap_or_default()
            ),
        );
        None
    }
}

fn make_cluster(
    b: &mut ImportBuilder,
    st: &State,
    reference: &str,
    ref_text: &str,
    type_key: &str,
    first_text: &str,
) -> Option<ClusterId> {
    let (db, local) = reference.split_once(':').unwrap_or(("", reference));
    let external_id = match db {
        "" | WEFT_DB => None,
        PLAIN_DB => Some(local.to_string()),
        _ => Some(reference.to_string()),
    };
    if db == WEFT_DB {
        let id = ClusterId::new(local);
        if b.project().cluster(&id).is_some() {
            return Some(id);
        }
    }
    if let Some(ext) = &external_id
        && let Some(id) = st.existing_by_ext.get(ext)
    {
        return Some(id.clone());
    }
    let name = if ref_text.trim().is_empty() {
        first_text.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        ref_text.to_string()
    };
    let c = Cluster {
        layer: Default::default(),
        id: b.ids.cluster_id(),
        type_key: type_key.to_string(),
        name,
        external_id,
        attributes: Default::default(),
        note: String::new(),
    };
    let id = c.id.clone();
    b.push_or_report(Edit::InsertCluster(c), "", None)
        .then_some(id)
}
