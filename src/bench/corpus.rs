//! The synthetic-corpus generator behind `weft bench gen`.
//!
//! Texts are made of invented words (syllables with accented letters, `ñ`, `ł`, `ß`…),
//! sentences of varying length with curly quotes, dashes and the odd emoji, paragraphs of one
//! to nine sentences; every fifth document uses CRLF line breaks. Mentions fall on word
//! boundaries: single words, multi-word spans, nested pairs (an outer span with an inner word)
//! and a few discontinuous ones. About half the mentions are linked to entities or events
//! drawn from corpus-wide pools, so clusters span documents; relations and event arguments
//! join random mentions and clusters of fitting types. Everything follows from the seed.
//! With [`GenSpec::rtl`] (`weft bench gen --rtl`) the paragraphs are invented Hebrew and
//! Arabic instead, with numbers and Latin names in them: the right-to-left corpus the
//! scrolling figure of the bidi path is measured on.

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
    /// Right-to-left texts: paragraphs of invented Hebrew and Arabic words (lam-alef
    /// included), with European digits and the odd Latin word, so every paragraph takes the
    /// bidi engine's path. Off: the accented Latin texts.
    pub rtl: bool,
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
/// Syllables and function words of the right-to-left corpus (invented words; Arabic with
/// lam-alef and a few harakat), by paragraph: Hebrew, then Arabic.
const RTL_SYLLABLES: [&[&str]; 2] = [
    &[
        "של", "מו", "רה", "בן", "דב", "אל", "תי", "נו", "כה", "לם", "שי", "גד", "פר", "צו", "קי",
        "חן", "זה", "יע", "סף", "טו",
    ],
    &[
        "كا", "لو", "مي", "را", "تي", "سو", "فن", "دو", "ال", "بر", "قا", "حم", "لا", "نَ", "عي",
        "شو", "ضر", "غا", "ية", "وْ",
    ],
];
const RTL_FUNCTION_WORDS: [&[&str]; 2] = [
    &["של", "את", "על", "עם", "גם", "כי", "לא"],
    &["في", "من", "على", "إلى", "عن", "لا", "أن"],
];

/// The words a paragraph is made of.
#[derive(Clone, Copy)]
struct Words {
    syllables: &'static [&'static str],
    function: &'static [&'static str],
    /// Whether words can start with a capital letter.
    cased: bool,
}

const LATIN: Words = Words {
    syllables: SYLLABLES,
    function: FUNCTION_WORDS,
    cased: true,
};

/// The words of paragraph `para`: Latin, or Hebrew and Arabic by turns.
fn words_for(rtl: bool, para: u32) -> Words {
    if rtl {
        let k = (para % 2) as usize;
        Words {
            syllables: RTL_SYLLABLES[k],
            function: RTL_FUNCTION_WORDS[k],
            cased: false,
        }
    } else {
        LATIN
    }
}

const ENTITY_TYPES: &[&str] = &["PERSON", "ORG", "PLACE", "DATE"];
const EVENT_TYPES: &[&str] = &["COUP", "ARREST", "ELECTION"];

fn base_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0)
        .single()
        .expect("a valid fixed date")
}

fn word(rng: &mut Rng, capital: bool) -> String {
    word_of(rng, capital, LATIN)
}

fn word_of(rng: &mut Rng, capital: bool, words: Words) -> String {
    let n = 1 + rng.below(3) as usize;
    let mut w = String::new();
    for _ in 0..n {
        w.push_str(words.syllables[rng.below(words.syllables.len() as u64) as usize]);
    }
    if capital && words.cased {
        let mut c = w.chars();
        let first = c.next().map(|f| f.to_uppercase().collect::<String>());
        w = first.unwrap_or_default() + c.as_str();
    }
    w
}

