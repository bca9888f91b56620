//! Label Studio JSON: code-point offsets proven with emoji (and the UTF-16 offsets of old
//! versions detected), malformed input, and export → import identity on random projects.

use crate::common;

use proptest::prelude::*;
use weft::edit::{self, Edit};
use weft::formats::compare::{Aspects, View};
use weft::formats::{InFile, Report, Severity, label_studio};
use weft::model::*;

fn import(p: &Project, name: &str, text: &str) -> (Project, Report) {
    let imp = label_studio::import(
        p,
        &[InFile::new(name, text)],
        common::t0(),
        &mut common::ids(),
        &mut |_, _| {},
    );
    let mut q = p.clone();
    edit::apply(&mut q, imp.edit).expect("the import batch applies");
    (q, imp.report)
}

fn covered(p: &Project) -> Vec<String> {
    let mut v: Vec<String> = p
        .mentions()
        .map(|m| {
            format!(
                "{}:{}",
                m.type_key,
                m.covered_text(p.document(&m.doc).unwrap().text())
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn offsets_are_code_points_with_emoji() {
    // "😀 Allende": Allende is code points 2..9, UTF-16 units 3..10.
    let mut p = common::project_with(vec![common::doc("d1", "one", "😀 Allende met 👩‍👩‍👧 Pinochet")]);
    let mut h = edit::History::new();
    let d = p.documents()[0].id.clone();
    let a = common::tag(&mut p, &mut h, &d, "Allende", 0, "PERSON");
    let b = common::tag(&mut p, &mut h, &d, "Pinochet", 0, "PERSON");
    let r = Relation {
        layer: Default::default(),
        id: RelationId::new("r_1"),
        type_key: "opposes".into(),
        from: Endpoint::Mention(a),
        to: Endpoint::Mention(b),
        attributes: Default::default(),
        note: String::new(),
    };
    h.apply(&mut p, Edit::InsertRelation(r), "rel").unwrap();
    let e = label_studio::export(&p, &mut |_, _| {});
    let v: serde_json::Value = serde_json::from_str(&e.files[0].contents).unwrap();
    let res = v[0]["annotations"][0]["result"].as_array().unwrap();
    assert_eq!(res[0]["value"]["start"], 2);
    assert_eq!(res[0]["value"]["end"], 9);
    // 👩‍👩‍👧 is 5 code points (8 UTF-16 units): Pinochet starts at 14 + 5 + 1 = 20.
    assert_eq!(res[1]["value"]["start"], 20);
    assert_eq!(res[2]["type"], "relation");
    assert_eq!(v[0]["data"]["document"], "one");

    let (q, rep) = import(
        &Project::new("t", Schema::default_news()),
        "ls.json",
        &e.files[0].contents,
    );
    assert_eq!(rep.number_of(Severity::Error), 0, "{rep}");
    assert_eq!(covered(&q), ["PERSON:Allende", "PERSON:Pinochet"]);
    assert_eq!(q.relations().count(), 1);
}

#[test]
fn utf16_offsets_of_old_versions_are_detected_by_the_quoted_text() {
    let json = r#"[{"id": 4, "data": {"text": "😀 Allende"}, "annotations": [{"result": [
        {"id": "a", "type": "labels", "value": {"start": 3, "end": 10, "text": "Allende", "labels": ["PERSON"]}}]}]}]"#;
    let (q, rep) = import(&Project::new("t", Schema::default_news()), "old.json", json);
    assert_eq!(covered(&q), ["PERSON:Allende"]);
    assert_eq!(rep.number_in("UTF-16 offsets"), 1, "{rep}");
    assert_eq!(q.documents()[0].name, "old-4");
}

