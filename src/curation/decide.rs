//! The curator's decisions: each one edit into the curation layer, with its mark.

use super::index::{Ident, Index, ident};
use super::items::{argument_key, group_key, relation_key};
use super::types::{Disagreements, Item, Kind, Version};
use crate::edit::Edit;
use crate::model::{
    Argument, ArgumentId, Cluster, ClusterId, CurationMark, EditError, Endpoint, Layer, Mention,
    MentionId, Project, Relation, RelationId, Settlement,
};
use chrono::{DateTime, Utc};
use std::collections::{BTreeSet, HashMap};

/// What the curator decided about one item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Take the version of this (compared) layer.
    Accept(Layer),
    /// The curator's own version: this edit (new objects go to the curation layer), marked as
    /// edited.
    Edit(Box<Edit>),
    /// Leave it: marked as skipped (it counts as settled).
    Skip,
    /// Forget the decision (the mark is removed; the curation layer keeps what it has).
    Reopen,
}

/// New ids for the objects a decision copies, and who decides when.
pub(super) struct Maker<'a> {
    pub ids: &'a mut dyn FnMut(&str) -> String,
    pub author: &'a str,
    pub now: DateTime<Utc>,
}

impl Maker<'_> {
    pub fn mention(&mut self, m: &Mention, cluster: Option<ClusterId>) -> Mention {
        Mention {
            id: MentionId::new((self.ids)(MentionId::PREFIX)),
            cluster,
            author: self.author.to_string(),
            created: self.now,
            modified: self.now,
            layer: Layer::curation(),
            ..m.clone()
        }
    }

    pub fn cluster(&mut self, c: &Cluster) -> Cluster {
        Cluster {
            id: ClusterId::new((self.ids)(ClusterId::PREFIX)),
            layer: Layer::curation(),
            ..c.clone()
        }
    }
}

/// The one edit (and its history label) that carries `decision` on `item` (of `d`, listed for
/// `project`) into the curation layer, with the item's mark. `ids` makes new ids from a
/// prefix (`m_`, `c_`, `r_`, `a_`); `author` is the curator.
pub fn decide(
    project: &Project,
    d: &Disagreements,
    item: &Item,
    decision: Decision,
    ids: &mut dyn FnMut(&str) -> String,
    author: &str,
    now: DateTime<Utc>,
) -> Result<(Edit, String), EditError> {
    let what = format!("{} disagreement", item.kind.name());
    let mark = |settlement: Settlement| Edit::SetMark {
        item: item.key.clone(),
        mark: Some(CurationMark {
            item: item.key.clone(),
            settlement,
            author: author.to_string(),
            at: now,
        }),
    };
    match decision {
        Decision::Skip => Ok((mark(Settlement::Skipped), format!("skip a {what}"))),
        Decision::Reopen => Ok((
            Edit::SetMark {
                item: item.key.clone(),
                mark: None,
            },
            format!("reopen a {what}"),
        )),
        Decision::Edit(edit) => Ok((
            Edit::Batch(vec![
                crate::edit::layers::stamp(*edit, &Layer::curation()),
                mark(Settlement::Edited),
            ]),
            format!("settle a {what} by hand"),
        )),
        Decision::Accept(layer) => {
            let k = d.layers.iter().position(|l| l == &layer).ok_or_else(|| {
                EditError::NotAllowed(format!("the layer of {layer} is not compared here"))
            })?;
            let index = Index::new(project, &d.layers);
            let mut maker = Maker { ids, author, now };
            let mut edits = match item.kind {
                Kind::Span | Kind::Type => accept_mentions(project, item, k, &mut maker),
                Kind::Membership => accept_membership(&index, item, k, &mut maker)?,
                Kind::Relation => accept_relations(&index, item, &layer, &mut maker)?,
                Kind::Argument => accept_arguments(&index, item, &layer, &mut maker)?,
            };
            edits.push(mark(Settlement::Accepted(layer.clone())));
            Ok((
                Edit::Batch(edits),
                format!("accept {layer}'s version of a {what}"),
            ))
        }
    }
}

/// The curation layer's mentions of the item replaced by copies of layer `k`'s.
fn accept_mentions(project: &Project, item: &Item, k: usize, maker: &mut Maker) -> Vec<Edit> {
    let mut edits = Vec::new();
    if let Version::Mentions(cur) = &item.curation {
        edits.extend(cur.iter().map(|m| Edit::DeleteMention(m.id.clone())));
    }
    if let Some(Version::Mentions(theirs)) = item.versions.get(k) {
        for v in theirs {
            if let Some(m) = project.mention(&v.id) {
                edits.push(Edit::InsertMention(maker.mention(m, None)));
            }
        }
    }
    edits
}

