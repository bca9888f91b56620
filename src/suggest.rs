//! Suggestions: a string tagged somewhere is suggested wherever else it occurs untagged, with
//! the same type and the same entity or event.
//!
//! How it works:
//! - Every single-fragment mention contributes its covered text (at least two characters, not
//!   blank) with its (type, cluster) pair. When one string was tagged with several pairs, the
//!   most common pair wins; ties go to a pair with a cluster, then to the smaller type key and
//!   cluster id, so the result does not depend on the order of the mentions.
//! - All strings go into one Aho-Corasick automaton (leftmost-longest, case-sensitive), so a
//!   text is scanned once however many strings there are. Only whole-word matches count: the
//!   characters around the match must not be word characters (the same rule as the
//!   whole-word search of [`crate::search`]). When the longest match at a place is not a whole
//!   word, shorter strings starting at the same place are tried.
//! - A place is not suggested when a mention of any type covers exactly that range, when a
//!   mention of the suggested type overlaps it, when it lies inside a mention of the suggested
//!   entity or event, or when the user rejected that suggestion (document, byte range, type:
//!   [`crate::model::RejectedSuggestion`], kept in the project and saved with the document's
//!   annotations).
//! - The longest tagged string is preferred: a "Pinochet" inside "Augusto Pinochet" is never
//!   suggested on its own (the automaton reports the longer match), and a shorter mention of
//!   the suggested type lying inside the longer match (a "Pinochet" tagged there by hand or by
//!   tag all) does not hide the longer suggestion. Accepting that suggestion extends the
//!   shorter mention to the longer string ([`Suggestion::extends`]), so no duplicate is left.
//!
//! Accepting a suggestion is the ordinary tag (and link) edit, built by [`accept`] (or the
//! mention's replacement when it extends one); rejecting is
//! [`crate::edit::ops::reject_suggestion`]. Both are undoable.
//!
//! Suggestions are made for the project's working layer (the layer being edited): only its
//! mentions are learnt from and block a place, and only its rejections count.
//!
//! Pure: reads the project, returns data.

use crate::edit::Edit;
use crate::edit::ops::excerpt;
use crate::model::{
    ClusterId, DocId, EditError, MentionId, Project, RejectedSuggestion, TextRange,
};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Strings shorter than this many characters are not suggested.
pub const MIN_CHARS: usize = 2;

/// One suggestion: tag `range` of `doc` as `type_key`, linked to `cluster`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Suggestion {
    pub doc: DocId,
    /// UTF-8 byte range.
    pub range: TextRange,
    pub type_key: String,
    pub cluster: Option<ClusterId>,
    /// The matched text.
    pub text: String,
    /// How many mentions elsewhere carry this text with this type and cluster.
    pub support: usize,
    /// A shorter mention of the suggested type inside the range (and of the same entity, or
    /// of none): accepting the suggestion extends it to the whole range instead of adding a
    /// second mention.
    pub extends: Option<MentionId>,
}

impl Suggestion {
    /// The rejection that turns this suggestion down.
    pub fn rejection(&self) -> RejectedSuggestion {
        RejectedSuggestion {
            layer: Default::default(),
            doc: self.doc.clone(),
            range: self.range,
            type_key: self.type_key.clone(),
        }
    }
}

/// (unlinked?, type, cluster): ordered so that, among equal counts, a linked pair comes first.
type PairKey = (bool, String, Option<ClusterId>);

#[derive(Clone, Debug)]
struct Pattern {
    text: String,
    type_key: String,
    cluster: Option<ClusterId>,
    support: usize,
}

/// The automaton over all tagged strings of a project. Build it once after the annotations
/// change and use it for every document.
#[derive(Clone, Debug)]
pub struct Suggester {
    automaton: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
}

/// Whether `c` counts as part of a word (Unicode `\w`).
pub fn is_word_char(c: char) -> bool {
    regex_syntax::is_word_character(c)
}

/// No word character just before `start`.
fn starts_word(text: &str, start: usize) -> bool {
    !text[..start].chars().next_back().is_some_and(is_word_char)
}

