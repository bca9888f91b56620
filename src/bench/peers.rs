//! The peers' workload: the task the issue measured Label Studio and doccano on, generated
//! here so that Weft runs the same one.
//!
//! - **Text**: about 1 MB (10^6 bytes of UTF-8) of English-like prose, one line of 40–110
//!   characters per `\n`, a blank line between paragraphs; curly quotes and apostrophes,
//!   accented names and words (José, café, naïve…), and an emoji about every 50 lines.
//! - **Spans**: 20,000 of them, non-overlapping, each 3–20 code points long, covering one to
//!   three whole words of one line: none starts or ends on whitespace and none spans a
//!   newline. Labels are PER, ORG, LOC and EVT.
//! - **Seeded**: the same seed gives the same bytes.
//!
//! It is written as doccano JSONL (`{"text": …, "label": [[start, end, "LABEL"], …]}`, code
//! points, end exclusive), the file a user moving from doccano brings along; the benchmark
//! imports it with `weft import --format doccano` into a new project.

use super::Rng;
use anyhow::{Context, Result, bail};
use std::path::Path;

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PeersSpec {
    /// Size of the text in bytes of UTF-8 (at least this many; it stops after the line that
    /// reaches it).
    pub bytes: usize,
    pub spans: usize,
    pub seed: u64,
}

impl PeersSpec {
    /// The issue's task: 1 MB, 20,000 spans.
    pub const ISSUE: PeersSpec = PeersSpec {
        bytes: 1_000_000,
        spans: 20_000,
        seed: 17,
    };
}

/// The labels the peers' harness uses.
pub const LABELS: [&str; 4] = ["PER", "ORG", "LOC", "EVT"];

/// Shortest and longest span, in code points.
pub const SPAN_CHARS: std::ops::RangeInclusive<usize> = 3..=20;

/// The generated workload: the text and its spans as (start, end, label) in code points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Peers {
    pub text: String,
    pub spans: Vec<(usize, usize, &'static str)>,
}

#[rustfmt::skip]
const WORDS: &[&str] = &[
    "the", "of", "and", "to", "in", "a", "was", "that", "for", "on", "with", "as", "by", "at",
    "from", "his", "her", "their", "it", "this", "which", "were", "had", "have", "been", "after",
    "before", "into", "over", "under", "about", "between", "during", "against", "city", "river",
    "council", "report", "letter", "meeting", "minister", "government", "company", "workers",
    "union", "station", "harbour", "market", "village", "province", "election", "strike",
    "protest", "agreement", "treaty", "army", "officer", "committee", "newspaper", "editor",
    "journalist", "archive", "record", "witness", "morning", "evening", "winter", "summer",
    "spoke", "wrote", "arrived", "left", "announced", "denied", "signed", "returned", "refused",
    "visited", "opened", "closed", "promised", "said", "told", "asked", "answered", "met",
    "north", "south", "old", "new", "small", "large", "public", "private", "national", "local",
    "café", "naïve", "façade", "résumé", "rôle", "déjà", "señor", "años", "über", "coöperate",
];

const NAMES: &[&str] = &[
    "José",
    "María",
    "Zoë",
    "Müller",
    "Ångström",
    "Łódź",
    "São",
    "Paulo",
    "Béatrice",
    "Renée",
    "Núñez",
    "Ibáñez",
    "Dvořák",
    "Søren",
    "Çelik",
    "Ferreira",
    "Okafor",
    "Haddad",
    "Novak",
    "Lindqvist",
    "Kowalski",
    "Moreau",
    "Valparaíso",
    "Montréal",
    "Zürich",
    "Kraków",
    "Bogotá",
    "Société",
    "Générale",
    "Union",
    "Railways",
    "Bank",
    "Council",
    "Congress",
    "Assembly",
];

const EMOJI: &[&str] = &["🙂", "🎉", "👍🏽", "📰", "🇨🇱", "👩‍💻", "⚡", "🕊️"];

