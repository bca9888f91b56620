//! Benchmark of suggestions (not a test; timings never go in `cargo test`).
//!
//! Loads the three texts of `../shared/corpus/chile-1973/`, tags 1,000 distinct strings taken
//! from them (word 1-, 2- and 3-grams, each at its first occurrence, types in turn, every
//! third one linked to an entity), then times, as the median of several runs:
//! - building the Aho-Corasick automaton over all tagged strings ([`Suggester::build`]);
//! - finding the suggestions in all three texts ([`Suggester::suggest_all`]);
//! - for comparison, a loop that scans each text once per tagged string.
//!
//! Run: `cargo run --release --example bench_suggest [-- CORPUS_DIR [N_STRINGS]]`

use std::path::PathBuf;
use std::time::{Duration, Instant};
use weft::edit::{self, Edit};
use weft::model::{
    Cluster, ClusterId, DocId, Document, Mention, MentionId, Project, Provenance, Schema, TextRange,
};
use weft::suggest::{Suggester, is_word_char};

const RUNS: usize = 9;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<T>(mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::with_capacity(RUNS);
    let mut out = None;
    for _ in 0..RUNS {
        let t = Instant::now();
        let r = std::hint::black_box(f());
        times.push(t.elapsed());
        out = Some(r);
    }
    (median(times), out.expect("RUNS > 0"))
}

/// Word spans (byte ranges) of a text.
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args.first().map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/chile-1973")
    });
    let wanted: usize = match args.get(1) {
        Some(n) => n.parse().map_err(|e| format!("N_STRINGS '{n}': {e}"))?,
        None => 1000,
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(format!("no .txt files in {}", dir.display()));
    }

    let mut p = Project::new("bench", Schema::default_news());
    for (i, path) in paths.iter().enumerate() {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let name = path.file_stem().unwrap_or_default().to_string_lossy();
        let doc = Document::new(
            DocId::new(format!("d_{i}")),
            name,
            text,
            Provenance::default(),
        );
        edit::apply(&mut p, Edit::InsertDocument { index: i, doc }).map_err(|e| e.to_string())?;
    }

    // Distinct n-grams, shortest first within each text position order.
    let types = ["PERSON", "ORG", "PLACE", "DATE"];
    let mut seen = std::collections::HashSet::new();
    let mut edits = Vec::new();
    let mut clusters = 0;
    'outer: for n in 1..=3 {
        for d in p.documents() {
            let text = d.text();
            let w = words(text);
            for win in w.windows(n) {
                let (s, e) = (win[0].0, win[n - 1].1);
                let s_text = &text[s..e];
                if s_text.contains('\n')
                    || s_text.chars().count() < weft::suggest::MIN_CHARS
                    || !seen.insert(s_text.to_string())
                {
                    continue;
                }
                let k = seen.len();
                let type_key = types[k % types.len()];
                let cluster = if k % 3 == 0 {
                    let id = ClusterId::new(format!("c_{k}"));
                    edits.push(Edit::InsertCluster(Cluster {
                        layer: Default::default(),
                        id: id.clone(),
                        type_key: type_key.into(),
                        name: s_text.into(),
                        external_id: None,
                        attributes: Default::default(),
                        note: String::new(),
                    }));
                    clusters += 1;
                    Some(id)
                } else {
                    None
                };
                let now = chrono::DateTime::UNIX_EPOCH;
                edits.push(Edit::InsertMention(Mention {
                    layer: Default::default(),
                    id: MentionId::new(format!("m_{k}")),
                    doc: d.id.clone(),
                    type_key: type_key.into(),
                    fragments: smallvec::smallvec![
                        TextRange::new(text, s, e).map_err(|e| e.to_string())?
                    ],
                    attributes: Default::default(),
                    note: String::new(),
                    cluster,
                    author: String::new(),
                    created: now,
                    modified: now,
                }));
                if seen.len() == wanted {
                    break 'outer;
                }
            }
        }
    }
    edit::apply(&mut p, Edit::Batch(edits)).map_err(|e| e.to_string())?;
    let bytes: usize = p.documents().iter().map(|d| d.text().len()).sum();
    println!(
        "corpus: {} texts, {bytes} bytes; tagged {} distinct strings ({clusters} linked to entities)",
        p.documents().len(),
        seen.len()
    );

    let (build, suggester) = time(|| Suggester::build(&p));
    let (find, found) = time(|| suggester.suggest_all(&p));
    let (naive, naive_hits) = time(|| {
        let mut hits = 0usize;
        for d in p.documents() {
            for s in &seen {
                hits += d.text().matches(s.as_str()).count();
            }
        }
        hits
    });
    println!("median of {RUNS} runs:");
    println!(
        "  build automaton ({} strings):  {:>9.3} ms",
        suggester.pattern_count(),
        build.as_secs_f64() * 1e3
    );
    println!(
        "  find suggestions (all texts):  {:>9.3} ms  ({} suggestions)",
        find.as_secs_f64() * 1e3,
        found.len()
    );
    println!(
        "  for comparison, one scan per string: {:>9.3} ms  ({naive_hits} raw matches)",
        naive.as_secs_f64() * 1e3
    );
    Ok(())
}
