//! The lookups a timeline build makes once instead of once per event.
//!
//! The project's own indexes answer one question at a time: a mention by id is a search of a
//! B-tree of every mention (a string comparison and a cache miss at each level), a cluster's
//! members are one such search each, an endpoint's links a SipHash of its id. On a project of
//! a million mentions with a hundred thousand events those searches were most of the build.
//! [`Index::new`] walks the mentions once, in id order, and keeps what the build will ask:
//!
//! - the members of every cluster of an event or temporal type (in id order, as
//!   [`Project::members`] gives them) and the event mentions in no cluster (by id);
//! - the mentions of a temporal type at the ends of arguments and relations, by id (what a
//!   link end is asked: is it a date?);
//! - each document's position and text, by id;
//! - the arguments by their event end and the relations by either end, each in id order (as
//!   [`Project::arguments_of_event`] and [`Project::relations_of`] give them).
//!
//! Documents and clusters are keyed by copies of their ids (inline, no allocation), links by
//! ids borrowed from the project; all are hashed with foldhash; the
//! maps are only looked up, never iterated, so their order never reaches the output.

use crate::model::project::MentionRange;
use crate::model::{
    Argument, Cluster, ClusterId, DocId, Endpoint, Join, Mention, MentionId, Project, Relation,
};
use std::borrow::Cow;

use crate::model::FastMap;

/// Links by endpoint: mention ends (`[0]`) and cluster ends (`[1]`) by borrowed id.
type ByEnd<'a, T> = [FastMap<&'a str, Vec<&'a T>>; 2];

/// An endpoint as the index keys it: which map of a [`ByEnd`] holds it, and its id.
pub(super) type EndKey<'e> = (usize, &'e str);

/// See [`EndKey`].
pub(super) fn key(e: &Endpoint) -> EndKey<'_> {
    match e {
        Endpoint::Mention(m) => (0, m.as_str()),
        Endpoint::Cluster(c) => (1, c.as_str()),
    }
}

fn push<'a, T>(map: &mut ByEnd<'a, T>, end: &'a Endpoint, item: &'a T) {
    let (k, id) = key(end);
    map[k].entry(id).or_default().push(item);
}

fn get<'s, 'a, T>(map: &'s ByEnd<'a, T>, (k, id): EndKey) -> &'s [&'a T] {
    map[k].get(id).map_or(&[], Vec::as_slice)
}

/// See the module documentation. An empty index ([`Index::default`], for the suggestions of
/// one event) finds documents and members through the project's own lookups, and knows no
/// links.
///
/// Mentions at link ends are looked up in the project as the links of events need them: the
/// links that touch events are a small part of a project's mentions, and a lookup of every
/// mention's id in a map of the link ends cost more than those searches.
#[derive(Default)]
pub(super) struct Index<'a> {
    full: bool,
    /// Position in the project and text of each document.
    /// Keys here are copies of the ids (inline, see `model::ids`): a probe compares against
    /// the table's own memory, not the document's or cluster's (a cache miss per mention).
    docs: FastMap<DocId, (usize, &'a str)>,
    /// Index into `groups` of each cluster whose members were kept.
    group_of: FastMap<ClusterId, usize>,
    groups: Vec<Vec<&'a Mention>>,
    /// The mentions of a temporal type at link ends, by a copy of their id: a link end is
    /// looked up here (one probe) rather than in the project's B-tree of every mention.
    dates: FastMap<MentionId, &'a Mention>,
    arguments: ByEnd<'a, Argument>,
    relations: ByEnd<'a, Relation>,
}

/// The events of a project: clusters of an event type (by id) with their members (by id),
/// then event mentions in no cluster (by id).
pub(super) struct Events<'a> {
    pub clusters: Vec<(&'a Cluster, usize)>,
    pub lone: Vec<&'a Mention>,
}

