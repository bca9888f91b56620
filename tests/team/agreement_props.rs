//! Properties of the agreement engine on random layers: ranges, symmetry, identity; and its
//! fast algorithms against plain brute force (matchings, assignment, the scorch formulas).

use proptest::prelude::*;
use std::collections::BTreeSet;
use weft::agreement::chains::{self, Chains};
use weft::agreement::matching::{max_cardinality, max_weight};
use weft::agreement::{EndView, LayerView, Report, compare};
use weft::model::TypeKind;

const TEXTS: [&str; 3] = [
    "Ana Lima met Bo in Vela; Lia saw Ana.",
    "Später sah Bo Lía in Véla, ñandú 🦜 y Ana.",
    "Bo\r\nmet Ana\u{00A0}Lima again.",
];

/// Candidate spans: every word, and every pair of neighbouring words.
fn spans(text: &str) -> Vec<std::ops::Range<usize>> {
    let words: Vec<(usize, usize)> = text
        .split_whitespace()
        .map(|w| {
            let s = w.as_ptr() as usize - text.as_ptr() as usize;
            (s, s + w.len())
        })
        .collect();
    let mut out: Vec<_> = words.iter().map(|&(s, e)| s..e).collect();
    out.extend(words.windows(2).map(|w| w[0].0..w[1].1));
    out
}

/// (document, span, type, cluster) picks; the first pick of a (document, span) wins.
type Picks = Vec<(usize, usize, usize, usize)>;
/// (relation type or role, from, to) with ends as numbers: below 100 a mention, else a cluster.
type LinkPicks = Vec<(usize, usize, usize)>;

fn layer(name: &str, picks: &Picks, links: &LinkPicks) -> LayerView {
    let mut l = LayerView::new(name);
    for (i, t) in TEXTS.iter().enumerate() {
        l.doc(format!("doc{i}"), *t);
    }
    let types = [
        l.ty("PERSON", TypeKind::Entity),
        l.ty("PLACE", TypeKind::Entity),
        l.ty("MEETING", TypeKind::Event),
    ];
    let clusters: Vec<usize> = (0..4)
        .map(|k| {
            l.cluster(
                format!("c{k}"),
                if k == 3 { types[2] } else { types[k % 2] },
            )
        })
        .collect();
    let mut seen = BTreeSet::new();
    for &(d, s, t, c) in picks {
        let cand = spans(TEXTS[d]);
        let span = cand[s % cand.len()].clone();
        if !seen.insert((d, span.start, span.end)) {
            continue;
        }
        let ty = types[t % 3];
        // A cluster only of the mention's kind; c ≥ 4 means unlinked.
        let cluster = (c < 4 && ((c == 3) == (ty == types[2]))).then(|| clusters[c]);
        l.mention(d, &[span], ty, cluster);
    }
    let n = l.mentions.len();
    let end = |x: usize| {
        if x < 100 && n > 0 {
            Some(EndView::Mention(x % n))
        } else if x >= 100 {
            Some(EndView::Cluster(x % 4))
        } else {
            None
        }
    };
    for &(ty, f, t) in links {
        if let (Some(f), Some(t)) = (end(f), end(t)) {
            if ty % 2 == 0 {
                l.relation(["knows", "visits"][ty % 4 / 2], ty % 4 == 0, f, t);
            } else {
                l.argument(["agent", "place"][ty % 4 / 2], f, t);
            }
        }
    }
    l
}

fn picks() -> impl Strategy<Value = Picks> {
    prop::collection::vec((0..3usize, 0..20usize, 0..3usize, 0..7usize), 0..18)
}

fn link_picks() -> impl Strategy<Value = LinkPicks> {
    prop::collection::vec((0..8usize, 0..140usize, 0..140usize), 0..6)
}

