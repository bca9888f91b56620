//! The engine on every sample text: round trips, selections, wrapping, the fast path.

use crate::common_layout::{check, lay};
use weft::textlayout::samples::{EXTRA_LINES, SAMPLES};
use weft::textlayout::{BaseDirection, Route, clusters, route};

const WRAPS: &[f32] = &[f32::INFINITY, 400.0, 150.0, 75.0, 30.0];

#[test]
fn every_sample_round_trips_at_every_wrap_width() {
    for s in SAMPLES {
        for &w in WRAPS {
            let l = lay(s.text, w, s.direction);
            if let Err(e) = check(s.text, &l) {
                panic!("{} at wrap {w}: {e}", s.name);
            }
        }
    }
    for (t, d) in EXTRA_LINES {
        for &w in WRAPS {
            if let Err(e) = check(t, &lay(t, w, *d)) {
                panic!("{t:?} at wrap {w}: {e}");
            }
        }
    }
}

#[test]
fn only_the_latin_sample_takes_the_plain_path() {
    for s in SAMPLES {
        let expected = if s.name == "latin" {
            Route::Plain
        } else {
            Route::Engine
        };
        assert_eq!(route(s.text, s.direction), expected, "{}", s.name);
    }
}

#[test]
fn rtl_samples_resolve_rtl_and_right_align() {
    for s in SAMPLES {
        let l = lay(s.text, 300.0, s.direction);
        let rtl_expected = matches!(
            s.name,
            "hebrew"
                | "hebrew-niqqud"
                | "arabic"
                | "persian"
                | "hebrew-english"
                | "arabic-numbers"
                | "forced-rtl"
        );
        assert_eq!(l.rtl, rtl_expected, "{}", s.name);
        for line in &l.lines {
            if l.rtl {
                // Right-aligned: the rightmost cluster touches the right edge (whitespace at
                // the line's logical end hangs at the left).
                let right = line
                    .runs
                    .iter()
                    .flat_map(|r| &r.clusters)
                    .map(|c| c.x + c.width)
                    .fold(f32::MIN, f32::max);
                assert!(
                    (right - 300.0).abs() < 0.01,
                    "{}: line {:?} ends at {right}",
                    s.name,
                    line.bytes
                );
            } else {
                assert_eq!(line.left, 0.0, "{}", s.name);
            }
        }
    }
}

#[test]
fn selecting_each_sample_word_gives_one_rectangle_over_exactly_its_clusters() {
    for s in SAMPLES {
        let l = lay(s.text, f32::INFINITY, s.direction);
        let w = s.word_range();
        assert_eq!(&s.text[w.clone()], s.word);
        assert!(clusters::is_caret_stop(s.text, w.start), "{}", s.name);
        assert!(clusters::is_caret_stop(s.text, w.end), "{}", s.name);
        let spans = l.spans(w.clone());
        assert_eq!(spans.len(), 1, "{}: a word is one run: {spans:?}", s.name);
        // Dragging from the word's start to its end selects exactly the word.
        let a = l.click_x(w.start).unwrap();
        let b = l.click_x(w.end).unwrap();
        let (ha, hb) = (l.hit(a.line, a.x), l.hit(b.line, b.x));
        assert_eq!(ha.min(hb)..ha.max(hb), w, "{}", s.name);
        // The rectangle is the union of the word's clusters, nothing else.
        let width: f32 = l.lines[0]
            .runs
            .iter()
            .flat_map(|r| &r.clusters)
            .filter(|c| c.bytes.start >= w.start && c.bytes.end <= w.end)
            .map(|c| c.width)
            .sum();
        let span = &spans[0].x;
        assert!((span.end - span.start - width).abs() < 0.01, "{}", s.name);
    }
}

#[test]
fn a_selection_across_directions_is_several_rectangles() {
    let s = SAMPLES.iter().find(|s| s.name == "english-hebrew").unwrap();
    let l = lay(s.text, f32::INFINITY, s.direction);
    // "said שלום": an LTR word, a space, then the first Hebrew word.
    let start = s.text.find("said").unwrap();
    let end = s.text.find(" עולם").unwrap();
    let spans = l.spans(start..end);
    assert_eq!(spans.len(), 2, "{spans:?}");
    // The Hebrew word is drawn right of where the English text leaves off, with "עולם" between.
    assert!(spans[1].x.start > spans[0].x.end);
}

#[test]
fn caret_movement_is_logical_and_never_enters_a_cluster() {
    for s in SAMPLES {
        let mut o = 0;
        let mut seen = vec![0];
        while o < s.text.len() {
            let n = clusters::next_caret_stop(s.text, o);
            assert!(n > o);
            assert_eq!(clusters::prev_caret_stop(s.text, n), o, "{}", s.name);
            o = n;
            seen.push(o);
        }
        assert_eq!(seen, clusters::caret_stops(s.text), "{}", s.name);
    }
}

#[test]
fn arabic_lam_alef_and_marks_are_never_split() {
    let s = SAMPLES.iter().find(|s| s.name == "arabic").unwrap();
    let stops = clusters::caret_stops(s.text);
    for (i, c) in s.text.char_indices() {
        if c == '\u{644}' {
            let next = s.text[i + 2..].chars().next();
            if matches!(next, Some('\u{627}' | '\u{623}' | '\u{625}' | '\u{622}')) {
                assert!(!stops.contains(&(i + 2)), "lam-alef split at {i}");
            }
        }
        if ('\u{64B}'..='\u{652}').contains(&c) {
            assert!(!stops.contains(&i), "a mark split from its base at {i}");
        }
    }
    let p = SAMPLES.iter().find(|s| s.name == "persian").unwrap();
    // The ZWNJ stays with the letter before it.
    for (i, c) in p.text.char_indices() {
        if c == '\u{200C}' {
            assert!(!clusters::is_caret_stop(p.text, i));
            assert!(clusters::is_caret_stop(p.text, i + 3));
        }
    }
}

#[test]
fn hindi_conjuncts_are_single_clusters() {
    let s = SAMPLES.iter().find(|s| s.name == "hindi").unwrap();
    for conj in ["क्ष", "श्र"] {
        let at = s.text.find(conj).unwrap();
        assert!(
            clusters::next_caret_stop(s.text, at) >= at + conj.len(),
            "{conj} is split"
        );
    }
}

#[test]
fn the_forced_direction_overrides_the_first_strong_character() {
    let t = "שלום world";
    assert!(lay(t, f32::INFINITY, BaseDirection::Auto).rtl);
    assert!(!lay(t, f32::INFINITY, BaseDirection::Ltr).rtl);
    assert!(lay("hello", f32::INFINITY, BaseDirection::Rtl).rtl);
}
