//! Coreference chains and the CoNLL scores over them (MUC, B³, CEAF-e, their average), with
//! the conventions of the PyPI package `scorch` (LoicGrobol/scorch, `scorch/scores.py` and
//! `scorch/main.py`); the maths is re-derived here to run in time linear in the mentions.

use super::align::{Aligned, NONE};
use super::matching;
use crate::model::TypeKind;

/// Chains in a fixed order, each a sorted set of mention identities.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Chains {
    start: Vec<u32>,
    items: Vec<u32>,
    /// The layer's cluster index each chain comes from (`NONE` for a singleton of an unlinked
    /// mention).
    pub origin: Vec<u32>,
}

impl Chains {
    pub fn len(&self) -> usize {
        self.origin.len()
    }

    pub fn is_empty(&self) -> bool {
        self.origin.is_empty()
    }

    pub fn get(&self, i: usize) -> &[u32] {
        &self.items[self.start[i] as usize..self.start[i + 1] as usize]
    }

    /// Appends a chain (sorted, without repeats).
    pub fn push(&mut self, items: &[u32], origin: u32) {
        if self.start.is_empty() {
            self.start.push(0);
        }
        self.items.extend_from_slice(items);
        self.start.push(self.items.len() as u32);
        self.origin.push(origin);
    }

    fn iter(&self) -> impl Iterator<Item = &[u32]> {
        (0..self.len()).map(|i| self.get(i))
    }
}

/// Which chains take part: all, or those of entity (event) clusters and unlinked entity
/// (event) mentions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    All,
    Entity,
    Event,
}

impl Scope {
    fn admits(self, kind: TypeKind) -> bool {
        match self {
            Scope::All => true,
            Scope::Entity => kind == TypeKind::Entity,
            Scope::Event => kind == TypeKind::Event,
        }
    }
}

/// The chains of layer `l`: first its clusters in order of their keys, each the set of its
/// mentions' identities (a repeated identity counts once), then one singleton per identity of
/// an unlinked mention that is in none of those chains, in identity order. `with_singletons`
/// false gives the clusters only.
pub fn layer_chains(al: &Aligned, l: usize, scope: Scope, with_singletons: bool) -> Chains {
    let layer = &al.layers[l];
    let rank = &al.cluster_rank[l];
    let mut by_rank: Vec<u32> = vec![NONE; layer.clusters.len()];
    for (c, &r) in rank.iter().enumerate() {
        by_rank[r as usize] = c as u32;
    }
    // (cluster rank, identity) of every linked mention in scope; unlinked identities apart.
    let mut linked: Vec<(u32, u32)> = Vec::new();
    let mut unlinked = Vec::new();
    for (mi, m) in layer.mentions.iter().enumerate() {
        let id = al.ident[l][mi];
        if id == NONE {
            continue;
        }
        match m.cluster {
            Some(c) if scope.admits(layer.types[layer.clusters[c].ty].kind) => {
                linked.push((rank[c], id));
            }
            Some(_) => {}
            None if scope.admits(layer.types[m.ty].kind) => unlinked.push(id),
            None => {}
        }
    }
    linked.sort_unstable();
    linked.dedup();
    let mut chains = Chains::default();
    let mut items: Vec<u32> = Vec::new();
    let mut i = 0;
    while i < linked.len() {
        let r = linked[i].0;
        items.clear();
        while i < linked.len() && linked[i].0 == r {
            items.push(linked[i].1);
            i += 1;
        }
        chains.push(&items, by_rank[r as usize]);
    }
    if with_singletons {
        let mut in_chain = vec![false; al.ident_count()];
        for &(_, x) in &linked {
            in_chain[x as usize] = true;
        }
        unlinked.sort_unstable();
        unlinked.dedup();
        for x in unlinked {
            if !in_chain[x as usize] {
                chains.push(&[x], NONE);
            }
        }
    }
    chains
}

/// The chains restricted to each compared document, in the same order (empty ones dropped).
pub fn split_by_document(al: &Aligned, chains: &Chains) -> Vec<Chains> {
    let mut out = vec![Chains::default(); al.docs.len()];
    for (i, items) in chains.iter().enumerate() {
        let mut rest = items;
        while let Some(&first) = rest.first() {
            let d = al.ident_doc[first as usize] as usize;
            let end = al.ident_start[d + 1];
            let n = rest.partition_point(|&x| x < end);
            out[d].push(&rest[..n], chains.origin[i]);
            rest = &rest[n..];
        }
    }
    out
}

