//! The agreement report: plain data with stable field names (the JSON of `weft agreement
//! --json`, documented in `docs/team.md`), built from the metrics of the other modules.

use super::align::Aligned;
use super::chains::{self, ChainScores, Chains, Rpf, Scope};
use super::kappa;
use super::links::{self, LinkCounts};
use super::spans::{self, Counts, SpanCounts};
use super::units::{self, Tally, Units};
use crate::model::{InOrder, Join};
use serde::Serialize;
use std::collections::BTreeMap;

/// Counts and precision / recall / F1 of one comparison (b against a).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Prf {
    pub a: u64,
    pub b: u64,
    pub matched: u64,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
}

impl From<Counts> for Prf {
    fn from(c: Counts) -> Self {
        Self {
            a: c.a,
            b: c.b,
            matched: c.matched,
            precision: c.precision(),
            recall: c.recall(),
            f1: c.f1(),
        }
    }
}

/// One way of matching spans.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SpanReport {
    /// Type must agree.
    pub overall: Prf,
    /// Type ignored.
    pub untyped: Prf,
    pub by_type: BTreeMap<String, Prf>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Spans {
    pub exact: SpanReport,
    pub overlap: SpanReport,
}

/// A chance-corrected coefficient over the character units, overall and per type.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Coefficient {
    pub overall: Option<f64>,
    pub by_type: BTreeMap<String, Option<f64>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Relations {
    pub overall: Prf,
    pub by_type: BTreeMap<String, Prf>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Arguments {
    pub overall: Prf,
    pub by_role: BTreeMap<String, Prf>,
}

/// Recall, precision, F1 of one coreference metric.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChainMetric {
    pub recall: f64,
    pub precision: f64,
    pub f1: f64,
}

impl From<Rpf> for ChainMetric {
    fn from(r: Rpf) -> Self {
        Self {
            recall: r.recall,
            precision: r.precision,
            f1: r.f1,
        }
    }
}

/// MUC, B³, CEAF-e and CoNLL of b's chains against a's, with the sizes they were computed on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClusterScores {
    pub muc: ChainMetric,
    pub b_cubed: ChainMetric,
    pub ceaf_e: ChainMetric,
    pub conll: f64,
    pub key_mentions: u64,
    pub response_mentions: u64,
    pub key_only: u64,
    pub response_only: u64,
    pub key_chains: u64,
    pub response_chains: u64,
}

impl From<ChainScores> for ClusterScores {
    fn from(s: ChainScores) -> Self {
        Self {
            muc: s.muc.into(),
            b_cubed: s.b_cubed.into(),
            ceaf_e: s.ceaf_e.into(),
            conll: s.conll,
            key_mentions: s.key_mentions,
            response_mentions: s.response_mentions,
            key_only: s.key_only,
            response_only: s.response_only,
            key_chains: s.key_chains,
            response_chains: s.response_chains,
        }
    }
}

/// Corpus-wide chain scores: all chains, entity chains, event chains.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Clusters {
    pub all: Option<ClusterScores>,
    pub entity: Option<ClusterScores>,
    pub event: Option<ClusterScores>,
}

/// One document, one pair.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PairDocument {
    pub document: String,
    pub exact: Prf,
    pub overlap: Prf,
    pub cohen_kappa: Option<f64>,
    pub clusters: Option<ClusterScores>,
}

/// Everything about one pair of layers; `a` is the reference (key), `b` the response.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PairReport {
    pub a: String,
    pub b: String,
    pub spans: Spans,
    pub cohen_kappa: Coefficient,
    pub relations: Relations,
    pub arguments: Arguments,
    pub clusters: Clusters,
    pub documents: Vec<PairDocument>,
}

/// One document, all layers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupDocument {
    pub document: String,
    pub krippendorff_alpha: Option<f64>,
    pub fleiss_kappa: Option<f64>,
}

