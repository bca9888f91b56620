//! The timeline model: every event (a registry cluster, or an event mention in no cluster)
//! with where each document places it in time.
//!
//! An event's time comes only from what the annotator linked: an argument of the event whose
//! filler is a mention (or cluster) of a temporal type, or a relation between the event and
//! one. Each such date mention is a [`Placement`] in its own document. Nothing is guessed:
//! an event with no such link is listed in [`Timeline::untimed`], with the nearest date
//! mention of the same sentence offered as a [`Suggestion`] (one key in the UI turns it into
//! a time argument).
//!
//! A row's [`Row::disagreement`] is set when two placements cannot both be right: their
//! bounds do not overlap (for intervals on a line, some pair is disjoint exactly when the
//! latest start is after the earliest end).
//!
//! Cost: one pass over the mentions, in id order, that groups the members of event and
//! date clusters and finds the event mentions outside clusters (`timeline_index.rs`: lookups
//! made once per build instead of a B-tree search per member), then the links of each event;
//! sentences are looked at only around untimed event mentions (a scan of a few hundred bytes
//! at most, and an indexed lookup of the date mentions in it). O(n log n) in the project's
//! size.

use super::timeline_index::{EndKey, Index, key};
use super::{DateValue, MentionDate, Source, date_of, is_temporal};
use crate::edit::{Edit, ops};
use crate::model::{
    ArgumentId, ClusterId, DocId, EditError, Endpoint, InOrder, Join, Mention, MentionId, Project,
    RelationId, SmolStr, TypeKind,
};
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// An event: a cluster of an event type, or an event mention in no cluster.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventRef {
    Cluster(ClusterId),
    Mention(MentionId),
}

impl EventRef {
    pub fn id(&self) -> &str {
        match self {
            EventRef::Cluster(c) => c.as_str(),
            EventRef::Mention(m) => m.as_str(),
        }
    }

    pub fn endpoint(&self) -> Endpoint {
        match self {
            EventRef::Cluster(c) => Endpoint::Cluster(c.clone()),
            EventRef::Mention(m) => Endpoint::Mention(m.clone()),
        }
    }
}

/// A mention (of the event, or of a date) with what the UI needs to show and open it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MentionRef {
    pub id: MentionId,
    pub doc: DocId,
    /// UTF-8 byte offset of its start, for opening it.
    pub start: usize,
    /// The covered text (inline up to 23 bytes: an event may have thousands of mentions).
    pub text: SmolStr,
}

/// How a date is linked to the event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Via {
    Argument { id: ArgumentId, role: String },
    Relation { id: RelationId, type_key: String },
}

/// Where one document places the event: a date mention linked to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placement {
    /// The document of the date mention.
    pub document: DocId,
    pub date: MentionRef,
    pub value: DateValue,
    pub source: Source,
    pub via: Via,
}

/// One timed event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub event: EventRef,
    /// The cluster's name, or the mention's text.
    pub name: SmolStr,
    pub type_key: SmolStr,
    /// The event's mentions, in document order.
    pub mentions: Vec<MentionRef>,
    /// By document order, then position.
    pub placements: Vec<Placement>,
    /// The earliest and latest day over all placements.
    pub earliest: NaiveDate,
    pub latest: NaiveDate,
    /// Some two placements do not overlap.
    pub disagreement: bool,
}

impl Row {
    /// The distinct EDTF values, in placement order.
    pub fn values(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for p in &self.placements {
            if !out.contains(&p.value.edtf.as_str()) {
                out.push(&p.value.edtf);
            }
        }
        out
    }

    /// The documents that place the event, in document order.
    pub fn documents(&self) -> Vec<&DocId> {
        let mut out: Vec<&DocId> = Vec::new();
        for p in &self.placements {
            if !out.contains(&&p.document) {
                out.push(&p.document);
            }
        }
        out
    }
}

/// A date mention near an untimed event mention: the same sentence, nearest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub event_mention: MentionId,
    pub date: MentionRef,
    pub value: Option<DateValue>,
    /// The event type's role that would take the date (the first accepting its type).
    pub role: Option<String>,
}

