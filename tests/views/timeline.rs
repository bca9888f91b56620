//! The timeline model: events placed only by their explicit time arguments and relations to
//! dates, one row per event with each document's placement, disagreements flagged, untimed
//! events listed apart with a suggestion, filters, and the CSV and JSON renderings.

use crate::common::*;
use serde_json::Value;
use weft::edit::{self, Edit, History, ops};
use weft::model::*;
use weft::temporal::timeline::{self, EventRef, Filter, Via};

const A: &str = "On 11 September 1973 the army took the palace in Santa Rosa. \
General Ibarra led the takeover. On 14 September 1973 Lucía Vera was arrested in the stadium.";
const B: &str = "Reports of the takeover, dated September 1973, named Ibarra. \
The arrest of Vera that week was denied.";
const C: &str = "Ibarra's coup came on 11/9/1973, our archive says. The later strike had no date.";

struct World {
    p: Project,
    h: History,
    docs: [DocId; 3],
    coup: ClusterId,
    ibarra: ClusterId,
}

fn schema() -> Schema {
    let mut s = Schema::default_news();
    // A relation type to dates, so "a relation to a date" can be tested too.
    s.relation_types.push(RelationTypeDef {
        key: "dated".into(),
        name: "dated".into(),
        from: vec![],
        to: vec!["DATE".into()],
        symmetric: false,
        colour: "#777777".into(),
        attributes: vec![],
    });
    s
}

fn world() -> World {
    let mut p = Project::new("timeline", schema());
    for (i, (id, text)) in [("d_a", A), ("d_b", B), ("d_c", C)].iter().enumerate() {
        edit::apply(
            &mut p,
            Edit::InsertDocument {
                index: i,
                doc: doc(id, &id[2..], text),
            },
        )
        .unwrap();
    }
    let docs = [DocId::new("d_a"), DocId::new("d_b"), DocId::new("d_c")];
    let mut h = History::new();
    let coup = ClusterId::new("c_takeover");
    let ibarra = ClusterId::new("c_ibarra");
    let coup_words = [("took", 0), ("takeover", 0), ("coup", 0)];
    let ibarra_words = [("Ibarra", 0), ("Ibarra", 0), ("Ibarra", 0)];
    for (i, d) in docs.iter().enumerate() {
        let c = tag(&mut p, &mut h, d, coup_words[i].0, coup_words[i].1, "COUP");
        let g = tag(
            &mut p,
            &mut h,
            d,
            ibarra_words[i].0,
            ibarra_words[i].1,
            "PERSON",
        );
        for (m, cl) in [(&c, &coup), (&g, &ibarra)] {
            let e = if p.cluster(cl).is_none() {
                ops::new_cluster_from(&p, m, cl.clone(), t0()).unwrap().0
            } else {
                ops::link(&p, m, Some(cl), t0()).unwrap().0
            };
            edit::apply(&mut p, e).unwrap();
        }
    }
    let agent = ops::add_argument(
        &p,
        ArgumentId::new("a_agent"),
        &Endpoint::Cluster(coup.clone()),
        "agent",
        &Endpoint::Cluster(ibarra.clone()),
    )
    .unwrap()
    .0;
    edit::apply(&mut p, agent).unwrap();
    World {
        p,
        h,
        docs,
        coup,
        ibarra,
    }
}

impl World {
    fn date(&mut self, doc: usize, needle: &str) -> MentionId {
        let d = self.docs[doc].clone();
        tag(&mut self.p, &mut self.h, &d, needle, 0, "DATE")
    }

    fn time(&mut self, event: Endpoint, date: &MentionId, id: &str) {
        let e = ops::add_argument(
            &self.p,
            ArgumentId::new(id),
            &event,
            "time",
            &Endpoint::Mention(date.clone()),
        )
        .unwrap()
        .0;
        edit::apply(&mut self.p, e).unwrap();
    }

    fn member_in(&self, cluster: &ClusterId, doc: usize) -> MentionId {
        self.p
            .members(cluster)
            .find(|m| m.doc == self.docs[doc])
            .unwrap()
            .id
            .clone()
    }
}

