//! Two annotators, two clones of one git repository, the real `git` binary: each annotates
//! the same document (mentions, a cross-document link, event arguments) through the CLI and
//! the session API, commits and pulls. No conflict; both layers load; the agreement report
//! covers both. Adding different texts in both clones merges cleanly too; a schema change in
//! both is explained.

use crate::common;
use std::path::{Path, PathBuf};
use std::process::Command;
use weft::edit::{Edit, ops};
use weft::model::*;
use weft::session::{OpenOptions, Session};

/// `git` with a fixed identity and no global or system configuration.
fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("HOME", dir)
        .env("GIT_AUTHOR_NAME", "Weft Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.org")
        .env("GIT_COMMITTER_NAME", "Weft Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.org")
        .env("GIT_AUTHOR_DATE", "2026-11-21T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-11-21T12:00:00Z")
        .output()
        .expect("git runs")
}

fn git_ok(dir: &Path, args: &[&str]) -> String {
    let out = git(dir, args);
    assert!(
        out.status.success(),
        "git {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn weft(args: &[&str], config: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_weft"))
        .args(args)
        .env("WEFT_CONFIG_DIR", config)
        .output()
        .unwrap()
}

fn weft_ok(args: &[&str], config: &Path) -> String {
    let out = weft(args, config);
    assert!(
        out.status.success(),
        "weft {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn has_git() -> bool {
    Command::new("git").arg("--version").output().is_ok()
}

/// A shared bare repository with a project of two texts, and two clones of it.
fn team(dir: &Path) -> (PathBuf, PathBuf) {
    let origin = dir.join("origin.git");
    std::fs::create_dir_all(&origin).unwrap();
    git_ok(&origin, &["init", "--bare", "-q"]);
    let seed = dir.join("seed");
    let cfg = dir.join("cfg");
    let texts = dir.join("texts");
    std::fs::create_dir_all(&texts).unwrap();
    std::fs::write(
        texts.join("decree.txt"),
        "Colonel Vidal signed the decree in Puerto Sol. Vidal later denied it.\n",
    )
    .unwrap();
    std::fs::write(
        texts.join("memoir.txt"),
        "In her memoir, Marta Ibáñez recalls how Vidal arrested the mayor.\n",
    )
    .unwrap();
    let seed_s = seed.to_str().unwrap();
    weft_ok(
        &["new", seed_s, "--name", "Team", "--annotator", "Lead"],
        &cfg,
    );
    weft_ok(
        &[
            "add",
            seed_s,
            texts.to_str().unwrap(),
            "--annotator",
            "Lead",
        ],
        &cfg,
    );
    git_ok(&seed, &["init", "-q"]);
    git_ok(&seed, &["add", "-A"]);
    git_ok(&seed, &["commit", "-q", "-m", "texts"]);
    git_ok(
        &seed,
        &["remote", "add", "origin", origin.to_str().unwrap()],
    );
    git_ok(&seed, &["push", "-q", "origin", "main"]);
    let (a, b) = (dir.join("anna"), dir.join("ben"));
    for c in [&a, &b] {
        git_ok(
            dir,
            &["clone", "-q", origin.to_str().unwrap(), c.to_str().unwrap()],
        );
    }
    (a, b)
}

/// One annotator's work in their clone, through the session API: mentions in both texts, a
/// cross-document relation, an event with arguments, and an entity across documents.
fn annotate(root: &Path, who: &str, arrest_type: &str) {
    let mut s = Session::open(
        root,
        OpenOptions {
            reanchor: false,
            author: who.into(),
        },
    )
    .unwrap()
    .session;
    let p = s.project();
    let decree = p
        .documents()
        .iter()
        .find(|d| d.name == "decree")
        .unwrap()
        .id
        .clone();
    let memoir = p
        .documents()
        .iter()
        .find(|d| d.name == "memoir")
        .unwrap()
        .id
        .clone();
    let tag = |s: &mut Session, doc: &DocId, w: &str, nth: usize, ty: &str| {
        let range = common::find(s.project(), doc, w, nth);
        let id = weft::idgen::mention_id();
        let built = ops::tag(
            s.project(),
            id.clone(),
            doc,
            vec![range],
            ty,
            who,
            common::t0(),
        );
        s.apply_built(built).unwrap();
        id
    };
    let vidal = tag(&mut s, &decree, "Colonel Vidal", 0, "PERSON");
    let vidal2 = tag(&mut s, &memoir, "Vidal", 0, "PERSON");
    let place = tag(&mut s, &decree, "Puerto Sol", 0, "PLACE");
    let marta = tag(&mut s, &memoir, "Marta Ibáñez", 0, "PERSON");
    let arrest = tag(&mut s, &memoir, "arrested", 0, arrest_type);
    let built = ops::new_cluster_from(s.project(), &vidal, weft::idgen::cluster_id(), common::t0());
    s.apply_built(built).unwrap();
    let c = s
        .project()
        .mention(&vidal)
        .unwrap()
        .cluster
        .clone()
        .unwrap();
    let built = ops::link(s.project(), &vidal2, Some(&c), common::t0());
    s.apply_built(built).unwrap();
    let built = ops::add_relation(
        s.project(),
        weft::idgen::relation_id(),
        "opposes",
        &Endpoint::Mention(marta.clone()),
        &Endpoint::Mention(vidal.clone()),
    );
    s.apply_built(built).unwrap();
    if arrest_type == "ARREST" {
        let built = ops::add_argument(
            s.project(),
            weft::idgen::argument_id(),
            &Endpoint::Mention(arrest),
            "agent",
            &Endpoint::Mention(vidal2),
        );
        s.apply_built(built).unwrap();
    }
    let _ = place;
    s.save().unwrap();
}

#[test]
fn two_clones_annotate_the_same_document_and_merge_without_conflict() {
    if !has_git() {
        eprintln!("SKIPPED: git is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("cfg");
    let (a, b) = team(dir.path());
    annotate(&a, "Anna", "ARREST");
    annotate(&b, "Ben", "ARREST");
    // Ben also tags through the command line: an import into his own layer.
    let brat = dir.path().join("brat");
    std::fs::create_dir_all(&brat).unwrap();
    std::fs::copy(b.join("texts/decree.txt"), brat.join("decree.txt")).unwrap();
    std::fs::write(brat.join("decree.ann"), "T1\tORG 25 31\tdecree\n").unwrap();
    let brat_s = brat.to_str().unwrap();
    weft_ok(
        &[
            "import",
            b.to_str().unwrap(),
            "--format",
            "brat",
            brat_s,
            "--annotator",
            "Ben",
        ],
        &cfg,
    );
    for (clone, msg) in [(&a, "Anna's layer"), (&b, "Ben's layer")] {
        git_ok(clone, &["add", "-A"]);
        git_ok(clone, &["commit", "-q", "-m", msg]);
    }
    git_ok(&a, &["push", "-q", "origin", "main"]);
    git_ok(&b, &["pull", "-q", "--no-rebase", "origin", "main"]);
    git_ok(&b, &["push", "-q", "origin", "main"]);
    git_ok(&a, &["pull", "-q", "--no-rebase", "origin", "main"]);
    assert!(git_ok(&a, &["status", "--porcelain"]).trim().is_empty());
    for clone in [&a, &b] {
        let (p, _) = weft::store::ProjectFolder::load(clone).expect("the merged project loads");
        let layers: Vec<String> = p.layers().map(|l| l.to_string()).collect();
        assert_eq!(layers, vec!["Anna", "Ben"]);
        assert_eq!(
            p.project_layer(&Layer::annotator("Anna").unwrap())
                .mention_total(),
            5
        );
        assert_eq!(
            p.project_layer(&Layer::annotator("Ben").unwrap())
                .mention_total(),
            6
        );
    }
    let report = weft_ok(&["agreement", a.to_str().unwrap(), "--json"], &cfg);
    let v: serde_json::Value = serde_json::from_str(&report).unwrap();
    assert_eq!(v["annotators"], serde_json::json!(["Anna", "Ben"]));
    let exact = &v["pairs"][0]["spans"]["exact"]["overall"];
    assert_eq!(
        (exact["a"].as_u64(), exact["b"].as_u64()),
        (Some(5), Some(6))
    );
    assert_eq!(exact["matched"].as_u64(), Some(5));
    assert_eq!(
        v["pairs"][0]["relations"]["overall"]["f1"].as_f64(),
        Some(1.0)
    );
    assert_eq!(
        v["pairs"][0]["arguments"]["overall"]["f1"].as_f64(),
        Some(1.0)
    );
    // Each annotator's files are their own.
    let files = git_ok(&a, &["ls-files"]);
    assert!(files.contains("annotations/anna/memoir.json"), "{files}");
    assert!(files.contains("annotations/ben/decree.json") && files.contains("links/ben.json"));
}

#[test]
fn different_texts_added_in_both_clones_merge_cleanly() {
    if !has_git() {
        eprintln!("SKIPPED: git is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("cfg");
    let (a, b) = team(dir.path());
    for (clone, name, who) in [(&a, "letter", "Anna"), (&b, "telegram", "Ben")] {
        let t = dir.path().join(format!("{name}.txt"));
        std::fs::write(&t, format!("The {name} arrived in Puerto Sol.\n")).unwrap();
        weft_ok(
            &[
                "add",
                clone.to_str().unwrap(),
                t.to_str().unwrap(),
                "--annotator",
                who,
            ],
            &cfg,
        );
        git_ok(clone, &["add", "-A"]);
        git_ok(clone, &["commit", "-q", "-m", name]);
    }
    git_ok(&a, &["push", "-q", "origin", "main"]);
    git_ok(&b, &["pull", "-q", "--no-rebase", "origin", "main"]);
    let (p, _) = weft::store::ProjectFolder::load(&b).expect("loads after the merge");
    let names: Vec<&str> = p.documents().iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names.len(), 4, "{names:?}");
    assert!(names.contains(&"letter") && names.contains(&"telegram"));
    assert_eq!(
        &names[..2],
        &["decree", "memoir"],
        "the first texts keep their places"
    );
}

#[test]
fn a_schema_change_in_both_clones_is_explained_after_the_merge() {
    if !has_git() {
        eprintln!("SKIPPED: git is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("cfg");
    let (a, b) = team(dir.path());
    for (clone, colour) in [(&a, "#112233"), (&b, "#445566")] {
        let mut s = Session::open(
            clone,
            OpenOptions {
                reanchor: false,
                author: "Lead".into(),
            },
        )
        .unwrap()
        .session;
        let mut schema = s.project().schema().clone();
        schema.types[0].colour = colour.into();
        s.apply(Edit::SetSchema(Box::new(schema)), "recolour")
            .unwrap();
        s.save().unwrap();
        git_ok(clone, &["commit", "-q", "-am", "schema"]);
    }
    git_ok(&a, &["push", "-q", "origin", "main"]);
    let pull = git(&b, &["pull", "-q", "--no-rebase", "origin", "main"]);
    assert!(
        !pull.status.success(),
        "both changed the same line of the schema"
    );
    let out = weft(&["validate", b.to_str().unwrap()], &cfg);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("weft-project.json"), "{err}");
    assert!(err.contains("merge conflict markers"), "{err}");
    assert!(
        err.contains("schema") && err.contains("weft validate"),
        "{err}"
    );
    assert!(
        !err.contains("not valid JSON"),
        "not a generic JSON error: {err}"
    );
    // Opening it in a session says the same.
    let e = Session::open(&b, OpenOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("merge conflict markers"), "{e}");
}
