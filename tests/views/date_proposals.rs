//! Date proposals everywhere: tagging, tag-all and imports go through
//! `temporal::with_proposed_dates`, which fills the proposal into the mentions an edit
//! inserts, in the same undo step, reading dates against the documents and schema the edit
//! itself brings; the user's value always wins; "use the proposal" brings the rules back.

use crate::common::*;
use weft::edit::{self, Edit, History, intents, ops};
use weft::formats::{FormatId, Options, catalog};
use weft::model::*;
use weft::temporal::{self, Source};

const TEXT: &str = "The junta was formed in 1973. On September 11, the palace was bombed. \
Exiles left on 12 September 1973 and 12 September 1973 again.";

fn attr<'a>(p: &'a Project, m: &MentionId, key: &str) -> Option<&'a str> {
    match p.mention(m)?.attributes.get(key)? {
        AttrValue::Text(s) => Some(s),
        AttrValue::Flag(_) => None,
    }
}

/// The default schema with the DATE type stripped of its date attributes (an older project).
fn old_schema() -> Schema {
    let mut schema = Schema::default_news();
    let date = schema.types.iter_mut().find(|t| t.key == "DATE").unwrap();
    date.attributes
        .retain(|a| a.key != "edtf" && a.key != "edtf_rule");
    schema
}

