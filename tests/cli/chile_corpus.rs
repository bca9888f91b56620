//! End to end on the real corpus `../shared/corpus/chile-1973/`: import the three texts, tag
//! Pinochet, Allende and the coup of 11 September 1973 in each, link them across documents,
//! save, reload, export, and check the exported offsets in every unit.

use crate::common::*;
use serde_json::Value;
use weft::edit::{Edit, History, ops};
use weft::model::*;
use weft::store::ProjectFolder;

fn import_corpus(dir: &std::path::Path) -> Option<(Project, ProjectFolder, Vec<DocId>)> {
    let corpus = shared("corpus/chile-1973")?;
    let (mut p, folder) = ProjectFolder::create(dir, "Chile 1973", Schema::default_news()).unwrap();
    let files = weft::store::import::collect_text_files(&[corpus]).unwrap();
    assert_eq!(files.len(), 3);
    let mut ids = Vec::new();
    for f in files {
        let (doc, notice) = weft::store::document_from_file(&p, &f, t0()).unwrap();
        assert!(notice.is_none(), "the corpus is plain UTF-8: {notice:?}");
        ids.push(doc.id.clone());
        let index = p.documents().len();
        weft::edit::apply(&mut p, Edit::InsertDocument { index, doc }).unwrap();
    }
    Some((p, folder, ids))
}

/// How each document names the three things (needle, occurrence).
const PINOCHET: [(&str, usize); 3] = [
    ("Augusto Pinochet", 0),
    ("Augusto Pinochet", 0),
    ("Augusto Pinochet", 1),
];
const ALLENDE: [(&str, usize); 3] = [
    ("Salvador Allende", 0),
    ("Salvador Allende", 0),
    ("Salvador Allende", 0),
];
const COUP: [(&str, usize); 3] = [("coup", 1), ("coup", 1), ("coup", 0)];

