//! Property tests: byte <-> code point <-> UTF-16 conversions are exact on arbitrary Unicode.

use proptest::prelude::*;
use weft::model::{OffsetIndex, OffsetUnit, RangeError, TextRange};

/// Text built from pieces that make the units differ: emoji, ZWJ sequences, combining marks,
/// CRLF, Arabic-Indic digits, CJK, curly quotes, and arbitrary chars.
fn unicode_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-z ]{1,8}",
        Just("😎".to_string()),
        Just("👩‍👩‍👧".to_string()),
        Just("e\u{301}".to_string()),
        Just("\r\n".to_string()),
        Just("٨".to_string()),
        Just("漢字".to_string()),
        Just("“quoted”".to_string()),
        any::<char>().prop_map(|c| c.to_string()),
    ];
    proptest::collection::vec(piece, 0..120).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn conversions_match_a_naive_count(text in unicode_text()) {
        let idx = OffsetIndex::new(&text);
        prop_assert_eq!(idx.len_chars(), text.chars().count());
        prop_assert_eq!(idx.len_utf16(), text.encode_utf16().count());
        let mut utf16 = 0;
        for (ci, (bi, ch)) in text.char_indices().enumerate() {
            prop_assert_eq!(idx.byte_to_char(&text, bi).unwrap(), ci);
            prop_assert_eq!(idx.byte_to_utf16(&text, bi).unwrap(), utf16);
            prop_assert_eq!(idx.char_to_byte(&text, ci).unwrap(), bi);
            prop_assert_eq!(idx.utf16_to_byte(&text, utf16).unwrap(), bi);
            if ch.len_utf16() == 2 {
                prop_assert_eq!(
                    idx.utf16_to_byte(&text, utf16 + 1),
                    Err(RangeError::InsideSurrogatePair { offset: utf16 + 1 })
                );
            }
            for inner in 1..ch.len_utf8() {
                prop_assert_eq!(
                    idx.byte_to_char(&text, bi + inner),
                    Err(RangeError::NotCharBoundary { offset: bi + inner })
                );
            }
            utf16 += ch.len_utf16();
        }
        let end = text.len();
        prop_assert_eq!(idx.byte_to_char(&text, end).unwrap(), idx.len_chars());
        prop_assert_eq!(idx.char_to_byte(&text, idx.len_chars()).unwrap(), end);
        prop_assert_eq!(idx.utf16_to_byte(&text, idx.len_utf16()).unwrap(), end);
        prop_assert!(idx.char_to_byte(&text, idx.len_chars() + 1).is_err());
    }

    #[test]
    fn ranges_round_trip_through_every_unit(text in unicode_text(), a in any::<prop::sample::Index>(), b in any::<prop::sample::Index>()) {
        let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let (mut s, mut e) = (bounds[a.index(bounds.len())], bounds[b.index(bounds.len())]);
        if s > e { std::mem::swap(&mut s, &mut e); }
        prop_assume!(s < e);
        let range = TextRange::new(&text, s, e).unwrap();
        let idx = OffsetIndex::new(&text);
        for unit in [OffsetUnit::Utf8Bytes, OffsetUnit::UnicodeCodePoints, OffsetUnit::Utf16CodeUnits] {
            let us = idx.from_byte(&text, range.start(), unit).unwrap();
            let ue = idx.from_byte(&text, range.end(), unit).unwrap();
            prop_assert_eq!(idx.range_from(&text, us, ue, unit).unwrap(), range);
        }
        // The code-point slice equals the byte slice.
        let cs = idx.byte_to_char(&text, s).unwrap();
        let ce = idx.byte_to_char(&text, e).unwrap();
        let by_chars: String = text.chars().skip(cs).take(ce - cs).collect();
        prop_assert_eq!(by_chars.as_str(), range.slice(&text));
    }
}
