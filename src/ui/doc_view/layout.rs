//! Layout and hit-testing of the document view, kept apart from painting: paragraphs laid out
//! (only those in view, cached by paragraph) through egui or the bidi engine
//! ([`super::para`]), where a byte is on screen and which byte is under the pointer, and how
//! nested mentions are stacked into tracks.
//!
//! Each paragraph takes the route [`crate::textlayout::route`] gives it: egui's galley for
//! text with nothing egui gets wrong (a Latin paragraph costs one byte comparison per byte to
//! decide, once per layout, and nothing else), the engine for right-to-left, mixed-direction
//! and complex-script text and for documents forced right to left.

use super::super::text_nav;
use super::para::{self, ParaLayout};
use crate::model::{Document, Mention, Project, TextDirection};
use crate::textlayout::{BaseDirection, LayoutParams, Route, route};
use crate::ui::fonts::FontShaper;
use egui::{Color32, FontFamily, FontId, Pos2, Rect, Ui};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// Horizontal margin around the text (the least; a readable column in a wide pane has more).
pub(super) const MARGIN: f32 = 14.0;

/// Font, line height and colours the text is laid out with.
#[derive(Clone, Copy, PartialEq)]
pub(super) struct Look {
    pub font_size: f32,
    pub line_height: f32,
    /// Empty space above and below the glyphs in a row (half of it is the arc lane when
    /// lanes are reserved).
    pub pad: f32,
    /// Extra height of every row that holds the lanes arcs and their labels run in (0 when no
    /// arc can be shown). Split evenly above and below the text.
    pub lane: f32,
    pub dark: bool,
    pub text_color: Color32,
    /// Average advance of a character of running text (for the readable line width).
    pub char_width: f32,
}

impl Look {
    /// The look of `ui`'s style, with `lanes` reserving space for arcs between rows.
    pub fn of(ui: &Ui, lanes: bool) -> Look {
        let body = egui::TextStyle::Body.resolve(ui.style());
        let font_size = (body.size * 1.15).round();
        let font = FontId::proportional(font_size);
        let (font_height, sample_width) = ui.fonts_mut(|f| {
            let sample = "the quick brown fox jumps over the lazy dog";
            let w = f
                .layout_no_wrap(sample.to_string(), font.clone(), Color32::WHITE)
                .size()
                .x;
            (f.row_height(&font), w / sample.chars().count() as f32)
        });
        let lane = if lanes {
            (font_size * 1.1).round()
        } else {
            0.0
        };
        let pad = 5.0 + lane / 2.0;
        Look {
            font_size,
            line_height: (font_height + 2.0 * pad).round(),
            pad,
            lane,
            dark: ui.visuals().dark_mode,
            text_color: ui.visuals().text_color(),
            char_width: sample_width,
        }
    }

    /// The band of a row rectangle that the text occupies (the row without its padding).
    pub fn band(&self, r: Rect) -> Rect {
        Rect::from_x_y_ranges(
            r.x_range(),
            (r.top() + self.pad - 1.0)..=(r.bottom() - self.pad + 1.0),
        )
    }
}

/// The engine's direction for a document's setting.
pub(super) fn base_direction(d: TextDirection) -> BaseDirection {
    match d {
        TextDirection::Auto => BaseDirection::Auto,
        TextDirection::Ltr => BaseDirection::Ltr,
        TextDirection::Rtl => BaseDirection::Rtl,
    }
}

/// What was laid out in one frame: through egui, and through the engine.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct LaidOut {
    /// Paragraphs laid out (either way).
    pub paragraphs: usize,
    /// Of those, the ones laid out by the engine.
    pub engine: usize,
}

