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
//!   mention of the suggested type overlaps it, or when the user rejected that suggestion
//!   (document, byte range, type: [`crate::model::RejectedSuggestion`], kept in the project and
//!   saved with the document's annotations).
//!
//! Accepting a suggestion is the ordinary tag (and link) edit, built by [`accept`]; rejecting
//! is [`crate::edit::ops::reject_suggestion`]. Both are undoable.
//!
//! Suggestions are made for the project's working layer (the layer being edited): only its
//! mentions are learnt from and block a place, and only its rejections count.
//!
//! Pure: reads the project, returns data.

use crate::edit::Edit;
use crate::edit::ops::excerpt;
use crate::model::{
    ClusterId, DocId, EditError, Mention, MentionId, Project, RejectedSuggestion, TextRange,
};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

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

impl Suggester {
    /// Collects the tagged strings of `project` and builds the automaton.
    pub fn build(project: &Project) -> Suggester {
        let mut by_text: BTreeMap<String, BTreeMap<PairKey, usize>> = BTreeMap::new();
        let layer = project.working_layer();
        for doc in project.documents() {
            for m in project.mentions_in_layer(&doc.id, layer) {
                if m.fragments.len() != 1 {
                    continue;
                }
                let text = m.fragments[0].slice(doc.text());
                if text.chars().count() < MIN_CHARS || text.trim().is_empty() {
                    continue;
                }
                *by_text
                    .entry(text.to_string())
                    .or_default()
                    .entry((m.cluster.is_none(), m.type_key.clone(), m.cluster.clone()))
                    .or_default() += 1;
            }
        }
        let patterns: Vec<Pattern> = by_text
            .into_iter()
            .map(|(text, pairs)| {
                // Highest count; ties: clustered first (false < true), then keys in order.
                let ((_, type_key, cluster), support) = pairs
                    .into_iter()
                    .min_by(|(ka, na), (kb, nb)| nb.cmp(na).then_with(|| ka.cmp(kb)))
                    .expect("every entry has a pair");
                Pattern {
                    text,
                    type_key,
                    cluster,
                    support,
                }
            })
            .collect();
        Self::from_patterns(patterns)
    }

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
            let covered = |m: &Mention| {
                (m.fragments.len() == 1 && m.fragments[0] == range)
                    || (m.type_key == pat.type_key
                        && m.fragments.iter().any(|f| f.overlaps(&range)))
            };
            let layer = project.working_layer();
            if project
                .mentions_overlapping(doc, range.start(), range.end())
                .filter(|m| &m.layer == layer)
                .any(covered)
            {
                continue;
            }
            let s = Suggestion {
                doc: doc.clone(),
                range,
                type_key: pat.type_key.clone(),
                cluster: pat.cluster.clone(),
                text: pat.text.clone(),
                support: pat.support,
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

/// Builds the automaton and lists every suggestion of the project.
pub fn suggestions(project: &Project) -> Vec<Suggestion> {
    Suggester::build(project).suggest_all(project)
}

/// The edit that accepts a suggestion: a new mention `id` of the suggested type over the
/// suggested range, linked to the suggested cluster (if it still exists), with its label.
pub fn accept(
    project: &Project,
    s: &Suggestion,
    id: MentionId,
    author: &str,
    now: DateTime<Utc>,
) -> Result<(Edit, String), EditError> {
    let (edit, _) =
        crate::edit::ops::tag(project, id, &s.doc, vec![s.range], &s.type_key, author, now)?;
    let Edit::InsertMention(mut m) = edit else {
        unreachable!("tag builds one mention")
    };
    m.cluster = s.cluster.clone().filter(|c| project.cluster(c).is_some());
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
}
