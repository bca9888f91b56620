//! Label Studio JSON: a list of text tasks, each with `data.text` and `annotations` (and
//! `predictions`) whose `result` holds `labels` regions (`id`, `value.start`, `value.end`,
//! `value.text`, `value.labels`) and `relation` items (`from_id`, `to_id`, `direction`,
//! `labels`).
//!
//! **Offsets are Unicode code points**, end exclusive. Label Studio's editor is JavaScript,
//! whose strings count UTF-16 units, but it converts: its own end-to-end test
//! `web/libs/editor/tests/integration/e2e/ner/emoji.cy.ts` (HumanSignal/label-studio) is
//! titled "Should calculate offsets by code points in text" and expects offsets after an emoji
//! to count it once. Versions from before that fix (2021, issue HumanSignal/label-studio#1347)
//! wrote UTF-16 offsets; so on import, when a region's `value.text` does not match the text at
//! code-point offsets but does at UTF-16 offsets, the UTF-16 reading is used and reported.
//! When it matches at neither, the region goes where its `value.text` is near its offsets
//! (with a warning), or is refused ([`super::quote`]): a mention is never put on other words.
//!
//! Export writes one task per document (`data.document` holds its name), one annotation
//! with a `labels` region per mention fragment (region id = mention id; extra fragments get
//! `<id>-2`, …) and a `relation` item per relation between mentions of one document.

use super::ids::{FreshIds, IdSource};
use super::{Export, Import, ImportBuilder, InFile, OutFile, Report, Severity, quote};
use crate::edit::Edit;
use crate::model::{
    Endpoint, Mention, MentionId, OffsetUnit, Project, Relation, TextRange, TypeKind,
};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use std::collections::HashMap;

pub const OFFSET_UNIT: &str = "code points";

/// What Label Studio cannot hold about one mention.
fn mention_losses(report: &mut Report, doc: &crate::model::Document, m: &Mention) {
    let text = doc.text();
    if m.fragments.len() > 1 {
        report.loss(
            "discontinuous mention",
            &doc.name,
            format!(
                "'{}' ({}) has {} fragments; Label Studio regions are contiguous, so each fragment is a region of its own (relations use the first)",
                m.covered_text(text),
                m.id,
                m.fragments.len()
            ),
        );
    }
    if !m.attributes.is_empty() || !m.note.is_empty() {
        report.loss(
            "mention attributes or note",
            &doc.name,
            format!(
                "'{}' ({}): only the label is written",
                m.covered_text(text),
                m.id
            ),
        );
    }
}

/// What Label Studio cannot hold about the whole project: links of entities/events,
/// coreference, arguments.
fn project_losses(project: &Project, report: &mut Report) {
    for r in project.relations() {
        if r.from.mention().is_none() || r.to.mention().is_none() {
            report.loss(
                "relation with a whole entity/event",
                "",
                format!(
                    "relation {} ({}) involves an entity/event, not a mention",
                    r.id, r.type_key
                ),
            );
        }
    }
    let clustered = project.mentions().filter(|m| m.cluster.is_some()).count();
    if clustered > 0 {
        report.loss(
            "entity/event links",
            "",
            format!(
                "{clustered} mentions belong to entities/events; Label Studio has no coreference"
            ),
        );
    }
    let args = project.arguments().count();
    if args > 0 {
        report.loss(
            "event arguments",
            "",
            format!("{args} event arguments are not written"),
        );
    }
}

