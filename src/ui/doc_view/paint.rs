//! Painting the document view over the laid-out galleys: mention backgrounds and underlines by
//! track, the text selection, the caret, outlines of the selected or hovered mention, and the
//! overlay of cross-document decorations (only the items near the viewport).

use super::input::ViewInput;
use super::layout::{Look, Placed, Screen, Visible, place_tracks};
use crate::model::{Mention, MentionId, Project};
use crate::ui::view_model::Rgb;
use crate::ui::view_model::colour::{ThemeColours, text_on, type_rgb};
use crate::ui::view_model::overlay::Overlay;
use egui::{Color32, CornerRadius, FontId, Pos2, Rect, Stroke, StrokeKind, Vec2};
use std::collections::HashMap;
use std::ops::Range;

/// Nested mentions drawn as underlines below the outermost one; deeper ones get a marker.
pub const MAX_UNDERLINES: usize = 3;

/// egui's colour of a plain RGB colour.
pub fn color32(c: Rgb) -> Color32 {
    Color32::from_rgb(c.0, c.1, c.2)
}

/// Colour of a type, from its `#rrggbb`.
pub fn type_colour(project: &Project, type_key: &str) -> Color32 {
    color32(type_rgb(project, type_key))
}

/// A mention's fill: its type colour at the theme's opacity.
fn tint(c: Color32, dark: bool) -> Color32 {
    let a = ThemeColours::of(dark).fill_alpha;
    Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), a)
}

/// The text colour on a mention of colour `c` (see [`ThemeColours::text_on_mention`]), or
/// `None` when it is the text's own colour.
fn text_on_fill(c: Color32, look: &Look) -> Option<Color32> {
    let theme = ThemeColours::of(look.dark);
    let t = theme.text_on_mention(Rgb(c.r(), c.g(), c.b()));
    let t = color32(t);
    (t != look.text_color).then_some(t)
}

/// Colours of the frame, read once.
pub(super) struct Ink {
    pub selection: Color32,
    pub strong: Color32,
}

/// Paints every visible paragraph: backgrounds, selection, text, underlines, caret. Returns
/// the screen rectangles of the emphasised mentions (selected or hovered) and how many
/// mentions were read from the project.
pub(super) fn paragraphs(
    painter: &egui::Painter,
    screen: &Screen<'_>,
    input: &ViewInput<'_>,
    look: Look,
    ink: &Ink,
    emphasised: &[&MentionId],
    has_focus: bool,
) -> (HashMap<MentionId, Vec<Rect>>, usize) {
    let mut frag_rects: HashMap<MentionId, Vec<Rect>> = HashMap::new();
    let mut considered = 0usize;
    let (layout, doc) = (screen.layout, input.doc);
    for v in screen.visible {
        let pr = layout.paras[v.index].clone();
        let placed = if pr.end > pr.start {
            let ms: Vec<&Mention> = input
                .project
                .mentions_overlapping(&doc.id, pr.start, pr.end)
                .inspect(|_| considered += 1)
                .filter(|m| &m.layer == input.layer)
                .filter(|m| {
                    m.fragments
                        .iter()
                        .any(|f| f.start() < pr.end && f.end() > pr.start)
                })
                .collect();
            place_tracks(ms, &pr)
        } else {
            Vec::new()
        };
        let para = Para {
            v,
            range: pr.clone(),
            text: &layout.text[pr.clone()],
            look,
        };
        para.backgrounds(painter, input.project, &placed);
        para.selection(painter, &input.selection.range(), ink.selection);
        v.laid.paint(painter, v.origin, look.text_color);
        para.text_on_fills(painter, input.project, &placed);
        para.underlines(painter, input.project, &placed, emphasised, &mut frag_rects);
        if has_focus && input.selection.is_empty() {
            para.caret(painter, input.selection.caret, ink.strong);
        }
    }
    (frag_rects, considered)
}

/// One visible paragraph being painted.
struct Para<'a> {
    v: &'a Visible,
    range: Range<usize>,
    text: &'a str,
    look: Look,
}

