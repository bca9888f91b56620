//! Builds the demo project `projects/demo` from the texts in `examples/demo_texts/`, with
//! annotations located by searching for their words (so no offset is typed by hand).
//!
//! Two annotators work on it: Ana (the full annotation below) and Ben, who disagrees with her
//! the way annotators do: a missed mention, a different type, a different span boundary, a
//! mention in another entity, a cross-document entity split, an invented mention, a missing
//! relation and an extra one, a missing argument and one moved to the split entity. The
//! curator, Cora, has begun: the curation layer holds what both agree on (`weft curate --auto
//! agree`), the entities and events as Ana drew them, and then the links both agree on; the
//! spans, types, relations and arguments they disagree on are still open, so the compare view,
//! the agreement report and curation open on something real.
//!
//! `cargo run --example make_demo -- [OUT_DIR]` (default `projects/demo`; must not exist yet).

use chrono::{TimeZone, Utc};
use std::collections::BTreeMap;
use std::path::PathBuf;
use weft::curation::{AutoMode, Decision, Kind, auto, decide};
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

/// How the second annotator departs from the first (see the module docs).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Annotator {
    Ana,
    Ben,
}

/// The mentions `who` tags: (document, words, occurrence, type, registry key).
fn mentions_of(
    who: Annotator,
) -> Vec<(
    &'static str,
    &'static str,
    usize,
    &'static str,
    &'static str,
)> {
    let mut out = Vec::new();
    for &(doc, words, nth, ty, key) in MENTIONS {
        if who == Annotator::Ben {
            match (doc, words, nth) {
                // A missed mention.
                ("el-heraldo-1974-06-03", "Electoral Tribunal", 0) => continue,
                // A different type.
                ("wire-1974-09-18", "Estadio del Sur", 0) => {
                    out.push((doc, words, nth, "ORG", key));
                    continue;
                }
                // A different span boundary: the title left out.
                ("wire-1974-09-18", "President Elena Sarmiento", 0) => {
                    out.push((doc, "Elena Sarmiento", 0, ty, key));
                    continue;
                }
                // A mention in another entity: the dockworkers taken for the party.
                ("wire-1974-09-18", "dockworkers", 0) => {
                    out.push((doc, words, nth, ty, "civico"));
                    continue;
                }
                // A cross-document entity split: the forum's Falcón is someone else.
                ("forum-post-2024", _, _) if key == "falcon" => {
                    out.push((doc, words, nth, ty, "falcon_forum"));
                    continue;
                }
                _ => {}
            }
        }
        out.push((doc, words, nth, ty, key));
    }
    if who == Annotator::Ben {
        // An invented mention: the dateline's date.
        out.push(("wire-1974-09-18", "Sept. 18", 0, "DATE", ""));
    }
    out
}

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
    for (who, name) in [(Annotator::Ana, "Ana"), (Annotator::Ben, "Ben")] {
        p.set_working_layer(Layer::annotator(name)?);
        annotate(&mut p, &mut h, who, name, when)?;
    }
    let layers = [Layer::annotator("Ana")?, Layer::annotator("Ben")?];
    let mut n = 0u64;
    let mut ids = |prefix: &str| {
        n += 1;
        format!("{prefix}demo{n:04}")
    };
    let (edit, summary) = auto(&p, &layers, AutoMode::Agree, &mut ids, "Cora", when)?;
    h.apply(&mut p, edit, summary.label.clone())?;
    // The curator settles who is who (Ana's entities and events), then pre-merges again: the
    // links both annotators agree on now have their ends in the curation layer.
    let d = weft::curation::disagreements(&p, &layers)?;
    for item in d.items.iter().filter(|i| i.kind == Kind::Membership) {
        let (edit, label) = decide(
            &p,
            &d,
            item,
            Decision::Accept(layers[0].clone()),
            &mut ids,
            "Cora",
            when,
        )?;
        h.apply(&mut p, edit, label)?;
    }
    let (edit, again) = auto(&p, &layers, AutoMode::Agree, &mut ids, "Cora", when)?;
    h.apply(&mut p, edit, again.label.clone())?;
    folder.save(&p)?;
    let d = weft::curation::disagreements(&p, &layers)?;
    println!(
        "wrote {} ({} documents, {} mentions in {} layers; curation: {}; {})",
        out.display(),
        p.documents().len(),
        p.mentions().count(),
        p.layers().count(),
        summary.label,
        d.progress()
    );
    Ok(())
}

/// One annotator's layer (the project's working layer): mentions, entities and events,
/// relations, arguments, attributes and notes.
fn annotate(
    p: &mut Project,
    h: &mut History,
    who: Annotator,
    author: &str,
    when: chrono::DateTime<Utc>,
) -> anyhow::Result<()> {
    let doc_id = |p: &Project, name: &str| {
        p.documents()
            .iter()
            .find(|d| d.name == name)
            .expect("every mention names one of the three demo texts")
            .id
            .clone()
    };
    let mut cluster_ids: BTreeMap<&str, ClusterId> = BTreeMap::new();
    let mut clusters: Vec<(&str, &str, &str)> = CLUSTERS.to_vec();
    if who == Annotator::Ben {
        clusters.push(("falcon_forum", "Rodrigo Falcón (forum)", "PERSON"));
    }
    for (key, name, ty) in clusters {
        let id = weft::idgen::cluster_id();
        let c = Cluster {
            id: id.clone(),
            type_key: ty.to_string(),
            name: name.to_string(),
            external_id: None,
            attributes: Default::default(),
            note: String::new(),
            layer: Layer::unset(),
        };
        h.apply(p, Edit::InsertCluster(c), "cluster")?;
        cluster_ids.insert(key, id);
    }
    let mut by_key: BTreeMap<(String, &str, usize), MentionId> = BTreeMap::new();
    for (doc, words, nth, ty, key) in mentions_of(who) {
        let d = doc_id(p, doc);
        let text = p.document(&d).expect("added above").text();
        let start = text
            .match_indices(words)
            .nth(nth)
            .ok_or_else(|| anyhow::anyhow!("{words} #{nth} not in {doc}"))?
            .0;
        let range = TextRange::new(text, start, start + words.len())?;
        let id = weft::idgen::mention_id();
        let (edit, label) = ops::tag(p, id.clone(), &d, vec![range], ty, author, when)?;
        h.apply(p, edit, label)?;
        if !key.is_empty() {
            let (edit, label) = ops::link(p, &id, Some(&cluster_ids[key]), when)?;
            h.apply(p, edit, label)?;
        }
        by_key.insert((doc.to_string(), words, nth), id);
    }
    links(p, h, who, &cluster_ids, &by_key)?;
    notes(p, h, &cluster_ids, &by_key, when)
}