/// The paragraphs of one document with their measured (or estimated) heights and the layouts
/// made so far.
pub(super) struct DocLayout {
    pub doc: crate::model::DocId,
    pub text: Arc<str>,
    pub paras: Vec<Range<usize>>,
    heights: Vec<f32>,
    measured: Vec<bool>,
    pub tops: Vec<f32>,
    pub tops_dirty: bool,
    wrap: f32,
    look: Option<Look>,
    direction: BaseDirection,
    pub laid: HashMap<usize, Arc<ParaLayout>>,
    /// Real-font shaper for the engine, made on the first paragraph that needs it.
    shaper: Option<FontShaper>,
}

impl DocLayout {
    pub fn new(doc: &Document) -> Self {
        let paras = text_nav::paragraphs(doc.text());
        let n = paras.len();
        Self {
            doc: doc.id.clone(),
            text: doc.text_arc(),
            paras,
            heights: vec![20.0; n],
            measured: vec![false; n],
            tops: vec![0.0; n + 1],
            tops_dirty: true,
            wrap: 0.0,
            look: None,
            direction: base_direction(doc.direction),
            laid: HashMap::new(),
            shaper: None,
        }
    }

    /// Sets the wrap width, look and direction for this frame; drops the layouts they make
    /// stale.
    pub fn configure(&mut self, wrap: f32, look: Look, direction: BaseDirection) {
        let geometry_changed = (self.wrap - wrap).abs() > 0.5
            || direction != self.direction
            || self
                .look
                .map(|l| l.font_size != look.font_size || l.line_height != look.line_height)
                != Some(false);
        if geometry_changed {
            self.wrap = wrap;
            self.direction = direction;
            self.laid.clear();
            self.measured.iter_mut().for_each(|m| *m = false);
            let per_row = (wrap / look.char_width.max(1.0)).floor().max(8.0);
            for (h, p) in self.heights.iter_mut().zip(&self.paras) {
                let rows = ((p.len() as f32) / per_row).ceil().max(1.0);
                *h = rows * look.line_height;
            }
            self.tops_dirty = true;
        } else if self
            .look
            .map(|l| l.dark != look.dark || l.text_color != look.text_color)
            == Some(true)
        {
            self.laid.clear();
        }
        self.look = Some(look);
    }

    pub fn ensure_tops(&mut self) {
        if self.tops_dirty {
            let mut y = 0.0;
            for (i, h) in self.heights.iter().enumerate() {
                self.tops[i] = y;
                y += h;
            }
            self.tops[self.heights.len()] = y;
            self.tops_dirty = false;
        }
    }

    pub fn total_height(&self) -> f32 {
        *self.tops.last().unwrap_or(&0.0)
    }

    /// The paragraph at content height `y`.
    pub fn para_at_y(&self, y: f32) -> usize {
        let i = self.tops.partition_point(|t| *t <= y);
        i.saturating_sub(1).min(self.paras.len() - 1)
    }

    /// The layout of paragraph `i`, made now if not cached (`laid_out` counts those).
    pub fn para(&mut self, i: usize, ui: &Ui, laid_out: &mut LaidOut) -> Arc<ParaLayout> {
        if let Some(g) = self.laid.get(&i) {
            return g.clone();
        }
        let look = self.look.expect("configured before use");
        let text = &self.text[self.paras[i].clone()];
        let format = para::text_format(look.font_size, look.line_height, look.text_color);
        let engine = route(text, self.direction) == Route::Engine;
        let (wrap, direction, shaper) = (self.wrap, self.direction, &mut self.shaper);
        let laid = ui.fonts_mut(|f| {
            if engine {
                let shaper = FontShaper::reuse_or_new(
                    shaper,
                    f,
                    &FontFamily::Proportional,
                    look.font_size,
                    text,
                );
                let params = LayoutParams {
                    wrap_width: wrap,
                    direction,
                };
                para::engine(f, shaper, text, &params, &format)
            } else {
                para::plain(f, text, wrap, format)
            }
        });
        laid_out.paragraphs += 1;
        laid_out.engine += usize::from(engine);
        let h = laid.size().y.max(look.line_height);
        if !self.measured[i] || (self.heights[i] - h).abs() > 0.1 {
            if (self.heights[i] - h).abs() > 0.1 {
                self.tops_dirty = true;
            }
            self.heights[i] = h;
            self.measured[i] = true;
        }
        let laid = Arc::new(laid);
        self.laid.insert(i, laid.clone());
        laid
    }

