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

    #[test]
    fn context_stays_on_the_line_and_counts_chars() {
        let t = "first line\nthe général Pinochet spoke\nlast";
        let s = t.find("Pinochet").unwrap();
        let (b, a) = context(t, s, s + 8, 8);
        assert_eq!(b, "général ");
        assert_eq!(a, " spoke");
    }
}
