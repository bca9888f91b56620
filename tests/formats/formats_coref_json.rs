//! The mention-record JSON of cross-document coreference work (`--format coref-json`) on ECB+
//! topic 1. No such file ships with the fixtures, so this test writes them from the ECB+ XML
//! with a small reader of its own (string scanning, not Weft's importer or exporter), in the
//! two shapes in use: `tokens_ids` + `cluster_id` (Cattan et al.) and `sent_id` +
//! `tokens_number` + `coref_chain` (Barhom et al.). Importing them with the XML texts must give
//! the same mentions and the same chains — cross-document ones included — as the ECB+ XML
//! import; exporting gives the same shape back.

use crate::common;

use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use weft::edit;
use weft::formats::coref::{self, mentions_json};
use weft::formats::{InFile, Report, Severity};
use weft::model::*;

/// Attribute `name="…"` of an XML tag's text.
fn attr(tag: &str, name: &str) -> Option<String> {
    let k = format!(" {name}=\"");
    let i = tag.find(&k)? + k.len();
    Some(tag[i..].split('"').next()?.to_string())
}

/// One ECB+ file read by string scanning.
struct Xml {
    doc: String,
    /// t_id → (sentence, number, text).
    tokens: BTreeMap<u32, (String, String, String)>,
    /// Anchored markables: m_id → (tag, t_ids).
    anchored: BTreeMap<String, (String, Vec<u32>)>,
    /// Instances: m_id → (tag, instance_id).
    instances: BTreeMap<String, (String, Option<String>)>,
    /// Relations in file order: (kind, note, sources, target).
    relations: Vec<(String, String, Vec<String>, String)>,
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn read_xml(fname: &str, xml: &str) -> Xml {
    let doc = attr(xml.lines().next().unwrap(), "doc_name").unwrap_or(fname.into());
    let mut tokens = BTreeMap::new();
    for line in xml.lines().filter(|l| l.starts_with("<token ")) {
        let text = line
            .split('>')
            .nth(1)
            .unwrap()
            .split("</token")
            .next()
            .unwrap();
        tokens.insert(
            attr(line, "t_id").unwrap().parse().unwrap(),
            (
                attr(line, "sentence").unwrap(),
                attr(line, "number").unwrap(),
                unescape(text).trim().to_string(),
            ),
        );
    }
    let marks = &xml[xml.find("<Markables>").unwrap()..xml.find("</Markables>").unwrap()];
    let (mut anchored, mut instances) = (BTreeMap::new(), BTreeMap::new());
    let mut current: Option<String> = None;
    for line in marks.lines().map(str::trim) {
        let tag = line
            .trim_start_matches('<')
            .split([' ', '>'])
            .next()
            .unwrap_or("");
        if line.starts_with("<token_anchor") {
            let t: u32 = attr(line, "t_id").unwrap().parse().unwrap();
            let m: &mut (String, Vec<u32>) = anchored.get_mut(current.as_ref().unwrap()).unwrap();
            m.1.push(t);
        } else if line.starts_with("</") {
            current = None;
        } else if line.starts_with('<') && line.ends_with("/>") && line.contains(" m_id=") {
            let iid = attr(line, "instance_id").filter(|s| !s.is_empty());
            instances.insert(attr(line, "m_id").unwrap(), (tag.to_string(), iid));
        } else if line.starts_with('<') && line.contains(" m_id=") {
            let m = attr(line, "m_id").unwrap();
            anchored.insert(m.clone(), (tag.to_string(), vec![]));
            current = Some(m);
        }
    }
    let mut relations = Vec::new();
    if let Some(i) = xml.find("<Relations>") {
        let (mut kind, mut note, mut sources) = (String::new(), String::new(), Vec::new());
        for line in xml[i..].lines().map(str::trim) {
            if line.starts_with("<CROSS_DOC_COREF") || line.starts_with("<INTRA_DOC_COREF") {
                kind = line[1..].split(' ').next().unwrap().to_string();
                note = attr(line, "note").unwrap_or_default();
                sources = Vec::new();
            } else if line.starts_with("<source") {
                sources.push(attr(line, "m_id").unwrap());
            } else if line.starts_with("<target") {
                relations.push((
                    kind.clone(),
                    note.clone(),
                    sources.clone(),
                    attr(line, "m_id").unwrap(),
                ));
            }
        }
    }
    Xml {
        doc,
        tokens,
        anchored,
        instances,
        relations,
    }
}

fn is_event_tag(t: &str) -> bool {
    t.starts_with("ACT") || t.starts_with("NEG")
}

/// The chain of each anchored markable, as ECB+ defines it: the target's instance id across
/// documents (else the relation's note), else the target within the document. A markable that
/// is the source of two relations keeps the one whose target has its own kind, else the first.
fn chains(x: &Xml) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, (String, Option<bool>)> = BTreeMap::new();
    for (kind, note, sources, target) in &x.relations {
        if kind != "CROSS_DOC_COREF" && kind != "INTRA_DOC_COREF" {
            continue;
        }
        let inst = x.instances.get(target);
        let key = match inst.and_then(|i| i.1.clone()) {
            Some(i) => i,
            None if kind == "CROSS_DOC_COREF" && !note.is_empty() => note.clone(),
            None => format!("{}#{target}", x.doc),
        };
        let tkind = inst
            .map(|i| i.0.as_str())
            .filter(|t| *t != "UNKNOWN_INSTANCE_TAG")
            .map(is_event_tag);
        for s in sources {
            let own = x.anchored.get(s).map(|a| is_event_tag(&a.0));
            match out.get(s) {
                Some((k, prev)) if k != &key => {
                    if own.is_some() && tkind == own && *prev != own {
                        out.insert(s.clone(), (key.clone(), tkind));
                    }
                }
                Some(_) => {}
                None => {
                    out.insert(s.clone(), (key.clone(), tkind));
                }
            }
        }
    }
    out.into_iter().map(|(m, (k, _))| (m, k)).collect()
}

