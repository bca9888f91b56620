//! Random mixed strings: every layout keeps its invariants and every offset round-trips.

use crate::common_layout::{check, lay};
use proptest::prelude::*;
use weft::textlayout::{BaseDirection, Route, clusters, route};

/// Pieces of text from every script the engine handles, with marks, joiners, digits of three
/// kinds, brackets and bidi controls.
const PIECES: &[&str] = &[
    "a",
    "Z",
    "é",
    "e\u{301}",
    " ",
    " ",
    "  ",
    "1",
    "42",
    ".",
    ",",
    "(",
    ")",
    "[",
    "]",
    "-",
    "%",
    "א",
    "שָׁ",
    "ל",
    "ום",
    "ع",
    "لا",
    "لأ",
    "ل\u{651}ا",
    "بُ",
    "\u{200C}",
    "\u{200D}",
    "٣",
    "۵",
    "中",
    "文",
    "，",
    "。",
    "か",
    "カ",
    "क्ष",
    "ि",
    "हि",
    "ห้อง",
    "สมุด",
    "\u{200F}",
    "\u{200E}",
    "\u{2067}",
    "\u{2069}",
    "\u{202B}",
    "\u{202C}",
    "\u{1F600}",
    "\t",
];

/// Latin, Greek, Cyrillic, accents, emoji, curly quotes: never the engine.
const PLAIN: &[&str] = &[
    "a",
    "Z",
    "é",
    "e\u{301}",
    " ",
    "1",
    ".",
    "\u{201c}",
    "\u{2019}",
    "Ω",
    "Ж",
    "\u{1F600}",
    "—",
    "ß",
    "ł",
];

fn text_from(pieces: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(pieces), 0..40).prop_map(|v| v.concat())
}

fn direction() -> impl Strategy<Value = BaseDirection> {
    prop::sample::select(vec![
        BaseDirection::Auto,
        BaseDirection::Ltr,
        BaseDirection::Rtl,
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn layouts_keep_their_invariants(
        text in text_from(PIECES),
        dir in direction(),
        wrap in prop::sample::select(vec![f32::INFINITY, 200.0, 60.0, 25.0, 5.0]),
    ) {
        let l = lay(&text, wrap, dir);
        if let Err(e) = check(&text, &l) {
            return Err(TestCaseError::fail(format!("{text:?} {dir:?} wrap {wrap}: {e}")));
        }
    }

    #[test]
    fn a_whole_selection_covers_every_visible_cluster(text in text_from(PIECES), dir in direction()) {
        let l = lay(&text, 60.0, dir);
        let total: f32 = l.spans(0..text.len()).iter().map(|s| s.x.end - s.x.start).sum();
        let widths: f32 = l.lines.iter().flat_map(|ln| &ln.runs).map(|r| r.width).sum();
        prop_assert!((total - widths).abs() < 0.01, "{} vs {}", total, widths);
    }

    #[test]
    fn snapping_lands_on_stops(text in text_from(PIECES), at in 0usize..200) {
        let at = at.min(text.len());
        let s = clusters::snap_nearest(&text, at);
        prop_assert!(clusters::is_caret_stop(&text, s));
        prop_assert!(clusters::snap_down(&text, at) <= at);
        prop_assert!(clusters::snap_up(&text, at) >= at.min(text.len()));
        let l = lay(&text, 60.0, BaseDirection::Auto);
        prop_assert!(l.stops().contains(&l.snap(at)));
    }

    #[test]
    fn plain_text_takes_the_plain_path(text in text_from(PLAIN)) {
        prop_assert_eq!(route(&text, BaseDirection::Auto), Route::Plain);
        prop_assert_eq!(route(&text, BaseDirection::Ltr), Route::Plain);
        // and one right-to-left letter anywhere sends it to the engine
        let mut t = text.clone();
        let at = clusters::snap_down(&t, t.len() / 2);
        t.insert(at, 'א');
        prop_assert_eq!(route(&t, BaseDirection::Auto), Route::Engine);
    }
}
