//! The read-only reporting commands: `weft stats` (counts, and the Statistics window's figures)
//! and `weft timeline` (every event with its dates, as CSV or JSON).

use crate::model::TypeKind;
use crate::store::{self, ProjectFolder};
use anyhow::{Context, Result};
use std::path::Path;

/// Project statistics as JSON.
pub fn stats(project: &crate::model::Project) -> serde_json::Value {
    let counts = store::type_counts(project);
    let kind = |k: TypeKind| {
        project
            .clusters()
            .filter(|c| project.schema().type_def(&c.type_key).map(|t| t.kind) == Some(k))
            .count()
    };
    let cross = project
        .relations()
        .filter(|r| {
            let d = |e: &crate::model::Endpoint| {
                e.mention()
                    .and_then(|m| project.mention(m))
                    .map(|m| m.doc.clone())
            };
            d(&r.from) != d(&r.to)
        })
        .count();
    let docs: Vec<serde_json::Value> = project
        .documents()
        .iter()
        .map(|d| {
            serde_json::json!({
                "name": d.name,
                "code_points": d.index().len_chars(),
                "mentions": project.mention_count(&d.id),
            })
        })
        .collect();
    serde_json::json!({
        "project": project.name,
        "documents": docs,
        "mentions": project.mentions().count(),
        "mentions_by_type": counts,
        "entities": kind(TypeKind::Entity),
        "events": kind(TypeKind::Event),
        "linked_mentions": project.mentions().filter(|m| m.cluster.is_some()).count(),
        "relations": project.relations().count(),
        "cross_document_relations": cross,
        "arguments": project.arguments().count(),
        // Entities and events that carry an identifier in an outside knowledge base.
        "external_ids": project
            .clusters()
            .filter(|c| c.external_id.is_some())
            .count(),
        "rejected_suggestions": project.rejected_suggestions().count(),
    })
}

/// `weft stats --json`: the counts plus the statistics window's figures under `"views"`
/// (the same struct the window draws).
pub(super) fn with_view_stats(
    mut stats: serde_json::Value,
    project: &crate::model::Project,
) -> Result<serde_json::Value> {
    let views = serde_json::to_value(crate::ui::view_model::stats::build(project))?;
    if let Some(o) = stats.as_object_mut() {
        o.insert("views".into(), views);
    }
    Ok(stats)
}

/// `weft timeline`: the whole timeline (no filter) as CSV or JSON, to standard output or a
/// file written atomically.
pub(super) fn timeline(path: &Path, csv: bool, output: Option<&Path>) -> Result<()> {
    use crate::temporal::{self, timeline};
    let (project, _) = ProjectFolder::load(path).map_err(|e| anyhow::anyhow!("{e}"))?;
    let t = timeline::build(&project, &timeline::Filter::default());
    let text = if csv {
        temporal::timeline_csv(&project, &t)
    } else {
        serde_json::to_string_pretty(&temporal::timeline_json(&project, &t))? + "\n"
    };
    match output {
        None => print!("{text}"),
        Some(out) => {
            store::atomic::write_atomic(out, text.as_bytes())
                .with_context(|| format!("cannot write {}", out.display()))?;
            eprintln!(
                "wrote the timeline of {} ({} events, {} without a time) to {}",
                path.display(),
                t.rows.len(),
                t.untimed.len(),
                out.display()
            );
        }
    }
    for p in &t.problems {
        eprintln!("warning: {}: {}", p.event.id(), p.message);
    }
    Ok(())
}

pub(super) fn stats_table(s: &serde_json::Value) -> String {
    let mut out = format!(
        "project            {}\n",
        s["project"].as_str().unwrap_or("")
    );
    out += &format!(
        "documents          {}\n",
        s["documents"].as_array().map(|a| a.len()).unwrap_or(0)
    );
    for d in s["documents"].as_array().into_iter().flatten() {
        out += &format!(
            "  {:<30} {:>8} chars {:>6} mentions\n",
            d["name"].as_str().unwrap_or(""),
            d["code_points"],
            d["mentions"]
        );
    }
    out += &format!("mentions           {}\n", s["mentions"]);
    if let Some(m) = s["mentions_by_type"].as_object() {
        for (k, v) in m {
            out += &format!("  {k:<16} {v}\n");
        }
    }
    for key in [
        "linked_mentions",
        "entities",
        "events",
        "relations",
        "cross_document_relations",
        "arguments",
        "external_ids",
        "rejected_suggestions",
    ] {
        out += &format!("{:<18} {}\n", key.replace('_', " "), s[key]);
    }
    out
}