/// Mention records of all files, split into (events, entities): Cattan's shape, or Barhom's.
fn records(files: &[(String, String)], barhom: bool) -> (Vec<Value>, Vec<Value>) {
    let (mut ev, mut en) = (Vec::new(), Vec::new());
    for (name, xml) in files {
        let x = read_xml(name, xml);
        let chain = chains(&x);
        for (m, (tag, tids)) in &x.anchored {
            let mut tids = tids.clone();
            tids.sort();
            tids.dedup();
            if tids.is_empty() {
                continue;
            }
            let words: Vec<&str> = tids.iter().map(|t| x.tokens[t].2.as_str()).collect();
            let sentence = &x.tokens[&tids[0]].0;
            let key = chain.get(m).cloned();
            let rec = if barhom {
                json!({
                    "doc_id": x.doc.trim_end_matches(".xml"),
                    "sent_id": sentence.parse::<u32>().unwrap(),
                    "tokens_number": tids.iter().map(|t| x.tokens[t].1.parse::<u32>().unwrap()).collect::<Vec<_>>(),
                    "tokens_str": words.join(" "),
                    "coref_chain": key.clone().unwrap_or(format!("Singleton_{m}_{}", x.doc)),
                    "is_singleton": key.is_none(),
                    "mention_type": &tag[..3],
                    "is_continuous": true,
                    "score": -1.0,
                })
            } else {
                json!({
                    "doc_id": x.doc,
                    "m_id": m,
                    "sentence_id": sentence,
                    "tokens_ids": tids,
                    "tokens": words.join(" "),
                    "cluster_id": key.clone().unwrap_or(format!("singleton {}#{m}", x.doc)),
                    "cluster_desc": "",
                    "singleton": key.is_none(),
                    "topic": "1",
                })
            };
            if is_event_tag(tag) {
                ev.push(rec)
            } else {
                en.push(rec)
            }
        }
    }
    (ev, en)
}

fn topic1() -> Option<Vec<(String, String)>> {
    let dir = common::shared("fixtures/ecbplus_topic1/ECB+/1")?;
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    Some(
        paths
            .iter()
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read_to_string(p).unwrap(),
                )
            })
            .collect(),
    )
}

