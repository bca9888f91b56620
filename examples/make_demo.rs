//! Builds the demo project `projects/demo` from the texts in `examples/demo_texts/`, with
//! annotations located by searching for their words (so no offset is typed by hand).
//!
//! `cargo run --example make_demo -- [OUT_DIR]` (default `projects/demo`; must not exist yet).

use chrono::{TimeZone, Utc};
use std::collections::BTreeMap;
use std::path::PathBuf;
use weft::edit::{Edit, History, ops};
use weft::model::*;
use weft::store::ProjectFolder;

/// (document, words, occurrence, type, registry key or "")
const MENTIONS: &[(&str, &str, usize, &str, &str)] = &[
    (
        "el-heraldo-1974-06-03",
        "Santa Lucía",
        0,
        "PLACE",
        "santa_lucia",
    ),
    ("el-heraldo-1974-06-03", "3 June 1974", 0, "DATE", ""),
    (
        "el-heraldo-1974-06-03",
        "Elena Sarmiento",
        0,
        "PERSON",
        "sarmiento",
    ),
    (
        "el-heraldo-1974-06-03",
        "Partido Cívico",
        0,
        "ORG",
        "civico",
    ),
    (
        "el-heraldo-1974-06-03",
        "presidential election",
        0,
        "ELECTION",
        "election",
    ),
    ("el-heraldo-1974-06-03", "Electoral Tribunal", 0, "ORG", ""),
    (
        "el-heraldo-1974-06-03",
        "Colonel Rodrigo Falcón",
        0,
        "PERSON",
        "falcon",
    ),
    ("el-heraldo-1974-06-03", "Army", 0, "ORG", "army"),
    (
        "el-heraldo-1974-06-03",
        "Sarmiento",
        1,
        "PERSON",
        "sarmiento",
    ),
    (
        "el-heraldo-1974-06-03",
        "dockworkers of Puerto Ámbar",
        0,
        "ORG",
        "dockers",
    ),
    ("el-heraldo-1974-06-03", "Puerto Ámbar", 0, "PLACE", "ambar"),
    ("el-heraldo-1974-06-03", "Falcón", 1, "PERSON", "falcon"),
    (
        "el-heraldo-1974-06-03",
        "Santa Lucía",
        1,
        "PLACE",
        "santa_lucia",
    ),
    (
        "el-heraldo-1974-06-03",
        "Andean Lawyers’ Association",
        0,
        "ORG",
        "",
    ),
    ("wire-1974-09-18", "SANTA LUCÍA", 0, "PLACE", "santa_lucia"),
    ("wire-1974-09-18", "Palacio Azul", 0, "PLACE", "palacio"),
    ("wire-1974-09-18", "17 September 1974", 0, "DATE", "sept17"),
    (
        "wire-1974-09-18",
        "Colonel Rodrigo Falcón",
        0,
        "PERSON",
        "falcon",
    ),
    ("wire-1974-09-18", "coup", 0, "COUP", "coup"),
    (
        "wire-1974-09-18",
        "President Elena Sarmiento",
        0,
        "PERSON",
        "sarmiento",
    ),
    ("wire-1974-09-18", "Radio Nacional", 0, "ORG", "radio"),
    ("wire-1974-09-18", "Falcón", 1, "PERSON", "falcon"),
    (
        "wire-1974-09-18",
        "arrested",
        0,
        "ARREST",
        "arrest_sarmiento",
    ),
    ("wire-1974-09-18", "Sarmiento", 1, "PERSON", "sarmiento"),
    ("wire-1974-09-18", "Estadio del Sur", 0, "PLACE", ""),
    ("wire-1974-09-18", "Partido Cívico", 0, "ORG", "civico"),
    ("wire-1974-09-18", "dockworkers", 0, "ORG", "dockers"),
    ("wire-1974-09-18", "Puerto Ámbar", 0, "PLACE", "ambar"),
    ("wire-1974-09-18", "Falcón", 2, "PERSON", "falcon"),
    ("forum-post-2024", "17 September 1974", 0, "DATE", "sept17"),
    ("forum-post-2024", "coup", 0, "COUP", "coup"),
    ("forum-post-2024", "Radio Nacional", 0, "ORG", "radio"),
    ("forum-post-2024", "the Colonel", 0, "PERSON", "falcon"),
    ("forum-post-2024", "Falcón", 0, "PERSON", "falcon"),
    ("forum-post-2024", "election", 0, "ELECTION", "election"),
    (
        "forum-post-2024",
        "Elena Sarmiento",
        0,
        "PERSON",
        "sarmiento",
    ),
    ("forum-post-2024", "arrest", 0, "ARREST", "arrest_sarmiento"),
    ("forum-post-2024", "died", 0, "DEATH", "death_sarmiento"),
    ("forum-post-2024", "Santa Lucía", 0, "PLACE", "santa_lucia"),
    ("forum-post-2024", "Rodrigo Falcón", 0, "PERSON", "falcon"),
    ("forum-post-2024", "arrested", 0, "ARREST", "arrest_falcon"),
    ("forum-post-2024", "Puerto Ámbar", 0, "PLACE", "ambar"),
    ("forum-post-2024", "dockworkers", 0, "ORG", "dockers"),
    ("forum-post-2024", "Sarmiento", 1, "PERSON", "sarmiento"),
    // Dates for the timeline (issue 14): the death's year is its time argument below; the
    // year of Falcón's arrest is left unlinked, so the timeline offers it as a suggestion.
    ("forum-post-2024", "2009", 0, "DATE", ""),
    ("forum-post-2024", "2001", 0, "DATE", ""),
];

