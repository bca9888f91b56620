//! The team commands of `weft`: who is annotating, layers, agreement, curate, export --layer.

use std::path::Path;
use std::process::Command;

/// `weft` with its own preferences folder and no login name, unless given.
fn weft(config: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_weft"))
        .args(args)
        .env("WEFT_CONFIG_DIR", config)
        .env_remove("USER")
        .env_remove("USERNAME")
        .output()
        .unwrap()
}

fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn demo_copy(dir: &Path) -> std::path::PathBuf {
    let to = dir.join("demo");
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/demo");
    fn copy(a: &Path, b: &Path) {
        std::fs::create_dir_all(b).unwrap();
        for e in std::fs::read_dir(a).unwrap() {
            let e = e.unwrap();
            if e.path().is_dir() {
                copy(&e.path(), &b.join(e.file_name()));
            } else {
                std::fs::copy(e.path(), b.join(e.file_name())).unwrap();
            }
        }
    }
    copy(&from, &to);
    to
}

#[test]
fn a_writing_command_needs_an_annotator_and_the_preferences_remember_one() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("cfg");
    let p = dir.path().join("p");
    let p_s = p.to_str().unwrap();
    // Without $USER the system's account name is the last resort; with nobody at all the
    // command stops and says how to name someone (the choice itself is tested in prefs).
    let out = weft(&cfg, &["new", dir.path().join("o").to_str().unwrap()]);
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("--annotator") && err.contains("weft annotator"),
            "{err}"
        );
    }
    let said = ok(&weft(&cfg, &["annotator", "Ana María"]));
    assert!(said.contains("ana-mar_eda"), "{said}");
    assert!(cfg.join("preferences.json").is_file());
    ok(&weft(&cfg, &["new", p_s]));
    ok(&weft(&cfg, &["annotator"]));
    // A bad name says where it came from.
    let out = weft(
        &cfg,
        &[
            "new",
            dir.path().join("q").to_str().unwrap(),
            "--annotator",
            "curation",
        ],
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("reserved"));
    // $USER is the last resort.
    let out = Command::new(env!("CARGO_BIN_EXE_weft"))
        .args(["new", dir.path().join("r").to_str().unwrap()])
        .env("WEFT_CONFIG_DIR", dir.path().join("empty"))
        .env("USER", "lab3")
        .output()
        .unwrap();
    ok(&out);
}

#[test]
fn export_takes_a_layer_and_defaults_to_curation() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("cfg");
    let demo = demo_copy(dir.path());
    let d = demo.to_str().unwrap();
    let layers = ok(&weft(&cfg, &["layers", d]));
    assert!(layers.contains("Ana") && layers.contains("Ben") && layers.contains("curation"));
    let count = |f: &Path| {
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(f).unwrap()).unwrap();
        v["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["mentions"].as_array().unwrap().len())
            .sum::<usize>()
    };
    let out = dir.path().join("cur.json");
    ok(&weft(&cfg, &["export", d, "-o", out.to_str().unwrap()]));
    let ana = dir.path().join("ana.json");
    ok(&weft(
        &cfg,
        &["export", d, "--layer", "Ana", "-o", ana.to_str().unwrap()],
    ));
    // Ana tags 44 entity/event mentions and the two dates her time arguments point to.
    assert_eq!(count(&ana), 46);
    assert!(
        count(&out) < count(&ana),
        "the curation layer holds what both agree on"
    );
    let conll = dir.path().join("ben.conll");
    ok(&weft(
        &cfg,
        &[
            "export",
            d,
            "--layer",
            "Ben",
            "--format",
            "conll",
            "-o",
            conll.to_str().unwrap(),
        ],
    ));
    let bad = weft(&cfg, &["export", d, "--layer", "Nobody", "-o", "-"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("Ana, Ben, curation"));
    // Without curation and with two annotators, an export must be told which.
    std::fs::remove_dir_all(demo.join("annotations/curation")).unwrap();
    std::fs::remove_file(demo.join("links/curation.json")).unwrap();
    let out = weft(&cfg, &["export", d, "-o", "-"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--layer") && err.contains("Ana, Ben"), "{err}");
}

#[test]
fn agreement_and_curate_work_on_one_project() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("cfg");
    let demo = demo_copy(dir.path());
    let d = demo.to_str().unwrap();
    let text = ok(&weft(&cfg, &["agreement", d]));
    assert!(text.contains("Ana vs Ben"), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(&weft(&cfg, &["agreement", d, "--json"]))).unwrap();
    assert_eq!(json["annotators"], serde_json::json!(["Ana", "Ben"]));
    let csv = ok(&weft(
        &cfg,
        &["agreement", d, "--annotators", "Ben,Ana", "--csv"],
    ));
    assert!(csv.starts_with("metric,scope,document,annotator_a,annotator_b,value"));
    assert!(csv.contains(",Ben,Ana,"));
    let one = weft(&cfg, &["agreement", d, "--annotators", "Ana"]);
    assert!(!one.status.success());
    let out = ok(&weft(
        &cfg,
        &["curate", d, "--auto", "agree", "--annotator", "Cora"],
    ));
    assert!(
        out.contains("0 mentions") && out.contains("of 10 disagreements settled"),
        "{out}"
    );
}

#[test]
fn two_annotators_importing_the_same_normalised_brat_file_each_get_their_own_entity() {
    // An `N` line names an entity by its external id; the second annotator's import must not
    // link into the first annotator's entity of that id (links never cross layers).
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("cfg");
    let brat = dir.path().join("brat");
    std::fs::create_dir_all(&brat).unwrap();
    std::fs::write(brat.join("note.txt"), "Mara met Teo in Vell.\n").unwrap();
    std::fs::write(
        brat.join("note.ann"),
        "T1\tPerson 0 4\tMara\nN1\tReference T1 Wikidata:Q42\tMara\nT2\tPerson 9 12\tTeo\n",
    )
    .unwrap();
    let p = dir.path().join("p");
    let (p_s, b_s) = (p.to_str().unwrap(), brat.to_str().unwrap());
    ok(&weft(&cfg, &["new", p_s, "--annotator", "a"]));
    for who in ["a", "b"] {
        ok(&weft(
            &cfg,
            &["import", p_s, "--format", "brat", b_s, "--annotator", who],
        ));
    }
    let (project, _) = weft::store::ProjectFolder::load(&p).unwrap();
    for who in ["a", "b"] {
        let layer = weft::model::Layer::annotator(who).unwrap();
        let mine: Vec<_> = project.clusters().filter(|c| c.layer == layer).collect();
        assert_eq!(mine.len(), 1, "{who}: {mine:?}");
        let members: Vec<_> = project.members(&mine[0].id).collect();
        assert_eq!(members.len(), 1);
        assert_eq!(members[0].layer, layer, "{who}'s mention in {who}'s entity");
    }
}
