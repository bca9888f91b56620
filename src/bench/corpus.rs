//! The synthetic-corpus generator behind `weft bench gen`.
//!
//! Texts are made of invented words (syllables with accented letters, `ñ`, `ł`, `ß`…),
//! sentences of varying length with curly quotes, dashes and the odd emoji, paragraphs of one
//! to nine sentences; every fifth document uses CRLF line breaks. Mentions fall on word
//! boundaries: single words, multi-word spans, nested pairs (an outer span with an inner word)
//! and a few discontinuous ones. About half the mentions are linked to entities or events
//! drawn from corpus-wide pools, so clusters span documents; relations and event arguments
//! join random mentions and clusters of fitting types. Everything follows from the seed.

use super::Rng;
use crate::edit::{self, Edit};
use crate::model::{
    Argument, ArgumentId, Cluster, ClusterId, DocId, Document, Endpoint, Mention, MentionId,
    Project, Provenance, Relation, RelationId, Schema, TextRange,
};
use crate::store::ProjectFolder;
use anyhow::{Context, Result, bail};
use chrono::{DateTime, TimeZone, Utc};
use std::path::Path;

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GenSpec {
    /// Number of documents.
    pub docs: usize,
    /// Total size of the texts in megabytes (10^6 bytes of UTF-8).
    pub megabytes: f64,
    /// Total number of mentions.
    pub mentions: usize,
    pub seed: u64,
}

/// Counts of what was generated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GenSummary {
    pub documents: usize,
    pub text_bytes: usize,
    pub mentions: usize,
    pub clusters: usize,
    pub relations: usize,
    pub arguments: usize,
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ra", "te", "su", "ven", "dor", "al", "ber", "gu", "ti", "on", "ar", "el",
    "ña", "ló", "rí", "çu", "ße", "ła", "øy", "mé", "zh", "qui", "bra", "sto", "nel", "vy", "do",
];
const FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "in", "to", "a", "was", "for", "that", "on", "with", "by", "at", "from",
    "de", "la", "y", "en", "el",
];
const ENTITY_TYPES: &[&str] = &["PERSON", "ORG", "PLACE", "DATE"];
const EVENT_TYPES: &[&str] = &["COUP", "ARREST", "ELECTION"];

fn base_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0)
        .single()
        .expect("a valid fixed date")
}

fn word(rng: &mut Rng, capital: bool) -> String {
    let n = 1 + rng.below(3) as usize;
    let mut w = String::new();
    for _ in 0..n {
        w.push_str(SYLLABLES[rng.below(SYLLABLES.len() as u64) as usize]);
    }
    if capital {
        let mut c = w.chars();
        let first = c.next().map(|f| f.to_uppercase().collect::<String>());
        w = first.unwrap_or_default() + c.as_str();
    }
    w
}

/// A text of about `target` bytes and the byte ranges of its words (with their paragraph).
fn text(rng: &mut Rng, target: usize, crlf: bool) -> (String, Vec<(usize, usize, u32)>) {
    let mut s = String::with_capacity(target + 256);
    let mut words = Vec::new();
    let mut para = 0u32;
    let newline = if crlf { "\r\n" } else { "\n" };
    while s.len() < target {
        let sentences = 1 + rng.below(9);
        for k in 0..sentences {
            if k > 0 {
                s.push(' ');
            }
            let len = 4 + rng.below(22);
            let quoted = rng.below(12) == 0;
            if quoted {
                s.push('\u{201c}');
            }
            for i in 0..len {
                if i > 0 {
                    s.push(if rng.below(25) == 0 { '\u{2014}' } else { ' ' });
                }
                let w = if i > 0 && rng.below(3) == 0 {
                    FUNCTION_WORDS[rng.below(FUNCTION_WORDS.len() as u64) as usize].to_string()
                } else {
                    let capital = i == 0 || rng.below(4) == 0;
                    word(rng, capital)
                };
                let start = s.len();
                s.push_str(&w);
                words.push((start, s.len(), para));
                if rng.below(300) == 0 {
                    s.push_str(" \u{1F600}");
                } else if rng.below(9) == 0 {
                    s.push(',');
                }
            }
            s.push('.');
            if quoted {
                s.push('\u{201d}');
            }
        }
        s.push_str(newline);
        if rng.below(3) == 0 {
            s.push_str(newline);
        }
        para += 1;
    }
    (s, words)
}

fn pick<'a, T>(rng: &mut Rng, v: &'a [T]) -> Option<&'a T> {
    if v.is_empty() {
        None
    } else {
        Some(&v[rng.below(v.len() as u64) as usize])
    }
}

