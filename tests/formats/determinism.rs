//! Every importer takes its ids from the id source it is given: the same input and the same
//! seed give byte-identical projects (as saved) and byte-identical exports; another seed gives
//! other ids.

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;
use weft::formats::ids::SeededIds;
use weft::formats::{FormatId, Import, InFile, Options, brat, conll, coref, doccano, label_studio};
use weft::model::{Project, Schema};
use weft::store::ProjectFolder;

/// Every file under `root`, by relative path.
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                // The lock and recovery files are not project data.
                if !rel.contains(".lock") && !rel.contains("journal") {
                    out.insert(rel, std::fs::read(&p).unwrap());
                }
            }
        }
    }
    out
}

/// The project after applying `imp`, saved into a fresh folder: (project, files).
fn saved(schema: &Schema, imp: Import) -> (Project, BTreeMap<String, Vec<u8>>) {
    let dir = tempfile::tempdir().unwrap();
    let (mut p, mut folder) = ProjectFolder::create(dir.path(), "det", schema.clone()).unwrap();
    weft::edit::apply(&mut p, imp.edit).expect("the import applies");
    folder.save(&p).unwrap();
    (p, tree(dir.path()))
}

fn export(p: &Project, f: FormatId) -> Vec<(String, String)> {
    weft::formats::catalog::export(p, f, &Options::new(), common::t0(), &mut |_, _| {})
        .unwrap()
        .files
        .into_iter()
        .map(|f| (f.path, f.contents))
        .collect()
}

/// Imports twice with seed 7 and once with seed 8, and compares.
fn check(
    what: &str,
    schema: Schema,
    own: Option<FormatId>,
    run: impl Fn(&mut SeededIds) -> Import,
) {
    let (p1, f1) = saved(&schema, run(&mut SeededIds::new(7)));
    let (p2, f2) = saved(&schema, run(&mut SeededIds::new(7)));
    let (p3, _) = saved(&schema, run(&mut SeededIds::new(8)));
    assert!(
        p1.mentions().count() > 0,
        "{what}: the input imports something"
    );
    assert_eq!(
        f1.keys().collect::<Vec<_>>(),
        f2.keys().collect::<Vec<_>>(),
        "{what}"
    );
    for (k, v) in &f1 {
        assert!(
            v == &f2[k],
            "{what}: saved file {k} differs between two imports"
        );
    }
    let formats = [Some(FormatId::Weft), own];
    for f in formats.into_iter().flatten() {
        assert_eq!(
            export(&p1, f),
            export(&p2, f),
            "{what}: {f:?} exports differ"
        );
    }
    assert_ne!(
        export(&p1, FormatId::Weft),
        export(&p3, FormatId::Weft),
        "{what}: another seed gives other ids"
    );
}

const TXT: &str = "IL-2 binds p50 and NFkB at the site; it regulates gene expression.\n";
const ANN: &str = "T1\tProtein 0 4\tIL-2\nT2\tBinding 5 10\tbinds\nT3\tProtein 11 14\tp50\nT4\tProtein 19 23\tNFkB\nT5\tEntity 31 35\tsite\nT6\tRegulation 40 49\tregulates\nE1\tBinding:T2 Theme:T3 Theme2:T4 Site2:T5\nE2\tRegulation:T6 Theme:E1 Cause:T1\nR1\tPart-of Arg1:T3 Arg2:T5\nA1\tNegation E2\nN1\tReference T4 Uniprot:P19838\tNFKB1\n*\tEquiv T1 T3\n#1\tAnnotatorNotes T5\tcheck\n";
const CONF: &str = "[entities]\nProtein\nEntity\n[relations]\nPart-of\tArg1:Protein, Arg2:Entity\n[events]\nBinding\tTheme+:Protein, Site*:Entity\nRegulation\tTheme:Protein|<EVENT>, Cause?:Protein\n[attributes]\nNegation\tArg:<EVENT>\n";

#[test]
fn brat_import_is_deterministic_for_a_seed() {
    let docs = [brat::BratDoc {
        name: "bio".into(),
        txt: Some(InFile::new("bio.txt", TXT)),
        ann: Some(InFile::new("bio.ann", ANN)),
    }];
    let conf = InFile::new("annotation.conf", CONF);
    let project = Project::new("det", Schema::default());
    check("brat", Schema::default(), Some(FormatId::Brat), |ids| {
        brat::import(&project, &docs, Some(&conf), common::t0(), ids)
    });
}

#[test]
fn doccano_import_is_deterministic_for_a_seed() {
    let f = InFile::new(
        "admin.jsonl",
        "{\"id\": 17, \"text\": \"Allende met Prats in Santiago.\", \"entities\": [{\"id\": 1, \"label\": \"PERSON\", \"start_offset\": 0, \"end_offset\": 7}, {\"id\": 2, \"label\": \"PERSON\", \"start_offset\": 12, \"end_offset\": 17}], \"relations\": [{\"id\": 3, \"from_id\": 1, \"to_id\": 2, \"type\": \"met\"}]}\n",
    );
    let project = Project::new("det", Schema::default_news());
    check(
        "doccano",
        Schema::default_news(),
        Some(FormatId::Doccano),
        |ids| doccano::import(&project, std::slice::from_ref(&f), common::t0(), ids),
    );
}