impl<'a> Index<'a> {
    /// Walks `project` once. `is_event` and `is_temporal` tell the type keys whose clusters'
    /// members are kept (events, and the dates that may place them).
    ///
    /// The walk over the mentions runs in two halves by `join` ([`Project::mention_halves`]);
    /// the halves' groups and lone events are joined in id order.
    pub fn new(
        project: &'a Project,
        is_event: impl Fn(&str) -> bool + Sync,
        is_temporal: impl Fn(&str) -> bool + Sync,
        join: &impl Join,
    ) -> (Index<'a>, Events<'a>) {
        let mut ix = Index {
            full: true,
            ..Index::default()
        };
        ix.docs = project
            .documents()
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), (i, d.text())))
            .collect();
        for a in project.arguments() {
            push(&mut ix.arguments, &a.event, a);
        }
        for r in project.relations() {
            push(&mut ix.relations, &r.from, r);
            if r.to != r.from {
                push(&mut ix.relations, &r.to, r);
            }
        }
        // The mentions a link may tie to an event as its time, sorted like the mentions (by
        // id): the walk below finds those of a temporal type by stepping along both.
        let mut link_ends: Vec<&str> = project
            .arguments()
            .map(|a| &a.target)
            .chain(project.relations().flat_map(|r| [&r.from, &r.to]))
            .filter_map(|e| e.mention().map(MentionId::as_str))
            .collect();
        link_ends.sort_unstable();
        link_ends.dedup();
        let mut events = Events {
            clusters: Vec::new(),
            lone: Vec::new(),
        };
        for c in project.clusters() {
            let event = is_event(&c.type_key);
            if event || is_temporal(&c.type_key) {
                ix.group_of.insert(c.id.clone(), ix.groups.len());
                if event {
                    events.clusters.push((c, ix.groups.len()));
                }
                ix.groups.push(Vec::new());
            }
        }
        let (groups, group_of) = (ix.groups.len(), &ix.group_of);
        let (is_temporal, link_ends) = (&is_temporal, &link_ends);
        let part = |half: MentionRange<'a>| {
            let mut members: Vec<Vec<&'a Mention>> = vec![Vec::new(); groups];
            let (mut lone, mut dates) = (Vec::new(), Vec::new());
            let mut next_end = 0;
            for m in half {
                match &m.cluster {
                    Some(c) => {
                        if let Some(&g) = group_of.get(c.as_str()) {
                            members[g].push(m);
                        }
                    }
                    None if is_event(&m.type_key) => lone.push(m),
                    None => {}
                }
                if is_temporal(&m.type_key) {
                    let id = m.id.as_str();
                    while link_ends.get(next_end).is_some_and(|e| *e < id) {
                        next_end += 1;
                    }
                    if link_ends.get(next_end) == Some(&id) {
                        dates.push(m);
                    }
                }
            }
            (members, lone, dates)
        };
        let [first, second] = project.mention_halves();
        let ((members, lone, dates), (more_members, more_lone, more_dates)) =
            join.join(|| part(first), || part(second));
        ix.groups = members;
        for (g, more) in ix.groups.iter_mut().zip(more_members) {
            g.extend(more);
        }
        events.lone = lone;
        events.lone.extend(more_lone);
        ix.dates = dates
            .into_iter()
            .chain(more_dates)
            .map(|m| (m.id.clone(), m))
            .collect();
        (ix, events)
    }

    /// Members of group `g` (see [`Events::clusters`]), by id.
    pub fn group(&self, g: usize) -> &[&'a Mention] {
        &self.groups[g]
    }

    /// The members of a cluster, by id.
    pub fn members(&self, project: &'a Project, c: &Cluster) -> Cow<'_, [&'a Mention]> {
        match self.group_of.get(c.id.as_str()) {
            Some(&g) => Cow::Borrowed(&self.groups[g]),
            None => Cow::Owned(project.members(&c.id).collect()),
        }
    }

    /// The document's position in the project and its text.
    pub fn doc(&self, project: &'a Project, id: &DocId) -> Option<(usize, &'a str)> {
        if self.full {
            return self.docs.get(id.as_str()).copied();
        }
        let i = project.document_position(id)?;
        Some((i, project.documents()[i].text()))
    }

    /// The mention `id` if it is of a temporal type (`is_temporal` asks the type when the
    /// index is empty).
    pub fn date(
        &self,
        project: &'a Project,
        id: &MentionId,
        is_temporal: impl Fn(&str) -> bool,
    ) -> Option<&'a Mention> {
        if self.full {
            return self.dates.get(id.as_str()).copied();
        }
        project.mention(id).filter(|m| is_temporal(&m.type_key))
    }

    /// Arguments whose event end is `end`, by id (none in an empty index).
    pub fn arguments_of_event(&self, end: EndKey) -> &[&'a Argument] {
        get(&self.arguments, end)
    }

    /// Relations with `end` at either end, by id (none in an empty index).
    pub fn relations_of(&self, end: EndKey) -> &[&'a Relation] {
        get(&self.relations, end)
    }
}
