//! Unit tests of the engine with the font-free [`FixedShaper`] (every cluster 10 points wide,
//! CJK 20): what lands where, in stories.

use super::*;

fn lay(text: &str, wrap: f32, direction: BaseDirection) -> ParagraphLayout {
    layout_paragraph(
        text,
        &LayoutParams {
            wrap_width: wrap,
            direction,
        },
        &mut FixedShaper::default(),
    )
}

/// The text of each visual run, left to right, with its level.
fn runs(text: &str, l: &ParagraphLayout, line: usize) -> Vec<(String, u8)> {
    l.visual_runs(line)
        .into_iter()
        .map(|(r, lv)| (text[r].to_string(), lv))
        .collect()
}

#[test]
fn a_hebrew_word_is_one_rtl_run_right_aligned_with_one_cluster_per_letter() {
    let t = "שלום";
    let l = lay(t, 100.0, BaseDirection::Auto);
    assert!(l.rtl);
    assert_eq!(l.lines.len(), 1);
    let run = &l.lines[0].runs[0];
    assert_eq!(run.level, 1);
    assert_eq!(run.clusters.len(), 4, "one cluster per letter, not 7");
    // Right-aligned: the first letter (shin, bytes 0..2) is the rightmost.
    assert_eq!(run.clusters[3].bytes, 0..2);
    assert_eq!(run.clusters[3].x, 90.0);
    assert_eq!(run.clusters[0].bytes, 6..8);
    assert_eq!(run.clusters[0].x, 60.0);
    assert_eq!(l.caret(0), Some(LinePos { line: 0, x: 100.0 }));
    assert_eq!(l.caret(2), Some(LinePos { line: 0, x: 90.0 }));
    assert_eq!(l.caret(8), Some(LinePos { line: 0, x: 60.0 }));
    assert_eq!(l.hit(0, 99.0), 0);
    assert_eq!(l.hit(0, 91.0), 2);
    assert_eq!(l.hit(0, 10.0), 8, "left of the text is the logical end");
}

#[test]
fn hebrew_inside_english_is_reversed_in_place() {
    let t = "abc אבג def";
    let l = lay(t, f32::INFINITY, BaseDirection::Auto);
    assert!(!l.rtl);
    assert_eq!(
        runs(t, &l, 0),
        vec![
            ("abc ".to_string(), 0),
            ("אבג".to_string(), 1),
            (" def".to_string(), 0)
        ]
    );
    let heb = &l.lines[0].runs[1];
    // Alef (bytes 4..6) is the rightmost of the three, at x 60..70.
    assert_eq!(heb.clusters[2].bytes, 4..6);
    assert_eq!(heb.clusters[2].x, 60.0);
    // A selection of "c א" is two rectangles: "c " and alef.
    let spans = l.spans(2..6);
    assert_eq!(
        spans,
        vec![
            Span {
                line: 0,
                x: 20.0..40.0
            },
            Span {
                line: 0,
                x: 60.0..70.0
            }
        ]
    );
}

#[test]
fn brackets_are_mirrored_in_rtl_runs_only() {
    let t = "א (ב) c";
    let l = lay(t, f32::INFINITY, BaseDirection::Auto);
    assert!(l.rtl);
    let rtl_run = l.lines[0].runs.iter().find(|r| r.is_rtl()).unwrap();
    assert!(rtl_run.display.contains(")ב("), "{:?}", rtl_run.display);
    // The same bytes are kept: display is as long as the logical run.
    for r in &l.lines[0].runs {
        assert_eq!(r.display.len(), r.bytes.len());
    }
    let ltr = lay("a (b) c", f32::INFINITY, BaseDirection::Auto);
    assert_eq!(ltr.lines[0].runs[0].display, "a (b) c");
}

#[test]
fn every_mirror_pair_keeps_its_utf8_length() {
    for c in (0..0x11_0000u32).filter_map(char::from_u32) {
        if let Some(m) = unicode_bidi_mirroring::get_mirrored(c) {
            assert_eq!(c.len_utf8(), m.len_utf8(), "{c:?} -> {m:?}");
        }
    }
}