#[test]
fn pinochet_allende_and_the_coup_linked_across_three_articles() {
    let dir = tempfile::tempdir().unwrap();
    let Some((mut p, mut folder, docs)) = import_corpus(dir.path()) else {
        return;
    };
    let mut h = History::new();
    let pinochet = ClusterId::new("c_pinochet");
    let allende = ClusterId::new("c_allende");
    let coup = ClusterId::new("c_coup_1973");
    let mut coup_mentions = Vec::new();
    let mut pinochet_mentions = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        let mp = tag(&mut p, &mut h, d, PINOCHET[i].0, PINOCHET[i].1, "PERSON");
        let ma = tag(&mut p, &mut h, d, ALLENDE[i].0, ALLENDE[i].1, "PERSON");
        let mc = tag(&mut p, &mut h, d, COUP[i].0, COUP[i].1, "COUP");
        for (m, c) in [(&mp, &pinochet), (&ma, &allende), (&mc, &coup)] {
            let edit = if p.cluster(c).is_none() {
                ops::new_cluster_from(&p, m, c.clone(), t0()).unwrap().0
            } else {
                ops::link(&p, m, Some(c), t0()).unwrap().0
            };
            h.apply(&mut p, edit, "link").unwrap();
        }
        coup_mentions.push(mc);
        pinochet_mentions.push(mp);
    }
    // Canonical names and the event's arguments: Pinochet as agent, Allende as target.
    let mut c = p.cluster(&pinochet).unwrap().clone();
    c.name = "Augusto Pinochet".into();
    c.external_id = Some("Q5928".into());
    h.apply(&mut p, Edit::ReplaceCluster(c), "rename").unwrap();
    let mut c = p.cluster(&coup).unwrap().clone();
    c.name = "Chilean coup of 11 September 1973".into();
    h.apply(&mut p, Edit::ReplaceCluster(c), "rename").unwrap();
    for (role, target) in [("agent", &pinochet), ("target", &allende)] {
        let a = Argument {
            layer: Default::default(),
            id: weft::idgen::argument_id(),
            event: Endpoint::Cluster(coup.clone()),
            role: role.into(),
            target: Endpoint::Cluster(target.clone()),
        };
        h.apply(&mut p, Edit::InsertArgument(a), "argue").unwrap();
    }
    // A cross-document relation between mentions: the coup in article 1 and article 3 oppose… no:
    // relate Pinochet (doc 1) to Allende (doc 3) with the symmetric `opposes`.
    let allende_3 = p
        .members(&allende)
        .find(|m| m.doc == docs[2])
        .unwrap()
        .id
        .clone();
    let rel = Relation {
        layer: Layer::annotator(Layer::DEFAULT_NAME).unwrap(),
        id: weft::idgen::relation_id(),
        type_key: "opposes".into(),
        from: Endpoint::Mention(pinochet_mentions[0].clone()),
        to: Endpoint::Mention(allende_3),
        attributes: Default::default(),
        note: String::new(),
    };
    h.apply(&mut p, Edit::InsertRelation(rel.clone()), "relate")
        .unwrap();
    // A mention after the emoji of 002_… (UTF-16 and code points differ by one there).
    let after_emoji = tag(&mut p, &mut h, &docs[2], "Newsletter", 0, "ORG");

    for c in [&pinochet, &allende, &coup] {
        let in_docs: std::collections::BTreeSet<&DocId> = p.members(c).map(|m| &m.doc).collect();
        assert_eq!(in_docs.len(), 3, "{c} has mentions in all three texts");
    }

    // Save, reload: the same project.
    folder.save(&p).unwrap();
    let (loaded, _) = ProjectFolder::load(dir.path()).unwrap();
    assert!(loaded == p);
    assert_eq!(
        loaded.relation(&rel.id),
        Some(&rel),
        "the cross-document relation survives save and load"
    );

    // Export and check every mention's text and offsets.
    let export: Value = weft::formats::weft_json::export(&loaded, t0()).unwrap();
    assert_eq!(export["offset_unit"], "unicode_code_points");
    let mut checked = 0;
    let mut after_emoji_seen = false;
    for d in export["documents"].as_array().unwrap() {
        let text = d["text"].as_str().unwrap();
        let chars: Vec<char> = text.chars().collect();
        let utf16: Vec<u16> = text.encode_utf16().collect();
        for m in d["mentions"].as_array().unwrap() {
            let (s, e) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            let slice: String = chars[s..e].iter().collect();
            assert_eq!(m["text"].as_str().unwrap(), slice, "code-point slice");
            let (s16, e16) = (
                m["start_utf16"].as_u64().unwrap() as usize,
                m["end_utf16"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                String::from_utf16(&utf16[s16..e16]).unwrap(),
                slice,
                "UTF-16 slice"
            );
            if m["id"] == after_emoji.0.as_str() {
                assert_eq!(s16, s + 1, "after the emoji UTF-16 counts one more");
                assert_eq!(e16, e + 1);
                after_emoji_seen = true;
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 10);
    assert!(after_emoji_seen);
    // The entities and the event list their mentions across all three documents.
    let find = |arr: &str, id: &ClusterId| -> Value {
        export[arr]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["id"] == id.0.as_str())
            .cloned()
            .unwrap()
    };
    let pin = find("entities", &pinochet);
    assert_eq!(pin["name"], "Augusto Pinochet");
    assert_eq!(pin["external_id"], "Q5928");
    assert_eq!(pin["documents"].as_array().unwrap().len(), 3);
    assert_eq!(pin["mentions"].as_array().unwrap().len(), 3);
    let ev = find("events", &coup);
    assert_eq!(ev["mentions"].as_array().unwrap().len(), 3);
    assert_eq!(ev["arguments"].as_array().unwrap().len(), 2);
    let args = export["arguments"].as_array().unwrap();
    assert!(args.iter().any(|a| a["role"] == "agent"
        && a["argument"]["id"] == pinochet.0.as_str()
        && a["event"]["kind"] == "event"));
    let rels = export["relations"].as_array().unwrap();
    assert_eq!(rels.len(), 1);
    assert_eq!(rels[0]["cross_document"], true);
    // And the export validates against the shipped schema.
    let schema: Value = serde_json::from_str(weft::formats::weft_json::SCHEMA).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&export)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn corpus_texts_are_kept_byte_exact() {
    let dir = tempfile::tempdir().unwrap();
    let Some((p, mut folder, _)) = import_corpus(dir.path()) else {
        return;
    };
    folder.save(&p).unwrap();
    let corpus = shared("corpus/chile-1973").unwrap();
    for d in p.documents() {
        let original = std::fs::read(corpus.join(format!("{}.txt", d.name))).unwrap();
        let stored = std::fs::read(dir.path().join(folder.text_path(&d.id).unwrap())).unwrap();
        assert_eq!(original, stored, "{}", d.name);
    }
}

/// The linking tools on the real corpus: find Pinochet with the corpus search, tag every hit
/// in one step into one PERSON entity, make the coup one COUP event with him as its agent
/// (through the reasoned role list), check suggestions against the search, and check the
/// export's code-point offsets by slicing the texts.
#[test]
fn search_tag_all_and_arguments_build_pinochet_and_the_coup() {
    use weft::search::{self, SearchOptions};
    let dir = tempfile::tempdir().unwrap();
    let Some((mut p, mut folder, docs)) = import_corpus(dir.path()) else {
        return;
    };
    let mut h = History::new();
    let whole = SearchOptions {
        whole_word: true,
        ..Default::default()
    };
    let hits = search::search(&p, "Pinochet", whole).unwrap();
    let in_docs: std::collections::BTreeSet<&DocId> = hits.iter().map(|h| &h.doc).collect();
    assert_eq!(in_docs.len(), 3, "Pinochet is named in all three texts");
    for hit in &hits {
        let text = p.document(&hit.doc).unwrap().text();
        assert_eq!(hit.range.slice(text), "Pinochet");
    }

    // The first hit becomes the entity; tag-all adds the rest to it as one step.
    let first = MentionId::new("m_pinochet_first");
    let (e, l) = ops::tag(
        &p,
        first.clone(),
        &hits[0].doc,
        vec![hits[0].range],
        "PERSON",
        "t",
        t0(),
    )
    .unwrap();
    h.apply(&mut p, e, l).unwrap();
    let pinochet = ClusterId::new("c_pinochet");
    let (e, l) = ops::new_cluster_from(&p, &first, pinochet.clone(), t0()).unwrap();
    h.apply(&mut p, e, l).unwrap();
    let (e, l) = ops::set_external_id(&p, &pinochet, Some("Q5928")).unwrap();
    h.apply(&mut p, e, l).unwrap();
    let (e, summary) = ops::tag_all(
        &p,
        &hits,
        "PERSON",
        Some(&pinochet),
        &mut weft::idgen::mention_id,
        "t",
        t0(),
    )
    .unwrap();
    assert_eq!(
        summary.skipped_already_tagged, 1,
        "the first hit was tagged by hand"
    );
    assert_eq!(summary.tagged, hits.len() - 1);
    h.apply(&mut p, e, summary.label).unwrap();
    assert_eq!(p.members(&pinochet).count(), hits.len());

    // The coup: every whole-word "coup", any case, into one COUP event.
    let ci = SearchOptions {
        whole_word: true,
        case_insensitive: true,
        ..Default::default()
    };
    let coups = search::search(&p, "coup", ci).unwrap();
    let coup_docs: std::collections::BTreeSet<&DocId> = coups.iter().map(|h| &h.doc).collect();
    assert_eq!(coup_docs.len(), 3);
    let coup = ClusterId::new("c_coup_1973");
    let seed = MentionId::new("m_coup_first");
    let (e, l) = ops::tag(
        &p,
        seed.clone(),
        &coups[0].doc,
        vec![coups[0].range],
        "COUP",
        "t",
        t0(),
    )
    .unwrap();
    h.apply(&mut p, e, l).unwrap();
    let (e, l) = ops::new_cluster_from(&p, &seed, coup.clone(), t0()).unwrap();
    h.apply(&mut p, e, l).unwrap();
    let (e, s) = ops::tag_all(
        &p,
        &coups,
        "COUP",
        Some(&coup),
        &mut weft::idgen::mention_id,
        "t",
        t0(),
    )
    .unwrap();
    h.apply(&mut p, e, s.label).unwrap();

    // Pinochet as agent: the role list allows it and explains what it refuses.
    let ev = Endpoint::Cluster(coup.clone());
    let who = Endpoint::Cluster(pinochet.clone());
    let roles = ops::roles_for(&p, &ev, &who);
    assert!(
        roles
            .iter()
            .find(|r| r.key() == "agent")
            .unwrap()
            .is_allowed()
    );
    assert_eq!(
        roles.iter().find(|r| r.key() == "place").unwrap().reason(),
        Some("PERSON cannot be the place of COUP: role place accepts PLACE")
    );
    let arg = ArgumentId::new("a_pinochet_agent");
    let (e, l) = ops::add_argument(&p, arg.clone(), &ev, "agent", &who).unwrap();
    h.apply(&mut p, e, l).unwrap();

    // Suggestions agree with the search: tagging "Allende" once suggests every other
    // whole-word occurrence, linked to the same entity.
    let allende_hits = search::search(&p, "Allende", whole).unwrap();
    let m = MentionId::new("m_allende_first");
    let (e, l) = ops::tag(
        &p,
        m.clone(),
        &allende_hits[0].doc,
        vec![allende_hits[0].range],
        "PERSON",
        "t",
        t0(),
    )
    .unwrap();
    h.apply(&mut p, e, l).unwrap();
    let (e, l) = ops::new_cluster_from(&p, &m, ClusterId::new("c_allende"), t0()).unwrap();
    h.apply(&mut p, e, l).unwrap();
    let sugg = weft::suggest::suggestions(&p);
    let allende_sugg: Vec<_> = sugg.iter().filter(|s| s.text == "Allende").collect();
    assert_eq!(allende_sugg.len(), allende_hits.len() - 1);
    assert!(
        allende_sugg
            .iter()
            .all(|s| s.cluster.as_ref().map(|c| c.as_str()) == Some("c_allende"))
    );
    assert!(
        sugg.iter().all(|s| s.text != "Pinochet"),
        "every Pinochet is tagged"
    );
    // Reject one; it stays rejected through save and load.
    let r = allende_sugg[0];
    let (e, l) = ops::reject_suggestion(&p, &r.doc, r.range, &r.type_key).unwrap();
    h.apply(&mut p, e, l).unwrap();
    folder.save(&p).unwrap();
    let (loaded, _) = ProjectFolder::load(dir.path()).unwrap();
    assert!(loaded == p);
    assert_eq!(weft::suggest::suggestions(&loaded).len(), sugg.len() - 1);
    let stats = weft::cli::stats(&loaded);
    assert_eq!(stats["rejected_suggestions"], 1);
    assert_eq!(stats["external_ids"], 1);

    // The export lists the entity, the event and the argument with code-point offsets.
    let export: Value = weft::formats::weft_json::export(&loaded, t0()).unwrap();
    let texts: std::collections::HashMap<String, Vec<char>> = export["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_string(),
                d["text"].as_str().unwrap().chars().collect(),
            )
        })
        .collect();
    let by_id: std::collections::HashMap<&str, &Value> = export["documents"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["mentions"].as_array().unwrap())
        .map(|m| (m["id"].as_str().unwrap(), m))
        .collect();
    let entity = export["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "c_pinochet")
        .unwrap();
    assert_eq!(entity["external_id"], "Q5928");
    assert_eq!(entity["documents"].as_array().unwrap().len(), 3);
    let listed = entity["mentions"].as_array().unwrap();
    assert_eq!(listed.len(), hits.len());
    for l in listed {
        let m = by_id[l["mention"].as_str().unwrap()];
        let chars = &texts[l["document"].as_str().unwrap()];
        let (s, e) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        let slice: String = chars[s..e].iter().collect();
        assert_eq!(slice, "Pinochet", "code-point offsets {s}..{e}");
    }
    let event = export["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "c_coup_1973")
        .unwrap();
    assert_eq!(event["documents"].as_array().unwrap().len(), 3);
    assert_eq!(event["arguments"], serde_json::json!(["a_pinochet_agent"]));
    for l in event["mentions"].as_array().unwrap() {
        let m = by_id[l["mention"].as_str().unwrap()];
        let chars = &texts[l["document"].as_str().unwrap()];
        let (s, e) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        let slice: String = chars[s..e].iter().collect();
        assert_eq!(slice.to_lowercase(), "coup");
    }
    let a = export["arguments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "a_pinochet_agent")
        .unwrap();
    assert_eq!(a["role"], "agent");
    assert_eq!(a["event"]["id"], "c_coup_1973");
    assert_eq!(a["argument"]["id"], "c_pinochet");
    assert_eq!(a["argument"]["kind"], "entity");
    let _ = docs;
}
