//! Which paragraphs need the engine: the fast-path test.
//!
//! A paragraph with no right-to-left character, no explicit bidi control and no script whose
//! clusters or line breaks egui 0.37 gets wrong is drawn by the existing egui path unchanged.
//! [`needs_engine`] decides that in one pass over the text, and stops at the first character
//! that needs the engine. Every character below U+0590 (Latin, Greek, Cyrillic, Armenian, IPA,
//! combining diacritics) is decided by one comparison, so a Latin paragraph costs one
//! comparison per byte and nothing else; punctuation, symbols and emoji are decided by a range
//! check (a test compares the shortcuts with the full lookup over every code point in them).

use serde::{Deserialize, Serialize};
use unicode_bidi::{BidiClass, bidi_class};
use unicode_script::{Script, UnicodeScript};

/// A document's paragraph direction: from the first strong character (rules P2–P3 of UAX #9),
/// or forced.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BaseDirection {
    /// From the first strong character of each paragraph; left-to-right if it has none.
    #[default]
    Auto,
    /// Every paragraph left-to-right.
    Ltr,
    /// Every paragraph right-to-left.
    Rtl,
}

/// Which layout path a paragraph takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// egui's own galley, as before: nothing in the paragraph needs more.
    Plain,
    /// This module's engine: bidi reordering, UAX #14 line breaks, cluster-exact mapping.
    Engine,
}

/// The route of one paragraph. Forced RTL always takes the engine (even Latin text is then
/// right-aligned and reordered); otherwise the text decides ([`needs_engine`]).
pub fn route(text: &str, direction: BaseDirection) -> Route {
    if direction == BaseDirection::Rtl || needs_engine(text) {
        Route::Engine
    } else {
        Route::Plain
    }
}

/// Whether `text` holds a character that egui's own layout would draw or map wrongly: a
/// right-to-left letter or Arabic number, an explicit bidi control, or a character of a script
/// with complex clusters or dictionary line breaks (South and South-East Asian scripts, CJK).
pub fn needs_engine(text: &str) -> bool {
    // Bytes below 0xD6 start characters below U+0590; a text of those alone is plain.
    if text.bytes().all(|b| b < 0xD6) {
        return false;
    }
    text.chars().any(char_needs_engine)
}

/// Whether one character sends its paragraph to the engine (see [`needs_engine`]).
pub fn char_needs_engine(c: char) -> bool {
    match c as u32 {
        0..=0x058F => false,
        // General punctuation to miscellaneous symbols (curly quotes, dashes, arrows) and the
        // emoji planes: all neutral or left-to-right and of no complex script, except the
        // right-to-left mark and the explicit controls.
        0x2000..=0x2BFF => matches!(c as u32, 0x200F | 0x202A..=0x202E | 0x2066..=0x2069),
        0x1F300..=0x1FAFF => false,
        _ => is_bidi_relevant(c) || is_complex_script(c),
    }
}

/// Right-to-left letters (R, AL), Arabic numbers (AN: they reorder between neutrals) and the
/// explicit embedding, override and isolate controls.
fn is_bidi_relevant(c: char) -> bool {
    use BidiClass::*;
    matches!(
        bidi_class(c),
        R | AL | AN | RLE | RLO | RLI | FSI | LRE | LRO | LRI | PDF | PDI
    )
}

/// Scripts whose clusters egui maps loosely or that need UAX #14 / dictionary line breaks.
fn is_complex_script(c: char) -> bool {
    use Script::*;
    matches!(
        c.script(),
        Devanagari
            | Bengali
            | Gurmukhi
            | Gujarati
            | Oriya
            | Tamil
            | Telugu
            | Kannada
            | Malayalam
            | Sinhala
            | Tibetan
            | Thai
            | Lao
            | Khmer
            | Myanmar
            | Han
            | Hiragana
            | Katakana
            | Hangul
            | Bopomofo
            | Yi
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shortcut_ranges_agree_with_the_full_test() {
        for u in (0x2000..=0x2BFF).chain(0x1F300..=0x1FAFF) {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(
                    char_needs_engine(c),
                    is_bidi_relevant(c) || is_complex_script(c),
                    "U+{u:04X}"
                );
            }
        }
        // Below U+0590 nothing is right-to-left; the only "complex" characters are the two
        // Bopomofo tone letters, which egui lays out fine on their own.
        let complex: Vec<u32> = (0..0x590)
            .filter_map(char::from_u32)
            .inspect(|c| assert!(!is_bidi_relevant(*c), "{c:?}"))
            .filter(|c| is_complex_script(*c))
            .map(|c| c as u32)
            .collect();
        assert_eq!(complex, vec![0x2EA, 0x2EB]);
    }

    #[test]
    fn latin_greek_cyrillic_and_emoji_stay_plain() {
        for t in [
            "",
            "General strike, 1973.",
            "caf\u{e9} na\u{ef}ve \u{201c}quoted\u{201d} \u{2014} dash",
            "\u{391}\u{3b8}\u{3ae}\u{3bd}\u{3b1} \u{41c}\u{43e}\u{441}\u{43a}\u{432}\u{430}",
            "emoji \u{1F600} and e\u{301}",
        ] {
            assert!(!needs_engine(t), "{t:?}");
            assert_eq!(route(t, BaseDirection::Auto), Route::Plain);
            assert_eq!(route(t, BaseDirection::Ltr), Route::Plain);
        }
    }

    #[test]
    fn rtl_numbers_controls_and_complex_scripts_take_the_engine() {
        for t in [
            "\u{5e9}\u{5dc}\u{5d5}\u{5dd}",
            "page \u{668}",
            "x\u{202B}y",
            "x\u{2067}y\u{2069}",
            "\u{915}\u{94D}\u{937}",
            "\u{e2b}\u{e49}\u{e2d}\u{e07}",
            "\u{4e2d}\u{6587}",
            "\u{30ab}\u{30bf}",
        ] {
            assert!(needs_engine(t), "{t:?}");
        }
        assert_eq!(route("plain", BaseDirection::Rtl), Route::Engine);
    }
}
