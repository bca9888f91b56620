//! Span agreement of two layers: exact and overlap matches, per type, overall and per
//! document.

use super::align::Aligned;
use super::layer::MentionView;
use super::matching;

/// How many items layer a has, layer b has, and how many were matched one to one.
/// Precision counts against b, recall against a; F1 is symmetric.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub a: u64,
    pub b: u64,
    pub matched: u64,
}

impl Counts {
    /// matched / b, or `None` when b has none.
    pub fn precision(&self) -> Option<f64> {
        (self.b > 0).then(|| self.matched as f64 / self.b as f64)
    }

    /// matched / a, or `None` when a has none.
    pub fn recall(&self) -> Option<f64> {
        (self.a > 0).then(|| self.matched as f64 / self.a as f64)
    }

    /// 2·matched / (a + b), or `None` when both have none.
    pub fn f1(&self) -> Option<f64> {
        (self.a + self.b > 0).then(|| 2.0 * self.matched as f64 / (self.a + self.b) as f64)
    }

    fn add(&mut self, o: Counts) {
        self.a += o.a;
        self.b += o.b;
        self.matched += o.matched;
    }
}

/// One way of matching spans, summed in several ways.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpanCounts {
    /// Type must agree (the sum of `by_type`).
    pub typed: Counts,
    /// Type ignored.
    pub untyped: Counts,
    /// Per global type id.
    pub by_type: Vec<Counts>,
    /// Per compared document, type must agree.
    pub by_doc: Vec<Counts>,
}

impl SpanCounts {
    fn new(al: &Aligned, a: usize, b: usize) -> Self {
        let mut s = Self {
            by_type: vec![Counts::default(); al.types.len()],
            by_doc: vec![Counts::default(); al.docs.len()],
            ..Default::default()
        };
        for d in 0..al.docs.len() {
            for &m in &al.by_doc[a][d] {
                s.by_type[al.mention_type(a, m as usize) as usize].a += 1;
            }
            for &m in &al.by_doc[b][d] {
                s.by_type[al.mention_type(b, m as usize) as usize].b += 1;
            }
            let (na, nb) = (al.by_doc[a][d].len() as u64, al.by_doc[b][d].len() as u64);
            s.by_doc[d].a = na;
            s.by_doc[d].b = nb;
            s.typed.a += na;
            s.typed.b += nb;
        }
        s.untyped.a = s.typed.a;
        s.untyped.b = s.typed.b;
        s
    }
}

/// Exact matches: same document, same fragments (and, typed, the same type), counted as
/// multisets (a span twice in a and once in b matches once).
pub fn exact(al: &Aligned, a: usize, b: usize) -> SpanCounts {
    let mut s = SpanCounts::new(al, a, b);
    for d in 0..al.docs.len() {
        // by_doc lists are in (identity, type) order.
        let key = |l: usize, m: u32| (al.ident[l][m as usize], al.mention_type(l, m as usize));
        let la: Vec<(u32, u32)> = al.by_doc[a][d].iter().map(|&m| key(a, m)).collect();
        let lb: Vec<(u32, u32)> = al.by_doc[b][d].iter().map(|&m| key(b, m)).collect();
        let (mut i, mut j) = (0, 0);
        while i < la.len() && j < lb.len() {
            let id = la[i].0.min(lb[j].0);
            let ea = i + la[i..].iter().take_while(|x| x.0 == id).count();
            let eb = j + lb[j..].iter().take_while(|x| x.0 == id).count();
            s.untyped.matched += (ea - i).min(eb - j) as u64;
            // Within one identity, merge by type.
            let (mut p, mut q) = (i, j);
            while p < ea && q < eb {
                let t = la[p].1.min(lb[q].1);
                let pa = p + la[p..ea].iter().take_while(|x| x.1 == t).count();
                let qb = q + lb[q..eb].iter().take_while(|x| x.1 == t).count();
                let n = (pa - p).min(qb - q) as u64;
                s.by_type[t as usize].matched += n;
                s.by_doc[d].matched += n;
                s.typed.matched += n;
                (p, q) = (pa, qb);
            }
            (i, j) = (ea, eb);
        }
    }
    s
}

/// Whether two mentions share a character (some fragment of one meets one of the other).
fn fragments_meet(x: &MentionView, y: &MentionView) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < x.fragments.len() && j < y.fragments.len() {
        let (f, g) = (&x.fragments[i], &y.fragments[j]);
        if f.start < g.end && g.start < f.end {
            return true;
        }
        if f.end <= g.end {
            i += 1;
        } else {
            j += 1;
        }
    }
    false
}

