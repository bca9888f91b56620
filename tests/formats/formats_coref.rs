//! Cross-document coreference: ECB+ topic 1 import → coreference exports, compared with an
//! independent reading of the XML (same mentions, same clusters, same partition), and the
//! three export variants on a small project.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use weft::edit;
use weft::formats::coref::{self, Variant};
use weft::formats::{InFile, Severity};
use weft::model::*;

/// Attribute `name="…"` of an XML tag's text.
fn attr(tag: &str, name: &str) -> Option<String> {
    let k = format!(" {name}=\"");
    let i = tag.find(&k)? + k.len();
    Some(tag[i..].split('"').next()?.to_string())
}

/// A mention key: document name and the sorted t_ids it covers.
type Key = (String, Vec<u32>);

/// The XML read with plain string scanning (independent of the importer): each document's
/// tokens as (t_id, sentence, text), and the partition of its anchored markables.
struct Expected {
    tokens: BTreeMap<String, Vec<(u32, String, String)>>,
    partition: BTreeSet<Vec<Key>>,
    mentions: usize,
}

fn expected(files: &[(String, String)]) -> Expected {
    let mut tokens = BTreeMap::new();
    let mut groups: BTreeMap<String, Vec<Key>> = BTreeMap::new();
    let mut mentions = 0;
    for (fname, xml) in files {
        let doc = attr(xml.lines().next().unwrap(), "doc_name").unwrap_or(fname.clone());
        let mut toks = Vec::new();
        for line in xml.lines().filter(|l| l.starts_with("<token ")) {
            let t: u32 = attr(line, "t_id").unwrap().parse().unwrap();
            let s = attr(line, "sentence").unwrap();
            let text = line
                .split('>')
                .nth(1)
                .unwrap()
                .split("</token")
                .next()
                .unwrap();
            let text = text
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'");
            toks.push((t, s, text.trim().to_string()));
        }
        tokens.insert(doc.clone(), toks);
        let markables = &xml[xml.find("<Markables>").unwrap()..xml.find("</Markables>").unwrap()];
        let mut anchored: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        let mut instances: BTreeMap<String, Option<String>> = BTreeMap::new();
        let mut current: Option<String> = None;
        for line in markables.lines().map(str::trim) {
            if line.starts_with("<token_anchor") {
                let t = attr(line, "t_id").unwrap().parse().unwrap();
                anchored.get_mut(current.as_ref().unwrap()).unwrap().push(t);
            } else if line.starts_with("</") {
                current = None;
            } else if line.starts_with('<') && line.ends_with("/>") {
                instances.insert(
                    attr(line, "m_id").unwrap(),
                    attr(line, "instance_id").filter(|s| !s.is_empty()),
                );
            } else if line.starts_with('<') && line.contains(" m_id=") {
                let m = attr(line, "m_id").unwrap();
                anchored.insert(m.clone(), vec![]);
                current = Some(m);
            }
        }
        let rels = &xml[xml.find("<Relations>").unwrap_or(0)..];
        let mut member: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let (mut sources, mut kind, mut note) = (Vec::new(), String::new(), String::new());
        for line in rels.lines().map(str::trim) {
            if line.starts_with("<CROSS_DOC_COREF") || line.starts_with("<INTRA_DOC_COREF") {
                kind = line[1..].split(' ').next().unwrap().to_string();
                note = attr(line, "note").unwrap_or_default();
                sources.clear();
            } else if line.starts_with("<source") {
                sources.push(attr(line, "m_id").unwrap());
            } else if line.starts_with("<target") {
                let t = attr(line, "m_id").unwrap();
                let key = match instances.get(&t).cloned().flatten() {
                    Some(i) => i,
                    None if kind == "CROSS_DOC_COREF" && !note.is_empty() => note.clone(),
                    None => format!("{doc}#{t}"),
                };
                for s in &sources {
                    member.entry(s.clone()).or_default().push(key.clone());
                }
            }
        }
        for (m, mut ts) in anchored {
            ts.sort();
            ts.dedup();
            mentions += 1;
            let keys = member
                .get(&m)
                .cloned()
                .unwrap_or(vec![format!("singleton {doc}#{m}")]);
            for group in keys {
                groups
                    .entry(group)
                    .or_default()
                    .push((doc.clone(), ts.clone()));
            }
        }
    }
    let partition = groups
        .into_values()
        .map(|mut v| {
            v.sort();
            v
        })
        .collect();
    Expected {
        tokens,
        partition,
        mentions,
    }
}

