//! W3C Web Annotation export: every TextPositionSelector (code points) slices out its
//! TextQuoteSelector's `exact`, on the chile-1973 corpus and on random projects; linking
//! annotations for relations, entities/events and arguments.

use crate::common;

use proptest::prelude::*;
use serde_json::Value;
use std::collections::HashMap;
use weft::edit::{self, Edit};
use weft::formats::web_annotation;
use weft::model::*;

/// Checks every mention annotation against the texts; returns how many targets were checked.
fn check_selectors(p: &Project, out: &str) -> usize {
    let v: Value = serde_json::from_str(out).unwrap();
    assert_eq!(v["@context"], "http://www.w3.org/ns/anno.jsonld");
    let texts: HashMap<String, String> = p
        .documents()
        .iter()
        .map(|d| {
            (
                web_annotation::document_iri(d.id.as_str()),
                d.text().to_string(),
            )
        })
        .collect();
    let mut n = 0;
    for a in v["first"]["items"].as_array().unwrap() {
        if a["motivation"] != "classifying" {
            continue;
        }
        let targets = match &a["target"] {
            Value::Array(t) => t.clone(),
            t => vec![t.clone()],
        };
        for t in targets {
            let text = &texts[t["source"]["id"].as_str().unwrap()];
            let pos = &t["selector"][0];
            let quote = &t["selector"][1];
            assert_eq!(pos["type"], "TextPositionSelector");
            assert_eq!(quote["type"], "TextQuoteSelector");
            let (s, e) = (
                pos["start"].as_u64().unwrap() as usize,
                pos["end"].as_u64().unwrap() as usize,
            );
            let slice: String = text.chars().skip(s).take(e - s).collect();
            assert_eq!(slice, quote["exact"].as_str().unwrap(), "{}", a["id"]);
            let before: String = text.chars().take(s).collect();
            assert!(before.ends_with(quote["prefix"].as_str().unwrap()));
            let after: String = text.chars().skip(e).collect();
            assert!(after.starts_with(quote["suffix"].as_str().unwrap()));
            n += 1;
        }
    }
    n
}

#[test]
fn chile_corpus_selectors_slice_the_quoted_text() {
    let Some(corpus) = common::shared("corpus/chile-1973") else {
        return;
    };
    let files = weft::store::import::collect_text_files(&[corpus]).unwrap();
    let mut p = Project::new("chile", Schema::default_news());
    for f in files {
        let (doc, _) = weft::store::document_from_file(&p, &f, common::t0()).unwrap();
        let index = p.documents().len();
        edit::apply(&mut p, Edit::InsertDocument { index, doc }).unwrap();
    }
    let mut h = edit::History::new();
    let mut emoji_docs = 0;
    let mut ids = Vec::new();
    for d in p.documents().to_vec() {
        // Tag every word that follows an emoji or other astral character, and a few names.
        let text = d.text().to_string();
        if text.chars().any(|c| c as u32 > 0xFFFF) {
            emoji_docs += 1;
        }
        for needle in ["Pinochet", "Allende", "Santiago"] {
            for (i, _) in text.match_indices(needle).enumerate().take(3) {
                ids.push(common::tag(&mut p, &mut h, &d.id, needle, i, "PERSON"));
            }
        }
        let astral: Vec<usize> = text
            .char_indices()
            .filter(|(_, c)| *c as u32 > 0xFFFF)
            .map(|(i, c)| i + c.len_utf8())
            .collect();
        for (k, b) in astral.into_iter().enumerate().take(20) {
            let rest = &text[b..];
            let Some(w) = rest.split_whitespace().next() else {
                continue;
            };
            let s = b + rest.find(w).unwrap();
            let r = TextRange::new(&text, s, s + w.len()).unwrap();
            let (e, l) = weft::edit::ops::tag(
                &p,
                MentionId::new(format!("m_a{k}_{}", d.id)),
                &d.id,
                vec![r],
                "ORG",
                "t",
                common::t0(),
            )
            .unwrap();
            if h.apply(&mut p, e, l).is_ok() {
                ids.push(MentionId::new(format!("m_a{k}_{}", d.id)));
            }
        }
    }
    assert!(emoji_docs > 0, "the corpus has emoji");
    let (e, l) =
        weft::edit::ops::new_cluster_from(&p, &ids[0], ClusterId::new("c_1"), common::t0())
            .unwrap();
    h.apply(&mut p, e, l).unwrap();
    let out = web_annotation::export(&p, &mut |_, _| {});
    let n = check_selectors(&p, &out.files[0].contents);
    assert_eq!(n, p.mentions().map(|m| m.fragments.len()).sum::<usize>());
    assert!(n > 10, "{n} targets");
    let v: Value = serde_json::from_str(&out.files[0].contents).unwrap();
    let linking: Vec<&Value> = v["first"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["motivation"] == "linking")
        .collect();
    assert_eq!(linking.len(), 1);
    assert_eq!(linking[0]["body"][0]["purpose"], "linking");
    assert_eq!(
        linking[0]["target"][0],
        format!("urn:weft:mention:{}", ids[0])
    );
}

