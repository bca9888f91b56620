//! Accessible names: what a screen reader says for things the workbench draws itself (the
//! document view's mentions), as plain strings built from the project.

use crate::edit::ops::excerpt;
use crate::model::{Mention, Project, TypeKind};
use std::collections::BTreeSet;

/// The longest covered text a mention's name quotes (characters).
const QUOTE_CHARS: usize = 60;

/// The accessible name of a mention: its type, its text, and the entity or event it refers to
/// with the number of documents that entity or event is mentioned in — "Person: Augusto
/// Pinochet (entity Augusto Pinochet, 3 documents)"; an unlinked mention says so ("Place:
/// Lima (not linked)").
pub fn mention_name(project: &Project, m: &Mention) -> String {
    let def = project.schema().type_def(&m.type_key);
    let type_name = def.map_or(m.type_key.as_str(), |t| t.name.as_str());
    let text = project
        .document(&m.doc)
        .map(|d| excerpt(&m.covered_text(d.text()), QUOTE_CHARS))
        .unwrap_or_default();
    let Some(c) = m.cluster.as_ref().and_then(|c| project.cluster(c)) else {
        return format!("{type_name}: {text} (not linked)");
    };
    let kind = match def.map(|t| t.kind) {
        Some(TypeKind::Event) => "event",
        _ => "entity",
    };
    let docs: BTreeSet<_> = project.members(&c.id).map(|x| &x.doc).collect();
    let n = docs.len();
    let documents = if n == 1 { "document" } else { "documents" };
    format!("{type_name}: {text} ({kind} {}, {n} {documents})", c.name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{self, Edit, ops};
    use crate::model::{ClusterId, DocId, Document, MentionId, Provenance, Schema, TextRange};
    use chrono::TimeZone;

    #[test]
    fn a_mention_is_named_by_type_text_entity_and_its_documents() {
        let mut p = Project::new("t", Schema::default_news());
        let texts = [
            "Augusto Pinochet spoke.",
            "Later Augusto Pinochet left.",
            "In Lima.",
        ];
        for (i, text) in texts.iter().enumerate() {
            let id = format!("d{i}");
            let doc = Document::new(DocId::new(&id), &id, *text, Provenance::default());
            edit::apply(&mut p, Edit::InsertDocument { index: i, doc }).unwrap();
        }
        let t = chrono::Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let tag = |p: &mut Project, doc: &str, word: &str, ty: &str, id: &str| {
            let text = p.document(&DocId::new(doc)).unwrap().text().to_string();
            let s = text.find(word).unwrap();
            let r = TextRange::new(&text, s, s + word.len()).unwrap();
            let (e, _) =
                ops::tag(p, MentionId::new(id), &DocId::new(doc), vec![r], ty, "t", t).unwrap();
            edit::apply(p, e).unwrap();
        };
        tag(&mut p, "d0", "Augusto Pinochet", "PERSON", "m0");
        tag(&mut p, "d1", "Augusto Pinochet", "PERSON", "m1");
        tag(&mut p, "d2", "Lima", "PLACE", "m2");
        let c = ClusterId::new("c_p");
        let (e, _) = ops::new_cluster_from(&p, &MentionId::new("m0"), c.clone(), t).unwrap();
        edit::apply(&mut p, e).unwrap();
        let (e, _) = ops::link(&p, &MentionId::new("m1"), Some(&c), t).unwrap();
        edit::apply(&mut p, e).unwrap();
        let m0 = p.mention(&MentionId::new("m0")).unwrap();
        assert_eq!(
            mention_name(&p, m0),
            "Person: Augusto Pinochet (entity Augusto Pinochet, 2 documents)"
        );
        let m2 = p.mention(&MentionId::new("m2")).unwrap();
        assert_eq!(mention_name(&p, m2), "Place: Lima (not linked)");
    }
}
