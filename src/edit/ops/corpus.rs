//! Edits over the corpus: tagging every search hit in one step, rejecting and allowing
//! suggestions.
//!
//! Tag all leaves alone, by default, the hits that would only repeat what is tagged: a hit
//! whose exact range already carries the type ([`already_tagged`]) and a hit that lies inside
//! a longer mention of the same type or of the entity/event being linked ([`nested_in`]: the
//! "Pinochet" inside a tagged "Augusto Pinochet"). [`TagAllRequest::include_nested`] tags the
//! nested ones too; the summary counts each kind of skip so the front ends can say why.

use super::super::Edit;
use super::excerpt;
use crate::model::{
    ClusterId, DocId, EditError, Mention, MentionId, Project, RejectedSuggestion, TextDirection,
    TextRange,
};
use crate::search::Hit;
use chrono::{DateTime, Utc};
use std::collections::{BTreeSet, HashSet};

/// Lays out `doc`'s paragraphs in `direction` from now on: the edit and its history label
/// ("show 'notes' right to left"). Refused for an unknown document; the same direction again is
/// an empty batch (nothing to record).
pub fn set_direction(
    project: &Project,
    doc: &DocId,
    direction: TextDirection,
) -> Result<(Edit, String), EditError> {
    let d = project
        .document(doc)
        .ok_or_else(|| EditError::UnknownDocument(doc.clone()))?;
    let label = match direction {
        TextDirection::Auto => format!("show '{}' in its own direction", d.name),
        TextDirection::Ltr => format!("show '{}' left to right", d.name),
        TextDirection::Rtl => format!("show '{}' right to left", d.name),
    };
    if d.direction == direction {
        return Ok((Edit::Batch(Vec::new()), label));
    }
    Ok((
        Edit::SetDirection {
            doc: doc.clone(),
            direction,
        },
        label,
    ))
}

/// What [`tag_all`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TagAllSummary {
    /// New mentions in the edit.
    pub tagged: usize,
    /// Hits left alone because that exact spot already carries the type (or the hit was listed
    /// twice).
    pub skipped_already_tagged: usize,
    /// Hits left alone because they lie inside a longer mention of the same type or of the
    /// same entity/event ([`nested_in`]); zero when nested hits were included.
    pub skipped_nested: usize,
    /// The history label ("tag 'Pinochet' as Person (12 places)").
    pub label: String,
}

impl TagAllSummary {
    /// One sentence for the status bar: how many were tagged, how many skipped and why.
    pub fn describe(&self) -> String {
        let mut s = format!(
            "Tagged {} hit(s); skipped {} already tagged",
            self.tagged, self.skipped_already_tagged
        );
        if self.skipped_nested > 0 {
            s.push_str(&format!(
                " and {} inside a longer mention of the same type or entity \
                 (tick \u{201c}Include hits inside mentions\u{201d} to tag those too)",
                self.skipped_nested
            ));
        }
        s.push('.');
        s
    }
}

/// What to tag: the type, the entity or event to link each new mention to, and whether hits
/// inside longer mentions of that type or entity are tagged as well.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TagAllRequest<'a> {
    pub type_key: &'a str,
    pub cluster: Option<&'a ClusterId>,
    pub include_nested: bool,
}

/// Whether `doc` already has a mention of `type_key` whose only fragment is exactly `range`.
/// This is what "already tagged" means for [`tag_all`] and for suggestions: a mention of
/// another type, a longer or shorter span, or a discontinuous mention does not count. Only
/// the working layer's mentions count (another annotator's mention tags nothing for me).
pub fn already_tagged(project: &Project, doc: &DocId, range: TextRange, type_key: &str) -> bool {
    let layer = project.working_layer();
    project
        .mentions_overlapping(doc, range.start(), range.end())
        .any(|m| {
            &m.layer == layer
                && m.type_key == type_key
                && m.fragments.len() == 1
                && m.fragments[0] == range
        })
}

