//! Comparing two layers of one document (the compare view: layer A in the left pane, B in the
//! right one): the differences as marks on each pane and as rows of a list. Plain data, pure.
//!
//! Mentions are matched by **identity**: the same document and the same fragments (byte
//! ranges), whatever their type — as the curation core and the agreement report match them.
//!
//! * **only in A** / **only in B**: an identity one layer has and the other has not (marked on
//!   the pane of the layer that has it);
//! * **other type**: both have it, with different types (marked on both panes);
//! * **other entity**: both have it with the same type, but in a different entity or event:
//!   the other mentions (identities, in any document) its cluster holds are not the same in
//!   both layers, an unlinked mention holding none (marked on both panes).

use super::colour::Rgb;
use crate::model::{DocId, Layer, Mention, Project};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

/// What kind of difference a mark shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DiffKind {
    OnlyInA,
    OnlyInB,
    OtherType,
    OtherEntity,
}

impl DiffKind {
    /// In words, for the list and the accessible names ("only in A").
    pub fn name(self) -> &'static str {
        match self {
            DiffKind::OnlyInA => "only in A",
            DiffKind::OnlyInB => "only in B",
            DiffKind::OtherType => "same span, different type",
            DiffKind::OtherEntity => "same mention, different entity",
        }
    }

    /// The colour its marks are drawn in.
    pub fn colour(self) -> Rgb {
        match self {
            DiffKind::OnlyInA => Rgb(230, 120, 30),
            DiffKind::OnlyInB => Rgb(40, 140, 230),
            DiffKind::OtherType => Rgb(200, 60, 200),
            DiffKind::OtherEntity => Rgb(20, 170, 150),
        }
    }
}

/// One mark drawn on a pane: the fragments of the mention that differs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffMark {
    /// UTF-8 byte range of the document (one per fragment).
    pub range: Range<usize>,
    pub kind: DiffKind,
}

/// One difference as the list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffRow {
    pub kind: DiffKind,
    /// Where it starts (bytes), for jumping there.
    pub start: usize,
    /// The covered words.
    pub text: String,
    /// "A: PERSON · B: ORG", "A: with 'Vidal' · B: alone".
    pub detail: String,
}

/// The differences between layers `a` and `b` in one document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Comparison {
    /// Marks on A's pane, in document order.
    pub marks_a: Vec<DiffMark>,
    /// Marks on B's pane, in document order.
    pub marks_b: Vec<DiffMark>,
    /// One row per difference, in document order.
    pub rows: Vec<DiffRow>,
}

impl Comparison {
    /// How many differences of `kind` there are.
    pub fn count(&self, kind: DiffKind) -> usize {
        self.rows.iter().filter(|r| r.kind == kind).count()
    }

    /// "4 differences: 1 only in A, 1 only in B, 1 same span, different type, 1 same
    /// mention, different entity".
    pub fn summary(&self) -> String {
        let kinds = [
            DiffKind::OnlyInA,
            DiffKind::OnlyInB,
            DiffKind::OtherType,
            DiffKind::OtherEntity,
        ];
        let parts: Vec<String> = kinds
            .iter()
            .map(|k| format!("{} {}", self.count(*k), k.name()))
            .collect();
        let n = self.rows.len();
        format!(
            "{n} difference{}: {}",
            if n == 1 { "" } else { "s" },
            parts.join(", ")
        )
    }
}

/// A mention's identity: its document and fragments.
type Ident = (DocId, Vec<(usize, usize)>);

fn ident(m: &Mention) -> Ident {
    (
        m.doc.clone(),
        m.fragments.iter().map(|f| (f.start(), f.end())).collect(),
    )
}

/// The identities of the other members of `m`'s cluster (empty when unlinked).
fn partners(p: &Project, m: &Mention) -> BTreeSet<Ident> {
    let me = ident(m);
    m.cluster
        .as_ref()
        .map(|c| p.members(c).map(ident).filter(|i| *i != me).collect())
        .unwrap_or_default()
}

