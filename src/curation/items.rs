//! Building the disagreement items of each kind from the [`Index`].

use super::index::{Ident, Index, ident_key};
use super::types::{Block, Item, Kind, LinkVersion, MentionVersion, Version};
use crate::model::{DocId, Endpoint, Mention};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// A short stable digest of a list of keys (for items over many mentions).
fn digest(parts: &[String]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    h.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn mention_version(index: &Index, m: &Mention) -> MentionVersion {
    let text = index
        .project
        .document(&m.doc)
        .map(|d| m.covered_text(d.text()))
        .unwrap_or_default();
    MentionVersion {
        id: m.id.clone(),
        doc: m.doc.clone(),
        fragments: m.fragments.to_vec(),
        type_key: m.type_key.to_string(),
        text,
    }
}

fn mention_sig(index: &Index, ms: &[&Mention]) -> Vec<String> {
    let mut v: Vec<String> = ms
        .iter()
        .map(|m| {
            format!(
                "{}|{}",
                ident_key(&super::index::ident(index.project, m)),
                m.type_key
            )
        })
        .collect();
    v.sort();
    v
}

fn doc_at(index: &Index, pos: usize) -> Option<DocId> {
    index.project.documents().get(pos).map(|d| d.id.clone())
}

/// Span and type items: overlapping groups of each document where the layers differ.
pub fn mention_items(index: &Index) -> Vec<Item> {
    let n = index.layers.len();
    let mut out = Vec::new();
    let mut group: Vec<&Ident> = Vec::new();
    let mut group_end = 0usize;
    let flush = |group: &mut Vec<&Ident>, out: &mut Vec<Item>| {
        if let Some(item) = mention_item(index, group) {
            out.push(item);
        }
        group.clear();
    };
    for (id, per_layer) in &index.by_ident {
        if per_layer[..n].iter().all(Vec::is_empty) {
            continue; // only the curation layer has it: part of no comparison
        }
        let start = id.1.first().map_or(0, |f| f.0);
        let end = id.1.last().map_or(0, |f| f.1);
        let same_doc = group.first().is_some_and(|g| g.0 == id.0);
        if !(group.is_empty() || same_doc && start < group_end) {
            flush(&mut group, &mut out);
        }
        if group.is_empty() {
            group_end = end;
        }
        group_end = group_end.max(end);
        group.push(id);
    }
    flush(&mut group, &mut out);
    out
}

fn mention_item(index: &Index, group: &[&Ident]) -> Option<Item> {
    let first = group.first()?;
    let n = index.layers.len();
    let per_layer: Vec<Vec<&Mention>> = (0..n)
        .map(|k| {
            group
                .iter()
                .flat_map(|id| index.by_ident[*id][k].iter().copied())
                .collect()
        })
        .collect();
    let mut sigs: Vec<Vec<String>> = per_layer.iter().map(|ms| mention_sig(index, ms)).collect();
    if sigs.iter().all(|s| s == &sigs[0]) {
        return None;
    }
    let idents = |k: usize| {
        let mut v: Vec<String> = sigs[k]
            .iter()
            .map(|s| s.split('|').next().unwrap_or("").to_string())
            .collect();
        v.dedup();
        v
    };
    let kind = if (1..n).all(|k| idents(k) == idents(0)) {
        Kind::Type
    } else {
        Kind::Span
    };
    let doc = doc_at(index, first.0)?;
    let start = group.iter().map(|i| i.1[0].0).min().unwrap_or(0);
    let end = group
        .iter()
        .map(|i| i.1.last().map_or(0, |f| f.1))
        .max()
        .unwrap_or(0);
    let cur: Vec<&Mention> = index
        .project
        .mentions_overlapping(&doc, start, end)
        .filter(|m| m.layer.is_curation())
        .filter(|m| {
            m.fragments
                .iter()
                .any(|f| f.start() < end && start < f.end())
        })
        .collect();
    sigs.push(mention_sig(index, &cur));
    let versions = per_layer
        .iter()
        .map(|ms| Version::Mentions(ms.iter().map(|m| mention_version(index, m)).collect()))
        .collect();
    Some(Item {
        key: format!("m:{doc}:{start}-{end}"),
        kind,
        doc: Some(doc),
        start,
        versions,
        curation: Version::Mentions(cur.iter().map(|m| mention_version(index, m)).collect()),
        sigs,
        settled: false,
    })
}

/// The words of an identity.
fn ident_words(index: &Index, i: &Ident) -> String {
    let Some(d) = index.project.documents().get(i.0) else {
        return ident_key(i);
    };
    let parts: Vec<&str> =
        i.1.iter()
            .filter_map(|(s, e)| d.text().get(*s..*e))
            .collect();
    format!("'{}'", crate::edit::ops::excerpt(&parts.join(" "), 40))
}

/// Membership items: entity/event groups whose clusters the layers drew differently.
pub fn membership_items(index: &Index) -> Vec<Item> {
    let n = index.layers.len();
    let mut out = Vec::new();
    for group in &index.groups {
        let blocks_of = |k: usize| -> Vec<(&crate::model::ClusterId, &Vec<Ident>)> {
            group
                .clusters
                .iter()
                .filter(|(l, _)| *l == k)
                .filter_map(|(_, c)| index.members.get(c).map(|m| (*c, m)))
                .collect()
        };
        let sig_of = |blocks: &[(&crate::model::ClusterId, &Vec<Ident>)]| {
            let mut v: Vec<String> = blocks
                .iter()
                .map(|(_, m)| m.iter().map(ident_key).collect::<Vec<_>>().join(" "))
                .collect();
            v.sort();
            v
        };
        let mut sigs: Vec<Vec<String>> = (0..n).map(|k| sig_of(&blocks_of(k))).collect();
        if sigs.iter().all(|s| s == &sigs[0]) {
            continue;
        }
        // The curation layer's clusters, cut down to this group's identities.
        let mut cur: BTreeMap<&crate::model::ClusterId, Vec<Ident>> = BTreeMap::new();
        for i in &group.idents {
            for m in &index.by_ident[i][index.cur()] {
                if let Some(c) = &m.cluster {
                    cur.entry(c).or_default().push(i.clone());
                }
            }
        }
        for v in cur.values_mut() {
            v.dedup();
        }
        let cur_blocks: Vec<(&crate::model::ClusterId, &Vec<Ident>)> =
            cur.iter().map(|(c, v)| (*c, v)).collect();
        sigs.push(sig_of(&cur_blocks));
        let block = |(c, members): &(&crate::model::ClusterId, &Vec<Ident>)| Block {
            cluster: (*c).clone(),
            name: index
                .project
                .cluster(c)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            members: members.iter().map(|i| ident_words(index, i)).collect(),
        };
        let first = &group.idents[0];
        out.push(Item {
            key: group_key(group),
            kind: Kind::Membership,
            doc: doc_at(index, first.0),
            start: first.1[0].0,
            versions: (0..n)
                .map(|k| Version::Blocks(blocks_of(k).iter().map(block).collect()))
                .collect(),
            curation: Version::Blocks(cur_blocks.iter().map(block).collect()),
            sigs,
            settled: false,
        });
    }
    out.sort_by_key(|i| {
        (
            i.doc
                .as_ref()
                .and_then(|d| index.project.document_position(d)),
            i.start,
        )
    });
    out
}

/// An end in words.
pub(super) fn end_words(index: &Index, e: &Endpoint) -> String {
    match e {
        Endpoint::Mention(m) => index.words(m),
        Endpoint::Cluster(c) => index
            .project
            .cluster(c)
            .map(|c| format!("'{}'", c.name))
            .unwrap_or_else(|| c.to_string()),
    }
}

/// Where an end is (its mention, or a cluster's first member).
fn end_place(index: &Index, e: &Endpoint) -> (Option<DocId>, usize) {
    let m = match e {
        Endpoint::Mention(m) => index.project.mention(m),
        Endpoint::Cluster(c) => index.project.members(c).next(),
    };
    m.map_or((None, 0), |m| (Some(m.doc.clone()), m.start()))
}

/// The item key of a relation: its ends' keys (sorted for a symmetric type).
pub(super) fn relation_key(index: &Index, r: &crate::model::Relation) -> Option<String> {
    let (a, b) = (index.end_key(&r.from)?, index.end_key(&r.to)?);
    let symmetric = index
        .project
        .schema()
        .relation_type(&r.type_key)
        .is_some_and(|t| t.symmetric);
    let (a, b) = if symmetric && b < a { (b, a) } else { (a, b) };
    Some(format!("r:{a}|{b}"))
}

/// The item key of an argument: its event end's key and its role.
pub(super) fn argument_key(index: &Index, a: &crate::model::Argument) -> Option<String> {
    Some(format!("a:{}|{}", index.end_key(&a.event)?, a.role))
}

/// The item key of an entity/event group.
pub(super) fn group_key(group: &super::index::Group) -> String {
    let keys: Vec<String> = group.idents.iter().map(ident_key).collect();
    format!("c:{}", digest(&keys))
}

/// One link of a slot: (sig part, version, place).
type SlotLink = (String, LinkVersion, (Option<DocId>, usize));
/// Keyed link versions: for each key, each slot's links.
type Keyed = BTreeMap<String, Vec<Vec<SlotLink>>>;

/// Relation and argument items.
pub fn link_items(index: &Index) -> Vec<Item> {
    let all: Vec<crate::model::Layer> = index
        .layers
        .iter()
        .cloned()
        .chain(std::iter::once(crate::model::Layer::curation()))
        .collect();
    let slot = |l: &crate::model::Layer| all.iter().position(|x| x == l);
    let n = all.len();
    let mut rels: Keyed = BTreeMap::new();
    for r in index.project.relations() {
        let Some(k) = slot(&r.layer) else { continue };
        let Some(key) = relation_key(index, r) else {
            continue;
        };
        let v = LinkVersion {
            label: r.type_key.clone(),
            ends: format!(
                "{} → {}",
                end_words(index, &r.from),
                end_words(index, &r.to)
            ),
        };
        rels.entry(key).or_insert_with(|| vec![Vec::new(); n])[k].push((
            r.type_key.clone(),
            v,
            end_place(index, &r.from),
        ));
    }
    let mut args: Keyed = BTreeMap::new();
    for a in index.project.arguments() {
        let Some(k) = slot(&a.layer) else { continue };
        let (Some(key), Some(fi)) = (argument_key(index, a), index.end_key(&a.target)) else {
            continue;
        };
        let v = LinkVersion {
            label: a.role.clone(),
            ends: format!(
                "{} ← {}",
                end_words(index, &a.event),
                end_words(index, &a.target)
            ),
        };
        args.entry(key).or_insert_with(|| vec![Vec::new(); n])[k].push((
            fi,
            v,
            end_place(index, &a.event),
        ));
    }
    let mut out = keyed_items(rels, Kind::Relation, n);
    out.extend(keyed_items(args, Kind::Argument, n));
    out
}

fn keyed_items(keyed: Keyed, kind: Kind, n: usize) -> Vec<Item> {
    let mut out = Vec::new();
    for (key, per_slot) in keyed {
        let sigs: Vec<Vec<String>> = per_slot
            .iter()
            .map(|v| {
                let mut s: Vec<String> = v.iter().map(|(p, _, _)| p.clone()).collect();
                s.sort();
                s
            })
            .collect();
        if sigs[..n - 1].iter().all(|s| s == &sigs[0]) {
            continue;
        }
        let place = per_slot
            .iter()
            .flatten()
            .next()
            .map(|(_, _, p)| p.clone())
            .unwrap_or((None, 0));
        let version =
            |v: &Vec<SlotLink>| Version::Links(v.iter().map(|(_, l, _)| l.clone()).collect());
        out.push(Item {
            key,
            kind,
            doc: place.0,
            start: place.1,
            versions: per_slot[..n - 1].iter().map(version).collect(),
            curation: version(&per_slot[n - 1]),
            sigs,
            settled: false,
        });
    }
    out
}