/// What the sweep needs of one mention, kept contiguous: its first start, its last end,
/// its global type and whether it has several fragments (only then are they looked at).
#[derive(Clone, Copy)]
struct Extent {
    start: usize,
    end: usize,
    ty: u32,
    split: bool,
}

fn extents(al: &Aligned, l: usize, d: usize, out: &mut Vec<Extent>) {
    out.clear();
    out.extend(al.by_doc[l][d].iter().map(|&m| {
        let f = &al.layers[l].mentions[m as usize].fragments;
        Extent {
            start: f[0].start,
            end: f.last().map_or(0, |f| f.end),
            ty: al.mention_type(l, m as usize),
            split: f.len() > 1,
        }
    }));
}

/// Pairs (position in a's list, position in b's list, same type) of the mentions of one
/// document that share a character: a sweep over starts keeping the spans still open.
fn overlapping_pairs(
    al: &Aligned,
    (a, b, d): (usize, usize, usize),
    (xa, xb): (&[Extent], &[Extent]),
    out: &mut Vec<(u32, u32, bool)>,
) {
    let (ma, mb) = (&al.by_doc[a][d], &al.by_doc[b][d]);
    let mention = |l: usize, m: u32| &al.layers[l].mentions[m as usize];
    // Two extents that overlap share a character unless one of them has gaps.
    let meet = |p: usize, q: usize| {
        let (x, y) = (&xa[p], &xb[q]);
        x.start < y.end
            && y.start < x.end
            && (!(x.split || y.split) || fragments_meet(mention(a, ma[p]), mention(b, mb[q])))
    };
    let mut open_a: Vec<u32> = Vec::new();
    let mut open_b: Vec<u32> = Vec::new();
    out.clear();
    let (mut i, mut j) = (0, 0);
    while i < xa.len() || j < xb.len() {
        let take_a = j == xb.len() || (i < xa.len() && xa[i].start <= xb[j].start);
        if take_a {
            let s = xa[i].start;
            open_b.retain(|&q| xb[q as usize].end > s);
            for &q in &open_b {
                if meet(i, q as usize) {
                    out.push((i as u32, q, xa[i].ty == xb[q as usize].ty));
                }
            }
            open_a.push(i as u32);
            i += 1;
        } else {
            let s = xb[j].start;
            open_a.retain(|&p| xa[p as usize].end > s);
            for &p in &open_a {
                if meet(p as usize, j) {
                    out.push((p, j as u32, xa[p as usize].ty == xb[j].ty));
                }
            }
            open_b.push(j as u32);
            j += 1;
        }
    }
}

/// Overlap matches: two mentions of one document match when they share a character (and,
/// typed, have the same type); the count is the size of a maximum one-to-one matching of
/// that "overlaps" graph, so one long span never matches two short ones.
pub fn overlap(al: &Aligned, a: usize, b: usize) -> SpanCounts {
    let mut s = SpanCounts::new(al, a, b);
    let mut typed: Vec<(u32, u32, u32)> = Vec::new();
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let (mut xa, mut xb, mut edges) = (Vec::new(), Vec::new(), Vec::new());
    for d in 0..al.docs.len() {
        extents(al, a, d, &mut xa);
        extents(al, b, d, &mut xb);
        overlapping_pairs(al, (a, b, d), (&xa, &xb), &mut edges);
        pairs.clear();
        pairs.extend(edges.iter().map(|&(p, q, _)| (p, q)));
        s.untyped.matched += matching::max_cardinality(&pairs);
        // Typed: one graph per type (edges only join mentions of the same type).
        typed.clear();
        typed.extend(
            edges
                .iter()
                .filter(|e| e.2)
                .map(|&(p, q, _)| (xa[p as usize].ty, p, q)),
        );
        typed.sort_unstable();
        let mut k = 0;
        while k < typed.len() {
            let t = typed[k].0;
            let e = k + typed[k..].iter().take_while(|x| x.0 == t).count();
            pairs.clear();
            pairs.extend(typed[k..e].iter().map(|&(_, p, q)| (p, q)));
            let n = matching::max_cardinality(&pairs);
            s.by_type[t as usize].matched += n;
            s.by_doc[d].matched += n;
            s.typed.matched += n;
            k = e;
        }
    }
    s
}

/// Adds per-type counts into an overall count (used by tests and the report).
pub fn total(counts: &[Counts]) -> Counts {
    let mut t = Counts::default();
    for c in counts {
        t.add(*c);
    }
    t
}
