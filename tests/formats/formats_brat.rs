//! brat standoff: the ehealthkd fixture round trip, every line kind, CRLF counting, malformed
//! input, and export → import identity on random projects.

use crate::common;

use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use weft::edit::{self, Edit};
use weft::formats::brat::{self, BratDoc, ExportOptions};
use weft::formats::compare::{Aspects, View};
use weft::formats::{InFile, Report, Severity, files};
use weft::model::*;

fn fixture(rel: &str) -> Option<PathBuf> {
    let p = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures/")).join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("SKIPPED: {} is not present", p.display());
        None
    }
}

fn import_into(mut p: Project, docs: &[BratDoc], conf: Option<&InFile>) -> (Project, Report) {
    let imp = brat::import(&p, docs, conf, common::t0(), &mut common::ids());
    edit::apply(&mut p, imp.edit).expect("the import batch applies");
    (p, imp.report)
}

fn import_paths(paths: &[PathBuf]) -> (Project, Report) {
    let inputs = files::brat_inputs(paths).unwrap();
    import_into(
        Project::new("t", Schema::default()),
        &inputs.docs,
        inputs.conf.as_ref(),
    )
}

fn file(name: &str, text: &str) -> InFile {
    InFile::new(name, text)
}

fn brat_doc(name: &str, txt: &str, ann: &str) -> BratDoc {
    BratDoc {
        name: name.into(),
        txt: Some(file(&format!("{name}.txt"), txt)),
        ann: Some(file(&format!("{name}.ann"), ann)),
    }
}

/// Re-reads an export's files as brat documents.
fn docs_of(export: &weft::formats::Export) -> (Vec<BratDoc>, Option<InFile>) {
    let mut by: BTreeMap<String, BratDoc> = BTreeMap::new();
    let mut conf = None;
    for f in &export.files {
        if f.path == "annotation.conf" {
            conf = Some(file(&f.path, &f.contents));
            continue;
        }
        let (stem, ext) = f.path.rsplit_once('.').unwrap();
        let d = by.entry(stem.to_string()).or_insert(BratDoc {
            name: stem.into(),
            txt: None,
            ann: None,
        });
        if ext == "txt" {
            d.txt = Some(file(&f.path, &f.contents));
        } else {
            d.ann = Some(file(&f.path, &f.contents));
        }
    }
    (by.into_values().collect(), conf)
}

/// An independent reading of `.ann` files: T spans, R links and `*` groups by offsets.
#[derive(Debug, Default, PartialEq)]
struct Raw {
    t: BTreeMap<(String, String), usize>,
    r: BTreeMap<(String, String, String), usize>,
    equiv: BTreeMap<Vec<String>, usize>,
    discontinuous: usize,
}

fn raw(ann: &str) -> Raw {
    let mut spans: BTreeMap<String, String> = BTreeMap::new();
    let mut out = Raw::default();
    let mut groups: Vec<Vec<String>> = Vec::new();
    for line in ann.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        if line.starts_with('T') {
            let (ty, offs) = cols[1].split_once(' ').unwrap();
            // Fragments in text order (brat files may list them otherwise).
            let mut frags: Vec<(usize, usize)> = offs
                .split(';')
                .map(|f| {
                    let (a, b) = f.split_once(' ').unwrap();
                    (a.parse().unwrap(), b.parse().unwrap())
                })
                .collect();
            frags.sort();
            let offs = frags
                .iter()
                .map(|(a, b)| format!("{a} {b}"))
                .collect::<Vec<_>>()
                .join(";");
            spans.insert(cols[0].into(), offs.clone());
            *out.t.entry((ty.into(), offs.clone())).or_insert(0) += 1;
            if offs.contains(';') {
                out.discontinuous += 1;
            }
        }
    }
    for line in ann.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        let words: Vec<&str> = cols
            .get(1)
            .map(|c| c.split(' ').collect())
            .unwrap_or_default();
        if line.starts_with('R') {
            let arg = |w: &str| spans[w.split_once(':').unwrap().1].clone();
            *out.r
                .entry((words[0].into(), arg(words[1]), arg(words[2])))
                .or_insert(0) += 1;
        } else if line.starts_with('*') {
            groups.push(words[1..].iter().map(|w| spans[*w].clone()).collect());
        }
    }
    // Equivalence is transitive: merge groups that share a span.
    let mut merged: Vec<std::collections::BTreeSet<String>> = Vec::new();
    for g in groups {
        let mut g: std::collections::BTreeSet<String> = g.into_iter().collect();
        merged.retain(|m| {
            if m.is_disjoint(&g) {
                true
            } else {
                g.extend(m.iter().cloned());
                false
            }
        });
        merged.push(g);
    }
    for g in merged {
        *out.equiv.entry(g.into_iter().collect()).or_insert(0) += 1;
    }
    out
}

