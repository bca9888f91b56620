//! Pre-merging what the annotators agree on into the curation layer (`weft curate --auto`).
//!
//! Agreement is counted per unit, over the compared layers:
//!
//! * a **mention**: an identity (document, exact fragments) with a type;
//! * an **entity or event**: a cluster whose member identities are exactly the same set;
//! * a **relation**: (type, end, end), ends keyed as for disagreements (a mention by its
//!   identity, a cluster by its entity/event group; either order for a symmetric type);
//! * an **argument**: (event end, role, filler end).
//!
//! [`AutoMode::Agree`] takes a unit every compared layer has; [`AutoMode::Majority`] one that
//! more than half of them have. A unit the curation layer already has (a mention of that
//! identity, a cluster over those mentions, an equal link) is left alone, as is a link whose
//! ends the curation layer cannot hold. Everything goes in as one undoable edit.

use super::decide::Maker;
use super::index::{Ident, Index};
use super::items::{argument_key, relation_key};
use crate::edit::Edit;
use crate::model::{
    Argument, ArgumentId, ClusterId, EditError, Endpoint, Layer, Mention, MentionId, Project,
    Relation, RelationId,
};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// How much agreement a unit needs to be taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AutoMode {
    /// Every compared layer has it.
    Agree,
    /// More than half of the compared layers have it.
    Majority,
}

impl AutoMode {
    fn wins(self, count: usize, of: usize) -> bool {
        match self {
            AutoMode::Agree => count == of,
            AutoMode::Majority => 2 * count > of,
        }
    }
}

/// What [`auto`] took into the curation layer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AutoSummary {
    pub mentions: usize,
    pub clusters: usize,
    pub relations: usize,
    pub arguments: usize,
    /// The history label.
    pub label: String,
}

/// Plans the curation layer's new objects.
struct Plan<'i, 'x> {
    index: &'i Index<'i>,
    maker: Maker<'x>,
    /// The curation layer's mention of each identity (existing or new), and whether it is
    /// linked to a cluster.
    mention_of: HashMap<Ident, (MentionId, bool)>,
    /// The curation cluster of each identity (existing or new).
    cluster_of: HashMap<Ident, ClusterId>,
    /// New clusters (they go in first: mentions refer to them).
    new_clusters: Vec<Edit>,
    edits: Vec<Edit>,
    summary: AutoSummary,
}

/// The edit that copies into the curation layer every unit `mode` takes (see the module
/// docs), with what it took. `ids` makes new ids from a prefix; `author` is the curator.
pub fn auto(
    project: &Project,
    layers: &[Layer],
    mode: AutoMode,
    ids: &mut dyn FnMut(&str) -> String,
    author: &str,
    now: DateTime<Utc>,
) -> Result<(Edit, AutoSummary), EditError> {
    if layers.len() < 2 || layers.iter().any(Layer::is_curation) {
        return Err(EditError::NotAllowed(
            "pre-merging compares two or more annotators' layers".into(),
        ));
    }
    let index = Index::new(project, layers);
    let mut plan = Plan {
        index: &index,
        maker: Maker { ids, author, now },
        mention_of: HashMap::new(),
        cluster_of: HashMap::new(),
        new_clusters: Vec::new(),
        edits: Vec::new(),
        summary: AutoSummary::default(),
    };
    for (i, per_layer) in &index.by_ident {
        for m in &per_layer[index.cur()] {
            plan.mention_of
                .insert(i.clone(), (m.id.clone(), m.cluster.is_some()));
            if let Some(c) = &m.cluster {
                plan.cluster_of.insert(i.clone(), c.clone());
            }
        }
    }
    plan.mentions(mode);
    plan.clusters(mode);
    plan.links(mode);
    let s = &mut plan.summary;
    s.label = format!(
        "pre-merge what {} annotators agree on: {} mentions, {} entities/events, {} relations, {} arguments",
        if mode == AutoMode::Agree {
            "all"
        } else {
            "most"
        },
        s.mentions,
        s.clusters,
        s.relations,
        s.arguments
    );
    let mut edits = plan.new_clusters;
    edits.extend(plan.edits);
    Ok((Edit::Batch(edits), plan.summary))
}

impl Plan<'_, '_> {
    fn n(&self) -> usize {
        self.index.layers.len()
    }

    fn mentions(&mut self, mode: AutoMode) {
        let n = self.n();
        for (i, per_layer) in &self.index.by_ident {
            if self.mention_of.contains_key(i) {
                continue;
            }
            let mut votes: BTreeMap<&str, (usize, &Mention)> = BTreeMap::new();
            for ms in &per_layer[..n] {
                let types: BTreeSet<&str> = ms.iter().map(|m| m.type_key.as_str()).collect();
                for t in types {
                    let m = ms.iter().find(|m| m.type_key == t).copied();
                    if let Some(m) = m {
                        votes.entry(t).or_insert((0, m)).0 += 1;
                    }
                }
            }
            if let Some((_, (_, m))) = votes.iter().find(|(_, (c, _))| mode.wins(*c, n)) {
                let copy = self.maker.mention(m, None);
                self.mention_of.insert(i.clone(), (copy.id.clone(), false));
                self.edits.push(Edit::InsertMention(copy));
                self.summary.mentions += 1;
            }
        }
    }