#[test]
fn ecbplus_topic1_round_trip_keeps_every_mention_and_cluster() {
    let Some(dir) = common::shared("fixtures/ecbplus_topic1/ECB+/1") else {
        return;
    };
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let files: Vec<(String, String)> = paths
        .iter()
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(p).unwrap(),
            )
        })
        .collect();
    assert_eq!(files.len(), 39);
    let want = expected(&files);

    let ins: Vec<InFile> = files
        .iter()
        .map(|(n, t)| InFile::new(n.clone(), t.clone()))
        .collect();
    let project = Project::new("ecb", Schema::default_news());
    let mut progress = Vec::new();
    let imp = coref::import_ecbplus(
        &project,
        &ins,
        common::t0(),
        &mut common::ids(),
        &mut |d, t| progress.push((d, t)),
    );
    assert_eq!(progress.last(), Some(&(39, 39)));
    let mut p = project.clone();
    edit::apply(&mut p, imp.edit).expect("the batch applies");
    eprintln!("{}", imp.report);
    assert_eq!(imp.report.number_of(Severity::Error), 0, "{}", imp.report);
    assert_eq!(p.documents().len(), 39);
    for t in [
        "ACTION_OCCURRENCE",
        "HUMAN_PART_PER",
        "LOC_FAC",
        "TIME_DATE",
    ] {
        assert!(p.schema().type_def(t).is_some(), "{t}");
        assert!(
            imp.report
                .of(Severity::Schema)
                .any(|i| i.message.contains(&format!("'{t}'")))
        );
    }
    assert_eq!(
        p.schema().type_def("ACTION_OCCURRENCE").unwrap().kind,
        TypeKind::Event
    );
    assert_eq!(
        p.schema().type_def("HUMAN_PART_PER").unwrap().kind,
        TypeKind::Entity
    );
    // Texts are the tokens joined by spaces, one sentence per line.
    for d in p.documents() {
        let toks = &want.tokens[&d.name];
        let mut text = String::new();
        for (i, (_, s, t)) in toks.iter().enumerate() {
            if i > 0 {
                text.push(if toks[i - 1].1 == *s { ' ' } else { '\n' });
            }
            text.push_str(t);
        }
        assert_eq!(d.text(), text, "{}", d.name);
    }

    // Export with code-point fragments; map each fragment back onto ECB+ t_ids.
    let e = coref::export(&p, Variant::Chars, &mut |_, _| {});
    let v: serde_json::Value = serde_json::from_str(&e.files[0].contents).unwrap();
    let mut spans: BTreeMap<String, Vec<(u32, usize, usize)>> = BTreeMap::new();
    for (doc, toks) in &want.tokens {
        let mut pos = 0;
        let mut v = Vec::new();
        for (i, (t, _, text)) in toks.iter().enumerate() {
            if i > 0 {
                pos += 1;
            }
            let n = text.chars().count();
            v.push((*t, pos, pos + n));
            pos += n;
        }
        spans.insert(doc.clone(), v);
    }
    let mut groups: BTreeMap<u64, Vec<Key>> = BTreeMap::new();
    let mentions = v["mentions"].as_array().unwrap();
    for m in mentions {
        let doc = m["doc_id"].as_str().unwrap().to_string();
        let mut ts = Vec::new();
        for f in m["fragments"].as_array().unwrap() {
            let (a, b) = (
                f[0].as_u64().unwrap() as usize,
                f[1].as_u64().unwrap() as usize,
            );
            ts.extend(
                spans[&doc]
                    .iter()
                    .filter(|(_, s, e)| a <= *s && *e <= b)
                    .map(|(t, _, _)| *t),
            );
        }
        ts.sort();
        groups
            .entry(m["cluster_id"].as_u64().unwrap())
            .or_default()
            .push((doc, ts));
    }
    let got: BTreeSet<Vec<Key>> = groups
        .into_values()
        .map(|mut v| {
            v.sort();
            v
        })
        .collect();
    assert_eq!(mentions.len(), want.mentions);
    // Every exported cluster lies inside one cluster of the XML; the XML clusters not given
    // back exactly are those the report names (a mention linked to two instances, a cluster
    // mixing event and entity mentions, which Weft keeps apart).
    for g in &got {
        assert!(
            want.partition
                .iter()
                .any(|w| g.iter().all(|k| w.contains(k))),
            "exported cluster {g:?} is not inside any cluster of the XML"
        );
    }
    let inexact = want.partition.difference(&got).count();
    let reported = imp.report.number_in("mention in two clusters")
        + imp.report.number_in("cluster of mixed kinds");
    assert!(
        reported > 0 && inexact <= 2 * reported,
        "{inexact} XML clusters differ, {reported} reported"
    );
    eprintln!(
        "{} XML clusters, {} exported, {inexact} not given back exactly, {reported} reported",
        want.partition.len(),
        got.len()
    );
    let cross = got
        .iter()
        .filter(|g| g.iter().map(|k| &k.0).collect::<BTreeSet<_>>().len() > 1)
        .count();
    assert!(cross >= 100, "clusters spanning documents: {cross}");

    // The CoNLL-2012 column holds the same number of mentions and clusters.
    let c = coref::export(&p, Variant::Conll, &mut |_, _| {});
    let read = coref::read_conll_coref(&c.files[0].contents);
    let discontinuous = p
        .mentions()
        .filter(|m| m.fragments.len() > 1)
        .map(|m| m.fragments.len() - 1)
        .sum::<usize>();
    assert_eq!(read.len(), want.mentions + discontinuous);
    let ids: BTreeSet<usize> = read.iter().map(|r| r.3).collect();
    assert_eq!(ids.len(), got.len());
    assert_eq!(
        c.report.number_in("discontinuous mention"),
        p.mentions().filter(|m| m.fragments.len() > 1).count()
    );
}

