//! brat → Weft: documents, the offset convention, clusters and equivalences, then mentions
//! (`mentions`) and links (`links`).

use super::ann::{self, AnnLine, Line};
use super::conf::{self, Arg, Conf, Entry};
use super::conf_in::{self, ConfInfo};
use super::state::{Parsed, State};
use super::{BratOffsets, Convention, EQUIV_KEY, OFFSET_UNIT};
use crate::formats::ids::IdSource;
use crate::formats::{Import, ImportBuilder, InFile, Report, quote};
use crate::model::Project;
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// One document to import: its stem, its text file and its annotation file (either may be
/// missing, which is reported).
#[derive(Clone, Debug)]
pub struct BratDoc {
    pub name: String,
    pub txt: Option<InFile>,
    pub ann: Option<InFile>,
}

/// Union-find over (document index, brat id).
#[derive(Default)]
struct Groups {
    parent: HashMap<(usize, String), (usize, String)>,
    elements: BTreeSet<(usize, String)>,
}

impl Groups {
    fn find(&mut self, x: &(usize, String)) -> (usize, String) {
        self.elements.insert(x.clone());
        let p = self.parent.get(x).cloned().unwrap_or_else(|| x.clone());
        if &p == x {
            return p;
        }
        let r = self.find(&p);
        self.parent.insert(x.clone(), r.clone());
        r
    }
    fn union(&mut self, a: &(usize, String), b: &(usize, String)) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent.insert(hi, lo);
        }
    }
}

/// Imports brat documents (and optionally `annotation.conf`) into `project`.
pub fn import(
    project: &Project,
    docs: &[BratDoc],
    conf: Option<&InFile>,
    now: DateTime<Utc>,
    ids: &mut dyn IdSource,
) -> Import {
    let mut b = ImportBuilder::new(project, Report::new("brat import", OFFSET_UNIT), now, ids);
    let saved = project.schema().formats.get(conf::KEY).cloned();
    let (mut kept, info) = match (conf, saved) {
        (Some(c), saved) => {
            let parsed = Conf::parse(&c.text, &c.name, &mut b.report);
            if saved.is_some() {
                b.report.note(
                    "brat configuration",
                    &c.name,
                    "replaces the brat configuration kept from an earlier import",
                );
            }
            let info = conf_in::apply(&mut b, &parsed, &c.name, true);
            (Some(parsed), info)
        }
        (None, Some(text)) => {
            let parsed = Conf::parse(&text, conf::KEY, &mut Report::default());
            let info = conf_in::apply(&mut b, &parsed, conf::KEY, false);
            (None, info)
        }
        (None, None) => (None, ConfInfo::default()),
    };
    let parsed = documents(&mut b, docs);
    let cluster_equiv = cluster_equivalence(&parsed, &info, project);
    let mut st = clusters(&parsed, info, cluster_equiv, project);
    for (di, p) in parsed.iter().enumerate() {
        super::mentions::import_mentions(&mut b, p, di, &mut st);
    }
    for (di, p) in parsed.iter().enumerate() {
        super::links::import_links(&mut b, p, di, &mut st);
    }
    for (di, p) in parsed.iter().enumerate() {
        dependent_lines(&mut b, p, di, &st);
    }
    b.report.count(
        "entities/events",
        st.cluster_of_root.values().flatten().count(),
    );
    // Equivalence types the data uses as relations must stay equivalences on export.
    let others: BTreeSet<String> = parsed
        .iter()
        .flat_map(|p| p.lines.iter())
        .filter_map(|l| match &l.line {
            Line::Equiv { ty, .. } if *ty != st.cluster_equiv => Some(ty.clone()),
            _ => None,
        })
        .collect();
    if !others.is_empty() && kept.is_none() {
        let text = project.schema().formats.get(conf::KEY);
        kept = Some(
            text.map(|t| Conf::parse(t, conf::KEY, &mut Report::default()))
                .unwrap_or_default(),
        );
    }
    if let Some(c) = &mut kept {
        for ty in others {
            if c.find(conf::Section::Relations, &ty).is_none() {
                c.relations.push(equivalence_entry(&ty));
            }
        }
    }
    keep(&mut b, kept, &st.cluster_equiv);
    b.finish()
}

/// A relation entry that makes `ty` an equivalence of entities.
pub(super) fn equivalence_entry(ty: &str) -> Entry {
    let any = |k: &str| Arg {
        key: k.into(),
        rep: String::new(),
        types: vec!["<ENTITY>".into()],
    };
    Entry::new(
        ty,
        vec![
            any("Arg1"),
            any("Arg2"),
            Arg {
                key: "<REL-TYPE>".into(),
                rep: String::new(),
                types: vec!["symmetric-transitive".into()],
            },
        ],
    )
}

