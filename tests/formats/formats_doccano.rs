//! doccano JSONL (both shapes) and the spaCy JSONL export: code-point offsets with emoji,
//! malformed input, and doccano export → import identity on random projects.

use crate::common;

use proptest::prelude::*;
use weft::edit::{self, Edit};
use weft::formats::compare::{Aspects, View};
use weft::formats::{InFile, Severity, doccano, spacy};
use weft::model::*;

fn import(p: &Project, name: &str, text: &str) -> (Project, weft::formats::Report) {
    let imp = doccano::import(
        p,
        &[InFile::new(name, text)],
        common::t0(),
        &mut common::ids(),
    );
    let mut q = p.clone();
    edit::apply(&mut q, imp.edit).expect("the import batch applies");
    (q, imp.report)
}

#[test]
fn both_shapes_import_with_code_point_offsets() {
    // "😀 Allende" — Allende starts at code point 2 (UTF-16 unit 3, byte 5).
    let jsonl = concat!(
        r#"{"text": "😀 Allende met Pinochet", "label": [[2, 9, "PERSON"], [14, 22, "PERSON"]]}"#,
        "\n",
        r#"{"id": 7, "data": "Junta in Santiago", "entities": [{"id": 1, "label": "ORG", "start_offset": 0, "end_offset": 5}, {"id": 2, "label": "PLACE", "start_offset": 9, "end_offset": 17}], "relations": [{"id": 3, "from_id": 1, "to_id": 2, "type": "located_in"}]}"#,
        "\n"
    );
    let (p, report) = import(&Project::new("t", Schema::default_news()), "a.jsonl", jsonl);
    assert_eq!(report.number_of(Severity::Error), 0, "{report}");
    assert_eq!(p.documents().len(), 2);
    let texts: Vec<String> = p
        .mentions()
        .map(|m| m.covered_text(p.document(&m.doc).unwrap().text()))
        .collect();
    for t in ["Allende", "Pinochet", "Junta", "Santiago"] {
        assert!(texts.iter().any(|x| x == t), "{t} in {texts:?}");
    }
    assert_eq!(p.relations().count(), 1);
}

#[test]
fn malformed_lines_are_reported_and_the_rest_imported() {
    let jsonl = concat!(
        "{\"text\": \"Allende\", \"label\": [[0, 7, \"PERSON\"]]}\n",
        "{not json\n",
        "{\"label\": []}\n",
        "{\"text\": \"abc\", \"label\": [[0, 40, \"PERSON\"], [2, 1, \"PERSON\"], [\"x\"]]}\n",
        "{\"text\": \"Frei\", \"label\": [[0, 4, \"NEWTYPE\"]]}\n",
        "{\"text\": \"a b\", \"entities\": [{\"id\": 1, \"label\": \"ORG\", \"start_offset\": 0, \"end_offset\": 1}], \"relations\": [{\"id\": 2, \"from_id\": 1, \"to_id\": 9, \"type\": \"located_in\"}]}\n",
    );
    let (p, report) = import(&Project::new("t", Schema::default_news()), "b.jsonl", jsonl);
    eprintln!("{report}");
    for line in [2, 3, 4, 6] {
        assert!(
            report
                .of(Severity::Error)
                .any(|i| i.file == "b.jsonl" && i.line == Some(line)),
            "line {line}: {report}"
        );
    }
    assert_eq!(
        report
            .of(Severity::Error)
            .filter(|i| i.line == Some(4))
            .count(),
        3
    );
    assert_eq!(p.mentions().count(), 3);
    assert!(p.schema().type_def("NEWTYPE").is_some());
}

#[test]
fn spacy_export_counts_code_points_and_reports_fragments() {
    let mut p = common::project_with(vec![common::doc(
        "d_1",
        "one",
        "👩‍👩‍👧 Allende y Pinochet\r\nen Chile",
    )]);
    let mut h = weft::edit::History::new();
    common::tag(&mut p, &mut h, &DocId::new("d_1"), "Pinochet", 0, "PERSON");
    let text = p.documents()[0].text().to_string();
    let a = text.find("Allende").unwrap();
    let c = text.find("Chile").unwrap();
    let frags = vec![
        TextRange::new(&text, a, a + 7).unwrap(),
        TextRange::new(&text, c, c + 5).unwrap(),
    ];
    let (e, _) = weft::edit::ops::tag(
        &p,
        MentionId::new("m_x"),
        &DocId::new("d_1"),
        frags,
        "PERSON",
        "t",
        common::t0(),
    )
    .unwrap();
    edit::apply(&mut p, e).unwrap();
    let out = spacy::export(&p);
    let line: serde_json::Value =
        serde_json::from_str(out.files[0].contents.lines().next().unwrap()).unwrap();
    let chars: Vec<char> = text.chars().collect();
    for sp in line["spans"].as_array().unwrap() {
        let (s, e) = (
            sp["start"].as_u64().unwrap() as usize,
            sp["end"].as_u64().unwrap() as usize,
        );
        let got: String = chars[s..e].iter().collect();
        assert_eq!(got, sp["text"].as_str().unwrap());
    }
    assert_eq!(line["spans"].as_array().unwrap().len(), 3);
    assert_eq!(out.report.number_in("discontinuous mention"), 1);
    // Tokens rebuild the text.
    let mut rebuilt = String::new();
    for t in line["tokens"].as_array().unwrap() {
        rebuilt += t["text"].as_str().unwrap();
        if t["ws"].as_bool().unwrap() {
            rebuilt.push(' ');
        }
    }
    assert_eq!(rebuilt, text);
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
        Just(","),
    ];
    prop::collection::vec(piece, 1..30).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, .. ProptestConfig::default() })]

    /// doccano expresses contiguous typed spans and relations between them in one document.
    #[test]
    fn doccano_export_then_import_is_identity(
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
        let out = doccano::export(&p);
        prop_assert_eq!(out.report.number_of(Severity::Loss), 0, "{}", out.report);
        let (q, r) = import(&Project::new("t", p.schema().clone()), "x.jsonl", &out.files[0].contents);
        prop_assert_eq!(r.number_of(Severity::Error), 0, "{}", r);
        let aspects = Aspects { relations: true, ..Aspects::SPANS };
        let d = View::of(&p, aspects).diff(&View::of(&q, aspects));
        prop_assert!(d.is_empty(), "{:#?}", d);
    }
}

/// doccano's own record ids name the documents and come back as `id` on export, so a
/// re-export can be matched with the original file record by record.
#[test]
fn record_ids_are_kept_through_import_and_export() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/doccano/admin.jsonl");
    let text = std::fs::read_to_string(&path).unwrap();
    let (p, report) = import(
        &Project::new("t", Schema::default_news()),
        "admin.jsonl",
        &text,
    );
    assert_eq!(report.number_of(Severity::Error), 0, "{report}");
    let names: Vec<&str> = p.documents().iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["1041", "1042"]);
    let out = weft::formats::doccano::export(&p);
    let ids: Vec<u64> = out.files[0]
        .contents
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(ids, [1041, 1042]);
    // A document with another name gets a number no document has.
    let mut q = p.clone();
    let d = common::doc("d_x", "notes", "Another text.");
    edit::apply(&mut q, Edit::InsertDocument { index: 0, doc: d }).unwrap();
    let out = weft::formats::doccano::export(&q);
    let first: serde_json::Value =
        serde_json::from_str(out.files[0].contents.lines().next().unwrap()).unwrap();
    assert_eq!(first["id"], 1);
    assert_eq!(first["document"], "notes");
}
