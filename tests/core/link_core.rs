//! Linking across documents, the core: merging and splitting entities and events, relations
//! and arguments with reasons for what is not allowed, corpus search, tag-all and suggestions
//! (with rejections that persist), told as stories on small invented texts.

use crate::common::*;
use proptest::prelude::*;
use weft::edit::ops::{self, RelTypeChoice, RoleChoice};
use weft::edit::{Edit, History};
use weft::model::*;
use weft::search::{self, Hit, SearchError, SearchOptions};
use weft::store::ProjectFolder;
use weft::suggest::{self, Suggester};

const D1: &str = "General Ruiz led the coup in Puerto Lindo. Ruiz met the Junta and Ortega.";
const D2: &str = "Augusto Ruiz denied the coup. Ortega opposed Ruiz in Valle Alto.";

fn setup() -> (Project, History, DocId, DocId) {
    let p = project_with(vec![doc("d_one", "one", D1), doc("d_two", "two", D2)]);
    (p, History::new(), DocId::new("d_one"), DocId::new("d_two"))
}

/// Builds an edit from the project as it is and applies it.
fn apply(
    p: &mut Project,
    h: &mut History,
    build: impl FnOnce(&Project) -> Result<(Edit, String), EditError>,
) {
    let (e, label) = build(p).unwrap();
    h.apply(p, e, label).unwrap();
}

/// A new cluster from a mention, with a fixed id.
fn cluster_of(p: &mut Project, h: &mut History, m: &MentionId, id: &str) -> ClusterId {
    let c = ClusterId::new(id);
    apply(p, h, |p| ops::new_cluster_from(p, m, c.clone(), t0()));
    c
}

fn link(p: &mut Project, h: &mut History, m: &MentionId, c: &ClusterId) {
    apply(p, h, |p| ops::link(p, m, Some(c), t0()));
}

fn cl(id: &ClusterId) -> Endpoint {
    Endpoint::Cluster(id.clone())
}

fn me(id: &MentionId) -> Endpoint {
    Endpoint::Mention(id.clone())
}

fn relate(p: &mut Project, h: &mut History, ty: &str, from: Endpoint, to: Endpoint) -> RelationId {
    let id = weft::idgen::relation_id();
    apply(p, h, |p| ops::add_relation(p, id.clone(), ty, &from, &to));
    id
}

fn argue(p: &mut Project, h: &mut History, ev: Endpoint, role: &str, t: Endpoint) -> ArgumentId {
    let id = weft::idgen::argument_id();
    apply(p, h, |p| ops::add_argument(p, id.clone(), &ev, role, &t));
    id
}

/// Two clusters for the same general (one per document), with overlapping links.
struct Story {
    p: Project,
    h: History,
    ruiz1: ClusterId,
    ruiz2: ClusterId,
    ortega: ClusterId,
    junta: ClusterId,
    coup: ClusterId,
}

fn story() -> Story {
    let (mut p, mut h, d1, d2) = setup();
    let r1a = tag(&mut p, &mut h, &d1, "Ruiz", 0, "PERSON");
    let r1b = tag(&mut p, &mut h, &d1, "Ruiz", 1, "PERSON");
    let r2a = tag(&mut p, &mut h, &d2, "Augusto Ruiz", 0, "PERSON");
    let r2b = tag(&mut p, &mut h, &d2, "Ruiz", 1, "PERSON");
    let o1 = tag(&mut p, &mut h, &d1, "Ortega", 0, "PERSON");
    let o2 = tag(&mut p, &mut h, &d2, "Ortega", 0, "PERSON");
    let j = tag(&mut p, &mut h, &d1, "Junta", 0, "ORG");
    let c1 = tag(&mut p, &mut h, &d1, "coup", 0, "COUP");
    let c2 = tag(&mut p, &mut h, &d2, "coup", 0, "COUP");
    let ruiz1 = cluster_of(&mut p, &mut h, &r1a, "c_ruiz1");
    link(&mut p, &mut h, &r1b, &ruiz1);
    let ruiz2 = cluster_of(&mut p, &mut h, &r2a, "c_ruiz2");
    link(&mut p, &mut h, &r2b, &ruiz2);
    apply(&mut p, &mut h, |p| {
        ops::set_external_id(p, &ruiz2, Some(" Q42 "))
    });
    let ortega = cluster_of(&mut p, &mut h, &o1, "c_ortega");
    link(&mut p, &mut h, &o2, &ortega);
    let junta = cluster_of(&mut p, &mut h, &j, "c_junta");
    let coup = cluster_of(&mut p, &mut h, &c1, "c_coup");
    link(&mut p, &mut h, &c2, &coup);
    // Both Ruiz clusters oppose Ortega (a duplicate after the merge); only the second is a
    // member of the junta; the two oppose each other (a self-link after the merge).
    relate(&mut p, &mut h, "opposes", cl(&ruiz1), cl(&ortega));
    relate(&mut p, &mut h, "opposes", cl(&ortega), cl(&ruiz2));
    relate(&mut p, &mut h, "member_of", cl(&ruiz2), cl(&junta));
    relate(&mut p, &mut h, "opposes", cl(&ruiz1), cl(&ruiz2));
    // Both are agents of the coup (one argument survives); Ortega is its target.
    argue(&mut p, &mut h, cl(&coup), "agent", cl(&ruiz1));
    argue(&mut p, &mut h, cl(&coup), "agent", cl(&ruiz2));
    argue(&mut p, &mut h, cl(&coup), "target", cl(&ortega));
    Story {
        p,
        h,
        ruiz1,
        ruiz2,
        ortega,
        junta,
        coup,
    }
}

