//! PDF with a text layer to the text a reader sees, through pdf-extract (on lopdf), page by page.
//!
//! pdf-extract places characters by their position: a new line where the baseline moves, a
//! blank line where it moves by more than one and a half lines (a paragraph gap, or a new
//! page). From that, this module rebuilds paragraphs: the lines of a paragraph are joined with
//! a space, paragraphs are separated by a blank line, and the typographic ligatures ﬁ, ﬂ, ﬀ, ﬃ,
//! ﬄ, ﬅ and ﬆ become their letters (so that a search for "official" finds the word).
//!
//! ## Hyphens at line ends
//!
//! A word broken across lines ("govern-" / "ment") is joined only when that is safe:
//! 1. a soft hyphen (U+00AD) at a line end is always removed and the halves joined;
//! 2. otherwise the line must end in a letter, a `-` and nothing else, and the next line must
//!    start with a letter; then
//!    - if the document writes the hyphenated form elsewhere ("long-term" inside a line),
//!      the hyphen is kept ("long-term");
//!    - else if it writes the joined form elsewhere ("government"), the halves are joined;
//!    - else they are joined only if both letters around the break are lower case and the
//!      part before the hyphen is not a prefix that keeps its hyphen (self-, ex-, non-, anti-,
//!      pro-, co-, well-, …: see [`KEEP_HYPHEN`]); in every other case the hyphen is kept
//!      and the line joined without a space ("anti-" / "Allende" → "anti-Allende").
//! 3. a line ending in a `-` after a digit, or an en or em dash after a non-space, is joined
//!    without a space ("1970-" / "1973" → "1970-1973").
//!
//! A PDF whose pages hold no text at all (scans) is refused: it needs OCR first. Pages without
//! text in an otherwise textual PDF are reported as dropped.

use super::report::{Dropped, Problem};
use std::collections::HashSet;

/// First parts of compounds that keep their hyphen across a line break.
pub const KEEP_HYPHEN: &[&str] = &[
    "all", "anti", "cross", "co", "counter", "ex", "far", "full", "half", "high", "ill", "left",
    "long", "low", "mid", "multi", "neo", "non", "post", "pre", "pro", "quasi", "right", "self",
    "semi", "short", "so", "ultra", "vice", "well",
];

/// Extracts the text of a PDF's bytes.
pub fn extract(bytes: &[u8]) -> Result<(String, Dropped), Problem> {
    // pdf-extract and lopdf panic on some malformed files; a bad file must not end Weft.
    let pages = std::panic::catch_unwind(|| pages_text(bytes)).map_err(|panic| {
        let why = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "the PDF reader stopped".into());
        Problem::Malformed(format!("the file is malformed or unsupported ({why})"))
    })??;
    let mut dropped = Dropped::default();
    let empty = pages.iter().filter(|p| p.trim().is_empty()).count();
    if empty == pages.len() {
        return Err(Problem::NeedsOcr { pages: pages.len() });
    }
    for _ in 0..empty {
        dropped.add("page without a text layer (needs OCR)");
    }
    Ok((paragraphs(&pages), dropped))
}

/// The raw text of each page.
fn pages_text(bytes: &[u8]) -> Result<Vec<String>, Problem> {
    use pdf_extract::{Document, PlainTextOutput, output_doc_page};
    let mut doc = Document::load_mem(bytes)
        .map_err(|e| Problem::Malformed(format!("not a readable PDF ({e})")))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(Problem::Malformed(
            "it is protected by a password; remove the protection and add it again".into(),
        ));
    }
    let numbers: Vec<u32> = doc.get_pages().keys().copied().collect();
    let mut pages = Vec::with_capacity(numbers.len());
    for n in numbers {
        let mut text = String::new();
        let mut out = PlainTextOutput::new(&mut text);
        output_doc_page(&doc, &mut out, n)
            .map_err(|e| Problem::Malformed(format!("page {n}: {e}")))?;
        pages.push(text);
    }
    Ok(pages)
}

fn unligature(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{fb00}' => out.push_str("ff"),
            '\u{fb01}' => out.push_str("fi"),
            '\u{fb02}' => out.push_str("fl"),
            '\u{fb03}' => out.push_str("ffi"),
            '\u{fb04}' => out.push_str("ffl"),
            '\u{fb05}' | '\u{fb06}' => out.push_str("st"),
            c => out.push(c),
        }
    }
    out
}

/// Paragraphs from the pages' lines: blank lines separate paragraphs, lines inside one are
/// joined (see the module docs for hyphens).
pub fn paragraphs(pages: &[String]) -> String {
    let pages: Vec<String> = pages.iter().map(|p| unligature(p)).collect();
    let mut paras: Vec<Vec<&str>> = Vec::new();
    for page in &pages {
        let mut current: Vec<&str> = Vec::new();
        for line in page.lines() {
            let line = line.trim();
            if line.is_empty() {
                if !current.is_empty() {
                    paras.push(std::mem::take(&mut current));
                }
            } else {
                current.push(line);
            }
        }
        if !current.is_empty() {
            paras.push(current);
        }
    }
    let vocab = Vocabulary::of(&paras);
    let mut out: Vec<String> = paras.iter().map(|p| join_lines(p, &vocab)).collect();
    out.retain(|p| !p.is_empty());
    if out.is_empty() {
        return String::new();
    }
    out.join("\n\n") + "\n"
}