#[test]
fn broken_ecbplus_files_are_reported_and_the_rest_imported() {
    let good = "<Document doc_name=\"a.xml\">\n<token t_id=\"1\" sentence=\"0\" number=\"0\">Lohan</token>\n<token t_id=\"2\" sentence=\"0\" number=\"1\">left</token>\n<Markables>\n<HUMAN_PART_PER m_id=\"5\" >\n<token_anchor t_id=\"1\"/>\n</HUMAN_PART_PER>\n<ACTION_OCCURRENCE m_id=\"6\" >\n<token_anchor t_id=\"9\"/>\n</ACTION_OCCURRENCE>\n</Markables>\n<Relations>\n</Relations>\n</Document>\n";
    let bad = "<Document doc_name=\"b.xml\">\n<token t_id=\"1\" sentence=\"0\">x</tok>\n";
    let ins = [InFile::new("a.xml", good), InFile::new("b.xml", bad)];
    let imp = coref::import_ecbplus(
        &Project::new("t", Schema::default_news()),
        &ins,
        common::t0(),
        &mut common::ids(),
        &mut |_, _| {},
    );
    let mut p = Project::new("t", Schema::default_news());
    edit::apply(&mut p, imp.edit).unwrap();
    eprintln!("{}", imp.report);
    assert!(
        imp.report
            .of(Severity::Error)
            .any(|i| i.file == "b.xml" && i.message.contains("line 2")),
        "{}",
        imp.report
    );
    assert!(
        imp.report
            .of(Severity::Error)
            .any(|i| i.file == "a.xml" && i.line == Some(8) && i.message.contains("t_id 9")),
        "{}",
        imp.report
    );
    assert_eq!(p.documents().len(), 1);
    assert_eq!(p.mentions().count(), 1);
}

#[test]
fn export_variants_on_a_small_project() {
    let mut p = common::project_with(vec![
        common::doc("d1", "one", "Allende 😀 spoke. Allende left."),
        common::doc("d2", "two", "The president Allende"),
    ]);
    let mut h = edit::History::new();
    let d1 = p.documents()[0].id.clone();
    let d2 = p.documents()[1].id.clone();
    let a = common::tag(&mut p, &mut h, &d1, "Allende", 0, "PERSON");
    let b = common::tag(&mut p, &mut h, &d1, "Allende", 1, "PERSON");
    let c = common::tag(&mut p, &mut h, &d2, "The president Allende", 0, "PERSON");
    common::tag(&mut p, &mut h, &d2, "president", 0, "PERSON");
    let (e, l) =
        weft::edit::ops::new_cluster_from(&p, &a, ClusterId::new("c_1"), common::t0()).unwrap();
    h.apply(&mut p, e, l).unwrap();
    for m in [&b, &c] {
        let (e, l) =
            weft::edit::ops::link(&p, m, Some(&ClusterId::new("c_1")), common::t0()).unwrap();
        h.apply(&mut p, e, l).unwrap();
    }
    let conll = coref::export(&p, Variant::Conll, &mut |_, _| {}).files[0]
        .contents
        .clone();
    assert!(conll.contains("#begin document (two); part 000\ntwo\t0\t0\tThe\t(0\ntwo\t0\t1\tpresident\t(1)\ntwo\t0\t2\tAllende\t0)\n"), "{conll}");
    assert!(conll.contains("one\t0\t1\t😀\t-\n"), "{conll}");
    let toks: serde_json::Value =
        serde_json::from_str(&coref::export(&p, Variant::Tokens, &mut |_, _| {}).files[0].contents)
            .unwrap();
    let ms = toks["mentions"].as_array().unwrap();
    assert_eq!(ms.len(), 4);
    assert_eq!(ms.iter().filter(|m| m["cluster_id"] == 0).count(), 3);
    assert_eq!(ms.iter().filter(|m| m["singleton"] == true).count(), 1);
    let two = ms
        .iter()
        .find(|m| m["doc_id"] == "two" && m["tokens"] == "The president Allende")
        .unwrap();
    assert_eq!(two["tokens_ids"], serde_json::json!([0, 1, 2]));
    let chars: serde_json::Value =
        serde_json::from_str(&coref::export(&p, Variant::Chars, &mut |_, _| {}).files[0].contents)
            .unwrap();
    let second = chars["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["doc_id"] == "one" && m["fragments"][0][0] != 0)
        .unwrap();
    // "Allende 😀 spoke. " is 17 code points (the emoji is one).
    assert_eq!(second["fragments"], serde_json::json!([[17, 24]]));
}