    fn clusters(&mut self, mode: AutoMode) {
        let n = self.n();
        let project = self.index.project;
        let mut votes: BTreeMap<Vec<Ident>, (BTreeSet<usize>, &ClusterId)> = BTreeMap::new();
        for group in &self.index.groups {
            for (k, c) in &group.clusters {
                if let Some(members) = self.index.members.get(c).filter(|m| !m.is_empty()) {
                    votes
                        .entry(members.clone())
                        .or_insert((BTreeSet::new(), c))
                        .0
                        .insert(*k);
                }
            }
        }
        for (members, (layers, c)) in votes {
            if !mode.wins(layers.len(), n) {
                continue;
            }
            let free = members
                .iter()
                .all(|i| matches!(self.mention_of.get(i), Some((_, false))));
            let Some(cl) = project.cluster(c).filter(|_| free) else {
                continue;
            };
            let copy = self.maker.cluster(cl);
            let cid = copy.id.clone();
            self.new_clusters.push(Edit::InsertCluster(copy));
            for i in &members {
                let Some((mid, linked)) = self.mention_of.get_mut(i) else {
                    continue;
                };
                *linked = true;
                let mid = mid.clone();
                self.link(&mid, &cid);
                self.cluster_of.insert(i.clone(), cid.clone());
            }
            self.summary.clusters += 1;
        }
    }

    /// Links a curation mention (already in the project, or inserted by this plan) to `c`.
    fn link(&mut self, mid: &MentionId, c: &ClusterId) {
        for e in self.edits.iter_mut() {
            if let Edit::InsertMention(m) = e
                && &m.id == mid
            {
                m.cluster = Some(c.clone());
                return;
            }
        }
        if let Some(m) = self.index.project.mention(mid) {
            self.edits.push(Edit::ReplaceMention(Mention {
                cluster: Some(c.clone()),
                modified: self.maker.now,
                ..m.clone()
            }));
        }
    }

    /// The curation end for an end of a compared layer, if the curation layer has one.
    fn end(&self, e: &Endpoint) -> Option<Endpoint> {
        let project = self.index.project;
        match e {
            Endpoint::Mention(id) => {
                let m = project.mention(id)?;
                let i = super::index::ident(project, m);
                self.mention_of
                    .get(&i)
                    .map(|(id, _)| Endpoint::Mention(id.clone()))
            }
            Endpoint::Cluster(id) => {
                let members = self.index.members.get(id)?;
                let mut votes: BTreeMap<&ClusterId, usize> = BTreeMap::new();
                for i in members {
                    if let Some(c) = self.cluster_of.get(i) {
                        *votes.entry(c).or_default() += 1;
                    }
                }
                votes
                    .into_iter()
                    .max_by_key(|(c, n)| (*n, std::cmp::Reverse(*c)))
                    .map(|(c, _)| Endpoint::Cluster(c.clone()))
            }
        }
    }

    fn links(&mut self, mode: AutoMode) {
        let n = self.n();
        let project = self.index.project;
        let slot = |l: &Layer| self.index.layers.iter().position(|x| x == l);
        let mut rels: BTreeMap<(String, String), (BTreeSet<usize>, &Relation)> = BTreeMap::new();
        let mut have: BTreeSet<(String, String)> = BTreeSet::new();
        for r in project.relations() {
            let Some(key) = relation_key(self.index, r) else {
                continue;
            };
            let unit = (key, r.type_key.clone());
            if r.layer.is_curation() {
                have.insert(unit);
            } else if let Some(k) = slot(&r.layer) {
                rels.entry(unit).or_insert((BTreeSet::new(), r)).0.insert(k);
            }
        }
        for (unit, (layers, r)) in rels {
            if have.contains(&unit) || !mode.wins(layers.len(), n) {
                continue;
            }
            if let (Some(from), Some(to)) = (self.end(&r.from), self.end(&r.to)) {
                self.edits.push(Edit::InsertRelation(Relation {
                    id: RelationId::new((self.maker.ids)(RelationId::PREFIX)),
                    from,
                    to,
                    layer: Layer::curation(),
                    ..r.clone()
                }));
                self.summary.relations += 1;
            }
        }
        let mut args: BTreeMap<(String, String), (BTreeSet<usize>, &Argument)> = BTreeMap::new();
        let mut have: BTreeSet<(String, String)> = BTreeSet::new();
        for a in project.arguments() {
            let (Some(key), Some(filler)) =
                (argument_key(self.index, a), self.index.end_key(&a.target))
            else {
                continue;
            };
            let unit = (key, filler);
            if a.layer.is_curation() {
                have.insert(unit);
            } else if let Some(k) = slot(&a.layer) {
                args.entry(unit).or_insert((BTreeSet::new(), a)).0.insert(k);
            }
        }
        for (unit, (layers, a)) in args {
            if have.contains(&unit) || !mode.wins(layers.len(), n) {
                continue;
            }
            if let (Some(event), Some(target)) = (self.end(&a.event), self.end(&a.target)) {
                self.edits.push(Edit::InsertArgument(Argument {
                    id: ArgumentId::new((self.maker.ids)(ArgumentId::PREFIX)),
                    event,
                    target,
                    role: a.role.clone(),
                    layer: Layer::curation(),
                }));
                self.summary.arguments += 1;
            }
        }
    }
}
