//! brat on made-up fixtures (`tests/fixtures/brat/`), one per defect of issue 12: numbered
//! roles and nested events, configuration syntax, shared triggers, `*` and `#` types, lines
//! brat accepts, wrong offsets, reports naming the file's ids, and byte-order marks.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use weft::edit;
use weft::formats::brat::{self, BratDoc, ExportOptions};
use weft::formats::compare::{Aspects, View};
use weft::formats::ids::SeededIds;
use weft::formats::{Export, InFile, Report, Severity, files};
use weft::model::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/brat")
        .join(name)
}

/// Imports a fixture folder into `schema` with id seed `seed`.
fn import_seeded(name: &str, schema: Schema, seed: u64) -> (Project, Report) {
    let inputs = files::brat_inputs(&[fixture(name)]).unwrap();
    let mut p = Project::new("t", schema);
    let imp = brat::import(
        &p,
        &inputs.docs,
        inputs.conf.as_ref(),
        common::t0(),
        &mut SeededIds::new(seed),
    );
    edit::apply(&mut p, imp.edit).expect("the import applies");
    (p, imp.report)
}

fn import(name: &str) -> (Project, Report) {
    import_seeded(name, Schema::default(), 1)
}

fn file_of<'a>(e: &'a Export, path: &str) -> &'a str {
    &e.files.iter().find(|f| f.path == path).unwrap().contents
}

fn original(name: &str, file: &str) -> String {
    std::fs::read_to_string(fixture(name).join(file)).unwrap()
}

/// Re-reads an export's files as brat input.
fn reimport(e: &Export, schema: Schema) -> (Project, Report) {
    let mut docs: BTreeMap<String, BratDoc> = BTreeMap::new();
    let mut conf = None;
    for f in &e.files {
        if f.path == "annotation.conf" {
            conf = Some(InFile::new(&f.path, &f.contents));
            continue;
        }
        let (stem, ext) = f.path.rsplit_once('.').unwrap();
        let d = docs.entry(stem.into()).or_insert(BratDoc {
            name: stem.into(),
            txt: None,
            ann: None,
        });
        let file = Some(InFile::new(&f.path, &f.contents));
        if ext == "txt" {
            d.txt = file;
        } else {
            d.ann = file;
        }
    }
    let docs: Vec<BratDoc> = docs.into_values().collect();
    let mut p = Project::new("t", schema);
    let imp = brat::import(&p, &docs, conf.as_ref(), common::t0(), &mut common::ids());
    edit::apply(&mut p, imp.edit).unwrap();
    (p, imp.report)
}

/// `E` lines by id: (type, trigger, (role, argument) pairs).
type Events<'a> = BTreeMap<&'a str, (&'a str, &'a str, Vec<(&'a str, &'a str)>)>;

/// An independent reading of an `.ann`: each `E` line as its type, its trigger's span and its
/// (role, argument) pairs, arguments by span (a `T`) or by their own reading (a nested `E`),
/// so two files compare equal up to renaming of ids.
fn events(ann: &str) -> Vec<String> {
    let mut t: BTreeMap<&str, String> = BTreeMap::new();
    let mut e: Events = BTreeMap::new();
    for line in ann.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        if line.starts_with('T') {
            t.insert(cols[0], cols[1].to_string());
        } else if line.starts_with('E') {
            let mut words = cols[1].split(' ');
            let (ty, trig) = words.next().unwrap().split_once(':').unwrap();
            let args = words.map(|w| w.split_once(':').unwrap()).collect();
            e.insert(cols[0], (ty, trig, args));
        }
    }
    fn sig(id: &str, t: &BTreeMap<&str, String>, e: &Events) -> String {
        if let Some(s) = t.get(id) {
            return format!("[{s}]");
        }
        let (ty, trig, args) = &e[id];
        let mut a: Vec<String> = args
            .iter()
            .map(|(r, x)| format!("{r}={}", sig(x, t, e)))
            .collect();
        a.sort();
        format!("{ty}@{}({})", t[trig], a.join(", "))
    }
    let mut out: Vec<String> = e.keys().map(|id| sig(id, &t, &e)).collect();
    out.sort();
    out
}