#[test]
fn conll_import_is_deterministic_for_a_seed() {
    let f = InFile::new(
        "a.conll",
        "Allende\tB-PERSON\nspoke\tO\nin\tO\nSantiago\tB-PLACE\n\nPrats\tB-PERSON\nleft\tO\n",
    );
    let project = Project::new("det", Schema::default_news());
    check(
        "CoNLL",
        Schema::default_news(),
        Some(FormatId::Conll),
        |ids| {
            conll::import(
                &project,
                std::slice::from_ref(&f),
                common::t0(),
                ids,
                &mut |_, _| {},
            )
        },
    );
}

#[test]
fn label_studio_import_is_deterministic_for_a_seed() {
    let f = InFile::new(
        "tasks.json",
        r#"[{"id": 4, "data": {"text": "Allende met Prats."}, "annotations": [{"result": [
            {"id": "a", "type": "labels", "value": {"start": 0, "end": 7, "text": "Allende", "labels": ["PERSON"]}},
            {"id": "b", "type": "labels", "value": {"start": 12, "end": 17, "text": "Prats", "labels": ["PERSON"]}},
            {"type": "relation", "from_id": "a", "to_id": "b", "direction": "right", "labels": ["met"]}]}]}]"#,
    );
    let project = Project::new("det", Schema::default_news());
    check(
        "Label Studio",
        Schema::default_news(),
        Some(FormatId::LabelStudio),
        |ids| {
            label_studio::import(
                &project,
                std::slice::from_ref(&f),
                common::t0(),
                ids,
                &mut |_, _| {},
            )
        },
    );
}

#[test]
fn ecbplus_import_is_deterministic_for_a_seed() {
    let xml = |name: &str, who: &str| {
        format!(
            "<Document doc_name=\"{name}\">\n<token t_id=\"1\" sentence=\"0\" number=\"0\">{who}</token>\n<token t_id=\"2\" sentence=\"0\" number=\"1\">resigned</token>\n<Markables>\n<HUMAN_PART_PER m_id=\"1\" >\n<token_anchor t_id=\"1\"/>\n</HUMAN_PART_PER>\n<ACTION_OCCURRENCE m_id=\"2\" >\n<token_anchor t_id=\"2\"/>\n</ACTION_OCCURRENCE>\n<HUMAN_PART_PER m_id=\"3\" RELATED_TO=\"\" TAG_DESCRIPTOR=\"Carlos Prats\" instance_id=\"HUM1\" />\n<ACTION_OCCURRENCE m_id=\"4\" RELATED_TO=\"\" TAG_DESCRIPTOR=\"resignation\" instance_id=\"ACT1\" />\n</Markables>\n<Relations>\n<CROSS_DOC_COREF r_id=\"1\" note=\"HUM1\" >\n<source m_id=\"1\" />\n<target m_id=\"3\" />\n</CROSS_DOC_COREF>\n<CROSS_DOC_COREF r_id=\"2\" note=\"ACT1\" >\n<source m_id=\"2\" />\n<target m_id=\"4\" />\n</CROSS_DOC_COREF>\n</Relations>\n</Document>\n"
        )
    };
    let files = [
        InFile::new("1_1ecb.xml", xml("1_1ecb.xml", "Prats")),
        InFile::new("1_2ecb.xml", xml("1_2ecb.xml", "General")),
    ];
    let project = Project::new("det", Schema::default_news());
    check(
        "ECB+",
        Schema::default_news(),
        Some(FormatId::Coref),
        |ids| coref::import_ecbplus(&project, &files, common::t0(), ids, &mut |_, _| {}),
    );
}

#[test]
fn coref_json_import_is_deterministic_for_a_seed() {
    let files = [
        InFile::new(
            "documents.json",
            r#"{"a": [[0, 1, "Prats"], [0, 2, "resigned"]], "b": [[0, 1, "General"], [0, 2, "Prats"], [0, 3, "quit"]]}"#,
        ),
        InFile::new(
            "mentions.json",
            r#"[{"doc_id": "a", "tokens_ids": [1], "tokens": "Prats", "coref_chain": "HUM1"},
                {"doc_id": "b", "tokens_ids": [1, 2], "tokens": "General Prats", "coref_chain": "HUM1"},
                {"doc_id": "a", "tokens_ids": [2], "tokens": "resigned", "coref_chain": "ACT1", "event": true},
                {"doc_id": "b", "tokens_ids": [3], "tokens": "quit", "coref_chain": "ACT1", "event": true}]"#,
        ),
    ];
    let project = Project::new("det", Schema::default_news());
    check(
        "coref JSON",
        Schema::default_news(),
        Some(FormatId::CorefJson),
        |ids| coref::mentions_json::import(&project, &files, common::t0(), ids, &mut |_, _| {}),
    );
}