#[test]
fn merging_moves_mentions_and_links_drops_duplicates_and_undo_restores_both() {
    let Story {
        mut p,
        mut h,
        ruiz1,
        ruiz2,
        ortega,
        junta,
        coup,
    } = story();
    let mut noted = p.cluster(&ruiz2).unwrap().clone();
    noted.note = "named in full in the second text".into();
    h.apply(&mut p, Edit::ReplaceCluster(noted), "note")
        .unwrap();
    let before = p.clone();
    let (e, label) = ops::merge_clusters(&p, &ruiz1, &ruiz2, t0()).unwrap();
    assert_eq!(label, "merge 'Augusto Ruiz' into 'Ruiz'");
    h.apply(&mut p, e, label).unwrap();

    assert!(p.cluster(&ruiz2).is_none(), "the absorbed cluster is gone");
    let members: Vec<&Mention> = p.members(&ruiz1).collect();
    assert_eq!(members.len(), 4);
    let docs: std::collections::BTreeSet<&str> = members.iter().map(|m| m.doc.as_str()).collect();
    assert_eq!(docs.len(), 2, "the merged entity spans both documents");
    assert_eq!(
        p.cluster(&ruiz1).unwrap().external_id.as_deref(),
        Some("Q42"),
        "the external id of the absorbed cluster is adopted"
    );
    assert_eq!(
        p.cluster(&ruiz1).unwrap().note,
        "named in full in the second text"
    );
    let rels: Vec<(&str, &Endpoint, &Endpoint)> = p
        .relations()
        .map(|r| (r.type_key.as_str(), &r.from, &r.to))
        .collect();
    assert_eq!(rels.len(), 2, "{rels:?}");
    assert_eq!(p.relations_of(&cl(&ortega)).count(), 1, "opposes kept once");
    assert!(
        p.relations_of(&cl(&junta))
            .all(|r| r.from == cl(&ruiz1) && r.type_key == "member_of")
    );
    let coup_end = cl(&coup);
    let args: Vec<&Argument> = p.arguments_of_event(&coup_end).collect();
    assert_eq!(args.len(), 2, "one agent and the target: {args:?}");
    assert!(
        args.iter()
            .any(|a| a.role == "agent" && a.target == cl(&ruiz1))
    );
    assert!(p.relations_of(&cl(&ruiz2)).next().is_none());
    assert!(p.arguments_of(&cl(&ruiz2)).next().is_none());
    assert!(p.indexes_consistent());

    let after = p.clone();
    assert_eq!(
        h.undo(&mut p).unwrap().as_deref(),
        Some("merge 'Augusto Ruiz' into 'Ruiz'")
    );
    assert!(p == before, "undo restores both clusters exactly");
    assert!(p.indexes_consistent());
    h.redo(&mut p).unwrap();
    assert!(p == after);
}

#[test]
fn merges_that_make_no_sense_are_refused_with_reasons() {
    let Story {
        mut p,
        mut h,
        ruiz1,
        coup,
        ..
    } = story();
    assert_eq!(
        ops::merge_clusters(&p, &ruiz1, &ruiz1, t0()).unwrap_err(),
        EditError::MergeIntoItself(ruiz1.clone())
    );
    assert!(matches!(
        ops::merge_clusters(&p, &ruiz1, &coup, t0()),
        Err(EditError::WrongKind { .. })
    ));
    // Two coups with different places cannot become one event: 'place' takes one filler.
    let d2 = DocId::new("d_two");
    let d1 = DocId::new("d_one");
    let valle = tag(&mut p, &mut h, &d2, "Valle Alto", 0, "PLACE");
    let lindo = tag(&mut p, &mut h, &d1, "Puerto Lindo", 0, "PLACE");
    let other = tag(&mut p, &mut h, &d2, "denied", 0, "COUP");
    let coup2 = cluster_of(&mut p, &mut h, &other, "c_coup2");
    argue(&mut p, &mut h, cl(&coup), "place", me(&lindo));
    argue(&mut p, &mut h, cl(&coup2), "place", me(&valle));
    let err = ops::merge_clusters(&p, &coup, &coup2, t0()).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("role 'place' would have 2 fillers ('Puerto Lindo', 'Valle Alto')"),
        "{msg}"
    );
}