/// No word character just after `end`.
fn ends_word(text: &str, end: usize) -> bool {
    !text[end..].chars().next().is_some_and(is_word_char)
}

// ----- building off the frame (issue 17): the tagged strings copied out, built anywhere -----

/// The tagged strings of a project, copied out of it so that a [`Suggester`] can be built
/// elsewhere (the workbench builds it on a worker thread after the first frame, while the
/// project may change): each document's text (shared, not copied), the byte range of every
/// single-fragment mention and its (type, cluster) pair. Copying is one pass over the mentions;
/// building the automaton over tens of thousands of strings is the costly part.
#[derive(Clone, Debug, Default)]
pub struct Tagged {
    texts: Vec<Arc<str>>,
    /// (document index in `texts`, byte range, index in `pairs`).
    spans: Vec<(usize, TextRange, usize)>,
    pairs: Vec<PairKey>,
}

impl Tagged {
    /// The tagged strings of `project`.
    pub fn of(project: &Project) -> Tagged {
        let mut t = Tagged::default();
        let mut pair_ids: HashMap<(&str, Option<&ClusterId>), usize> = HashMap::new();
        for doc in project.documents() {
            let d = t.texts.len();
            t.texts.push(doc.text_arc());
            // Only the working layer's mentions: another annotator's are read-only here.
            for m in project.mentions_in_layer(&doc.id, project.working_layer()) {
                if m.fragments.len() != 1 {
                    continue;
                }
                let pair = *pair_ids
                    .entry((m.type_key.as_str(), m.cluster.as_ref()))
                    .or_insert_with(|| {
                        t.pairs.push((
                            m.cluster.is_none(),
                            m.type_key.to_string(),
                            m.cluster.clone(),
                        ));
                        t.pairs.len() - 1
                    });
                t.spans.push((d, m.fragments[0], pair));
            }
        }
        t
    }

    /// How many tagged spans were copied.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

impl Suggester {
    /// Collects the tagged strings of `project` and builds the automaton.
    pub fn build(project: &Project) -> Suggester {
        Self::from_tagged(&Tagged::of(project))
    }

    /// Builds the automaton over the strings of `tagged` (see [`Tagged::of`]); the same
    /// matcher [`Suggester::build`] gives for that project.
    pub fn from_tagged(tagged: &Tagged) -> Suggester {
        let mut by_text: BTreeMap<&str, HashMap<usize, usize>> = BTreeMap::new();
        for (d, range, pair) in &tagged.spans {
            let text = range.slice(&tagged.texts[*d]);
            if text.chars().count() < MIN_CHARS || text.trim().is_empty() {
                continue;
            }
            *by_text.entry(text).or_default().entry(*pair).or_default() += 1;
        }
        let patterns: Vec<Pattern> = by_text
            .into_iter()
            .map(|(text, pairs)| {
                // Highest count; ties: clustered first (false < true), then keys in order.
                let (pair, support) = pairs
                    .into_iter()
                    .min_by(|(ka, na), (kb, nb)| {
                        nb.cmp(na)
                            .then_with(|| tagged.pairs[*ka].cmp(&tagged.pairs[*kb]))
                    })
                    .expect("every entry has a pair");
                let (_, type_key, cluster) = tagged.pairs[pair].clone();
                Pattern {
                    text: text.to_string(),
                    type_key,
                    cluster,
                    support,
                }
            })
            .collect();
        Self::from_patterns(patterns)
    }

    // ----- end of building off the frame -----

