//! The curation view's rows as plain data: for each disagreement, its kind, its document and
//! each layer's version in words, side by side, and the curation layer's. A membership item
//! is one row saying which mentions each layer put together ("put together 'Marta Ibáñez' +
//! 'Vidal'"), however many mentions it holds.

use crate::curation::{Disagreements, Item, Version};
use crate::model::Project;

/// One disagreement as the curation view shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub kind: &'static str,
    /// The document's name (empty for an item in none, e.g. a relation between entities).
    pub doc: String,
    /// (layer name, its version in words), in the order of the compared layers.
    pub versions: Vec<(String, String)>,
    /// The curation layer's version in words.
    pub curation: String,
    pub settled: bool,
}

/// How many words of a long version are shown before "and N more".
const SHOWN: usize = 6;

fn capped(mut parts: Vec<String>, sep: &str) -> String {
    let more = parts.len().saturating_sub(SHOWN);
    parts.truncate(SHOWN);
    let mut s = parts.join(sep);
    if more > 0 {
        s.push_str(&format!("{sep}and {more} more"));
    }
    s
}

/// A version in words: "'Colonel Vidal' PERSON", "put together 'Marta Ibáñez' + 'Vidal'",
/// "opposes: 'Vidal' -> 'Army'"; "nothing" when the layer says nothing there.
pub fn version_text(v: &Version) -> String {
    if v.is_empty() {
        return "nothing".into();
    }
    match v {
        Version::Mentions(ms) => capped(
            ms.iter()
                .map(|m| format!("'{}' {}", m.text, m.type_key))
                .collect(),
            "; ",
        ),
        Version::Blocks(bs) => capped(
            bs.iter()
                .map(|b| {
                    // The core gives the members' words quoted already.
                    let members: Vec<String> = b.members.clone();
                    if members.len() == 1 {
                        format!("{} alone ({})", members[0], b.name)
                    } else {
                        format!("put together {} ({})", capped(members, " + "), b.name)
                    }
                })
                .collect(),
            "; ",
        ),
        // The workbench's default font has no arrow glyphs: "->" and "<-" read the same.
        Version::Links(ls) => capped(
            ls.iter()
                .map(|l| {
                    format!(
                        "{}: {}",
                        l.label,
                        l.ends.replace('\u{2192}', "->").replace('\u{2190}', "<-")
                    )
                })
                .collect(),
            "; ",
        ),
    }
}

/// The row of `item` (of `d`, listed over `p`).
pub fn row(p: &Project, d: &Disagreements, item: &Item) -> Row {
    Row {
        kind: item.kind.name(),
        doc: item
            .doc
            .as_ref()
            .and_then(|id| p.document(id))
            .map(|doc| doc.name.clone())
            .unwrap_or_default(),
        versions: d
            .layers
            .iter()
            .zip(&item.versions)
            .map(|(l, v)| (l.to_string(), version_text(v)))
            .collect(),
        curation: version_text(&item.curation),
        settled: item.settled,
    }
}

/// One line of the list: "type · x · Anna: 'Puerto Sol' PLACE | Ben: 'Puerto Sol' ORG".
pub fn line(r: &Row) -> String {
    let versions: Vec<String> = r
        .versions
        .iter()
        .map(|(l, v)| format!("{l}: {v}"))
        .collect();
    let mark = if r.settled { "settled · " } else { "" };
    format!("{mark}{} · {} · {}", r.kind, r.doc, versions.join(" | "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curation::{Block, LinkVersion, MentionVersion};
    use crate::model::{ClusterId, DocId, MentionId};

    fn mention(text: &str, ty: &str) -> MentionVersion {
        MentionVersion {
            id: MentionId::new("m"),
            doc: DocId::new("d"),
            fragments: Vec::new(),
            type_key: ty.into(),
            text: text.into(),
        }
    }

    #[test]
    fn versions_read_as_words_and_a_cluster_is_one_line() {
        assert_eq!(version_text(&Version::Mentions(vec![])), "nothing");
        assert_eq!(
            version_text(&Version::Mentions(vec![mention("Puerto Sol", "ORG")])),
            "'Puerto Sol' ORG"
        );
        let block = |names: &[&str]| Block {
            cluster: ClusterId::new("c"),
            name: "Marta".into(),
            members: names.iter().map(|n| format!("'{n}'")).collect(),
        };
        assert_eq!(
            version_text(&Version::Blocks(vec![block(&["Marta Ibáñez", "Vidal"])])),
            "put together 'Marta Ibáñez' + 'Vidal' (Marta)"
        );
        let many: Vec<String> = (0..60).map(|i| format!("m{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let t = version_text(&Version::Blocks(vec![block(&many)]));
        assert!(t.ends_with("'m5' + and 54 more (Marta)"), "{t}");
        assert_eq!(
            version_text(&Version::Links(vec![LinkVersion {
                label: "opposes".into(),
                ends: "'Vidal' → 'Army'".into()
            }])),
            "opposes: 'Vidal' -> 'Army'"
        );
        let r = Row {
            kind: "type",
            doc: "x".into(),
            versions: vec![
                ("Anna".into(), "'Puerto Sol' PLACE".into()),
                ("Ben".into(), "'Puerto Sol' ORG".into()),
            ],
            curation: "nothing".into(),
            settled: true,
        };
        assert_eq!(
            line(&r),
            "settled · type · x · Anna: 'Puerto Sol' PLACE | Ben: 'Puerto Sol' ORG"
        );
    }
}