#[test]
fn numbered_roles_and_nested_events_come_back_with_their_pairing() {
    let (p, report) = import("numbered_roles");
    assert_eq!(report.number_of(Severity::Error), 0, "{report}");
    // Weft keeps Theme2 with Site2 and Theme3 with Site3 as roles of their own; Org-Arg2 and
    // Org-Arg3 pair with nothing, so they are more Org-Args.
    let roles = |ty: &str| -> Vec<String> {
        let mut v: Vec<String> = p
            .arguments()
            .filter(|a| p.endpoint_type(&a.event) == Some(ty))
            .map(|a| a.role.clone())
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        roles("Binding"),
        ["Site2", "Site3", "Theme", "Theme2", "Theme3"]
    );
    assert_eq!(roles("Merge-Org"), ["Org-Arg", "Org-Arg", "Org-Arg"]);
    let out = brat::export(&p, &ExportOptions::default());
    assert_eq!(out.report.number_of(Severity::Loss), 0, "{}", out.report);
    for doc in ["binding.ann", "merger.ann"] {
        let (a, b) = (
            events(&original("numbered_roles", doc)),
            events(file_of(&out, doc)),
        );
        assert_eq!(a, b, "{doc}: E lines differ after import → export");
        assert_eq!(a.len(), if doc == "binding.ann" { 4 } else { 2 });
    }
    // Importing the export gives the same project; importing twice (other ids) the same files.
    let (q, r2) = reimport(&out, Schema::default());
    assert_eq!(r2.number_of(Severity::Error), 0, "{r2}");
    let d = View::of(&p, Aspects::ALL).diff(&View::of(&q, Aspects::ALL));
    assert!(d.is_empty(), "{d:#?}");
    let (p2, _) = import_seeded("numbered_roles", Schema::default(), 99);
    let out2 = brat::export(&p2, &ExportOptions::default());
    for (f, g) in out.files.iter().zip(&out2.files) {
        assert_eq!(f.path, g.path);
        assert!(
            f.contents == g.contents,
            "{} differs between two imports",
            f.path
        );
    }
}

#[test]
fn conf_import_keeps_spans_unions_repetitions_and_unused_types() {
    let (p, report) = import_seeded("conf_features", Schema::default_news(), 1);
    assert_eq!(report.number_of(Severity::Error), 0, "{report}");
    assert_eq!(report.number_in("separator"), 1, "{report}");
    let s = p.schema();
    for t in ["Protein", "Chemical", "Cell_line", "Unused_type"] {
        assert_eq!(s.type_def(t).map(|d| d.kind), Some(TypeKind::Entity), "{t}");
    }
    assert!(
        s.type_def("Molecule").is_none(),
        "a '!' type only groups others"
    );
    assert!(s.type_def("Never_used_event").is_some());
    let binding = s.type_def("Binding").unwrap();
    assert_eq!(binding.roles[0].key, "Theme");
    assert_eq!(binding.roles[0].cardinality, Cardinality::Many);
    assert_eq!(binding.roles[0].accepts, ["Protein", "Chemical"], "a union");
    let reg = s.type_def("Regulation").unwrap();
    assert!(
        reg.roles[0].accepts.contains(&"Binding".to_string()),
        "<EVENT>"
    );
    assert!(reg.roles[0].accepts.contains(&"Protein".to_string()));
    assert_eq!(s.relation_type("Located_in").unwrap().to, ["Cell_line"]);
    // The export writes the configuration back as it was, and nothing the project never used.
    let out = brat::export(&p, &ExportOptions::default());
    let conf = file_of(&out, "annotation.conf");
    for line in [
        "[entities]",
        "!Molecule",
        "\tProtein|Prot",
        "\tChemical",
        "Cell_line",
        "Unused_type",
        "<OVERLAP>\tArg1:Protein, Arg2:Chemical, <OVL-TYPE>:contain",
        "Alias\tArg1:<ENTITY>, Arg2:<ENTITY>, <REL-TYPE>:symmetric-transitive",
        "Binding|GO:0005515\tTheme+:Protein|Chemical, Site*:Cell_line",
        "Regulation\tTheme:Protein|<EVENT>, Cause?:Protein|<EVENT>",
        "Expression\tTheme{1-2}:Protein",
        "Never_used_event\tAgent:Protein",
        "Confidence\tArg:<EVENT>|Protein, Value:High|Medium|Low",
    ] {
        assert!(
            conf.lines().any(|l| l == line),
            "missing {line:?} in\n{conf}"
        );
    }
    assert!(!conf.contains("---"), "{conf}");
    for unused in ["PERSON", "COUP", "member_of", "certainty", "role_title"] {
        assert!(!conf.contains(unused), "{unused} is not used:\n{conf}");
    }
    // `Alias` groups stay `Alias`, and the export reads back to the same project.
    assert!(
        file_of(&out, "ret5.ann").contains("*\tAlias T"),
        "{}",
        file_of(&out, "ret5.ann")
    );
    let (q, r2) = reimport(&out, Schema::default_news());
    assert_eq!(r2.number_of(Severity::Error), 0, "{r2}");
    let d = View::of(&p, Aspects::ALL).diff(&View::of(&q, Aspects::ALL));
    assert!(d.is_empty(), "{d:#?}");
    let again = brat::export(&q, &ExportOptions::default());
    assert_eq!(file_of(&again, "annotation.conf"), conf);
}

