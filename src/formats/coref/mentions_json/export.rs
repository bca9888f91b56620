//! The `coref-json` export: `documents.json` and the event and entity mention files.

use super::OFFSET_UNIT;
use crate::formats::{Export, OutFile, Report};
use crate::model::{ClusterId, Mention, Project, TypeKind};
use serde_json::{Map, Value, json};
use std::collections::{BTreeSet, HashMap};

/// Tokens of a document for the export: runs between whitespace split at mention
/// boundaries, each with its line (the sentence).
fn tokens_of(project: &Project, doc: &crate::model::Document) -> Vec<(usize, usize, usize)> {
    let text = doc.text();
    let cuts: BTreeSet<usize> = project
        .mentions_in(&doc.id)
        .flat_map(|m| m.fragments.iter().flat_map(|f| [f.start(), f.end()]))
        .collect();
    let mut out = Vec::new();
    let mut line = 0;
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices().chain([(text.len(), '\n')]) {
        let cut = cuts.contains(&i);
        if c.is_whitespace() || cut {
            if let Some(s) = start.take()
                && s < i
            {
                out.push((line, s, i));
            }
            if !c.is_whitespace() {
                start = Some(i);
            }
        } else if start.is_none() {
            start = Some(i);
        }
        if c == '\n' && i < text.len() {
            line += 1;
        }
    }
    out
}

/// Chain ids for the export: an entity/event's external id when no other of its kind has it
/// (a chain that mixes kinds is two entities/events with one id, written into both files),
/// else `weft-N`; `singleton-N` for a mention of no entity/event. Numbered in export order.
struct ChainNames<'a> {
    project: &'a Project,
    ext_count: HashMap<(&'a str, Option<TypeKind>), usize>,
    of: HashMap<ClusterId, String>,
    next_chain: usize,
    next_single: usize,
}

impl<'a> ChainNames<'a> {
    fn new(project: &'a Project) -> Self {
        let mut ext_count = HashMap::new();
        for c in project.clusters() {
            if let Some(e) = c.external_id.as_deref() {
                let k = crate::formats::kind_of(project, &c.type_key);
                *ext_count.entry((e, k)).or_insert(0) += 1;
            }
        }
        ChainNames {
            project,
            ext_count,
            of: HashMap::new(),
            next_chain: 1,
            next_single: 1,
        }
    }

    fn chain(&mut self, m: &Mention) -> String {
        let Some(c) = m.cluster.as_ref().and_then(|c| self.project.cluster(c)) else {
            self.next_single += 1;
            return format!("singleton-{}", self.next_single - 1);
        };
        if let Some(name) = self.of.get(&c.id) {
            return name.clone();
        }
        let kind = crate::formats::kind_of(self.project, &c.type_key);
        let name = match c.external_id.as_deref() {
            Some(e) if self.ext_count.get(&(e, kind)) == Some(&1) => e.to_string(),
            _ => {
                self.next_chain += 1;
                format!("weft-{}", self.next_chain - 1)
            }
        };
        self.of.insert(c.id.clone(), name.clone());
        name
    }
}

/// One document for the export: its tokens and its mention records (events, entities).
fn document(
    project: &Project,
    doc: &crate::model::Document,
    names: &mut ChainNames,
    report: &mut Report,
) -> (Value, Vec<Value>, Vec<Value>) {
    let text = doc.text();
    let toks = tokens_of(project, doc);
    let mut number_in_line = Vec::with_capacity(toks.len());
    let mut per_line: HashMap<usize, usize> = HashMap::new();
    for (line, _, _) in &toks {
        let k = per_line.entry(*line).or_insert(0);
        number_in_line.push(*k);
        *k += 1;
    }
    let tokens = Value::Array(
        toks.iter()
            .enumerate()
            .map(|(i, (line, s, e))| json!([line, i + 1, &text[*s..*e]]))
            .collect(),
    );
    let mut ms: Vec<&Mention> = project.mentions_in(&doc.id).collect();
    ms.sort_by(|a, b| {
        (a.start(), a.end(), &a.fragments, &a.type_key, &a.id).cmp(&(
            b.start(),
            b.end(),
            &b.fragments,
            &b.type_key,
            &b.id,
        ))
    });
    let (mut events, mut entities) = (Vec::new(), Vec::new());
    for m in ms {
        // Tokens never straddle a mention boundary: each fragment is a run of whole tokens.
        let idxs: Vec<usize> = m
            .fragments
            .iter()
            .flat_map(|f| {
                let a = toks.partition_point(|t| t.1 < f.start());
                let b = toks.partition_point(|t| t.2 <= f.end());
                a..b.max(a)
            })
            .collect();
        if idxs.is_empty() {
            report.loss(
                "mention without tokens",
                &doc.name,
                format!(
                    "'{}' ({}) covers only whitespace",
                    m.covered_text(text),
                    m.id
                ),
            );
            continue;
        }
        let cluster = m.cluster.as_ref().and_then(|c| project.cluster(c));
        let event = crate::formats::kind_of(project, &m.type_key) == Some(TypeKind::Event);
        let rec = json!({
            "doc_id": doc.name,
            "m_id": m.id.as_str(),
            "sent_id": toks[idxs[0]].0,
            "tokens_ids": idxs.iter().map(|i| i + 1).collect::<Vec<_>>(),
            "tokens_number": idxs.iter().map(|&i| number_in_line[i]).collect::<Vec<_>>(),
            "tokens": idxs.iter().map(|&i| &text[toks[i].1..toks[i].2]).collect::<Vec<_>>().join(" "),
            "coref_chain": names.chain(m),
            "cluster_desc": cluster.map(|c| c.name.clone()).unwrap_or_default(),
            "mention_type": m.type_key,
            "event": event,
            "is_singleton": cluster.is_none(),
        });
        if event {
            events.push(rec)
        } else {
            entities.push(rec)
        }
    }
    (tokens, events, entities)
}

/// Exports the documents and every mention (see the module docs); `progress` per document.
pub fn export(project: &Project, progress: &mut dyn FnMut(usize, usize)) -> Export {
    let mut report = Report::new("coreference mentions export", OFFSET_UNIT);
    let mut names = ChainNames::new(project);
    let mut docs = Map::new();
    let (mut events, mut entities) = (Vec::new(), Vec::new());
    let total = project.documents().len();
    for (n, doc) in project.documents().iter().enumerate() {
        let (tokens, ev, en) = document(project, doc, &mut names, &mut report);
        docs.insert(doc.name.clone(), tokens);
        events.extend(ev);
        entities.extend(en);
        report.count("documents", 1);
        progress(n + 1, total);
    }
    report.count("event mentions", events.len());
    report.count("entity mentions", entities.len());
    report.count("chains", names.of.len());
    let links = project.relations().count() + project.arguments().count();
    if links > 0 {
        report.loss(
            "relations and arguments",
            "",
            format!("{links} relations and event arguments are not written (coreference only)"),
        );
    }
    let pretty =
        |v: Value| serde_json::to_string_pretty(&v).expect("a JSON value serialises") + "\n";
    Export {
        files: vec![
            OutFile {
                path: "documents.json".into(),
                contents: pretty(Value::Object(docs)),
            },
            OutFile {
                path: "event_mentions.json".into(),
                contents: pretty(Value::Array(events)),
            },
            OutFile {
                path: "entity_mentions.json".into(),
                contents: pretty(Value::Array(entities)),
            },
        ],
        report,
    }
}