/// Registry items: key -> (canonical name, type).
const CLUSTERS: &[(&str, &str, &str)] = &[
    ("sarmiento", "Elena Sarmiento", "PERSON"),
    ("falcon", "Rodrigo Falcón", "PERSON"),
    ("civico", "Partido Cívico", "ORG"),
    ("army", "Army of the Republic", "ORG"),
    ("dockers", "Puerto Ámbar dockworkers", "ORG"),
    ("radio", "Radio Nacional", "ORG"),
    ("santa_lucia", "Santa Lucía", "PLACE"),
    ("ambar", "Puerto Ámbar", "PLACE"),
    ("palacio", "Palacio Azul", "PLACE"),
    ("sept17", "17 September 1974", "DATE"),
    (
        "election",
        "Presidential election of 2 June 1974",
        "ELECTION",
    ),
    ("coup", "Coup of 17 September 1974", "COUP"),
    (
        "arrest_sarmiento",
        "Arrest of Elena Sarmiento (1974)",
        "ARREST",
    ),
    ("arrest_falcon", "Arrest of Rodrigo Falcón (2001)", "ARREST"),
    (
        "death_sarmiento",
        "Death of Elena Sarmiento (2009)",
        "DEATH",
    ),
];

/// Cluster-level event arguments: (event, role, filler).
const ARGUMENTS: &[(&str, &str, &str)] = &[
    ("election", "winner", "sarmiento"),
    ("election", "candidate", "sarmiento"),
    ("election", "candidate", "falcon"),
    ("coup", "agent", "falcon"),
    ("coup", "agent", "army"),
    ("coup", "target", "sarmiento"),
    ("coup", "place", "santa_lucia"),
    ("coup", "time", "sept17"),
    ("arrest_sarmiento", "detainee", "sarmiento"),
    ("arrest_sarmiento", "place", "palacio"),
    ("arrest_falcon", "detainee", "falcon"),
    ("death_sarmiento", "victim", "sarmiento"),
    ("death_sarmiento", "place", "santa_lucia"),
];

/// Cluster-level relations: (type, from, to).
const RELATIONS: &[(&str, &str, &str)] = &[
    ("member_of", "falcon", "army"),
    ("member_of", "sarmiento", "civico"),
    ("located_in", "palacio", "santa_lucia"),
    ("located_in", "ambar", "santa_lucia"),
];

