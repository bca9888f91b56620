//! CoNLL IOB2/BIOES: export options (nesting, schemes, tokens), the import of malformed lines,
//! the WNUT 17 round trip (emoji tokens), and export → import identity on random projects.

use crate::common;

use proptest::prelude::*;
use weft::edit::{self, Edit};
use weft::formats::compare::{Aspects, View};
use weft::formats::conll::{self, ExportOptions, Nested, Scheme, Sentences, Tokens};
use weft::formats::{InFile, Report, Severity};
use weft::model::*;

fn import(p: &Project, name: &str, text: &str) -> (Project, Report) {
    let imp = conll::import(
        p,
        &[InFile::new(name, text)],
        common::t0(),
        &mut common::ids(),
        &mut |_, _| {},
    );
    let mut q = p.clone();
    edit::apply(&mut q, imp.edit).expect("the import batch applies");
    (q, imp.report)
}

fn export(p: &Project, opts: ExportOptions) -> (String, Report) {
    let mut calls = Vec::new();
    let e = conll::export(p, &opts, &mut |d, t| calls.push((d, t)));
    let n = p.documents().len();
    assert_eq!(
        calls,
        (1..=n).map(|d| (d, n)).collect::<Vec<_>>(),
        "progress per document"
    );
    (e.files[0].contents.clone(), e.report)
}

fn tag(p: &mut Project, h: &mut edit::History, needle: &str, nth: usize, ty: &str) -> MentionId {
    let d = p.documents()[0].id.clone();
    common::tag(p, h, &d, needle, nth, ty)
}

fn pairs(s: &str) -> Vec<(String, String)> {
    conll::token_tags(s)
        .into_iter()
        .map(|(_, t, g)| (t, g))
        .collect()
}

#[test]
fn nested_mentions_follow_the_option_and_are_reported() {
    let mut p = common::project_with(vec![common::doc(
        "d1",
        "one",
        "The Junta of Chile met. Allende 😀 spoke.",
    )]);
    let mut h = edit::History::new();
    tag(&mut p, &mut h, "Junta of Chile", 0, "ORG");
    tag(&mut p, &mut h, "Chile", 0, "PLACE");
    tag(&mut p, &mut h, "Allende", 0, "PERSON");

    let (out, rep) = export(&p, ExportOptions::default());
    let got = pairs(&out);
    let tags: Vec<&str> = got.iter().map(|(_, g)| g.as_str()).collect();
    assert_eq!(
        tags,
        [
            "O", "B-ORG", "I-ORG", "I-ORG", "O", "O", "B-PERSON", "O", "O", "O"
        ]
    );
    assert_eq!(got[7].0, "😀");
    assert_eq!(rep.number_in("nested mention"), 1, "{rep}");
    assert!(out.starts_with("-DOCSTART-\tO\n\n"));
    // Two sentences → a blank line between them.
    assert!(out.contains("met\tO\n.\tO\n\nAllende"), "{out}");

    let (out, rep) = export(
        &p,
        ExportOptions {
            nested: Nested::Innermost,
            scheme: Scheme::Bioes,
            ..Default::default()
        },
    );
    let tags: Vec<String> = pairs(&out).into_iter().map(|(_, g)| g).collect();
    assert_eq!(
        tags,
        [
            "O", "O", "O", "S-PLACE", "O", "O", "S-PERSON", "O", "O", "O"
        ]
    );
    assert_eq!(rep.number_in("nested mention"), 1, "{rep}");

    let (out, rep) = export(
        &p,
        ExportOptions {
            nested: Nested::PerType,
            ..Default::default()
        },
    );
    assert_eq!(rep.number_in("nested mention"), 0, "{rep}");
    // Columns in type-key order: ORG, PERSON, PLACE.
    assert!(out.contains("Chile\tI-ORG\tO\tB-PLACE\n"), "{out}");
    assert!(out.starts_with("-DOCSTART-\tO\tO\tO\n"));
}

#[test]
fn mentions_inside_words_split_tokens_and_discontinuous_ones_are_reported() {
    let mut p = common::project_with(vec![common::doc(
        "d1",
        "one",
        "pre-coup Santiago and Valparaíso",
    )]);
    let mut h = edit::History::new();
    let d = p.documents()[0].id.clone();
    let a = common::find(&p, &d, "Santiago", 0);
    let b = common::find(&p, &d, "Valparaíso", 0);
    let (e, l) = weft::edit::ops::tag(
        &p,
        MentionId::new("m_x"),
        &d,
        vec![a, b],
        "PLACE",
        "t",
        common::t0(),
    )
    .unwrap();
    h.apply(&mut p, e, l).unwrap();
    tag(&mut p, &mut h, "coup", 0, "COUP");
    let (out, rep) = export(&p, ExportOptions::default());
    let got = pairs(&out);
    assert!(got.contains(&("coup".into(), "B-COUP".into())), "{got:?}");
    assert!(
        got.contains(&("Valparaíso".into(), "B-PLACE".into())),
        "{got:?}"
    );
    assert_eq!(rep.number_in("discontinuous mention"), 1, "{rep}");
}