/// The mention of `doc` that `range` lies inside, if one is of `type_key` or linked to
/// `cluster` and one of its fragments holds the whole range (equal bounds count only for a
/// mention of another type: the same type at the same bounds is [`already_tagged`]). The
/// longest such mention of the working layer is returned.
pub fn nested_in<'p>(
    project: &'p Project,
    doc: &DocId,
    range: TextRange,
    type_key: &str,
    cluster: Option<&ClusterId>,
) -> Option<&'p Mention> {
    let layer = project.working_layer();
    project
        .mentions_overlapping(doc, range.start(), range.end())
        .filter(|m| &m.layer == layer)
        .filter(|m| m.type_key == type_key || (cluster.is_some() && m.cluster.as_ref() == cluster))
        .filter(|m| {
            m.fragments.iter().any(|f| {
                f.start() <= range.start()
                    && range.end() <= f.end()
                    && (*f != range || m.type_key != type_key)
            })
        })
        .max_by_key(|m| (m.end() - m.start(), std::cmp::Reverse(m.id.clone())))
}

/// Tags every hit (from [`crate::search`]) as `type_key`, linking each new mention to
/// `cluster` when given, as one undoable step, skipping what is already tagged and hits
/// inside longer mentions of the type or entity (see [`tag_all_hits`]). `ids` gives each new
/// mention its id.
pub fn tag_all(
    project: &Project,
    hits: &[Hit],
    type_key: &str,
    cluster: Option<&ClusterId>,
    ids: &mut dyn FnMut() -> MentionId,
    author: &str,
    now: DateTime<Utc>,
) -> Result<(Edit, TagAllSummary), EditError> {
    let request = TagAllRequest {
        type_key,
        cluster,
        include_nested: false,
    };
    tag_all_hits(project, hits, &request, ids, author, now)
}

/// Tags every hit as `request.type_key`, linked to `request.cluster`, as one undoable step.
/// Hits whose exact range is already tagged with that type (see [`already_tagged`]) are
/// skipped and counted, as are repeated hits; so are hits inside a longer mention of the type
/// or the entity ([`nested_in`]) unless `request.include_nested`. Empty hits are skipped too.
pub fn tag_all_hits(
    project: &Project,
    hits: &[Hit],
    request: &TagAllRequest<'_>,
    ids: &mut dyn FnMut() -> MentionId,
    author: &str,
    now: DateTime<Utc>,
) -> Result<(Edit, TagAllSummary), EditError> {
    let TagAllRequest {
        type_key,
        cluster,
        include_nested,
    } = *request;
    let def = project
        .schema()
        .type_def(type_key)
        .ok_or_else(|| EditError::UnknownType(type_key.to_string()))?;
    if let Some(c) = cluster {
        super::cluster(project, c)?;
    }
    let mut seen = HashSet::new();
    let mut edits = Vec::new();
    let mut summary = TagAllSummary::default();
    let mut texts = BTreeSet::new();
    for hit in hits {
        let doc = project
            .document(&hit.doc)
            .ok_or_else(|| EditError::UnknownDocument(hit.doc.clone()))?;
        if hit.range.is_empty() {
            continue;
        }
        if !seen.insert((&hit.doc, hit.range))
            || already_tagged(project, &hit.doc, hit.range, type_key)
        {
            summary.skipped_already_tagged += 1;
            continue;
        }
        if !include_nested && nested_in(project, &hit.doc, hit.range, type_key, cluster).is_some() {
            summary.skipped_nested += 1;
            continue;
        }
        let id = ids();
        hit.range
            .check(doc.text())
            .map_err(|source| EditError::Range {
                mention: id.clone(),
                source,
            })?;
        texts.insert(hit.range.slice(doc.text()).to_string());
        edits.push(Edit::InsertMention(Mention {
            layer: Default::default(),
            id,
            doc: hit.doc.clone(),
            type_key: type_key.into(),
            fragments: smallvec::smallvec![hit.range],
            attributes: Default::default(),
            note: String::new(),
            cluster: cluster.cloned(),
            author: author.to_string(),
            created: now,
            modified: now,
        }));
        summary.tagged += 1;
    }
    let what = match texts.len() {
        1 => format!("'{}'", excerpt(texts.iter().next().expect("one"), 30)),
        n => format!("{n} strings"),
    };
    summary.label = format!(
        "tag {what} as {} ({} place{})",
        def.name,
        summary.tagged,
        if summary.tagged == 1 { "" } else { "s" }
    );
    Ok((Edit::Batch(edits), summary))
}

