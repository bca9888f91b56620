//! The one thing the engine asks of fonts: how wide a run's clusters are.
//!
//! The engine never sees a font. It hands a [`Shaper`] one run at a time (a maximal stretch of
//! the paragraph at one bidi level, in logical order, brackets already mirrored for RTL runs)
//! and gets back the run's clusters with their advances. The egui adapter (document view)
//! implements it over egui's fonts; [`FixedShaper`] implements it without fonts, for tests and
//! for the consumer check.

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// One cluster of a shaped run: the bytes it draws (relative to the run's text, logical order)
/// and its advance width in points.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    pub bytes: Range<usize>,
    pub advance: f32,
}

/// Measures runs of text.
pub trait Shaper {
    /// Shapes `text` (one direction: right-to-left if `rtl`) and appends its clusters to
    /// `out` in logical order. The clusters should cover `text` without gaps; where they
    /// don't, or a boundary is not a character boundary, the engine merges clusters until they
    /// do (so a wrong adapter gives coarse clusters, never wrong offsets).
    fn shape(&mut self, text: &str, rtl: bool, out: &mut Vec<Cluster>);
}

/// A shaper without fonts: each grapheme cluster is `width` wide, East Asian wide ones twice
/// that, format controls (ZWJ, ZWNJ, bidi marks) and lone combining marks zero.
#[derive(Clone, Copy, Debug)]
pub struct FixedShaper {
    pub width: f32,
}

impl Default for FixedShaper {
    fn default() -> Self {
        Self { width: 10.0 }
    }
}

impl Shaper for FixedShaper {
    fn shape(&mut self, text: &str, _rtl: bool, out: &mut Vec<Cluster>) {
        for (i, g) in text.grapheme_indices(true) {
            let base = g.chars().next().unwrap_or(' ');
            let advance = if is_zero_width(base) {
                0.0
            } else if is_wide(base) {
                2.0 * self.width
            } else {
                self.width
            };
            out.push(Cluster {
                bytes: i..i + g.len(),
                advance,
            });
        }
    }
}

fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}'
    ) || (('\u{300}'..='\u{36F}').contains(&c))
}

/// East Asian wide and fullwidth characters (approximate ranges: CJK, kana, Hangul, fullwidth).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}
