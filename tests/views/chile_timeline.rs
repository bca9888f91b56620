//! The timeline on the real corpus `../shared/corpus/chile-1973/`: the coup linked across the
//! three texts, its time argument in each pointing to that text's date mention ("September
//! 11" with its year from the text before it, "September 11, 1973", "11 September 1973"),
//! each normalised to 1973-09-11; the timeline lists the coup once with three documents; a
//! deliberately conflicting date in one text is flagged as a disagreement. Built through the
//! library (`edit::ops`, `temporal`, the formats), like `tests/cli/chile_corpus.rs`.

use crate::common::*;
use weft::edit::{self, Edit, History, ops};
use weft::formats::{FormatId, Options, catalog};
use weft::model::*;
use weft::temporal::{self, timeline};

/// Per text: the coup mention (needle, occurrence) and its date mention.
const COUP: [(&str, usize); 3] = [("coup", 1), ("coup", 1), ("coup", 0)];
const DATE: [&str; 3] = ["September 11", "September 11, 1973", "11 September 1973"];

struct Corpus {
    p: Project,
    h: History,
    docs: Vec<DocId>,
    coup: ClusterId,
    coup_mentions: Vec<MentionId>,
    dates: Vec<MentionId>,
}

fn corpus() -> Option<Corpus> {
    let dir = shared("corpus/chile-1973")?;
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 3);
    let docs: Vec<Document> = files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let name = f.file_stem().unwrap().to_string_lossy().into_owned();
            doc(
                &format!("d_chile_{i}"),
                &name,
                &std::fs::read_to_string(f).unwrap(),
            )
        })
        .collect();
    let ids: Vec<DocId> = docs.iter().map(|d| d.id.clone()).collect();
    let mut p = project_with(docs);
    let mut h = History::new();
    let coup = ClusterId::new("c_coup_1973");
    let mut coup_mentions = Vec::new();
    let mut dates = Vec::new();
    for (i, d) in ids.iter().enumerate() {
        let m = tag(&mut p, &mut h, d, COUP[i].0, COUP[i].1, "COUP");
        let e = if p.cluster(&coup).is_none() {
            ops::new_cluster_from(&p, &m, coup.clone(), t0()).unwrap().0
        } else {
            ops::link(&p, &m, Some(&coup), t0()).unwrap().0
        };
        edit::apply(&mut p, e).unwrap();
        coup_mentions.push(m);
        dates.push(tag(&mut p, &mut h, d, DATE[i], 0, "DATE"));
    }
    Some(Corpus {
        p,
        h,
        docs: ids,
        coup,
        coup_mentions,
        dates,
    })
}

impl Corpus {
    /// The time argument of the coup's mention in text `i`, pointing to `date`.
    fn time(&mut self, i: usize, date: &MentionId) -> ArgumentId {
        let id = ArgumentId::new(format!("a_time_{i}"));
        let (e, _) = ops::add_argument(
            &self.p,
            id.clone(),
            &Endpoint::Mention(self.coup_mentions[i].clone()),
            "time",
            &Endpoint::Mention(date.clone()),
        )
        .unwrap();
        edit::apply(&mut self.p, e).unwrap();
        id
    }
}