/// Keeps the configuration and the clusters' equivalence type in the schema.
fn keep(b: &mut ImportBuilder, conf: Option<Conf>, cluster_equiv: &str) {
    let text = conf.map(|c| c.render());
    let equiv = cluster_equiv.to_string();
    let current = b.project().schema().formats.clone();
    let changes = text
        .as_ref()
        .is_some_and(|t| current.get(conf::KEY) != Some(t))
        || (cluster_equiv != "Equiv" && current.get(EQUIV_KEY) != Some(&equiv));
    if !changes {
        return;
    }
    let res = b.change_schema(|s| {
        if let Some(t) = text {
            s.formats.insert(conf::KEY.into(), t);
        }
        if equiv != "Equiv" {
            s.formats.insert(EQUIV_KEY.into(), equiv);
        }
    });
    if let Err(e) = res {
        b.report.error(
            "",
            None,
            format!("the brat configuration could not be kept in the schema: {e}"),
        );
    }
}

/// Adds each text as a document and parses its annotation file.
fn documents(b: &mut ImportBuilder, docs: &[BratDoc]) -> Vec<Parsed> {
    let mut parsed = Vec::new();
    for d in docs {
        let Some(txt) = &d.txt else {
            let file = d
                .ann
                .as_ref()
                .map(|a| a.name.clone())
                .unwrap_or(d.name.clone());
            b.report.error(
                &file,
                None,
                format!(
                    "no text file '{}.txt' beside it; its annotations were not imported",
                    d.name
                ),
            );
            continue;
        };
        let now = b.now;
        let id = b.add_document(&d.name, txt.text.clone(), txt.provenance(now));
        let Some(ann) = &d.ann else {
            b.report.note(
                "no annotation file",
                &txt.name,
                "no .ann file beside it: imported the text without annotations",
            );
            continue;
        };
        let lines = ann::parse_ann(ann, &mut b.report);
        let doc = b.project().document(&id).cloned().expect("inserted above");
        let convention = convention(b, &doc, txt, &ann.name, &lines);
        parsed.push(Parsed {
            doc: id,
            file: ann.name.clone(),
            lines,
            convention,
        });
    }
    parsed
}

/// How many `T` lines quote the text their offsets cover under convention `c`.
fn agreeing(doc: &crate::model::Document, lines: &[AnnLine], c: Convention) -> usize {
    let offs = BratOffsets::with(doc, c);
    lines
        .iter()
        .filter(|l| match &l.line {
            Line::T {
                frags,
                text: Some(q),
                ..
            } => {
                let got: Option<Vec<String>> =
                    frags.iter().map(|&(s, e)| offs.slice(s, e)).collect();
                got.is_some_and(|g| quote::same_text(&g.join(" "), q))
            }
            _ => false,
        })
        .count()
}

/// The offset convention the file follows, judged by its quoted texts: brat's unless another
/// makes more `T` lines agree with the text (reported either way when there is a choice).
fn convention(
    b: &mut ImportBuilder,
    doc: &crate::model::Document,
    txt: &InFile,
    file: &str,
    lines: &[AnnLine],
) -> Convention {
    let crlf = doc.text().contains("\r\n");
    if !txt.had_bom && !crlf {
        return Convention::default();
    }
    let mut best = (
        agreeing(doc, lines, Convention::default()),
        Convention::default(),
    );
    for c in [
        Convention {
            bom_counted: true,
            crlf_as_two: false,
        },
        Convention {
            bom_counted: false,
            crlf_as_two: true,
        },
        Convention {
            bom_counted: true,
            crlf_as_two: true,
        },
    ] {
        if (c.bom_counted && !txt.had_bom) || (c.crlf_as_two && !crlf) {
            continue;
        }
        let n = agreeing(doc, lines, c);
        if n > best.0 {
            best = (n, c);
        }
    }
    let c = best.1;
    if txt.had_bom {
        let how = if c.bom_counted {
            "count it as a character (as brat's own reader does), so every offset was read one less"
        } else {
            "do not count it (brat's convention for texts without one)"
        };
        b.report.note(
            "byte-order mark",
            file,
            format!(
                "{} starts with a byte-order mark; by the quoted texts, the offsets {how}",
                txt.name
            ),
        );
    }
    if c.crlf_as_two {
        b.report.note(
            "CRLF counted as two",
            file,
            "by the quoted texts, the offsets count each CRLF as two characters (brat counts one); read that way",
        );
    }
    c
}