#[test]
fn split_moves_chosen_mentions_into_a_new_cluster_and_undo_restores() {
    let Story {
        mut p,
        mut h,
        ruiz1,
        ..
    } = story();
    let before = p.clone();
    let chosen: Vec<MentionId> = p
        .members(&ruiz1)
        .filter(|m| m.start() > 20)
        .map(|m| m.id.clone())
        .collect();
    assert_eq!(chosen.len(), 1);
    let new = ClusterId::new("c_ruiz_other");
    let (e, label) = ops::split_mentions(&p, &chosen, new.clone(), " Ruiz (II) ", t0()).unwrap();
    assert_eq!(label, "split 1 mention off 'Ruiz' into 'Ruiz (II)'");
    h.apply(&mut p, e, label).unwrap();
    let c = p.cluster(&new).unwrap();
    assert_eq!(
        (c.name.as_str(), c.type_key.as_str()),
        ("Ruiz (II)", "PERSON")
    );
    assert_eq!(p.members(&new).count(), 1);
    assert_eq!(p.members(&ruiz1).count(), 1);
    assert!(
        p.relations_of(&cl(&ruiz1)).count() > 0,
        "the old cluster keeps its links"
    );
    h.undo(&mut p).unwrap();
    assert!(p == before);
    assert!(p.indexes_consistent());

    // Refusals.
    assert_eq!(
        ops::split_mentions(&p, &[], new.clone(), "x", t0()).unwrap_err(),
        EditError::NothingChosen
    );
    assert_eq!(
        ops::split_mentions(&p, &chosen, new.clone(), "  ", t0()).unwrap_err(),
        EditError::EmptyName
    );
    let mixed: Vec<MentionId> = p
        .mentions()
        .filter(|m| m.type_key == "PERSON")
        .map(|m| m.id.clone())
        .collect();
    let err = ops::split_mentions(&p, &mixed, new, "x", t0()).unwrap_err();
    assert!(matches!(err, EditError::NotOneCluster(_)), "{err}");
}

#[test]
fn rename_and_external_id_are_single_undoable_steps() {
    let Story {
        mut p,
        mut h,
        ruiz2,
        ..
    } = story();
    apply(&mut p, &mut h, |p| {
        ops::rename_cluster(p, &ruiz2, "Augusto Ruiz Vega")
    });
    assert_eq!(p.cluster(&ruiz2).unwrap().name, "Augusto Ruiz Vega");
    assert_eq!(
        ops::rename_cluster(&p, &ruiz2, " ").unwrap_err(),
        EditError::EmptyName
    );
    apply(&mut p, &mut h, |p| {
        ops::set_external_id(p, &ruiz2, Some(""))
    });
    assert_eq!(p.cluster(&ruiz2).unwrap().external_id, None);
    h.undo(&mut p).unwrap();
    assert_eq!(
        p.cluster(&ruiz2).unwrap().external_id.as_deref(),
        Some("Q42")
    );
    h.undo(&mut p).unwrap();
    assert_eq!(p.cluster(&ruiz2).unwrap().name, "Augusto Ruiz");
}

#[test]
fn deleting_a_mention_that_is_an_argument_removes_the_argument_and_undo_returns_it() {
    let (mut p, mut h, d1, d2) = setup();
    let coup = tag(&mut p, &mut h, &d1, "coup", 0, "COUP");
    let ortega = tag(&mut p, &mut h, &d2, "Ortega", 0, "PERSON");
    let arg = argue(&mut p, &mut h, me(&coup), "target", me(&ortega));
    let before = p.clone();
    apply(&mut p, &mut h, |p| ops::delete_mention(p, &ortega));
    assert!(p.argument(&arg).is_none());
    assert!(p.arguments_of(&me(&coup)).next().is_none());
    h.undo(&mut p).unwrap();
    assert!(p == before);
    assert_eq!(p.argument(&arg).unwrap().target, me(&ortega));
    assert!(p.indexes_consistent());
}

#[test]
fn relation_types_list_allowed_ones_and_explain_the_rest() {
    let (mut p, mut h, d1, d2) = setup();
    let ruiz = tag(&mut p, &mut h, &d1, "Ruiz", 0, "PERSON");
    let junta = tag(&mut p, &mut h, &d1, "Junta", 0, "ORG");
    let valle = tag(&mut p, &mut h, &d2, "Valle Alto", 0, "PLACE");
    let ortega = tag(&mut p, &mut h, &d2, "Ortega", 0, "PERSON");

    let choices = ops::relation_types_for(&p, &me(&valle), &me(&junta));
    let keys: Vec<&str> = choices.iter().map(|c| c.key()).collect();
    assert_eq!(keys, ["member_of", "located_in", "opposes"], "schema order");
    assert_eq!(
        choices[0].reason(),
        Some("'member of' cannot go from PLACE: it goes from PERSON or ORG to ORG")
    );
    assert_eq!(
        choices[1].reason(),
        Some("'located in' cannot go to ORG: it goes from ORG or PLACE to PLACE")
    );
    assert_eq!(
        choices[2].reason(),
        Some("'opposes' cannot join PLACE and ORG: it joins PERSON or ORG with PERSON or ORG")
    );

    // Across documents: Ruiz (one) opposes Ortega (two).
    let choices = ops::relation_types_for(&p, &me(&ruiz), &me(&ortega));
    assert!(matches!(
        &choices[2],
        RelTypeChoice::Allowed { key, symmetric: true, .. } if key == "opposes"
    ));
    relate(&mut p, &mut h, "opposes", me(&ruiz), me(&ortega));
    // The reverse direction of a symmetric relation is the same relation.
    let err = ops::add_relation(
        &p,
        RelationId::new("r_dup"),
        "opposes",
        &me(&ortega),
        &me(&ruiz),
    )
    .unwrap_err();
    let EditError::NotAllowed(reason) = err else {
        panic!("{err:?}")
    };
    assert!(
        reason.starts_with("'Ortega' and 'Ruiz' are already related by 'opposes'"),
        "{reason}"
    );
    // A thing cannot be related to itself; unknown types are errors, not choices.
    assert!(
        ops::relation_types_for(&p, &me(&ruiz), &me(&ruiz))
            .iter()
            .all(|c| c.reason() == Some("'Ruiz' cannot be related to itself"))
    );
    assert_eq!(
        ops::add_relation(&p, RelationId::new("r_x"), "nope", &me(&ruiz), &me(&junta)).unwrap_err(),
        EditError::UnknownRelationType("nope".into())
    );
    assert!(
        ops::add_relation(
            &p,
            RelationId::new("r_y"),
            "member_of",
            &me(&ruiz),
            &me(&junta)
        )
        .is_ok()
    );
}

