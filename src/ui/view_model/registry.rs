//! The registry's data: every entity and event of the corpus as a row (filtered by name and
//! type, with its mentions per document), and an opened one's mentions with a line of context
//! each. Built before anything is drawn.

use crate::model::{ClusterId, DocId, MentionId, Project, TypeKind};

/// One entity or event in the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistryRow {
    pub id: ClusterId,
    pub name: String,
    pub type_key: String,
    pub type_name: String,
    pub kind: Option<TypeKind>,
    pub external_id: Option<String>,
    /// (document name, mentions there), in document order; documents without any left out.
    pub per_doc: Vec<(String, usize)>,
    pub total: usize,
}

/// One mention of an opened entity or event, with a line of context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MentionRow {
    pub id: MentionId,
    pub doc: DocId,
    pub doc_name: String,
    /// Byte offset of the mention in its document.
    pub start: usize,
    pub before: String,
    pub covered: String,
    pub after: String,
}

/// Entities and events whose name (or type name) matches `filter` (case-insensitive substring)
/// and whose type is `type_filter` (if given), sorted by name.
pub fn rows(p: &Project, filter: &str, type_filter: Option<&str>) -> Vec<RegistryRow> {
    let needle = filter.trim().to_lowercase();
    let mut out: Vec<RegistryRow> = p
        .clusters()
        .filter(|c| type_filter.is_none_or(|t| t == c.type_key))
        .filter_map(|c| {
            let def = p.schema().type_def(&c.type_key);
            let type_name = def.map(|d| d.name.clone()).unwrap_or(c.type_key.clone());
            let hay = format!(
                "{} {} {}",
                c.name,
                type_name,
                c.external_id.as_deref().unwrap_or("")
            )
            .to_lowercase();
            if !needle.is_empty() && !hay.contains(&needle) {
                return None;
            }
            let mut per_doc = Vec::new();
            let mut total = 0;
            for d in p.documents() {
                let n = p.members(&c.id).filter(|m| m.doc == d.id).count();
                if n > 0 {
                    per_doc.push((d.name.clone(), n));
                    total += n;
                }
            }
            Some(RegistryRow {
                id: c.id.clone(),
                name: c.name.clone(),
                type_key: c.type_key.clone(),
                type_name,
                kind: def.map(|d| d.kind),
                external_id: c.external_id.clone(),
                per_doc,
                total,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.id.cmp(&b.id))
    });
    out
}

/// Up to `chars` characters of `text` before `start` and after `end`, on the same line.
pub fn context(text: &str, start: usize, end: usize, chars: usize) -> (String, String) {
    let line_start = text[..start].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line_end = text[end..]
        .find('\n')
        .map(|i| end + i)
        .unwrap_or(text.len());
    let before: Vec<char> = text[line_start..start].chars().collect();
    let before: String = before[before.len().saturating_sub(chars)..]
        .iter()
        .collect();
    let after: String = text[end..line_end].chars().take(chars).collect();
    let flat = |s: String| s.replace(['\t', '\r'], " ");
    (flat(before), flat(after))
}

/// Every mention of `cluster`, in document order then text order, with context.
pub fn mention_rows(p: &Project, cluster: &ClusterId) -> Vec<MentionRow> {
    let mut out: Vec<(usize, MentionRow)> = p
        .members(cluster)
        .filter_map(|m| {
            let d = p.document(&m.doc)?;
            let (before, after) = context(d.text(), m.start(), m.end(), 36);
            Some((
                p.document_position(&m.doc).unwrap_or(usize::MAX),
                MentionRow {
                    id: m.id.clone(),
                    doc: m.doc.clone(),
                    doc_name: d.name.clone(),
                    start: m.start(),
                    before,
                    covered: crate::edit::ops::excerpt(&m.covered_text(d.text()), 60),
                    after,
                },
            ))
        })
        .collect();
    out.sort_by(|a, b| (a.0, a.1.start, &a.1.id).cmp(&(b.0, b.1.start, &b.1.id)));
    out.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{self, Edit, ops};
    use crate::model::{Document, Provenance, Schema, TextRange};
    use chrono::TimeZone;

    /// Two documents; "Ana" in both linked to one entity, "Luis" to another.
    fn project() -> Project {
        let mut p = Project::new("t", Schema::default_news());
        let texts = [
            ("d_a", "a", "Ana met Luis.\nAna left."),
            ("d_b", "b", "Then Ana wrote."),
        ];
        for (i, (id, name, text)) in texts.into_iter().enumerate() {
            let doc = Document::new(DocId::new(id), name, text, Provenance::default());
            edit::apply(&mut p, Edit::InsertDocument { index: i, doc }).unwrap();
        }
        let t = chrono::Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let tag = |p: &mut Project, doc: &str, word: &str, nth: usize, id: &str| {
            let text = p.document(&DocId::new(doc)).unwrap().text().to_string();
            let s = text.match_indices(word).nth(nth).unwrap().0;
            let r = TextRange::new(&text, s, s + word.len()).unwrap();
            let (e, _) = ops::tag(
                p,
                MentionId::new(id),
                &DocId::new(doc),
                vec![r],
                "PERSON",
                "t",
                t,
            )
            .unwrap();
            edit::apply(p, e).unwrap();
        };
        tag(&mut p, "d_a", "Ana", 0, "m_1");
        tag(&mut p, "d_a", "Luis", 0, "m_2");
        tag(&mut p, "d_a", "Ana", 1, "m_3");
        tag(&mut p, "d_b", "Ana", 0, "m_4");
        let (e, _) =
            ops::new_cluster_from(&p, &MentionId::new("m_1"), ClusterId::new("c_ana"), t).unwrap();
        edit::apply(&mut p, e).unwrap();
        let (e, _) =
            ops::new_cluster_from(&p, &MentionId::new("m_2"), ClusterId::new("c_luis"), t).unwrap();
        edit::apply(&mut p, e).unwrap();
        for m in ["m_3", "m_4"] {
            let (e, _) =
                ops::link(&p, &MentionId::new(m), Some(&ClusterId::new("c_ana")), t).unwrap();
            edit::apply(&mut p, e).unwrap();
        }
        p
    }

    #[test]
    fn rows_are_filtered_sorted_and_counted_per_document() {
        let p = project();
        let all = rows(&p, "", None);
        let names: Vec<&str> = all.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["Ana", "Luis"]);
        assert_eq!(
            all[0].per_doc,
            vec![("a".to_string(), 2), ("b".to_string(), 1)]
        );
        assert_eq!(all[0].total, 3);
        assert_eq!(
            rows(&p, "lu", None).len(),
            1,
            "case-insensitive name filter"
        );
        assert_eq!(
            rows(&p, "person", None).len(),
            2,
            "the type name matches too"
        );
        assert!(rows(&p, "", Some("ORG")).is_empty());
    }

    #[test]
    fn an_entitys_mentions_come_in_document_then_text_order_with_context() {
        let p = project();
        let list = mention_rows(&p, &ClusterId::new("c_ana"));
        let ids: Vec<&str> = list.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["m_1", "m_3", "m_4"]);
        assert_eq!(list[0].after, " met Luis.", "context stays on the line");
        assert_eq!(list[1].before, "");
        assert_eq!(list[2].doc_name, "b");
    }

    #[test]
    fn context_stays_on_the_line_and_counts_chars() {
        let t = "first line\nthe général Pinochet spoke\nlast";
        let s = t.find("Pinochet").unwrap();
        let (b, a) = context(t, s, s + 8, 8);
        assert_eq!(b, "général ");
        assert_eq!(a, " spoke");
    }
}
