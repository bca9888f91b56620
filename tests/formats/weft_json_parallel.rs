//! The Weft JSON export on all cores: the default (pretty) text is byte for byte what the
//! single-threaded writer writes, on the demo and on a generated project, for any number of
//! threads; the compact layout is serde_json's compact text of the same value; the CLI writes
//! both, and a failing writer is an error.

use crate::common;

use weft::bench::corpus::{self, GenSpec};
use weft::formats::weft_json::{self, Layout};
use weft::model::Project;
use weft::store::ProjectFolder;

fn demo() -> Project {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/demo");
    ProjectFolder::load(&root)
        .unwrap_or_else(|e| panic!("{e}"))
        .0
}

fn generated() -> Project {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("g");
    let spec = GenSpec {
        docs: 23,
        megabytes: 0.3,
        mentions: 4_000,
        seed: 8,
        rtl: false,
    };
    corpus::generate(&spec, &root).unwrap();
    ProjectFolder::load(&root).unwrap().0
}

/// The single-threaded writer's text (serde_json's pretty printer over the whole export).
fn reference(p: &Project) -> Vec<u8> {
    let mut out = Vec::new();
    weft_json::export_to_writer(p, common::t0(), &mut out).unwrap();
    out
}

fn parallel(p: &Project, layout: Layout, threads: usize) -> Vec<u8> {
    let mut out = Vec::new();
    weft_json::write_parallel(p, common::t0(), layout, threads, &mut out).unwrap();
    out
}

#[test]
fn the_pretty_export_on_all_cores_is_byte_identical_to_the_single_threaded_writer() {
    for (name, p) in [("demo", demo()), ("generated", generated())] {
        let want = reference(&p);
        assert!(want.len() > 10_000, "{name}: {} bytes", want.len());
        for threads in [0, 1, 2, 3, 8] {
            let got = parallel(&p, Layout::Pretty, threads);
            assert!(
                got == want,
                "{name}, {threads} threads: the texts differ (first at byte {:?})",
                got.iter().zip(&want).position(|(a, b)| a != b)
            );
        }
        // export_string (what `weft export` writes) is the same text with a final newline.
        let mut with_newline = want.clone();
        with_newline.push(b'\n');
        let s = weft_json::export_string(&p, common::t0()).unwrap();
        assert!(
            s.as_bytes() == with_newline.as_slice(),
            "{name}: export_string differs"
        );
    }
}

#[test]
fn the_compact_export_is_the_same_value_without_whitespace_and_about_half_the_size() {
    for (name, p) in [("demo", demo()), ("generated", generated())] {
        let pretty = reference(&p);
        let value = weft_json::export(&p, common::t0()).unwrap();
        let want = serde_json::to_vec(&value).unwrap();
        for threads in [0, 1, 3] {
            let got = parallel(&p, Layout::Compact, threads);
            assert!(
                got == want,
                "{name}, {threads} threads: compact text differs"
            );
        }
        let reparsed: serde_json::Value = serde_json::from_slice(&want).unwrap();
        let from_pretty: serde_json::Value = serde_json::from_slice(&pretty).unwrap();
        assert_eq!(reparsed, from_pretty, "{name}: not the same value");
        assert!(
            !want.contains(&b'\n'),
            "{name}: compact text has a line break"
        );
        let ratio = want.len() as f64 / pretty.len() as f64;
        assert!(ratio < 0.8, "{name}: compact is {ratio:.2} of pretty");
    }
}

#[test]
fn an_empty_project_exports_in_both_layouts() {
    let p = Project::new("empty", weft::model::Schema::default_news());
    assert!(parallel(&p, Layout::Pretty, 2) == reference(&p));
    let v = weft_json::export(&p, common::t0()).unwrap();
    assert!(parallel(&p, Layout::Compact, 2) == serde_json::to_vec(&v).unwrap());
}

/// A writer that takes `budget` bytes and then fails.
struct Failing {
    budget: usize,
}

impl std::io::Write for Failing {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.budget == 0 {
            return Err(std::io::Error::other("disk full"));
        }
        let n = buf.len().min(self.budget);
        self.budget -= n;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_failing_writer_stops_the_parallel_export_with_its_error() {
    let p = generated();
    let full = reference(&p).len();
    for layout in [Layout::Pretty, Layout::Compact] {
        for budget in [0, 100, full / 3, full / 2] {
            match weft_json::write_parallel(&p, common::t0(), layout, 2, Failing { budget }) {
                Err(weft_json::ExportError::Write(e)) => {
                    assert!(e.to_string().contains("disk full"), "{e}")
                }
                other => {
                    panic!("{layout:?}, budget {budget}: expected a write error, got {other:?}")
                }
            }
        }
    }
    assert!(
        weft_json::write_parallel(
            &p,
            common::t0(),
            Layout::Pretty,
            2,
            Failing { budget: full }
        )
        .is_ok()
    );
}

#[test]
fn weft_export_compact_writes_the_compact_text_and_the_option_is_in_the_catalogue() {
    let info = weft::formats::by_key("weft").unwrap();
    let opt = info.options.iter().find(|o| o.key == "compact").unwrap();
    assert_eq!((opt.default, opt.choices), ("no", &["no", "yes"][..]));
    let dir = tempfile::tempdir().unwrap();
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/demo");
    let run = |args: &[&str], out: &std::path::Path| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_weft"))
            .arg("export")
            .arg(&demo)
            .args(args)
            .arg("-o")
            .arg(out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        std::fs::read_to_string(out).unwrap()
    };
    let pretty = run(&[], &dir.path().join("pretty.json"));
    let compact = run(&["--compact"], &dir.path().join("compact.json"));
    let by_option = run(
        &["--option", "compact=yes"],
        &dir.path().join("option.json"),
    );
    // One line (and the final newline); the same value as the pretty file, timestamps aside.
    assert_eq!(compact.lines().count(), 1);
    assert!(compact.ends_with("}\n") && pretty.lines().count() > 100);
    let strip = |s: &str| {
        let mut v: serde_json::Value = serde_json::from_str(s).unwrap();
        v["exported_at"] = serde_json::Value::Null;
        v
    };
    assert_eq!(strip(&compact), strip(&pretty));
    assert_eq!(strip(&by_option), strip(&compact));
    // The option belongs to the Weft format only.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_weft"))
        .arg("export")
        .arg(&demo)
        .args(["--format", "spacy", "--compact", "-o", "-"])
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("compact"), "{err}");
}
