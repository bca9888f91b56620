//! Layout and hit-testing of the document view, kept apart from painting: paragraphs laid out
//! into galleys (only those in view, cached by paragraph), the byte↔char mapping inside a
//! paragraph, where a byte is on screen and which byte is under the pointer, and how nested
//! mentions are stacked into tracks. A later bidirectional layout replaces this file's
//! internals without touching the painting.

use super::super::text_nav;
use crate::model::{Document, Mention, Project};
use egui::text::TextFormat;
use egui::{Color32, FontId, Galley, Pos2, Rect, Ui, Vec2, text::CCursor, text::LayoutJob};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// Font, line height and colours the text is laid out with.
#[derive(Clone, Copy, PartialEq)]
pub(super) struct Look {
    pub font_size: f32,
    pub line_height: f32,
    /// Empty space above and below the glyphs in a row.
    pub pad: f32,
    pub dark: bool,
    pub text_color: Color32,
}

impl Look {
    pub fn of(ui: &Ui) -> Look {
        let body = egui::TextStyle::Body.resolve(ui.style());
        let font_size = (body.size * 1.15).round();
        let font_height = ui.fonts_mut(|f| f.row_height(&FontId::proportional(font_size)));
        let pad = 5.0;
        Look {
            font_size,
            line_height: (font_height + 2.0 * pad).round(),
            pad,
            dark: ui.visuals().dark_mode,
            text_color: ui.visuals().text_color(),
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

/// The paragraphs of one document with their measured (or estimated) heights and the galleys
/// laid out so far.
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
    pub galleys: HashMap<usize, Arc<Galley>>,
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
            galleys: HashMap::new(),
        }
    }