/// The takeover timed in all three documents: by an argument of the event cluster (A), a
/// relation from its mention (B) and an argument of its mention (C).
fn timed_world() -> World {
    let mut w = world();
    let a = w.date(0, "11 September 1973");
    w.time(Endpoint::Cluster(w.coup.clone()), &a, "a_time_a");
    let b = w.date(1, "September 1973");
    let rel = Relation {
        layer: Default::default(),
        id: RelationId::new("r_dated_b"),
        type_key: "dated".into(),
        from: Endpoint::Mention(w.member_in(&w.coup, 1)),
        to: Endpoint::Mention(b),
        attributes: Default::default(),
        note: String::new(),
    };
    edit::apply(&mut w.p, Edit::InsertRelation(rel)).unwrap();
    let c = w.date(2, "11/9/1973");
    w.time(Endpoint::Mention(w.member_in(&w.coup, 2)), &c, "a_time_c");
    w
}

#[test]
fn an_event_timed_by_three_documents_is_one_row_with_three_placements() {
    let w = timed_world();
    let t = timeline::build(&w.p, &Filter::default());
    assert_eq!(t.rows.len(), 1, "{:#?}", t.rows);
    let row = &t.rows[0];
    assert_eq!(row.event, EventRef::Cluster(w.coup.clone()));
    assert_eq!(row.documents(), w.docs.iter().collect::<Vec<_>>());
    assert_eq!(row.values(), ["1973-09-11", "1973-09"]);
    assert!(!row.disagreement, "September 1973 contains 11 September");
    assert_eq!(row.earliest.to_string(), "1973-09-01");
    assert_eq!(row.latest.to_string(), "1973-09-30");
    assert_eq!(row.mentions.len(), 3);
    assert!(matches!(&row.placements[0].via, Via::Argument { role, .. } if role == "time"));
    assert!(
        matches!(&row.placements[1].via, Via::Relation { type_key, .. } if type_key == "dated")
    );
    assert_eq!(row.placements[2].date.text, "11/9/1973");
    assert!(t.problems.is_empty(), "{:?}", t.problems);
}

#[test]
fn documents_that_disagree_are_flagged() {
    let mut w = world();
    let a = w.date(0, "11 September 1973");
    w.time(Endpoint::Cluster(w.coup.clone()), &a, "a_time_a");
    let c = w.date(2, "11/9/1973");
    w.time(Endpoint::Mention(w.member_in(&w.coup, 2)), &c, "a_time_c");
    let agree = timeline::build(&w.p, &Filter::default());
    assert!(!agree.rows[0].disagreement);
    // Document C read month first says 9 November: the bounds no longer overlap.
    let mut schema = w.p.schema().clone();
    schema.temporal.numeric_order = NumericOrder::MonthFirst;
    edit::apply(&mut w.p, Edit::SetSchema(Box::new(schema))).unwrap();
    let t = timeline::build(&w.p, &Filter::default());
    assert_eq!(t.rows.len(), 1);
    assert!(t.rows[0].disagreement);
    assert_eq!(t.rows[0].values(), ["1973-09-11", "1973-11-09"]);
}

