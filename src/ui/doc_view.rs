//! The document view: the text with its mentions, selection by mouse and keyboard.
//!
//! Performance: the text is split into paragraphs (at `\n`; CRLF texts too) and only the
//! paragraphs inside the viewport are laid out, each into its own galley that is cached by
//! paragraph under the current wrap width, font and theme. Paragraph heights start as
//! estimates and are replaced by measured ones as paragraphs come into view; cumulative
//! heights place them in a `ScrollArea::show_viewport`. Mention decorations are painted over
//! the plain galleys every frame (cheap: a few rectangles per visible mention), so editing a
//! mention never invalidates a layout.
//!
//! Mention drawing: each mention overlapping a paragraph gets a *track* (greedy interval
//! colouring by start, longest first). Track 0 (outermost) is a tinted background; tracks
//! 1..=[`MAX_UNDERLINES`] are coloured underlines stacked below the text; deeper mentions show
//! a small marker and are listed in the hover text. Fragments of a discontinuous mention carry
//! a dotted underline, and the selected or hovered one is joined by connector lines.

use super::action::Action;
use super::text_nav::{self, paragraph_of};
use crate::model::{Document, Mention, MentionId, Project, schema::parse_colour};
use egui::{
    Color32, CornerRadius, FontId, Galley, Id, Pos2, Rect, Sense, Stroke, StrokeKind, Ui, Vec2,
    text::{CCursor, LayoutJob, TextFormat},
};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// Nested mentions drawn as underlines below the outermost one; deeper ones get a marker.
pub const MAX_UNDERLINES: usize = 3;
/// Horizontal margin around the text.
const MARGIN: f32 = 14.0;
/// Galleys kept in the cache beyond the visible ones.
const CACHE_LIMIT: usize = 400;

/// The id of the document view widget (for keyboard focus).
pub fn doc_view_id() -> Id {
    Id::unique("weft-doc-view")
}

/// A text selection in the open document: UTF-8 byte offsets on grapheme boundaries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    pub anchor: usize,
    pub caret: usize,
}

impl Selection {
    pub fn caret(at: usize) -> Self {
        Self {
            anchor: at,
            caret: at,
        }
    }

    pub fn range(&self) -> Range<usize> {
        self.anchor.min(self.caret)..self.anchor.max(self.caret)
    }

    pub fn is_empty(&self) -> bool {
        self.anchor == self.caret
    }
}

/// Counters of the last frame, for tests and the debug overlay.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ViewStats {
    /// Galleys laid out (cache misses) in the last frame.
    pub galleys_laid_out: usize,
    /// Paragraphs painted in the last frame.
    pub paragraphs_shown: usize,
    /// Paragraphs in the document.
    pub paragraphs_total: usize,
    /// Galleys laid out since the document was opened (all frames).
    pub galleys_laid_out_since_open: usize,
    /// Mentions read from the project's index to draw the last frame (those overlapping the
    /// visible paragraphs): bounded by what is on screen, not by the document's length.
    pub mentions_considered: usize,
    /// Overlay items (highlights, suggestions, badges) looked at to draw the last frame: those
    /// near the viewport, not all of the document's.
    pub overlay_items_considered: usize,
}

#[derive(Clone, Copy, PartialEq)]
struct Look {
    font_size: f32,
    line_height: f32,
    /// Empty space above and below the glyphs in a row.
    pad: f32,
    dark: bool,
    text_color: Color32,
}

struct DocLayout {
    doc: crate::model::DocId,
    text: Arc<str>,
    paras: Vec<Range<usize>>,
    heights: Vec<f32>,
    measured: Vec<bool>,
    tops: Vec<f32>,
    tops_dirty: bool,
    wrap: f32,
    look: Option<Look>,
    galleys: HashMap<usize, Arc<Galley>>,
}

