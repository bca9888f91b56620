//! Fuzzing without a nightly toolchain: proptest feeds the loaders arbitrary bytes and
//! mutated copies of a valid project. Whatever happens, nothing panics and a failure is a
//! `LoadError` naming a file. Failing inputs proptest finds are kept in
//! `tests/fuzz_loaders.proptest-regressions` and replayed first on every run. 300 cases per
//! target in `cargo test`; `WEFT_FUZZ_CASES=5000 cargo test --test fuzz_loaders`
//! for a longer run.

use crate::common::*;
use proptest::prelude::*;
use weft::edit::{Edit, History};
use weft::model::*;
use weft::store::ProjectFolder;

fn valid_project(root: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let (mut p, mut f) = ProjectFolder::create(root, "fuzz", Schema::default_news()).unwrap();
    weft::edit::apply(
        &mut p,
        Edit::InsertDocument {
            index: 0,
            doc: doc("d_a", "a", "Ana “met” Luis 😎 in Lima.\r\n"),
        },
    )
    .unwrap();
    let mut h = History::new();
    let ana = tag(&mut p, &mut h, &DocId::new("d_a"), "Ana", 0, "PERSON");
    let luis = tag(&mut p, &mut h, &DocId::new("d_a"), "Luis", 0, "PERSON");
    let (e, _) =
        weft::edit::ops::new_cluster_from(&p, &ana, ClusterId::new("c_ana"), t0()).unwrap();
    h.apply(&mut p, e, "x").unwrap();
    h.apply(
        &mut p,
        Edit::InsertRelation(Relation {
            layer: Default::default(),
            id: RelationId::new("r_1"),
            type_key: "opposes".into(),
            from: Endpoint::Mention(ana),
            to: Endpoint::Mention(luis),
            attributes: Default::default(),
            note: String::new(),
        }),
        "x",
    )
    .unwrap();
    f.save(&p).unwrap();
    f.render(&p)
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip {
        at: prop::sample::Index,
        byte: u8,
    },
    Truncate {
        at: prop::sample::Index,
    },
    Insert {
        at: prop::sample::Index,
        bytes: Vec<u8>,
    },
    Replace(Vec<u8>),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Flip { at, byte }),
        2 => any::<prop::sample::Index>().prop_map(|at| Mutation::Truncate { at }),
        2 => (any::<prop::sample::Index>(), proptest::collection::vec(prop_oneof![any::<u8>(), Just(b'"'), Just(b'{'), Just(b'9'), Just(b'-')], 1..8)).prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        1 => proptest::collection::vec(any::<u8>(), 0..64).prop_map(Mutation::Replace),
    ]
}

fn apply_mutation(bytes: &mut Vec<u8>, m: &Mutation) {
    match m {
        Mutation::Flip { at, byte } if !bytes.is_empty() => {
            let i = at.index(bytes.len());
            bytes[i] = *byte;
        }
        Mutation::Truncate { at } => {
            let i = at.index(bytes.len() + 1);
            bytes.truncate(i);
        }
        Mutation::Insert { at, bytes: ins } => {
            let i = at.index(bytes.len() + 1);
            bytes.splice(i..i, ins.iter().copied());
        }
        Mutation::Replace(b) => *bytes = b.clone(),
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(fuzz_cases()))]

    #[test]
    fn mutated_project_files_never_panic_the_loader(which in any::<prop::sample::Index>(), muts in proptest::collection::vec(mutation(), 1..4)) {
        let dir = tempfile::tempdir().unwrap();
        let files = valid_project(dir.path());
        let (rel, original) = &files[which.index(files.len())];
        let mut bytes = original.clone();
        for m in &muts { apply_mutation(&mut bytes, m); }
        std::fs::write(dir.path().join(rel), &bytes).unwrap();
        match ProjectFolder::load(dir.path()) {
            Ok((p, _)) => prop_assert!(p.indexes_consistent()),
            Err(e) => {
                prop_assert!(!e.problems.is_empty());
                for problem in &e.problems {
                    prop_assert!(problem.file.starts_with(dir.path()), "{problem}");
                }
            }
        }
    }

    #[test]
    fn arbitrary_bytes_as_a_manifest_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("weft-project.json"), &bytes).unwrap();
        let err = ProjectFolder::load(dir.path()).unwrap_err();
        prop_assert!(err.to_string().contains("weft-project.json"));
    }

    #[test]
    fn arbitrary_bytes_decode_as_text_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let t = weft::store::import::decode(&bytes, "fuzz.txt");
        // Whatever was decoded is valid UTF-8 and, when the input was UTF-8, byte-exact.
        if let Ok(s) = std::str::from_utf8(&bytes) {
            let s = s.strip_prefix('\u{feff}').unwrap_or(s);
            prop_assert_eq!(t.text.as_str(), s);
        } else {
            prop_assert!(t.notice.is_some());
        }
    }
}
