//! The document view: the text with its mentions, selection by mouse and keyboard.
//!
//! | file | job |
//! |---|---|
//! | `mod.rs` | the widget: one frame = lay out what is in view, paint, handle the pointer |
//! | `layout.rs` | paragraphs laid out by route (egui or the bidi engine), hit-testing, mention tracks |
//! | `para.rs` | one laid-out paragraph behind one API: rects, caret, hit, glyph under, drawing |
//! | `paint.rs` | backgrounds, readable text on fills, underlines, selection, caret, outlines, the overlay |
//! | `arcs.rs` | arcs in lanes between rows and along the margins; markers for other panes |
//! | `interact.rs` | press, drag, click, double click, hover text → [`Action`]s |
//! | `access.rs` | paragraphs and mentions in the accessibility tree |
//! | `input.rs` | what the view is given each frame |
//!
//! Scripts: each paragraph takes [`crate::textlayout::route`]'s route — egui's own galley for
//! plain text, the bidi engine for right-to-left, mixed and complex-script text — and every
//! position question goes through [`para`]'s one API, so selection, highlights, underlines,
//! badges and arcs use the engine's visual positions where it laid the paragraph out.
//! Readable lines: the text wraps at [`ViewInput::max_line_chars`] average characters at most,
//! centred in a wide pane.
//!
//! Performance: the text is split into paragraphs (at `\n`; CRLF texts too) and only the
//! paragraphs inside the viewport are laid out, each into its own galley that is cached by
//! paragraph under the current wrap width, font, theme and direction. Paragraph heights start as
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

mod access;
mod arcs;
mod input;
mod interact;
mod layout;
mod paint;
mod para;

pub use super::view_model::overlay::{Badge, CrossMarker, LinkLine, Overlay};
pub use super::workspace::Selection;
pub use access::mention_node_id;
pub use arcs::DrawnLink;
pub use input::ViewInput;
pub use layout::stack_at;
pub use paint::{MAX_UNDERLINES, color32, type_colour};

use super::action::Action;
use super::text_nav::paragraph_of;
use super::workspace::PaneId;
use crate::model::{Mention, MentionId};
use egui::{Id, Pos2, Rect, Sense, Ui, Vec2};
use layout::{DocLayout, LaidOut, Look, MARGIN, Screen, Visible};

/// Galleys kept in the cache beyond the visible ones.
const CACHE_LIMIT: usize = 400;

/// The id of the first pane's document view widget (for keyboard focus).
pub fn doc_view_id() -> Id {
    Id::unique("weft-doc-view")
}