/// The partners in words: "with 'Vidal', 'Marta Ibáñez'" or "alone".
fn partner_words(p: &Project, set: &BTreeSet<Ident>) -> String {
    if set.is_empty() {
        return "alone".into();
    }
    let words: Vec<String> = set
        .iter()
        .take(4)
        .map(|(doc, frs)| {
            let text = p.document(doc).map(|d| d.text()).unwrap_or_default();
            let w: Vec<&str> = frs.iter().filter_map(|(s, e)| text.get(*s..*e)).collect();
            format!("'{}'", w.join(" … "))
        })
        .collect();
    let more = set.len().saturating_sub(4);
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    format!("with {}{more}", words.join(", "))
}

/// The mentions of `layer` in `doc` by identity (the first of duplicates).
fn by_ident<'a>(p: &'a Project, doc: &DocId, layer: &'a Layer) -> BTreeMap<Ident, &'a Mention> {
    let mut out = BTreeMap::new();
    for m in p.mentions_in_layer(doc, layer) {
        out.entry(ident(m)).or_insert(m);
    }
    out
}

/// The differences between the mentions of layers `a` and `b` in `doc` (see the module
/// documentation). Costs the two layers' mentions of the document plus their clusters.
pub fn compare(p: &Project, doc: &DocId, a: &Layer, b: &Layer) -> Comparison {
    let text = p.document(doc).map(|d| d.text()).unwrap_or_default();
    let (ma, mb) = (by_ident(p, doc, a), by_ident(p, doc, b));
    let keys: BTreeSet<&Ident> = ma.keys().chain(mb.keys()).collect();
    let mut out = Comparison::default();
    for key in keys {
        let words: Vec<&str> = key.1.iter().filter_map(|(s, e)| text.get(*s..*e)).collect();
        let ranges = || key.1.iter().map(|(s, e)| *s..*e);
        let (kind, detail) = match (ma.get(key), mb.get(key)) {
            (Some(x), None) => (DiffKind::OnlyInA, format!("A: {} · B: none", x.type_key)),
            (None, Some(y)) => (DiffKind::OnlyInB, format!("A: none · B: {}", y.type_key)),
            (Some(x), Some(y)) if x.type_key != y.type_key => (
                DiffKind::OtherType,
                format!("A: {} · B: {}", x.type_key, y.type_key),
            ),
            (Some(x), Some(y)) => {
                let (px, py) = (partners(p, x), partners(p, y));
                if px == py {
                    continue;
                }
                let detail = format!(
                    "A: {} · B: {}",
                    partner_words(p, &px),
                    partner_words(p, &py)
                );
                (DiffKind::OtherEntity, detail)
            }
            (None, None) => continue,
        };
        let mark = |range| DiffMark { range, kind };
        if kind != DiffKind::OnlyInB {
            out.marks_a.extend(ranges().map(mark));
        }
        if kind != DiffKind::OnlyInA {
            out.marks_b.extend(ranges().map(mark));
        }
        out.rows.push(DiffRow {
            kind,
            start: key.1.first().map_or(0, |f| f.0),
            text: words.join(" … "),
            detail,
        });
    }
    out.rows.sort_by_key(|r| (r.start, r.kind));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{self, Edit, ops};
    use crate::model::{ClusterId, Document, MentionId, Provenance, Schema, TextRange};
    use chrono::TimeZone;

    const T: &str = "Rosa Vega saw Tomás Gil near Villa Clara at dawn.";

    /// Tags `word` as `ty` in `layer` (linked to `cluster` when given).
    fn tag(p: &mut Project, layer: &str, word: &str, ty: &str, cluster: Option<&str>) {
        p.set_working_layer(Layer::annotator(layer).unwrap());
        let t = chrono::Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let s = T.find(word).unwrap();
        let r = TextRange::new(T, s, s + word.len()).unwrap();
        let id = MentionId::new(format!("m_{layer}_{s}_{}", word.len()));
        let (e, _) = ops::tag(p, id.clone(), &DocId::new("d"), vec![r], ty, layer, t).unwrap();
        edit::apply(p, e).unwrap();
        if let Some(c) = cluster {
            let c = ClusterId::new(format!("c_{layer}_{c}"));
            let e = if p.cluster(&c).is_some() {
                ops::link(p, &id, Some(&c), t)
            } else {
                ops::new_cluster_from(p, &id, c, t)
            };
            edit::apply(p, e.unwrap().0).unwrap();
        }
    }

    fn project() -> Project {
        let mut p = Project::new("t", Schema::default_news());
        let doc = Document::new(DocId::new("d"), "d", T, Provenance::default());
        edit::apply(&mut p, Edit::InsertDocument { index: 0, doc }).unwrap();
        p
    }

    #[test]
    fn identical_layers_differ_nowhere() {
        let mut p = project();
        for l in ["A", "B"] {
            tag(&mut p, l, "Rosa Vega", "PERSON", Some("x"));
            tag(&mut p, l, "Tomás Gil", "PERSON", Some("x"));
        }
        let c = compare(
            &p,
            &DocId::new("d"),
            &Layer::annotator("A").unwrap(),
            &Layer::annotator("B").unwrap(),
        );
        assert_eq!(c, Comparison::default());
        assert!(c.summary().starts_with("0 differences"));
    }

    #[test]
    fn each_kind_is_marked_on_the_right_panes() {
        let mut p = project();
        // Both: "Rosa Vega" PERSON; A links it with "Tomás Gil", B leaves both alone.
        tag(&mut p, "A", "Rosa Vega", "PERSON", Some("x"));
        tag(&mut p, "A", "Tomás Gil", "PERSON", Some("x"));
        tag(&mut p, "B", "Rosa Vega", "PERSON", None);
        tag(&mut p, "B", "Tomás Gil", "PERSON", None);
        // Type: "Villa Clara" PLACE in A, ORG in B.
        tag(&mut p, "A", "Villa Clara", "PLACE", None);
        tag(&mut p, "B", "Villa Clara", "ORG", None);
        // Only in A: "dawn"; only in B: "Villa" (another span).
        tag(&mut p, "A", "dawn", "DATE", None);
        tag(&mut p, "B", "Villa", "PLACE", None);
        let (a, b) = (
            Layer::annotator("A").unwrap(),
            Layer::annotator("B").unwrap(),
        );
        let c = compare(&p, &DocId::new("d"), &a, &b);
        let rows: Vec<(DiffKind, &str)> =
            c.rows.iter().map(|r| (r.kind, r.text.as_str())).collect();
        assert_eq!(
            rows,
            vec![
                (DiffKind::OtherEntity, "Rosa Vega"),
                (DiffKind::OtherEntity, "Tomás Gil"),
                (DiffKind::OnlyInB, "Villa"),
                (DiffKind::OtherType, "Villa Clara"),
                (DiffKind::OnlyInA, "dawn"),
            ]
        );
        assert_eq!(c.rows[0].detail, "A: with 'Tomás Gil' · B: alone");
        assert_eq!(c.rows[3].detail, "A: PLACE · B: ORG");
        let at = |w: &str| T.find(w).unwrap();
        let kinds = |marks: &[DiffMark]| -> Vec<(usize, DiffKind)> {
            marks.iter().map(|m| (m.range.start, m.kind)).collect()
        };
        let mut ka = kinds(&c.marks_a);
        ka.sort();
        assert_eq!(
            ka,
            vec![
                (at("Rosa"), DiffKind::OtherEntity),
                (at("Tomás"), DiffKind::OtherEntity),
                (at("Villa"), DiffKind::OtherType),
                (at("dawn"), DiffKind::OnlyInA),
            ],
            "B's own span is not marked on A's pane"
        );
        assert!(
            c.marks_b
                .iter()
                .any(|m| m.kind == DiffKind::OnlyInB && m.range == (at("Villa")..at("Villa") + 5))
        );
        assert!(c.marks_b.iter().all(|m| m.kind != DiffKind::OnlyInA));
        assert_eq!(
            c.summary(),
            "5 differences: 1 only in A, 1 only in B, 1 same span, different type, 2 same mention, different entity"
        );
        // Swapping the layers swaps the sides.
        let d = compare(&p, &DocId::new("d"), &b, &a);
        assert_eq!(d.count(DiffKind::OnlyInA), 1);
        assert_eq!(
            d.rows
                .iter()
                .find(|r| r.kind == DiffKind::OnlyInA)
                .unwrap()
                .text,
            "Villa"
        );
    }
}