/// The curation layer's clusters over the group's mentions drawn as layer `k` drew them.
fn accept_membership(
    index: &Index,
    item: &Item,
    k: usize,
    maker: &mut Maker,
) -> Result<Vec<Edit>, EditError> {
    let project = index.project;
    let group = index
        .groups
        .iter()
        .find(|g| group_key(g) == item.key)
        .ok_or_else(|| {
            EditError::NotAllowed("this disagreement changed; list them again".into())
        })?;
    let mut clusters = Vec::new();
    let mut copy_of: HashMap<&ClusterId, ClusterId> = HashMap::new();
    for (l, c) in &group.clusters {
        if *l != k {
            continue;
        }
        let Some(cl) = project.cluster(c) else {
            continue;
        };
        let copy = maker.cluster(cl);
        copy_of.insert(c, copy.id.clone());
        clusters.push(Edit::InsertCluster(copy));
    }
    let mut mentions = Vec::new();
    let mut moved: BTreeSet<MentionId> = BTreeSet::new();
    let mut touched: BTreeSet<ClusterId> = BTreeSet::new();
    for i in &group.idents {
        // The j-th curation mention of this identity goes where the j-th of layer k's does
        // (an identity tagged twice may be in two clusters).
        let theirs = &index.by_ident[i][k];
        let want = |j: usize| {
            theirs
                .get(j)
                .and_then(|m| m.cluster.as_ref())
                .and_then(|c| copy_of.get(c).cloned())
        };
        let cur = &index.by_ident[i][index.cur()];
        for (j, m) in cur.iter().enumerate() {
            let want = want(j);
            if m.cluster != want {
                if let Some(old) = &m.cluster {
                    touched.insert(old.clone());
                }
                moved.insert(m.id.clone());
                mentions.push(Edit::ReplaceMention(Mention {
                    cluster: want,
                    modified: maker.now,
                    ..(*m).clone()
                }));
            }
        }
        for (j, m) in theirs.iter().enumerate().skip(cur.len()) {
            if let Some(c) = want(j) {
                mentions.push(Edit::InsertMention(maker.mention(m, Some(c))));
            }
        }
    }
    let mut emptied = Vec::new();
    for c in touched {
        let left = project.members(&c).any(|m| !moved.contains(&m.id));
        let end = Endpoint::Cluster(c.clone());
        let linked = project.relations_of(&end).next().is_some()
            || project.arguments_of(&end).next().is_some();
        if !left && !linked {
            emptied.push(Edit::DeleteCluster(c));
        }
    }
    clusters.extend(mentions);
    clusters.extend(emptied);
    Ok(clusters)
}

/// Maps ends of a compared layer to the curation layer, copying mentions it lacks.
struct Ends<'i, 'm, 'x> {
    index: &'i Index<'i>,
    new_mentions: HashMap<(Ident, usize), MentionId>,
    new_clusters: HashMap<(String, String), ClusterId>,
    edits: Vec<Edit>,
    maker: &'m mut Maker<'x>,
}