/// Coefficients over all layers at once.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AllLayers {
    pub krippendorff_alpha: Coefficient,
    /// Only with three or more layers.
    pub fleiss_kappa: Option<Coefficient>,
    pub documents: Vec<GroupDocument>,
}

/// A compared document.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocumentInfo {
    pub document: String,
    /// Code points of the text.
    pub characters: u64,
    /// Units of κ and α: code points that are not whitespace.
    pub units: u64,
}

/// A document left out because some layers lack it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SkippedDocument {
    pub document: String,
    pub missing_from: Vec<String>,
}

/// Pair metrics as matrices (row = a, the key; column = b; only cells above the diagonal
/// are filled, as pairs are taken in order).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PairMatrix {
    pub annotators: Vec<String>,
    pub exact_f1: Vec<Vec<Option<f64>>>,
    pub overlap_f1: Vec<Vec<Option<f64>>>,
    pub cohen_kappa: Vec<Vec<Option<f64>>>,
    pub conll: Vec<Vec<Option<f64>>>,
}

/// The whole agreement report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// `"weft-agreement"`.
    pub format: &'static str,
    pub version: u32,
    pub annotators: Vec<String>,
    /// What one unit of κ and α is.
    pub unit: &'static str,
    pub types: Vec<String>,
    pub documents: Vec<DocumentInfo>,
    pub skipped_documents: Vec<SkippedDocument>,
    pub all_layers: AllLayers,
    pub pairs: Vec<PairReport>,
    /// Only with three or more layers.
    pub pair_matrix: Option<PairMatrix>,
}

/// Label tuples of the layers given, as category tuples: the label ids themselves, or (per
/// type) whether each label contains the type.
fn project(
    t: &Tally,
    layers: &[usize],
    labels: &[Vec<u32>],
    ty: Option<u32>,
) -> Vec<(Vec<u32>, u64)> {
    t.iter()
        .map(|(tuple, n)| {
            let cats = layers
                .iter()
                .map(|&l| match ty {
                    None => tuple[l],
                    Some(ty) => u32::from(labels[tuple[l] as usize].binary_search(&ty).is_ok()),
                })
                .collect();
            (cats, *n)
        })
        .collect()
}

fn as_pairs(v: Vec<(Vec<u32>, u64)>) -> Vec<([u32; 2], u64)> {
    v.into_iter().map(|(c, n)| ([c[0], c[1]], n)).collect()
}

fn span_report(al: &Aligned, c: &SpanCounts) -> SpanReport {
    SpanReport {
        overall: c.typed.into(),
        untyped: c.untyped.into(),
        by_type: c
            .by_type
            .iter()
            .enumerate()
            .filter(|(_, x)| x.a + x.b > 0)
            .map(|(t, x)| (al.types[t].clone(), (*x).into()))
            .collect(),
    }
}

fn links_report(c: LinkCounts) -> (Prf, BTreeMap<String, Prf>) {
    (
        c.overall.into(),
        c.by_label.into_iter().map(|(k, v)| (k, v.into())).collect(),
    )
}

/// Types that label at least one unit in one of `layers`.
fn used_types(units: &Units, merged: &Tally, layers: &[usize]) -> Vec<u32> {
    let mut used: Vec<u32> = merged
        .iter()
        .flat_map(|(t, _)| {
            layers
                .iter()
                .flat_map(|&l| units.labels[t[l] as usize].iter().copied())
        })
        .collect();
    used.sort_unstable();
    used.dedup();
    used
}

struct Context<'a> {
    al: &'a Aligned<'a>,
    units: Units,
    merged: Tally,
    /// Per layer, per scope (all, entity, event): chains.
    chains: Vec<[Chains; 3]>,
    /// Per layer: chains of scope "all" per document.
    doc_chains: Vec<Vec<Chains>>,
}

fn scored(key: &Chains, resp: &Chains, lo: u32, hi: u32) -> Option<ClusterScores> {
    (!key.is_empty() || !resp.is_empty()).then(|| chains::score(key, resp, lo, hi).into())
}