/// A text of about `target` bytes and the byte ranges of its words (with their paragraph).
fn text(rng: &mut Rng, target: usize, crlf: bool, rtl: bool) -> (String, Vec<(usize, usize, u32)>) {
    let mut s = String::with_capacity(target + 256);
    let mut words = Vec::new();
    let mut para = 0u32;
    let newline = if crlf { "\r\n" } else { "\n" };
    while s.len() < target {
        let lang = words_for(rtl, para);
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
                    lang.function[rng.below(lang.function.len() as u64) as usize].to_string()
                } else if rtl && rng.below(40) == 0 {
                    // A number or a Latin name inside right-to-left text.
                    if rng.below(2) == 0 {
                        (1900 + rng.below(120)).to_string()
                    } else {
                        word(rng, true)
                    }
                } else {
                    let capital = i == 0 || rng.below(4) == 0;
                    word_of(rng, capital, lang)
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
    let mut g = Gen {
        rng: Rng::new(spec.seed),
        ids: Rng::new(spec.seed ^ 0x05ee_d1d5),
        project: Project::new(
            format!("synthetic corpus (seed {})", spec.seed),
            Schema::default_news(),
        ),
        pools: ENTITY_TYPES
            .iter()
            .chain(EVENT_TYPES)
            .map(|t| (*t, Vec::new()))
            .collect(),
        by_type: Default::default(),
        t0: base_time(),
        rtl: spec.rtl,
    };
    // Corpus-wide pools of entities and events, so that clusters span documents.
    g.clusters((spec.mentions / 25).max(ENTITY_TYPES.len() + EVENT_TYPES.len()))?;
    let per_doc_bytes = ((spec.megabytes * 1e6) / spec.docs as f64).max(64.0) as usize;
    let mut made = 0usize;
    for d in 0..spec.docs {
        let share = spec.mentions / spec.docs + usize::from(d < spec.mentions % spec.docs);
        made += g.document(d, per_doc_bytes, share)?;
    }
    let mut links = g.relations(spec.mentions / 40);
    links.extend(g.arguments(spec.mentions / 40));
    edit::apply(&mut g.project, Edit::Batch(links)).context("generated links")?;
    debug_assert_eq!(g.project.mentions().count(), made);
    Ok(g.project)
}

/// The generator's state: two random streams (content, ids), the project so far, the pools of
/// entities and events per type, and the mentions per type (for links).
struct Gen {
    rng: Rng,
    ids: Rng,
    project: Project,
    pools: Vec<(&'static str, Vec<ClusterId>)>,
    by_type: std::collections::HashMap<&'static str, Vec<MentionId>>,
    t0: DateTime<Utc>,
    rtl: bool,
}

impl Gen {
    fn id(&mut self, prefix: &str) -> String {
        format!("{prefix}{:016x}", self.ids.next_u64())
    }

    fn clusters(&mut self, n: usize) -> Result<()> {
        for k in 0..n {
            let slot = k % self.pools.len();
            let c = Cluster {
                layer: Default::default(),
                id: ClusterId::new(self.id("c_")),
                type_key: self.pools[slot].0.to_string(),
                name: format!(
                    "{} {}",
                    word(&mut self.rng, true),
                    word(&mut self.rng, true)
                ),
                external_id: (k % 7 == 0).then(|| format!("Q{}", 1000 + k)),
                attributes: Default::default(),
                note: String::new(),
            };
            self.pools[slot].1.push(c.id.clone());
            edit::apply(&mut self.project, Edit::InsertCluster(c)).context("generated cluster")?;
        }
        Ok(())
    }

    /// Document `d` with its `share` of the mentions, placed on word boundaries in order.
    /// Returns how many mentions it got.
    fn document(&mut self, d: usize, bytes: usize, share: usize) -> Result<usize> {
        let (body, words) = text(&mut self.rng, bytes, d % 5 == 1, self.rtl);
        let doc_id = DocId::new(self.id("d_"));
        let doc = Document::new(
            doc_id.clone(),
            format!("synthetic-{d:05}"),
            body,
            Provenance {
                original: Some(format!("synthetic-{d:05}.txt")),
                encoding: "UTF-8".into(),
                had_bom: false,
                imported_at: Some(self.t0),
                extraction: None,
            },
        );
        let text = doc.text_arc();
        edit::apply(&mut self.project, Edit::InsertDocument { index: d, doc })
            .context("generated document")?;
        let share = share.min(words.len());
        if share == 0 {
            return Ok(0);
        }
        let stride = words.len() as f64 / share as f64;
        let mut k = 0usize;
        let mut batch = Vec::with_capacity(share);
        while k < share {
            let w = ((k as f64) * stride) as usize;
            k += self.mentions_at(&doc_id, &text, &words, w, share - k, &mut batch)?;
        }
        let made = batch.len();
        edit::apply(&mut self.project, Edit::Batch(batch)).context("generated mentions")?;
        Ok(made)
    }

    /// A mention at word `w` (one to three words, sometimes discontinuous), and, on some
    /// three-word spans when `room` allows, a nested one on the middle word. Returns how many.
    fn mentions_at(
        &mut self,
        doc: &DocId,
        text: &str,
        words: &[(usize, usize, u32)],
        w: usize,
        room: usize,
        batch: &mut Vec<Edit>,
    ) -> Result<usize> {
        let rng = &mut self.rng;
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
        let range = |a: usize, b: usize| TextRange::new(text, a, b);
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
            .then(|| self.pools.iter().find(|(t, _)| *t == ty))
            .flatten()
            .and_then(|(_, p)| pick(rng, p).cloned());
        let when = self.t0 + chrono::Duration::seconds(rng.below(86_400 * 365) as i64);
        let note = if rng.below(50) == 0 {
            "checked against the archive".into()
        } else {
            String::new()
        };
        self.push_mention(doc, ty, fragments, note, cluster, when, batch);
        // Nested: an inner mention on the middle word of a three-word span.
        if room > 1 && last >= w + 2 && shape > 14 {
            let inner = w + 1;
            let ty = ENTITY_TYPES[self.rng.below(ENTITY_TYPES.len() as u64) as usize];
            let fragments = vec![range(words[inner].0, words[inner].1)?];
            self.push_mention(doc, ty, fragments, String::new(), None, when, batch);
            return Ok(2);
        }
        Ok(1)
    }

    #[allow(
        clippy::too_many_arguments,
        reason = "one generated mention's fields, named at the call"
    )]
    fn push_mention(
        &mut self,
        doc: &DocId,
        ty: &'static str,
        fragments: Vec<TextRange>,
        note: String,
        cluster: Option<ClusterId>,
        when: DateTime<Utc>,
        batch: &mut Vec<Edit>,
    ) {
        let m = Mention {
            layer: Default::default(),
            id: MentionId::new(self.id("m_")),
            doc: doc.clone(),
            type_key: ty.to_string().into(),
            fragments: fragments.into(),
            attributes: Default::default(),
            note,
            cluster,
            author: "bench".into(),
            created: when,
            modified: when,
        };
        self.by_type.entry(ty).or_default().push(m.id.clone());
        batch.push(Edit::InsertMention(m));
    }

    /// A random end of one of `types`: mostly a mention, sometimes an entity or event.
    fn end_of(&mut self, types: &[&str]) -> Option<Endpoint> {
        let t = *pick(&mut self.rng, types)?;
        if self.rng.below(5) == 0 {
            let pool = &self.pools.iter().find(|(k, _)| *k == t)?.1;
            pick(&mut self.rng, pool).cloned().map(Endpoint::Cluster)
        } else {
            pick(&mut self.rng, self.by_type.get(t)?)
                .cloned()
                .map(Endpoint::Mention)
        }
    }

    /// Relations: member_of, located_in, opposes between fitting mentions (and some clusters).
    fn relations(&mut self, n: usize) -> Vec<Edit> {
        let kinds: [(&str, &[&str], &[&str]); 3] = [
            ("member_of", &["PERSON", "ORG"], &["ORG"]),
            ("located_in", &["ORG", "PLACE"], &["PLACE"]),
            ("opposes", &["PERSON", "ORG"], &["PERSON", "ORG"]),
        ];
        let mut links = Vec::new();
        for _ in 0..n {
            let (key, from, to) = kinds[self.rng.below(3) as usize];
            let a = self.end_of(from);
            let b = self.end_of(to);
            let (Some(a), Some(b)) = (a, b) else {
                continue;
            };
            if a == b {
                continue;
            }
            links.push(Edit::InsertRelation(Relation {
                layer: Default::default(),
                id: RelationId::new(self.id("r_")),
                type_key: key.into(),
                from: a,
                to: b,
                attributes: Default::default(),
                note: String::new(),
            }));
        }
        links
    }

    /// Arguments: roles that take several fillers, so any number may be added.
    fn arguments(&mut self, n: usize) -> Vec<Edit> {
        let roles: [(&str, &str, &[&str]); 4] = [
            ("COUP", "agent", &["PERSON", "ORG"]),
            ("COUP", "target", &["PERSON", "ORG"]),
            ("ARREST", "detainee", &["PERSON"]),
            ("ELECTION", "candidate", &["PERSON", "ORG"]),
        ];
        let mut links = Vec::new();
        for _ in 0..n {
            let (ev, role, fillers) = roles[self.rng.below(4) as usize];
            let e = self.end_of(&[ev]);
            let f = self.end_of(fillers);
            let (Some(e), Some(f)) = (e, f) else {
                continue;
            };
            links.push(Edit::InsertArgument(Argument {
                layer: Default::default(),
                id: ArgumentId::new(self.id("a_")),
                event: e,
                role: role.into(),
                target: f,
            }));
        }
        links
    }
}

/// The annotator whose layer the generated projects hold (a new project's working layer) and
/// the benchmark's workbench opens as, so that it shows and edits that layer.
pub const BENCH_ANNOTATOR: &str = crate::model::Layer::DEFAULT_NAME;

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
