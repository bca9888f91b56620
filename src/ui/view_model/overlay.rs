//! The decorations drawn over each pane that come from outside its document: the mentions of
//! the highlighted entity or event (outlined in every pane), relation and argument badges,
//! link arcs between two mentions of the same document, and suggestions (dashed outlines).
//!
//! They are built here once per change of their inputs ([`OverlayKey`]), not per frame, and
//! sorted by position ([`Overlay::prepared`]) so that painting looks only at the items near the
//! viewport.

use super::colour::{Rgb, relation_rgb, type_rgb};
use crate::model::{ClusterId, DocId, Layer, MentionId, Project};
use std::collections::HashMap;
use std::ops::Range;

/// What the overlays depend on besides the project itself: (workspace epoch, session
/// generation, highlighted entity or event, pane documents, suggestions shown, the layer each
/// pane shows). The overlays are rebuilt only when this changes.
pub type OverlayKey = (
    u64,
    u64,
    Option<ClusterId>,
    Vec<Option<DocId>>,
    bool,
    Vec<Layer>,
);

/// Decorations for one pane.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overlay {
    /// Byte ranges (fragments) of the highlighted entity's or event's mentions in this document.
    pub highlight: Vec<Range<usize>>,
    /// One small superscript badge per mention that has relations or arguments.
    pub badges: Vec<Badge>,
    /// Links whose two ends are both in this document; drawn only while one end is selected
    /// or hovered, so dozens per screen stay legible.
    pub links: Vec<LinkLine>,
    /// Suggested spans not yet tagged (dashed outline).
    pub suggestions: Vec<Range<usize>>,
    /// Differences from the other layer while two layers are compared (a thick coloured
    /// underline per kind; see [`super::compare`]).
    pub marks: Vec<super::compare::DiffMark>,
    /// Links from a mention here to a mention shown in another pane: a marker at this end
    /// that names the other end.
    pub cross: Vec<CrossMarker>,
    /// The longest range above (set by [`Overlay::prepared`]): bounds the search for the ones
    /// near the viewport.
    pub longest: usize,
}

/// A count of relations and arguments at the end of a mention.
#[derive(Clone, Debug, PartialEq)]
pub struct Badge {
    pub mention: MentionId,
    /// Where the mention starts and ends (bytes): only badges near the viewport are drawn.
    pub extent: Range<usize>,
    pub count: usize,
    pub colour: Rgb,
}

/// This pane's end of a link whose other end is a mention in another pane's document.
#[derive(Clone, Debug, PartialEq)]
pub struct CrossMarker {
    pub mention: MentionId,
    /// What the marker says: "opposes → “Luis” (in b)".
    pub label: String,
    pub colour: Rgb,
}

/// A relation or argument between two mentions of the same document.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkLine {
    pub a: MentionId,
    pub b: MentionId,
    pub label: String,
    pub colour: Rgb,
}

impl Overlay {
    /// Whether the view reserves lanes between its rows for arcs and their labels: while the
    /// document has links to draw.
    pub fn needs_lanes(&self) -> bool {
        !self.links.is_empty() || !self.cross.is_empty()
    }

    /// Sorted by position, with [`Overlay::longest`] set: ready for drawing near the viewport.
    pub fn prepared(mut self) -> Self {
        self.highlight.sort_by_key(|r| (r.start, r.end));
        self.suggestions.sort_by_key(|r| (r.start, r.end));
        self.badges.sort_by_key(|b| (b.extent.start, b.extent.end));
        self.marks.sort_by_key(|m| (m.range.start, m.range.end));
        self.longest = self
            .highlight
            .iter()
            .chain(&self.suggestions)
            .chain(self.marks.iter().map(|m| &m.range))
            .chain(self.badges.iter().map(|b| &b.extent))
            .map(|r| r.end.saturating_sub(r.start))
            .max()
            .unwrap_or(0);
        self
    }
}

/// A link between two mentions, as drawn: (one end, other end, label, colour).
type Pair<'a> = (&'a MentionId, &'a MentionId, String, Rgb);