#[test]
fn tagging_a_date_proposes_its_value_in_the_same_undo_step() {
    let mut p = Project::new("old", old_schema());
    edit::apply(
        &mut p,
        Edit::InsertDocument {
            index: 0,
            doc: doc("d_1", "report", TEXT),
        },
    )
    .unwrap();
    let before = p.clone();
    let d = DocId::new("d_1");
    let r = find(&p, &d, "September 11", 0);
    // The selection has white space around it, which the intent trims.
    let t = intents::tag_selection(
        &p,
        &d,
        r.start() - 1..r.end(),
        "DATE",
        MentionId::new("m_sept"),
        "tester",
        t0(),
    )
    .unwrap();
    let dated = temporal::with_proposed_dates(&p, t.edit).unwrap();
    assert_eq!(dated.proposed, 1);
    let mut h = History::new();
    h.apply(&mut p, dated.edit, t.label).unwrap();
    let m = MentionId::new("m_sept");
    assert_eq!(attr(&p, &m, "edtf"), Some("1973-09-11"));
    assert_eq!(attr(&p, &m, "edtf_rule"), Some("day_month+inferred"));
    let date = p.schema().type_def("DATE").unwrap();
    assert!(date.attributes.iter().any(|a| a.key == "edtf"));
    let stored = temporal::date_of(&p, p.mention(&m).unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(stored.source, Source::Proposed);
    assert_eq!(h.undo_depth(), 1);
    h.undo(&mut p).unwrap();
    assert!(
        p == before,
        "one undo takes mention, value and schema change back"
    );
}

#[test]
fn a_mention_of_another_type_or_an_unreadable_date_is_left_alone() {
    let mut p = project_with(vec![doc("d_1", "report", TEXT)]);
    let d = DocId::new("d_1");
    let (e, _) = ops::tag(
        &p,
        MentionId::new("m_junta"),
        &d,
        vec![find(&p, &d, "junta", 0)],
        "ORG",
        "tester",
        t0(),
    )
    .unwrap();
    let dated = temporal::with_proposed_dates(&p, e.clone()).unwrap();
    assert_eq!((dated.proposed, &dated.edit), (0, &e));
    let (e, _) = ops::tag(
        &p,
        MentionId::new("m_palace"),
        &d,
        vec![find(&p, &d, "the palace", 0)],
        "DATE",
        "tester",
        t0(),
    )
    .unwrap();
    let dated = temporal::with_proposed_dates(&p, e.clone()).unwrap();
    assert_eq!(dated.proposed, 0, "no rule reads 'the palace'");
    assert_eq!(dated.edit, e);
    edit::apply(&mut p, dated.edit).unwrap();
    assert_eq!(attr(&p, &MentionId::new("m_palace"), "edtf"), None);
}

#[test]
fn tag_all_proposes_a_date_for_every_hit() {
    let mut p = project_with(vec![doc("d_1", "report", TEXT)]);
    let d = DocId::new("d_1");
    let hits: Vec<weft::search::Hit> = (0..2)
        .map(|i| weft::search::Hit {
            doc: d.clone(),
            range: find(&p, &d, "12 September 1973", i),
        })
        .collect();
    let mut n = 0;
    let mut ids = || {
        n += 1;
        MentionId::new(format!("m_hit_{n}"))
    };
    let (e, summary) = ops::tag_all(&p, &hits, "DATE", None, &mut ids, "tester", t0()).unwrap();
    assert_eq!(summary.tagged, 2);
    let dated = temporal::with_proposed_dates(&p, e).unwrap();
    assert_eq!(dated.proposed, 2);
    edit::apply(&mut p, dated.edit).unwrap();
    for i in 1..=2 {
        let m = MentionId::new(format!("m_hit_{i}"));
        assert_eq!(attr(&p, &m, "edtf"), Some("1973-09-12"));
        assert_eq!(attr(&p, &m, "edtf_rule"), Some("day_month_year"));
    }
}

/// An import's edit: its own schema (without the date attributes, and with the document's
/// date as a setting), a new document and a date mention in it that needs a reference year.
#[test]
fn an_import_is_read_against_the_documents_and_schema_it_brings() {
    let p = Project::new("empty", Schema::default_news());
    let before = p.clone();
    let mut schema = old_schema();
    schema
        .temporal
        .document_dates
        .insert("d_new".into(), "1974-06-03".into());
    let text = "Dateline. On September 17 the tanks came.";
    let new_doc = doc("d_new", "wire", text);
    let start = text.find("September 17").unwrap();
    let m = Mention {
        layer: Default::default(),
        id: MentionId::new("m_imported"),
        doc: DocId::new("d_new"),
        type_key: "DATE".into(),
        fragments: smallvec::smallvec![
            TextRange::new(text, start, start + "September 17".len()).unwrap()
        ],
        attributes: Default::default(),
        note: String::new(),
        cluster: None,
        author: "brat".into(),
        created: t0(),
        modified: t0(),
    };
    let import = Edit::Batch(vec![
        Edit::SetSchema(Box::new(schema)),
        Edit::InsertDocument {
            index: 0,
            doc: new_doc,
        },
        Edit::InsertMention(m),
    ]);
    let dated = temporal::with_proposed_dates(&p, import).unwrap();
    assert_eq!(dated.proposed, 1);
    let mut p = p;
    let undo = edit::apply(&mut p, dated.edit).unwrap();
    let id = MentionId::new("m_imported");
    assert_eq!(
        attr(&p, &id, "edtf"),
        Some("1974-09-17"),
        "the year comes from the imported document's date"
    );
    assert!(
        p.schema()
            .type_def("DATE")
            .unwrap()
            .attributes
            .iter()
            .any(|a| a.key == "edtf_rule"),
        "the imported schema got the date attributes"
    );
    edit::apply(&mut p, undo).unwrap();
    assert!(p == before);
}

#[test]
fn an_imported_users_value_is_kept() {
    let p = project_with(vec![doc("d_1", "report", TEXT)]);
    let d = DocId::new("d_1");
    let (e, _) = ops::tag(
        &p,
        MentionId::new("m_user"),
        &d,
        vec![find(&p, &d, "12 September 1973", 0)],
        "DATE",
        "tester",
        t0(),
    )
    .unwrap();
    let Edit::InsertMention(mut m) = e else {
        panic!()
    };
    m.attributes
        .insert("edtf".into(), AttrValue::Text("1973-09-13".into()));
    m.attributes
        .insert("edtf_rule".into(), AttrValue::Text("user".into()));
    let e = Edit::InsertMention(m);
    let dated = temporal::with_proposed_dates(&p, e.clone()).unwrap();
    assert_eq!((dated.proposed, dated.edit), (0, e));
}

#[test]
fn use_the_proposal_forgets_the_users_value() {
    let mut p = project_with(vec![doc("d_1", "report", TEXT)]);
    let mut h = History::new();
    let d = DocId::new("d_1");
    let m = tag(&mut p, &mut h, &d, "12 September 1973", 0, "DATE");
    let e = temporal::date_attribute_edit(&p, &m, Some("1973-09-13")).unwrap();
    edit::apply(&mut p, e).unwrap();
    assert_eq!(attr(&p, &m, "edtf_rule"), Some("user"));
    let e = temporal::reset_date_edit(&p, &m).unwrap();
    let undo = edit::apply(&mut p, e).unwrap();
    assert_eq!(attr(&p, &m, "edtf"), Some("1973-09-12"));
    assert_eq!(attr(&p, &m, "edtf_rule"), Some("day_month_year"));
    edit::apply(&mut p, undo).unwrap();
    assert_eq!(attr(&p, &m, "edtf"), Some("1973-09-13"), "undoable");
}

/// A real brat import (files on disk, through the format catalogue) gets its dates proposed.
#[test]
fn a_brat_import_gets_its_dates_proposed() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Tanks came on 17 September 1974. On September 18 the junta spoke.\n";
    std::fs::write(dir.path().join("wire.txt"), text).unwrap();
    let a = text.find("17 September 1974").unwrap();
    let b = text.find("September 18").unwrap();
    let ann = format!(
        "T1\tDATE {a} {}\t17 September 1974\nT2\tDATE {b} {}\tSeptember 18\n",
        a + 17,
        b + 12
    );
    std::fs::write(dir.path().join("wire.ann"), ann).unwrap();
    let p = Project::new("brat", Schema::default_news());
    let import = catalog::run_import(
        &[dir.path().to_path_buf()],
        FormatId::Brat,
        &p,
        &Options::new(),
        &mut weft::idgen::RandomIds,
        &mut |_, _| {},
    )
    .unwrap();
    let dated = temporal::with_proposed_dates(&p, import.edit).unwrap();
    assert_eq!(dated.proposed, 2);
    let mut p = p;
    edit::apply(&mut p, dated.edit).unwrap();
    let mut values: Vec<(String, String)> = p
        .mentions()
        .map(|m| {
            let get = |k: &str| match m.attributes.get(k) {
                Some(AttrValue::Text(s)) => s.clone(),
                _ => String::new(),
            };
            (get("edtf"), get("edtf_rule"))
        })
        .collect();
    values.sort();
    assert_eq!(
        values,
        [
            ("1974-09-17".to_string(), "day_month_year".to_string()),
            ("1974-09-18".to_string(), "day_month+inferred".to_string()),
        ]
    );
}