#[test]
fn roles_list_allowed_ones_and_explain_the_rest() {
    let (mut p, mut h, d1, d2) = setup();
    let coup = tag(&mut p, &mut h, &d1, "coup", 0, "COUP");
    let lindo = tag(&mut p, &mut h, &d1, "Puerto Lindo", 0, "PLACE");
    let valle = tag(&mut p, &mut h, &d2, "Valle Alto", 0, "PLACE");
    let junta = tag(&mut p, &mut h, &d1, "Junta", 0, "ORG");
    let ruiz = tag(&mut p, &mut h, &d2, "Ruiz", 0, "PERSON");

    let choices = ops::roles_for(&p, &me(&coup), &me(&valle));
    let keys: Vec<&str> = choices.iter().map(|c| c.key()).collect();
    assert_eq!(keys, ["agent", "target", "place", "time"]);
    assert_eq!(
        choices[0].reason(),
        Some("PLACE cannot be the agent of COUP: role agent accepts PERSON or ORG")
    );
    assert!(matches!(
        &choices[2],
        RoleChoice::Allowed { key, cardinality: Cardinality::Optional, .. } if key == "place"
    ));
    // Fill 'place' across documents; a second place is refused with a reason.
    argue(&mut p, &mut h, me(&coup), "place", me(&valle));
    let choices = ops::roles_for(&p, &me(&coup), &me(&lindo));
    assert_eq!(
        choices[2].reason(),
        Some("role 'place' already filled by 'Valle Alto' (cardinality one)")
    );
    let err = ops::add_argument(&p, ArgumentId::new("a_x"), &me(&coup), "place", &me(&lindo))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "role 'place' already filled by 'Valle Alto' (cardinality one)"
    );
    // An ORG cannot be detained (ARREST.detainee accepts PERSON).
    let arrest = tag(&mut p, &mut h, &d2, "opposed", 0, "ARREST");
    let err = ops::add_argument(
        &p,
        ArgumentId::new("a_y"),
        &me(&arrest),
        "detainee",
        &me(&junta),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "ORG cannot be the detainee of ARREST: role detainee accepts PERSON"
    );
    // The same filler twice in a many-valued role is refused; another filler is fine.
    argue(&mut p, &mut h, me(&coup), "agent", me(&junta));
    let choices = ops::roles_for(&p, &me(&coup), &me(&junta));
    assert!(
        choices[0]
            .reason()
            .unwrap()
            .starts_with("'Junta' is already the agent of this COUP"),
        "{choices:?}"
    );
    assert!(ops::roles_for(&p, &me(&coup), &me(&ruiz))[0].is_allowed());
    // Not an event: no roles at all, and add_argument says why.
    assert!(ops::roles_for(&p, &me(&junta), &me(&ruiz)).is_empty());
    assert!(matches!(
        ops::add_argument(&p, ArgumentId::new("a_z"), &me(&junta), "agent", &me(&ruiz)),
        Err(EditError::WrongKind { .. })
    ));
    assert!(matches!(
        ops::add_argument(&p, ArgumentId::new("a_z"), &me(&coup), "victim", &me(&ruiz)),
        Err(EditError::UnknownRole { .. })
    ));
}