#[test]
fn forced_rtl_reorders_a_latin_paragraph_by_runs() {
    let s = samples::SAMPLES
        .iter()
        .find(|s| s.name == "forced-rtl")
        .unwrap();
    let l = lay(s.text, 400.0, s.direction);
    assert!(l.rtl);
    let r = runs(s.text, &l, 0);
    // The final full stop is neutral at the paragraph's RTL level: it goes to the left.
    assert_eq!(r.first().unwrap().0, ".");
    assert_eq!(l.lines[0].right, 400.0, "right-aligned");
}

#[test]
fn chinese_wraps_between_ideographs_and_never_starts_a_line_with_a_comma() {
    let s = samples::SAMPLES
        .iter()
        .find(|s| s.name == "chinese")
        .unwrap();
    for wrap in [60.0, 90.0, 130.0, 200.0] {
        let l = lay(s.text, wrap, BaseDirection::Auto);
        assert!(l.lines.len() > 1, "wraps at {wrap}");
        for line in &l.lines {
            let first = s.text[line.bytes.clone()].chars().next().unwrap();
            assert!(!matches!(first, '，' | '。'), "line starts with {first:?}");
            assert!(line.right - line.left <= wrap + 20.0);
        }
        let joined: String = l.lines.iter().map(|ln| &s.text[ln.bytes.clone()]).collect();
        assert_eq!(joined, s.text);
    }
}

#[test]
fn thai_wraps_at_word_boundaries() {
    let s = samples::SAMPLES.iter().find(|s| s.name == "thai").unwrap();
    let l = lay(s.text, 120.0, BaseDirection::Auto);
    assert!(l.lines.len() > 1);
    // The first word, "library", is never cut.
    assert!(l.lines[0].bytes.end >= s.word.len());
    assert_eq!(&s.text[l.lines[0].bytes.clone()][..s.word.len()], s.word);
    let breaks: Vec<usize> = breaks::line_breaks(s.text)
        .iter()
        .map(|b| b.offset)
        .collect();
    for line in &l.lines {
        assert!(
            breaks.contains(&line.bytes.end),
            "{:?} {breaks:?}",
            line.bytes
        );
    }
}

#[test]
fn an_overlong_word_breaks_between_clusters_only() {
    let t = "שָׁלוֹםשָׁלוֹםשָׁלוֹם";
    let l = lay(t, 25.0, BaseDirection::Auto);
    assert!(l.lines.len() >= 3);
    for line in &l.lines {
        assert!(clusters::is_caret_stop(t, line.bytes.start));
    }
}

#[test]
fn trailing_spaces_of_an_rtl_line_hang_at_the_left() {
    let t = "אב גד הו";
    let l = lay(t, 35.0, BaseDirection::Auto);
    assert!(l.lines.len() >= 2);
    // The first line is "אב " : its letters end at the right edge.
    let line = &l.lines[0];
    let max_x = line
        .runs
        .iter()
        .flat_map(|r| &r.clusters)
        .map(|c| c.x + c.width)
        .fold(0.0, f32::max);
    assert_eq!(max_x, 35.0);
}

#[test]
fn lam_alef_is_one_cluster_and_one_stop() {
    let t = "لا";
    let l = lay(t, 100.0, BaseDirection::Auto);
    assert_eq!(l.stops(), &[0, t.len()]);
    assert_eq!(l.snap(2), 0);
}

#[test]
fn empty_paragraphs_have_a_caret() {
    let l = lay("", 100.0, BaseDirection::Rtl);
    assert_eq!(l.caret(0), Some(LinePos { line: 0, x: 100.0 }));
    assert_eq!(l.hit(0, 3.0), 0);
    let l = lay("", 100.0, BaseDirection::Auto);
    assert_eq!(l.caret(0), Some(LinePos { line: 0, x: 0.0 }));
}
