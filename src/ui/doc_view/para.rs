//! One laid-out paragraph of the document view, whichever way it was laid out, behind one set
//! of questions (where is this byte, which byte is here, which rectangles cover this range) and
//! one way to draw it.
//!
//! - **Plain**: egui's own galley, for paragraphs [`crate::textlayout::route`] sends there
//!   (no right-to-left letter, no complex script): exactly what the view did before, with the
//!   paragraph's byte↔char map computed once.
//! - **Engine**: [`crate::textlayout::layout_paragraph`] with real fonts
//!   ([`FontShaper`]): lines of runs in visual order, every cluster with its logical bytes.
//!   Drawn as one small galley per [`crate::ui::fonts::Piece`] at the x the engine gave it
//!   (egui's galley mapping is wrong inside right-to-left runs, so no question is ever asked of
//!   those galleys).
//!
//! Units: bytes are UTF-8 offsets relative to the paragraph; positions are points relative to
//! the paragraph's top-left corner; rectangles span the full row height.

use crate::textlayout::{LayoutParams, ParagraphLayout, layout_paragraph};
use crate::ui::fonts::FontShaper;
use egui::epaint::text::FontsView;
use egui::text::{CCursor, LayoutJob, TextFormat};
use egui::{Color32, FontId, Galley, Pos2, Rect, Vec2};
use std::sync::Arc;

/// A paragraph laid out for the view.
pub(super) enum ParaLayout {
    Plain { galley: Arc<Galley>, map: CharMap },
    Engine(EnginePara),
}

/// A paragraph laid out by the engine, with the galleys that draw it.
pub(super) struct EnginePara {
    pub layout: ParagraphLayout,
    /// (line, x, galley): the pieces to draw, each at `x` on its line.
    pieces: Vec<(usize, f32, Arc<Galley>)>,
    line_height: f32,
}

/// Byte↔char mapping inside one paragraph (egui's cursors count chars).
pub(super) struct CharMap {
    /// Byte offset (relative to the paragraph) of each char, plus the length; empty if ASCII.
    starts: Vec<usize>,
    len: usize,
}

impl CharMap {
    pub fn new(p: &str) -> Self {
        let starts = if p.is_ascii() {
            Vec::new()
        } else {
            p.char_indices()
                .map(|(b, _)| b)
                .chain(std::iter::once(p.len()))
                .collect()
        };
        Self {
            starts,
            len: p.len(),
        }
    }

    pub fn char_of(&self, byte: usize) -> usize {
        let byte = byte.min(self.len);
        if self.starts.is_empty() {
            byte
        } else {
            self.starts.partition_point(|s| *s < byte)
        }
    }

    pub fn byte_of(&self, ch: usize) -> usize {
        if self.starts.is_empty() {
            ch.min(self.len)
        } else {
            self.starts.get(ch).copied().unwrap_or(self.len)
        }
    }
}

/// The text format of the document's text (one font, one line height).
pub(super) fn text_format(font_size: f32, line_height: f32, color: Color32) -> TextFormat {
    TextFormat {
        font_id: FontId::proportional(font_size),
        color,
        line_height: Some(line_height),
        ..Default::default()
    }
}

/// Lays out `text` through egui (the plain path).
pub(super) fn plain(
    fonts: &mut FontsView<'_>,
    text: &str,
    wrap: f32,
    format: TextFormat,
) -> ParaLayout {
    let mut job = LayoutJob::single_section(text.to_string(), format);
    job.wrap.max_width = wrap;
    ParaLayout::Plain {
        galley: fonts.layout_job(job),
        map: CharMap::new(text),
    }
}

/// Lays out `text` through the engine, measuring with `shaper` and drawing with `format`.
pub(super) fn engine(
    fonts: &mut FontsView<'_>,
    shaper: &mut FontShaper,
    text: &str,
    params: &LayoutParams,
    format: &TextFormat,
) -> ParaLayout {
    let layout = layout_paragraph(text, params, shaper);
    let mut pieces = Vec::new();
    for (li, line) in layout.lines.iter().enumerate() {
        for run in &line.runs {
            for p in shaper.pieces(run) {
                let mut job = LayoutJob::single_section(p.text, format.clone());
                job.wrap.max_width = f32::INFINITY;
                pieces.push((li, p.x, fonts.layout_job(job)));
            }
        }
    }
    ParaLayout::Engine(EnginePara {
        layout,
        pieces,
        line_height: format.line_height.unwrap_or(16.0),
    })
}

impl EnginePara {
    fn line_at(&self, y: f32) -> usize {
        let n = self.layout.lines.len();
        ((y / self.line_height).floor().max(0.0) as usize).min(n.saturating_sub(1))
    }

