//! A second annotator for a synthetic project (`weft bench gen --second-layer`): a copy of
//! the first layer that disagrees the way annotators do, deterministically for a seed. About
//! 4% of the mentions are left out, 4% get another type of the same kind, 8% of the linked ones
//! go to another entity or event, and 5% of the relations and arguments are left out.

use super::Rng;
use crate::edit::{self, Edit};
use crate::model::{
    Argument, ArgumentId, Cluster, ClusterId, Endpoint, Layer, Mention, MentionId, Relation,
    RelationId, TypeKind,
};
use crate::store::ProjectFolder;
use anyhow::{Context, Result};
use std::collections::HashMap;
use std::path::Path;

/// What the second layer holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LayerSummary {
    pub mentions: usize,
    pub clusters: usize,
    pub relations: usize,
    pub arguments: usize,
}

/// Adds the layer `name` to the project at `root` (which must have exactly one layer) and saves.
pub fn add_second_layer(root: &Path, name: &str, seed: u64) -> Result<LayerSummary> {
    let (mut p, mut folder) = ProjectFolder::load(root).map_err(|e| anyhow::anyhow!("{e}"))?;
    let first = p
        .layers()
        .next()
        .cloned()
        .context("the project has no layer to copy")?;
    let second = Layer::annotator(name)?;
    let mut rng = Rng::new(seed ^ 0x5eed_2a7e);
    let mut n = 0u64;
    let mut next_id = |prefix: &str| {
        n += 1;
        format!("{prefix}b{n:010x}")
    };
    let kind = |p: &crate::model::Project, t: &str| p.schema().type_def(t).map(|d| d.kind);
    let mut cluster_map: HashMap<ClusterId, ClusterId> = HashMap::new();
    let mut by_kind: HashMap<TypeKind, Vec<ClusterId>> = HashMap::new();
    let mut edits = Vec::new();
    for c in p.clusters().filter(|c| c.layer == first) {
        let id = ClusterId::new(next_id(ClusterId::PREFIX));
        if let Some(k) = kind(&p, &c.type_key) {
            by_kind.entry(k).or_default().push(id.clone());
        }
        cluster_map.insert(c.id.clone(), id.clone());
        edits.push(Edit::InsertCluster(Cluster {
            id,
            layer: second.clone(),
            ..c.clone()
        }));
    }
    let types_of = |k: TypeKind| -> Vec<String> {
        p.schema()
            .types
            .iter()
            .filter(|t| t.kind == k)
            .map(|t| t.key.clone())
            .collect()
    };
    let (entity_types, event_types) = (types_of(TypeKind::Entity), types_of(TypeKind::Event));
    let mut mention_map: HashMap<MentionId, MentionId> = HashMap::new();
    let mut summary = LayerSummary {
        clusters: edits.len(),
        ..Default::default()
    };
    for m in p.mentions().filter(|m| m.layer == first) {
        let roll = rng.below(100);
        if roll < 4 {
            continue;
        }
        let mut copy = Mention {
            id: MentionId::new(next_id(MentionId::PREFIX)),
            layer: second.clone(),
            ..m.clone()
        };
        let k = kind(&p, &m.type_key);
        if roll < 8 {
            let pool = if k == Some(TypeKind::Event) {
                &event_types
            } else {
                &entity_types
            };
            copy.type_key = pool[rng.below(pool.len() as u64) as usize].clone().into();
        }
        copy.cluster = m.cluster.as_ref().and_then(|c| cluster_map.get(c).cloned());
        if copy.cluster.is_some()
            && rng.below(100) < 8
            && let Some(pool) = k.and_then(|k| by_kind.get(&k))
        {
            copy.cluster = Some(pool[rng.below(pool.len() as u64) as usize].clone());
        }
        mention_map.insert(m.id.clone(), copy.id.clone());
        edits.push(Edit::InsertMention(copy));
        summary.mentions += 1;
    }
    edit::apply(&mut p, Edit::Batch(edits)).context("the second layer's mentions")?;
    let maps = (&mention_map, &cluster_map);
    let (relations, arguments) =
        copy_links(&mut p, maps, (&first, &second), &mut rng, &mut next_id);
    summary.relations = relations;
    summary.arguments = arguments;
    folder.save(&p)?;
    Ok(summary)
}

/// The first layer's relations and arguments in the second, with mapped ends; about 5% are
/// left out, and so is any a retyped end no longer allows. Returns how many were copied.
fn copy_links(
    p: &mut crate::model::Project,
    (mention_map, cluster_map): (
        &HashMap<MentionId, MentionId>,
        &HashMap<ClusterId, ClusterId>,
    ),
    (first, second): (&Layer, &Layer),
    rng: &mut Rng,
    next_id: &mut dyn FnMut(&str) -> String,
) -> (usize, usize) {
    let mut summary = LayerSummary::default();
    let end = |e: &Endpoint| match e {
        Endpoint::Mention(m) => mention_map.get(m).cloned().map(Endpoint::Mention),
        Endpoint::Cluster(c) => cluster_map.get(c).cloned().map(Endpoint::Cluster),
    };
    let rels: Vec<Relation> = p
        .relations()
        .filter(|r| &r.layer == first)
        .cloned()
        .collect();
    for r in rels {
        let (Some(from), Some(to)) = (end(&r.from), end(&r.to)) else {
            continue;
        };
        if rng.below(100) < 5 {
            continue;
        }
        let copy = Relation {
            id: RelationId::new(next_id(RelationId::PREFIX)),
            from,
            to,
            layer: second.clone(),
            ..r
        };
        // A retyped end may no longer fit the relation type: then it is left out.
        if edit::apply(p, Edit::InsertRelation(copy)).is_ok() {
            summary.relations += 1;
        }
    }
    let args: Vec<Argument> = p
        .arguments()
        .filter(|a| &a.layer == first)
        .cloned()
        .collect();
    for a in args {
        let (Some(event), Some(target)) = (end(&a.event), end(&a.target)) else {
            continue;
        };
        if rng.below(100) < 5 {
            continue;
        }
        let copy = Argument {
            id: ArgumentId::new(next_id(ArgumentId::PREFIX)),
            event,
            target,
            layer: second.clone(),
            role: a.role,
        };
        if edit::apply(p, Edit::InsertArgument(copy)).is_ok() {
            summary.arguments += 1;
        }
    }
    (summary.relations, summary.arguments)
}