/// Every number of the report, by a name, in a fixed order.
fn numbers(r: &Report) -> Vec<(String, Option<f64>)> {
    fn walk(prefix: &str, v: &serde_json::Value, out: &mut Vec<(String, Option<f64>)>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    walk(&format!("{prefix}.{k}"), x, out);
                }
            }
            serde_json::Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    walk(&format!("{prefix}[{i}]"), x, out);
                }
            }
            serde_json::Value::Number(n) => out.push((prefix.to_string(), n.as_f64())),
            serde_json::Value::Null => out.push((prefix.to_string(), None)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk("", &serde_json::to_value(r).unwrap(), &mut out);
    out
}

fn is_coefficient(name: &str) -> bool {
    name.contains("kappa") || name.contains("alpha")
}

fn is_count(name: &str) -> bool {
    [
        ".a",
        ".b",
        ".matched",
        "mentions",
        "_only",
        "chains",
        "characters",
        "units",
        "version",
    ]
    .iter()
    .any(|s| name.ends_with(s))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Identities are numbered document by document: each document's run is where
    /// `ident_start` says, and every mention's identity lies in its document's run.
    #[test]
    fn identities_are_contiguous_per_document(pa in picks(), pb in picks(), pc in picks()) {
        let layers = [layer("A", &pa, &vec![]), layer("B", &pb, &vec![]), layer("C", &pc, &vec![])];
        let al = weft::agreement::align::Aligned::new(&layers).unwrap();
        prop_assert_eq!(al.ident_start.len(), TEXTS.len() + 1);
        prop_assert_eq!(*al.ident_start.last().unwrap() as usize, al.ident_count());
        for (i, &d) in al.ident_doc.iter().enumerate() {
            let d = d as usize;
            prop_assert!(al.ident_start[d] as usize <= i && i < al.ident_start[d + 1] as usize);
        }
        for (l, layer) in layers.iter().enumerate() {
            for (m, mention) in layer.mentions.iter().enumerate() {
                prop_assert_eq!(al.ident_doc[al.ident[l][m] as usize] as usize, mention.doc);
            }
        }
    }

    #[test]
    fn scores_stay_in_range(pa in picks(), pb in picks(), la in link_picks(), lb in link_picks()) {
        let r = compare(&[layer("A", &pa, &la), layer("B", &pb, &lb)]).unwrap();
        for (name, v) in numbers(&r) {
            let Some(v) = v else { continue };
            if is_count(&name) {
                prop_assert!(v >= 0.0, "{name} = {v}");
            } else if is_coefficient(&name) {
                prop_assert!((-1.0 - 1e-12..=1.0 + 1e-12).contains(&v), "{name} = {v}");
            } else {
                prop_assert!((0.0..=1.0 + 1e-12).contains(&v), "{name} = {v}");
            }
        }
    }

    #[test]
    fn symmetric_metrics_do_not_depend_on_the_order(pa in picks(), pb in picks(), la in link_picks(), lb in link_picks()) {
        let (a, b) = (layer("A", &pa, &la), layer("B", &pb, &lb));
        let ab = compare(&[a.clone(), b.clone()]).unwrap();
        let ba = compare(&[b, a]).unwrap();
        let (p, q) = (&ab.pairs[0], &ba.pairs[0]);
        let close = |x: Option<f64>, y: Option<f64>| match (x, y) {
            (Some(x), Some(y)) => (x - y).abs() < 1e-12,
            (x, y) => x == y,
        };
        for (x, y) in [
            (p.spans.exact.overall.f1, q.spans.exact.overall.f1),
            (p.spans.exact.untyped.f1, q.spans.exact.untyped.f1),
            (p.spans.overlap.overall.f1, q.spans.overlap.overall.f1),
            (p.spans.overlap.untyped.f1, q.spans.overlap.untyped.f1),
            (p.cohen_kappa.overall, q.cohen_kappa.overall),
            (p.relations.overall.f1, q.relations.overall.f1),
            (p.arguments.overall.f1, q.arguments.overall.f1),
            (ab.all_layers.krippendorff_alpha.overall, ba.all_layers.krippendorff_alpha.overall),
            (p.clusters.all.as_ref().map(|c| c.muc.f1), q.clusters.all.as_ref().map(|c| c.muc.f1)),
        ] {
            prop_assert!(close(x, y), "{x:?} != {y:?}");
        }
        for (t, x) in &p.spans.overlap.by_type {
            prop_assert!(close(x.f1, q.spans.overlap.by_type[t].f1));
        }
        for (t, x) in &p.cohen_kappa.by_type {
            prop_assert!(close(*x, q.cohen_kappa.by_type[t]));
        }
        // Recall and precision swap.
        prop_assert_eq!(p.spans.exact.overall.precision, q.spans.exact.overall.recall);
    }

    #[test]
    fn a_layer_agrees_with_itself(pa in picks(), la in link_picks()) {
        let r = compare(&[layer("A", &pa, &la), layer("B", &pa, &la)]).unwrap();
        for (name, v) in numbers(&r) {
            let Some(v) = v else { continue };
            if is_count(&name) || name.contains("muc") || name.contains("conll") {
                continue;
            }
            prop_assert!((v - 1.0).abs() < 1e-12, "{name} = {v}");
        }
        // MUC is 1, or 0 when every chain is a singleton (scorch's convention).
        let p = &r.pairs[0];
        for c in [&p.clusters.all, &p.clusters.entity, &p.clusters.event].into_iter().flatten() {
            let all_singletons = c.key_chains == c.key_mentions;
            prop_assert_eq!(c.muc.f1, if all_singletons { 0.0 } else { 1.0 });
            prop_assert_eq!(c.b_cubed.f1, 1.0);
            prop_assert_eq!(c.ceaf_e.f1, 1.0);
            prop_assert!((c.conll - (c.muc.f1 + 2.0) / 3.0).abs() < 1e-12);
        }
    }
}