#[test]
fn ehealthkd_fixture_round_trips() {
    let Some(root) = fixture("brat_ehealthkd2020/data") else {
        return;
    };
    let (p, report) = import_paths(std::slice::from_ref(&root));
    eprintln!("{report}");
    assert_eq!(report.number_of(Severity::Error), 0, "{report}");
    assert_eq!(p.documents().len(), 2);
    let originals: Vec<(String, String)> = ["development/main/scenario", "example/example"]
        .iter()
        .map(|s| {
            let name = Path::new(s)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (
                name,
                std::fs::read_to_string(root.join(format!("{s}.ann"))).unwrap(),
            )
        })
        .collect();
    let total_t: usize = originals
        .iter()
        .map(|(_, a)| raw(a).t.values().sum::<usize>())
        .sum();
    let total_r: usize = originals
        .iter()
        .map(|(_, a)| raw(a).r.values().sum::<usize>())
        .sum();
    let total_disc: usize = originals.iter().map(|(_, a)| raw(a).discontinuous).sum();
    assert_eq!(p.mentions().count(), total_t);
    assert_eq!(p.relations().count(), total_r);
    assert!(total_disc >= 146, "{total_disc} discontinuous spans");
    assert_eq!(
        p.mentions().filter(|m| m.fragments.len() > 1).count(),
        total_disc
    );
    let partitions: usize = originals.iter().map(|(_, a)| raw(a).equiv.len()).sum();
    assert_eq!(
        p.clusters().count(),
        partitions,
        "31 '*' lines, merged where they share mentions"
    );

    // Export with the fixture's equivalence type and compare the files line kind by line kind.
    let out = brat::export(
        &p,
        &ExportOptions {
            equiv_type: Some("same-as".into()),
        },
    );
    assert_eq!(out.report.number_of(Severity::Loss), 0, "{}", out.report);
    for (name, ann) in &originals {
        let exported = out
            .files
            .iter()
            .find(|f| f.path == format!("{name}.ann"))
            .unwrap();
        let txt = out
            .files
            .iter()
            .find(|f| f.path == format!("{name}.txt"))
            .unwrap();
        let (a, b) = (raw(ann), raw(&exported.contents));
        assert_eq!(a, b, "{name}.ann differs after import → export");
        assert!(
            !exported.contents.contains("\nN"),
            "no normalisations were needed"
        );
        let _ = txt;
    }
    // And importing the export gives the same project content.
    let (docs, conf) = docs_of(&out);
    let (q, r2) = import_into(Project::new("t", Schema::default()), &docs, conf.as_ref());
    assert_eq!(r2.number_of(Severity::Error), 0, "{r2}");
    let d = View::of(&p, Aspects::ALL).diff(&View::of(&q, Aspects::ALL));
    assert!(d.is_empty(), "{d:#?}");
}

const CONF: &str = "[entities]\nProtein\nEntity\n\n[relations]\nEquiv\tArg1:Protein, Arg2:Protein, <REL-TYPE>:symmetric-transitive\nPart-of\tArg1:Protein, Arg2:Entity\n\n[events]\nBinding\tTheme+:Protein\nRegulation\tTheme:Protein|<EVENT>, Cause?:Protein|<EVENT>\n\n[attributes]\nNegation\tArg:<EVENT>\nConfidence\tArg:<EVENT>, Value:High|Low\n";