/// Records that the suggestion to tag `range` of `doc` as `type_key` was rejected, so it is
/// not offered again (undoable; saved with the document's annotations).
pub fn reject_suggestion(
    project: &Project,
    doc: &DocId,
    range: TextRange,
    type_key: &str,
) -> Result<(Edit, String), EditError> {
    let r = RejectedSuggestion {
        layer: Default::default(),
        doc: doc.clone(),
        range,
        type_key: type_key.to_string(),
    };
    project.check_rejected(&r)?;
    if project.is_rejected(&r) {
        return Err(EditError::AlreadyRejected(r.to_string()));
    }
    let text = project
        .document(doc)
        .map(|d| excerpt(range.slice(d.text()), 30))
        .unwrap_or_default();
    Ok((
        Edit::RejectSuggestion(r),
        format!("reject suggestion '{text}' as {type_key}"),
    ))
}

/// Forgets a rejection, so the suggestion may be offered again (undoable).
pub fn unreject_suggestion(
    project: &Project,
    rejected: &RejectedSuggestion,
) -> Result<(Edit, String), EditError> {
    if !project.is_rejected(rejected) {
        return Err(EditError::NotRejected(rejected.to_string()));
    }
    let text = project
        .document(&rejected.doc)
        .filter(|d| rejected.range.check(d.text()).is_ok())
        .map(|d| excerpt(rejected.range.slice(d.text()), 30))
        .unwrap_or_default();
    Ok((
        Edit::UnrejectSuggestion(rejected.clone()),
        format!("allow suggestion '{text}' as {} again", rejected.type_key),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::apply;
    use crate::model::{Cluster, Document, Provenance, Schema};
    use chrono::TimeZone;

    const TEXT: &str = "Augusto Pinochet spoke. Pinochet left. Augusto Pinochet returned.";

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap()
    }

    fn doc() -> DocId {
        DocId::new("d1")
    }

    fn range(start: usize, s: &str) -> TextRange {
        TextRange::new(TEXT, start, start + s.len()).unwrap()
    }

    /// Every whole "Pinochet" of the text, as the search would find it.
    fn hits() -> Vec<Hit> {
        TEXT.match_indices("Pinochet")
            .map(|(i, s)| Hit {
                doc: doc(),
                range: range(i, s),
            })
            .collect()
    }

    fn mention(id: &str, r: TextRange, ty: &str, cluster: Option<&str>) -> Edit {
        Edit::InsertMention(Mention {
            layer: Default::default(),
            id: MentionId::new(id),
            doc: doc(),
            type_key: ty.into(),
            fragments: smallvec::smallvec![r],
            attributes: Default::default(),
            note: String::new(),
            cluster: cluster.map(ClusterId::new),
            author: "t".into(),
            created: t0(),
            modified: t0(),
        })
    }

    /// The first "Augusto Pinochet" tagged PERSON and linked to c_pin; the second tagged ORG
    /// and linked to c_pin as well (odd, but it is the same entity).
    fn project() -> Project {
        let mut p = Project::new("t", Schema::default_news());
        let d = Document::new(doc(), "d", TEXT, Provenance::default());
        apply(&mut p, Edit::InsertDocument { index: 0, doc: d }).unwrap();
        let c = Cluster {
            layer: Default::default(),
            id: ClusterId::new("c_pin"),
            type_key: "PERSON".into(),
            name: "Augusto Pinochet".into(),
            external_id: None,
            attributes: Default::default(),
            note: String::new(),
        };
        apply(&mut p, Edit::InsertCluster(c)).unwrap();
        let second = TEXT.rfind("Augusto Pinochet").unwrap();
        apply(
            &mut p,
            mention("m_a", range(0, "Augusto Pinochet"), "PERSON", Some("c_pin")),
        )
        .unwrap();
        apply(
            &mut p,
            mention(
                "m_b",
                range(second, "Augusto Pinochet"),
                "ORG",
                Some("c_pin"),
            ),
        )
        .unwrap();
        p
    }

    fn ids() -> impl FnMut() -> MentionId {
        let mut n = 0;
        move || {
            n += 1;
            MentionId::new(format!("m_new{n}"))
        }
    }

    #[test]
    fn hits_inside_a_longer_mention_of_the_type_or_the_entity_are_skipped_by_default() {
        let p = project();
        let c = ClusterId::new("c_pin");
        let (edit, s) = tag_all(&p, &hits(), "PERSON", Some(&c), &mut ids(), "t", t0()).unwrap();
        // Inside m_a (same type) and inside m_b (same entity): skipped; the lone one tagged.
        assert_eq!(
            (s.tagged, s.skipped_already_tagged, s.skipped_nested),
            (1, 0, 2)
        );
        let Edit::Batch(edits) = edit else {
            panic!("a batch")
        };
        let Edit::InsertMention(m) = &edits[0] else {
            panic!("a mention")
        };
        assert_eq!(m.fragments[0].start(), TEXT.find("Pinochet left").unwrap());
        assert_eq!(
            s.describe(),
            "Tagged 1 hit(s); skipped 0 already tagged and 2 inside a longer mention of the \
             same type or entity (tick \u{201c}Include hits inside mentions\u{201d} to tag \
             those too)."
        );
    }

    #[test]
    fn without_the_entity_only_the_same_type_counts_and_the_option_includes_them() {
        let p = project();
        let (_, s) = tag_all(&p, &hits(), "PERSON", None, &mut ids(), "t", t0()).unwrap();
        assert_eq!(
            (s.tagged, s.skipped_nested),
            (2, 1),
            "the ORG mention is no reason"
        );
        let request = TagAllRequest {
            type_key: "PERSON",
            cluster: None,
            include_nested: true,
        };
        let (_, s) = tag_all_hits(&p, &hits(), &request, &mut ids(), "t", t0()).unwrap();
        assert_eq!((s.tagged, s.skipped_nested), (3, 0));
        assert_eq!(s.describe(), "Tagged 3 hit(s); skipped 0 already tagged.");
    }

    #[test]
    fn nested_in_finds_the_longest_container_and_not_the_exact_same_type_span() {
        let mut p = project();
        let inner = range(TEXT.find("Pinochet").unwrap(), "Pinochet");
        apply(&mut p, mention("m_in", inner, "PERSON", None)).unwrap();
        let found = nested_in(&p, &doc(), inner, "PERSON", None).map(|m| m.id.0.as_str());
        assert_eq!(found, Some("m_a"), "the longer mention, not the exact one");
        assert!(already_tagged(&p, &doc(), inner, "PERSON"));
        // A span of the same type with the same bounds is "already tagged", not nested.
        let whole = range(0, "Augusto Pinochet");
        assert_eq!(nested_in(&p, &doc(), whole, "PERSON", None), None);
        // With another type at the same bounds, the same entity still counts.
        let c = ClusterId::new("c_pin");
        let found = nested_in(&p, &doc(), whole, "ORG", Some(&c)).map(|m| m.id.0.as_str());
        assert_eq!(found, Some("m_a"));
        // Partly overlapping is not inside.
        let across = TextRange::new(TEXT, 8, 22).unwrap();
        assert_eq!(nested_in(&p, &doc(), across, "PERSON", None), None);
    }
}