/// One line of prose of about `target` bytes, with the byte ranges of its words.
fn line(rng: &mut Rng, target: usize, emoji: bool) -> (String, Vec<(usize, usize)>) {
    let mut s = String::new();
    let mut words = Vec::new();
    let mut quoted = false;
    while s.len() < target {
        if !s.is_empty() {
            s.push(' ');
        }
        if !quoted && rng.below(25) == 0 {
            s.push('\u{201c}');
            quoted = true;
        }
        let w = if rng.below(5) == 0 {
            NAMES[rng.below(NAMES.len() as u64) as usize]
        } else {
            WORDS[rng.below(WORDS.len() as u64) as usize]
        };
        let start = s.len();
        if words.is_empty() {
            // A capital at the start of the line.
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push_str(w);
        }
        if rng.below(40) == 0 {
            s.push_str("\u{2019}s");
        }
        words.push((start, s.len()));
        match rng.below(14) {
            0 => s.push(','),
            1 if quoted => {
                s.push_str(".\u{201d}");
                quoted = false;
            }
            2 => s.push('.'),
            _ => {}
        }
    }
    if quoted {
        s.push('\u{201d}');
    }
    if emoji {
        s.push(' ');
        s.push_str(EMOJI[rng.below(EMOJI.len() as u64) as usize]);
    }
    (s, words)
}

/// Generates the workload for `spec`.
pub fn generate(spec: &PeersSpec) -> Result<Peers> {
    let mut rng = Rng::new(spec.seed);
    let mut text = String::with_capacity(spec.bytes + 256);
    // Every word: (start byte, end byte, line number).
    let mut words: Vec<(usize, usize, usize)> = Vec::new();
    let mut n = 0usize;
    let mut next_emoji = 25 + rng.below(50) as usize;
    while text.len() < spec.bytes {
        let emoji = n == next_emoji;
        if emoji {
            next_emoji += 25 + rng.below(50) as usize;
        }
        let target = 40 + rng.below(70) as usize;
        let (l, ws) = line(&mut rng, target, emoji);
        let base = text.len();
        words.extend(ws.into_iter().map(|(a, b)| (base + a, base + b, n)));
        text.push_str(&l);
        text.push('\n');
        if rng.below(8) == 0 {
            text.push('\n');
        }
        n += 1;
    }
    let spans = place_spans(&mut rng, &text, &words, spec.spans)?;
    Ok(Peers { text, spans })
}

/// `count` non-overlapping spans of one to three words of one line, evenly spread, each
/// [`SPAN_CHARS`] long; returned in code points.
fn place_spans(
    rng: &mut Rng,
    text: &str,
    words: &[(usize, usize, usize)],
    count: usize,
) -> Result<Vec<(usize, usize, &'static str)>> {
    if count == 0 {
        return Ok(Vec::new());
    }
    let stride = words.len() as f64 / count as f64;
    if stride < 3.5 {
        bail!(
            "{} words are too few for {count} spans of up to three words",
            words.len()
        );
    }
    let chars = |a: usize, b: usize| text[a..b].chars().count();
    let mut bytes_spans = Vec::with_capacity(count);
    let mut free = 0usize;
    for k in 0..count {
        let mut w =
            ((k as f64 * stride) as usize + rng.below((stride / 2.0) as u64) as usize).max(free);
        let span = loop {
            if w >= words.len() {
                bail!("ran out of words after {} spans", bytes_spans.len());
            }
            let (a, _, line) = words[w];
            let want = 1 + rng.below(3) as usize;
            // Longest run of up to `want` words on this line that fits.
            let fits = (w..(w + want).min(words.len()))
                .take_while(|&j| words[j].2 == line)
                .filter(|&j| SPAN_CHARS.contains(&chars(a, words[j].1)))
                .last();
            match fits {
                Some(j) => break (w, j),
                None => w += 1,
            }
        };
        free = span.1 + 1;
        bytes_spans.push((
            words[span.0].0,
            words[span.1].1,
            LABELS[rng.below(4) as usize],
        ));
    }
    // Byte offsets to code points in one pass.
    let mut out = Vec::with_capacity(count);
    let mut cp = 0usize;
    let mut at = 0usize;
    let mut to_cp = |b: usize| {
        cp += text[at..b].chars().count();
        at = b;
        cp
    };
    for (a, b, l) in bytes_spans {
        let s = to_cp(a);
        let e = to_cp(b);
        out.push((s, e, l));
    }
    Ok(out)
}

