//! Line break opportunities (UAX #14) with dictionary breaks for Thai, Lao, Khmer and Myanmar.
//!
//! `icu_segmenter`'s line segmenter implements the whole of UAX #14 (including the CJK rules:
//! no line starts with a closing bracket or a small kana under the strict rules) and, for the
//! scripts written without spaces between words, looks words up in a dictionary. One crate
//! does both, so there is one set of rules to trust; the `unicode-linebreak` crate would give
//! the same UAX #14 breaks but treat a Thai sentence as one unbreakable word. The dictionary
//! data (Thai, Lao, Khmer and Myanmar dictionaries) adds about 1.1 MB to the binary and needs no
//! loading at run time (it is compiled in).

use icu_segmenter::LineSegmenter;
use icu_segmenter::options::LineBreakOptions;

/// A place where a line may end, as a UTF-8 byte offset into the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Break {
    pub offset: usize,
    /// A line separator or another hard break before `offset`: the line must end here.
    pub mandatory: bool,
}

/// The break opportunities of `text`, ascending, without 0 and with `text.len()` (mandatory).
pub fn line_breaks(text: &str) -> Vec<Break> {
    if text.is_empty() {
        return Vec::new();
    }
    let segmenter = LineSegmenter::new_dictionary(LineBreakOptions::default());
    let mut out: Vec<Break> = segmenter
        .segment_str(text)
        .filter(|&o| o > 0)
        .map(|offset| Break {
            offset,
            mandatory: offset == text.len()
                || text[..offset]
                    .chars()
                    .next_back()
                    .is_some_and(is_hard_break),
        })
        .collect();
    if out.last().map(|b| b.offset) != Some(text.len()) {
        out.push(Break {
            offset: text.len(),
            mandatory: true,
        });
    }
    out
}

/// Characters of line-break class BK, CR, LF or NL, and the paragraph separator (which the
/// document view treats as a line break inside its paragraph).
fn is_hard_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offsets(t: &str) -> Vec<usize> {
        line_breaks(t).iter().map(|b| b.offset).collect()
    }

    #[test]
    fn spaces_break_after_the_space() {
        assert_eq!(offsets("ab cd"), vec![3, 5]);
        assert_eq!(offsets(""), Vec::<usize>::new());
    }

    #[test]
    fn chinese_breaks_between_ideographs_but_not_before_a_comma() {
        // Four ideographs, an ideographic comma, two ideographs.
        let t = "\u{4e2d}\u{6587}\u{6587}\u{5b57}\u{3001}\u{53e5}\u{5b50}";
        let o = offsets(t);
        assert!(o.contains(&3) && o.contains(&6), "{o:?}");
        assert!(!o.contains(&12), "no break before the comma: {o:?}");
        assert!(o.contains(&15), "a break after the comma: {o:?}");
    }

    #[test]
    fn thai_words_are_found_without_spaces() {
        // Two Thai words, no space: "rice" + "chicken".
        let t = "\u{e02}\u{e49}\u{e32}\u{e27}\u{e44}\u{e01}\u{e48}";
        let o = offsets(t);
        assert_eq!(o, vec![12, t.len()], "{o:?}");
    }

    #[test]
    fn a_line_separator_is_mandatory() {
        let b = line_breaks("a\u{2028}b");
        assert_eq!(
            b[0],
            Break {
                offset: 4,
                mandatory: true
            }
        );
        assert!(b[1].mandatory);
    }
}