#[test]
fn relations_arguments_and_discontinuous_mentions() {
    let mut p = common::project_with(vec![common::doc(
        "d1",
        "one",
        "The junta 😀 seized power in Santiago and Valparaíso.",
    )]);
    let mut h = edit::History::new();
    let d = p.documents()[0].id.clone();
    let junta = common::tag(&mut p, &mut h, &d, "junta", 0, "ORG");
    let coup = common::tag(&mut p, &mut h, &d, "seized power", 0, "COUP");
    let a = common::find(&p, &d, "Santiago", 0);
    let b = common::find(&p, &d, "Valparaíso", 0);
    let (e, l) = weft::edit::ops::tag(
        &p,
        MentionId::new("m_two"),
        &d,
        vec![a, b],
        "PLACE",
        "t",
        common::t0(),
    )
    .unwrap();
    h.apply(&mut p, e, l).unwrap();
    let role = p.schema().type_def("COUP").unwrap().roles[0].key.clone();
    h.apply(
        &mut p,
        Edit::InsertArgument(Argument {
            layer: Default::default(),
            id: ArgumentId::new("a_1"),
            event: Endpoint::Mention(coup.clone()),
            role: role.clone(),
            target: Endpoint::Mention(junta.clone()),
        }),
        "arg",
    )
    .ok();
    let r = Relation {
        layer: Default::default(),
        id: RelationId::new("r_1"),
        type_key: "located_in".into(),
        from: Endpoint::Mention(junta.clone()),
        to: Endpoint::Mention(MentionId::new("m_two")),
        attributes: Default::default(),
        note: "seat".into(),
    };
    h.apply(&mut p, Edit::InsertRelation(r), "rel").ok();
    let out = web_annotation::export(&p, &mut |_, _| {});
    assert_eq!(check_selectors(&p, &out.files[0].contents), 4);
    let v: Value = serde_json::from_str(&out.files[0].contents).unwrap();
    let items = v["first"]["items"].as_array().unwrap();
    let two = items
        .iter()
        .find(|a| a["id"] == "urn:weft:mention:m_two")
        .unwrap();
    assert_eq!(
        two["target"].as_array().unwrap().len(),
        2,
        "one target per fragment"
    );
    assert_eq!(two["body"][0]["value"], "PLACE");
    let rel = items
        .iter()
        .find(|a| a["id"] == "urn:weft:relation:r_1")
        .expect("relation annotation");
    assert_eq!(rel["target"]["type"], "List");
    assert_eq!(
        rel["target"]["items"][0],
        format!("urn:weft:mention:{junta}")
    );
    assert_eq!(rel["body"][0]["value"], "located_in");
    assert_eq!(rel["body"][1]["purpose"], "commenting");
    if p.arguments().count() == 1 {
        let arg = items
            .iter()
            .find(|a| a["id"] == "urn:weft:argument:a_1")
            .expect("argument annotation");
        assert_eq!(arg["body"][0]["value"], role.as_str());
        assert_eq!(
            arg["target"]["items"][1],
            format!("urn:weft:mention:{junta}")
        );
    }
    assert_eq!(
        out.report.number_of(weft::formats::Severity::Loss),
        0,
        "{}",
        out.report
    );
}

fn text_strategy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("a"),
        Just("Allende"),
        Just(" "),
        Just("\r\n"),
        Just("😀"),
        Just("é"),
        Just("智利"),
        Just("👩‍👩‍👧"),
        Just("e\u{301}")
    ];
    prop::collection::vec(piece, 1..30).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn random_projects_selectors_slice_the_quoted_text(
        texts in prop::collection::vec(text_strategy(), 1..3),
        spans in prop::collection::vec((0usize..3, 0usize..1000, 1usize..6, prop::option::of((1usize..3, 1usize..4))), 0..12),
    ) {
        let docs = texts.iter().enumerate().map(|(i, t)| common::doc(&format!("d_{i}"), &format!("doc{i}"), t)).collect();
        let mut p = common::project_with(docs);
        for (k, (d, s, len, second)) in spans.iter().enumerate() {
            let doc = p.documents()[d % p.documents().len()].clone();
            let bounds: Vec<usize> = doc.text().char_indices().map(|(b, _)| b).chain([doc.text().len()]).collect();
            let si = s % bounds.len();
            let ei = si + len;
            if ei >= bounds.len() { continue; }
            let mut fragments = vec![TextRange::new(doc.text(), bounds[si], bounds[ei]).unwrap()];
            if let Some((gap, l2)) = second && ei + gap + l2 < bounds.len() {
                fragments.push(TextRange::new(doc.text(), bounds[ei + gap], bounds[ei + gap + l2]).unwrap());
            }
            let m = Mention { id: MentionId::new(format!("m_{k}")), doc: doc.id.clone(), type_key: "PERSON".into(), fragments: fragments.into(), attributes: Default::default(), note: String::new(), cluster: None, author: String::new(), created: common::t0(), modified: common::t0(), layer: Default::default() };
            let _ = edit::apply(&mut p, Edit::InsertMention(m));
        }
        let out = web_annotation::export(&p, &mut |_, _| {});
        let n = check_selectors(&p, &out.files[0].contents);
        prop_assert_eq!(n, p.mentions().map(|m| m.fragments.len()).sum::<usize>());
    }
}