    fn row_rect(&self, line: usize, x: std::ops::Range<f32>) -> Rect {
        let top = line as f32 * self.line_height;
        Rect::from_x_y_ranges(x.start..=x.end, top..=top + self.line_height)
    }
}

impl ParaLayout {
    /// Whether the engine laid it out.
    pub fn is_engine(&self) -> bool {
        matches!(self, ParaLayout::Engine(_))
    }

    /// Whether the paragraph reads right to left (its end is on the left).
    pub fn is_rtl(&self) -> bool {
        match self {
            ParaLayout::Plain { .. } => false,
            ParaLayout::Engine(e) => e.layout.rtl,
        }
    }

    /// Width and height.
    pub fn size(&self) -> Vec2 {
        match self {
            ParaLayout::Plain { galley, .. } => galley.size(),
            ParaLayout::Engine(e) => {
                Vec2::new(e.layout.width, e.layout.lines.len() as f32 * e.line_height)
            }
        }
    }

    /// Number of visual rows.
    pub fn row_count(&self) -> usize {
        match self {
            ParaLayout::Plain { galley, .. } => galley.rows.len().max(1),
            ParaLayout::Engine(e) => e.layout.lines.len(),
        }
    }

    /// The caret stop nearest `byte` (grapheme boundaries on the plain path, the engine's
    /// stops — which never split a lam-alef — on the other).
    pub fn snap(&self, text: &str, byte: usize) -> usize {
        match self {
            ParaLayout::Plain { .. } => crate::ui::text_nav::snap_nearest(text, byte),
            ParaLayout::Engine(e) => e.layout.snap(byte),
        }
    }

    /// Every caret stop of the paragraph (`text` is its text), ascending.
    pub fn stops(&self, text: &str) -> Vec<usize> {
        match self {
            ParaLayout::Plain { .. } => {
                use unicode_segmentation::UnicodeSegmentation as _;
                text.grapheme_indices(true)
                    .map(|(i, _)| i)
                    .chain(std::iter::once(text.len()))
                    .collect()
            }
            ParaLayout::Engine(e) => e.layout.stops().to_vec(),
        }
    }

    /// Rectangles covering bytes `a..b`, one per visually contiguous stretch.
    pub fn rects(&self, a: usize, b: usize) -> Vec<Rect> {
        match self {
            ParaLayout::Plain { galley, map } => {
                range_rects(galley, map.char_of(a), map.char_of(b))
            }
            ParaLayout::Engine(e) => e
                .layout
                .spans(a..b)
                .into_iter()
                .map(|s| e.row_rect(s.line, s.x))
                .collect(),
        }
    }

    /// The caret of `byte`: a zero-width rectangle of its row's height.
    pub fn caret_rect(&self, byte: usize) -> Rect {
        match self {
            ParaLayout::Plain { galley, map } => {
                galley.pos_from_cursor(CCursor::new(map.char_of(byte)))
            }
            ParaLayout::Engine(e) => {
                let at = e.layout.snap(byte);
                let p = e
                    .layout
                    .caret(at)
                    .unwrap_or(crate::textlayout::LinePos { line: 0, x: 0.0 });
                e.row_rect(p.line, p.x..p.x)
            }
        }
    }

    /// The row holding the caret of `byte`, and the caret's x.
    pub fn row_and_x(&self, byte: usize) -> (usize, f32) {
        match self {
            ParaLayout::Plain { galley, map } => {
                let cur = CCursor::new(map.char_of(byte));
                (
                    galley.layout_from_cursor(cur).row,
                    galley.pos_from_cursor(cur).min.x,
                )
            }
            ParaLayout::Engine(e) => {
                let at = e.layout.snap(byte);
                e.layout.caret(at).map_or((0, 0.0), |p| (p.line, p.x))
            }
        }
    }

    /// The byte a click at x on row `row` gives (rows clamped).
    pub fn hit_row(&self, row: usize, x: f32) -> usize {
        match self {
            ParaLayout::Plain { galley, map } => {
                let last = galley.rows.len().saturating_sub(1);
                let y = galley
                    .rows
                    .get(row.min(last))
                    .map_or(0.0, |r| r.rect().center().y);
                map.byte_of(galley.cursor_from_pos(Vec2::new(x, y)).index.0)
            }
            ParaLayout::Engine(e) => e.layout.hit(row, x),
        }
    }

    /// The byte (a caret boundary) nearest a paragraph-relative position.
    pub fn hit(&self, rel: Vec2) -> usize {
        match self {
            ParaLayout::Plain { galley, map } => map.byte_of(galley.cursor_from_pos(rel).index.0),
            ParaLayout::Engine(e) => e.layout.hit(e.line_at(rel.y), rel.x),
        }
    }