impl Ends<'_, '_, '_> {
    fn map(&mut self, e: &Endpoint) -> Result<Endpoint, EditError> {
        let project = self.index.project;
        match e {
            Endpoint::Mention(id) => {
                let m = project
                    .mention(id)
                    .ok_or_else(|| EditError::UnknownMention(id.clone()))?;
                let i = ident(project, m);
                // The j-th mention of an identity in its layer is the j-th in curation (an
                // identity tagged twice keeps two ends).
                let per = self.index.by_ident.get(&i);
                let cur = self.index.cur();
                let j = per
                    .and_then(|per| {
                        per[..cur]
                            .iter()
                            .find_map(|ms| ms.iter().position(|x| x.id == m.id))
                    })
                    .unwrap_or(0);
                if let Some(c) = per.and_then(|per| per[cur].get(j)) {
                    return Ok(Endpoint::Mention(c.id.clone()));
                }
                if let Some(n) = self.new_mentions.get(&(i.clone(), j)) {
                    return Ok(Endpoint::Mention(n.clone()));
                }
                let copy = self.maker.mention(m, None);
                let id = copy.id.clone();
                self.edits.push(Edit::InsertMention(copy));
                self.new_mentions.insert((i, j), id.clone());
                Ok(Endpoint::Mention(id))
            }
            Endpoint::Cluster(id) => {
                let c = project
                    .cluster(id)
                    .ok_or_else(|| EditError::UnknownCluster(id.clone()))?;
                let members = self.index.members.get(id).cloned().unwrap_or_default();
                if let Some(cc) = self.index.cur_cluster_for(&members) {
                    return Ok(Endpoint::Cluster(cc.clone()));
                }
                if !members.is_empty() {
                    return Err(EditError::NotAllowed(format!(
                        "settle the membership of '{}' first: the curation layer has no entity or event with its mentions yet",
                        c.name
                    )));
                }
                let key = (c.type_key.clone(), c.name.clone());
                let existing = project.clusters().find(|x| {
                    x.layer.is_curation()
                        && x.type_key == key.0
                        && x.name == key.1
                        && project.members(&x.id).next().is_none()
                });
                if let Some(x) = existing {
                    return Ok(Endpoint::Cluster(x.id.clone()));
                }
                if let Some(n) = self.new_clusters.get(&key) {
                    return Ok(Endpoint::Cluster(n.clone()));
                }
                let copy = self.maker.cluster(c);
                let cid = copy.id.clone();
                self.edits.push(Edit::InsertCluster(copy));
                self.new_clusters.insert(key, cid.clone());
                Ok(Endpoint::Cluster(cid))
            }
        }
    }
}

/// The curation layer's relations of the item replaced by copies of `layer`'s.
fn accept_relations(
    index: &Index,
    item: &Item,
    layer: &Layer,
    maker: &mut Maker,
) -> Result<Vec<Edit>, EditError> {
    let project = index.project;
    let mut deletes = Vec::new();
    let mut theirs = Vec::new();
    for r in project.relations() {
        if relation_key(index, r).as_deref() != Some(item.key.as_str()) {
            continue;
        }
        if r.layer.is_curation() {
            deletes.push(Edit::DeleteRelation(r.id.clone()));
        } else if &r.layer == layer {
            theirs.push(r);
        }
    }
    let mut ends = Ends {
        index,
        new_mentions: HashMap::new(),
        new_clusters: HashMap::new(),
        edits: Vec::new(),
        maker,
    };
    // Every relation of the accepted layer is copied, a duplicate too (the curation layer then
    // equals that layer on this item, multiplicity included).
    let mut inserts = Vec::new();
    for r in theirs {
        let (from, to) = (ends.map(&r.from)?, ends.map(&r.to)?);
        inserts.push(Edit::InsertRelation(Relation {
            id: RelationId::new((ends.maker.ids)(RelationId::PREFIX)),
            from,
            to,
            layer: Layer::curation(),
            ..r.clone()
        }));
    }
    deletes.append(&mut ends.edits);
    deletes.extend(inserts);
    Ok(deletes)
}

/// The curation layer's arguments of the item replaced by copies of `layer`'s.
fn accept_arguments(
    index: &Index,
    item: &Item,
    layer: &Layer,
    maker: &mut Maker,
) -> Result<Vec<Edit>, EditError> {
    let project = index.project;
    let mut deletes = Vec::new();
    let mut theirs = Vec::new();
    for a in project.arguments() {
        if argument_key(index, a).as_deref() != Some(item.key.as_str()) {
            continue;
        }
        if a.layer.is_curation() {
            deletes.push(Edit::DeleteArgument(a.id.clone()));
        } else if &a.layer == layer {
            theirs.push(a);
        }
    }
    let mut ends = Ends {
        index,
        new_mentions: HashMap::new(),
        new_clusters: HashMap::new(),
        edits: Vec::new(),
        maker,
    };
    // Every argument of the accepted layer is copied (two roles of one target stay two).
    let mut inserts = Vec::new();
    for a in theirs {
        let (event, target) = (ends.map(&a.event)?, ends.map(&a.target)?);
        inserts.push(Edit::InsertArgument(Argument {
            id: ArgumentId::new((ends.maker.ids)(ArgumentId::PREFIX)),
            event,
            target,
            role: a.role.clone(),
            layer: Layer::curation(),
        }));
    }
    deletes.append(&mut ends.edits);
    deletes.extend(inserts);
    Ok(deletes)
}