#[test]
fn an_exported_conf_lists_only_what_the_project_uses() {
    let mut p = common::project_with(vec![common::doc("d_1", "a", "Allende met Prats.")]);
    let mut h = edit::History::new();
    common::tag(&mut p, &mut h, &DocId::new("d_1"), "Allende", 0, "PERSON");
    let out = brat::export(&p, &ExportOptions::default());
    let conf = file_of(&out, "annotation.conf");
    assert!(conf.lines().any(|l| l == "PERSON"), "{conf}");
    for unused in [
        "ORG",
        "COUP",
        "member_of",
        "certainty",
        "role_title",
        "Value:",
    ] {
        assert!(!conf.contains(unused), "{unused} is not used:\n{conf}");
    }
}

#[test]
fn a_shared_trigger_comes_back_as_one_t() {
    let (p, report) = import("shared_trigger");
    assert_eq!(report.number_of(Severity::Error), 0, "{report}");
    assert_eq!(report.number_in("shared trigger"), 1, "{report}");
    let events = p.mentions().filter(|m| m.type_key == "Activation").count();
    assert_eq!(events, 9, "one event mention per E");
    let out = brat::export(&p, &ExportOptions::default());
    let ann = file_of(&out, "activation.ann");
    let triggers: Vec<&str> = ann
        .lines()
        .filter(|l| l.contains("\tActivation "))
        .collect();
    assert_eq!(triggers.len(), 1, "{ann}");
    let t = triggers[0].split('\t').next().unwrap();
    let es = ann
        .lines()
        .filter(|l| l.contains(&format!("\tActivation:{t} ")))
        .count();
    assert_eq!(es, 9, "{ann}");
    assert_eq!(
        self::events(&original("shared_trigger", "activation.ann")),
        self::events(ann)
    );
}