#[test]
fn a_cross_document_relation_and_argument_survive_save_load_and_export() {
    let dir = tempfile::tempdir().unwrap();
    let (mut p, mut folder) =
        ProjectFolder::create(dir.path(), "links", Schema::default_news()).unwrap();
    let mut h = History::new();
    for (i, d) in [doc("d_one", "one", D1), doc("d_two", "two", D2)]
        .into_iter()
        .enumerate()
    {
        weft::edit::apply(&mut p, Edit::InsertDocument { index: i, doc: d }).unwrap();
    }
    let (d1, d2) = (DocId::new("d_one"), DocId::new("d_two"));
    let ruiz = tag(&mut p, &mut h, &d1, "Ruiz", 0, "PERSON");
    let ortega = tag(&mut p, &mut h, &d2, "Ortega", 0, "PERSON");
    let coup = tag(&mut p, &mut h, &d2, "coup", 0, "COUP");
    let rel = relate(&mut p, &mut h, "opposes", me(&ruiz), me(&ortega));
    let arg = argue(&mut p, &mut h, me(&coup), "agent", me(&ruiz));
    folder.save(&p).unwrap();
    let (loaded, _) = ProjectFolder::load(dir.path()).unwrap();
    assert!(loaded == p);
    assert!(loaded.indexes_consistent());
    assert_eq!(loaded.relations_of(&me(&ruiz)).next().unwrap().id, rel);
    assert_eq!(loaded.arguments_of(&me(&ruiz)).next().unwrap().id, arg);

    let export = weft::formats::weft_json::export(&loaded, t0()).unwrap();
    let r = &export["relations"][0];
    assert_eq!(r["id"], rel.as_str());
    assert_eq!(r["cross_document"], true);
    assert_eq!(r["from"]["document"], "d_one");
    assert_eq!(r["to"]["document"], "d_two");
    let a = &export["arguments"][0];
    assert_eq!(a["id"], arg.as_str());
    assert_eq!(a["event"]["document"], "d_two");
    assert_eq!(a["argument"]["document"], "d_one");
    assert_eq!(a["role"], "agent");
}

// ----- search -----

fn slices(p: &Project, hits: &[Hit]) -> Vec<String> {
    hits.iter()
        .map(|h| {
            h.range
                .slice(p.document(&h.doc).unwrap().text())
                .to_string()
        })
        .collect()
}

#[test]
fn search_plain_regex_case_and_whole_word_across_documents() {
    let (p, ..) = setup();
    let plain = SearchOptions::default();
    let hits = search::search(&p, "Ruiz", plain).unwrap();
    assert_eq!(hits.len(), 4);
    assert_eq!(
        hits.iter().map(|h| h.doc.as_str()).collect::<Vec<_>>(),
        ["d_one", "d_one", "d_two", "d_two"],
        "document order, then offset"
    );
    let re = SearchOptions {
        regex: true,
        ..plain
    };
    assert_eq!(
        slices(&p, &search::search(&p, r"(Puerto|Valle) \w+", re).unwrap()),
        ["Puerto Lindo", "Valle Alto"]
    );
    // Case.
    assert!(search::search(&p, "COUP", plain).unwrap().is_empty());
    let ci = SearchOptions {
        case_insensitive: true,
        ..plain
    };
    assert_eq!(search::search(&p, "COUP", ci).unwrap().len(), 2);
    // Whole words: "Or" is inside "Ortega" only.
    let ww = SearchOptions {
        whole_word: true,
        ..plain
    };
    assert_eq!(search::search(&p, "Or", plain).unwrap().len(), 2);
    assert!(search::search(&p, "Or", ww).unwrap().is_empty());
    assert_eq!(search::search(&p, "the", ww).unwrap().len(), 3);
}

#[test]
fn search_handles_emoji_and_accents_in_byte_ranges() {
    let text = "😎 Ñuñoa café, CAFÉ y cafés 😎Ñuñoa";
    let p = project_with(vec![doc("d_e", "e", text)]);
    let ww_ci = SearchOptions {
        whole_word: true,
        case_insensitive: true,
        ..Default::default()
    };
    let hits = search::search(&p, "café", ww_ci).unwrap();
    assert_eq!(slices(&p, &hits), ["café", "CAFÉ"], "not 'cafés'");
    assert_eq!(hits[0].range.start(), text.find("café").unwrap());
    // After an emoji there is no word character, so the second Ñuñoa is a whole word too.
    let hits = search::search(&p, "Ñuñoa", ww_ci).unwrap();
    assert_eq!(hits.len(), 2);
    let last = &hits[1];
    assert_eq!(last.range.end(), text.len());
    // Keyword in context counts characters, not bytes, and never splits one.
    let k = search::kwic(text, last.range, 2);
    assert_eq!((k.left.as_str(), k.matched.as_str()), (" 😎", "Ñuñoa"));
    assert!(k.left_cut && !k.right_cut);
}

#[test]
fn bad_searches_say_what_is_wrong() {
    let (p, ..) = setup();
    let re = SearchOptions {
        regex: true,
        ..Default::default()
    };
    let err = search::search(&p, "Ruiz(", re).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, SearchError::BadPattern { .. }));
    assert!(
        msg.starts_with("'Ruiz(' is not a valid regular expression: "),
        "{msg}"
    );
    assert!(msg.contains("unclosed group"), "{msg}");
    assert_eq!(
        search::search(&p, "", SearchOptions::default()).unwrap_err(),
        SearchError::Empty
    );
    // Plain text with regex characters is literal and valid.
    assert_eq!(
        search::search(&p, "Ruiz(", SearchOptions::default())
            .unwrap()
            .len(),
        0
    );
    // A pattern that matches nothing but the empty string gives no hits.
    assert!(search::search(&p, "x*", re).unwrap().is_empty());
}