/// An event with no time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Untimed {
    pub event: EventRef,
    pub name: SmolStr,
    pub type_key: SmolStr,
    pub mentions: Vec<MentionRef>,
    /// At most one per event mention.
    pub suggestions: Vec<Suggestion>,
}

impl Suggestion {
    /// The argument that accepts the suggestion: the date fills [`Suggestion::role`] of the
    /// event.
    pub fn edit(
        &self,
        project: &Project,
        event: &EventRef,
        id: ArgumentId,
    ) -> Result<(Edit, String), EditError> {
        let role = self.role.as_deref().ok_or_else(|| {
            EditError::NotAllowed("the event type has no role that takes this date".into())
        })?;
        ops::add_argument(
            project,
            id,
            &event.endpoint(),
            role,
            &Endpoint::Mention(self.date.id.clone()),
        )
    }
}

/// A date linked to an event whose value cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub event: EventRef,
    pub date: MentionRef,
    pub message: String,
}

/// What to show. Empty sets and `None` mean no filtering.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Event type keys.
    pub types: BTreeSet<String>,
    /// "Events involving X": an argument of the event filled by X or one of its mentions, or
    /// a relation between the event and X or one of its mentions.
    pub entity: Option<ClusterId>,
    /// Events mentioned in, or placed by, this document.
    pub document: Option<DocId>,
}

/// The timeline.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Timeline {
    /// Timed events, by earliest day, latest day, name, id.
    pub rows: Vec<Row>,
    /// Events without a time, by document order of their first mention.
    pub untimed: Vec<Untimed>,
    /// Linked dates whose value could not be used (not understood, or not EDTF).
    pub problems: Vec<Problem>,
}

struct Builder<'a> {
    project: &'a Project,
    /// Look for a date in the sentence of each untimed event mention now.
    suggest: bool,
    /// Lookups made once per build (see [`Index`]).
    index: Index<'a>,
}

/// An event being added: its reference, name (`None`: its one mention's text), type and
/// member mentions (by id).
struct Event<'a, 'b> {
    event: EventRef,
    name: Option<&'b str>,
    type_key: &'a str,
    members: &'b [&'a Mention],
}

/// Builds the timeline of `project`, with a suggestion for every untimed event.
pub fn build(project: &Project, filter: &Filter) -> Timeline {
    build_with(project, filter, true, &InOrder)
}

/// [`build`] without the untimed events' suggestions (their `suggestions` are empty) and
/// texts (their mentions' `text`, and the `name` of an event that is one mention, are empty):
/// the sentence scans and the reads of the texts are most of the cost when a project has many
/// untimed events, and a view needs them only for the rows it shows ([`suggestions_for`],
/// [`covered_texts`]).
pub fn build_lazy(project: &Project, filter: &Filter) -> Timeline {
    build_with(project, filter, false, &InOrder)
}

/// [`build_lazy`], with the walk over the mentions and the events' rows each in two halves
/// run by `join` (the same timeline either way).
pub fn build_lazy_with(project: &Project, filter: &Filter, join: &impl Join) -> Timeline {
    build_with(project, filter, false, join)
}

/// The suggestions of one untimed event (what [`build`] puts in [`Untimed::suggestions`]).
pub fn suggestions_for(project: &Project, u: &Untimed) -> Vec<Suggestion> {
    let b = Builder {
        project,
        suggest: true,
        index: Index::default(),
    };
    u.mentions
        .iter()
        .filter_map(|r| project.mention(&r.id))
        .filter_map(|m| b.suggestion(m, &u.type_key))
        .collect()
}