const ANN: &str = "T1\tProtein 0 4\tIL-2\nT2\tProtein 9 12\tp50\nT3\tBinding 13 18\tbinds\nT4\tProtein 19 23\tNFkB\nT5\tRegulation 24 34\tregulation\nT6\tEntity 36 40;48 52\tgene expr\nT7\tProtein 53 57\tIL-2\nE1\tBinding:T3 Theme:T2 Theme2:T4\nE2\tRegulation:T5 Theme:E1 Cause:T1\nR1\tPart-of Arg1:T2 Arg2:T6\nA1\tNegation E2\nM2\tConfidence E1 Low\nN1\tReference T4 Uniprot:P19838\tNFKB1\n*\tEquiv T1 T7\n#1\tAnnotatorNotes T6\tcheck this one\n#2\tAnnotatorNotes E2\tspeculative\n";
const TXT: &str = "IL-2 and p50 binds NFkB regulation: gene of the expr IL-2 again\n";

#[test]
fn every_line_kind_imports_and_round_trips() {
    let docs = vec![brat_doc("bio", TXT, ANN)];
    let (p, report) = import_into(
        Project::new("t", Schema::default()),
        &docs,
        Some(&file("annotation.conf", CONF)),
    );
    assert_eq!(report.number_of(Severity::Error), 0, "{report}");
    let s = p.schema();
    assert_eq!(s.type_def("Binding").unwrap().kind, TypeKind::Event);
    assert_eq!(s.type_def("Protein").unwrap().kind, TypeKind::Entity);
    let reg = s.type_def("Regulation").unwrap();
    assert_eq!(reg.roles.len(), 2);
    assert_eq!(reg.roles[1].cardinality, Cardinality::Optional);
    assert!(
        s.relation_type("Equiv").is_none(),
        "equivalence is clusters, not a relation"
    );
    assert_eq!(s.relation_type("Part-of").unwrap().from, vec!["Protein"]);
    assert_eq!(p.mentions().count(), 7);
    let by_text = |t: &str| {
        p.mentions()
            .find(|m| m.covered_text(p.documents()[0].text()) == t)
            .unwrap()
            .clone()
    };
    let gene = by_text("gene expr");
    assert_eq!(gene.fragments.len(), 2);
    assert_eq!(gene.note, "check this one");
    let binding = by_text("binds");
    assert_eq!(
        binding.attributes["Confidence"],
        AttrValue::Text("Low".into())
    );
    let regulation = by_text("regulation");
    assert_eq!(regulation.attributes["Negation"], AttrValue::Flag(true));
    assert_eq!(regulation.note, "speculative");
    // Theme and Theme2 are both Theme; an event is the argument of another event.
    let themes: Vec<_> = p
        .arguments()
        .filter(|a| a.event == Endpoint::Mention(binding.id.clone()))
        .collect();
    assert_eq!(themes.len(), 2);
    assert!(themes.iter().all(|a| a.role == "Theme"));
    assert!(
        p.arguments()
            .any(|a| a.event == Endpoint::Mention(regulation.id.clone())
                && a.target == Endpoint::Mention(binding.id.clone()))
    );
    // Normalisation → external id; equivalence → one entity with two mentions.
    let nfkb = by_text("NFkB");
    let c = p.cluster(nfkb.cluster.as_ref().unwrap()).unwrap();
    assert_eq!(c.external_id.as_deref(), Some("Uniprot:P19838"));
    assert_eq!(c.name, "NFKB1");
    let il2: Vec<_> = p
        .mentions()
        .filter(|m| m.covered_text(p.documents()[0].text()) == "IL-2")
        .collect();
    assert_eq!(il2.len(), 2);
    assert!(il2[0].cluster.is_some() && il2[0].cluster == il2[1].cluster);

    // Export and import again: the same annotations and the same schema kinds.
    let out = brat::export(&p, &ExportOptions::default());
    let ann = &out
        .files
        .iter()
        .find(|f| f.path == "bio.ann")
        .unwrap()
        .contents;
    assert!(ann.contains("Theme2:"), "{ann}");
    assert!(ann.contains("\tConfidence E"), "{ann}");
    assert!(ann.contains("Reference T"), "{ann}");
    assert!(ann.contains("36 40;48 52"), "{ann}");
    let (docs, conf) = docs_of(&out);
    let (q, r2) = import_into(Project::new("t", Schema::default()), &docs, conf.as_ref());
    assert_eq!(r2.number_of(Severity::Error), 0, "{r2}");
    let d = View::of(&p, Aspects::ALL).diff(&View::of(&q, Aspects::ALL));
    assert!(d.is_empty(), "{d:#?}");
    for t in &p.schema().types {
        let u = q.schema().type_def(&t.key).unwrap();
        assert_eq!(u.kind, t.kind);
        assert_eq!(
            u.roles
                .iter()
                .map(|r| (&r.key, r.cardinality))
                .collect::<Vec<_>>(),
            t.roles
                .iter()
                .map(|r| (&r.key, r.cardinality))
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn crlf_counts_as_one_character_both_ways() {
    // brat (universal newlines) sees "Hola\nmundo 😀 Pinochet\n": Pinochet is 13..21.
    let txt = "Hola\r\nmundo 😀 Pinochet\r\nfin";
    let ann = "T1\tPERSON 13 21\tPinochet\nT2\tPLACE 22 25\tfin\n";
    let (p, report) = import_into(
        Project::new("t", Schema::default_news()),
        &[brat_doc("crlf", txt, ann)],
        None,
    );
    assert_eq!(report.number_of(Severity::Error), 0, "{report}");
    let d = &p.documents()[0];
    assert_eq!(d.text(), txt, "the text keeps its CRLFs");
    let mut texts: Vec<String> = p.mentions().map(|m| m.covered_text(d.text())).collect();
    texts.sort();
    assert_eq!(texts, ["Pinochet", "fin"]);
    let out = brat::export(&p, &ExportOptions::default());
    let ann_out = &out
        .files
        .iter()
        .find(|f| f.path == "crlf.ann")
        .unwrap()
        .contents;
    assert!(ann_out.contains("PERSON 13 21\tPinochet"), "{ann_out}");
    assert!(ann_out.contains("PLACE 22 25\tfin"), "{ann_out}");
    assert_eq!(
        out.files
            .iter()
            .find(|f| f.path == "crlf.txt")
            .unwrap()
            .contents,
        txt
    );
}

#[test]
fn malformed_input_is_reported_by_file_and_line_and_the_rest_imported() {
    let txt = "Allende spoke in Santiago.";
    let ann = "T1\tPERSON 0 7\tAllende\n\
               T2 PLACE 17 25 Santiago\n\
               T3\tPLACE 17 250\tSantiago\n\
               T4\tNewType 17 25\tSantiago\n\
               X1\tWhat 0 1\n\
               R1\tmember_of Arg1:T1 Arg2:T9\n\
               T1\tPERSON 0 7\tAllende\n\
               T5\tPLACE 9 0\tx\n\
               A1\tNegated T8\n";
    let docs = vec![
        brat_doc("a", txt, ann),
        BratDoc {
            name: "orphan".into(),
            txt: None,
            ann: Some(file("orphan.ann", "T1\tPERSON 0 3\tabc\n")),
        },
    ];
    let (p, report) = import_into(Project::new("t", Schema::default_news()), &docs, None);
    eprintln!("{report}");
    let at = |line: usize| {
        report
            .of(Severity::Error)
            .any(|i| i.file == "a.ann" && i.line == Some(line))
    };
    assert!(at(2), "no tab: {report}");
    // Out of range, but its quoted text is at its start: moved there, with a warning.
    assert!(
        report
            .of(Severity::Warning)
            .any(|i| i.file == "a.ann" && i.line == Some(3)),
        "out of range: {report}"
    );
    assert!(at(5), "unknown kind: {report}");
    assert!(at(6), "dangling argument: {report}");
    assert!(at(7), "duplicate id: {report}");
    assert!(at(8), "inverted: {report}");
    assert!(at(9), "unknown target: {report}");
    assert!(
        report
            .of(Severity::Error)
            .any(|i| i.file == "orphan.ann" && i.message.contains(".txt")),
        "{report}"
    );
    // The good lines went in, and the unknown type was added to the schema.
    assert_eq!(p.mentions().count(), 3);
    assert!(p.schema().type_def("NewType").is_some());
    assert!(
        report
            .of(Severity::Schema)
            .any(|i| i.message.contains("NewType"))
    );
}

#[test]
fn what_brat_cannot_hold_is_reported() {
    let mut p = common::project_with(vec![
        common::doc("d_a", "a", "Pinochet led the coup."),
        common::doc("d_b", "b", "Allende died. Pinochet ruled."),
    ]);
    let mut h = weft::edit::History::new();
    let m1 = common::tag(&mut p, &mut h, &DocId::new("d_a"), "Pinochet", 0, "PERSON");
    let m2 = common::tag(&mut p, &mut h, &DocId::new("d_b"), "Allende", 0, "PERSON");
    let rel = Relation {
        layer: Default::default(),
        id: RelationId::new("r_1"),
        type_key: "opposes".into(),
        from: Endpoint::Mention(m1.clone()),
        to: Endpoint::Mention(m2),
        attributes: Default::default(),
        note: String::new(),
    };
    edit::apply(&mut p, Edit::InsertRelation(rel)).unwrap();
    let out = brat::export(&p, &ExportOptions::default());
    assert_eq!(
        out.report.number_in("cross-document relation"),
        1,
        "{}",
        out.report
    );
    assert!(
        out.report
            .to_string()
            .contains("1 × cross-document relation")
    );
}

/// The minimal case the property test shrank to (`formats_brat.proptest-regressions`): two
/// mentions of one type over the same span, each the only member of its own entity/event. brat
/// keeps them apart (two `T`s, each with its own `N`), and so must the comparison: keyed by
/// member spans alone, the two clusters collided in `View` and the one kept depended on the
/// (random) ids of the imported clusters, so the check failed about half the time.
#[test]
fn same_span_mentions_in_different_clusters_round_trip() {
    for ty in ["ELECTION", "PERSON"] {
        let mut p = common::project_with(vec![common::doc("d_0", "doc0", "Pinochet won.")]);
        let r = common::find(&p, &DocId::new("d_0"), "Pinochet", 0);
        let clusters = [
            ("c_1", "Pinochet", Some("Q1"), "first"),
            ("c_2", "Pinochet", Some("wikidata:Q2"), "second"),
            ("c_3", "Augusto Pinochet", None, "third"),
        ];
        for (i, (id, name, ext, note)) in clusters.iter().enumerate() {
            let c = Cluster {
                layer: Default::default(),
                id: ClusterId::new(*id),
                type_key: ty.into(),
                name: (*name).into(),
                external_id: ext.map(String::from),
                attributes: Default::default(),
                note: String::new(),
            };
            edit::apply(&mut p, Edit::InsertCluster(c)).unwrap();
            let m = Mention {
                layer: Default::default(),
                id: MentionId::new(format!("m_{i}")),
                doc: DocId::new("d_0"),
                type_key: ty.into(),
                fragments: smallvec::smallvec![r],
                attributes: Default::default(),
                note: (*note).into(),
                cluster: Some(ClusterId::new(*id)),
                author: "a".into(),
                created: common::t0(),
                modified: common::t0(),
            };
            edit::apply(&mut p, Edit::InsertMention(m)).unwrap();
        }
        let expected = View::of(&p, Aspects::ALL);
        assert_eq!(
            expected.clusters.values().sum::<usize>(),
            3,
            "the view keeps all three clusters: {expected:#?}"
        );
        // Which mention is in which cluster, told apart by their notes.
        let pairs = |p: &Project| -> Vec<(String, String, Option<String>)> {
            let mut v: Vec<_> = p
                .mentions()
                .map(|m| {
                    let c = p.cluster(m.cluster.as_ref().unwrap()).unwrap();
                    (m.note.clone(), c.name.clone(), c.external_id.clone())
                })
                .collect();
            v.sort();
            v
        };
        let out = brat::export(&p, &ExportOptions::default());
        assert_eq!(out.report.number_of(Severity::Loss), 0, "{}", out.report);
        let (docs, conf) = docs_of(&out);
        // Imported cluster ids are random: repeat so that an order-dependent result shows.
        for _ in 0..16 {
            let (q, r) = import_into(Project::new("t", p.schema().clone()), &docs, conf.as_ref());
            assert_eq!(r.number_of(Severity::Error), 0, "{r}");
            assert_eq!(q.clusters().count(), 3);
            assert_eq!(pairs(&q), pairs(&p));
            let d = expected.diff(&View::of(&q, Aspects::ALL));
            assert!(d.is_empty(), "{d:#?}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Export → import is the identity on what brat expresses.

fn text_strategy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("a".to_string()),
        Just("Pinochet".to_string()),
        Just(" ".to_string()),
        Just("\r\n".to_string()),
        Just("\n".to_string()),
        Just("😀".to_string()),
        Just("é".to_string()),
        Just("智利".to_string()),
        Just("👩‍👩‍👧".to_string()),
        Just(".".to_string()),
    ];
    prop::collection::vec(piece, 1..40).prop_map(|v| v.concat())
}

/// (doc, fragment picks, type pick, attribute pick, note pick, cluster pick)
type MentionPlan = (usize, Vec<(usize, usize)>, usize, usize, usize, usize);

#[derive(Clone, Debug)]
struct Plan {
    texts: Vec<String>,
    mentions: Vec<MentionPlan>,
    links: Vec<(usize, usize, usize)>,
    names: Vec<usize>,
}

fn plan_strategy() -> impl Strategy<Value = Plan> {
    (
        prop::collection::vec(text_strategy(), 1..3),
        prop::collection::vec(
            (
                0usize..3,
                prop::collection::vec((0usize..1000, 1usize..8), 1..3),
                0usize..8,
                0usize..4,
                0usize..4,
                0usize..6,
            ),
            0..12,
        ),
        prop::collection::vec((0usize..12, 0usize..12, 0usize..8), 0..10),
        prop::collection::vec(0usize..4, 6),
    )
        .prop_map(|(texts, mentions, links, names)| Plan {
            texts,
            mentions,
            links,
            names,
        })
}

/// Builds a random valid project: whatever a step would make invalid is skipped.
fn build(plan: &Plan) -> Project {
    let mut p = Project::new("prop", Schema::default_news());
    for (i, t) in plan.texts.iter().enumerate() {
        let d = common::doc(&format!("d_{i}"), &format!("doc{i}"), t);
        edit::apply(&mut p, Edit::InsertDocument { index: i, doc: d }).unwrap();
    }
    let types = [
        "PERSON", "ORG", "PLACE", "DATE", "COUP", "ARREST", "ELECTION", "DEATH",
    ];
    let cluster_names = ["Pinochet", "Augusto Pinochet", "la Junta", "x"];
    let notes = ["", "check", "two\nlines", " spaced "];
    let mut ids = Vec::new();
    for (k, (d, frags, ty, attr, note, cl)) in plan.mentions.iter().enumerate() {
        let doc = p.documents()[d % p.documents().len()].clone();
        let text = doc.text().to_string();
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain([text.len()])
            .filter(|&b| {
                !(b > 0
                    && text.as_bytes()[b - 1] == b'\r'
                    && text.as_bytes().get(b) == Some(&b'\n'))
            })
            .collect();
        let mut ranges = Vec::new();
        let mut at = 0usize;
        for (s, len) in frags {
            let si = at + s % bounds.len().max(1);
            let ei = si + len;
            if ei >= bounds.len() {
                break;
            }
            let r = TextRange::new(&text, bounds[si], bounds[ei]).unwrap();
            at = ei + 1;
            // brat mentions hold no line break at their edges (written without them, reported:
            // tested on its own); line breaks inside are fine.
            let piece = r.slice(&text);
            if piece.starts_with(['\r', '\n']) || piece.ends_with(['\r', '\n']) {
                continue;
            }
            ranges.push(r);
        }
        if ranges.is_empty() {
            continue;
        }
        // Fragments that only a line break separates read back as one (reported on export).
        if ranges.windows(2).any(|w| {
            let gap = &text[w[0].end()..w[1].start()];
            !gap.is_empty() && gap.chars().all(|c| c == '\r' || c == '\n')
        }) {
            continue;
        }
        let ty = types[*ty];
        let kind = p.schema().type_def(ty).unwrap().kind;
        let mut attributes = Attributes::new();
        match (ty, attr) {
            ("PERSON", 1) => {
                attributes.insert("role_title".into(), AttrValue::Text("general".into()));
            }
            (_, 2) if kind == TypeKind::Event => {
                attributes.insert("certainty".into(), AttrValue::Text("probable".into()));
            }
            _ => {}
        }
        // Clusters: pick 0 = none, else one of a few per kind.
        let mut cluster = None;
        if *cl > 0 {
            let cid = ClusterId::new(format!("c_{ty}_{cl}"));
            if p.cluster(&cid).is_none() {
                let c = Cluster {
                    layer: Default::default(),
                    id: cid.clone(),
                    type_key: ty.into(),
                    name: cluster_names[plan.names[*cl % plan.names.len()] % 4].into(),
                    // External ids identify one entity each (shared ones would merge).
                    external_id: match cl % 3 {
                        0 => None,
                        1 => Some(format!("Q{cl}{ty}")),
                        _ => Some(format!("wikidata:Q{cl}{ty}")),
                    },
                    attributes: Default::default(),
                    note: String::new(),
                };
                edit::apply(&mut p, Edit::InsertCluster(c)).unwrap();
            }
            cluster = Some(cid);
        }
        let m = Mention {
            layer: Default::default(),
            id: MentionId::new(format!("m_{k}")),
            doc: doc.id.clone(),
            type_key: ty.into(),
            fragments: ranges.into(),
            attributes,
            note: notes[*note].into(),
            cluster,
            author: "a".into(),
            created: common::t0(),
            modified: common::t0(),
        };
        if edit::apply(&mut p, Edit::InsertMention(m)).is_ok() {
            ids.push(MentionId::new(format!("m_{k}")));
        }
    }
    // Clusters that ended up without members would not survive (reported); drop them here.
    let empty: Vec<ClusterId> = p
        .clusters()
        .filter(|c| p.members(&c.id).next().is_none())
        .map(|c| c.id.clone())
        .collect();
    for c in empty {
        edit::apply(&mut p, Edit::DeleteCluster(c)).unwrap();
    }
    let rel_types = ["member_of", "located_in", "opposes"];
    let roles = [
        "agent",
        "target",
        "place",
        "time",
        "detainee",
        "victim",
        "candidate",
        "winner",
    ];
    for (n, (a, b, k)) in plan.links.iter().enumerate() {
        if ids.is_empty() {
            break;
        }
        let (a, b) = (&ids[a % ids.len()], &ids[b % ids.len()]);
        if p.mention(a).unwrap().doc != p.mention(b).unwrap().doc {
            continue;
        }
        let e = if *k < 3 {
            Edit::InsertRelation(Relation {
                layer: Default::default(),
                id: RelationId::new(format!("r_{n}")),
                type_key: rel_types[*k].into(),
                from: Endpoint::Mention(a.clone()),
                to: Endpoint::Mention(b.clone()),
                attributes: Default::default(),
                note: if n % 2 == 0 {
                    "rel note".into()
                } else {
                    String::new()
                },
            })
        } else {
            Edit::InsertArgument(Argument {
                layer: Default::default(),
                id: ArgumentId::new(format!("a_{n}")),
                event: Endpoint::Mention(a.clone()),
                role: roles[*k].into(),
                target: Endpoint::Mention(b.clone()),
            })
        };
        let _ = edit::apply(&mut p, e);
    }
    p
}

// Failing seeds are kept in `formats_brat.proptest-regressions` (committed) and replayed first.
proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: Some(Box::new(prop::test_runner::FileFailurePersistence::SourceParallel("proptest-regressions"))), .. ProptestConfig::default() })]

    #[test]
    fn brat_export_then_import_is_identity(plan in plan_strategy()) {
        let p = build(&plan);
        let out = brat::export(&p, &ExportOptions::default());
        prop_assert_eq!(out.report.number_of(Severity::Loss), 0, "{}", out.report);
        let (docs, conf) = docs_of(&out);
        // Into a project with the same schema, and into an empty one (schema from annotation.conf).
        let (q, r) = import_into(Project::new("prop", p.schema().clone()), &docs, conf.as_ref());
        prop_assert_eq!(r.number_of(Severity::Error), 0, "{}", r);
        let d = View::of(&p, Aspects::ALL).diff(&View::of(&q, Aspects::ALL));
        prop_assert!(d.is_empty(), "{:#?}\n{}", d, out.files.iter().map(|f| format!("--- {}\n{}", f.path, f.contents)).collect::<String>());
        let (q2, r2) = import_into(Project::new("prop", Schema::default()), &docs, conf.as_ref());
        prop_assert_eq!(r2.number_of(Severity::Error), 0, "{}", r2);
        let d2 = View::of(&p, Aspects::ALL).diff(&View::of(&q2, Aspects::ALL));
        prop_assert!(d2.is_empty(), "{:#?}", d2);
    }
}