/// Exports every document as a task; `progress(done, total)` after each document.
pub fn export(project: &Project, progress: &mut dyn FnMut(usize, usize)) -> Export {
    let mut report = Report::new("Label Studio export", OFFSET_UNIT);
    let mut tasks = Vec::new();
    let total = project.documents().len();
    for (n, doc) in project.documents().iter().enumerate() {
        let text = doc.text();
        let idx = doc.index();
        let mut ms: Vec<&Mention> = project.mentions_in(&doc.id).collect();
        ms.sort_by(|a, b| (a.start(), a.end(), &a.id).cmp(&(b.start(), b.end(), &b.id)));
        let mut result = Vec::new();
        for m in &ms {
            mention_losses(&mut report, doc, m);
            for (i, f) in m.fragments.iter().enumerate() {
                let id = if i == 0 {
                    m.id.to_string()
                } else {
                    format!("{}-{}", m.id, i + 1)
                };
                result.push(json!({
                    "id": id,
                    "from_name": "label",
                    "to_name": "text",
                    "type": "labels",
                    "value": {
                        "start": idx.byte_to_char(text, f.start()).expect("checked range"),
                        "end": idx.byte_to_char(text, f.end()).expect("checked range"),
                        "text": f.slice(text),
                        "labels": [m.type_key],
                    },
                }));
            }
        }
        let mut rels = 0;
        for r in project.relations() {
            let (Some(a), Some(b)) = (r.from.mention(), r.to.mention()) else {
                continue;
            };
            let (Some(ma), Some(mb)) = (project.mention(a), project.mention(b)) else {
                continue;
            };
            if ma.doc != doc.id {
                continue;
            }
            if mb.doc != doc.id {
                report.loss(
                    "cross-document relation",
                    &doc.name,
                    format!(
                        "relation {} ({}) joins two documents; Label Studio relations stay in one task",
                        r.id, r.type_key
                    ),
                );
                continue;
            }
            result.push(json!({
                "type": "relation",
                "from_id": a.as_str(),
                "to_id": b.as_str(),
                "direction": "right",
                "labels": [r.type_key],
            }));
            rels += 1;
        }
        report.count("documents", 1);
        report.count("regions", result.len() - rels);
        report.count("relations", rels);
        tasks.push(json!({
            "id": n + 1,
            "data": {"text": text, "document": doc.name},
            "annotations": [{"id": n + 1, "result": result}],
        }));
        progress(n + 1, total);
    }
    project_losses(project, &mut report);
    Export {
        files: vec![OutFile {
            path: "label-studio.json".into(),
            contents: serde_json::to_string_pretty(&Value::Array(tasks)).expect("JSON serialises")
                + "\n",
        }],
        report,
    }
}

/// Imports Label Studio JSON files (a list of tasks, or one task); `progress` per task.
pub fn import(
    project: &Project,
    files: &[InFile],
    now: DateTime<Utc>,
    ids: &mut dyn IdSource,
    progress: &mut dyn FnMut(usize, usize),
) -> Import {
    let mut b = ImportBuilder::new(
        project,
        Report::new("Label Studio import", OFFSET_UNIT),
        now,
        ids,
    );
    let mut parsed = Vec::new();
    for f in files {
        match serde_json::from_str::<Value>(&f.text) {
            Ok(Value::Array(tasks)) => parsed.push((f, tasks)),
            Ok(v @ Value::Object(_)) => parsed.push((f, vec![v])),
            Ok(_) => b
                .report
                .error(&f.name, None, "not a list of tasks (nor one task object)"),
            Err(e) => b
                .report
                .error(&f.name, Some(e.line()), format!("not valid JSON: {e}")),
        }
    }
    let total: usize = parsed.iter().map(|(_, t)| t.len()).sum();
    let mut done = 0;
    for (f, tasks) in parsed {
        for (i, t) in tasks.iter().enumerate() {
            import_task(&mut b, f, i, t, now);
            done += 1;
            progress(done, total);
        }
    }
    b.finish()
}