/// The `*` type whose groups become clusters: `Equiv` when used or declared, else the only
/// equivalence type there is, else the one used most (the first by name on a tie).
fn cluster_equivalence(parsed: &[Parsed], info: &ConfInfo, project: &Project) -> String {
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    for l in parsed.iter().flat_map(|p| &p.lines) {
        if let Line::Equiv { ty, .. } = &l.line {
            *used.entry(ty.clone()).or_insert(0) += 1;
        }
    }
    if let Some(kept) = project.schema().formats.get(EQUIV_KEY)
        && (used.contains_key(kept) || used.is_empty())
    {
        return kept.clone();
    }
    let all: BTreeSet<&String> = used.keys().chain(info.equivalences.iter()).collect();
    if all.iter().any(|t| *t == "Equiv") || all.is_empty() {
        return "Equiv".into();
    }
    if all.len() == 1 {
        return all.into_iter().next().cloned().unwrap_or_default();
    }
    used.iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(t, _)| t.clone())
        .unwrap_or_else(|| "Equiv".into())
}

/// Clusters from `*` groups of the cluster type and from `N` references (across documents).
fn clusters(parsed: &[Parsed], info: ConfInfo, cluster_equiv: String, project: &Project) -> State {
    let mut groups = Groups::default();
    let mut refs: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
    let mut ref_text: HashMap<(usize, String), (String, String)> = HashMap::new();
    for (di, p) in parsed.iter().enumerate() {
        for l in &p.lines {
            match &l.line {
                Line::Equiv { ty, members } if *ty == cluster_equiv => {
                    for w in members.windows(2) {
                        groups.union(&(di, w[0].clone()), &(di, w[1].clone()));
                    }
                    if let Some(m) = members.first() {
                        groups.find(&(di, m.clone()));
                    }
                }
                Line::N {
                    target,
                    reference,
                    text,
                } => {
                    // Keyed by the annotated id itself: the events of a shared trigger
                    // may belong to different entities/events.
                    let t = target.clone();
                    refs.entry(reference.clone())
                        .or_default()
                        .push((di, t.clone()));
                    ref_text.insert((di, t), (reference.clone(), text.clone()));
                }
                _ => {}
            }
        }
    }
    for members in refs.values() {
        for w in members.windows(2) {
            groups.union(&w[0], &w[1]);
        }
    }
    let keys: BTreeSet<(usize, String)> = groups
        .elements
        .iter()
        .cloned()
        .chain(ref_text.keys().cloned())
        .collect();
    let mut members_of: BTreeMap<(usize, String), Vec<(usize, String)>> = BTreeMap::new();
    let mut root_of = HashMap::new();
    for k in keys {
        let r = groups.find(&k);
        root_of.insert(k.clone(), r.clone());
        members_of.entry(r).or_default().push(k);
    }
    State {
        info,
        cluster_equiv,
        members_of,
        root_of,
        ref_text,
        cluster_of_root: HashMap::new(),
        // Only the working layer's entities and events: links never cross layers.
        existing_by_ext: project
            .clusters()
            .filter(|c| &c.layer == project.working_layer())
            .filter_map(|c| c.external_id.clone().map(|e| (e, c.id.clone())))
            .collect(),
        mention_of: vec![HashMap::new(); parsed.len()],
        done: vec![HashSet::new(); parsed.len()],
        refused: vec![HashMap::new(); parsed.len()],
    }
}

/// `A`, `N` and `#` lines whose target is not in the file or was refused: reported.
fn dependent_lines(b: &mut ImportBuilder, p: &Parsed, di: usize, st: &State) {
    let ids: HashMap<&str, usize> = p.lines.iter().map(|l| (l.id.as_str(), l.no)).collect();
    for l in &p.lines {
        let target = match &l.line {
            Line::A { target, .. } | Line::Note { target, .. } | Line::N { target, .. } => target,
            _ => continue,
        };
        if st.done[di].contains(target.as_str()) {
            continue;
        }
        let msg = match (
            ids.get(target.as_str()),
            st.refused[di].get(target.as_str()),
        ) {
            (None, _) => format!("{}: refers to '{target}', which is not in the file", l.id),
            (Some(_), Some(no)) => format!(
                "{}: refers to {target}, which was not imported (line {no}); this line is lost with it",
                l.id
            ),
            (Some(no), None) => format!(
                "{}: refers to {target} (line {no}), which was not imported; this line is lost with it",
                l.id
            ),
        };
        b.report.error(&p.file, Some(l.no), msg);
    }
}