impl Para<'_> {
    fn to_screen(&self, r: Rect) -> Rect {
        r.translate(self.v.origin.to_vec2())
    }

    /// Row rectangles (paragraph-relative) of each fragment of `m` inside this paragraph.
    fn frag_rects(&self, m: &Mention) -> Vec<Rect> {
        let pr = &self.range;
        m.fragments
            .iter()
            .filter(|f| f.start() < pr.end && f.end() > pr.start)
            .flat_map(|f| {
                self.v.laid.rects(
                    f.start().max(pr.start) - pr.start,
                    f.end().min(pr.end) - pr.start,
                )
            })
            .collect()
    }

    /// Tinted backgrounds of the outermost mentions.
    fn backgrounds(&self, painter: &egui::Painter, project: &Project, placed: &[Placed<'_>]) {
        for p in placed.iter().filter(|p| p.track == 0) {
            let c = tint(type_colour(project, &p.mention.type_key), self.look.dark);
            for r in self.frag_rects(p.mention) {
                painter.rect_filled(self.to_screen(self.look.band(r)), CornerRadius::same(2), c);
            }
        }
    }

    /// Text on a fill whose colour needs another text colour to reach 4.5:1 is drawn again in
    /// that colour, clipped to the fill (nothing to do for the default schema's colours).
    fn text_on_fills(&self, painter: &egui::Painter, project: &Project, placed: &[Placed<'_>]) {
        for p in placed.iter().filter(|p| p.track == 0) {
            let Some(colour) = text_on_fill(type_colour(project, &p.mention.type_key), &self.look)
            else {
                continue;
            };
            for r in self.frag_rects(p.mention) {
                let clip = self.to_screen(self.look.band(r));
                self.v
                    .laid
                    .paint_clipped(painter, self.v.origin, clip, colour);
            }
        }
    }

    fn selection(&self, painter: &egui::Painter, sel: &Range<usize>, fill: Color32) {
        let pr = &self.range;
        if sel.is_empty() || sel.start >= pr.end.max(pr.start + 1) || sel.end <= pr.start {
            return;
        }
        let a = sel.start.max(pr.start) - pr.start;
        let b = sel.end.min(pr.end) - pr.start;
        for r in self.v.laid.rects(a, b) {
            painter.rect_filled(self.to_screen(self.look.band(r)), 0.0, fill);
        }
        if sel.end > pr.end && pr.end >= sel.start {
            // The line break is selected too: show a sliver after the text (on its left in a
            // right-to-left paragraph).
            let r = self.v.laid.caret_rect(self.text.len());
            let x = if self.v.laid.is_rtl() {
                r.min.x - 6.0..=r.min.x
            } else {
                r.min.x..=r.min.x + 6.0
            };
            let r = Rect::from_x_y_ranges(x, r.y_range());
            painter.rect_filled(self.to_screen(self.look.band(r)), 0.0, fill);
        }
    }

    /// Underlines of nested mentions, markers beyond, dotted lines of fragments; collects the
    /// rectangles of emphasised mentions.
    fn underlines(
        &self,
        painter: &egui::Painter,
        project: &Project,
        placed: &[Placed<'_>],
        emphasised: &[&MentionId],
        frag_rects: &mut HashMap<MentionId, Vec<Rect>>,
    ) {
        let look = self.look;
        for p in placed {
            let colour = type_colour(project, &p.mention.type_key);
            let discontinuous = p.mention.fragments.len() > 1;
            {
                for r in self.frag_rects(p.mention) {
                    let r = self.to_screen(r);
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
                        dotted(painter, r.left(), r.right(), text_bottom + 1.0, colour);
                    }
                    if emphasised.contains(&&p.mention.id) {
                        frag_rects
                            .entry(p.mention.id.clone())
                            .or_default()
                            .push(look.band(r));
                    }
                }
            }
        }
    }

    fn caret(&self, painter: &egui::Painter, c: usize, colour: Color32) {
        let pr = &self.range;
        if c < pr.start || c > pr.end {
            return;
        }
        let r = self.v.laid.caret_rect(c - pr.start);
        let r = self.to_screen(self.look.band(r));
        painter.line_segment([r.left_top(), r.left_bottom()], Stroke::new(1.5, colour));
    }
}

fn dotted(painter: &egui::Painter, from: f32, to: f32, y: f32, colour: Color32) {
    let mut x = from;
    while x < to {
        painter.line_segment(
            [Pos2::new(x, y), Pos2::new((x + 2.0).min(to), y)],
            Stroke::new(1.5, colour),
        );
        x += 4.0;
    }
}

/// Outlines of the selected (strong) or hovered (type colour) mention, with connectors between
/// the fragments of a discontinuous one.
pub(super) fn emphasis(
    painter: &egui::Painter,
    project: &Project,
    selected: Option<&MentionId>,
    frag_rects: &HashMap<MentionId, Vec<Rect>>,
    strong: Color32,
) {
    for (mid, rects) in frag_rects {
        let is_selected = selected == Some(mid);
        let mention = project.mention(mid);
        let colour = mention.map_or(Color32::GRAY, |m| type_colour(project, &m.type_key));
        let stroke = if is_selected {
            Stroke::new(2.0, strong)
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
        if mention.map_or(1, |m| m.fragments.len()) > 1 {
            for w in rects.windows(2) {
                let (a, b) = (w[0].right_top(), w[1].left_top());
                let mid_pt = Pos2::new((a.x + b.x) / 2.0, a.y.min(b.y) - 6.0);
                painter.line_segment([a, mid_pt], Stroke::new(1.5, colour));
                painter.line_segment([mid_pt, b], Stroke::new(1.5, colour));
            }
        }
    }
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

/// Paints the overlay near the viewport; returns how many of its items were looked at.
pub(super) fn overlay(
    painter: &egui::Painter,
    screen: &Screen<'_>,
    ov: &Overlay,
    look: Look,
    project: &Project,
    active: &[&MentionId],
) -> (usize, Vec<super::arcs::DrawnLink>) {
    let strong = if look.dark {
        Color32::from_rgb(250, 220, 90)
    } else {
        Color32::from_rgb(200, 80, 0)
    };
    let near = screen.visible_bytes();
    let considered = near_view(&ov.highlight, |r| r, &near, ov.longest).count()
        + near_view(&ov.suggestions, |r| r, &near, ov.longest).count()
        + near_view(&ov.badges, |b| &b.extent, &near, ov.longest).count();
    // Mentions of the highlighted entity or event.
    for r in near_view(&ov.highlight, |r| r, &near, ov.longest) {
        for rect in screen.rects(r.clone(), look) {
            painter.rect_stroke(
                rect.expand(2.0),
                CornerRadius::same(3),
                Stroke::new(1.5, strong),
                StrokeKind::Outside,
            );
        }
    }
    // Differences from the compared layer: a thick underline in the colour of their kind.
    for m in near_view(&ov.marks, |m| &m.range, &near, ov.longest) {
        let stroke = Stroke::new(3.0, color32(m.kind.colour()));
        for rect in screen.rects(m.range.clone(), look) {
            let y = rect.bottom() + 2.0;
            painter.line_segment(
                [egui::pos2(rect.left(), y), egui::pos2(rect.right(), y)],
                stroke,
            );
        }
    }
    // Suggestions: dashed outline.
    let dash = Stroke::new(1.2, look.text_color.gamma_multiply(0.8));
    for r in near_view(&ov.suggestions, |r| r, &near, ov.longest) {
        for rect in screen.rects(r.clone(), look) {
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
    let label_font = FontId::proportional((look.font_size * 0.7).max(9.0));
    for b in near_view(&ov.badges, |b| &b.extent, &near, ov.longest) {
        let Some(last) = screen.mention_rects(project, &b.mention, look).pop() else {
            continue;
        };
        let centre = Pos2::new(last.right(), last.top() - 1.0);
        painter.circle_filled(centre, 5.5, color32(b.colour));
        // The count in black or white, whichever reads on the badge's colour.
        let ink = color32(text_on(b.colour, Rgb(255, 255, 255)));
        painter.text(
            centre,
            egui::Align2::CENTER_CENTER,
            b.count.min(99).to_string(),
            font.clone(),
            ink,
        );
    }
    let drawn = super::arcs::draw(painter, screen, ov, look, project, active, &label_font);
    (considered, drawn)
}