/// The widget id of a pane's document view.
pub fn pane_view_id(pane: PaneId) -> Id {
    if pane.0 == 0 {
        doc_view_id()
    } else {
        doc_view_id().with(("pane", pane.0))
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
    /// Paragraphs laid out by the bidi engine in the last frame (the others went through
    /// egui's own layout): 0 for text without right-to-left or complex-script characters.
    pub engine_laid_out: usize,
    /// Paragraphs laid out by the engine since the document was opened.
    pub engine_laid_out_since_open: usize,
    /// Paragraphs on screen in the last frame that the engine laid out.
    pub engine_paragraphs_shown: usize,
}

/// The document view's state across frames: layout caches and what was on screen. The
/// document, selection and requests come from the workspace's pane each frame.
pub struct DocView {
    layout: Option<DocLayout>,
    stats: ViewStats,
    visible: Vec<Visible>,
    ctrl_drag: bool,
    /// Horizontal caret position kept across vertical moves.
    h_pos: Option<f32>,
    /// Screen rectangle of the text area in the last frame.
    viewport: Rect,
    /// The widget id (one per side-by-side pane).
    id: Id,
    /// Cross-document decorations for the next frames (see [`Overlay`]).
    overlay: Overlay,
    /// The look of the last frame.
    look: Option<Look>,
    /// Arcs and markers drawn in the last frame.
    drawn_links: Vec<DrawnLink>,
}

impl DocView {
    /// A view with the widget id of `pane`.
    pub fn for_pane(pane: PaneId) -> Self {
        Self {
            layout: None,
            stats: ViewStats::default(),
            visible: Vec::new(),
            ctrl_drag: false,
            h_pos: None,
            viewport: Rect::NOTHING,
            id: pane_view_id(pane),
            overlay: Overlay::default(),
            look: None,
            drawn_links: Vec::new(),
        }
    }

    /// The widget id of this view (keyboard focus).
    pub fn id(&self) -> Id {
        self.id
    }

    /// Decorations drawn over the text in the next frames (replaces the previous ones); see
    /// [`Overlay::prepared`].
    pub fn set_overlay(&mut self, overlay: Overlay) {
        self.overlay = overlay;
    }

    /// The decorations currently drawn (tests).
    pub fn overlay(&self) -> &Overlay {
        &self.overlay
    }

    pub fn stats(&self) -> ViewStats {
        self.stats
    }

    fn screen(&self) -> Option<Screen<'_>> {
        Some(Screen {
            layout: self.layout.as_ref()?,
            visible: &self.visible,
        })
    }

    /// Screen position (centre of the glyph) of the char starting at `byte`, if it was visible
    /// in the last frame. Lets tests click and drag on real text.
    pub fn screen_pos_of(&self, byte: usize) -> Option<Pos2> {
        self.screen()?.pos_of(byte)
    }

    /// The byte (a caret stop) a click at `pos` gives, by the view's own mapping: with
    /// [`Self::screen_pos_of`], what the offset → x → offset round trip goes through.
    pub fn byte_at(&self, pos: Pos2) -> Option<usize> {
        self.screen()?.byte_at(pos)
    }

    /// The arcs and markers drawn in the last frame, in screen points.
    pub fn drawn_links(&self) -> &[DrawnLink] {
        &self.drawn_links
    }

    /// The text band of every row on screen in the last frame (where glyphs are).
    pub fn text_bands(&self) -> Vec<Rect> {
        let (Some(s), Some(look)) = (self.screen(), self.look) else {
            return Vec::new();
        };
        s.visible
            .iter()
            .flat_map(|v| {
                let pr = s.layout.paras[v.index].clone();
                s.rects(pr, look)
            })
            .collect()
    }

    /// The caret stops of the paragraph holding `byte` (document bytes, ascending), if it was
    /// on screen in the last frame, and whether the bidi engine laid it out.
    pub fn stops_of(&self, byte: usize) -> Option<(Vec<usize>, bool)> {
        self.screen()?.stops_of(byte)
    }

    /// Screen rectangles (text band) of a byte range in the last frame (visible part only).
    pub fn screen_rects_of(&self, range: std::ops::Range<usize>) -> Vec<Rect> {
        match (self.screen(), self.look) {
            (Some(s), Some(look)) => s.rects(range, look),
            _ => Vec::new(),
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
        let look = Look::of(ui, self.overlay.needs_lanes());
        self.look = Some(look);
        let mut laid_out = LaidOut::default();
        let (id, h_pos) = (self.id, self.h_pos);
        let layout = self.layout.as_mut().expect("set above");
        let output = egui::ScrollArea::vertical()
            .id_salt(("doc-scroll", doc.id.0.as_str()))
            .auto_shrink(false)
            .show_viewport(ui, |ui, viewport| {
                let frame = Frame {
                    ui,
                    look,
                    viewport,
                    input,
                    id,
                };
                frame.lay_out(layout, h_pos, &mut laid_out, &mut actions)
            });
        let (resp, visible, h_pos) = output.inner;
        self.h_pos = h_pos;
        self.viewport = output.inner_rect;
        self.visible = visible;
        let fresh = self.stats.paragraphs_total == 0 || reopened;
        let (since_open, engine_since_open) = if fresh {
            (laid_out.paragraphs, laid_out.engine)
        } else {
            (
                self.stats.galleys_laid_out_since_open + laid_out.paragraphs,
                self.stats.engine_laid_out_since_open + laid_out.engine,
            )
        };
        self.stats = ViewStats {
            mentions_considered: 0,
            overlay_items_considered: 0,
            galleys_laid_out_since_open: since_open,
            galleys_laid_out: laid_out.paragraphs,
            paragraphs_shown: self.visible.len(),
            paragraphs_total: self.layout.as_ref().map(|l| l.paras.len()).unwrap_or(0),
            engine_laid_out: laid_out.engine,
            engine_laid_out_since_open: engine_since_open,
            engine_paragraphs_shown: self.visible.iter().filter(|v| v.laid.is_engine()).count(),
        };
        self.keep_focus(ui, input);
        let stack = self.paint(ui, &resp, input, look);
        let mut ctrl_drag = self.ctrl_drag;
        let screen = self.screen().expect("laid out above");
        interact::pointer(
            ui,
            &resp,
            &screen,
            self.viewport,
            input,
            &mut ctrl_drag,
            &mut actions,
        );
        self.ctrl_drag = ctrl_drag;
        let screen = self.screen().expect("laid out above");
        actions.extend(access::nodes(
            ui,
            self.id,
            &screen,
            input,
            look,
            self.viewport,
        ));
        interact::hover_text(resp, &stack, input);
        actions
    }

    /// Keyboard focus stays on the text unless another widget took it.
    fn keep_focus(&self, ui: &Ui, input: &ViewInput<'_>) {
        let id = self.id;
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
    }

    /// Paints the frame; returns the mentions under the pointer (innermost first).
    fn paint<'a>(
        &mut self,
        ui: &Ui,
        resp: &egui::Response,
        input: &ViewInput<'a>,
        look: Look,
    ) -> Vec<&'a Mention> {
        let painter = ui.painter().with_clip_rect(self.viewport);
        let screen = self.screen().expect("laid out above");
        let hovered_byte = if resp.dragged() {
            None
        } else {
            resp.hover_pos().and_then(|p| screen.glyph_at(p))
        };
        let stack = match hovered_byte {
            Some(b) => stack_at(input.project, input.doc, input.layer, b),
            None => Vec::new(),
        };
        let emphasised: Vec<&MentionId> = input
            .selected
            .into_iter()
            .chain(stack.first().map(|m| &m.id))
            .collect();
        let ink = paint::Ink {
            selection: ui.visuals().selection.bg_fill.gamma_multiply(0.85),
            strong: ui.visuals().strong_text_color(),
        };
        let (frag_rects, considered) = paint::paragraphs(
            &painter,
            &screen,
            input,
            look,
            &ink,
            &emphasised,
            resp.has_focus(),
        );
        paint::emphasis(
            &painter,
            input.project,
            input.selected,
            &frag_rects,
            ink.strong,
        );
        let active: Vec<&MentionId> = input
            .selected
            .into_iter()
            .chain(stack.first().map(|m| &m.id))
            .collect();
        let (overlay_items, drawn) = paint::overlay(
            &painter,
            &screen,
            &self.overlay,
            look,
            input.project,
            &active,
        );
        self.stats.mentions_considered = considered;
        self.stats.overlay_items_considered = overlay_items;
        self.drawn_links = drawn;
        stack
    }
}