fn main() -> anyhow::Result<()> {
    let out = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| "projects/demo".into());
    let texts = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/demo_texts");
    let when = Utc
        .with_ymd_and_hms(2026, 11, 21, 9, 0, 0)
        .single()
        .expect("a valid date");
    let (mut p, mut folder) = ProjectFolder::create(
        &out,
        "Demo: the Santa Lucía coup of 1974",
        Schema::default_news(),
    )?;
    let mut h = History::new();
    for name in [
        "el-heraldo-1974-06-03",
        "wire-1974-09-18",
        "forum-post-2024",
    ] {
        let (doc, notice) =
            weft::store::document_from_file(&p, &texts.join(format!("{name}.txt")), when)?;
        anyhow::ensure!(notice.is_none(), "{notice:?}");
        let index = p.documents().len();
        h.apply(&mut p, Edit::InsertDocument { index, doc }, "add")?;
    }
    let doc_id = |p: &Project, name: &str| {
        p.documents()
            .iter()
            .find(|d| d.name == name)
            .expect("every mention names one of the three demo texts")
            .id
            .clone()
    };
    let mut cluster_ids: BTreeMap<&str, ClusterId> = BTreeMap::new();
    for (key, name, ty) in CLUSTERS {
        let id = weft::idgen::cluster_id();
        let c = Cluster {
            id: id.clone(),
            type_key: ty.to_string(),
            name: name.to_string(),
            external_id: None,
            attributes: Default::default(),
            note: String::new(),
        };
        h.apply(&mut p, Edit::InsertCluster(c), "cluster")?;
        cluster_ids.insert(key, id);
    }
    let mut by_key: BTreeMap<(String, &str, usize), MentionId> = BTreeMap::new();
    for (doc, words, nth, ty, key) in MENTIONS {
        let d = doc_id(&p, doc);
        let text = p.document(&d).expect("added above").text();
        let start = text
            .match_indices(words)
            .nth(*nth)
            .ok_or_else(|| anyhow::anyhow!("{words} #{nth} not in {doc}"))?
            .0;
        let range = TextRange::new(text, start, start + words.len())?;
        let id = weft::idgen::mention_id();
        let (edit, label) = ops::tag(&p, id.clone(), &d, vec![range], ty, "Weft demo", when)?;
        h.apply(&mut p, edit, label)?;
        if !key.is_empty() {
            let (edit, label) = ops::link(&p, &id, Some(&cluster_ids[key]), when)?;
            h.apply(&mut p, edit, label)?;
        }
        by_key.insert((doc.to_string(), words, *nth), id);
    }
    for (ev, role, filler) in ARGUMENTS {
        let a = Argument {
            id: weft::idgen::argument_id(),
            event: Endpoint::Cluster(cluster_ids[ev].clone()),
            role: role.to_string(),
            target: Endpoint::Cluster(cluster_ids[filler].clone()),
        };
        h.apply(&mut p, Edit::InsertArgument(a), "argument")?;
    }
    for (ty, from, to) in RELATIONS {
        let r = Relation {
            id: weft::idgen::relation_id(),
            type_key: ty.to_string(),
            from: Endpoint::Cluster(cluster_ids[from].clone()),
            to: Endpoint::Cluster(cluster_ids[to].clone()),
            attributes: Default::default(),
            note: String::new(),
        };
        h.apply(&mut p, Edit::InsertRelation(r), "relation")?;
    }
    // Mention-level links: in the wire report the arrest trigger has Sarmiento as detainee, and
    // Falcón (wire) opposes Sarmiento (El Heraldo): a relation across documents.
    let m =
        |doc: &str, words: &'static str, nth: usize| by_key[&(doc.to_string(), words, nth)].clone();
    let a = Argument {
        id: weft::idgen::argument_id(),
        event: Endpoint::Mention(m("wire-1974-09-18", "arrested", 0)),
        role: "detainee".into(),
        target: Endpoint::Mention(m("wire-1974-09-18", "Sarmiento", 1)),
    };
    h.apply(&mut p, Edit::InsertArgument(a), "argument")?;
    // Times for the timeline: the wire dates the arrest (the day of the coup), the forum post
    // the death (2009).
    for (event, date) in [
        (
            Endpoint::Mention(m("wire-1974-09-18", "arrested", 0)),
            m("wire-1974-09-18", "17 September 1974", 0),
        ),
        (
            Endpoint::Cluster(cluster_ids["death_sarmiento"].clone()),
            m("forum-post-2024", "2009", 0),
        ),
    ] {
        let a = Argument {
            id: weft::idgen::argument_id(),
            event,
            role: "time".into(),
            target: Endpoint::Mention(date),
        };
        h.apply(&mut p, Edit::InsertArgument(a), "time argument")?;
    }
    let r = Relation {
        id: weft::idgen::relation_id(),
        type_key: "opposes".into(),
        from: Endpoint::Mention(m("wire-1974-09-18", "Colonel Rodrigo Falcón", 0)),
        to: Endpoint::Mention(m("el-heraldo-1974-06-03", "Elena Sarmiento", 0)),
        attributes: Default::default(),
        note: "He contested her election, then overthrew her.".into(),
    };
    h.apply(&mut p, Edit::InsertRelation(r), "relation")?;
    // Attributes and notes.
    let coup_mention = m("wire-1974-09-18", "coup", 0);
    let (e, l) = ops::set_attribute(
        &p,
        &coup_mention,
        "certainty",
        Some(AttrValue::Text("certain".into())),
        when,
    )?;
    h.apply(&mut p, e, l)?;
    let colonel = m("forum-post-2024", "the Colonel", 0);
    let (e, l) = ops::set_note(
        &p,
        &colonel,
        "Title used for Falcón before he promoted himself.",
        when,
    )?;
    h.apply(&mut p, e, l)?;
    let mut s = p
        .cluster(&cluster_ids["sarmiento"])
        .expect("inserted above")
        .clone();
    s.attributes.insert(
        "role_title".into(),
        AttrValue::Text("President (1974)".into()),
    );
    h.apply(&mut p, Edit::ReplaceCluster(s), "title")?;
    folder.save(&p)?;
    println!(
        "wrote {} ({} documents, {} mentions)",
        out.display(),
        p.documents().len(),
        p.mentions().count()
    );
    Ok(())
}