#[test]
fn untimed_events_are_listed_apart_with_the_nearest_date_of_their_sentence() {
    let mut w = timed_world();
    let d = w.docs[0].clone();
    let arrest = tag(&mut w.p, &mut w.h, &d, "arrested", 0, "ARREST");
    let near = w.date(0, "14 September 1973");
    let d = w.docs[2].clone();
    let strike = tag(&mut w.p, &mut w.h, &d, "strike", 0, "ARREST");
    let t = timeline::build(&w.p, &Filter::default());
    assert_eq!(t.rows.len(), 1, "nothing is guessed onto the axis");
    assert_eq!(t.untimed.len(), 2);
    let u = &t.untimed[0];
    assert_eq!(u.event, EventRef::Mention(arrest.clone()));
    assert_eq!(u.suggestions.len(), 1);
    let s = &u.suggestions[0];
    assert_eq!(
        s.date.id, near,
        "the date of its sentence, not the one before"
    );
    assert_eq!(s.value.as_ref().unwrap().edtf, "1973-09-14");
    assert_eq!(s.role.as_deref(), Some("time"));
    assert!(
        t.untimed[1].suggestions.is_empty(),
        "the strike's sentence has no date"
    );
    assert_eq!(t.untimed[1].event, EventRef::Mention(strike));
    // Accepting the suggestion (one key in the UI) times the event.
    let e = s
        .edit(&w.p, &u.event, ArgumentId::new("a_accept"))
        .unwrap()
        .0;
    edit::apply(&mut w.p, e).unwrap();
    let t = timeline::build(&w.p, &Filter::default());
    assert_eq!(t.rows.len(), 2);
    assert!(
        t.rows
            .iter()
            .any(|r| r.event == EventRef::Mention(arrest.clone()))
    );
}

#[test]
fn filters_by_type_entity_and_document() {
    let mut w = timed_world();
    let d = w.docs[0].clone();
    let arrest = tag(&mut w.p, &mut w.h, &d, "arrested", 0, "ARREST");
    let vera = tag(&mut w.p, &mut w.h, &d, "Lucía Vera", 0, "PERSON");
    let date = w.date(0, "14 September 1973");
    w.time(Endpoint::Mention(arrest.clone()), &date, "a_time_arrest");
    let e = ops::add_argument(
        &w.p,
        ArgumentId::new("a_detainee"),
        &Endpoint::Mention(arrest.clone()),
        "detainee",
        &Endpoint::Mention(vera.clone()),
    )
    .unwrap()
    .0;
    edit::apply(&mut w.p, e).unwrap();
    let all = timeline::build(&w.p, &Filter::default());
    assert_eq!(all.rows.len(), 2);
    let by_type = timeline::build(
        &w.p,
        &Filter {
            types: ["ARREST".to_string()].into(),
            ..Default::default()
        },
    );
    assert_eq!(by_type.rows.len(), 1);
    assert_eq!(by_type.rows[0].event, EventRef::Mention(arrest.clone()));
    // "Events involving Ibarra": the takeover (he is its agent), not the arrest.
    let involving = |p: &Project, c: &ClusterId| {
        timeline::build(
            p,
            &Filter {
                entity: Some(c.clone()),
                ..Default::default()
            },
        )
    };
    let t = involving(&w.p, &w.ibarra);
    assert_eq!(t.rows.len(), 1);
    assert_eq!(t.rows[0].event, EventRef::Cluster(w.coup.clone()));
    // Vera is in no cluster yet: make her one, and the arrest involves her.
    let e = ops::new_cluster_from(&w.p, &vera, ClusterId::new("c_vera"), t0())
        .unwrap()
        .0;
    edit::apply(&mut w.p, e).unwrap();
    let t = involving(&w.p, &ClusterId::new("c_vera"));
    assert_eq!(t.rows.len(), 1);
    assert_eq!(t.rows[0].event, EventRef::Mention(arrest));
    // Document B mentions and places only the takeover.
    let t = timeline::build(
        &w.p,
        &Filter {
            document: Some(w.docs[1].clone()),
            ..Default::default()
        },
    );
    assert_eq!(t.rows.len(), 1);
    assert_eq!(t.rows[0].event, EventRef::Cluster(w.coup.clone()));
}