    /// Where a vertical caret move of `rows` (−1 up, 1 down) from `caret` lands: the byte
    /// (snapped to a caret stop) and the horizontal position kept for the next move (`h_pos`).
    pub fn vertical_target(
        &mut self,
        ui: &Ui,
        caret: usize,
        rows: i32,
        h_pos: Option<f32>,
        laid_out: &mut LaidOut,
    ) -> (Option<usize>, f32) {
        self.ensure_tops();
        let pi = text_nav::paragraph_of(&self.paras, caret);
        let pr = self.paras[pi].clone();
        let g = self.para(pi, ui, laid_out);
        let (row, cx) = g.row_and_x(caret - pr.start);
        let x = h_pos.unwrap_or(cx);
        let target = if rows < 0 && row == 0 {
            (pi > 0).then(|| {
                let g2 = self.para(pi - 1, ui, laid_out);
                let last = g2.row_count().saturating_sub(1);
                (pi - 1, g2.hit_row(last, x), g2)
            })
        } else if rows > 0 && row + 1 >= g.row_count() {
            (pi + 1 < self.paras.len()).then(|| {
                let g2 = self.para(pi + 1, ui, laid_out);
                (pi + 1, g2.hit_row(0, x), g2)
            })
        } else {
            let row = (row as i32 + rows).max(0) as usize;
            Some((pi, g.hit_row(row, x), g.clone()))
        };
        let byte = target.map(|(ti, b, g)| {
            let start = self.paras[ti].start;
            start + g.snap(&self.text[self.paras[ti].clone()], b)
        });
        (byte, x)
    }
}

/// A paragraph on screen in the last frame.
pub(super) struct Visible {
    pub index: usize,
    pub origin: Pos2,
    pub laid: Arc<ParaLayout>,
}

/// The paragraphs on screen, for hit-testing and for finding where a range is drawn.
pub(super) struct Screen<'a> {
    pub layout: &'a DocLayout,
    pub visible: &'a [Visible],
}