#[test]
fn malformed_input_is_reported_and_the_rest_imported() {
    let json = r#"[
      {"id": 1, "data": {"text": "Allende and Frei"}, "annotations": [{"result": [
        {"id": "a", "type": "labels", "value": {"start": 0, "end": 7, "text": "Allende", "labels": ["PERSON"]}},
        {"id": "b", "type": "labels", "value": {"start": 12, "end": 99, "labels": ["PERSON"]}},
        {"id": "c", "type": "labels", "value": {"start": 12, "labels": ["PERSON"]}},
        {"id": "d", "type": "labels", "value": {"start": 12, "end": 16}},
        {"type": "choices", "value": {"choices": ["x"]}},
        {"type": "relation", "from_id": "a", "to_id": "zz", "labels": ["x"]}
      ]}], "predictions": [{"result": [
        {"id": "p", "type": "labels", "value": {"start": 12, "end": 16, "text": "Frei", "labels": ["PERSON"]}}]}]},
      {"id": 2, "data": {}}
    ]"#;
    let (q, rep) = import(&Project::new("t", Schema::default_news()), "bad.json", json);
    eprintln!("{rep}");
    assert_eq!(covered(&q), ["PERSON:Allende", "PERSON:Frei"]);
    assert_eq!(rep.number_of(Severity::Error), 5, "{rep}");
    assert!(rep.of(Severity::Error).all(|i| i.file == "bad.json"));
    assert!(
        rep.of(Severity::Error)
            .any(|i| i.message.contains("task 2"))
    );
    assert_eq!(rep.number_in("result not imported"), 1);

    let (_, rep) = import(
        &Project::new("t", Schema::default_news()),
        "broken.json",
        "[{\"id\": 1,\n \"data\": }",
    );
    assert!(
        rep.of(Severity::Error)
            .any(|i| i.file == "broken.json" && i.line == Some(2)),
        "{rep}"
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
        Just(",")
    ];
    prop::collection::vec(piece, 1..30).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, .. ProptestConfig::default() })]

    /// Label Studio expresses contiguous typed spans (nested and overlapping too) and
    /// relations between mentions of one document.
    #[test]
    fn label_studio_export_then_import_is_identity(
        texts in prop::collection::vec(text_strategy(), 1..3),
        spans in prop::collection::vec((0usize..3, 0usize..1000, 1usize..6, 0usize..4), 0..12),
        links in prop::collection::vec((0usize..12, 0usize..12, 0usize..3), 0..8),
    ) {
        let docs = texts.iter().enumerate().map(|(i, t)| common::doc(&format!("d_{i}"), &format!("doc{i}"), t)).collect();
        let mut p = common::project_with(docs);
        let types = ["PERSON", "ORG", "PLACE", "COUP"];
        let mut ids = Vec::new();
        for (k, (d, s, len, ty)) in spans.iter().enumerate() {
            let doc = p.documents()[d % p.documents().len()].clone();
            let bounds: Vec<usize> = doc.text().char_indices().map(|(b, _)| b).chain([doc.text().len()]).collect();
            let si = s % bounds.len();
            let ei = si + len;
            if ei >= bounds.len() { continue; }
            let m = Mention {
                layer: Default::default(),
                id: MentionId::new(format!("m_{k}")),
                doc: doc.id.clone(),
                type_key: types[*ty].into(),
                fragments: smallvec::smallvec![TextRange::new(doc.text(), bounds[si], bounds[ei]).unwrap()],
                attributes: Default::default(),
                note: String::new(),
                cluster: None,
                author: String::new(),
                created: common::t0(),
                modified: common::t0(),
            };
            if edit::apply(&mut p, Edit::InsertMention(m)).is_ok() {
                ids.push(MentionId::new(format!("m_{k}")));
            }
        }
        for (n, (a, b, t)) in links.iter().enumerate() {
            if ids.is_empty() { break; }
            let r = Relation {
                layer: Default::default(),
                id: RelationId::new(format!("r_{n}")),
                type_key: ["member_of", "located_in", "opposes"][*t].into(),
                from: Endpoint::Mention(ids[a % ids.len()].clone()),
                to: Endpoint::Mention(ids[b % ids.len()].clone()),
                attributes: Default::default(),
                note: String::new(),
            };
            let same_doc = p.mention(r.from.mention().unwrap()).unwrap().doc == p.mention(r.to.mention().unwrap()).unwrap().doc;
            if same_doc {
                let _ = edit::apply(&mut p, Edit::InsertRelation(r));
            }
        }
        let out = label_studio::export(&p, &mut |_, _| {});
        prop_assert_eq!(out.report.number_of(Severity::Loss), 0, "{}", out.report);
        let (q, r) = import(&Project::new("t", p.schema().clone()), "x.json", &out.files[0].contents);
        prop_assert_eq!(r.number_of(Severity::Error), 0, "{}", r);
        prop_assert_eq!(r.number_in("UTF-16 offsets"), 0);
        let aspects = Aspects { relations: true, ..Aspects::SPANS };
        let d = View::of(&p, aspects).diff(&View::of(&q, aspects));
        prop_assert!(d.is_empty(), "{:#?}", d);
    }
}

/// A region whose offsets miss its `value.text` goes where that text is (with a warning), or
/// is refused when the text is not there; it is never put on other words.
#[test]
fn a_region_moves_to_its_quoted_text_or_is_refused() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/label_studio/wrong_offsets.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let (p, report) = import(
        &Project::new("t", Schema::default_news()),
        "wrong_offsets.json",
        &text,
    );
    eprintln!("{report}");
    assert_eq!(covered(&p), ["PERSON:Ines Barro", "PLACE:Faro"], "{report}");
    assert!(
        report
            .of(Severity::Warning)
            .any(|i| i.message.contains("placed at 30..34")),
        "{report}"
    );
    assert!(
        report
            .of(Severity::Error)
            .any(|i| i.message.contains("'Braga'") && i.message.contains("refused")),
        "{report}"
    );
    // The relation to the refused region is reported too.
    assert!(
        report
            .of(Severity::Error)
            .any(|i| i.message.contains("r1 → r3")),
        "{report}"
    );
}