/// Registry keys to cluster ids.
type ClusterIds = BTreeMap<&'static str, ClusterId>;
/// (document, words, occurrence) to mention ids.
type MentionIds = BTreeMap<(String, &'static str, usize), MentionId>;

/// The relations and event arguments of `who`'s layer.
fn links(
    p: &mut Project,
    h: &mut History,
    who: Annotator,
    cluster_ids: &ClusterIds,
    by_key: &MentionIds,
) -> anyhow::Result<()> {
    for (ev, role, filler) in ARGUMENTS {
        let filler = match (who, *ev, *role) {
            // A missing argument: the time of the coup.
            (Annotator::Ben, "coup", "time") => continue,
            // An argument moved to the split entity: the 2001 arrest is of the forum's Falcón.
            (Annotator::Ben, "arrest_falcon", "detainee") => "falcon_forum",
            _ => filler,
        };
        let a = Argument {
            id: weft::idgen::argument_id(),
            event: Endpoint::Cluster(cluster_ids[ev].clone()),
            role: role.to_string(),
            target: Endpoint::Cluster(cluster_ids[filler].clone()),
            layer: Layer::unset(),
        };
        h.apply(p, Edit::InsertArgument(a), "argument")?;
    }
    for (ty, from, to) in RELATIONS {
        let r = Relation {
            id: weft::idgen::relation_id(),
            type_key: ty.to_string(),
            from: Endpoint::Cluster(cluster_ids[from].clone()),
            to: Endpoint::Cluster(cluster_ids[to].clone()),
            attributes: Default::default(),
            note: String::new(),
            layer: Layer::unset(),
        };
        h.apply(p, Edit::InsertRelation(r), "relation")?;
    }
    // Mention-level links: in the wire report the arrest trigger has Sarmiento as detainee, and
    // Falcón (wire) opposes Sarmiento (El Heraldo): a relation across documents (Ben misses
    // it, and places the stadium in Santa Lucía instead).
    let m =
        |doc: &str, words: &'static str, nth: usize| by_key[&(doc.to_string(), words, nth)].clone();
    let a = Argument {
        id: weft::idgen::argument_id(),
        event: Endpoint::Mention(m("wire-1974-09-18", "arrested", 0)),
        role: "detainee".into(),
        target: Endpoint::Mention(m("wire-1974-09-18", "Sarmiento", 1)),
        layer: Layer::unset(),
    };
    h.apply(p, Edit::InsertArgument(a), "argument")?;
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
            layer: Layer::unset(),
        };
        h.apply(p, Edit::InsertArgument(a), "time argument")?;
    }
    let r = if who == Annotator::Ana {
        Relation {
            id: weft::idgen::relation_id(),
            type_key: "opposes".into(),
            from: Endpoint::Mention(m("wire-1974-09-18", "Colonel Rodrigo Falcón", 0)),
            to: Endpoint::Mention(m("el-heraldo-1974-06-03", "Elena Sarmiento", 0)),
            attributes: Default::default(),
            note: "He contested her election, then overthrew her.".into(),
            layer: Layer::unset(),
        }
    } else {
        Relation {
            id: weft::idgen::relation_id(),
            type_key: "located_in".into(),
            from: Endpoint::Mention(m("wire-1974-09-18", "Estadio del Sur", 0)),
            to: Endpoint::Cluster(cluster_ids["santa_lucia"].clone()),
            attributes: Default::default(),
            note: String::new(),
            layer: Layer::unset(),
        }
    };
    h.apply(p, Edit::InsertRelation(r), "relation")?;
    Ok(())
}

/// Attributes and notes.
fn notes(
    p: &mut Project,
    h: &mut History,
    cluster_ids: &ClusterIds,
    by_key: &MentionIds,
    when: chrono::DateTime<Utc>,
) -> anyhow::Result<()> {
    let m =
        |doc: &str, words: &'static str, nth: usize| by_key[&(doc.to_string(), words, nth)].clone();
    // Attributes and notes.
    let coup_mention = m("wire-1974-09-18", "coup", 0);
    let (e, l) = ops::set_attribute(
        p,
        &coup_mention,
        "certainty",
        Some(AttrValue::Text("certain".into())),
        when,
    )?;
    h.apply(p, e, l)?;
    let colonel = m("forum-post-2024", "the Colonel", 0);
    let (e, l) = ops::set_note(
        p,
        &colonel,
        "Title used for Falcón before he promoted himself.",
        when,
    )?;
    h.apply(p, e, l)?;
    let mut s = p
        .cluster(&cluster_ids["sarmiento"])
        .expect("inserted above")
        .clone();
    s.attributes.insert(
        "role_title".into(),
        AttrValue::Text("President (1974)".into()),
    );
    h.apply(p, Edit::ReplaceCluster(s), "title")?;
    Ok(())
}