#[test]
fn alias_groups_and_typed_notes_keep_their_types() {
    let (p, report) = import("alias_and_notes");
    assert_eq!(report.number_of(Severity::Error), 0, "{report}");
    let text = p.documents()[0].text().to_string();
    let m = |s: &str, nth: usize| {
        p.mentions()
            .filter(|m| m.covered_text(&text) == s)
            .nth(nth)
            .unwrap()
            .clone()
    };
    // Equiv groups are entities; the Alias group is a symmetric relation of its own type.
    assert!(
        m("minister", 0).cluster.is_some() && m("minister", 0).cluster == m("minister", 1).cluster
    );
    assert!(m("the Hawk", 0).cluster.is_none());
    let alias = p.schema().relation_type("Alias").unwrap();
    assert!(alias.symmetric);
    assert_eq!(p.relations().filter(|r| r.type_key == "Alias").count(), 1);
    // `#` notes of their own type are text attributes; AnnotatorNotes are notes.
    assert_eq!(
        m("met", 0).attributes["Lemma"],
        AttrValue::Text("meet".into())
    );
    assert_eq!(
        m("Lina Voss", 0).attributes["Gloss"],
        AttrValue::Text("the lab head\t(first line)".into())
    );
    assert_eq!(m("the Hawk", 0).note, "nickname, not a name");
    let out = brat::export(&p, &ExportOptions::default());
    let ann = file_of(&out, "voss.ann");
    assert!(ann.contains("*\tAlias T"), "{ann}");
    assert_eq!(ann.matches("*\tEquiv T").count(), 2, "{ann}");
    let tid = |quote: &str, nth: usize| {
        ann.lines()
            .filter(|l| l.starts_with('T') && l.ends_with(&format!("\t{quote}")))
            .nth(nth)
            .unwrap()
            .split('\t')
            .next()
            .unwrap()
            .to_string()
    };
    let alias = format!("*\tAlias {} {}", tid("minister", 1), tid("the Hawk", 0));
    assert!(ann.lines().any(|l| l == alias), "{alias} in {ann}");
    // Notes of events are on their E (brat refuses notes on a trigger).
    assert!(
        ann.lines()
            .any(|l| l.starts_with('#') && l.contains("\tLemma E") && l.ends_with("\tmeet")),
        "{ann}"
    );
    assert!(
        ann.contains("\tGloss T1\tthe lab head\t(first line)"),
        "{ann}"
    );
    assert!(ann.contains("\tAnnotatorNotes T"), "{ann}");
    let (q, r2) = reimport(&out, Schema::default());
    assert_eq!(r2.number_of(Severity::Error), 0, "{r2}");
    let d = View::of(&p, Aspects::ALL).diff(&View::of(&q, Aspects::ALL));
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn empty_fragments_and_self_relations_are_accepted() {
    let (p, report) = import("valid_lines");
    assert_eq!(report.number_of(Severity::Error), 0, "{report}");
    let text = p.documents()[0].text().to_string();
    let spindle = p
        .mentions()
        .find(|m| m.fragments.len() == 2)
        .expect("the discontinuous mention");
    assert_eq!(spindle.covered_text(&text), "spindle pole body");
    assert!(
        report.items.iter().any(|i| i.category == "empty fragment"
            && i.line == Some(1)
            && i.message.contains("12 12")),
        "{report}"
    );
    let r = p.relations().next().expect("the self-relation");
    assert_eq!(r.from, r.to);
    let out = brat::export(&p, &ExportOptions::default());
    let ann = file_of(&out, "spindle.ann");
    let t = ann
        .lines()
        .find(|l| l.ends_with("\tpole"))
        .unwrap()
        .split('\t')
        .next()
        .unwrap();
    assert!(ann.contains(&format!("\tis-a Arg1:{t} Arg2:{t}")), "{ann}");
}

#[test]
fn wrong_offsets_move_to_the_quoted_text_or_are_refused_and_reports_name_the_files_ids() {
    let (p, report) = import("wrong_offsets");
    eprintln!("{report}");
    let text = p.documents()[0].text().to_string();
    let at = |sev: Severity, line: usize, needle: &str| {
        report.of(sev).any(|i| {
            i.file.ends_with("quell.ann") && i.line == Some(line) && i.message.contains(needle)
        })
    };
    // T2's offsets are three characters off: it is placed on its quoted text, with a warning.
    assert!(at(Severity::Warning, 2, "placed at 20 31"), "{report}");
    let bw: Vec<&Mention> = p
        .mentions()
        .filter(|m| m.type_key == "Organization")
        .collect();
    assert_eq!(bw.len(), 1);
    assert_eq!(bw[0].covered_text(&text), "Brightwater");
    assert_eq!(bw[0].start(), text.find("Brightwater").unwrap());
    // T3 quotes "Porto", which is not in the text: refused, never put on "Lisbon".
    assert!(at(Severity::Error, 3, "'Porto'"), "{report}");
    assert!(p.mentions().all(|m| m.covered_text(&text) != "Lisbon"));
    // What depends on T3 is reported, by the file's ids and line numbers.
    assert!(
        at(
            Severity::Error,
            4,
            "A1: refers to T3, which was not imported (line 3)"
        ),
        "{report}"
    );
    assert!(at(Severity::Error, 5, "#1: refers to T3"), "{report}");
    assert!(
        at(
            Severity::Error,
            6,
            "R1: its argument T3 (line 3) was not imported"
        ),
        "{report}"
    );
    assert!(at(Severity::Error, 10, "T9 is not in the file"), "{report}");
    // The model's refusal of an event that is its own argument names E1, not a Weft id.
    assert!(at(Severity::Error, 12, "E1"), "{report}");
    for i in &report.items {
        assert!(
            !i.message
                .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                .any(|w| {
                    w.len() == 18
                        && (w.starts_with("m_") || w.starts_with("r_") || w.starts_with("a_"))
                }),
            "an internal id in: {i}"
        );
    }
    // The good lines went in.
    assert_eq!(p.relations().count(), 1, "R2");
    assert!(
        p.clusters()
            .any(|c| c.external_id.as_deref() == Some("Wikidata:Q999999"))
    );
}

#[test]
fn the_offset_convention_of_a_bom_text_is_detected_and_named() {
    let (p, report) = import("bom");
    assert_eq!(report.number_of(Severity::Error), 0, "{report}");
    assert_eq!(report.number_of(Severity::Warning), 0, "{report}");
    for d in p.documents() {
        assert!(d.provenance.had_bom, "{}: had_bom", d.name);
        assert!(!d.text().starts_with('\u{feff}'));
        let mut got: Vec<String> = p
            .mentions_in(&d.id)
            .map(|m| m.covered_text(d.text()))
            .collect();
        got.sort();
        assert_eq!(got, ["Ostia", "Tarn Bay"], "{}", d.name);
    }
    let note = |file: &str, needle: &str| {
        report.items.iter().any(|i| {
            i.category == "byte-order mark" && i.file.ends_with(file) && i.message.contains(needle)
        })
    };
    assert!(note("counted.ann", "count it as a character"), "{report}");
    assert!(note("not_counted.ann", "do not count it"), "{report}");
    // Exported without the mark, with offsets that do not count it.
    let out = brat::export(&p, &ExportOptions::default());
    assert!(file_of(&out, "counted.ann").contains("Place 0 8\tTarn Bay"));
    assert!(!file_of(&out, "counted.txt").starts_with('\u{feff}'));
}

/// Exports depend on the annotations only, not on the ids an import happened to give:
/// every fixture imported with two different seeds exports the same bytes.
#[test]
fn exports_do_not_depend_on_the_ids_of_an_import() {
    for name in [
        "numbered_roles",
        "conf_features",
        "shared_trigger",
        "alias_and_notes",
        "valid_lines",
        "wrong_offsets",
        "bom",
    ] {
        let (p, _) = import_seeded(name, Schema::default(), 1);
        let (q, _) = import_seeded(name, Schema::default(), 77);
        let (a, b) = (
            brat::export(&p, &ExportOptions::default()),
            brat::export(&q, &ExportOptions::default()),
        );
        assert_eq!(a.files.len(), b.files.len());
        for (f, g) in a.files.iter().zip(&b.files) {
            assert_eq!(f, g, "{name}: {}", f.path);
        }
    }
}