#[test]
fn a_date_entity_places_the_event_in_each_of_its_documents_and_bad_dates_are_reported() {
    let mut w = world();
    let a = w.date(0, "11 September 1973");
    let c = w.date(2, "11/9/1973");
    let day = ClusterId::new("c_day");
    let e = ops::new_cluster_from(&w.p, &a, day.clone(), t0())
        .unwrap()
        .0;
    edit::apply(&mut w.p, e).unwrap();
    let e = ops::link(&w.p, &c, Some(&day), t0()).unwrap().0;
    edit::apply(&mut w.p, e).unwrap();
    let e = ops::add_argument(
        &w.p,
        ArgumentId::new("a_day"),
        &Endpoint::Cluster(w.coup.clone()),
        "time",
        &Endpoint::Cluster(day),
    )
    .unwrap()
    .0;
    edit::apply(&mut w.p, e).unwrap();
    let t = timeline::build(&w.p, &Filter::default());
    assert_eq!(t.rows[0].placements.len(), 2);
    assert_eq!(t.rows[0].documents(), [&w.docs[0], &w.docs[2]]);
    // A linked date no rule reads is reported, not placed.
    let d = w.docs[1].clone();
    let week = tag(&mut w.p, &mut w.h, &d, "that week", 0, "DATE");
    let arrest = tag(&mut w.p, &mut w.h, &d, "arrest", 0, "ARREST");
    w.time(Endpoint::Mention(arrest.clone()), &week, "a_week");
    let t = timeline::build(&w.p, &Filter::default());
    assert_eq!(t.problems.len(), 1);
    assert_eq!(t.problems[0].date.id, week);
    assert!(
        t.untimed
            .iter()
            .any(|u| u.event == EventRef::Mention(arrest.clone()))
    );
}

/// A small RFC 4180 reader, independent of the writer.
fn read_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

#[test]
fn csv_and_json_carry_event_type_value_bounds_documents_and_mentions() {
    let mut w = timed_world();
    let d = w.docs[0].clone();
    tag(&mut w.p, &mut w.h, &d, "arrested", 0, "ARREST");
    w.date(0, "14 September 1973");
    // A name with a comma and quotes survives the quoting.
    let mut c = w.p.cluster(&w.coup).unwrap().clone();
    c.name = "The \"takeover\", Santa Rosa".into();
    edit::apply(&mut w.p, Edit::ReplaceCluster(c)).unwrap();
    let t = timeline::build(&w.p, &Filter::default());
    let csv = weft::temporal::timeline_csv(&w.p, &t);
    assert!(csv.ends_with("\r\n"));
    let rows = read_csv(&csv);
    assert_eq!(rows[0], weft::temporal::CSV_COLUMNS);
    assert_eq!(rows.len(), 3, "header, one timed, one untimed");
    let col = |name: &str| {
        weft::temporal::CSV_COLUMNS
            .iter()
            .position(|c| *c == name)
            .unwrap()
    };
    let timed = &rows[1];
    assert_eq!(timed[col("status")], "timed");
    assert_eq!(timed[col("event")], "The \"takeover\", Santa Rosa");
    assert_eq!(timed[col("type")], "COUP");
    assert_eq!(timed[col("edtf")], "1973-09-11; 1973-09");
    assert_eq!(timed[col("earliest")], "1973-09-01");
    assert_eq!(timed[col("latest")], "1973-09-30");
    assert_eq!(timed[col("documents")], "a; b; c");
    assert_eq!(
        timed[col("date_texts")],
        "11 September 1973; September 1973; 11/9/1973"
    );
    assert_eq!(timed[col("event_mention_texts")], "took; takeover; coup");
    let untimed = &rows[2];
    assert_eq!(untimed[col("status")], "untimed");
    assert_eq!(untimed[col("suggested_edtf")], "1973-09-14");
    let json: Value = weft::temporal::timeline_json(&w.p, &t);
    assert_eq!(json["format"], "weft-timeline");
    let ev = &json["events"][0];
    assert_eq!(ev["event"], "c_takeover");
    assert_eq!(ev["documents"].as_array().unwrap().len(), 3);
    assert_eq!(ev["placements"][0]["edtf"], "1973-09-11");
    assert_eq!(ev["placements"][0]["via"]["role"], "time");
    assert_eq!(ev["placements"][1]["via"]["type"], "dated");
    assert_eq!(ev["placements"][2]["rule"], "numeric_day_first");
    assert_eq!(ev["placements"][2]["source"], "computed");
    assert_eq!(json["untimed"][0]["suggestions"][0]["role"], "time");
}