/// What a pair's report needs besides its span counts (see [`pair_report`]).
struct PairRest {
    kappa_overall: Option<f64>,
    kappa_by_type: BTreeMap<String, Option<f64>>,
    relations: Relations,
    arguments: Arguments,
    clusters: Clusters,
    /// Per document: Cohen's κ and the cluster scores.
    documents: Vec<(Option<f64>, Option<ClusterScores>)>,
}

/// The pair's coefficients, links and clusters: everything but the span counts.
fn pair_rest(cx: &Context, a: usize, b: usize) -> PairRest {
    let al = cx.al;
    let ab = [a, b];
    let kappa_of =
        |t: &Tally, ty: Option<u32>| kappa::cohen(&as_pairs(project(t, &ab, &cx.units.labels, ty)));
    let kappa_by_type = used_types(&cx.units, &cx.merged, &ab)
        .into_iter()
        .map(|t| (al.types[t as usize].clone(), kappa_of(&cx.merged, Some(t))))
        .collect();
    let (rel, args) = links::compare_links(al, a, b);
    let (rel_all, rel_by) = links_report(rel);
    let (arg_all, arg_by) = links_report(args);
    let n = al.ident_count() as u32;
    let [ka, kb] = [&cx.chains[a], &cx.chains[b]];
    let documents = (0..al.docs.len())
        .map(|d| {
            let clusters = scored(
                &cx.doc_chains[a][d],
                &cx.doc_chains[b][d],
                al.ident_start[d],
                al.ident_start[d + 1],
            );
            (kappa_of(&cx.units.docs[d], None), clusters)
        })
        .collect();
    PairRest {
        kappa_overall: kappa_of(&cx.merged, None),
        kappa_by_type,
        relations: Relations {
            overall: rel_all,
            by_type: rel_by,
        },
        arguments: Arguments {
            overall: arg_all,
            by_role: arg_by,
        },
        clusters: Clusters {
            all: scored(&ka[0], &kb[0], 0, n),
            entity: scored(&ka[1], &kb[1], 0, n),
            event: scored(&ka[2], &kb[2], 0, n),
        },
        documents,
    }
}

/// One pair's report: its span counts and the rest are independent, so `join` may compute
/// them side by side.
fn pair_report(cx: &Context, a: usize, b: usize, join: &impl Join) -> PairReport {
    let al = cx.al;
    let ((exact, overlap), rest) = join.join(
        || (spans::exact(al, a, b), spans::overlap(al, a, b)),
        || pair_rest(cx, a, b),
    );
    let documents = rest
        .documents
        .into_iter()
        .enumerate()
        .map(|(d, (cohen_kappa, clusters))| PairDocument {
            document: al.docs[d].key.to_string(),
            exact: exact.by_doc[d].into(),
            overlap: overlap.by_doc[d].into(),
            cohen_kappa,
            clusters,
        })
        .collect();
    PairReport {
        a: al.layers[a].name.clone(),
        b: al.layers[b].name.clone(),
        spans: Spans {
            exact: span_report(al, &exact),
            overlap: span_report(al, &overlap),
        },
        cohen_kappa: Coefficient {
            overall: rest.kappa_overall,
            by_type: rest.kappa_by_type,
        },
        relations: rest.relations,
        arguments: rest.arguments,
        clusters: rest.clusters,
        documents,
    }
}