/// Links per mention (over all relations and arguments) and the links between two mentions.
fn link_counts(p: &Project) -> (HashMap<&MentionId, usize>, Vec<Pair<'_>>) {
    let mut counts: HashMap<&MentionId, usize> = HashMap::new();
    let mut pairs = Vec::new();
    for r in p.relations() {
        for e in [&r.from, &r.to] {
            if let Some(m) = e.mention() {
                *counts.entry(m).or_default() += 1;
            }
        }
        if let (Some(a), Some(b)) = (r.from.mention(), r.to.mention()) {
            let name = p
                .schema()
                .relation_type(&r.type_key)
                .map(|d| d.name.clone())
                .unwrap_or(r.type_key.clone());
            pairs.push((a, b, name, relation_rgb(p, &r.type_key)));
        }
    }
    for x in p.arguments() {
        for e in [&x.event, &x.target] {
            if let Some(m) = e.mention() {
                *counts.entry(m).or_default() += 1;
            }
        }
        if let (Some(a), Some(b)) = (x.event.mention(), x.target.mention()) {
            let event = p.mention(a);
            let colour = event.map_or(Rgb::GRAY, |m| type_rgb(p, &m.type_key));
            let role = event
                .and_then(|m| p.schema().type_def(&m.type_key))
                .and_then(|t| t.roles.iter().find(|r| r.key == x.role))
                .map(|r| r.name.clone())
                .unwrap_or(x.role.clone());
            pairs.push((a, b, role, colour));
        }
    }
    (counts, pairs)
}

/// How a mention shown in another pane than `here`'s is named on a marker: its words and
/// its document ("“Luis” (in b)"); `None` when no other pane shows its document.
fn shown_elsewhere(
    p: &Project,
    m: &MentionId,
    here: &DocId,
    docs: &[Option<DocId>],
) -> Option<String> {
    let m = p.mention(m)?;
    if &m.doc == here || !docs.iter().flatten().any(|d| d == &m.doc) {
        return None;
    }
    let d = p.document(&m.doc)?;
    let words = crate::edit::ops::excerpt(&m.covered_text(d.text()), 30);
    Some(format!("\u{201c}{words}\u{201d} (in {})", d.name))
}