fn import_task(b: &mut ImportBuilder, f: &InFile, i: usize, t: &Value, now: DateTime<Utc>) {
    let file = f.name.as_str();
    let tid = t
        .get("id")
        .map(|v| v.to_string().trim_matches('"').to_string())
        .unwrap_or_else(|| (i + 1).to_string());
    let what = format!("task {} (id {tid})", i + 1);
    let Some(text) = t
        .get("data")
        .and_then(|d| d.get("text"))
        .and_then(Value::as_str)
    else {
        b.report.error(
            file,
            None,
            format!("{what}: no data.text string; task skipped"),
        );
        return;
    };
    let stem = std::path::Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "label-studio".into());
    let name = t
        .get("data")
        .and_then(|d| d.get("document").or_else(|| d.get("name")))
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| format!("{stem}-{tid}"));
    let doc_id = b.add_document(&name, text.to_string(), f.container_provenance(now));
    let doc = b.project().document(&doc_id).expect("just added").clone();
    let t_ctx = Task {
        file,
        what: what.clone(),
        doc,
        doc_id,
    };
    let mut results: Vec<&Value> = Vec::new();
    for key in ["annotations", "completions", "predictions"] {
        for a in t.get(key).and_then(Value::as_array).into_iter().flatten() {
            results.extend(
                a.get("result")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten(),
            );
        }
    }
    let mut by_region: HashMap<String, MentionId> = HashMap::new();
    let mut relations = Vec::new();
    let mut skipped: HashMap<String, usize> = HashMap::new();
    for r in results {
        match r.get("type").and_then(Value::as_str) {
            Some("labels") | Some("hypertextlabels") => {}
            Some("relation") => {
                relations.push(r);
                continue;
            }
            other => {
                *skipped
                    .entry(other.unwrap_or("(no type)").to_string())
                    .or_insert(0) += 1;
                continue;
            }
        }
        region(b, &t_ctx, r, &mut by_region);
    }
    for (ty, n) in skipped {
        b.report.loss(
            "result not imported",
            file,
            format!("{what}: {n} result(s) of type '{ty}' (Weft imports labels and relations)"),
        );
    }
    for r in relations {
        relation(b, &t_ctx, r, &by_region);
    }
}

/// A task being imported: its file, how reports name it, and its document.
struct Task<'a> {
    file: &'a str,
    what: String,
    doc: crate::model::Document,
    doc_id: crate::model::DocId,
}