    /// The start byte of the glyph under a paragraph-relative position, if any.
    pub fn glyph_under(&self, rel: Vec2) -> Option<usize> {
        match self {
            ParaLayout::Plain { galley, map } => char_under(galley, rel).map(|c| map.byte_of(c)),
            ParaLayout::Engine(e) => {
                if rel.y < 0.0 || rel.y >= self.size().y {
                    return None;
                }
                e.layout
                    .cluster_under(e.line_at(rel.y), rel.x)
                    .map(|r| r.start)
            }
        }
    }

    /// A point on the glyph starting at `byte` from which a click puts the caret at `byte`
    /// (a quarter into it from its caret side); the paragraph's end gives a point a quarter
    /// into its last glyph from the trailing side.
    pub fn pos_of(&self, byte: usize) -> Pos2 {
        match self {
            ParaLayout::Plain { galley, map } => {
                let ci = map.char_of(byte);
                let r = galley.pos_from_cursor(CCursor::new(ci));
                let r2 = galley.pos_from_cursor(CCursor::new(ci + 1));
                let x = if (r2.min.y - r.min.y).abs() < 0.5 && r2.min.x > r.min.x {
                    r.min.x + (r2.min.x - r.min.x) * 0.25
                } else {
                    r.min.x + 1.0
                };
                Pos2::new(x, r.center().y)
            }
            ParaLayout::Engine(e) => {
                let at = e.layout.snap(byte);
                let p = e
                    .layout
                    .click_x(at)
                    .unwrap_or(crate::textlayout::LinePos { line: 0, x: 0.0 });
                Pos2::new(p.x, e.row_rect(p.line, 0.0..0.0).center().y)
            }
        }
    }

    /// Draws the text with its top-left corner at `origin`.
    pub fn paint(&self, painter: &egui::Painter, origin: Pos2, colour: Color32) {
        match self {
            ParaLayout::Plain { galley, .. } => painter.galley(origin, galley.clone(), colour),
            ParaLayout::Engine(e) => {
                for (line, x, g) in &e.pieces {
                    let at = origin + Vec2::new(*x, *line as f32 * e.line_height);
                    painter.galley(at, g.clone(), colour);
                }
            }
        }
    }

    /// Draws the text again in `colour`, only inside `clip` (screen coordinates): text on a
    /// mention fill that needs another colour to stay readable.
    pub fn paint_clipped(
        &self,
        painter: &egui::Painter,
        origin: Pos2,
        clip: Rect,
        colour: Color32,
    ) {
        let painter = painter.with_clip_rect(clip.intersect(painter.clip_rect()));
        match self {
            ParaLayout::Plain { galley, .. } => {
                painter.add(
                    egui::epaint::TextShape::new(origin, galley.clone(), colour)
                        .with_override_text_color(colour),
                );
            }
            ParaLayout::Engine(e) => {
                for (line, x, g) in &e.pieces {
                    let at = origin + Vec2::new(*x, *line as f32 * e.line_height);
                    let r = Rect::from_min_size(at, g.size());
                    if r.intersects(clip) {
                        painter.add(
                            egui::epaint::TextShape::new(at, g.clone(), colour)
                                .with_override_text_color(colour),
                        );
                    }
                }
            }
        }
    }
}

/// Rectangles (galley-relative, full row height) covering chars `a..b` of a galley.
fn range_rects(galley: &Galley, a: usize, b: usize) -> Vec<Rect> {
    let mut out = Vec::new();
    let mut start = 0usize;
    for row in &galley.rows {
        let n = row.char_count_excluding_newline().0;
        let (lo, hi) = (a.max(start), b.min(start + n));
        if lo < hi {
            let x0 = row.pos.x + row.x_offset(egui::text::CharIndex(lo - start));
            let x1 = row.pos.x + row.x_offset(egui::text::CharIndex(hi - start));
            out.push(Rect::from_x_y_ranges(x0..=x1, row.rect().y_range()));
        }
        start += row.char_count_including_newline().0;
    }
    out
}

/// Char index of the glyph under `rel` (galley-relative), if any.
fn char_under(galley: &Galley, rel: Vec2) -> Option<usize> {
    let mut start = 0usize;
    for row in &galley.rows {
        let r = row.rect();
        if rel.y >= r.top() && rel.y < r.bottom() {
            for (i, g) in row.glyphs.iter().enumerate() {
                let x0 = row.pos.x + g.pos.x;
                if rel.x >= x0 && rel.x < x0 + g.advance_width {
                    return Some(start + i);
                }
            }
            return None;
        }
        start += row.char_count_including_newline().0;
    }
    None
}