// ----- tag all -----

#[test]
fn tag_all_skips_places_already_tagged_and_undoes_as_one_step() {
    let (mut p, mut h, d1, _) = setup();
    let first = tag(&mut p, &mut h, &d1, "Ruiz", 0, "PERSON");
    // The same spot as another type does not count as tagged.
    tag(&mut p, &mut h, &d1, "Ruiz", 1, "ORG");
    let ruiz = cluster_of(&mut p, &mut h, &first, "c_ruiz");
    let before = p.clone();
    let ww = SearchOptions {
        whole_word: true,
        ..Default::default()
    };
    let mut hits = search::search(&p, "Ruiz", ww).unwrap();
    hits.push(hits[3].clone()); // listed twice
    let mut n = 0;
    let mut ids = || {
        n += 1;
        MentionId::new(format!("m_all{n}"))
    };
    let (edit, summary) =
        ops::tag_all(&p, &hits, "PERSON", Some(&ruiz), &mut ids, "tester", t0()).unwrap();
    assert_eq!(summary.tagged, 3);
    assert_eq!(summary.skipped_already_tagged, 2);
    assert_eq!(summary.label, "tag 'Ruiz' as Person (3 places)");
    h.apply(&mut p, edit, summary.label).unwrap();
    assert_eq!(p.members(&ruiz).count(), 4, "all linked to the entity");
    assert_eq!(p.mentions().filter(|m| m.type_key == "PERSON").count(), 4);
    assert_eq!(
        h.undo(&mut p).unwrap().as_deref(),
        Some("tag 'Ruiz' as Person (3 places)")
    );
    assert!(p == before, "one undo removes all of them");
    // A second run after redo has nothing left to do.
    h.redo(&mut p).unwrap();
    let (_, again) = ops::tag_all(
        &p,
        &hits,
        "PERSON",
        None,
        &mut || weft::idgen::mention_id(),
        "t",
        t0(),
    )
    .unwrap();
    assert_eq!((again.tagged, again.skipped_already_tagged), (0, 5));
    // An unknown type is an error, not an empty edit.
    assert_eq!(
        ops::tag_all(
            &p,
            &hits,
            "NOPE",
            None,
            &mut || weft::idgen::mention_id(),
            "t",
            t0()
        )
        .unwrap_err(),
        EditError::UnknownType("NOPE".into())
    );
}

// ----- suggestions -----

#[test]
fn strings_tagged_elsewhere_are_suggested_with_their_type_and_cluster() {
    let (mut p, mut h, d1, d2) = setup();
    let r = tag(&mut p, &mut h, &d1, "Ruiz", 0, "PERSON");
    let ruiz = cluster_of(&mut p, &mut h, &r, "c_ruiz");
    let ar = tag(&mut p, &mut h, &d2, "Augusto Ruiz", 0, "PERSON");
    link(&mut p, &mut h, &ar, &ruiz);
    tag(&mut p, &mut h, &d2, "Valle Alto", 0, "PLACE");
    let s = Suggester::build(&p);
    assert_eq!(s.pattern_count(), 3);
    let all = s.suggest_all(&p);
    let got: Vec<(&str, &str, &str, Option<&str>)> = all
        .iter()
        .map(|s| {
            (
                s.doc.as_str(),
                s.text.as_str(),
                s.type_key.as_str(),
                s.cluster.as_ref().map(|c| c.as_str()),
            )
        })
        .collect();
    // "Ruiz" inside the tagged "Augusto Ruiz" is not suggested (a PERSON overlaps it).
    assert_eq!(
        got,
        [
            ("d_one", "Ruiz", "PERSON", Some("c_ruiz")),
            ("d_two", "Ruiz", "PERSON", Some("c_ruiz")),
        ]
    );
    assert_eq!(all[1].range, find(&p, &d2, "Ruiz", 1));
    // Accepting is the normal tag + link edit.
    let id = MentionId::new("m_accepted");
    apply(&mut p, &mut h, |p| {
        suggest::accept(p, &all[0], id.clone(), "tester", t0())
    });
    assert_eq!(p.mention(&id).unwrap().cluster.as_ref(), Some(&ruiz));
    assert_eq!(suggest::suggestions(&p).len(), 1);
    h.undo(&mut p).unwrap();
    assert_eq!(suggest::suggestions(&p).len(), 2);
}

#[test]
fn an_ambiguous_string_gets_its_most_common_type() {
    let text = "Lindo and Lindo and Lindo, then Lindo again.";
    let mut p = project_with(vec![doc("d_a", "a", text)]);
    let mut h = History::new();
    let d = DocId::new("d_a");
    tag(&mut p, &mut h, &d, "Lindo", 0, "PLACE");
    tag(&mut p, &mut h, &d, "Lindo", 1, "PERSON");
    tag(&mut p, &mut h, &d, "Lindo", 2, "PLACE");
    let s = suggest::suggestions(&p);
    assert_eq!(s.len(), 1);
    assert_eq!((s[0].type_key.as_str(), s[0].support), ("PLACE", 2));
    assert_eq!(s[0].range, find(&p, &d, "Lindo", 3));
}