/// Recall, precision and F1 of one metric.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rpf {
    pub recall: f64,
    pub precision: f64,
    pub f1: f64,
}

impl Rpf {
    /// `statistics.harmonic_mean((R, P))` as scorch takes it: 0 when either is 0.
    pub fn new(recall: f64, precision: f64) -> Self {
        let f1 = if recall <= 0.0 || precision <= 0.0 {
            0.0
        } else {
            2.0 / (1.0 / recall + 1.0 / precision)
        };
        Self {
            recall,
            precision,
            f1,
        }
    }
}

/// The CoNLL scores of a response clustering against a key clustering.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ChainScores {
    pub muc: Rpf,
    pub b_cubed: Rpf,
    pub ceaf_e: Rpf,
    /// Mean of the three F1s.
    pub conll: f64,
    /// Distinct mention identities in the key's (response's) chains.
    pub key_mentions: u64,
    pub response_mentions: u64,
    /// Identities only in the key (missing from the response) and only in the response
    /// (invented; added to the key as singletons before scoring).
    pub key_only: u64,
    pub response_only: u64,
    pub key_chains: u64,
    pub response_chains: u64,
}

/// For each identity of `lo..hi`, the chains containing it (ascending chain index).
struct Membership {
    start: Vec<u32>,
    chains: Vec<u32>,
}

impl Membership {
    fn new(c: &Chains, lo: u32, hi: u32) -> Self {
        let n = (hi - lo) as usize;
        let mut start = vec![0u32; n + 1];
        for items in c.iter() {
            for &x in items {
                start[(x - lo) as usize + 1] += 1;
            }
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut chains = vec![0u32; start[n] as usize];
        for (ci, items) in c.iter().enumerate() {
            for &x in items {
                let k = &mut fill[(x - lo) as usize];
                chains[*k as usize] = ci as u32;
                *k += 1;
            }
        }
        Self { start, chains }
    }

    fn of(&self, x: u32, lo: u32) -> &[u32] {
        let i = (x - lo) as usize;
        &self.chains[self.start[i] as usize..self.start[i + 1] as usize]
    }
}

/// Neumaier-compensated sum (scorch sums B³ terms with `math.fsum`).
#[derive(Default)]
struct Sum {
    s: f64,
    c: f64,
}

impl Sum {
    fn add(&mut self, x: f64) {
        let t = self.s + x;
        if self.s.abs() >= x.abs() {
            self.c += (self.s - t) + x;
        } else {
            self.c += (x - t) + self.s;
        }
        self.s = t;
    }