impl Screen<'_> {
    fn visible_para(&self, byte: usize) -> Option<(&Visible, usize)> {
        let pi = text_nav::paragraph_of(&self.layout.paras, byte);
        let v = self.visible.iter().find(|v| v.index == pi)?;
        Some((v, self.layout.paras[pi].start))
    }

    /// Screen position on the glyph starting at `byte` (a quarter into it from its caret
    /// side), if visible: clicking there puts the caret at `byte`.
    pub fn pos_of(&self, byte: usize) -> Option<Pos2> {
        let (v, start) = self.visible_para(byte)?;
        Some(v.origin + v.laid.pos_of(byte - start).to_vec2())
    }

    /// The caret stops (document bytes) of the visible paragraph holding `byte`, and whether
    /// the engine laid it out.
    pub fn stops_of(&self, byte: usize) -> Option<(Vec<usize>, bool)> {
        let (v, start) = self.visible_para(byte)?;
        let text = &self.layout.text[self.layout.paras[v.index].clone()];
        let stops = v.laid.stops(text).into_iter().map(|s| s + start).collect();
        Some((stops, v.laid.is_engine()))
    }

    /// Byte offset (a caret stop) nearest to a screen position.
    pub fn byte_at(&self, pos: Pos2) -> Option<usize> {
        let first = self.visible.first()?;
        let v = self
            .visible
            .iter()
            .find(|v| pos.y < v.origin.y + v.laid.size().y.max(1.0))
            .unwrap_or_else(|| self.visible.last().expect("non-empty"));
        let v = if pos.y < first.origin.y { first } else { v };
        let pr = self.layout.paras[v.index].clone();
        let b = v.laid.hit(pos - v.origin);
        Some(pr.start + v.laid.snap(&self.layout.text[pr], b))
    }

    /// Byte offset of the glyph under a screen position, if any.
    pub fn glyph_at(&self, pos: Pos2) -> Option<usize> {
        let v = self
            .visible
            .iter()
            .find(|v| pos.y >= v.origin.y && pos.y < v.origin.y + v.laid.size().y)?;
        Some(self.layout.paras[v.index].start + v.laid.glyph_under(pos - v.origin)?)
    }

    /// The bytes of the paragraphs on screen.
    pub fn visible_bytes(&self) -> Range<usize> {
        let start = self
            .visible
            .iter()
            .map(|v| self.layout.paras[v.index].start)
            .min();
        let end = self
            .visible
            .iter()
            .map(|v| self.layout.paras[v.index].end)
            .max();
        start.unwrap_or(0)..end.unwrap_or(0)
    }

    /// Screen rectangles (full rows) of a byte range, for the visible paragraphs.
    pub fn row_rects(&self, range: Range<usize>) -> Vec<Rect> {
        let mut out = Vec::new();
        for v in self.visible {
            let pr = self.layout.paras[v.index].clone();
            if range.start >= pr.end.max(pr.start + 1) || range.end <= pr.start {
                continue;
            }
            let a = range.start.max(pr.start) - pr.start;
            let b = range.end.min(pr.end) - pr.start;
            out.extend(
                v.laid
                    .rects(a, b)
                    .into_iter()
                    .map(|r| r.translate(v.origin.to_vec2())),
            );
        }
        out
    }

    /// Screen rectangles (text band) of a byte range, for the visible paragraphs.
    pub fn rects(&self, range: Range<usize>, look: Look) -> Vec<Rect> {
        self.row_rects(range)
            .into_iter()
            .map(|r| look.band(r))
            .collect()
    }

    /// Screen rectangles of every fragment of a mention.
    pub fn mention_rects(
        &self,
        project: &Project,
        id: &crate::model::MentionId,
        look: Look,
    ) -> Vec<Rect> {
        project
            .mention(id)
            .map(|m| {
                m.fragments
                    .iter()
                    .flat_map(|f| self.rects(f.start()..f.end(), look))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Placement of one mention within one paragraph.
pub(super) struct Placed<'a> {
    pub mention: &'a Mention,
    /// 0 is the outermost (tinted background); 1.. are underlines below it.
    pub track: usize,
}

/// Tracks for the mentions overlapping `para` (greedy interval colouring by start, longest
/// first), so nested and overlapping mentions stack instead of hiding each other.
pub(super) fn place_tracks<'a>(mentions: Vec<&'a Mention>, para: &Range<usize>) -> Vec<Placed<'a>> {
    let mut ms = mentions;
    ms.sort_by_key(|m| {
        (
            m.start().max(para.start),
            std::cmp::Reverse(m.end().min(para.end)),
        )
    });
    let mut track_ends: Vec<usize> = Vec::new();
    let mut placed = Vec::with_capacity(ms.len());
    for m in ms {
        let s = m.start().max(para.start);
        let e = m.end().min(para.end);
        let t = match track_ends.iter().position(|end| *end <= s) {
            Some(t) => {
                track_ends[t] = e;
                t
            }
            None => {
                track_ends.push(e);
                track_ends.len() - 1
            }
        };
        placed.push(Placed {
            mention: m,
            track: t,
        });
    }
    placed
}

/// Mentions of `layer` in `doc` covering byte `b`, innermost (shortest) first.
pub fn stack_at<'a>(
    project: &'a Project,
    doc: &Document,
    layer: &crate::model::Layer,
    b: usize,
) -> Vec<&'a Mention> {
    let mut v: Vec<&Mention> = project
        .mentions_overlapping(&doc.id, b, b + 1)
        .filter(|m| m.contains(b) && &m.layer == layer)
        .collect();
    v.sort_by_key(|m| (m.end() - m.start(), m.start()));
    v
}