#[test]
fn rejected_suggestions_stay_rejected_across_undo_save_and_load() {
    let dir = tempfile::tempdir().unwrap();
    let (mut p, mut folder) =
        ProjectFolder::create(dir.path(), "sugg", Schema::default_news()).unwrap();
    let mut h = History::new();
    for (i, d) in [
        doc("d_one", "one", D1),
        doc("d_two", "two", "Ortega 😎 Ortega"),
    ]
    .into_iter()
    .enumerate()
    {
        weft::edit::apply(&mut p, Edit::InsertDocument { index: i, doc: d }).unwrap();
    }
    let d1 = DocId::new("d_one");
    tag(&mut p, &mut h, &d1, "Ortega", 0, "PERSON");
    let before = suggest::suggestions(&p);
    assert_eq!(before.len(), 2);
    // Reject the one after the emoji.
    let s = &before[1];
    apply(&mut p, &mut h, |p| {
        ops::reject_suggestion(p, &s.doc, s.range, &s.type_key)
    });
    assert_eq!(suggest::suggestions(&p), before[..1]);
    assert!(matches!(
        ops::reject_suggestion(&p, &s.doc, s.range, &s.type_key),
        Err(EditError::AlreadyRejected(_))
    ));
    h.undo(&mut p).unwrap();
    assert_eq!(suggest::suggestions(&p), before);
    h.redo(&mut p).unwrap();

    folder.save(&p).unwrap();
    let ann = std::fs::read_to_string(dir.path().join("annotations/annotator/two.json")).unwrap();
    assert!(ann.contains("\"rejected_suggestions\""), "{ann}");
    let one = std::fs::read_to_string(dir.path().join("annotations/annotator/one.json"))
        .unwrap_or_default();
    assert!(
        !one.contains("rejected_suggestions"),
        "the field is left out when empty, as in older files"
    );
    let (mut loaded, _) = ProjectFolder::load(dir.path()).unwrap();
    assert!(loaded == p);
    assert_eq!(suggest::suggestions(&loaded), before[..1]);
    assert_eq!(loaded.rejected_suggestions().count(), 1);

    // Un-rejecting offers it again; deleting the document takes its rejections along and
    // undo brings them back.
    let r = loaded.rejected_suggestions().next().unwrap().clone();
    let mut h2 = History::new();
    let (e, l) = ops::unreject_suggestion(&loaded, &r).unwrap();
    h2.apply(&mut loaded, e, l).unwrap();
    assert_eq!(suggest::suggestions(&loaded), before);
    h2.undo(&mut loaded).unwrap();
    let snapshot = loaded.clone();
    h2.apply(
        &mut loaded,
        Edit::DeleteDocument(DocId::new("d_two")),
        "drop",
    )
    .unwrap();
    assert_eq!(loaded.rejected_suggestions().count(), 0);
    h2.undo(&mut loaded).unwrap();
    assert!(loaded == snapshot);
}

#[test]
fn a_rejection_whose_offsets_do_not_fit_is_reported_with_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (mut p, mut folder) =
        ProjectFolder::create(dir.path(), "bad", Schema::default_news()).unwrap();
    weft::edit::apply(
        &mut p,
        Edit::InsertDocument {
            index: 0,
            doc: doc("d_one", "one", D1),
        },
    )
    .unwrap();
    let r = find(&p, &DocId::new("d_one"), "Ruiz", 0);
    let (e, _) = ops::reject_suggestion(&p, &DocId::new("d_one"), r, "PERSON").unwrap();
    weft::edit::apply(&mut p, e).unwrap();
    folder.save(&p).unwrap();
    let path = dir.path().join("annotations/annotator/one.json");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("\"text\": \"Ruiz\"", "\"text\": \"Ruix\""),
    )
    .unwrap();
    let err = ProjectFolder::load(dir.path()).unwrap_err();
    let p0 = &err.problems[0];
    assert!(p0.file.ends_with("annotations/annotator/one.json"));
    assert!(
        p0.message.contains("rejected suggestion") && p0.message.contains("Ruix"),
        "{}",
        p0.message
    );
}

// ----- properties -----

fn word() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["ab", "Ab", "abc", "é", "😎", "ñu", "x_y"])
}

fn sep() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![" ", ", ", "", "\n", "-"])
}