#[test]
fn malformed_lines_are_reported_with_file_and_line_and_the_rest_imported() {
    let text = "-DOCSTART-\tO\n\nAllende\tB-PER\nspoke\tO\n\nin\tO\nSantiago\tI-LOC\nde\tI-LOC\nChile\tQ-LOC\nnow\tO\textra\nonly\n\n-DOCSTART-\tO\n\nPinochet\tB-PER\n";
    let (p, rep) = import(
        &Project::new("t", Schema::default_news()),
        "bad.conll",
        text,
    );
    eprintln!("{rep}");
    let mut lines: Vec<usize> = rep.of(Severity::Error).filter_map(|i| i.line).collect();
    lines.sort();
    assert_eq!(lines, vec![7, 9, 10, 11], "{rep}");
    assert!(rep.of(Severity::Error).all(|i| i.file == "bad.conll"));
    assert_eq!(p.documents().len(), 2);
    assert_eq!(p.documents()[0].name, "bad-1");
    assert_eq!(
        p.documents()[0].text(),
        "Allende spoke\nin Santiago de Chile"
    );
    let mut covered: Vec<String> = p
        .mentions()
        .map(|m| {
            format!(
                "{}:{}",
                m.type_key,
                m.covered_text(p.document(&m.doc).unwrap().text())
            )
        })
        .collect();
    covered.sort();
    assert_eq!(covered, ["LOC:Santiago de", "PER:Allende", "PER:Pinochet"]);
    assert!(
        rep.of(Severity::Schema)
            .any(|i| i.message.contains("'LOC'"))
    );
}

#[test]
fn space_separated_columns_and_bioes_tags_import() {
    let text =
        "EU NNP B-NP S-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\ncall NN I-NP E-MISC\n";
    let (p, rep) = import(&Project::new("t", Schema::default_news()), "x.conll", text);
    assert_eq!(rep.number_of(Severity::Error), 0, "{rep}");
    assert_eq!(p.documents()[0].text(), "EU rejects German call");
    assert_eq!(p.mentions().count(), 2);
}

#[test]
fn wnut17_round_trip_gives_back_every_token_and_tag() {
    let Some(dir) = common::shared("fixtures/conll_iob_wnut17") else {
        return;
    };
    for file in ["emerging.dev.conll", "truncated/wnut17train.conll"] {
        let path = dir.join(file);
        let raw = std::fs::read_to_string(&path).unwrap();
        let (p, rep) = import(&Project::new("t", Schema::default_news()), file, &raw);
        assert_eq!(rep.number_of(Severity::Error), 0, "{rep}");
        let opts = ExportOptions {
            tokens: Tokens::Whitespace,
            sentences: Sentences::Lines,
            ..Default::default()
        };
        let (out, erep) = export(&p, opts);
        assert_eq!(erep.number_in("nested mention"), 0);
        let want = pairs(&raw);
        let got = pairs(&out);
        assert!(want.len() > 1000, "{file}: {} tokens", want.len());
        let emoji = want
            .iter()
            .filter(|(t, _)| t.chars().any(|c| c as u32 >= 0x1F300))
            .count();
        let diffs: Vec<String> = want
            .iter()
            .zip(&got)
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .map(|(i, (a, b))| format!("token {i}: {a:?} became {b:?}"))
            .collect();
        assert_eq!(want.len(), got.len(), "{file}");
        assert!(diffs.is_empty(), "{file}: {diffs:#?}");
        if file.starts_with("emerging") {
            assert!(emoji >= 50, "the dev file has emoji tokens ({emoji})");
            // Sentences come back as blank-line separated blocks.
            let blocks = |s: &str| {
                s.split("\n\n")
                    .filter(|b| !b.trim().is_empty() && !b.starts_with("-DOCSTART-"))
                    .count()
            };
            assert_eq!(blocks(&raw), blocks(&out));
        }
        // With Unicode word tokens the tags move onto sub-tokens: every mention survives.
        let (words, _) = export(&p, ExportOptions::default());
        let starts = |s: &str| pairs(s).iter().filter(|(_, g)| g.starts_with("B-")).count();
        assert_eq!(starts(&raw), starts(&words), "{file}");
    }
}