// ---------------------------------------------------------------- brute force references

fn brute_matching(adj: &[Vec<usize>], i: usize, used: &mut Vec<bool>) -> u64 {
    if i == adj.len() {
        return 0;
    }
    let mut best = brute_matching(adj, i + 1, used);
    for &j in &adj[i] {
        if !used[j] {
            used[j] = true;
            best = best.max(1 + brute_matching(adj, i + 1, used));
            used[j] = false;
        }
    }
    best
}

fn brute_weight(w: &[Vec<f64>], i: usize, used: &mut Vec<bool>) -> f64 {
    if i == w.len() {
        return 0.0;
    }
    let mut best = brute_weight(w, i + 1, used);
    for j in 0..w[i].len() {
        if !used[j] && w[i][j] > 0.0 {
            used[j] = true;
            best = best.max(w[i][j] + brute_weight(w, i + 1, used));
            used[j] = false;
        }
    }
    best
}

/// scorch's formulas, written out over sets the slow way.
fn naive_scores(key: &[BTreeSet<u32>], resp: &[BTreeSet<u32>]) -> [f64; 7] {
    let mut key = key.to_vec();
    let km: BTreeSet<u32> = key.iter().flatten().copied().collect();
    let rm: BTreeSet<u32> = resp.iter().flatten().copied().collect();
    for x in rm.difference(&km) {
        key.push([*x].into());
    }
    let hm = |r: f64, p: f64| {
        if r == 0.0 || p == 0.0 {
            0.0
        } else {
            2.0 * r * p / (r + p)
        }
    };
    let trace = |c: &BTreeSet<u32>, part: &[BTreeSet<u32>]| {
        let mut rest = c.clone();
        let mut n = 0;
        for a in part {
            let common: BTreeSet<u32> = rest.intersection(a).copied().collect();
            if !common.is_empty() {
                rest = rest.difference(&common).copied().collect();
                n += 1;
            }
        }
        n + rest.len()
    };
    let (mr, mp) = if key.iter().all(|k| k.len() == 1) || resp.iter().all(|r| r.len() == 1) {
        (0.0, 0.0)
    } else {
        let side = |a: &[BTreeSet<u32>], b: &[BTreeSet<u32>]| {
            let num: usize = a.iter().map(|k| k.len() - trace(k, b)).sum();
            let den: usize = a.iter().map(|k| k.len() - 1).sum();
            num as f64 / den as f64
        };
        (side(&key, resp), side(resp, &key))
    };
    let inter = |a: &BTreeSet<u32>, b: &BTreeSet<u32>| a.intersection(b).count() as f64;
    let b3 = |a: &[BTreeSet<u32>], b: &[BTreeSet<u32>]| {
        let tot: usize = a.iter().map(|k| k.len()).sum();
        if tot == 0 {
            return 0.0;
        }
        let s: f64 = a
            .iter()
            .flat_map(|k| b.iter().map(move |r| inter(k, r).powi(2) / k.len() as f64))
            .sum();
        s / tot as f64
    };
    let (br, bp) = (b3(&key, resp), b3(resp, &key));
    let (cr, cp) = if key.is_empty() || resp.is_empty() {
        (0.0, 0.0)
    } else {
        let w: Vec<Vec<f64>> = key
            .iter()
            .map(|k| {
                resp.iter()
                    .map(|r| 2.0 * inter(k, r) / (k.len() + r.len()) as f64)
                    .collect()
            })
            .collect();
        let t = brute_weight(&w, 0, &mut vec![false; resp.len()]);
        (t / key.len() as f64, t / resp.len() as f64)
    };
    let (mf, bf, cf) = (hm(mr, mp), hm(br, bp), hm(cr, cp));
    [mr, mp, br, bp, cr, cp, (mf + bf + cf) / 3.0]
}