impl Peers {
    /// The doccano JSONL record (one line, with its final newline).
    pub fn to_doccano_jsonl(&self) -> String {
        let labels: Vec<serde_json::Value> = self
            .spans
            .iter()
            .map(|(s, e, l)| serde_json::json!([s, e, l]))
            .collect();
        let record = serde_json::json!({"id": 1, "text": self.text, "label": labels});
        record.to_string() + "\n"
    }
}

/// Writes the workload as doccano JSONL to `path`.
pub fn write_doccano(spec: &PeersSpec, path: &Path) -> Result<Peers> {
    let peers = generate(spec)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    std::fs::write(path, peers.to_doccano_jsonl())
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(peers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> PeersSpec {
        PeersSpec {
            bytes: 60_000,
            spans: 1_200,
            seed: 3,
        }
    }

    #[test]
    fn the_workload_follows_the_peers_rules() {
        let p = generate(&small()).unwrap();
        assert!(p.text.len() >= 60_000 && p.text.len() < 61_000);
        assert_eq!(p.spans.len(), 1_200);
        let chars: Vec<char> = p.text.chars().collect();
        let mut last_end = 0;
        for &(s, e, l) in &p.spans {
            assert!(s >= last_end, "spans overlap at {s}");
            last_end = e;
            assert!(SPAN_CHARS.contains(&(e - s)), "{s}..{e} is {} long", e - s);
            let span = &chars[s..e];
            assert!(!span[0].is_whitespace() && !span[span.len() - 1].is_whitespace());
            assert!(!span.contains(&'\n'));
            assert!(LABELS.contains(&l));
        }
        // Curly quotes, accents and an emoji about every 50 lines.
        let lines = p.text.lines().filter(|l| !l.is_empty()).count();
        let emoji = p.text.matches('\u{1F642}').count()
            + EMOJI[1..]
                .iter()
                .map(|e| p.text.matches(e).count())
                .sum::<usize>();
        assert!(
            emoji * 80 > lines && emoji * 30 < lines,
            "{emoji} emoji in {lines} lines"
        );
        assert!(p.text.contains('\u{201c}') && p.text.contains('\u{2019}'));
        assert!(p.text.contains("é"));
    }

    #[test]
    fn a_seed_gives_the_same_workload() {
        let a = generate(&small()).unwrap();
        assert_eq!(a, generate(&small()).unwrap());
        let other = generate(&PeersSpec { seed: 4, ..small() }).unwrap();
        assert_ne!(a.text, other.text);
    }

    #[test]
    fn the_doccano_line_holds_the_text_and_code_point_spans() {
        let p = generate(&small()).unwrap();
        let line = p.to_doccano_jsonl();
        assert_eq!(line.matches('\n').count(), 1, "one JSONL record");
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["text"].as_str(), Some(p.text.as_str()));
        let labels = v["label"].as_array().unwrap();
        assert_eq!(labels.len(), p.spans.len());
        let chars: Vec<char> = p.text.chars().collect();
        let (s, e) = (
            labels[7][0].as_u64().unwrap() as usize,
            labels[7][1].as_u64().unwrap() as usize,
        );
        let (s2, e2, _) = p.spans[7];
        assert_eq!((s, e), (s2, e2));
        assert!(chars[s..e].iter().all(|c| *c != '\n'));
    }

    #[test]
    fn the_issue_size_has_its_spans() {
        let p = generate(&PeersSpec::ISSUE).unwrap();
        assert_eq!(p.spans.len(), 20_000);
        assert!(p.text.len() >= 1_000_000);
    }
}