    fn from_patterns(patterns: Vec<Pattern>) -> Suggester {
        let automaton = if patterns.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .start_kind(StartKind::Both)
                    .build(patterns.iter().map(|p| p.text.as_str()))
                    .expect("tagged strings build an automaton"),
            )
        };
        Suggester {
            automaton,
            patterns,
        }
    }

    /// Number of distinct tagged strings in the automaton.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Whole-word matches of the tagged strings in `text`: (byte range, pattern index), leftmost
    /// first, not overlapping.
    fn matches(&self, text: &str) -> Vec<(TextRange, usize)> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut pos = 0;
        while pos < text.len() {
            let Some(m) = ac.find(Input::new(text).range(pos..)) else {
                break;
            };
            let found = if !starts_word(text, m.start()) {
                None
            } else if ends_word(text, m.end()) {
                Some((m.start(), m.end(), m.pattern().as_usize()))
            } else {
                // The start is a word start but the end is not a word end: try the longest
                // shorter string at the same start that ends at a word end.
                self.shorter_at(ac, text, m.start(), m.end())
            };
            match found {
                Some((s, e, p)) => {
                    out.push((TextRange::new(text, s, e).expect("on char boundaries"), p));
                    pos = e;
                }
                None => {
                    pos = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
                }
            }
        }
        out
    }

    fn shorter_at(
        &self,
        ac: &AhoCorasick,
        text: &str,
        start: usize,
        end: usize,
    ) -> Option<(usize, usize, usize)> {
        let ends = text[start..end]
            .char_indices()
            .map(|(i, _)| start + i)
            .filter(|&e| e > start && ends_word(text, e));
        let ends: Vec<usize> = ends.collect();
        for &e in ends.iter().rev() {
            let input = Input::new(text).range(start..e).anchored(Anchored::Yes);
            if let Some(m) = ac.find(input)
                && m.end() == e
            {
                return Some((start, e, m.pattern().as_usize()));
            }
        }
        None
    }

    /// Suggestions in one document, by offset.
    pub fn suggest_in(&self, project: &Project, doc: &DocId) -> Vec<Suggestion> {
        let Some(d) = project.document(doc) else {
            return Vec::new();
        };
        let text = d.text();
        let mut out = Vec::new();
        for (range, p) in self.matches(text) {
            let pat = &self.patterns[p];
            let Some(extends) = place_is_free(project, doc, range, pat) else {
                continue;
            };
            let s = Suggestion {
                doc: doc.clone(),
                range,
                type_key: pat.type_key.clone(),
                cluster: pat.cluster.clone(),
                text: pat.text.clone(),
                support: pat.support,
                extends,
            };
            if project.is_rejected(&s.rejection()) {
                continue;
            }
            out.push(s);
        }
        out
    }

    /// Suggestions in every document, in document order, then by offset.
    pub fn suggest_all(&self, project: &Project) -> Vec<Suggestion> {
        project
            .documents()
            .iter()
            .flat_map(|d| self.suggest_in(project, &d.id))
            .collect()
    }
}

/// Whether `range` of `doc` may be suggested as `pat`: `None` when a mention already covers it
/// (see the module documentation), else the shorter mention of the type inside it that
/// accepting would extend, if there is exactly one.
fn place_is_free(
    project: &Project,
    doc: &DocId,
    range: TextRange,
    pat: &Pattern,
) -> Option<Option<MentionId>> {
    let mut extends = None;
    // Only the working layer counts: another annotator's mentions are read-only here.
    let layer = project.working_layer();
    for m in project
        .mentions_overlapping(doc, range.start(), range.end())
        .filter(|m| &m.layer == layer)
    {
        if m.fragments.len() == 1 && m.fragments[0] == range {
            return None;
        }
        let same_entity = pat.cluster.is_some() && m.cluster == pat.cluster;
        if m.type_key == pat.type_key {
            let inside = m.fragments.len() == 1
                && range.start() <= m.start()
                && m.end() <= range.end()
                && (m.cluster.is_none() || same_entity);
            if !inside || extends.is_some() {
                return None;
            }
            extends = Some(m.id.clone());
        } else if same_entity
            && m.fragments
                .iter()
                .any(|f| f.start() <= range.start() && range.end() <= f.end())
        {
            return None;
        }
    }
    Some(extends)
}

/// Builds the automaton and lists every suggestion of the project.
pub fn suggestions(project: &Project) -> Vec<Suggestion> {
    Suggester::build(project).suggest_all(project)
}