fn all_layers(cx: &Context) -> AllLayers {
    let al = cx.al;
    let m = al.layers.len();
    let everyone: Vec<usize> = (0..m).collect();
    let labels = &cx.units.labels;
    let alpha = |t: &Tally, ty| kappa::krippendorff(&project(t, &everyone, labels, ty), m);
    let fleiss = |t: &Tally, ty| kappa::fleiss(&project(t, &everyone, labels, ty), m);
    let types = used_types(&cx.units, &cx.merged, &everyone);
    let coefficient = |f: &dyn Fn(&Tally, Option<u32>) -> Option<f64>| Coefficient {
        overall: f(&cx.merged, None),
        by_type: types
            .iter()
            .map(|&t| (al.types[t as usize].clone(), f(&cx.merged, Some(t))))
            .collect(),
    };
    AllLayers {
        krippendorff_alpha: coefficient(&alpha),
        fleiss_kappa: (m >= 3).then(|| coefficient(&fleiss)),
        documents: (0..al.docs.len())
            .map(|d| GroupDocument {
                document: al.docs[d].key.to_string(),
                krippendorff_alpha: alpha(&cx.units.docs[d], None),
                fleiss_kappa: if m >= 3 {
                    fleiss(&cx.units.docs[d], None)
                } else {
                    None
                },
            })
            .collect(),
    }
}

fn matrix(names: &[String], pairs: &[PairReport]) -> PairMatrix {
    let m = names.len();
    let empty = vec![vec![None; m]; m];
    let mut out = PairMatrix {
        annotators: names.to_vec(),
        exact_f1: empty.clone(),
        overlap_f1: empty.clone(),
        cohen_kappa: empty.clone(),
        conll: empty,
    };
    let index = |n: &str| names.iter().position(|x| x == n).expect("a layer name");
    for p in pairs {
        let (i, j) = (index(&p.a), index(&p.b));
        out.exact_f1[i][j] = p.spans.exact.overall.f1;
        out.overlap_f1[i][j] = p.spans.overlap.overall.f1;
        out.cohen_kappa[i][j] = p.cohen_kappa.overall;
        out.conll[i][j] = p.clusters.all.as_ref().map(|c| c.conll);
    }
    out
}

/// Computes every metric of the aligned layers, one after the other.
pub fn build(al: &Aligned) -> Report {
    build_with(al, &InOrder)
}

/// [`build`], with `join` running the independent parts (the units and the chains; then, per
/// pair, the span counts and the rest) as it likes. The report is the same whichever it is.
pub fn build_with(al: &Aligned, join: &impl Join) -> Report {
    let m = al.layers.len();
    let ((units, merged), (chains, doc_chains)) = join.join(
        || {
            let units = units::tally(al);
            let merged = units::merge(&units.docs);
            (units, merged)
        },
        || {
            let chains: Vec<[Chains; 3]> = (0..m)
                .map(|l| {
                    [Scope::All, Scope::Entity, Scope::Event]
                        .map(|s| chains::layer_chains(al, l, s, true))
                })
                .collect();
            let doc_chains: Vec<Vec<Chains>> = chains
                .iter()
                .map(|c| chains::split_by_document(al, &c[0]))
                .collect();
            (chains, doc_chains)
        },
    );
    let cx = Context {
        al,
        units,
        merged,
        chains,
        doc_chains,
    };
    let mut pairs = Vec::new();
    for a in 0..m {
        for b in a + 1..m {
            pairs.push(pair_report(&cx, a, b, join));
        }
    }
    let names: Vec<String> = al.layers.iter().map(|l| l.name.clone()).collect();
    Report {
        format: "weft-agreement",
        version: 1,
        annotators: names.clone(),
        unit: "non-whitespace code point",
        types: al.types.clone(),
        documents: al
            .docs
            .iter()
            .enumerate()
            .map(|(d, doc)| DocumentInfo {
                document: doc.key.to_string(),
                characters: cx.units.chars[d],
                units: cx.units.units[d],
            })
            .collect(),
        skipped_documents: al
            .skipped
            .iter()
            .map(|(k, missing)| SkippedDocument {
                document: k.clone(),
                missing_from: missing.clone(),
            })
            .collect(),
        all_layers: all_layers(&cx),
        pair_matrix: (m > 2).then(|| matrix(&names, &pairs)),
        pairs,
    }
}