fn build_with(project: &Project, filter: &Filter, suggest: bool, join: &impl Join) -> Timeline {
    // The event type keys (a schema has a handful: a scan beats hashing).
    let event_types: Vec<&str> = project
        .schema()
        .types
        .iter()
        .filter(|t| t.kind == TypeKind::Event)
        .map(|t| t.key.as_str())
        .collect();
    let schema = project.schema();
    // Likewise the temporal ones (a type missing from the schema is neither).
    let temporal_types: Vec<&str> = schema
        .types
        .iter()
        .filter(|t| is_temporal(schema, &t.key))
        .map(|t| t.key.as_str())
        .collect();
    let (index, events) = Index::new(
        project,
        |k| event_types.contains(&k),
        |k| temporal_types.contains(&k),
        join,
    );
    let b = Builder {
        project,
        suggest,
        index,
    };
    // The events are the clusters, then the lone mentions; each half of that sequence makes
    // its events as it goes.
    let event = |i: usize| match events.clusters.get(i) {
        Some(&(c, g)) => Event {
            event: EventRef::Cluster(c.id.clone()),
            name: Some(&c.name),
            type_key: &c.type_key,
            members: b.index.group(g),
        },
        None => {
            let m = &events.lone[i - events.clusters.len()];
            Event {
                event: EventRef::Mention(m.id.clone()),
                name: None,
                type_key: &m.type_key,
                members: std::slice::from_ref(m),
            }
        }
    };
    let total = events.clusters.len() + events.lone.len();
    // Each half fills and sorts its own timeline; the two are then merged (both orders are
    // total, so the merge is what one sort of everything gives).
    let (first, second) = (0..total / 2, total / 2..total);
    let part = |evs: std::ops::Range<usize>| {
        // Most events of a big project are untimed: room for all of them at once.
        let mut out = Timeline {
            untimed: Vec::with_capacity(evs.len()),
            ..Timeline::default()
        };
        // The document position and start of each untimed event's first mention (its sort key).
        let mut firsts = Vec::with_capacity(evs.len());
        for i in evs {
            b.add_event(&event(i), filter, &mut out, &mut firsts);
        }
        out.rows.sort_by(|a, c| row_key(a).cmp(&row_key(c)));
        // By the first mention's place, then the event's id (unique: a total order). The
        // keys are made once and small pairs sorted; the rows are then moved once each.
        let mut untimed: Vec<_> = firsts.into_iter().zip(out.untimed).collect();
        untimed.sort_by_cached_key(|(first, u)| (*first, u.event.clone()));
        (out.rows, untimed, out.problems)
    };
    let ((rows, untimed, mut problems), (more_rows, more_untimed, more_problems)) =
        join.join(|| part(first), || part(second));
    problems.extend(more_problems);
    let untimed = merge(untimed, more_untimed, |(f, u), (g, v)| {
        (f, &u.event) <= (g, &v.event)
    });
    Timeline {
        rows: merge(rows, more_rows, |a, c| row_key(a) <= row_key(c)),
        untimed: untimed.into_iter().map(|(_, u)| u).collect(),
        problems,
    }
}

/// Fills in the covered text of each mention reference (what [`build_lazy`] leaves empty
/// for untimed events).
pub fn covered_texts(project: &Project, refs: &mut [MentionRef]) {
    for r in refs {
        let m = project.mention(&r.id);
        let doc = project.document(&r.doc);
        if let (Some(m), Some(d)) = (m, doc) {
            r.text = m.covered_text_compact(d.text());
        }
    }
}

/// The order of timed rows: earliest day, latest day, name, id.
fn row_key(r: &Row) -> (NaiveDate, NaiveDate, &str, &EventRef) {
    (r.earliest, r.latest, &r.name, &r.event)
}

/// Two sorted lists merged into one (`first` wins ties, which keeps a stable order).
fn merge<T>(a: Vec<T>, b: Vec<T>, before: impl Fn(&T, &T) -> bool) -> Vec<T> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let take_a = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => before(x, y),
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return out,
        };
        out.extend(if take_a { a.next() } else { b.next() });
    }
}

impl<'a> Builder<'a> {
    /// The mention's covered text.
    fn covered(&self, m: &Mention) -> SmolStr {
        self.index
            .doc(self.project, &m.doc)
            .map(|(_, text)| m.covered_text_compact(text))
            .unwrap_or_default()
    }

