//! Fuzzing the importers (proptest, as for the loaders): brat `.ann`/`annotation.conf` and
//! doccano JSONL, CoNLL, Label Studio JSON and ECB+ XML built from format-like fragments and
//! arbitrary text. No input may
//! panic, and whatever an importer produces must apply to the project as one valid batch.

use crate::common;

use proptest::prelude::*;
use weft::formats::{InFile, brat, conll, coref, doccano, label_studio};
use weft::model::{Project, Schema};

/// Lines that look like brat, with numbers and kinds that are often wrong.
fn ann_text() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        (0u8..12, 0usize..40, 0usize..40, "[A-Za-z]{0,6}")
            .prop_map(|(i, s, e, t)| format!("T{i}\tPERSON {s} {e}\t{t}")),
        (0u8..12, 0usize..40, 0usize..40, 0usize..40, 0usize..40)
            .prop_map(|(i, a, b, c, d)| format!("T{i}\tORG {a} {b};{c} {d}\tx y")),
        (0u8..12, 0u8..12, 0u8..12)
            .prop_map(|(i, a, b)| format!("R{i}\tmember_of Arg1:T{a} Arg2:T{b}")),
        (0u8..12, 0u8..12, 0u8..12)
            .prop_map(|(i, a, b)| format!("E{i}\tCOUP:T{a} agent:T{b} agent2:E{a}")),
        (0u8..12, 0u8..12).prop_map(|(i, a)| format!("A{i}\tcertainty T{a} certain")),
        (0u8..12, 0u8..12).prop_map(|(i, a)| format!("N{i}\tReference T{a} Wikidata:Q{i}\tname")),
        (0u8..12, 0u8..12).prop_map(|(a, b)| format!("*\tEquiv T{a} T{b}")),
        (0u8..12, 0u8..12).prop_map(|(i, a)| format!("#{i}\tAnnotatorNotes T{a}\tnote")),
        "[ -~\t]{0,30}",
        any::<String>(),
    ];
    proptest::collection::vec(line, 0..12).prop_map(|v| v.join("\n"))
}