    fn value(&self) -> f64 {
        self.s + self.c
    }
}

/// |k ∩ r| for every key chain k and response chain r that share an identity:
/// (k, r, count), by k then r.
pub fn intersections(key: &Chains, resp: &Chains, lo: u32, hi: u32) -> Vec<(u32, u32, u32)> {
    let resp_of = Membership::new(resp, lo, hi);
    let mut out = Vec::new();
    let mut tmp: Vec<u32> = Vec::new();
    for (k, items) in key.iter().enumerate() {
        tmp.clear();
        for &x in items {
            tmp.extend_from_slice(resp_of.of(x, lo));
        }
        tmp.sort_unstable();
        let mut i = 0;
        while i < tmp.len() {
            let j = i + tmp[i..].iter().take_while(|&&r| r == tmp[i]).count();
            out.push((k as u32, tmp[i], (j - i) as u32));
            i = j;
        }
    }
    out
}

/// Scores `resp` against `key`, all identities in `lo..hi`, as scorch's `process_files`
/// does: identities only in the response are added to the key as singletons first; then
/// `muc`, `b_cubed`, `ceaf_e` and `conll2012` of `scorch.scores`.
pub fn score(key: &Chains, resp: &Chains, lo: u32, hi: u32) -> ChainScores {
    let key_of = Membership::new(key, lo, hi);
    let resp_of = Membership::new(resp, lo, hi);
    let (kn, rn) = (key.len(), resp.len());
    let mut out = ChainScores {
        key_chains: kn as u64,
        response_chains: rn as u64,
        ..Default::default()
    };
    // Identities in the response only: each becomes a key singleton (index kn + j).
    let mut extras: Vec<u32> = Vec::new();
    for x in lo..hi {
        let (k, r) = (key_of.of(x, lo), resp_of.of(x, lo));
        out.key_mentions += u64::from(!k.is_empty());
        out.response_mentions += u64::from(!r.is_empty());
        out.key_only += u64::from(!k.is_empty() && r.is_empty());
        if k.is_empty() && !r.is_empty() {
            extras.push(x);
        }
    }
    out.response_only = extras.len() as u64;
    let key_size = |k: usize| if k < kn { key.get(k).len() } else { 1 };
    let resp_size = |r: usize| resp.get(r).len();
    let all_key = kn + extras.len();

    out.muc = muc(key, resp, &key_of, &resp_of, lo);

    // |k ∩ r| for the key with its added singletons.
    let mut pairs = intersections(key, resp, lo, hi);
    for (j, &x) in extras.iter().enumerate() {
        for &r in resp_of.of(x, lo) {
            pairs.push(((kn + j) as u32, r, 1));
        }
    }
    let key_total: usize = (0..kn).map(|k| key.get(k).len()).sum::<usize>() + extras.len();
    let resp_total: usize = resp.iter().map(|r| r.len()).sum();
    let (mut rs, mut ps) = (Sum::default(), Sum::default());
    for &(k, r, n) in &pairs {
        let n2 = f64::from(n) * f64::from(n);
        rs.add(n2 / key_size(k as usize) as f64);
        ps.add(n2 / resp_size(r as usize) as f64);
    }
    let recall = if key_total == 0 {
        0.0
    } else {
        rs.value() / key_total as f64
    };
    let precision = if resp_total == 0 {
        0.0
    } else {
        ps.value() / resp_total as f64
    };
    out.b_cubed = Rpf::new(recall, precision);

    // CEAF-e: the best one-to-one alignment of chains under φ4 = 2|k∩r| / (|k| + |r|).
    if all_key > 0 && rn > 0 {
        let edges: Vec<(u32, u32, f64)> = pairs
            .iter()
            .map(|&(k, r, n)| {
                let phi =
                    2.0 * f64::from(n) / (key_size(k as usize) + resp_size(r as usize)) as f64;
                (k, r, phi)
            })
            .collect();
        let total = matching::max_weight(all_key, rn, &edges);
        out.ceaf_e = Rpf::new(total / all_key as f64, total / rn as f64);
    }
    out.conll = (out.muc.f1 + out.b_cubed.f1 + out.ceaf_e.f1) / 3.0;
    out
}

/// MUC as scorch computes it: 0 when every key chain or every response chain is a
/// singleton; otherwise R = Σ_k (|k| − |p(k)|) / Σ_k (|k| − 1), where p(k) is k cut by the
/// response (scorch's `trace`: each response chain in order takes the identities of k still
/// left, then every identity left is a part of its own), and P the same the other way.
fn muc(key: &Chains, resp: &Chains, key_of: &Membership, resp_of: &Membership, lo: u32) -> Rpf {
    if key.iter().all(|k| k.len() == 1) || resp.iter().all(|r| r.len() == 1) {
        return Rpf::default();
    }
    // The added key singletons change neither sum: each is one part of one identity.
    let side = |own: &Chains, other_of: &Membership, other_len: usize| {
        let mut seen = vec![u32::MAX; other_len];
        let (mut num, mut den) = (0u64, 0u64);
        for (ci, items) in own.iter().enumerate() {
            let mut parts = 0u64;
            for &x in items {
                match other_of.of(x, lo).first() {
                    // Identities in several chains go to the first one (trace's order).
                    Some(&o) if seen[o as usize] != ci as u32 => {
                        seen[o as usize] = ci as u32;
                        parts += 1;
                    }
                    Some(_) => {}
                    None => parts += 1,
                }
            }
            num += items.len() as u64 - parts;
            den += items.len() as u64 - 1;
        }
        num as f64 / den as f64
    };
    let recall = side(key, resp_of, resp.len());
    let precision = side(resp, key_of, key.len());
    Rpf::new(recall, precision)
}