    /// Position of a document in the project (`usize::MAX` when unknown).
    fn doc_pos(&self, d: &DocId) -> usize {
        self.index
            .doc(self.project, d)
            .map_or(usize::MAX, |(i, _)| i)
    }

    fn mention_ref(&self, m: &Mention) -> MentionRef {
        MentionRef {
            id: m.id.clone(),
            doc: m.doc.clone(),
            start: m.start(),
            text: self.covered(m),
        }
    }

    /// The mentions' references, in document order (then start, then id), with their texts
    /// when `texts` (else see [`covered_texts`]), and the first one's document position.
    fn sorted_refs(&self, members: &[&Mention], texts: bool) -> (Vec<MentionRef>, Option<usize>) {
        let mut keyed: Vec<(usize, &str, &Mention)> = members
            .iter()
            .map(|m| {
                let (pos, text) = self
                    .index
                    .doc(self.project, &m.doc)
                    .unwrap_or((usize::MAX, ""));
                (pos, text, *m)
            })
            .collect();
        keyed.sort_by(|(p, _, a), (q, _, b)| (p, a.start(), &a.id).cmp(&(q, b.start(), &b.id)));
        let first = keyed.first().map(|k| k.0);
        let refs = keyed
            .into_iter()
            .map(|(_, text, m)| MentionRef {
                id: m.id.clone(),
                doc: m.doc.clone(),
                start: m.start(),
                text: if texts {
                    m.covered_text_compact(text)
                } else {
                    SmolStr::default()
                },
            })
            .collect();
        (refs, first)
    }

