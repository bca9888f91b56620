//! Offsets at the UI edge: paragraphs, grapheme snapping, word boundaries and char/byte
//! conversion within a paragraph. All offsets are UTF-8 bytes of the whole document unless a
//! name says otherwise; egui cursors count chars, so conversion happens here and only here.

use std::ops::Range;
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

/// Byte ranges of the paragraphs of `text`, split at `\n` (a `\r` before it is left out, so
/// CRLF texts behave like LF texts). The ranges exclude the line break; an empty text has one
/// empty paragraph.
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\n' {
            let end = if i > start && bytes[i - 1] == b'\r' {
                i - 1
            } else {
                i
            };
            out.push(start..end);
            start = i + 1;
        }
    }
    out.push(start..text.len());
    out
}

/// Index of the paragraph holding byte `offset` (a break belongs to the paragraph it ends).
pub fn paragraph_of(paras: &[Range<usize>], offset: usize) -> usize {
    let i = paras.partition_point(|p| p.start <= offset);
    i.saturating_sub(1).min(paras.len().saturating_sub(1))
}

fn floor_char(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Whether `offset` is a grapheme boundary of `text`.
pub fn is_grapheme_boundary(text: &str, offset: usize) -> bool {
    if offset > text.len() || !text.is_char_boundary(offset) {
        return false;
    }
    GraphemeCursor::new(offset, text.len(), true)
        .is_boundary(text, 0)
        .unwrap_or(true)
}

/// The grapheme boundary at or before `offset`.
pub fn snap_down(text: &str, offset: usize) -> usize {
    let o = floor_char(text, offset);
    if is_grapheme_boundary(text, o) {
        return o;
    }
    prev_grapheme(text, o)
}

/// The grapheme boundary at or after `offset`.
pub fn snap_up(text: &str, offset: usize) -> usize {
    let o = floor_char(text, offset);
    if o == offset && is_grapheme_boundary(text, o) {
        return o;
    }
    next_grapheme(text, o)
}

/// The grapheme boundary nearest to `offset` (ties go down).
pub fn snap_nearest(text: &str, offset: usize) -> usize {
    let lo = snap_down(text, offset);
    if lo == offset {
        return lo;
    }
    let hi = snap_up(text, offset);
    if offset - lo <= hi - offset { lo } else { hi }
}

/// The next grapheme boundary after `offset` (or the end).
pub fn next_grapheme(text: &str, offset: usize) -> usize {
    let o = floor_char(text, offset);
    GraphemeCursor::new(o, text.len(), true)
        .next_boundary(text, 0)
        .ok()
        .flatten()
        .unwrap_or(text.len())
}

/// The previous grapheme boundary before `offset` (or 0).
pub fn prev_grapheme(text: &str, offset: usize) -> usize {
    let o = floor_char(text, offset);
    GraphemeCursor::new(o, text.len(), true)
        .prev_boundary(text, 0)
        .ok()
        .flatten()
        .unwrap_or(0)
}

fn is_wordlike(s: &str) -> bool {
    s.chars().any(|c| c.is_alphanumeric())
}

/// The word (or other segment) at byte `offset` of `text`, within paragraph `para`: what a
/// double click selects. Whitespace and punctuation select themselves.
pub fn word_at(text: &str, para: Range<usize>, offset: usize) -> Range<usize> {
    let p = &text[para.clone()];
    let rel = offset.saturating_sub(para.start).min(p.len());
    let mut last = None;
    for (i, w) in p.split_word_bound_indices() {
        let r = i..i + w.len();
        if r.contains(&rel) {
            return para.start + r.start..para.start + r.end;
        }
        last = Some(r);
    }
    match last {
        Some(r) if rel == p.len() => para.start + r.start..para.start + r.end,
        _ => offset..offset,
    }
}

/// Where Ctrl+Right goes from `offset`: the end of the next word in the paragraph, or the
/// start of the next paragraph.
pub fn word_right(text: &str, paras: &[Range<usize>], offset: usize) -> usize {
    let pi = paragraph_of(paras, offset);
    let para = paras[pi].clone();
    let p = &text[para.clone()];
    let rel = offset.saturating_sub(para.start);
    for (i, w) in p.split_word_bound_indices() {
        let end = i + w.len();
        if end > rel && is_wordlike(w) {
            return para.start + end;
        }
    }
    if rel < p.len() {
        para.end
    } else {
        paras.get(pi + 1).map(|n| n.start).unwrap_or(text.len())
    }
}

/// Where Ctrl+Left goes from `offset`: the start of the previous word in the paragraph, or the
/// end of the previous paragraph.
pub fn word_left(text: &str, paras: &[Range<usize>], offset: usize) -> usize {
    let pi = paragraph_of(paras, offset);
    let para = paras[pi].clone();
    let p = &text[para.clone()];
    let rel = offset.saturating_sub(para.start).min(p.len());
    let mut best = None;
    for (i, w) in p.split_word_bound_indices() {
        if i >= rel {
            break;
        }
        if is_wordlike(w) {
            best = Some(i);
        }
    }
    match best {
        Some(i) => para.start + i,
        None if rel > 0 => para.start,
        None => {
            if pi > 0 {
                paras[pi - 1].end
            } else {
                0
            }
        }
    }
}

/// Char index (within `s`) of byte index `byte` (clamped to a char boundary).
pub fn byte_to_char_in(s: &str, byte: usize) -> usize {
    s[..floor_char(s, byte)].chars().count()
}

/// Byte index (within `s`) of char index `ch` (clamped to the end).
pub fn char_to_byte_in(s: &str, ch: usize) -> usize {
    s.char_indices().nth(ch).map(|(b, _)| b).unwrap_or(s.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_paragraphs_leave_out_the_break() {
        let t = "ab\r\ncd\n\nef";
        let p = paragraphs(t);
        assert_eq!(p, vec![0..2, 4..6, 7..7, 8..10]);
        assert_eq!(paragraph_of(&p, 0), 0);
        assert_eq!(paragraph_of(&p, 3), 0);
        assert_eq!(paragraph_of(&p, 4), 1);
        assert_eq!(paragraph_of(&p, 10), 3);
    }

    #[test]
    fn an_emoji_is_never_split() {
        // A family emoji: several code points joined by ZWJ, one grapheme.
        let t = "a\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}b";
        let inside = 1 + 4 + 3; // after the man and the first joiner
        assert_eq!(snap_down(t, inside), 1);
        assert_eq!(snap_up(t, inside), t.len() - 1);
        assert_eq!(next_grapheme(t, 1), t.len() - 1);
        assert_eq!(prev_grapheme(t, t.len() - 1), 1);
        // inside a multi-byte char
        assert_eq!(snap_down("é", 1), 0);
        assert_eq!(snap_up("é", 1), 2);
    }

    #[test]
    fn combining_marks_stay_with_their_letter() {
        let t = "e\u{301}x";
        assert_eq!(next_grapheme(t, 0), 3);
        assert_eq!(snap_nearest(t, 1), 0);
    }

    #[test]
    fn words_and_word_motion() {
        let t = "General Pinochet, 1973.";
        let p = paragraphs(t);
        assert_eq!(word_at(t, p[0].clone(), 9), 8..16);
        assert_eq!(word_right(t, &p, 0), 7);
        assert_eq!(word_right(t, &p, 7), 16);
        assert_eq!(word_left(t, &p, 16), 8);
        assert_eq!(word_left(t, &p, 8), 0);
    }

    #[test]
    fn char_byte_round_trip() {
        let s = "a😀b";
        assert_eq!(byte_to_char_in(s, 5), 2);
        assert_eq!(char_to_byte_in(s, 2), 5);
        assert_eq!(char_to_byte_in(s, 9), s.len());
    }
}
