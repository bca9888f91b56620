//! Test helper for the crash test (`tests/crash_kill.rs`), not a user command: edits and saves
//! a project in an endless loop so the test can kill it at random moments.
//!
//! `weft-crash-loop PROJECT`: creates the project if needed, then for generation k = g+1, g+2…
//! (g read from the project's name "gen g") applies generation k's edits, prints
//! `saving k`, saves, prints `saved k`. Generation k's state is fixed: name "gen k"; mentions
//! `m_gen{j}` for j in k-4..=k, each linked to cluster `c_gen{j}`, in document `j % 2`; each
//! cluster related to the previous one. Every save touches both annotation files, links.json
//! and the manifest, so it goes through the save journal.

use chrono::{TimeZone, Utc};
use std::io::Write;
use weft::edit::{self, Edit};
use weft::model::*;
use weft::store::ProjectFolder;

const WORDS: &str =
    "Ana Luis Marta Pedro Sofía Tomás Inés Raúl Lucía Diego Elena Bruno Clara Hugo ";

fn main() {
    let root = std::path::PathBuf::from(
        std::env::args()
            .nth(1)
            .expect("usage: weft-crash-loop PROJECT"),
    );
    let (mut p, mut folder) = if root.join("weft-project.json").exists() {
        ProjectFolder::load(&root).expect("the project loads")
    } else {
        let (mut p, mut f) = ProjectFolder::create(&root, "gen 0", Schema::default_news()).unwrap();
        for (i, name) in ["left", "right"].iter().enumerate() {
            let text = WORDS.repeat(20);
            let doc = Document::new(
                DocId::new(format!("d_{name}")),
                *name,
                text,
                Provenance {
                    encoding: "UTF-8".into(),
                    ..Default::default()
                },
            );
            edit::apply(&mut p, Edit::InsertDocument { index: i, doc }).unwrap();
        }
        f.save(&p).unwrap();
        (p, f)
    };
    let mut k: u64 = p
        .name
        .strip_prefix("gen ")
        .and_then(|g| g.parse().ok())
        .expect("name is 'gen N'");
    let out = std::io::stdout();
    loop {
        k += 1;
        step(&mut p, k);
        let mut o = out.lock();
        writeln!(o, "saving {k}").unwrap();
        o.flush().unwrap();
        folder.save(&p).expect("save");
        writeln!(o, "saved {k}").unwrap();
        o.flush().unwrap();
    }
}

/// Applies generation `k`'s edits to the state of generation `k - 1`.
fn step(p: &mut Project, k: u64) {
    let t =
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + chrono::Duration::seconds(k as i64);
    let mut edits = vec![Edit::SetName(format!("gen {k}"))];
    if k > 5 {
        let old = k - 5;
        edits.push(Edit::DeleteMention(MentionId::new(format!("m_gen{old}"))));
        edits.push(Edit::DeleteCluster(ClusterId::new(format!("c_gen{old}"))));
    }
    let doc = DocId::new(if k.is_multiple_of(2) {
        "d_left"
    } else {
        "d_right"
    });
    let text = p.document(&doc).unwrap().text().to_string();
    let words: Vec<(usize, &str)> = text.split_word_bound_indices_simple();
    let (start, word) = words[(k as usize * 7) % words.len()];
    let cid = ClusterId::new(format!("c_gen{k}"));
    edits.push(Edit::InsertCluster(Cluster {
        id: cid.clone(),
        type_key: "PERSON".into(),
        name: word.into(),
        external_id: None,
        attributes: Default::default(),
        note: String::new(),
    }));
    edits.push(Edit::InsertMention(Mention {
        id: MentionId::new(format!("m_gen{k}")),
        doc,
        type_key: "PERSON".into(),
        fragments: vec![TextRange::new(&text, start, start + word.len()).unwrap()],
        attributes: Default::default(),
        note: format!("generation {k}"),
        cluster: Some(cid.clone()),
        author: "crash-loop".into(),
        created: t,
        modified: t,
    }));
    if k > 1
        && p.cluster(&ClusterId::new(format!("c_gen{}", k - 1)))
            .is_some()
    {
        edits.push(Edit::InsertRelation(Relation {
            id: RelationId::new(format!("r_gen{k}")),
            type_key: "opposes".into(),
            from: Endpoint::Cluster(cid),
            to: Endpoint::Cluster(ClusterId::new(format!("c_gen{}", k - 1))),
            attributes: Default::default(),
            note: String::new(),
        }));
    }
    edit::apply(p, Edit::Batch(edits)).expect("generation edits apply");
}

trait Words {
    fn split_word_bound_indices_simple(&self) -> Vec<(usize, &str)>;
}

impl Words for String {
    fn split_word_bound_indices_simple(&self) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in self.char_indices() {
            match (c.is_whitespace(), start) {
                (false, None) => start = Some(i),
                (true, Some(s)) => {
                    out.push((s, &self[s..i]));
                    start = None;
                }
                _ => {}
            }
        }
        out
    }
}