proptest! {
    /// Plain search finds exactly what `str::match_indices` finds; whole-word hits are the
    /// subset with no word character on either side.
    #[test]
    fn plain_search_agrees_with_a_naive_scan(
        parts in prop::collection::vec((word(), sep()), 0..30),
        needle in word(),
    ) {
        let text: String = parts.iter().map(|(w, s)| format!("{w}{s}")).collect();
        let p = project_with(vec![doc("d_p", "p", &text)]);
        let hits = search::search(&p, needle, SearchOptions::default()).unwrap();
        let naive: Vec<usize> = text.match_indices(needle).map(|(i, _)| i).collect();
        prop_assert_eq!(hits.iter().map(|h| h.range.start()).collect::<Vec<_>>(), naive);
        let ww = SearchOptions { whole_word: true, ..Default::default() };
        let whole = search::search(&p, needle, ww).unwrap();
        let w = suggest::is_word_char;
        let expected: Vec<usize> = text
            .match_indices(needle)
            .map(|(i, _)| i)
            .filter(|&i| {
                !text[..i].chars().next_back().is_some_and(w)
                    && !text[i + needle.len()..].chars().next().is_some_and(w)
            })
            .collect();
        // Non-overlapping scans can differ only when matches overlap; these needles do not.
        prop_assert_eq!(whole.iter().map(|h| h.range.start()).collect::<Vec<_>>(), expected);
    }

    /// Merging any two entities and undoing gives back the same project, and the merge leaves
    /// no duplicate relation behind.
    #[test]
    fn merge_then_undo_is_the_identity(
        links in prop::collection::vec((0usize..4, 0usize..4, any::<bool>()), 0..12),
        keep in 0usize..4,
        absorb in 0usize..4,
    ) {
        prop_assume!(keep != absorb);
        let (mut p, mut h, d1, _) = setup();
        let names = ["Ruiz", "Ortega", "Junta", "General"];
        let types = ["PERSON", "PERSON", "ORG", "PERSON"];
        let mut cs = Vec::new();
        for (i, n) in names.iter().enumerate() {
            let m = tag(&mut p, &mut h, &d1, n, 0, types[i]);
            cs.push(cluster_of(&mut p, &mut h, &m, &format!("c_{i}")));
        }
        for (a, b, member) in links {
            let ty = if member { "member_of" } else { "opposes" };
            let id = weft::idgen::relation_id();
            if let Ok((e, l)) = ops::add_relation(&p, id, ty, &cl(&cs[a]), &cl(&cs[b])) {
                h.apply(&mut p, e, l).unwrap();
            }
        }
        let before = p.clone();
        let (e, l) = ops::merge_clusters(&p, &cs[keep], &cs[absorb], t0()).unwrap();
        let merged = h.apply(&mut p, e, l);
        if merged.is_ok() {
            prop_assert!(p.cluster(&cs[absorb]).is_none());
            prop_assert!(p.indexes_consistent());
            for r in p.relations() {
                for o in p.relations() {
                    let same = r.type_key == o.type_key
                        && ((r.from == o.from && r.to == o.to)
                            || (r.type_key == "opposes" && r.from == o.to && r.to == o.from));
                    prop_assert!(r.id == o.id || !same, "duplicate {r:?} {o:?}");
                }
            }
            h.undo(&mut p).unwrap();
        }
        prop_assert!(p == before);
        prop_assert!(p.indexes_consistent());
    }

    /// Every suggestion is a whole-word occurrence of a tagged string, suggestions do not
    /// overlap, none sits exactly on a mention, and a rejected one is never offered again.
    #[test]
    fn suggestions_are_whole_words_that_are_not_tagged_or_rejected(
        parts in prop::collection::vec((word(), sep()), 1..30),
        picks in prop::collection::vec((any::<prop::sample::Index>(), 0usize..2), 1..5),
        reject in any::<prop::sample::Index>(),
    ) {
        let text: String = parts.iter().map(|(w, s)| format!("{w}{s}")).collect();
        let mut p = project_with(vec![doc("d_p", "p", &text)]);
        let mut h = History::new();
        let d = DocId::new("d_p");
        let spans: Vec<(usize, usize)> = {
            let mut at = 0;
            parts.iter().map(|(w, s)| { let r = (at, at + w.len()); at += w.len() + s.len(); r }).collect()
        };
        for (i, ty) in &picks {
            let (s, e) = spans[i.index(spans.len())];
            let r = TextRange::new(&text, s, e).unwrap();
            let ty = ["PERSON", "ORG"][*ty];
            if let Ok((edit, l)) = ops::tag(&p, weft::idgen::mention_id(), &d, vec![r], ty, "t", t0()) {
                h.apply(&mut p, edit, l).unwrap();
            }
        }
        let tagged: std::collections::BTreeSet<String> =
            p.mentions().map(|m| m.covered_text(&text)).collect();
        let found = suggest::suggestions(&p);
        let w = suggest::is_word_char;
        for (i, s) in found.iter().enumerate() {
            let (a, b) = (s.range.start(), s.range.end());
            prop_assert_eq!(&text[a..b], s.text.as_str());
            prop_assert!(tagged.contains(&s.text));
            prop_assert!(!text[..a].chars().next_back().is_some_and(w));
            prop_assert!(!text[b..].chars().next().is_some_and(w));
            prop_assert!(!p.mentions().any(|m| m.fragments.as_slice() == [s.range]));
            if i > 0 {
                prop_assert!(found[i - 1].range.end() <= a, "overlap");
            }
        }
        if !found.is_empty() {
            let s = &found[reject.index(found.len())];
            let (e, l) = ops::reject_suggestion(&p, &s.doc, s.range, &s.type_key).unwrap();
            h.apply(&mut p, e, l).unwrap();
            let after = suggest::suggestions(&p);
            prop_assert!(!after.contains(s));
            prop_assert_eq!(after.len(), found.len() - 1);
        }
    }
}