fn apply(imp: weft::formats::Import) -> (Project, Report) {
    let mut p = Project::new("t", Schema::default());
    edit::apply(&mut p, imp.edit).expect("the import applies");
    (p, imp.report)
}

/// A mention by (document, byte fragments).
type Key = (String, Vec<(usize, usize)>);

fn key(p: &Project, m: &Mention) -> Key {
    let d = p.document(&m.doc).unwrap();
    (
        d.name.clone(),
        m.fragments.iter().map(|f| (f.start(), f.end())).collect(),
    )
}

/// The partition of mentions into chains (a mention of no entity/event is its own chain).
fn partition(p: &Project) -> BTreeSet<Vec<Key>> {
    let mut by: BTreeMap<String, Vec<Key>> = BTreeMap::new();
    for m in p.mentions() {
        let c = m
            .cluster
            .as_ref()
            .map(|c| c.to_string())
            .unwrap_or(format!("own {}", m.id));
        by.entry(c).or_default().push(key(p, m));
    }
    by.into_values()
        .map(|mut v| {
            v.sort();
            v
        })
        .collect()
}

fn cross_document(part: &BTreeSet<Vec<Key>>) -> usize {
    part.iter()
        .filter(|c| c.iter().map(|k| &k.0).collect::<BTreeSet<_>>().len() > 1)
        .count()
}

#[test]
fn coref_json_on_ecbplus_topic1_reproduces_every_chain_of_the_xml_import() {
    let Some(files) = topic1() else {
        return;
    };
    let xml: Vec<InFile> = files
        .iter()
        .map(|(n, t)| InFile::new(n.clone(), t.clone()))
        .collect();
    let project = Project::new("t", Schema::default());
    let (a, _) = apply(coref::import_ecbplus(
        &project,
        &xml,
        common::t0(),
        &mut common::ids(),
        &mut |_, _| {},
    ));
    let want = partition(&a);
    assert!(
        cross_document(&want) >= 100,
        "{} cross-document chains",
        cross_document(&want)
    );
    for barhom in [false, true] {
        let (ev, en) = records(&files, barhom);
        let mut ins = xml.clone();
        ins.push(InFile::new(
            "dev_event_gold_mentions.json",
            Value::Array(ev).to_string(),
        ));
        ins.push(InFile::new(
            "dev_entity_gold_mentions.json",
            Value::Array(en).to_string(),
        ));
        let (b, report) = apply(mentions_json::import(
            &project,
            &ins,
            common::t0(),
            &mut common::ids(),
            &mut |_, _| {},
        ));
        assert_eq!(report.number_of(Severity::Error), 0, "{report}");
        assert_eq!(report.number_of(Severity::Warning), 0, "{report}");
        assert_eq!(b.documents().len(), 39);
        let texts = |p: &Project| -> Vec<(String, String)> {
            p.documents()
                .iter()
                .map(|d| (d.name.clone(), d.text().to_string()))
                .collect()
        };
        assert_eq!(texts(&a), texts(&b), "the same texts as the ECB+ import");
        let got = partition(&b);
        assert_eq!(got.len(), want.len(), "barhom={barhom}");
        assert!(
            got == want,
            "barhom={barhom}: chains differ from the ECB+ XML import"
        );
        assert_eq!(cross_document(&got), cross_document(&want));
    }
}