/// A `labels` region: one mention per label, placed by its `value.text` when the offsets miss it.
fn region(b: &mut ImportBuilder, t: &Task, r: &Value, by_region: &mut HashMap<String, MentionId>) {
    let (file, what, doc, doc_id) = (t.file, &t.what, &t.doc, &t.doc_id);
    let v = r.get("value");
    let s = v.and_then(|v| v.get("start")).and_then(Value::as_u64);
    let e = v.and_then(|v| v.get("end")).and_then(Value::as_u64);
    let labels: Vec<&str> = v
        .and_then(|v| v.get("labels"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let (Some(s), Some(e)) = (s, e) else {
        b.report.error(
            file,
            None,
            format!(
                "{what}: region {} lacks value.start or value.end (numbers)",
                r
            ),
        );
        return;
    };
    if labels.is_empty() {
        b.report.error(
            file,
            None,
            format!("{what}: region {s}..{e} has no value.labels"),
        );
        return;
    }
    let quoted = v.and_then(|v| v.get("text")).and_then(Value::as_str);
    let range = match resolve_range(doc, s as usize, e as usize, quoted) {
        Ok((r, Placed::AsGiven(unit))) => {
            if unit == OffsetUnit::Utf16CodeUnits {
                b.report.note(
                    "UTF-16 offsets",
                    file,
                    format!("{what}: region {s}..{e} matches its text only when counted in UTF-16 units (older Label Studio); read that way"),
                );
            }
            r
        }
        Ok((r, Placed::Moved { start, end, found })) => {
            b.report.push(
                Severity::Warning,
                "moved to its quoted text",
                file,
                None,
                format!("{what}: region {s}..{e} covers '{found}', not '{}' as its value.text says; placed at {start}..{end}, where that text is", quoted.unwrap_or_default()),
            );
            r
        }
        Err(msg) => {
            b.report.error(file, None, format!("{what}: {msg}"));
            return;
        }
    };
    let region_id = r.get("id").and_then(Value::as_str).map(str::to_string);
    for label in labels {
        let Some(type_key) = b.ensure_type(label, TypeKind::Entity) else {
            continue;
        };
        if let Some(mid) = b.add_mention(doc_id, type_key, vec![range], None, file, None)
            && let Some(id) = &region_id
        {
            by_region.entry(id.clone()).or_insert(mid);
        }
    }
}

/// A `relation` item between two imported regions (`left` reversed, `bi` read as `right`).
fn relation(b: &mut ImportBuilder, t: &Task, r: &Value, by_region: &HashMap<String, MentionId>) {
    let (file, what) = (t.file, &t.what);
    let from = r.get("from_id").and_then(Value::as_str);
    let to = r.get("to_id").and_then(Value::as_str);
    let (Some(from), Some(to)) = (from, to) else {
        b.report.error(
            file,
            None,
            format!("{what}: relation lacks from_id or to_id"),
        );
        return;
    };
    let (Some(a), Some(c)) = (by_region.get(from), by_region.get(to)) else {
        b.report.error(
            file,
            None,
            format!("{what}: relation {from} → {to} refers to a region that is missing or was not imported"),
        );
        return;
    };
    let (a, c) = match r.get("direction").and_then(Value::as_str) {
        Some("left") => (c, a),
        Some("bi") => {
            b.report.note(
                "bidirectional relation",
                file,
                format!(
                    "{what}: relation {from} ↔ {to} is bidirectional; imported from {from} to {to}"
                ),
            );
            (a, c)
        }
        _ => (a, c),
    };
    let label = r
        .get("labels")
        .and_then(Value::as_array)
        .and_then(|l| l.first())
        .and_then(Value::as_str)
        .unwrap_or("related");
    let Some(key) = b.ensure_relation_type(label, false) else {
        return;
    };
    let rel = Relation {
        layer: Default::default(),
        id: b.ids.relation_id(),
        type_key: key,
        from: Endpoint::Mention(a.clone()),
        to: Endpoint::Mention(c.clone()),
        attributes: Default::default(),
        note: String::new(),
    };
    if b.push_link(Edit::InsertRelation(rel), file, None) {
        b.report.count("relations", 1);
    }
}

/// Where a region ended up.
enum Placed {
    /// At its offsets, read in this unit.
    AsGiven(OffsetUnit),
    /// Moved (code points) to where its quoted text is; `found` is what the offsets covered.
    Moved {
        start: usize,
        end: usize,
        found: String,
    },
}

/// The byte range of a region: code points, unless only UTF-16 units give the quoted text;
/// when neither does, the quoted text near the offsets ([`quote`]), or an error.
fn resolve_range(
    doc: &crate::model::Document,
    s: usize,
    e: usize,
    quoted: Option<&str>,
) -> Result<(TextRange, Placed), String> {
    let text = doc.text();
    let idx = doc.index();
    let cp = idx.range_from(text, s, e, OffsetUnit::UnicodeCodePoints);
    let Some(q) = quoted.filter(|q| !q.is_empty()) else {
        return cp
            .map(|r| (r, Placed::AsGiven(OffsetUnit::UnicodeCodePoints)))
            .map_err(|err| format!("region {s}..{e}: {err}"));
    };
    if let Ok(r) = &cp
        && quote::same_text(r.slice(text), q)
    {
        return Ok((*r, Placed::AsGiven(OffsetUnit::UnicodeCodePoints)));
    }
    if let Ok(u) = idx.range_from(text, s, e, OffsetUnit::Utf16CodeUnits)
        && quote::same_text(u.slice(text), q)
    {
        return Ok((u, Placed::AsGiven(OffsetUnit::Utf16CodeUnits)));
    }
    let view: Vec<char> = text.chars().collect();
    let found = match &cp {
        Ok(r) => format!("'{}'", r.slice(text)),
        Err(err) => err.to_string(),
    };
    match quote::relocate(&view, &[(s, e)], q, quote::WINDOW) {
        Some(v) => {
            let (ns, ne) = v[0];
            let r = idx
                .range_from(text, ns, ne, OffsetUnit::UnicodeCodePoints)
                .map_err(|err| format!("region {s}..{e}: {err}"))?;
            Ok((
                r,
                Placed::Moved {
                    start: ns,
                    end: ne,
                    found: found.trim_matches('\'').to_string(),
                },
            ))
        }
        None => Err(format!(
            "region {s}..{e} covers {found}, but its value.text says '{q}', which is not within {} characters; refused (a mention is never put on other words)",
            quote::WINDOW
        )),
    }
}
