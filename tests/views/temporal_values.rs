//! Date values on mentions: proposals from the text and a reference year, the user's value
//! winning, the schema change for projects whose date type lacks the attributes, and the
//! JSON export carrying a date for every temporal mention.

use crate::common::*;
use serde_json::Value;
use weft::edit::{self, Edit, History};
use weft::model::*;
use weft::temporal::{self, ReferenceSource, Source};

const TEXT: &str = "The junta was formed in 1973. On September 11, the palace was bombed. \
Exiles left in 11/9/1973 and later. A vote came on June 2.";

fn project() -> (Project, DocId) {
    let d = DocId::new("d_text");
    (project_with(vec![doc("d_text", "report", TEXT)]), d)
}

fn attr<'a>(p: &'a Project, m: &MentionId, key: &str) -> Option<&'a str> {
    match p.mention(m)?.attributes.get(key)? {
        AttrValue::Text(s) => Some(s),
        AttrValue::Flag(_) => None,
    }
}

#[test]
fn a_tagged_date_gets_a_proposal_inferred_from_the_year_before_it() {
    let (mut p, d) = project();
    let mut h = History::new();
    let m = tag(&mut p, &mut h, &d, "September 11", 0, "DATE");
    let prop = temporal::propose(&p, p.mention(&m).unwrap()).expect("a proposal");
    assert_eq!(prop.value.edtf, "1973-09-11");
    assert!(prop.value.inferred());
    let r = prop.reference.clone().expect("the reference year");
    assert_eq!(r.year, 1973);
    let ReferenceSource::Text { start, end } = r.source else {
        panic!("{r:?}")
    };
    assert_eq!(&TEXT[start..end], "1973");
    // Stored as one undoable edit.
    let before = p.clone();
    let e = prop.edit(&p).unwrap();
    let undo = edit::apply(&mut p, e).unwrap();
    assert_eq!(attr(&p, &m, "edtf"), Some("1973-09-11"));
    assert_eq!(attr(&p, &m, "edtf_rule"), Some("day_month+inferred"));
    let stored = temporal::date_of(&p, p.mention(&m).unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(stored.source, Source::Proposed);
    assert_eq!(stored.value.rule, prop.value.rule);
    assert_eq!(
        temporal::propose(&p, p.mention(&m).unwrap()),
        None,
        "nothing new"
    );
    edit::apply(&mut p, undo).unwrap();
    assert!(p == before);
}

#[test]
fn the_users_value_always_wins() {
    let (mut p, d) = project();
    let mut h = History::new();
    let m = tag(&mut p, &mut h, &d, "11/9/1973", 0, "DATE");
    let e = temporal::date_attribute_edit(&p, &m, Some("1973-09-12")).unwrap();
    edit::apply(&mut p, e).unwrap();
    let mention = p.mention(&m).unwrap();
    assert_eq!(temporal::propose(&p, mention), None);
    let v = temporal::date_of(&p, mention).unwrap().unwrap();
    assert_eq!(
        (v.value.edtf.as_str(), v.source),
        ("1973-09-12", Source::User)
    );
    // A value typed by hand with no rule is the user's too, even when it is not EDTF.
    let mut typed = mention.clone();
    typed
        .attributes
        .insert("edtf".into(), AttrValue::Text("some day".into()));
    typed.attributes.remove("edtf_rule");
    edit::apply(&mut p, Edit::ReplaceMention(typed)).unwrap();
    let mention = p.mention(&m).unwrap();
    assert_eq!(temporal::propose(&p, mention), None);
    let err = temporal::date_of(&p, mention).unwrap().unwrap_err();
    assert!(err.to_string().contains("some day"), "{err}");
    // The inspector's field refuses a value that is not EDTF, and removing it lets the
    // proposal back in.
    assert!(temporal::date_attribute_edit(&p, &m, Some("11th of never")).is_err());
    let e = temporal::date_attribute_edit(&p, &m, None).unwrap();
    edit::apply(&mut p, e).unwrap();
    let prop = temporal::propose(&p, p.mention(&m).unwrap()).unwrap();
    assert_eq!(prop.value.edtf, "1973-09-11", "day first by default");
}

#[test]
fn the_project_settings_decide_order_types_and_document_dates() {
    let (mut p, d) = project();
    let mut h = History::new();
    let numeric = tag(&mut p, &mut h, &d, "11/9/1973", 0, "DATE");
    let june = tag(&mut p, &mut h, &d, "June 2", 0, "DATE");
    let mut schema = p.schema().clone();
    schema.temporal.numeric_order = NumericOrder::MonthFirst;
    edit::apply(&mut p, Edit::SetSchema(Box::new(schema.clone()))).unwrap();
    let v = temporal::propose(&p, p.mention(&numeric).unwrap()).unwrap();
    assert_eq!(v.value.edtf, "1973-11-09");
    // "June 2" takes the last year before it (1973 in "11/9/1973")…
    let v = temporal::propose(&p, p.mention(&june).unwrap()).unwrap();
    assert_eq!(v.value.edtf, "1973-06-02");
    // …and the document's date only when no year comes before it.
    let (mut q, dq) = {
        let d = DocId::new("d_news");
        (
            project_with(vec![doc("d_news", "news", "Talks resumed on June 2.")]),
            d,
        )
    };
    let mut hq = History::new();
    let m = tag(&mut q, &mut hq, &dq, "June 2", 0, "DATE");
    assert_eq!(
        temporal::propose(&q, q.mention(&m).unwrap())
            .unwrap()
            .value
            .edtf,
        "XXXX-06-02"
    );
    let mut schema = q.schema().clone();
    schema
        .temporal
        .document_dates
        .insert("d_news".into(), "1974-06-03".into());
    edit::apply(&mut q, Edit::SetSchema(Box::new(schema))).unwrap();
    let v = temporal::propose(&q, q.mention(&m).unwrap()).unwrap();
    assert_eq!(v.value.edtf, "1974-06-02");
    assert_eq!(
        v.reference.unwrap().source,
        ReferenceSource::DocumentDate("1974-06-03".into())
    );
    // Only temporal types get proposals.
    let person = tag(&mut p, &mut h, &d, "junta", 0, "ORG");
    assert_eq!(temporal::propose(&p, p.mention(&person).unwrap()), None);
    let mut schema = p.schema().clone();
    schema.temporal.types = Some(vec!["ORG".into()]);
    edit::apply(&mut p, Edit::SetSchema(Box::new(schema))).unwrap();
    assert_eq!(temporal::propose(&p, p.mention(&numeric).unwrap()), None);
}

#[test]
fn a_schema_without_the_date_attributes_gets_them_in_the_same_edit() {
    // As in projects made before dates were normalised (the demo's schema).
    let mut schema = Schema::default_news();
    schema
        .types
        .iter_mut()
        .find(|t| t.key == "DATE")
        .unwrap()
        .attributes
        .clear();
    let mut p = Project::new("old", schema.clone());
    edit::apply(
        &mut p,
        Edit::InsertDocument {
            index: 0,
            doc: doc("d_1", "old", TEXT),
        },
    )
    .unwrap();
    let mut h = History::new();
    let ids: Vec<MentionId> = ["September 11", "11/9/1973", "1973"]
        .iter()
        .map(|n| tag(&mut p, &mut h, &DocId::new("d_1"), n, 0, "DATE"))
        .collect();
    let proposals = temporal::propose_all(&p, &ids);
    assert_eq!(proposals.len(), 3);
    let before = p.clone();
    let e = temporal::proposals_edit(&p, &proposals).unwrap();
    let undo = edit::apply(&mut p, e).unwrap();
    let date = p.schema().type_def("DATE").unwrap();
    assert_eq!(
        date.attributes
            .iter()
            .map(|a| a.key.as_str())
            .collect::<Vec<_>>(),
        ["edtf", "edtf_rule"]
    );
    assert_eq!(attr(&p, &ids[2], "edtf"), Some("1973"));
    edit::apply(&mut p, undo).unwrap();
    assert!(
        p == before,
        "one undo step takes back the values and the schema change"
    );
}

#[test]
fn the_export_carries_a_date_for_every_temporal_mention() {
    let (mut p, d) = project();
    let mut h = History::new();
    let proposed = tag(&mut p, &mut h, &d, "September 11", 0, "DATE");
    let e = temporal::propose(&p, p.mention(&proposed).unwrap())
        .unwrap()
        .edit(&p)
        .unwrap();
    edit::apply(&mut p, e).unwrap();
    // Mentions added the way importers add them: no date attributes.
    let imported = tag(&mut p, &mut h, &d, "11/9/1973", 0, "DATE");
    let unreadable = tag(&mut p, &mut h, &d, "later", 0, "DATE");
    let other = tag(&mut p, &mut h, &d, "palace", 0, "PLACE");
    let export: Value = weft::formats::weft_json::export(&p, t0()).unwrap();
    let mentions: std::collections::HashMap<&str, &Value> = export["documents"][0]["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["id"].as_str().unwrap(), m))
        .collect();
    let date = &mentions[proposed.as_str()]["date"];
    assert_eq!(date["edtf"], "1973-09-11");
    assert_eq!(date["source"], "proposed");
    assert_eq!(date["inferred"], true);
    assert_eq!(
        (date["earliest"].as_str(), date["latest"].as_str()),
        (Some("1973-09-11"), Some("1973-09-11"))
    );
    let date = &mentions[imported.as_str()]["date"];
    assert_eq!(date["edtf"], "1973-09-11");
    assert_eq!(date["source"], "computed");
    assert_eq!(date["rule"], "numeric_day_first");
    assert!(mentions[unreadable.as_str()]["date"].is_null());
    assert!(mentions[other.as_str()].get("date").is_none());
    // The streamed export writes the same, and both fit the shipped schema.
    let text = weft::formats::weft_json::export_string(&p, t0()).unwrap();
    let streamed: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(streamed, export);
    let schema: Value = serde_json::from_str(weft::formats::weft_json::SCHEMA).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&export)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn a_new_mention_is_inserted_with_its_date_in_one_edit() {
    let mut schema = Schema::default_news();
    schema
        .types
        .iter_mut()
        .find(|t| t.key == "DATE")
        .unwrap()
        .attributes
        .clear();
    let mut p = Project::new("old", schema);
    edit::apply(
        &mut p,
        Edit::InsertDocument {
            index: 0,
            doc: doc("d_1", "old", TEXT),
        },
    )
    .unwrap();
    let d = DocId::new("d_1");
    let range = find(&p, &d, "September 11", 0);
    let (tagging, _) = weft::edit::ops::tag(
        &p,
        MentionId::new("m_new"),
        &d,
        vec![range],
        "DATE",
        "tester",
        t0(),
    )
    .unwrap();
    let Edit::InsertMention(m) = tagging else {
        panic!("{tagging:?}")
    };
    let e = temporal::insert_with_date(&p, m).unwrap();
    let undo = edit::apply(&mut p, e).unwrap();
    let m = MentionId::new("m_new");
    assert_eq!(attr(&p, &m, "edtf"), Some("1973-09-11"));
    assert_eq!(attr(&p, &m, "edtf_rule"), Some("day_month+inferred"));
    edit::apply(&mut p, undo).unwrap();
    assert!(p.mention(&m).is_none());
    assert!(p.schema().type_def("DATE").unwrap().attributes.is_empty());
}