/// The overlays of the panes showing `docs` (left to right; `None` for a pane without a
/// document): `highlight` outlines the members of that entity or event, `suggested` holds the
/// suggestion ranges per document (empty when suggestions are off). `layers[i]`, when given,
/// is the only layer pane `i` shows: its mentions alone are outlined and badged.
pub fn build(
    p: &Project,
    highlight: Option<&ClusterId>,
    docs: &[Option<DocId>],
    layers: &[Layer],
    mut suggested: HashMap<DocId, Vec<Range<usize>>>,
) -> Vec<Option<Overlay>> {
    let (counts, pairs) = link_counts(p);
    docs.iter()
        .enumerate()
        .map(|(i, doc)| {
            let doc = doc.as_ref()?;
            let layer = layers.get(i);
            let shown =
                |x: &crate::model::Mention| &x.doc == doc && layer.is_none_or(|l| &x.layer == l);
            let mut ov = Overlay {
                suggestions: suggested.remove(doc).unwrap_or_default(),
                ..Default::default()
            };
            if let Some(c) = highlight {
                for m in p.members(c).filter(|m| shown(m)) {
                    ov.highlight
                        .extend(m.fragments.iter().map(|f| f.start()..f.end()));
                }
            }
            let in_doc = |m: &MentionId| p.mention(m).is_some_and(shown);
            for (m, n) in &counts {
                if let Some(x) = p.mention(m).filter(|x| shown(x)) {
                    ov.badges.push(Badge {
                        extent: x.start()..x.end(),
                        mention: (*m).clone(),
                        count: *n,
                        colour: type_rgb(p, &x.type_key),
                    });
                }
            }
            ov.badges.sort_by(|a, b| a.mention.cmp(&b.mention));
            for (a, b, label, colour) in &pairs {
                if in_doc(a) && in_doc(b) {
                    ov.links.push(LinkLine {
                        a: (*a).clone(),
                        b: (*b).clone(),
                        label: label.clone(),
                        colour: *colour,
                    });
                } else if in_doc(a) || in_doc(b) {
                    let (here, there, arrow) = if in_doc(a) {
                        (a, b, "\u{2192}")
                    } else {
                        (b, a, "\u{2190}")
                    };
                    if let Some(text) = shown_elsewhere(p, there, doc, docs) {
                        ov.cross.push(CrossMarker {
                            mention: (*here).clone(),
                            label: format!("{label} {arrow} {text}"),
                            colour: *colour,
                        });
                    }
                }
            }
            ov.cross
                .sort_by(|x, y| (&x.mention, &x.label).cmp(&(&y.mention, &y.label)));
            Some(ov.prepared())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{self, Edit, ops};
    use crate::model::{Document, Endpoint, Provenance, Relation, RelationId, Schema, TextRange};
    use chrono::TimeZone;

    const A: &str = "Ana met Luis in Lima.";
    const B: &str = "Later Ana wrote to Luis.";

    fn setup() -> (Project, ClusterId) {
        let mut p = Project::new("t", Schema::default_news());
        for (i, (id, text)) in [("d_a", A), ("d_b", B)].into_iter().enumerate() {
            let doc = Document::new(DocId::new(id), id, text, Provenance::default());
            edit::apply(&mut p, Edit::InsertDocument { index: i, doc }).unwrap();
        }
        let t = chrono::Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let tag = |p: &mut Project, doc: &str, text: &str, word: &str, id: &str| {
            let s = text.find(word).unwrap();
            let r = TextRange::new(text, s, s + word.len()).unwrap();
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
        tag(&mut p, "d_a", A, "Ana", "m_ana_a");
        tag(&mut p, "d_a", A, "Luis", "m_luis_a");
        tag(&mut p, "d_b", B, "Ana", "m_ana_b");
        let c = ClusterId::new("c_ana");
        let (e, _) = ops::new_cluster_from(&p, &MentionId::new("m_ana_a"), c.clone(), t).unwrap();
        edit::apply(&mut p, e).unwrap();
        let (e, _) = ops::link(&p, &MentionId::new("m_ana_b"), Some(&c), t).unwrap();
        edit::apply(&mut p, e).unwrap();
        let r = Relation {
            layer: Default::default(),
            id: RelationId::new("r_1"),
            type_key: "opposes".into(),
            from: Endpoint::Mention(MentionId::new("m_ana_a")),
            to: Endpoint::Mention(MentionId::new("m_luis_a")),
            attributes: Default::default(),
            note: String::new(),
        };
        edit::apply(&mut p, Edit::InsertRelation(r)).unwrap();
        (p, c)
    }

    #[test]
    fn each_pane_outlines_its_own_mentions_of_the_highlighted_entity() {
        let (p, c) = setup();
        let docs = [Some(DocId::new("d_a")), Some(DocId::new("d_b")), None];
        let ov = build(&p, Some(&c), &docs, &[], HashMap::new());
        assert_eq!(ov[0].as_ref().unwrap().highlight, vec![0..3]);
        assert_eq!(ov[1].as_ref().unwrap().highlight, vec![6..9]);
        assert!(ov[2].is_none(), "a pane without a document has no overlay");
    }

    #[test]
    fn badges_count_links_and_arcs_join_mentions_of_one_document() {
        let (p, _) = setup();
        let ov = build(&p, None, &[Some(DocId::new("d_a"))], &[], HashMap::new());
        let ov = ov[0].as_ref().unwrap();
        let counts: Vec<(&str, usize)> = ov
            .badges
            .iter()
            .map(|b| (b.mention.as_str(), b.count))
            .collect();
        assert_eq!(counts, [("m_ana_a", 1), ("m_luis_a", 1)]);
        assert_eq!(ov.links.len(), 1);
        assert_eq!(ov.links[0].label, "opposes");
        assert!(ov.highlight.is_empty());
    }

    #[test]
    fn a_link_to_another_pane_is_a_marker_at_each_end_naming_the_other() {
        let (mut p, _) = setup();
        let r = Relation {
            layer: Default::default(),
            id: RelationId::new("r_2"),
            type_key: "opposes".into(),
            from: Endpoint::Mention(MentionId::new("m_luis_a")),
            to: Endpoint::Mention(MentionId::new("m_ana_b")),
            attributes: Default::default(),
            note: String::new(),
        };
        edit::apply(&mut p, Edit::InsertRelation(r)).unwrap();
        let docs = [Some(DocId::new("d_a")), Some(DocId::new("d_b"))];
        let ov = build(&p, None, &docs, &[], HashMap::new());
        let (a, b) = (ov[0].as_ref().unwrap(), ov[1].as_ref().unwrap());
        assert_eq!(a.cross.len(), 1);
        assert_eq!(a.cross[0].mention.as_str(), "m_luis_a");
        assert_eq!(
            a.cross[0].label,
            "opposes \u{2192} \u{201c}Ana\u{201d} (in d_b)"
        );
        assert_eq!(b.cross.len(), 1);
        assert_eq!(b.cross[0].mention.as_str(), "m_ana_b");
        assert_eq!(
            b.cross[0].label,
            "opposes \u{2190} \u{201c}Luis\u{201d} (in d_a)"
        );
        assert!(a.needs_lanes() && b.needs_lanes());
        // With d_b in no pane, d_a has no marker for it.
        let ov = build(&p, None, &[Some(DocId::new("d_a"))], &[], HashMap::new());
        assert!(ov[0].as_ref().unwrap().cross.is_empty());
    }

    #[test]
    fn prepared_overlays_are_sorted_and_know_their_longest_item() {
        let mut suggested = HashMap::new();
        suggested.insert(DocId::new("d_b"), vec![19..23, 0..5]);
        let (p, _) = setup();
        let ov = build(&p, None, &[Some(DocId::new("d_b"))], &[], suggested);
        let ov = ov[0].as_ref().unwrap();
        assert_eq!(ov.suggestions, vec![0..5, 19..23]);
        assert_eq!(ov.longest, 5);
    }
}