fn chains_of(sets: &[BTreeSet<u32>]) -> Chains {
    let mut c = Chains::default();
    for s in sets {
        c.push(&s.iter().copied().collect::<Vec<_>>(), u32::MAX);
    }
    c
}

fn chain_sets() -> impl Strategy<Value = Vec<BTreeSet<u32>>> {
    prop::collection::vec(prop::collection::btree_set(0..9u32, 1..5), 0..6)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn hopcroft_karp_finds_a_maximum_matching(edges in prop::collection::vec((0..6u32, 0..6u32), 0..20)) {
        let mut adj = vec![Vec::new(); 6];
        for &(u, v) in &edges {
            adj[u as usize].push(v as usize);
        }
        prop_assert_eq!(max_cardinality(&edges), brute_matching(&adj, 0, &mut vec![false; 6]));
    }

    #[test]
    fn the_sparse_assignment_finds_the_best_total(
        rows in 0..6usize,
        cols in 0..6usize,
        cells in prop::collection::vec((0..6u32, 0..6u32, 1..20u32), 0..25),
    ) {
        let mut w = vec![vec![0.0; cols]; rows];
        let mut edges = Vec::new();
        for &(r, c, x) in &cells {
            let (r, c) = (r as usize, c as usize);
            if r < rows && c < cols && w[r][c] == 0.0 {
                w[r][c] = f64::from(x) / 20.0;
                edges.push((r as u32, c as u32, w[r][c]));
            }
        }
        let want = brute_weight(&w, 0, &mut vec![false; cols]);
        prop_assert!((max_weight(rows, cols, &edges) - want).abs() < 1e-9);
    }

    /// Chains may share identities (duplicates), as scorch allows.
    #[test]
    fn chain_scores_equal_scorchs_formulas(key in chain_sets(), resp in chain_sets()) {
        let got = chains::score(&chains_of(&key), &chains_of(&resp), 0, 9);
        let want = naive_scores(&key, &resp);
        let have = [
            got.muc.recall, got.muc.precision, got.b_cubed.recall, got.b_cubed.precision,
            got.ceaf_e.recall, got.ceaf_e.precision, got.conll,
        ];
        for (g, w) in have.iter().zip(want) {
            prop_assert!((g - w).abs() < 1e-9, "{have:?} vs {want:?}");
        }
    }
}