/// The wrap width of the text in a pane `width` wide: the pane less its margins, at most
/// `max_chars` average characters (a readable line), never under 60 points.
fn text_width(width: f32, max_chars: Option<usize>, char_width: f32) -> f32 {
    let room = width - 2.0 * MARGIN;
    let readable = max_chars.map_or(f32::INFINITY, |n| n as f32 * char_width);
    room.min(readable).max(60.0)
}

/// One frame's layout pass, inside the scroll area.
struct Frame<'u, 'a> {
    ui: &'u mut Ui,
    look: Look,
    viewport: Rect,
    input: &'u ViewInput<'a>,
    id: Id,
}

impl Frame<'_, '_> {
    /// Serves the pane's requests (vertical caret move, scroll), lays out the paragraphs in
    /// view and makes the widget. Returns its response, the visible paragraphs and the kept
    /// horizontal caret position.
    fn lay_out(
        self,
        layout: &mut DocLayout,
        h_pos: Option<f32>,
        laid_out: &mut LaidOut,
        actions: &mut Vec<Action>,
    ) -> (egui::Response, Vec<Visible>, Option<f32>) {
        let (ui, look, input) = (self.ui, self.look, self.input);
        let width = ui.available_width();
        let wrap = text_width(width, input.max_line_chars, look.char_width);
        // A readable column is centred in a wide pane.
        let left = ((width - wrap) / 2.0).max(MARGIN);
        layout.configure(wrap, look, layout::base_direction(input.doc.direction));
        let mut h_pos = h_pos;
        // Vertical caret moves need the galleys of the caret's paragraph and its neighbour.
        if let Some((rows, extend)) = input.vertical {
            let caret = input.selection.caret;
            let (target, x) = layout.vertical_target(ui, caret, rows, h_pos, laid_out);
            h_pos = Some(x);
            if let Some(b) = target {
                let anchor = if extend { input.selection.anchor } else { b };
                actions.push(Action::SetSelection { anchor, caret: b });
                actions.push(Action::ScrollTo(b));
            }
        }
        layout.ensure_tops();
        let total = layout.total_height();
        let (_, rect) = ui.allocate_space(Vec2::new(width, total + 2.0 * look.pad + 20.0));
        let origin = rect.min + Vec2::new(left, look.pad);
        if let Some(byte) = input.scroll_to {
            let pi = paragraph_of(&layout.paras, byte);
            let pr = layout.paras[pi].clone();
            let g = layout.para(pi, ui, laid_out);
            layout.ensure_tops();
            let r = g.caret_rect(byte.saturating_sub(pr.start));
            let target = Rect::from_min_size(
                origin + Vec2::new(0.0, layout.tops[pi] + r.min.y),
                Vec2::new(wrap, look.line_height),
            )
            .expand(look.line_height);
            ui.scroll_to_rect_animation(target, None, egui::style::ScrollAnimation::none());
        }
        // Lay out the paragraphs in view.
        let mut visible = Vec::new();
        let top = (self.viewport.min.y - look.pad).max(0.0);
        let first = layout.para_at_y(top);
        let mut y = layout.tops[first];
        let mut i = first;
        while i < layout.paras.len() && y < self.viewport.max.y + look.line_height {
            let g = layout.para(i, ui, laid_out);
            visible.push(Visible {
                index: i,
                origin: origin + Vec2::new(0.0, y),
                laid: g.clone(),
            });
            y += g.size().y.max(look.line_height);
            i += 1;
        }
        if layout.tops_dirty {
            ui.ctx().request_repaint();
        }
        // Keep the cache bounded: drop far-away paragraphs.
        if layout.laid.len() > CACHE_LIMIT {
            let keep = first.saturating_sub(50)..i + 50;
            layout.laid.retain(|k, _| keep.contains(k));
        }
        let resp = ui.interact(rect, self.id, Sense::click_and_drag());
        let name = format!("Text of {}", input.doc.name);
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Document, true, name.clone()));
        (resp, visible, h_pos)
    }
}