/// The edit that accepts a suggestion: a new mention `id` of the suggested type over the
/// suggested range, linked to the suggested cluster (if it still exists), with its label. When
/// the suggestion [extends](Suggestion::extends) a shorter mention, that mention is replaced by
/// itself over the whole range instead (same id, links and attributes; `id` is unused).
pub fn accept(
    project: &Project,
    s: &Suggestion,
    id: MentionId,
    author: &str,
    now: DateTime<Utc>,
) -> Result<(Edit, String), EditError> {
    let cluster = s.cluster.clone().filter(|c| project.cluster(c).is_some());
    if let Some(inner) = s.extends.as_ref().and_then(|m| project.mention(m)) {
        let d = project
            .document(&s.doc)
            .ok_or_else(|| EditError::UnknownDocument(s.doc.clone()))?;
        let before = excerpt(&inner.covered_text(d.text()), 30);
        let mut m = inner.clone();
        m.fragments = smallvec::smallvec![s.range];
        m.cluster = m.cluster.clone().or(cluster);
        m.modified = now;
        let label = format!("extend '{before}' to '{}'", excerpt(&s.text, 30));
        return Ok((Edit::ReplaceMention(m), label));
    }
    let (edit, _) =
        crate::edit::ops::tag(project, id, &s.doc, vec![s.range], &s.type_key, author, now)?;
    let Edit::InsertMention(mut m) = edit else {
        unreachable!("tag builds one mention")
    };
    m.cluster = cluster;
    let label = match m.cluster.as_ref().and_then(|c| project.cluster(c)) {
        Some(c) => format!(
            "accept suggestion '{}' as {}",
            excerpt(&s.text, 30),
            excerpt(&c.name, 30)
        ),
        None => format!(
            "accept suggestion '{}' as {}",
            excerpt(&s.text, 30),
            s.type_key
        ),
    };
    Ok((Edit::InsertMention(m), label))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suggester(words: &[&str]) -> Suggester {
        Suggester::from_patterns(
            words
                .iter()
                .map(|w| Pattern {
                    text: w.to_string(),
                    type_key: "T".into(),
                    cluster: None,
                    support: 1,
                })
                .collect(),
        )
    }

    fn found(s: &Suggester, text: &str) -> Vec<String> {
        s.matches(text)
            .into_iter()
            .map(|(r, _)| r.slice(text).to_string())
            .collect()
    }

    #[test]
    fn longest_whole_word_wins() {
        let s = suggester(&["New York", "New York Times", "York"]);
        assert_eq!(
            found(&s, "the New York Times and New York. Yorkshire"),
            vec!["New York Times", "New York"]
        );
    }

    #[test]
    fn a_shorter_string_is_found_when_the_longest_is_not_a_whole_word() {
        let s = suggester(&["New York", "New York Times"]);
        assert_eq!(found(&s, "New York Timeshare"), vec!["New York"]);
    }

    #[test]
    fn words_inside_words_are_not_matched() {
        let s = suggester(&["Chile"]);
        assert_eq!(
            found(&s, "Chilean Chile chile Chile_x éChile"),
            vec!["Chile"]
        );
    }

    // ----- the longest tagged string -----

    use crate::edit::apply;
    use crate::model::{Cluster, Document, Mention, Provenance, Schema};
    use chrono::TimeZone;

    const A: &str = "General Augusto Pinochet spoke.";
    const B: &str = "Augusto Pinochet and Pinochet.";

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap()
    }

    fn put(p: &mut Project, id: &str, doc: &str, text: &str, at: usize, s: &str, ty: &str) {
        let m = Mention {
            layer: Default::default(),
            id: MentionId::new(id),
            doc: DocId::new(doc),
            type_key: ty.into(),
            fragments: smallvec::smallvec![TextRange::new(text, at, at + s.len()).unwrap()],
            attributes: Default::default(),
            note: String::new(),
            cluster: Some(ClusterId::new("c_pin")),
            author: "t".into(),
            created: t0(),
            modified: t0(),
        };
        apply(p, Edit::InsertMention(m)).unwrap();
    }

    /// "Augusto Pinochet" and "Pinochet" tagged in A (Person, one entity); B untagged.
    fn two_docs() -> Project {
        let mut p = Project::new("t", Schema::default_news());
        for (i, (id, text)) in [("a", A), ("b", B)].into_iter().enumerate() {
            let doc = Document::new(DocId::new(id), id, text, Provenance::default());
            apply(&mut p, Edit::InsertDocument { index: i, doc }).unwrap();
        }
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
        put(&mut p, "m_full", "a", A, 8, "Augusto Pinochet", "PERSON");
        put(&mut p, "m_short", "a", A, 16, "Pinochet", "PERSON");
        p
    }

    fn texts_in(p: &Project, doc: &str) -> Vec<(usize, String, Option<String>)> {
        Suggester::build(p)
            .suggest_in(p, &DocId::new(doc))
            .into_iter()
            .map(|s| (s.range.start(), s.text, s.extends.map(|m| m.0.to_string())))
            .collect()
    }

    #[test]
    fn the_shorter_string_inside_a_longer_one_is_not_suggested_on_its_own() {
        let p = two_docs();
        assert_eq!(
            texts_in(&p, "b"),
            vec![
                (0, "Augusto Pinochet".to_string(), None),
                (21, "Pinochet".to_string(), None)
            ]
        );
        // In A both are tagged: nothing, and no "Pinochet" inside the tagged full name.
        assert_eq!(texts_in(&p, "a"), vec![]);
    }

    #[test]
    fn a_tagged_string_of_another_type_or_a_mention_of_the_entity_covers_the_place() {
        let mut p = two_docs();
        // The full name tagged in B as an organisation of the same entity: neither it nor the
        // "Pinochet" inside it is suggested; the lone "Pinochet" still is.
        put(&mut p, "m_org", "b", B, 0, "Augusto Pinochet", "ORG");
        assert_eq!(texts_in(&p, "b"), vec![(21, "Pinochet".to_string(), None)]);
        // A discontinuous organisation mention of the entity ("and … Pinochet") holds the
        // lone one: not suggested inside it.
        let m = Mention {
            layer: Default::default(),
            id: MentionId::new("m_two"),
            doc: DocId::new("b"),
            type_key: "ORG".into(),
            fragments: smallvec::smallvec![
                TextRange::new(B, 17, 20).unwrap(),
                TextRange::new(B, 21, 29).unwrap(),
            ],
            attributes: Default::default(),
            note: String::new(),
            cluster: Some(ClusterId::new("c_pin")),
            author: "t".into(),
            created: t0(),
            modified: t0(),
        };
        apply(&mut p, Edit::InsertMention(m)).unwrap();
        assert_eq!(texts_in(&p, "b"), vec![]);
    }

    #[test]
    fn a_shorter_mention_inside_does_not_hide_the_longer_suggestion_and_accepting_extends_it() {
        let mut p = two_docs();
        // Tag all put a "Pinochet" inside B's untagged full name.
        put(&mut p, "m_inner", "b", B, 8, "Pinochet", "PERSON");
        let got = texts_in(&p, "b");
        assert_eq!(
            got[0],
            (
                0,
                "Augusto Pinochet".to_string(),
                Some("m_inner".to_string())
            )
        );
        let s = Suggester::build(&p).suggest_in(&p, &DocId::new("b"))[0].clone();
        let (edit, label) = accept(&p, &s, MentionId::new("m_unused"), "t", t0()).unwrap();
        assert_eq!(label, "extend 'Pinochet' to 'Augusto Pinochet'");
        let before = p.mentions().count();
        apply(&mut p, edit).unwrap();
        assert_eq!(p.mentions().count(), before, "no second mention");
        let m = p.mention(&MentionId::new("m_inner")).unwrap();
        assert_eq!(m.covered_text(B), "Augusto Pinochet");
        assert_eq!(m.cluster, Some(ClusterId::new("c_pin")));
        assert!(p.mention(&MentionId::new("m_unused")).is_none());
        assert_eq!(texts_in(&p, "b"), vec![(21, "Pinochet".to_string(), None)]);
    }
}