fn text_strategy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("a"),
        Just("Allende"),
        Just(" "),
        Just("\n"),
        Just("😀"),
        Just("é"),
        Just("智利"),
        Just(","),
        Just("don't"),
    ];
    prop::collection::vec(piece, 1..30).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, .. ProptestConfig::default() })]

    /// CoNLL expresses non-overlapping contiguous typed spans over tokens. Build such a project
    /// on text that is already "tokens joined by spaces, one sentence per line", export with
    /// whitespace tokens and line sentences, import: the same texts and spans.
    #[test]
    fn conll_export_then_import_is_identity(
        texts in prop::collection::vec(text_strategy(), 1..3),
        spans in prop::collection::vec((0usize..3, 0usize..40, 1usize..4, 0usize..3), 0..10),
        bioes in any::<bool>(),
    ) {
        // Normalise each text to tokens joined by single spaces, one sentence per line.
        let norm: Vec<String> = texts.iter().map(|t| t.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")).filter(|t| !t.is_empty()).collect();
        prop_assume!(!norm.is_empty());
        let docs = norm.iter().enumerate().map(|(i, t)| common::doc(&format!("d_{i}"), &if norm.len() == 1 { "x".to_string() } else { format!("x-{}", i + 1) }, t)).collect();
        let mut p = common::project_with(docs);
        let types = ["PERSON", "ORG", "PLACE"];
        for (k, (d, s, len, ty)) in spans.iter().enumerate() {
            let doc = p.documents()[d % p.documents().len()].clone();
            // Whole whitespace tokens within one line.
            let toks: Vec<(usize, usize)> = {
                let t = doc.text();
                let mut v = Vec::new();
                let mut off = 0;
                for line in t.split('\n') {
                    for w in line.split(' ') { let st = off + (w.as_ptr() as usize - line.as_ptr() as usize); v.push((st, st + w.len())); }
                    off += line.len() + 1;
                }
                v
            };
            let si = s % toks.len();
            let ei = (si + len - 1).min(toks.len() - 1);
            let (a, b) = (toks[si].0, toks[ei].1);
            if doc.text()[a..b].contains('\n') { continue; }
            if p.mentions_in(&doc.id).any(|m| m.start() < b && a < m.end()) { continue; }
            let m = Mention {
                layer: Default::default(),
                id: MentionId::new(format!("m_{k}")),
                doc: doc.id.clone(),
                type_key: types[*ty].into(),
                fragments: smallvec::smallvec![TextRange::new(doc.text(), a, b).unwrap()],
                attributes: Default::default(),
                note: String::new(),
                cluster: None,
                author: String::new(),
                created: common::t0(),
                modified: common::t0(),
            };
            edit::apply(&mut p, Edit::InsertMention(m)).unwrap();
        }
        let opts = ExportOptions { tokens: Tokens::Whitespace, sentences: Sentences::Lines, scheme: if bioes { Scheme::Bioes } else { Scheme::Iob2 }, ..Default::default() };
        let e = conll::export(&p, &opts, &mut |_, _| {});
        prop_assert_eq!(e.report.number_in("nested mention") + e.report.number_in("overlapping mention"), 0);
        let (q, r) = import(&Project::new("t", p.schema().clone()), "x.conll", &e.files[0].contents);
        prop_assert_eq!(r.number_of(Severity::Error), 0, "{}", r);
        let d = View::of(&p, Aspects::SPANS).diff(&View::of(&q, Aspects::SPANS));
        prop_assert!(d.is_empty(), "{:#?}", d);
    }
}

/// spaCy's own example data: the token-per-line IOB file imported as CoNLL, exported as spaCy
/// JSONL, gives the same entities (label and words, in order) as spaCy's v2 JSON of the same
/// sentences with BILUO tags.
#[test]
fn spacy_example_data_iob_to_spacy_jsonl_matches_its_biluo_json() {
    let Some(dir) = common::shared("fixtures/spacy_ner_example_data") else {
        return;
    };
    let iob = std::fs::read_to_string(dir.join("ner-token-per-line.iob")).unwrap();
    let (p, rep) = import(
        &Project::new("t", Schema::default_news()),
        "ner-token-per-line.iob",
        &iob,
    );
    assert_eq!(rep.number_of(Severity::Error), 0, "{rep}");
    let out = weft::formats::spacy::export(&p);
    let mut got = Vec::new();
    for line in out.files[0].contents.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        for s in v["spans"].as_array().unwrap() {
            got.push((
                s["label"].as_str().unwrap().to_string(),
                s["text"].as_str().unwrap().to_string(),
            ));
        }
    }
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("ner-token-per-line.json")).unwrap(),
    )
    .unwrap();
    let mut want = Vec::new();
    let mut words: Vec<String> = Vec::new();
    for doc in json.as_array().unwrap() {
        for para in doc["paragraphs"].as_array().unwrap() {
            for sent in para["sentences"].as_array().unwrap() {
                for t in sent["tokens"].as_array().unwrap() {
                    let (orth, ner) = (t["orth"].as_str().unwrap(), t["ner"].as_str().unwrap());
                    match ner.split_once('-') {
                        Some(("U", l)) => want.push((l.to_string(), orth.to_string())),
                        Some(("B", _)) | Some(("I", _)) => words.push(orth.to_string()),
                        Some(("L", l)) => {
                            words.push(orth.to_string());
                            want.push((l.to_string(), words.join(" ")));
                            words.clear();
                        }
                        _ => {}
                    }
                }
            }
        }
    }
    assert!(want.len() >= 5, "{want:?}");
    assert_eq!(got, want);
}