#[test]
fn the_coup_is_one_row_of_the_timeline_dated_1973_09_11_by_all_three_texts() {
    let Some(mut c) = corpus() else {
        return;
    };
    // Each date mention gets its proposal, stored as one edit.
    let proposals = temporal::propose_all(&c.p, &c.dates);
    assert_eq!(proposals.len(), 3);
    for (prop, text) in proposals.iter().zip(DATE) {
        assert_eq!(prop.value.edtf, "1973-09-11", "{text}");
    }
    assert!(
        proposals[0].value.inferred(),
        "\"September 11\" takes its year from the text before it"
    );
    assert!(!proposals[1].value.inferred() && !proposals[2].value.inferred());
    let e = temporal::proposals_edit(&c.p, &proposals).unwrap();
    edit::apply(&mut c.p, e).unwrap();
    let dates = c.dates.clone();
    for (i, d) in dates.iter().enumerate() {
        c.time(i, d);
    }
    assert_eq!(c.p.members(&c.coup).count(), 3);

    let t = timeline::build(&c.p, &timeline::Filter::default());
    assert_eq!(t.rows.len(), 1, "the coup is listed once");
    let row = &t.rows[0];
    assert_eq!(row.event, timeline::EventRef::Cluster(c.coup.clone()));
    assert_eq!(row.documents(), c.docs.iter().collect::<Vec<_>>());
    assert_eq!(row.values(), ["1973-09-11"]);
    assert!(!row.disagreement);
    for (pl, d) in row.placements.iter().zip(&c.dates) {
        assert_eq!(
            &pl.date.id, d,
            "each time argument points to its text's date"
        );
        assert_eq!(pl.value.edtf, "1973-09-11");
        assert_eq!(pl.source, temporal::Source::Proposed);
    }
    assert!(t.untimed.is_empty() && t.problems.is_empty());
    // `weft timeline --csv` lists it once, with three documents.
    let csv = temporal::timeline_csv(&c.p, &t);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(lines[1].starts_with("timed,c_coup_1973,"), "{}", lines[1]);
    assert!(lines[1].contains(",1973-09-11,1973-09-11,1973-09-11,false,"));
    assert_eq!(
        lines[1].matches("d_chile_").count(),
        3,
        "three document ids: {}",
        lines[1]
    );
    let json = temporal::timeline_json(&c.p, &t);
    assert_eq!(json["events"].as_array().unwrap().len(), 1);
    assert_eq!(json["events"][0]["documents"].as_array().unwrap().len(), 3);

    // The graph export has the coup with its three mentions and its three time arguments.
    let g = catalog::export(
        &c.p,
        FormatId::Graphml,
        &Options::new(),
        t0(),
        &mut |_, _| {},
    )
    .unwrap();
    let graphml = &g.files[0].contents;
    assert!(graphml.contains("<node id=\"c_coup_1973\">"));
    assert_eq!(
        graphml.matches("<data key=\"e_type\">time</data>").count(),
        3
    );
}

#[test]
fn a_conflicting_date_in_one_text_is_flagged_as_a_disagreement() {
    let Some(mut c) = corpus() else {
        return;
    };
    let dates = c.dates.clone();
    c.time(0, &dates[0]);
    c.time(2, &dates[2]);
    // Text 001 also names the statement of 18 September 1973: date the coup by it there.
    let d = c.docs[1].clone();
    let wrong = tag(&mut c.p, &mut c.h, &d, "September 18, 1973", 0, "DATE");
    c.time(1, &wrong);
    let t = timeline::build(&c.p, &timeline::Filter::default());
    assert_eq!(t.rows.len(), 1);
    let row = &t.rows[0];
    assert_eq!(row.documents().len(), 3);
    assert!(row.disagreement, "11 and 18 September cannot both be right");
    assert_eq!(row.values(), ["1973-09-11", "1973-09-18"]);
    // Setting the user's value of the date in text 001 back to the coup's day resolves it.
    let (e, _) = ops::delete_argument(&c.p, &ArgumentId::new("a_time_1")).unwrap();
    edit::apply(&mut c.p, e).unwrap();
    c.time(1, &dates[1]);
    let e = temporal::date_attribute_edit(&c.p, &dates[1], Some("1973-09-11")).unwrap();
    edit::apply(&mut c.p, e).unwrap();
    let t = timeline::build(&c.p, &timeline::Filter::default());
    assert!(!t.rows[0].disagreement);
    // A typed value that conflicts is flagged just the same.
    let e = temporal::date_attribute_edit(&c.p, &dates[1], Some("1973-09-12")).unwrap();
    edit::apply(&mut c.p, Edit::Batch(vec![e])).unwrap();
    let t = timeline::build(&c.p, &timeline::Filter::default());
    assert!(t.rows[0].disagreement);
}