#[test]
fn coref_json_export_is_the_same_shape_and_reads_back() {
    let Some(files) = topic1() else {
        return;
    };
    let mut ins: Vec<InFile> = files
        .iter()
        .map(|(n, t)| InFile::new(n.clone(), t.clone()))
        .collect();
    let (ev, en) = records(&files, false);
    let originals: BTreeSet<(String, Vec<u64>)> = ev
        .iter()
        .chain(&en)
        .map(|r| {
            let ids = r["tokens_ids"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64().unwrap())
                .collect();
            (r["doc_id"].as_str().unwrap().to_string(), ids)
        })
        .collect();
    ins.push(InFile::new("events.json", Value::Array(ev).to_string()));
    ins.push(InFile::new("entities.json", Value::Array(en).to_string()));
    let project = Project::new("t", Schema::default());
    let (b, _) = apply(mentions_json::import(
        &project,
        &ins,
        common::t0(),
        &mut common::ids(),
        &mut |_, _| {},
    ));
    let out = mentions_json::export(&b, &mut |_, _| {});
    let paths: Vec<&str> = out.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "documents.json",
            "event_mentions.json",
            "entity_mentions.json"
        ]
    );
    // The records carry ECB+'s own token ids and the chains' ids.
    let mut exported = BTreeSet::new();
    for f in &out.files[1..] {
        let recs: Vec<Value> = serde_json::from_str(&f.contents).unwrap();
        for r in &recs {
            for k in ["doc_id", "sent_id", "tokens_ids", "tokens", "coref_chain"] {
                assert!(!r[k].is_null(), "{k} in {r}");
            }
            let ids = r["tokens_ids"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64().unwrap())
                .collect();
            exported.insert((r["doc_id"].as_str().unwrap().to_string(), ids));
        }
    }
    assert_eq!(exported, originals, "tokens_ids are ECB+'s t_ids");
    // Read back without the XML: the documents file gives the texts.
    let back: Vec<InFile> = out
        .files
        .iter()
        .map(|f| InFile::new(&f.path, &f.contents))
        .collect();
    let (c, report) = apply(mentions_json::import(
        &project,
        &back,
        common::t0(),
        &mut common::ids(),
        &mut |_, _| {},
    ));
    assert_eq!(report.number_of(Severity::Error), 0, "{report}");
    assert!(partition(&c) == partition(&b), "the chains come back");
    let ext = |p: &Project| -> BTreeSet<Option<String>> {
        p.clusters().map(|c| c.external_id.clone()).collect()
    };
    let (eb, ec) = (ext(&b), ext(&c));
    assert!(
        eb == ec,
        "chain ids differ: {:?} / {:?}",
        eb.difference(&ec).collect::<Vec<_>>(),
        ec.difference(&eb).collect::<Vec<_>>()
    );
    let texts = |p: &Project| -> Vec<String> {
        p.documents().iter().map(|d| d.text().to_string()).collect()
    };
    assert_eq!(texts(&c), texts(&b));
}

#[test]
fn a_record_whose_words_are_elsewhere_moves_or_is_refused() {
    let docs =
        json!({"d1": [[0, 1, "Ada"], [0, 2, "met"], [0, 3, "Bo"], [1, 4, "Bo"], [1, 5, "left"]]});
    let recs = json!([
        {"doc_id": "d1", "tokens_ids": [1], "tokens": "Ada", "coref_chain": "A"},
        {"doc_id": "d1", "tokens_ids": [4], "tokens": "met", "coref_chain": "M", "event": true},
        {"doc_id": "d1", "tokens_ids": [5], "tokens": "Cy", "coref_chain": "C"},
        {"doc_id": "d2", "tokens_ids": [1], "tokens": "Ada", "coref_chain": "A"},
    ]);
    let ins = [
        InFile::new("documents.json", docs.to_string()),
        InFile::new("mentions.json", recs.to_string()),
    ];
    let (p, report) = apply(mentions_json::import(
        &Project::new("t", Schema::default()),
        &ins,
        common::t0(),
        &mut common::ids(),
        &mut |_, _| {},
    ));
    eprintln!("{report}");
    let text = p.documents()[0].text().to_string();
    assert_eq!(text, "Ada met Bo\nBo left");
    let mut got: Vec<String> = p.mentions().map(|m| m.covered_text(&text)).collect();
    got.sort();
    assert_eq!(got, ["Ada", "met"]);
    assert!(
        report
            .of(Severity::Warning)
            .any(|i| i.message.contains("record 2") && i.message.contains("tokens 2")),
        "{report}"
    );
    assert!(
        report
            .of(Severity::Error)
            .any(|i| i.message.contains("record 3") && i.message.contains("'Cy'")),
        "{report}"
    );
    assert!(
        report
            .of(Severity::Error)
            .any(|i| i.message.contains("'d2'")),
        "{report}"
    );
}