fn jsonl_text() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        ("[a-zA-Z😀 ]{0,20}", 0i64..30, -2i64..30, "[A-Z]{1,6}").prop_map(|(t, s, e, l)| format!("{{\"text\": \"{t}\", \"label\": [[{s}, {e}, \"{l}\"]]}}")),
        ("[a-z ]{0,12}", 0i64..20, 0i64..20).prop_map(|(t, s, e)| format!("{{\"data\": \"{t}\", \"entities\": [{{\"id\": 1, \"label\": \"ORG\", \"start_offset\": {s}, \"end_offset\": {e}}}], \"relations\": [{{\"id\": 2, \"from_id\": 1, \"to_id\": 1, \"type\": \"x\"}}]}}")),
        "[{}\\[\\]\":, 0-9a-z]{0,40}",
        any::<String>(),
    ];
    proptest::collection::vec(line, 0..8).prop_map(|v| v.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::fuzz_cases()))]

    #[test]
    fn brat_import_never_panics(txt in "[ -~😀é\r\n]{0,60}", ann in ann_text(), conf in proptest::option::of("[ -~\n\\[\\]]{0,80}")) {
        let project = Project::new("fuzz", Schema::default_news());
        let docs = [brat::BratDoc {
            name: "doc".into(),
            txt: Some(InFile::new("doc.txt", txt)),
            ann: Some(InFile::new("doc.ann", ann)),
        }];
        let conf = conf.map(|text| InFile::new("annotation.conf", text));
        let imp = brat::import(&project, &docs, conf.as_ref(), common::t0(), &mut common::ids());
        let mut p = project.clone();
        prop_assert!(weft::edit::apply(&mut p, imp.edit).is_ok(), "the import batch must apply: {}", imp.report);
    }

    #[test]
    fn doccano_import_never_panics(jsonl in jsonl_text()) {
        let project = Project::new("fuzz", Schema::default_news());
        let imp = doccano::import(&project, &[InFile::new("f.jsonl", jsonl)], common::t0(), &mut common::ids());
        let mut p = project.clone();
        prop_assert!(weft::edit::apply(&mut p, imp.edit).is_ok(), "the import batch must apply: {}", imp.report);
    }

    #[test]
    fn conll_import_never_panics(lines in proptest::collection::vec(prop_oneof![
        ("[A-Za-z😀é]{0,6}", prop_oneof![Just("O"), Just("B-PER"), Just("I-PER"), Just("I-LOC"), Just("E-LOC"), Just("S-X"), Just("B-"), Just("Q-X")]).prop_map(|(t, g)| format!("{t}\t{g}")),
        Just("-DOCSTART-\tO".to_string()),
        Just(String::new()),
        "[ -~\t]{0,20}",
        any::<String>(),
    ], 0..20)) {
        let project = Project::new("fuzz", Schema::default_news());
        let imp = conll::import(&project, &[InFile::new("f.conll", lines.join("\n"))], common::t0(), &mut common::ids(), &mut |_, _| {});
        let mut p = project.clone();
        prop_assert!(weft::edit::apply(&mut p, imp.edit).is_ok(), "the import batch must apply: {}", imp.report);
    }

    #[test]
    fn label_studio_import_never_panics(text in prop_oneof![
        ("[a-zA-Z😀 ]{0,20}", 0i64..30, -2i64..30, "[A-Z]{1,6}", "[a-z😀]{0,5}").prop_map(|(t, s, e, l, q)| format!("[{{\"data\": {{\"text\": \"{t}\"}}, \"annotations\": [{{\"result\": [{{\"id\": \"a\", \"type\": \"labels\", \"value\": {{\"start\": {s}, \"end\": {e}, \"text\": \"{q}\", \"labels\": [\"{l}\"]}}}}, {{\"type\": \"relation\", \"from_id\": \"a\", \"to_id\": \"a\"}}]}}]}}]")),
        "[{}\\[\\]\":, 0-9a-z]{0,60}",
        any::<String>(),
    ]) {
        let project = Project::new("fuzz", Schema::default_news());
        let imp = label_studio::import(&project, &[InFile::new("f.json", text)], common::t0(), &mut common::ids(), &mut |_, _| {});
        let mut p = project.clone();
        prop_assert!(weft::edit::apply(&mut p, imp.edit).is_ok(), "the import batch must apply: {}", imp.report);
    }

    #[test]
    fn ecbplus_import_never_panics(parts in proptest::collection::vec(prop_oneof![
        (0u8..6, 0u8..3, "[a-z&;<]{0,4}").prop_map(|(t, s, x)| format!("<token t_id=\"{t}\" sentence=\"{s}\" number=\"0\">{x}</token>")),
        Just("<Markables>".to_string()),
        Just("</Markables>".to_string()),
        (0u8..6, 0u8..6).prop_map(|(m, t)| format!("<ACTION_OCCURRENCE m_id=\"{m}\"><token_anchor t_id=\"{t}\"/></ACTION_OCCURRENCE>")),
        (0u8..6, 0u8..6).prop_map(|(m, t)| format!("<HUMAN_PART_PER m_id=\"{m}\"><token_anchor t_id=\"{t}\"/></HUMAN_PART_PER>")),
        (0u8..6,).prop_map(|(m,)| format!("<LOC_FAC m_id=\"{m}\" instance_id=\"X{m}\" TAG_DESCRIPTOR=\"d\"/>")),
        Just("<Relations>".to_string()),
        Just("</Relations>".to_string()),
        (0u8..6, 0u8..6).prop_map(|(a, b)| format!("<CROSS_DOC_COREF r_id=\"1\" note=\"N\"><source m_id=\"{a}\"/><target m_id=\"{b}\"/></CROSS_DOC_COREF>")),
        (0u8..6, 0u8..6).prop_map(|(a, b)| format!("<INTRA_DOC_COREF r_id=\"2\"><source m_id=\"{a}\"/><target m_id=\"{b}\"/></INTRA_DOC_COREF>")),
        "[ -~]{0,20}",
    ], 0..20)) {
        let text = format!("<Document doc_name=\"d.xml\">\n{}\n</Document>", parts.join("\n"));
        let project = Project::new("fuzz", Schema::default_news());
        let files = [InFile::new("a.xml", text.clone()), InFile::new("b.xml", text)];
        let imp = coref::import_ecbplus(&project, &files, common::t0(), &mut common::ids(), &mut |_, _| {});
        let mut p = project.clone();
        prop_assert!(weft::edit::apply(&mut p, imp.edit).is_ok(), "the import batch must apply: {}", imp.report);
    }
}
