//! Writes Weft's visual order of runs for every bidi test line as JSON, for the python-bidi
//! consumer check (`.ci/check_bidi.sh`).
//!
//! `cargo run --example bidi_dump -- OUT.json [RANDOM_LINES]`
//!
//! Lines: every sample of `weft::textlayout::samples`, the extra lines there, and
//! RANDOM_LINES (default 300) seeded random mixtures of Hebrew, Arabic, Latin, digits of three
//! kinds, spaces, punctuation and brackets. Each line is laid out unwrapped; its runs are
//! written in visual order with their levels, code-point offsets and the text they show
//! (brackets mirrored in right-to-left runs). `visual` is the line as it reads on screen from
//! left to right, code point by code point, mirrored (rule L4); `order` is the same without
//! mirroring (the logical characters in visual order).

use serde_json::json;
use weft::textlayout::samples::{EXTRA_LINES, SAMPLES};
use weft::textlayout::{BaseDirection, FixedShaper, LayoutParams, layout_paragraph};

const ALPHABET: &[&str] = &[
    "א", "ב", "ג", "ש", "ל", "ו", "م", "ر", "ح", "ب", "ا", "ل", "a", "b", "c", "X", "y", "1", "2",
    "0", "٣", "٤", "۵", " ", " ", " ", ".", ",", ":", "-", "+", "%", "$", "(", ")", "[", "]", "!",
    "\"", "/", "\u{200F}", "\u{200E}", "\u{300}",
];

/// A small deterministic generator (64-bit LCG), so the lines are the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

fn random_lines(n: usize) -> Vec<(String, BaseDirection)> {
    let mut rng = Lcg(1973);
    (0..n)
        .map(|_| {
            let len = 1 + (rng.next() % 24) as usize;
            let text: String = (0..len)
                .map(|_| ALPHABET[(rng.next() as usize) % ALPHABET.len()])
                .collect();
            let dir = match rng.next() % 3 {
                0 => BaseDirection::Auto,
                1 => BaseDirection::Ltr,
                _ => BaseDirection::Rtl,
            };
            (text, dir)
        })
        .collect()
}

fn cp(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let out = args
        .next()
        .unwrap_or_else(|| "target/bidi-dump.json".to_string());
    let random: usize = match args.next() {
        Some(n) => n.parse()?,
        None => 300,
    };
    let mut lines: Vec<(String, String, BaseDirection)> = SAMPLES
        .iter()
        .map(|s| (s.name.to_string(), s.text.to_string(), s.direction))
        .collect();
    for (i, (t, d)) in EXTRA_LINES.iter().enumerate() {
        lines.push((format!("extra-{i}"), t.to_string(), *d));
    }
    for (i, (t, d)) in random_lines(random).into_iter().enumerate() {
        lines.push((format!("random-{i}"), t, d));
    }
    let mut items = Vec::new();
    for (name, text, direction) in &lines {
        let layout = layout_paragraph(
            text,
            &LayoutParams {
                wrap_width: f32::INFINITY,
                direction: *direction,
            },
            &mut FixedShaper::default(),
        );
        anyhow::ensure!(layout.lines.len() == 1, "{name}: unwrapped line wrapped");
        let mut visual = String::new();
        let mut order = String::new();
        let runs: Vec<_> = layout.lines[0]
            .runs
            .iter()
            .map(|r| {
                let logical = &text[r.bytes.clone()];
                if r.is_rtl() {
                    visual.extend(r.display.chars().rev());
                    order.extend(logical.chars().rev());
                } else {
                    visual.push_str(&r.display);
                    order.push_str(logical);
                }
                json!({
                    "start": cp(text, r.bytes.start),
                    "end": cp(text, r.bytes.end),
                    "level": r.level,
                    "shown": r.display,
                })
            })
            .collect();
        items.push(json!({
            "name": name,
            "text": text,
            "direction": direction,
            "rtl": layout.rtl,
            "runs": runs,
            "visual": visual,
            "order": order,
        }));
    }
    if let Some(dir) = std::path::Path::new(&out).parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&out, serde_json::to_string_pretty(&items)?)?;
    println!("{} lines written to {out}", items.len());
    Ok(())
}
