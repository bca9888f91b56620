//! The views on the command line: `weft timeline --csv|--json [-o FILE]`, `weft stats
//! --json` carrying the statistics window's figures, and `weft import` proposing dates for
//! the date mentions it brings.

use crate::common::*;
use serde_json::Value;
use std::path::Path;
use std::process::Command;
use weft::edit::{self, Edit, ops};
use weft::model::*;
use weft::store::ProjectFolder;

fn weft() -> Command {
    Command::new(env!("CARGO_BIN_EXE_weft"))
}

const A: &str = "On 11 September 1973 the army struck. The coup ended the government.";
const B: &str = "Wire, 12 September 1973: the coup began, and the arrest, in 1974.";

/// A project on disk: the coup timed in both texts (one day apart), an untimed arrest.
fn project(root: &Path) {
    let (mut p, mut folder) = ProjectFolder::create(root, "cli", Schema::default_news()).unwrap();
    for (i, (id, name, text)) in [("d_a", "a", A), ("d_b", "b", B)].into_iter().enumerate() {
        edit::apply(
            &mut p,
            Edit::InsertDocument {
                index: i,
                doc: doc(id, name, text),
            },
        )
        .unwrap();
    }
    let mut h = weft::edit::History::new();
    let (a, b) = (DocId::new("d_a"), DocId::new("d_b"));
    let coup_a = tag(&mut p, &mut h, &a, "coup", 0, "COUP");
    let coup_b = tag(&mut p, &mut h, &b, "coup", 0, "COUP");
    let date_a = tag(&mut p, &mut h, &a, "11 September 1973", 0, "DATE");
    let date_b = tag(&mut p, &mut h, &b, "12 September 1973", 0, "DATE");
    tag(&mut p, &mut h, &b, "arrest", 0, "ARREST");
    tag(&mut p, &mut h, &b, "1974", 0, "DATE");
    let coup = ClusterId::new("c_coup");
    let (e, _) = ops::new_cluster_from(&p, &coup_a, coup.clone(), t0()).unwrap();
    edit::apply(&mut p, e).unwrap();
    let (e, _) = ops::link(&p, &coup_b, Some(&coup), t0()).unwrap();
    edit::apply(&mut p, e).unwrap();
    for (i, (ev, d)) in [(&coup_a, &date_a), (&coup_b, &date_b)]
        .into_iter()
        .enumerate()
    {
        let (e, _) = ops::add_argument(
            &p,
            ArgumentId::new(format!("a_{i}")),
            &Endpoint::Mention(ev.clone()),
            "time",
            &Endpoint::Mention(d.clone()),
        )
        .unwrap();
        edit::apply(&mut p, e).unwrap();
    }
    folder.save(&p).unwrap();
}

#[test]
fn weft_timeline_writes_csv_and_json() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    project(&root);
    let out = weft()
        .arg("timeline")
        .arg(&root)
        .arg("--csv")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], weft::temporal::CSV_COLUMNS.join(","));
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[1].starts_with(
        "timed,c_coup,coup,COUP,1973-09-11; 1973-09-12,1973-09-11,1973-09-12,true,a; b,"
    ));
    assert!(lines[2].starts_with("untimed,"), "{}", lines[2]);
    assert!(
        lines[2].ends_with(",1974"),
        "the suggested date: {}",
        lines[2]
    );

    let file = tmp.path().join("timeline.json");
    let out = weft()
        .arg("timeline")
        .arg(&root)
        .args(["--json", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let j: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(j["format"], "weft-timeline");
    assert_eq!(j["events"].as_array().unwrap().len(), 1);
    assert_eq!(j["events"][0]["placements"].as_array().unwrap().len(), 2);
    assert_eq!(j["untimed"].as_array().unwrap().len(), 1);

    // A format must be chosen, and only one.
    let out = weft().arg("timeline").arg(&root).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = weft()
        .arg("timeline")
        .arg(&root)
        .args(["--csv", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // A folder that is not a project: an error naming it (exit 2, as every failed command).
    let out = weft()
        .arg("timeline")
        .arg(tmp.path().join("nothing"))
        .arg("--csv")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing"));
}

#[test]
fn weft_stats_json_carries_the_statistics_windows_figures() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    project(&root);
    let out = weft()
        .arg("stats")
        .arg(&root)
        .arg("--json")
        .output()
        .unwrap();
    assert!(out.status.success());
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    let (p, _) = ProjectFolder::load(&root).unwrap();
    let expected = serde_json::to_value(weft::ui::view_model::stats::build(&p)).unwrap();
    assert_eq!(j["views"], expected);
    let v = &j["views"];
    let types: Vec<&str> = v["types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["key"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["DATE", "COUP", "ARREST"]);
    assert_eq!(v["documents"][1]["by_type"], serde_json::json!([2, 1, 1]));
    assert_eq!(v["events_by_documents"], serde_json::json!([0, 0, 1]));
    assert_eq!(v["density_bins"], 20);
    assert_eq!(
        v["documents"][0]["density"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_u64().unwrap())
            .sum::<u64>(),
        2
    );
    assert_eq!(v["annotators"][0]["name"], "tester");
    assert_eq!(v["annotators"][0]["mentions"], 6);
}

#[test]
fn weft_import_proposes_dates_for_what_it_brings() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    ProjectFolder::create(&root, "import", Schema::default_news()).unwrap();
    let brat = tmp.path().join("brat");
    std::fs::create_dir(&brat).unwrap();
    let text = "The coup came on 17 September 1974. On September 18 the junta spoke.\n";
    std::fs::write(brat.join("wire.txt"), text).unwrap();
    let a = text.find("17 September 1974").unwrap();
    let b = text.find("September 18").unwrap();
    std::fs::write(
        brat.join("wire.ann"),
        format!(
            "T1\tDATE {a} {}\t17 September 1974\nT2\tDATE {b} {}\tSeptember 18\n",
            a + 17,
            b + 12
        ),
    )
    .unwrap();
    let out = weft()
        .arg("import")
        .arg(&root)
        .args(["--format", "brat"])
        .arg(&brat)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("proposed a date (EDTF) for 2 date mention(s)"),
        "{err}"
    );
    let (p, _) = ProjectFolder::load(&root).unwrap();
    let mut dates: Vec<String> = p
        .mentions()
        .filter_map(|m| match m.attributes.get("edtf") {
            Some(AttrValue::Text(s)) => Some(s.clone()),
            _ => None,
        })
        .collect();
    dates.sort();
    assert_eq!(dates, ["1974-09-17", "1974-09-18"]);
}
