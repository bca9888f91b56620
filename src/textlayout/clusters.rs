//! Caret stops: where a caret may sit and where a selection may begin or end.
//!
//! A caret stop is an extended grapheme cluster boundary (UAX #29: a base keeps its combining
//! marks, ZWJ sequences, and since Unicode 15.1 Devanagari conjuncts) that does not fall inside
//! an Arabic lam-alef. Fonts draw lam followed by alef as one ligature glyph; egui's shaper
//! (harfrust) merges the two into one cluster, so a boundary between them has no position on
//! screen. The rule here is font-independent, so the stops are the same on every machine; the
//! engine also merges any wider cluster a shaper reports ([`crate::textlayout::Shaper`]).
//!
//! All offsets are UTF-8 byte offsets into the text passed in. The functions look only at the
//! neighbourhood of the offset, so they work on a whole document as well as on a paragraph.

use unicode_segmentation::GraphemeCursor;

const LAM: char = '\u{644}';

/// Alef forms that make a ligature with a preceding lam (the Arabic Presentation Forms
/// U+FEF5–U+FEFC): alef with madda above, with hamza above, with hamza below, and plain alef.
fn is_ligating_alef(c: char) -> bool {
    matches!(c, '\u{622}' | '\u{623}' | '\u{625}' | '\u{627}')
}

fn floor_char(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn is_grapheme_boundary(text: &str, offset: usize) -> bool {
    GraphemeCursor::new(offset, text.len(), true)
        .is_boundary(text, 0)
        .unwrap_or(true)
}

fn prev_grapheme(text: &str, offset: usize) -> Option<usize> {
    GraphemeCursor::new(offset, text.len(), true)
        .prev_boundary(text, 0)
        .ok()
        .flatten()
}

fn next_grapheme(text: &str, offset: usize) -> Option<usize> {
    GraphemeCursor::new(offset, text.len(), true)
        .next_boundary(text, 0)
        .ok()
        .flatten()
}

/// Whether the grapheme boundary `offset` lies between a lam (with any marks, but no ZWNJ or
/// ZWJ that breaks the joining) and a following alef: one ligature on screen.
fn splits_lam_alef(text: &str, offset: usize) -> bool {
    let Some(next) = text[offset..].chars().next() else {
        return false;
    };
    if !is_ligating_alef(next) {
        return false;
    }
    let Some(start) = prev_grapheme(text, offset) else {
        return false;
    };
    let mut prev = text[start..offset].chars();
    prev.next() == Some(LAM) && prev.all(|c| !matches!(c, '\u{200C}' | '\u{200D}'))
}

/// Whether `offset` is a caret stop of `text`.
pub fn is_caret_stop(text: &str, offset: usize) -> bool {
    offset <= text.len()
        && text.is_char_boundary(offset)
        && is_grapheme_boundary(text, offset)
        && !splits_lam_alef(text, offset)
}

/// The caret stop after `offset` (or the end of the text).
pub fn next_caret_stop(text: &str, offset: usize) -> usize {
    let mut o = floor_char(text, offset);
    loop {
        match next_grapheme(text, o) {
            Some(n) if !splits_lam_alef(text, n) => return n,
            Some(n) => o = n,
            None => return text.len(),
        }
    }
}

/// The caret stop before `offset` (or 0).
pub fn prev_caret_stop(text: &str, offset: usize) -> usize {
    let mut o = floor_char(text, offset);
    if o < offset && is_caret_stop(text, o) {
        return o;
    }
    loop {
        match prev_grapheme(text, o) {
            Some(p) if !splits_lam_alef(text, p) => return p,
            Some(p) => o = p,
            None => return 0,
        }
    }
}

/// The caret stop at or before `offset`.
pub fn snap_down(text: &str, offset: usize) -> usize {
    let o = floor_char(text, offset);
    if is_caret_stop(text, o) {
        o
    } else {
        prev_caret_stop(text, o)
    }
}

/// The caret stop at or after `offset`.
pub fn snap_up(text: &str, offset: usize) -> usize {
    let o = floor_char(text, offset);
    if o == offset.min(text.len()) && is_caret_stop(text, o) {
        o
    } else {
        next_caret_stop(text, o)
    }
}

/// The caret stop nearest to `offset` (ties go down).
pub fn snap_nearest(text: &str, offset: usize) -> usize {
    let lo = snap_down(text, offset);
    if lo == offset {
        return lo;
    }
    let hi = snap_up(text, offset);
    if offset - lo <= hi - offset { lo } else { hi }
}

/// Every caret stop of `text`, ascending, from 0 to `text.len()` inclusive.
pub fn caret_stops(text: &str) -> Vec<usize> {
    let mut out = vec![0];
    let mut o = 0;
    while o < text.len() {
        o = next_caret_stop(text, o);
        out.push(o);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lam_alef_is_one_stop_with_or_without_marks() {
        // "la" as a word, and lam + shadda + alef.
        let t = "\u{644}\u{627} \u{644}\u{651}\u{627}";
        let stops = caret_stops(t);
        assert_eq!(stops, vec![0, 4, 5, t.len()], "{stops:?}");
        assert!(!is_caret_stop(t, 2));
        assert_eq!(snap_nearest(t, 2), 0);
        assert_eq!(next_caret_stop(t, 0), 4);
        assert_eq!(prev_caret_stop(t, 4), 0);
    }

    #[test]
    fn zwnj_after_lam_breaks_the_ligature() {
        let t = "\u{644}\u{200C}\u{627}";
        assert!(is_caret_stop(t, 5));
        assert_eq!(caret_stops(t), vec![0, 5, t.len()]);
    }

    #[test]
    fn marks_and_conjuncts_stay_whole() {
        // Hebrew shin with a dot and a vowel; Devanagari ksha (ka + virama + ssa).
        let t = "\u{5e9}\u{5c1}\u{5b8}x\u{915}\u{94d}\u{937}";
        assert_eq!(caret_stops(t), vec![0, 6, 7, t.len()]);
        assert_eq!(snap_down(t, 3), 0);
        assert_eq!(snap_up(t, 3), 6);
    }
}