    /// The date mentions behind an endpoint of a temporal type (a mention, or a cluster's
    /// members).
    fn dates_at(&self, end: &Endpoint) -> Vec<&'a Mention> {
        let p = self.project;
        match end {
            Endpoint::Mention(id) => self
                .index
                .date(p, id, |k| is_temporal(p.schema(), k))
                .into_iter()
                .collect(),
            Endpoint::Cluster(c) => match p.cluster(c) {
                Some(cl) if is_temporal(p.schema(), &cl.type_key) => {
                    self.index.members(p, cl).into_owned()
                }
                _ => Vec::new(),
            },
        }
    }

    /// The cluster an endpoint belongs to (itself, or its mention's cluster).
    fn cluster_of<'e>(&'e self, end: &'e Endpoint) -> Option<&'e ClusterId> {
        match end {
            Endpoint::Cluster(c) => Some(c),
            Endpoint::Mention(m) => self.project.mention(m).and_then(|m| m.cluster.as_ref()),
        }
    }

    fn add_event(
        &self,
        ev: &Event<'a, '_>,
        filter: &Filter,
        out: &mut Timeline,
        firsts: &mut Vec<Option<(usize, usize)>>,
    ) {
        let &Event {
            ref event,
            name,
            type_key,
            members,
        } = ev;
        if !filter.types.is_empty() && !filter.types.contains(type_key) {
            return;
        }
        let (involves, linked) = self.links(event, members, filter.entity.as_ref());
        if filter.entity.is_some() && !involves {
            return;
        }
        let mut problems = Vec::new();
        let placements = self.placements(event, linked, &mut problems);
        // A lazy build leaves the texts of untimed events to the rows a view shows.
        let texts = self.suggest || !placements.is_empty();
        let (mentions, first_pos) = self.sorted_refs(members, texts);
        let name = match name {
            Some(n) => SmolStr::new(n),
            None => mentions.first().map(|m| m.text.clone()).unwrap_or_default(),
        };
        if let Some(doc) = &filter.document
            && !mentions.iter().any(|m| &m.doc == doc)
            && !placements.iter().any(|pl| &pl.document == doc)
        {
            return;
        }
        out.problems.extend(problems);
        if placements.is_empty() {
            let suggestions = if self.suggest {
                members
                    .iter()
                    .filter_map(|m| self.suggestion(m, type_key))
                    .collect()
            } else {
                Vec::new()
            };
            firsts.push(first_pos.zip(mentions.first().map(|m| m.start)));
            out.untimed.push(Untimed {
                event: event.clone(),
                name,
                type_key: SmolStr::new(type_key),
                mentions,
                suggestions,
            });
            return;
        }
        let earliest = placements.iter().map(|pl| pl.value.earliest).min();
        let latest = placements.iter().map(|pl| pl.value.latest).max();
        let latest_start = placements.iter().map(|pl| pl.value.earliest).max();
        let earliest_end = placements.iter().map(|pl| pl.value.latest).min();
        let (Some(earliest), Some(latest)) = (earliest, latest) else {
            return;
        };
        out.rows.push(Row {
            event: event.clone(),
            name,
            type_key: SmolStr::new(type_key),
            mentions,
            placements,
            earliest,
            latest,
            disagreement: latest_start > earliest_end,
        });
    }

    /// Whether the event involves cluster `entity` (through its arguments and relations;
    /// false when `entity` is `None`), and the date mentions linked to it, with the link.
    fn links(
        &self,
        ev: &EventRef,
        members: &[&'a Mention],
        entity: Option<&ClusterId>,
    ) -> (bool, Vec<(&'a Mention, Via)>) {
        let mut ends: Vec<EndKey> = match ev {
            EventRef::Cluster(c) => vec![(1, c.as_str())],
            EventRef::Mention(m) => vec![(0, m.as_str())],
        };
        if let EventRef::Cluster(_) = ev {
            ends.extend(members.iter().map(|m| (0, m.id.as_str())));
        }
        let mut involves = false;
        let mut involved = |end: &Endpoint| {
            if let Some(x) = entity
                && !involves
            {
                involves = self.cluster_of(end) == Some(x);
            }
        };
        let mut linked: Vec<(&Mention, Via)> = Vec::new();
        for &end in &ends {
            for a in self.index.arguments_of_event(end) {
                involved(&a.target);
                let dates = self.dates_at(&a.target);
                if dates.is_empty() {
                    continue;
                }
                let via = Via::Argument {
                    id: a.id.clone(),
                    role: a.role.clone(),
                };
                linked.extend(dates.into_iter().map(|d| (d, via.clone())));
            }
            for r in self.index.relations_of(end) {
                let other = if key(&r.from) == end { &r.to } else { &r.from };
                involved(other);
                let dates = self.dates_at(other);
                if dates.is_empty() {
                    continue;
                }
                let via = Via::Relation {
                    id: r.id.clone(),
                    type_key: r.type_key.clone(),
                };
                linked.extend(dates.into_iter().map(|d| (d, via.clone())));
            }
        }
        (involves, linked)
    }

    /// The placements of the linked dates, in document order; dates that cannot be used go
    /// to `problems`.
    fn placements(
        &self,
        ev: &EventRef,
        linked: Vec<(&Mention, Via)>,
        problems: &mut Vec<Problem>,
    ) -> Vec<Placement> {
        let p = self.project;
        let mut placements = Vec::new();
        for (d, via) in linked {
            let date = self.mention_ref(d);
            match date_of(p, d) {
                Some(Ok(MentionDate { value, source, .. })) => placements.push(Placement {
                    document: d.doc.clone(),
                    date,
                    value,
                    source,
                    via,
                }),
                Some(Err(e)) => problems.push(Problem {
                    event: ev.clone(),
                    date,
                    message: e.to_string(),
                }),
                None => {
                    let message = format!(
                        "'{}' is not understood as a date; give it a value (EDTF)",
                        date.text
                    );
                    problems.push(Problem {
                        event: ev.clone(),
                        date,
                        message,
                    });
                }
            }
        }
        let pos = |d: &DocId| self.doc_pos(d);
        placements.sort_by(|a, b| {
            (pos(&a.document), a.date.start, &a.date.id, via_id(&a.via)).cmp(&(
                pos(&b.document),
                b.date.start,
                &b.date.id,
                via_id(&b.via),
            ))
        });
        placements.dedup_by(|a, b| a.date.id == b.date.id && a.via == b.via);
        placements
    }

    /// The nearest date mention in the sentence of event mention `m`.
    fn suggestion(&self, m: &Mention, event_type: &str) -> Option<Suggestion> {
        let p = self.project;
        let text = p.document(&m.doc)?.text();
        let (s, e) = sentence_around(text, m.start(), m.end());
        let gap = |d: &Mention| {
            if d.end() <= m.start() {
                m.start() - d.end()
            } else {
                d.start().saturating_sub(m.end())
            }
        };
        let date = p
            .mentions_overlapping(&m.doc, s, e)
            .filter(|d| d.id != m.id && is_temporal(p.schema(), &d.type_key))
            .filter(|d| d.start() >= s && d.end() <= e)
            .min_by_key(|d| (gap(d), d.start(), d.id.clone()))?;
        let value = date_of(p, date).and_then(Result::ok).map(|d| d.value);
        let role = p.schema().type_def(event_type).and_then(|t| {
            t.roles
                .iter()
                .find(|r| r.accepts.iter().any(|a| *a == date.type_key))
                .or_else(|| t.roles.iter().find(|r| r.accepts.is_empty()))
                .map(|r| r.key.clone())
        });
        Some(Suggestion {
            event_mention: m.id.clone(),
            date: self.mention_ref(date),
            value,
            role,
        })
    }
}

fn via_id(v: &Via) -> &str {
    match v {
        Via::Argument { id, .. } => id.as_str(),
        Via::Relation { id, .. } => id.as_str(),
    }
}

/// Bytes of the sentence holding `start..end`: from after the last sentence end before it to
/// the first after it, where a sentence ends at a line break, or at `.`, `!` or `?` followed
/// by a space and a capital letter (so "Sept. 11" and "1.5" do not end one). Looked for at
/// most a few hundred bytes either side, so the cost does not grow with the document.
pub(crate) fn sentence_around(text: &str, start: usize, end: usize) -> (usize, usize) {
    const WINDOW: usize = 600;
    let b = text.as_bytes();
    let ends_here = |i: usize| -> bool {
        // Whether a sentence ends right after byte `i`.
        match b[i] {
            b'\n' => true,
            b'.' | b'!' | b'?' => {
                let rest = &text[i + 1..];
                let after = rest.trim_start_matches([' ', '\t', '"', '\u{201d}', ')']);
                after.len() < rest.len()
                    && after
                        .chars()
                        .next()
                        .is_none_or(|c| c.is_uppercase() || c == '\u{201c}' || c == '"')
            }
            _ => false,
        }
    };
    let mut s = start;
    let lo = start.saturating_sub(WINDOW);
    while s > lo && !ends_here(s - 1) {
        s -= 1;
    }
    while s < start && text.as_bytes()[s].is_ascii_whitespace() {
        s += 1;
    }
    let hi = (end + WINDOW).min(b.len());
    let mut e = end;
    while e < hi && !ends_here(e) {
        e += 1;
    }
    if e < hi && b[e] != b'\n' {
        e += 1; // keep the full stop
    }
    while !text.is_char_boundary(s) {
        s += 1;
    }
    while !text.is_char_boundary(e) {
        e += 1;
    }
    (s.min(start), e.max(end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_are_found_locally() {
        let t = "The army moved. On Sept. 11 the coup began! Later, exile.\nNext line.";
        let at = t.find("coup").unwrap();
        let (s, e) = sentence_around(t, at, at + 4);
        assert_eq!(&t[s..e], "On Sept. 11 the coup began!");
        let at = t.find("exile").unwrap();
        let (s, e) = sentence_around(t, at, at + 5);
        assert_eq!(&t[s..e], "Later, exile.");
        let (s, e) = sentence_around("é coup é", 3, 7);
        assert_eq!((s, e), (0, 10));
    }
}