/// Builds the project in memory (every object goes through [`edit::apply`], so it is valid).
pub fn build(spec: &GenSpec) -> Result<Project> {
    if spec.docs == 0 {
        bail!("--docs must be at least 1");
    }
    if spec.megabytes.is_nan() || spec.megabytes <= 0.0 {
        bail!("--mb must be more than 0");
    }
    let mut rng = Rng::new(spec.seed);
    let mut ids = Rng::new(spec.seed ^ 0x05ee_d1d5);
    let mut id = |prefix: &str| format!("{prefix}{:016x}", ids.next_u64());
    let schema = Schema::default_news();
    let mut project = Project::new(format!("synthetic corpus (seed {})", spec.seed), schema);
    let t0 = base_time();
    let per_doc_bytes = ((spec.megabytes * 1e6) / spec.docs as f64).max(64.0) as usize;

    // Corpus-wide pools of entities and events, so that clusters span documents.
    let n_clusters = (spec.mentions / 25).max(ENTITY_TYPES.len() + EVENT_TYPES.len());
    let mut pools: Vec<(&str, Vec<ClusterId>)> = ENTITY_TYPES
        .iter()
        .chain(EVENT_TYPES)
        .map(|t| (*t, Vec::new()))
        .collect();
    for k in 0..n_clusters {
        let slot = k % pools.len();
        let c = Cluster {
            id: ClusterId(id("c_")),
            type_key: pools[slot].0.to_string(),
            name: format!("{} {}", word(&mut rng, true), word(&mut rng, true)),
            external_id: (k % 7 == 0).then(|| format!("Q{}", 1000 + k)),
            attributes: Default::default(),
            note: String::new(),
        };
        pools[slot].1.push(c.id.clone());
        edit::apply(&mut project, Edit::InsertCluster(c)).context("generated cluster")?;
    }

    // Mentions by type, for relations and arguments.
    let mut by_type: std::collections::HashMap<&str, Vec<MentionId>> = Default::default();
    let mut made = 0usize;
    for d in 0..spec.docs {
        let (body, words) = text(&mut rng, per_doc_bytes, d % 5 == 1);
        let doc_id = DocId(id("d_"));
        let doc = Document::new(
            doc_id.clone(),
            format!("synthetic-{d:05}"),
            body,
            Provenance {
                original: Some(format!("synthetic-{d:05}.txt")),
                encoding: "UTF-8".into(),
                had_bom: false,
                imported_at: Some(t0),
                extraction: None,
            },
        );
        let text = doc.text_arc();
        edit::apply(&mut project, Edit::InsertDocument { index: d, doc })
            .context("generated document")?;
        // This document's share of the mentions, placed on word boundaries in order.
        let share = spec.mentions / spec.docs + usize::from(d < spec.mentions % spec.docs);
        let share = share.min(words.len());
        if share == 0 {
            continue;
        }
        let stride = words.len() as f64 / share as f64;
        let mut k = 0usize;
        let mut batch = Vec::with_capacity(share);
        while k < share {
            let w = ((k as f64) * stride) as usize;
            let is_event = rng.below(5) == 0;
            let ty = if is_event {
                EVENT_TYPES[rng.below(EVENT_TYPES.len() as u64) as usize]
            } else {
                ENTITY_TYPES[rng.below(ENTITY_TYPES.len() as u64) as usize]
            };
            let same_para = |a: usize, b: usize| b < words.len() && words[a].2 == words[b].2;
            let span_words = 1 + rng.below(3) as usize;
            let last = (w..w + span_words)
                .take_while(|&j| same_para(w, j))
                .last()
                .unwrap_or(w);
            let shape = rng.below(20);
            let range = |a: usize, b: usize| TextRange::new(&text, a, b);
            let fragments = if shape == 0 && same_para(w, w + 2) {
                // Discontinuous: two words with one between.
                vec![
                    range(words[w].0, words[w].1)?,
                    range(words[w + 2].0, words[w + 2].1)?,
                ]
            } else {
                vec![range(words[w].0, words[last].1)?]
            };
            let cluster = (rng.below(2) == 0)
                .then(|| pools.iter().find(|(t, _)| *t == ty))
                .flatten()
                .and_then(|(_, p)| pick(&mut rng, p).cloned());
            let when = t0 + chrono::Duration::seconds(rng.below(86_400 * 365) as i64);
            let m = Mention {
                id: MentionId(id("m_")),
                doc: doc_id.clone(),
                type_key: ty.to_string(),
                fragments,
                attributes: Default::default(),
                note: if rng.below(50) == 0 {
                    "checked against the archive".into()
                } else {
                    String::new()
                },
                cluster,
                author: "bench".into(),
                created: when,
                modified: when,
            };
            by_type.entry(ty).or_default().push(m.id.clone());
            batch.push(Edit::InsertMention(m));
            k += 1;
            // Nested: an inner mention on the middle word of a three-word span.
            if k < share && last >= w + 2 && shape > 14 {
                let inner = w + 1;
                let ty = ENTITY_TYPES[rng.below(ENTITY_TYPES.len() as u64) as usize];
                let m = Mention {
                    id: MentionId(id("m_")),
                    doc: doc_id.clone(),
                    type_key: ty.to_string(),
                    fragments: vec![range(words[inner].0, words[inner].1)?],
                    attributes: Default::default(),
                    note: String::new(),
                    cluster: None,
                    author: "bench".into(),
                    created: when,
                    modified: when,
                };
                by_type.entry(ty).or_default().push(m.id.clone());
                batch.push(Edit::InsertMention(m));
                k += 1;
            }
        }
        made += batch.len();
        edit::apply(&mut project, Edit::Batch(batch)).context("generated mentions")?;
    }

    // Relations: member_of, located_in, opposes between fitting mentions (and some clusters).
    let n_relations = spec.mentions / 40;
    let kinds: [(&str, &[&str], &[&str]); 3] = [
        ("member_of", &["PERSON", "ORG"], &["ORG"]),
        ("located_in", &["ORG", "PLACE"], &["PLACE"]),
        ("opposes", &["PERSON", "ORG"], &["PERSON", "ORG"]),
    ];
    let mut links = Vec::new();
    let end_of = |rng: &mut Rng, types: &[&str]| -> Option<Endpoint> {
        let t = *pick(rng, types)?;
        if rng.below(5) == 0 {
            let pool = &pools.iter().find(|(k, _)| *k == t)?.1;
            pick(rng, pool).cloned().map(Endpoint::Cluster)
        } else {
            pick(rng, by_type.get(t)?).cloned().map(Endpoint::Mention)
        }
    };
    for _ in 0..n_relations {
        let (key, from, to) = kinds[rng.below(3) as usize];
        let (Some(a), Some(b)) = (end_of(&mut rng, from), end_of(&mut rng, to)) else {
            continue;
        };
        if a == b {
            continue;
        }
        links.push(Edit::InsertRelation(Relation {
            id: RelationId(id("r_")),
            type_key: key.into(),
            from: a,
            to: b,
            attributes: Default::default(),
            note: String::new(),
        }));
    }
    // Arguments: roles that take several fillers, so any number may be added.
    let roles: [(&str, &str, &[&str]); 4] = [
        ("COUP", "agent", &["PERSON", "ORG"]),
        ("COUP", "target", &["PERSON", "ORG"]),
        ("ARREST", "detainee", &["PERSON"]),
        ("ELECTION", "candidate", &["PERSON", "ORG"]),
    ];
    for _ in 0..spec.mentions / 40 {
        let (ev, role, fillers) = roles[rng.below(4) as usize];
        let (Some(e), Some(f)) = (end_of(&mut rng, &[ev]), end_of(&mut rng, fillers)) else {
            continue;
        };
        links.push(Edit::InsertArgument(Argument {
            id: ArgumentId(id("a_")),
            event: e,
            role: role.into(),
            target: f,
        }));
    }
    edit::apply(&mut project, Edit::Batch(links)).context("generated links")?;
    debug_assert_eq!(project.mentions().count(), made);
    Ok(project)
}

/// What a project holds, counted.
pub fn summary(project: &Project) -> GenSummary {
    GenSummary {
        documents: project.documents().len(),
        text_bytes: project.documents().iter().map(|d| d.text().len()).sum(),
        mentions: project.mentions().count(),
        clusters: project.clusters().count(),
        relations: project.relations().count(),
        arguments: project.arguments().count(),
    }
}

/// Generates a project and writes it to `out` (which must not hold a project yet) through the
/// store, as Weft itself would save it.
pub fn generate(spec: &GenSpec, out: &Path) -> Result<GenSummary> {
    let project = build(spec)?;
    let (_, mut folder) = ProjectFolder::create(out, &project.name, project.schema().clone())
        .with_context(|| format!("cannot create a project in {}", out.display()))?;
    folder
        .save(&project)
        .with_context(|| format!("cannot write the project in {}", out.display()))?;
    Ok(summary(&project))
}
