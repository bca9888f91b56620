//! Writes a small project of the script samples (`weft::textlayout::samples`) with mentions on
//! them, for looking at the document view in every script and for the screenshots in
//! `docs/scripts.md`: one document holding every sample as a paragraph (each sample's word
//! tagged, a second word on some, a relation between two of them so arcs show), and each
//! sample again as its own document with its direction (one forced right to left).
//!
//! `cargo run --example scripts_project -- [OUT_DIR]` (default `target/scripts-project`;
//! replaced if it exists).

use chrono::{TimeZone, Utc};
use std::path::PathBuf;
use weft::edit::{Edit, History, ops};
use weft::model::*;
use weft::store::ProjectFolder;
use weft::textlayout::BaseDirection;
use weft::textlayout::samples::SAMPLES;

/// A second word tagged in some samples: (sample, word, type).
const MORE: &[(&str, &str, &str)] = &[
    ("hebrew", "בערב", "DATE"),
    ("arabic", "الطالبُ", "PERSON"),
    ("hebrew-english", "1998", "DATE"),
    ("english-hebrew", "page 12", "ORG"),
    ("arabic-numbers", "١٢٠", "DATE"),
    ("chinese", "下午三点", "DATE"),
    ("japanese", "図書館", "PLACE"),
    ("hindi", "श्रीमान", "PERSON"),
];

/// An English text with relations between its people (arcs to look at, wide and narrow).
const LINKS: &str = "Ana Ruiz met Luis Ortega in Lima on Monday, and the two talked for hours \
about the strike at the port, the price of bread, the new mayor and the letters that Marta Vidal \
had sent from the north before the elections.\nA second paragraph where Pedro Gil answers them.";
const LINKS_B: &str = "Later that year Luis Ortega wrote to Ana Ruiz from the capital.";

/// The type each sample's own word is tagged with.
fn type_of(i: usize) -> &'static str {
    ["PERSON", "PLACE", "ORG"][i % 3]
}

fn direction(d: BaseDirection) -> TextDirection {
    match d {
        BaseDirection::Auto => TextDirection::Auto,
        BaseDirection::Ltr => TextDirection::Ltr,
        BaseDirection::Rtl => TextDirection::Rtl,
    }
}

fn main() -> anyhow::Result<()> {
    let out = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target/scripts-project"));
    if out.exists() {
        std::fs::remove_dir_all(&out)?;
    }
    let t = Utc.with_ymd_and_hms(2026, 5, 1, 9, 0, 0).unwrap();
    let (mut p, mut folder) = ProjectFolder::create(&out, "Scripts", Schema::default_news())?;
    let mut h = History::new();
    let provenance = Provenance {
        encoding: "UTF-8".into(),
        ..Default::default()
    };
    // One document with every sample (direction from each paragraph), then one per sample.
    let all: String = SAMPLES
        .iter()
        .filter(|s| s.direction == BaseDirection::Auto)
        .map(|s| s.text)
        .collect::<Vec<_>>()
        .join("\n");
    let mut docs = vec![
        (
            DocId::new("d_all"),
            "all-scripts".to_string(),
            all,
            TextDirection::Auto,
        ),
        (
            DocId::new("d_links"),
            "links".to_string(),
            LINKS.to_string(),
            TextDirection::Auto,
        ),
        (
            DocId::new("d_links_b"),
            "links-later".to_string(),
            LINKS_B.to_string(),
            TextDirection::Auto,
        ),
    ];
    for (i, s) in SAMPLES.iter().enumerate() {
        docs.push((
            DocId::new(format!("d_{i:02}_{}", s.name)),
            s.name.to_string(),
            s.text.to_string(),
            direction(s.direction),
        ));
    }
    for (i, (id, name, text, dir)) in docs.iter().enumerate() {
        let doc = Document::new(id.clone(), name.as_str(), text.as_str(), provenance.clone())
            .with_direction(*dir);
        h.apply(
            &mut p,
            Edit::InsertDocument { index: i, doc },
            "add".to_string(),
        )?;
    }
    let mut tag =
        |p: &mut Project, doc: &DocId, word: &str, ty: &str| -> anyhow::Result<MentionId> {
            let text = p.document(doc).expect("added above").text().to_string();
            let start = text
                .find(word)
                .ok_or_else(|| anyhow::anyhow!("{word} not in {doc}"))?;
            let r = TextRange::new(&text, start, start + word.len())?;
            let id = weft::idgen::mention_id();
            let (e, label) = ops::tag(p, id.clone(), doc, vec![r], ty, "samples", t)?;
            h.apply(p, e, label)?;
            Ok(id)
        };
    for (id, _, text, _) in &docs {
        for (i, s) in SAMPLES.iter().enumerate() {
            if text.contains(s.text) {
                tag(&mut p, id, s.word, type_of(i))?;
                if let Some((_, w, ty)) = MORE.iter().find(|(n, _, _)| *n == s.name) {
                    tag(&mut p, id, w, ty)?;
                }
            }
        }
    }
    // The people of the links documents, and relations from Ana to each (one across documents).
    let mut people_of_links = Vec::new();
    for (doc, word) in [
        ("d_links", "Ana Ruiz"),
        ("d_links", "Luis Ortega"),
        ("d_links", "Marta Vidal"),
        ("d_links", "Pedro Gil"),
        ("d_links_b", "Ana Ruiz"),
    ] {
        people_of_links.push(tag(&mut p, &DocId::new(doc), word, "PERSON")?);
    }
    for (i, other) in people_of_links[1..].iter().enumerate() {
        let r = Relation {
            layer: Default::default(),
            id: RelationId::new(format!("r_links_{i}")),
            type_key: "opposes".into(),
            from: Endpoint::Mention(people_of_links[0].clone()),
            to: Endpoint::Mention(other.clone()),
            attributes: Default::default(),
            note: String::new(),
        };
        weft::edit::apply(&mut p, Edit::InsertRelation(r))?;
    }
    // A relation between the first two people of the all-scripts document: an arc to look at.
    let people: Vec<MentionId> = p
        .mentions()
        .filter(|m| m.doc.as_str() == "d_all" && m.type_key == "PERSON")
        .map(|m| m.id.clone())
        .collect();
    if let [a, b, ..] = people.as_slice() {
        let r = Relation {
            layer: Default::default(),
            id: RelationId::new("r_samples"),
            type_key: "opposes".into(),
            from: Endpoint::Mention(a.clone()),
            to: Endpoint::Mention(b.clone()),
            attributes: Default::default(),
            note: String::new(),
        };
        weft::edit::apply(&mut p, Edit::InsertRelation(r))?;
    }
    folder.save(&p)?;
    println!(
        "{}: {} documents, {} mentions",
        out.display(),
        p.documents().len(),
        p.mentions().count()
    );
    Ok(())
}