    pub fn configure(&mut self, wrap: f32, look: Look) {
        let geometry_changed = (self.wrap - wrap).abs() > 0.5
            || self
                .look
                .map(|l| l.font_size != look.font_size || l.line_height != look.line_height)
                != Some(false);
        if geometry_changed {
            self.wrap = wrap;
            self.galleys.clear();
            self.measured.iter_mut().for_each(|m| *m = false);
            let per_row = ((wrap / (look.font_size * 0.48)).floor()).max(8.0);
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
            self.galleys.clear();
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

    /// The galley of paragraph `i`, laid out now if not cached (`laid_out` counts those).
    pub fn galley(&mut self, i: usize, ui: &Ui, laid_out: &mut usize) -> Arc<Galley> {
        if let Some(g) = self.galleys.get(&i) {
            return g.clone();
        }
        let look = self.look.expect("configured before use");
        let text = self.text[self.paras[i].clone()].to_string();
        let mut job = LayoutJob::single_section(
            text,
            TextFormat {
                font_id: FontId::proportional(look.font_size),
                color: look.text_color,
                line_height: Some(look.line_height),
                ..Default::default()
            },
        );
        job.wrap.max_width = self.wrap;
        let g = ui.fonts_mut(|f| f.layout_job(job));
        *laid_out += 1;
        let h = g.size().y.max(look.line_height);
        if !self.measured[i] || (self.heights[i] - h).abs() > 0.1 {
            if (self.heights[i] - h).abs() > 0.1 {
                self.tops_dirty = true;
            }
            self.heights[i] = h;
            self.measured[i] = true;
        }
        self.galleys.insert(i, g.clone());
        g
    }

    /// The byte↔char map of paragraph `pi`.
    pub fn char_map(&self, pi: usize) -> CharMap {
        CharMap::new(&self.text[self.paras[pi].clone()])
    }

    /// Where a vertical caret move of `rows` (−1 up, 1 down) from `caret` lands: the byte
    /// (grapheme-snapped) and the horizontal position kept for the next move (`h_pos`).
    pub fn vertical_target(
        &mut self,
        ui: &Ui,
        caret: usize,
        rows: i32,
        h_pos: Option<f32>,
        laid_out: &mut usize,
    ) -> (Option<usize>, f32) {
        self.ensure_tops();
        let pi = text_nav::paragraph_of(&self.paras, caret);
        let pr = self.paras[pi].clone();
        let g = self.galley(pi, ui, laid_out);
        let cur = CCursor::new(self.char_map(pi).char_of(caret - pr.start));
        let lc = g.layout_from_cursor(cur);
        let x = h_pos.unwrap_or_else(|| g.pos_from_cursor(cur).min.x);
        let target = if rows < 0 && lc.row == 0 {
            (pi > 0).then(|| {
                let g2 = self.galley(pi - 1, ui, laid_out);
                let last = g2.rows.len().saturating_sub(1);
                let y = g2.rows[last].rect().center().y;
                (pi - 1, g2.cursor_from_pos(Vec2::new(x, y)))
            })
        } else if rows > 0 && lc.row + 1 >= g.rows.len() {
            (pi + 1 < self.paras.len()).then(|| {
                let g2 = self.galley(pi + 1, ui, laid_out);
                let y = g2.rows[0].rect().center().y;
                (pi + 1, g2.cursor_from_pos(Vec2::new(x, y)))
            })
        } else {
            let row = (lc.row as i32 + rows) as usize;
            let y = g.rows[row].rect().center().y;
            Some((pi, g.cursor_from_pos(Vec2::new(x, y))))
        };
        let byte = target.map(|(ti, c)| {
            let b = self.paras[ti].start + self.char_map(ti).byte_of(c.index.0);
            text_nav::snap_nearest(&self.text, b)
        });
        (byte, x)
    }
}

/// Byte↔char mapping inside one paragraph.
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

/// Rectangles (galley-relative, full row height) covering chars `a..b` of a galley.
pub(super) fn range_rects(galley: &Galley, a: usize, b: usize) -> Vec<Rect> {
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

/// A paragraph on screen in the last frame.
pub(super) struct Visible {
    pub index: usize,
    pub origin: Pos2,
    pub galley: Arc<Galley>,
}

/// The paragraphs on screen, for hit-testing and for finding where a range is drawn.
pub(super) struct Screen<'a> {
    pub layout: &'a DocLayout,
    pub visible: &'a [Visible],
}

impl Screen<'_> {
    /// Screen position (a quarter into the glyph) of the char starting at `byte`, if visible.
    pub fn pos_of(&self, byte: usize) -> Option<Pos2> {
        let layout = self.layout;
        let pi = text_nav::paragraph_of(&layout.paras, byte);
        let v = self.visible.iter().find(|v| v.index == pi)?;
        let ci = layout.char_map(pi).char_of(byte - layout.paras[pi].start);
        let r = v.galley.pos_from_cursor(CCursor::new(ci));
        let r2 = v.galley.pos_from_cursor(CCursor::new(ci + 1));
        // A quarter into the glyph: on it (for hit tests) and nearest its left edge (for carets).
        let x = if (r2.min.y - r.min.y).abs() < 0.5 && r2.min.x > r.min.x {
            r.min.x + (r2.min.x - r.min.x) * 0.25
        } else {
            r.min.x + 1.0
        };
        Some(v.origin + Vec2::new(x, r.center().y))
    }

    /// Byte offset (caret boundary, grapheme-snapped) nearest to a screen position.
    pub fn byte_at(&self, pos: Pos2) -> Option<usize> {
        let first = self.visible.first()?;
        let v = self
            .visible
            .iter()
            .find(|v| pos.y < v.origin.y + v.galley.size().y.max(1.0))
            .unwrap_or_else(|| self.visible.last().expect("non-empty"));
        let v = if pos.y < first.origin.y { first } else { v };
        let pr = self.layout.paras[v.index].clone();
        let c = v.galley.cursor_from_pos(pos - v.origin);
        let b = pr.start + self.layout.char_map(v.index).byte_of(c.index.0);
        Some(text_nav::snap_nearest(&self.layout.text, b))
    }

    /// Byte offset of the glyph under a screen position, if any.
    pub fn glyph_at(&self, pos: Pos2) -> Option<usize> {
        let v = self
            .visible
            .iter()
            .find(|v| pos.y >= v.origin.y && pos.y < v.origin.y + v.galley.size().y)?;
        let ci = char_under(&v.galley, pos - v.origin)?;
        Some(self.layout.paras[v.index].start + self.layout.char_map(v.index).byte_of(ci))
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

    /// Screen rectangles (text band) of a byte range, for the visible paragraphs.
    pub fn rects(&self, range: Range<usize>, look: Look) -> Vec<Rect> {
        let mut out = Vec::new();
        for v in self.visible {
            let pr = self.layout.paras[v.index].clone();
            if range.start >= pr.end.max(pr.start + 1) || range.end <= pr.start {
                continue;
            }
            let map = self.layout.char_map(v.index);
            let a = map.char_of(range.start.max(pr.start) - pr.start);
            let b = map.char_of(range.end.min(pr.end) - pr.start);
            for r in range_rects(&v.galley, a, b) {
                out.push(look.band(r.translate(v.origin.to_vec2())));
            }
        }
        out
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