impl DocLayout {
    fn new(doc: &Document) -> Self {
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

    fn configure(&mut self, wrap: f32, look: Look) {
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

    fn ensure_tops(&mut self) {
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

    fn total_height(&self) -> f32 {
        *self.tops.last().unwrap_or(&0.0)
    }

    /// The paragraph at content height `y`.
    fn para_at_y(&self, y: f32) -> usize {
        let i = self.tops.partition_point(|t| *t <= y);
        i.saturating_sub(1).min(self.paras.len() - 1)
    }

    fn galley(&mut self, i: usize, ui: &Ui, laid_out: &mut usize) -> Arc<Galley> {
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
}

/// Byte↔char mapping inside one paragraph.
struct CharMap {
    /// Byte offset (relative to the paragraph) of each char, plus the length; empty if ASCII.
    starts: Vec<usize>,
    len: usize,
}

impl CharMap {
    fn new(p: &str) -> Self {
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

    fn char_of(&self, byte: usize) -> usize {
        let byte = byte.min(self.len);
        if self.starts.is_empty() {
            byte
        } else {
            self.starts.partition_point(|s| *s < byte)
        }
    }

    fn byte_of(&self, ch: usize) -> usize {
        if self.starts.is_empty() {
            ch.min(self.len)
        } else {
            self.starts.get(ch).copied().unwrap_or(self.len)
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

/// Colour of a type, from its `#rrggbb`.
pub fn type_colour(project: &Project, type_key: &str) -> Color32 {
    project
        .schema()
        .type_def(type_key)
        .and_then(|t| parse_colour(&t.colour))
        .map(|[r, g, b]| Color32::from_rgb(r, g, b))
        .unwrap_or(Color32::GRAY)
}

fn tint(c: Color32, dark: bool) -> Color32 {
    let a = if dark { 95 } else { 80 };
    Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), a)
}

/// What the document view needs from the app for one frame.
pub struct ViewInput<'a> {
    pub project: &'a Project,
    pub doc: &'a Document,
    pub selection: Selection,
    pub selected: Option<&'a MentionId>,
    /// Whether the view may take keyboard focus when no widget has it.
    pub may_take_focus: bool,
}

struct Visible {
    index: usize,
    origin: Pos2,
    galley: Arc<Galley>,
}

/// Placement of one mention within one paragraph.
struct Placed<'a> {
    mention: &'a Mention,
    track: usize,
}

/// The document view's state across frames.
pub struct DocView {
    layout: Option<DocLayout>,
    stats: ViewStats,
    visible: Vec<Visible>,
    ctrl_drag: bool,
    /// A vertical caret move waiting for galleys: (rows, extend selection).
    pending_vertical: Option<(i32, bool)>,
    scroll_to: Option<usize>,
    h_pos: Option<f32>,
    /// Screen rectangle of the text area in the last frame.
    viewport: Rect,
    /// The widget id (one per side-by-side pane).
    id: Id,
    /// Cross-document decorations for the next frame (see [`Overlay`]).
    overlay: Overlay,
}

impl Default for DocView {
    fn default() -> Self {
        Self {
            layout: None,
            stats: ViewStats::default(),
            visible: Vec::new(),
            ctrl_drag: false,
            pending_vertical: None,
            scroll_to: None,
            h_pos: None,
            viewport: Rect::NOTHING,
            id: doc_view_id(),
            overlay: Overlay::default(),
        }
    }
}

impl DocView {
    /// A view with its own widget id (for a second, third… pane side by side).
    pub fn with_id(id: Id) -> Self {
        Self {
            id,
            ..Self::default()
        }
    }

    /// The widget id of this view (keyboard focus).
    pub fn id(&self) -> Id {
        self.id
    }

    /// Decorations drawn over the text in the next frames (replaces the previous ones). They
    /// are sorted by position here, so each frame looks only at those near the viewport.
    pub fn set_overlay(&mut self, mut overlay: Overlay) {
        overlay.highlight.sort_by_key(|r| (r.start, r.end));
        overlay.suggestions.sort_by_key(|r| (r.start, r.end));
        overlay
            .badges
            .sort_by_key(|b| (b.extent.start, b.extent.end));
        overlay.longest = overlay
            .highlight
            .iter()
            .chain(&overlay.suggestions)
            .chain(overlay.badges.iter().map(|b| &b.extent))
            .map(|r| r.end.saturating_sub(r.start))
            .max()
            .unwrap_or(0);
        self.overlay = overlay;
    }

    /// The bytes of the paragraphs on screen.
    fn visible_bytes(&self) -> Range<usize> {
        let Some(layout) = self.layout.as_ref() else {
            return 0..0;
        };
        let start = self
            .visible
            .iter()
            .map(|v| layout.paras[v.index].start)
            .min();
        let end = self.visible.iter().map(|v| layout.paras[v.index].end).max();
        start.unwrap_or(0)..end.unwrap_or(0)
    }

    /// The decorations currently drawn (tests).
    pub fn overlay(&self) -> &Overlay {
        &self.overlay
    }

    pub fn stats(&self) -> ViewStats {
        self.stats
    }

    /// Forgets layouts (after the document set changed).
    pub fn reset(&mut self) {
        *self = Self::with_id(self.id);
    }

    /// Asks for the caret to move one row up (`-1`) or down (`1`) at the next frame.
    pub fn queue_vertical(&mut self, rows: i32, extend: bool) {
        self.pending_vertical = Some((rows, extend));
    }

    /// Asks for the byte to be scrolled into view at the next frame.
    pub fn scroll_to(&mut self, byte: usize) {
        self.scroll_to = Some(byte);
    }

    /// Screen position (centre of the glyph) of the char starting at `byte`, if it was visible
    /// in the last frame. Lets tests click and drag on real text.
    pub fn screen_pos_of(&self, byte: usize) -> Option<Pos2> {
        let layout = self.layout.as_ref()?;
        let pi = paragraph_of(&layout.paras, byte);
        let v = self.visible.iter().find(|v| v.index == pi)?;
        let p = &layout.text[layout.paras[pi].clone()];
        let map = CharMap::new(p);
        let ci = map.char_of(byte - layout.paras[pi].start);
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
    fn byte_at(&self, pos: Pos2) -> Option<usize> {
        let layout = self.layout.as_ref()?;
        let first = self.visible.first()?;
        let v = self
            .visible
            .iter()
            .find(|v| pos.y < v.origin.y + v.galley.size().y.max(1.0))
            .unwrap_or_else(|| self.visible.last().expect("non-empty"));
        let v = if pos.y < first.origin.y { first } else { v };
        let pr = layout.paras[v.index].clone();
        let p = &layout.text[pr.clone()];
        let c = v.galley.cursor_from_pos(pos - v.origin);
        let b = pr.start + CharMap::new(p).byte_of(c.index.0);
        Some(text_nav::snap_nearest(&layout.text, b))
    }

    /// Byte offset of the glyph under a screen position, if any.
    fn glyph_at(&self, pos: Pos2) -> Option<usize> {
        let layout = self.layout.as_ref()?;
        let v = self
            .visible
            .iter()
            .find(|v| pos.y >= v.origin.y && pos.y < v.origin.y + v.galley.size().y)?;
        let ci = char_under(&v.galley, pos - v.origin)?;
        let pr = layout.paras[v.index].clone();
        Some(pr.start + CharMap::new(&layout.text[pr.clone()]).byte_of(ci))
    }

    fn look(ui: &Ui) -> Look {
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

    /// Draws the view and returns what the user asked for.
    pub fn show(&mut self, ui: &mut Ui, input: &ViewInput<'_>) -> Vec<Action> {
        let mut actions = Vec::new();
        let doc = input.doc;
        let reopened = self.layout.as_ref().map(|l| &l.doc) != Some(&doc.id);
        if reopened {
            self.layout = Some(DocLayout::new(doc));
            self.visible.clear();
            self.h_pos = None;
        }
        let look = Self::look(ui);
        let mut laid_out = 0usize;
        let scroll_to = self.scroll_to.take();
        let pending_vertical = self.pending_vertical.take();
        let mut visible = Vec::new();
        let id = self.id;

        let output = egui::ScrollArea::vertical()
            .id_salt(("doc-scroll", doc.id.0.as_str()))
            .auto_shrink(false)
            .show_viewport(ui, |ui, viewport| {
                let layout = self.layout.as_mut().expect("set above");
                let width = ui.available_width();
                let wrap = (width - 2.0 * MARGIN).max(60.0);
                layout.configure(wrap, look);

                // Vertical caret moves need the galleys of the caret's paragraph and its neighbour.
                if let Some((rows, extend)) = pending_vertical {
                    layout.ensure_tops();
                    let caret = input.selection.caret;
                    let pi = paragraph_of(&layout.paras, caret);
                    let pr = layout.paras[pi].clone();
                    let g = layout.galley(pi, ui, &mut laid_out);
                    let map = CharMap::new(&layout.text[pr.clone()]);
                    let cur = CCursor::new(map.char_of(caret - pr.start));
                    let lc = g.layout_from_cursor(cur);
                    let x = self.h_pos.unwrap_or_else(|| g.pos_from_cursor(cur).min.x);
                    let target = if rows < 0 && lc.row == 0 {
                        (pi > 0).then(|| {
                            let g2 = layout.galley(pi - 1, ui, &mut laid_out);
                            let last = g2.rows.len().saturating_sub(1);
                            let y = g2.rows[last].rect().center().y;
                            (pi - 1, g2.cursor_from_pos(Vec2::new(x, y)))
                        })
                    } else if rows > 0 && lc.row + 1 >= g.rows.len() {
                        (pi + 1 < layout.paras.len()).then(|| {
                            let g2 = layout.galley(pi + 1, ui, &mut laid_out);
                            let y = g2.rows[0].rect().center().y;
                            (pi + 1, g2.cursor_from_pos(Vec2::new(x, y)))
                        })
                    } else {
                        let row = (lc.row as i32 + rows) as usize;
                        let y = g.rows[row].rect().center().y;
                        Some((pi, g.cursor_from_pos(Vec2::new(x, y))))
                    };
                    self.h_pos = Some(x);
                    if let Some((ti, c)) = target {
                        let tr = layout.paras[ti].clone();
                        let b =
                            tr.start + CharMap::new(&layout.text[tr.clone()]).byte_of(c.index.0);
                        let b = text_nav::snap_nearest(&layout.text, b);
                        let anchor = if extend { input.selection.anchor } else { b };
                        actions.push(Action::SetSelection { anchor, caret: b });
                        actions.push(Action::ScrollTo(b));
                    }
                }

                layout.ensure_tops();
                let total = layout.total_height();
                let (_, rect) = ui.allocate_space(Vec2::new(width, total + 2.0 * look.pad + 20.0));
                let origin = rect.min + Vec2::new(MARGIN, look.pad);

                if let Some(byte) = scroll_to {
                    let pi = paragraph_of(&layout.paras, byte);
                    let pr = layout.paras[pi].clone();
                    let g = layout.galley(pi, ui, &mut laid_out);
                    layout.ensure_tops();
                    let map = CharMap::new(&layout.text[pr.clone()]);
                    let r =
                        g.pos_from_cursor(CCursor::new(map.char_of(byte.saturating_sub(pr.start))));
                    let target = Rect::from_min_size(
                        origin + Vec2::new(0.0, layout.tops[pi] + r.min.y),
                        Vec2::new(wrap, look.line_height),
                    )
                    .expand(look.line_height);
                    ui.scroll_to_rect_animation(target, None, egui::style::ScrollAnimation::none());
                }

                // Lay out the paragraphs in view.
                let top = (viewport.min.y - look.pad).max(0.0);
                let first = layout.para_at_y(top);
                let mut y = layout.tops[first];
                let mut i = first;
                while i < layout.paras.len() && y < viewport.max.y + look.line_height {
                    let g = layout.galley(i, ui, &mut laid_out);
                    visible.push(Visible {
                        index: i,
                        origin: origin + Vec2::new(0.0, y),
                        galley: g.clone(),
                    });
                    y += g.size().y.max(look.line_height);
                    i += 1;
                }
                if layout.tops_dirty {
                    ui.ctx().request_repaint();
                }
                // Keep the cache bounded: drop far-away paragraphs.
                if layout.galleys.len() > CACHE_LIMIT {
                    let keep = first.saturating_sub(50)..i + 50;
                    layout.galleys.retain(|k, _| keep.contains(k));
                }

                let resp = ui.interact(rect, id, Sense::click_and_drag());
                resp.widget_info(|| {
                    egui::WidgetInfo::labeled(
                        egui::Role::Document,
                        true,
                        format!("Text of {}", doc.name),
                    )
                });
                (resp, rect)
            });
        let (resp, _content_rect) = output.inner;
        self.viewport = output.inner_rect;
        self.visible = visible;
        let since_open = if self.stats.paragraphs_total == 0 || reopened {
            laid_out
        } else {
            self.stats.galleys_laid_out_since_open + laid_out
        };
        self.stats = ViewStats {
            mentions_considered: 0,
            overlay_items_considered: 0,
            galleys_laid_out_since_open: since_open,
            galleys_laid_out: laid_out,
            paragraphs_shown: self.visible.len(),
            paragraphs_total: self.layout.as_ref().map(|l| l.paras.len()).unwrap_or(0),
        };

        // Keyboard focus stays on the text unless another widget took it.
        let focused = ui.ctx().memory(|m| m.focused());
        if focused.is_none() && input.may_take_focus && !ui.ctx().any_popup_open() {
            ui.ctx().memory_mut(|m| m.request_focus(id));
        }
        ui.ctx().memory_mut(|m| {
            m.set_focus_lock_filter(
                id,
                egui::EventFilter {
                    tab: true,
                    horizontal_arrows: true,
                    vertical_arrows: true,
                    escape: true,
                },
            )
        });
        let has_focus = resp.has_focus();

        // ----- painting -----
        let painter = ui.painter().with_clip_rect(self.viewport);
        let hovered_byte = if resp.dragged() {
            None
        } else {
            resp.hover_pos().and_then(|p| self.glyph_at(p))
        };
        let hovered_stack: Vec<&Mention> = match hovered_byte {
            Some(b) => stack_at(input.project, doc, b),
            None => Vec::new(),
        };
        let emphasised: Vec<&MentionId> = input
            .selected
            .into_iter()
            .chain(hovered_stack.first().map(|m| &m.id))
            .collect();
        let mut frag_rects: HashMap<&MentionId, Vec<Rect>> = HashMap::new();
        let sel = input.selection.range();
        let sel_fill = ui.visuals().selection.bg_fill.gamma_multiply(0.55);
        let text_strong = ui.visuals().strong_text_color();
        let layout = self.layout.as_ref().expect("set above");
        let mut considered = 0usize;
        for v in &self.visible {
            let pr = layout.paras[v.index].clone();
            let ptext = &layout.text[pr.clone()];
            let map = CharMap::new(ptext);
            let to_screen = |r: Rect| r.translate(v.origin.to_vec2());
            let band = |r: Rect| {
                Rect::from_x_y_ranges(
                    r.x_range(),
                    (r.top() + look.pad - 1.0)..=(r.bottom() - look.pad + 1.0),
                )
            };
            // Mentions and their tracks.
            let mut placed: Vec<Placed> = Vec::new();
            if pr.end > pr.start {
                let mut ms: Vec<&Mention> = input
                    .project
                    .mentions_overlapping(&doc.id, pr.start, pr.end)
                    .inspect(|_| considered += 1)
                    .filter(|m| {
                        m.fragments
                            .iter()
                            .any(|f| f.start() < pr.end && f.end() > pr.start)
                    })
                    .collect();
                ms.sort_by_key(|m| {
                    (
                        m.start().max(pr.start),
                        std::cmp::Reverse(m.end().min(pr.end)),
                    )
                });
                let mut track_ends: Vec<usize> = Vec::new();
                for m in ms {
                    let s = m.start().max(pr.start);
                    let e = m.end().min(pr.end);
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
            }
            let frag_chars = |m: &Mention| -> Vec<(usize, usize)> {
                m.fragments
                    .iter()
                    .filter(|f| f.start() < pr.end && f.end() > pr.start)
                    .map(|f| {
                        (
                            map.char_of(f.start().max(pr.start) - pr.start),
                            map.char_of(f.end().min(pr.end) - pr.start),
                        )
                    })
                    .collect()
            };
            // Backgrounds of outermost mentions.
            for p in placed.iter().filter(|p| p.track == 0) {
                let c = tint(type_colour(input.project, &p.mention.type_key), look.dark);
                for (a, b) in frag_chars(p.mention) {
                    for r in range_rects(&v.galley, a, b) {
                        painter.rect_filled(to_screen(band(r)), CornerRadius::same(2), c);
                    }
                }
            }
            // Text selection.
            if !sel.is_empty() && sel.start < pr.end.max(pr.start + 1) && sel.end > pr.start {
                let a = map.char_of(sel.start.max(pr.start) - pr.start);
                let b = map.char_of(sel.end.min(pr.end) - pr.start);
                for r in range_rects(&v.galley, a, b) {
                    painter.rect_filled(to_screen(band(r)), 0.0, sel_fill);
                }
                if sel.end > pr.end && pr.end >= sel.start {
                    // The line break is selected too: show a sliver after the text.
                    let r = v
                        .galley
                        .pos_from_cursor(CCursor::new(map.char_of(ptext.len())));
                    let r = Rect::from_min_size(r.min, Vec2::new(6.0, r.height()));
                    painter.rect_filled(to_screen(band(r)), 0.0, sel_fill);
                }
            }
            painter.galley(v.origin, v.galley.clone(), look.text_color);
            // Underlines of nested mentions, markers beyond, dotted lines of fragments.
            for p in &placed {
                let colour = type_colour(input.project, &p.mention.type_key);
                let discontinuous = p.mention.fragments.len() > 1;
                for (a, b) in frag_chars(p.mention) {
                    for r in range_rects(&v.galley, a, b) {
                        let r = to_screen(r);
                        let text_bottom = r.bottom() - look.pad;
                        if p.track >= 1 && p.track <= MAX_UNDERLINES {
                            let y = text_bottom + 0.5 + 2.6 * (p.track - 1) as f32;
                            painter.line_segment(
                                [Pos2::new(r.left() + 0.5, y), Pos2::new(r.right() - 0.5, y)],
                                Stroke::new(2.0, colour),
                            );
                        } else if p.track > MAX_UNDERLINES {
                            let at = Pos2::new(r.left(), r.top() + look.pad - 1.0);
                            painter.add(egui::Shape::convex_polygon(
                                vec![at, at + Vec2::new(5.0, 0.0), at + Vec2::new(0.0, 5.0)],
                                colour,
                                Stroke::NONE,
                            ));
                        }
                        if discontinuous && p.track == 0 {
                            let y = text_bottom + 1.0;
                            let mut x = r.left();
                            while x < r.right() {
                                painter.line_segment(
                                    [Pos2::new(x, y), Pos2::new((x + 2.0).min(r.right()), y)],
                                    Stroke::new(1.5, colour),
                                );
                                x += 4.0;
                            }
                        }
                        if emphasised.contains(&&p.mention.id) {
                            frag_rects.entry(&p.mention.id).or_default().push(band(r));
                        }
                    }
                }
            }
            // Caret.
            if has_focus && input.selection.is_empty() {
                let c = input.selection.caret;
                if c >= pr.start && c <= pr.end {
                    let r = v
                        .galley
                        .pos_from_cursor(CCursor::new(map.char_of(c - pr.start)));
                    let r = to_screen(band(r));
                    painter.line_segment(
                        [r.left_top(), r.left_bottom()],
                        Stroke::new(1.5, text_strong),
                    );
                }
            }
        }
        self.stats.mentions_considered = considered;
        // Outline of the selected mention, connectors between fragments.
        for (mid, rects) in &frag_rects {
            let is_selected = input.selected == Some(*mid);
            let colour = input
                .project
                .mention(mid)
                .map(|m| type_colour(input.project, &m.type_key))
                .unwrap_or(Color32::GRAY);
            let stroke = if is_selected {
                Stroke::new(2.0, text_strong)
            } else {
                Stroke::new(1.0, colour)
            };
            for r in rects {
                painter.rect_stroke(
                    r.expand(1.0),
                    CornerRadius::same(3),
                    stroke,
                    StrokeKind::Outside,
                );
            }
            let frag_count = input
                .project
                .mention(mid)
                .map(|m| m.fragments.len())
                .unwrap_or(1);
            if frag_count > 1 {
                for w in rects.windows(2) {
                    let (a, b) = (w[0].right_top(), w[1].left_top());
                    let mid_pt = Pos2::new((a.x + b.x) / 2.0, a.y.min(b.y) - 6.0);
                    painter.line_segment([a, mid_pt], Stroke::new(1.5, colour));
                    painter.line_segment([mid_pt, b], Stroke::new(1.5, colour));
                }
            }
        }

        self.paint_overlay(&painter, look, input, hovered_stack.first().map(|m| &m.id));

        // ----- interaction -----
        let ctrl = ui.input(|i| i.modifiers.command);
        if resp.drag_started_by(egui::PointerButton::Primary) {
            resp.request_focus();
            self.ctrl_drag = ctrl;
            let origin = ui.input(|i| i.pointer.press_origin());
            if let Some(b) = origin.and_then(|p| self.byte_at(p)) {
                actions.push(Action::SetSelection {
                    anchor: b,
                    caret: b,
                });
            }
        }
        if resp.dragged_by(egui::PointerButton::Primary)
            && let Some(p) = ui.input(|i| i.pointer.interact_pos())
        {
            // The anchor is where the drag began (set this frame or an earlier one).
            let anchor = match actions.last() {
                Some(Action::SetSelection { anchor, .. }) => *anchor,
                _ => input.selection.anchor,
            };
            if let Some(b) = self.byte_at(p) {
                actions.push(Action::SetSelection { anchor, caret: b });
            }
            // Scroll while dragging past the edges.
            let vp = self.viewport;
            let dy = if p.y < vp.top() {
                (vp.top() - p.y).min(40.0)
            } else if p.y > vp.bottom() {
                -(p.y - vp.bottom()).min(40.0)
            } else {
                0.0
            };
            if dy != 0.0 {
                ui.scroll_with_delta(Vec2::new(0.0, dy));
                ui.ctx().request_repaint();
            }
        }
        if resp.drag_stopped_by(egui::PointerButton::Primary) && self.ctrl_drag {
            self.ctrl_drag = false;
            let range = match actions.last() {
                Some(Action::SetSelection { anchor, caret }) => {
                    (*anchor).min(*caret)..(*anchor).max(*caret)
                }
                _ => input.selection.range(),
            };
            if !range.is_empty() {
                actions.push(Action::AddFragment(range));
            }
        }
        if resp.double_clicked() {
            if let (Some(p), Some(layout)) = (resp.interact_pointer_pos(), self.layout.as_ref())
                && let Some(b) = self.glyph_at(p).or_else(|| self.byte_at(p))
            {
                let pi = paragraph_of(&layout.paras, b);
                let w = text_nav::word_at(&layout.text, layout.paras[pi].clone(), b);
                actions.push(Action::SetSelection {
                    anchor: w.start,
                    caret: w.end,
                });
            }
        } else if resp.clicked()
            && let Some(p) = resp.interact_pointer_pos()
        {
            resp.request_focus();
            let stack = self
                .glyph_at(p)
                .map(|b| stack_at(input.project, doc, b))
                .unwrap_or_default();
            let shift = ui.input(|i| i.modifiers.shift);
            if let Some(b) = self.byte_at(p) {
                let anchor = if shift { input.selection.anchor } else { b };
                actions.push(Action::SetSelection { anchor, caret: b });
            }
            if !shift {
                // Repeated clicks on stacked mentions cycle from the innermost outwards.
                let next = match input
                    .selected
                    .and_then(|s| stack.iter().position(|m| &m.id == s))
                {
                    Some(i) => stack.get((i + 1) % stack.len()),
                    None => stack.first(),
                };
                actions.push(Action::SelectMention(next.map(|m| m.id.clone())));
            }
        }

        // Hover text: every mention under the pointer, innermost first.
        if !hovered_stack.is_empty() {
            resp.on_hover_ui_at_pointer(|ui| {
                for m in &hovered_stack {
                    let t = input.project.schema().type_def(&m.type_key);
                    let colour = type_colour(input.project, &m.type_key);
                    ui.horizontal(|ui| {
                        let (r, _) = ui.allocate_exact_size(Vec2::splat(10.0), Sense::hover());
                        ui.painter().rect_filled(r, 2.0, colour);
                        ui.strong(t.map(|t| t.name.as_str()).unwrap_or(&m.type_key));
                        ui.label(format!(
                            "\u{201c}{}\u{201d}",
                            crate::edit::ops::excerpt(&m.covered_text(doc.text()), 50)
                        ));
                    });
                    if let Some(c) = m.cluster.as_ref().and_then(|c| input.project.cluster(c)) {
                        let n = input.project.members(&c.id).count();
                        ui.label(format!(
                            "    refers to: {} ({n} mention(s) in the corpus)",
                            c.name
                        ));
                    }
                    if m.fragments.len() > 1 {
                        ui.label(format!("    {} fragments", m.fragments.len()));
                    }
                }
            });
        }
        actions
    }
}

/// Mentions of `doc` covering byte `b`, innermost (shortest) first.
pub fn stack_at<'a>(project: &'a Project, doc: &Document, b: usize) -> Vec<&'a Mention> {
    let mut v: Vec<&Mention> = project
        .mentions_overlapping(&doc.id, b, b + 1)
        .filter(|m| m.contains(b))
        .collect();
    v.sort_by_key(|m| (m.end() - m.start(), m.start()));
    v
}

// ----- overlay: cross-document decorations -----

/// Decorations that come from outside the document: the mentions of the selected entity or
/// event (outlined, in every pane), relation and argument badges, link arcs, suggestions.
/// Built by the app each frame as plain data and painted in a pass of their own over the text,
/// so the layout and the mention pass above stay untouched.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overlay {
    /// Byte ranges (fragments) of the selected entity's or event's mentions in this document.
    pub highlight: Vec<Range<usize>>,
    /// One small superscript badge per mention that has relations or arguments.
    pub badges: Vec<Badge>,
    /// Links whose two ends are both in this document; drawn only while one end is selected
    /// or hovered, so dozens per screen stay legible.
    pub links: Vec<LinkLine>,
    /// Suggested spans not yet tagged (dashed outline).
    pub suggestions: Vec<Range<usize>>,
    /// The longest range above (set by [`DocView::set_overlay`]): bounds the search for the
    /// ones near the viewport.
    pub longest: usize,
}

/// The items of `sorted` (by start) that may touch `near`: a binary search, so per-frame work
/// does not grow with the number of items in the document.
fn near_view<'a, T>(
    sorted: &'a [T],
    range: impl Fn(&T) -> &Range<usize> + 'a,
    near: &Range<usize>,
    longest: usize,
) -> impl Iterator<Item = &'a T> + 'a {
    let from = sorted.partition_point(|t| range(t).start + longest < near.start);
    let to = sorted.partition_point(|t| range(t).start <= near.end);
    let start = near.start;
    sorted[from..to.max(from)]
        .iter()
        .filter(move |t| range(t).end >= start)
}

/// A count of relations and arguments at the end of a mention.
#[derive(Clone, Debug, PartialEq)]
pub struct Badge {
    pub mention: MentionId,
    /// Where the mention starts and ends (bytes): only badges near the viewport are drawn.
    pub extent: Range<usize>,
    pub count: usize,
    pub colour: Color32,
}

/// A relation or argument between two mentions of the same document.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkLine {
    pub a: MentionId,
    pub b: MentionId,
    pub label: String,
    pub colour: Color32,
}

impl DocView {
    /// Screen rectangles (text band) of a byte range, for the visible paragraphs.
    fn screen_rects(&self, range: Range<usize>, look: Look) -> Vec<Rect> {
        let Some(layout) = self.layout.as_ref() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for v in &self.visible {
            let pr = layout.paras[v.index].clone();
            if range.start >= pr.end.max(pr.start + 1) || range.end <= pr.start {
                continue;
            }
            let map = CharMap::new(&layout.text[pr.clone()]);
            let a = map.char_of(range.start.max(pr.start) - pr.start);
            let b = map.char_of(range.end.min(pr.end) - pr.start);
            for r in range_rects(&v.galley, a, b) {
                let r = r.translate(v.origin.to_vec2());
                out.push(Rect::from_x_y_ranges(
                    r.x_range(),
                    (r.top() + look.pad - 1.0)..=(r.bottom() - look.pad + 1.0),
                ));
            }
        }
        out
    }

    fn mention_rects(&self, project: &Project, id: &MentionId, look: Look) -> Vec<Rect> {
        project
            .mention(id)
            .map(|m| {
                m.fragments
                    .iter()
                    .flat_map(|f| self.screen_rects(f.start()..f.end(), look))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn paint_overlay(
        &mut self,
        painter: &egui::Painter,
        look: Look,
        input: &ViewInput<'_>,
        hovered: Option<&MentionId>,
    ) {
        let ov = &self.overlay;
        let strong = if look.dark {
            Color32::from_rgb(250, 220, 90)
        } else {
            Color32::from_rgb(200, 80, 0)
        };
        let near = self.visible_bytes();
        self.stats.overlay_items_considered = near_view(&ov.highlight, |r| r, &near, ov.longest)
            .count()
            + near_view(&ov.suggestions, |r| r, &near, ov.longest).count()
            + near_view(&ov.badges, |b| &b.extent, &near, ov.longest).count();
        // Mentions of the selected entity or event.
        for r in near_view(&ov.highlight, |r| r, &near, ov.longest) {
            for rect in self.screen_rects(r.clone(), look) {
                painter.rect_stroke(
                    rect.expand(2.0),
                    CornerRadius::same(3),
                    Stroke::new(1.5, strong),
                    StrokeKind::Outside,
                );
            }
        }
        // Suggestions: dashed outline.
        let dash = Stroke::new(1.2, look.text_color.gamma_multiply(0.8));
        for r in near_view(&ov.suggestions, |r| r, &near, ov.longest) {
            for rect in self.screen_rects(r.clone(), look) {
                let rect = rect.expand(1.0);
                let pts = [
                    rect.left_top(),
                    rect.right_top(),
                    rect.right_bottom(),
                    rect.left_bottom(),
                    rect.left_top(),
                ];
                painter.extend(egui::Shape::dashed_line(&pts, dash, 3.0, 2.0));
            }
        }
        // Badges: a small count at the top right of the mention's last rectangle.
        let font = FontId::proportional((look.font_size * 0.6).max(8.0));
        for b in near_view(&ov.badges, |b| &b.extent, &near, ov.longest) {
            let Some(last) = self.mention_rects(input.project, &b.mention, look).pop() else {
                continue;
            };
            let centre = Pos2::new(last.right(), last.top() - 1.0);
            painter.circle_filled(centre, 5.5, b.colour);
            painter.text(
                centre,
                egui::Align2::CENTER_CENTER,
                b.count.min(99).to_string(),
                font.clone(),
                Color32::WHITE,
            );
        }
        // Arcs of the selected or hovered mention's links.
        let active: Vec<&MentionId> = input.selected.into_iter().chain(hovered).collect();
        for l in &ov.links {
            if !active.contains(&&l.a) && !active.contains(&&l.b) {
                continue;
            }
            let (Some(ra), Some(rb)) = (
                self.mention_rects(input.project, &l.a, look)
                    .first()
                    .copied(),
                self.mention_rects(input.project, &l.b, look)
                    .first()
                    .copied(),
            ) else {
                continue;
            };
            let (pa, pb) = (ra.center_top(), rb.center_top());
            let lift = 14.0 + (pa.x - pb.x).abs().min(400.0) * 0.05;
            let ctrl = Pos2::new((pa.x + pb.x) / 2.0, pa.y.min(pb.y) - lift);
            let stroke = Stroke::new(1.8, l.colour);
            painter.add(egui::epaint::QuadraticBezierShape::from_points_stroke(
                [pa, ctrl, pb],
                false,
                Color32::TRANSPARENT,
                stroke,
            ));
            painter.circle_filled(pb, 2.5, l.colour);
            let mid = Pos2::new(ctrl.x, (pa.y.min(pb.y) + ctrl.y) / 2.0 - 2.0);
            let g = painter.layout_no_wrap(l.label.clone(), font.clone(), look.text_color);
            let r = Rect::from_center_size(mid, g.size()).expand(2.0);
            let bg = if look.dark {
                Color32::from_black_alpha(200)
            } else {
                Color32::from_white_alpha(230)
            };
            painter.rect_filled(r, CornerRadius::same(2), bg);
            painter.galley(r.min + Vec2::splat(2.0), g, look.text_color);
        }
    }
}
