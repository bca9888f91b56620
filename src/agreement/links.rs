//! Relations and event arguments of two layers, compared over matched ends.
//!
//! A mention end is its identity (document + exact fragments): the same span in both layers
//! is the same end, whatever its type. A cluster end of layer A matches the cluster of layer B
//! that holds more than half of its mentions when that cluster in turn has more than half of
//! its mentions in the A cluster (and each is the other's best, ties going to the cluster
//! whose key sorts first): "the same entity" by majority both ways. A cluster with no mention
//! in the compared documents matches the other layer's cluster of the same key (id) that has
//! none either. Any other cluster end matches nothing.

use super::align::{Aligned, NONE};
use super::chains::{Scope, intersections, layer_chains};
use super::layer::EndView;
use super::spans::Counts;
use std::collections::BTreeMap;

/// For layers a and b, the matched partner of each cluster (its index in the other layer),
/// or `NONE`.
pub fn align_clusters(al: &Aligned, a: usize, b: usize) -> (Vec<u32>, Vec<u32>) {
    let ca = layer_chains(al, a, Scope::All, false);
    let cb = layer_chains(al, b, Scope::All, false);
    let inter = intersections(&ca, &cb, 0, al.ident_count() as u32);
    // Best partner of each chain: most shared identities, ties to the lower chain index
    // (chains are in cluster-key order).
    let mut best_a: Vec<(u32, u32)> = vec![(0, NONE); ca.len()];
    let mut best_b: Vec<(u32, u32)> = vec![(0, NONE); cb.len()];
    for &(k, r, n) in &inter {
        let ba = &mut best_a[k as usize];
        if n > ba.0 || (n == ba.0 && r < ba.1) {
            *ba = (n, r);
        }
        let bb = &mut best_b[r as usize];
        if n > bb.0 || (n == bb.0 && k < bb.1) {
            *bb = (n, k);
        }
    }
    let mut of_a = vec![NONE; al.layers[a].clusters.len()];
    let mut of_b = vec![NONE; al.layers[b].clusters.len()];
    for (k, &(n, r)) in best_a.iter().enumerate() {
        if r == NONE || best_b[r as usize].1 != k as u32 {
            continue;
        }
        let (size_a, size_b) = (ca.get(k).len() as u32, cb.get(r as usize).len() as u32);
        if 2 * n > size_a && 2 * n > size_b {
            let (x, y) = (ca.origin[k], cb.origin[r as usize]);
            of_a[x as usize] = y;
            of_b[y as usize] = x;
        }
    }
    // Clusters without a mention in the compared documents cannot be matched through their
    // mentions: two such clusters match when their keys are equal.
    let mut empty_b: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut has_b = vec![false; of_b.len()];
    for &c in &cb.origin {
        has_b[c as usize] = true;
    }
    for (i, c) in al.layers[b].clusters.iter().enumerate() {
        if !has_b[i] {
            empty_b.entry(c.key.as_str()).or_insert(i);
        }
    }
    let mut has_a = vec![false; of_a.len()];
    for &c in &ca.origin {
        has_a[c as usize] = true;
    }
    for (i, c) in al.layers[a].clusters.iter().enumerate() {
        if let (false, Some(&j)) = (has_a[i], empty_b.get(c.key.as_str()))
            && of_b[j] == NONE
        {
            of_a[i] = j as u32;
            of_b[j] = i as u32;
        }
    }
    (of_a, of_b)
}

/// An end as compared: (kind, value). Kind 0: mention identity; 1: matched cluster pair (by
/// the A cluster's index); 2 and 3: an unmatched cluster of layer a / layer b.
type EndKey = (u8, u32);

fn end_key(al: &Aligned, l: usize, side: u8, matched: &[u32], e: EndView) -> Option<EndKey> {
    match e {
        EndView::Mention(m) => {
            let id = al.ident[l][m];
            (id != NONE).then_some((0, id))
        }
        EndView::Cluster(c) => Some(match (side, matched[c]) {
            (_, NONE) => (2 + side, c as u32),
            (0, _) => (1, c as u32),
            (_, partner) => (1, partner),
        }),
    }
}

/// Compared links: per label (relation type or role), counts in a, in b and matched.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LinkCounts {
    pub overall: Counts,
    pub by_label: BTreeMap<String, Counts>,
}

/// Counts links that are equal as (label, end, end) tuples, each tuple matched at most as
/// often as it occurs in both layers.
fn count(mut a: Vec<(String, EndKey, EndKey)>, mut b: Vec<(String, EndKey, EndKey)>) -> LinkCounts {
    a.sort_unstable();
    b.sort_unstable();
    let mut out = LinkCounts::default();
    for t in &a {
        out.by_label.entry(t.0.clone()).or_default().a += 1;
    }
    for t in &b {
        out.by_label.entry(t.0.clone()).or_default().b += 1;
    }
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.by_label.entry(a[i].0.clone()).or_default().matched += 1;
                i += 1;
                j += 1;
            }
        }
    }
    for c in out.by_label.values() {
        out.overall.a += c.a;
        out.overall.b += c.b;
        out.overall.matched += c.matched;
    }
    out
}

/// Relations (by type) and arguments (by role) of layers a and b. A link with a mention end
/// outside the compared documents is left out; a symmetric relation's ends are put in a fixed
/// order first.
pub fn compare_links(al: &Aligned, a: usize, b: usize) -> (LinkCounts, LinkCounts) {
    let (of_a, of_b) = align_clusters(al, a, b);
    let relations = |l: usize, side: u8, matched: &[u32]| {
        al.layers[l]
            .relations
            .iter()
            .filter_map(|r| {
                let from = end_key(al, l, side, matched, r.from)?;
                let to = end_key(al, l, side, matched, r.to)?;
                let (from, to) = if r.symmetric && to < from {
                    (to, from)
                } else {
                    (from, to)
                };
                Some((r.type_key.clone(), from, to))
            })
            .collect::<Vec<_>>()
    };
    let arguments = |l: usize, side: u8, matched: &[u32]| {
        al.layers[l]
            .arguments
            .iter()
            .filter_map(|x| {
                let event = end_key(al, l, side, matched, x.event)?;
                let filler = end_key(al, l, side, matched, x.filler)?;
                Some((x.role.clone(), event, filler))
            })
            .collect::<Vec<_>>()
    };
    (
        count(relations(a, 0, &of_a), relations(b, 1, &of_b)),
        count(arguments(a, 0, &of_a), arguments(b, 1, &of_b)),
    )
}