/// Words the document writes inside lines: with an inner hyphen, and without.
#[derive(Default)]
pub struct Vocabulary {
    hyphenated: HashSet<String>,
    plain: HashSet<String>,
}

impl Vocabulary {
    fn of(paras: &[Vec<&str>]) -> Self {
        let mut v = Self::default();
        for line in paras.iter().flatten() {
            let words: Vec<&str> = line.split_whitespace().collect();
            for (i, w) in words.iter().enumerate() {
                // A line's last word may be a broken half; it says nothing about the vocabulary.
                if i + 1 == words.len() && w.ends_with('-') {
                    continue;
                }
                let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
                let w = w.trim_matches('-').to_lowercase();
                if w.is_empty() {
                    continue;
                }
                if w.contains('-') {
                    v.hyphenated.insert(w);
                } else {
                    v.plain.insert(w);
                }
            }
        }
        v
    }
}

/// The last word of `s` (letters only) and the first of `t`.
fn last_letters(s: &str) -> &str {
    let start = s
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphabetic())
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    &s[start..]
}

fn first_letters(t: &str) -> &str {
    let end = t
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map(|(i, _)| i)
        .unwrap_or(t.len());
    &t[..end]
}

/// Joins the lines of one paragraph.
pub fn join_lines(lines: &[&str], vocab: &Vocabulary) -> String {
    let mut out = String::new();
    for line in lines {
        if out.is_empty() {
            out.push_str(line);
            continue;
        }
        if out.ends_with('\u{ad}') {
            out.pop();
            out.push_str(line);
            continue;
        }
        let mut tail = out.chars().rev();
        let last = tail.next();
        let before = tail.next();
        match (before, last) {
            (Some(b), Some('-')) if b.is_alphabetic() => {
                let head = last_letters(&out[..out.len() - 1]).to_lowercase();
                let rest = first_letters(line).to_lowercase();
                let next = line.chars().next();
                let join =
                    !rest.is_empty() && should_join(&head, &rest, b, next.unwrap_or(' '), vocab);
                if join {
                    out.pop();
                }
                out.push_str(line);
            }
            (Some(b), Some('-')) if b.is_ascii_digit() => out.push_str(line),
            (Some(b), Some('\u{2013}' | '\u{2014}')) if !b.is_whitespace() => out.push_str(line),
            _ => {
                out.push(' ');
                out.push_str(line);
            }
        }
    }
    out
}

/// Whether "head-" + "rest" at a line break is one word broken by hyphenation.
fn should_join(head: &str, rest: &str, before: char, next: char, vocab: &Vocabulary) -> bool {
    if !next.is_alphabetic() {
        return false;
    }
    if vocab.hyphenated.contains(&format!("{head}-{rest}")) {
        return false;
    }
    if vocab.plain.contains(&format!("{head}{rest}")) {
        return true;
    }
    before.is_lowercase() && next.is_lowercase() && !KEEP_HYPHEN.contains(&head)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(lines: &[&str]) -> String {
        paragraphs(&[lines.join("\n")])
    }

    #[test]
    fn lines_join_into_paragraphs_and_blank_lines_separate_them() {
        let pages = vec![
            "The junta met\nat dawn.\n\nIt fell.\n".to_string(),
            "Page two.".into(),
        ];
        assert_eq!(
            paragraphs(&pages),
            "The junta met at dawn.\n\nIt fell.\n\nPage two.\n"
        );
    }

    #[test]
    fn broken_words_join_only_when_safe() {
        assert_eq!(para(&["the govern-", "ment fell"]), "the government fell\n");
        assert_eq!(
            para(&["a self-", "appointed junta"]),
            "a self-appointed junta\n"
        );
        assert_eq!(
            para(&["the anti-", "Allende press"]),
            "the anti-Allende press\n"
        );
        assert_eq!(para(&["from 1970-", "1973"]), "from 1970-1973\n");
        assert_eq!(para(&["a pause -", "then"]), "a pause - then\n");
        assert_eq!(para(&["soft\u{ad}", "ly"]), "softly\n");
        assert_eq!(para(&["ﬁnal ofﬁce"]), "final office\n");
    }

    #[test]
    fn the_document_vocabulary_decides_first() {
        // "long-term" is written inside a line, so the break keeps its hyphen even though both
        // sides are lower case; "counterattack" is written joined, so the break joins.
        assert_eq!(
            para(&["a long-term plan, a long-", "term view"]),
            "a long-term plan, a long-term view\n"
        );
        assert_eq!(
            para(&["the counter-", "attack, then a counterattack"]),
            "the counterattack, then a counterattack\n"
        );
        assert_eq!(
            para(&["político-militar y político-", "militar"]),
            "político-militar y político-militar\n"
        );
    }
}
