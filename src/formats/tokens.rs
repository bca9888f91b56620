//! Word tokens from Unicode word boundaries (UAX #29, via unicode-segmentation), optionally
//! split further at given offsets (mention boundaries), and sentences.

use std::collections::BTreeSet;
use unicode_segmentation::UnicodeSegmentation;

/// A token: byte range into the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
}

/// Non-whitespace word-boundary segments of `text`, split at every offset of `cuts` that
/// falls inside one (so each cut is a token boundary).
pub fn tokens(text: &str, cuts: &BTreeSet<usize>) -> Vec<Token> {
    let mut out = Vec::new();
    for (start, seg) in text.split_word_bound_indices() {
        if seg.chars().all(char::is_whitespace) {
            continue;
        }
        let end = start + seg.len();
        let mut s = start;
        for &c in cuts.range(start + 1..end) {
            out.push(Token { start: s, end: c });
            s = c;
        }
        out.push(Token { start: s, end });
    }
    out
}

/// Sentence ranges (UAX #29 sentence boundaries) as byte ranges, whitespace-only ones dropped.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    text.split_sentence_bound_indices()
        .filter(|(_, s)| !s.trim().is_empty())
        .map(|(i, s)| (i, i + s.len()))
        .collect()
}
