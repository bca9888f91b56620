//! Links drawn over the text without covering it: arcs between two mentions of the document,
//! and markers on mentions linked to a mention shown in another pane.
//!
//! While the document has links to draw, the view gives every row a lane above its text
//! ([`super::layout::Look::lane`]): the channel between one row's underlines and the next row's
//! glyphs. Arcs and labels stay in channels and in the margins:
//! - two mentions on one row: up into the channel above them, across, down;
//! - on different rows: up into the upper mention's channel, across to the margin (the left one,
//!   or the right one when both paragraphs read right to left), along the margin, into the
//!   lower mention's channel, across, down. So in a narrow pane an arc never cuts through a
//!   line.
//!
//! Labels sit in a channel on the arc's last stretch, on a background, shifted sideways when they would overlap
//! one another, and are never taller than the channel. Only the selected or hovered mention's
//! arcs are drawn, so dozens of links per screen stay legible; markers for other panes are
//! always drawn, small, at the mention's top left, naming the other end.

use super::layout::{Look, MARGIN, Screen};
use crate::model::{MentionId, Project};
use crate::ui::view_model::overlay::Overlay;
use egui::{Color32, CornerRadius, FontId, Pos2, Rect, Stroke, Vec2};

/// What was drawn for one link in the last frame (tests check it stays off the text).
#[derive(Clone, Debug, PartialEq)]
pub struct DrawnLink {
    /// The polyline of an arc (empty for a marker).
    pub points: Vec<Pos2>,
    /// The label's rectangle.
    pub label: Rect,
}

fn rgb(c: crate::ui::view_model::Rgb) -> Color32 {
    Color32::from_rgb(c.0, c.1, c.2)
}

/// The channel above the row whose text band is `band`: (top, bottom) in screen points.
fn channel(band: Rect, look: Look) -> (f32, f32) {
    let row_top = band.top() - look.pad + 1.0;
    // Below the previous row's underlines (three tracks, about 9 points), above this text.
    (row_top - look.pad + 10.0, band.top() - 2.0)
}

/// Labels placed so far (screen rectangles), to keep new ones clear of them.
#[derive(Default)]
struct Placed(Vec<Rect>);

impl Placed {
    /// `r` moved right (then left) until it overlaps no placed label; recorded.
    fn place(&mut self, mut r: Rect, clip: Rect) -> Rect {
        for step in 0..12 {
            if !self.0.iter().any(|p| p.intersects(r)) {
                break;
            }
            let dx =
                (r.width() + 4.0) * if step % 2 == 0 { 1.0 } else { -1.0 } * (step / 2 + 1) as f32;
            r = r.translate(Vec2::new(dx, 0.0));
        }
        if r.right() > clip.right() {
            r = r.translate(Vec2::new(clip.right() - r.right(), 0.0));
        }
        if r.left() < clip.left() {
            r = r.translate(Vec2::new(clip.left() - r.left(), 0.0));
        }
        self.0.push(r);
        r
    }
}

/// A label in a channel: text on a background, no taller than the channel.
fn label(
    painter: &egui::Painter,
    text: &str,
    centre_x: f32,
    chan: (f32, f32),
    font: &FontId,
    look: Look,
    placed: &mut Placed,
) -> Rect {
    let g = painter.layout_no_wrap(text.to_string(), font.clone(), look.text_color);
    let h = (chan.1 - chan.0).max(1.0);
    let size = Vec2::new(g.size().x + 4.0, g.size().y.min(h));
    let centre = Pos2::new(centre_x, (chan.0 + chan.1) / 2.0);
    let r = placed.place(Rect::from_center_size(centre, size), painter.clip_rect());
    let bg = if look.dark {
        Color32::from_black_alpha(220)
    } else {
        Color32::from_white_alpha(235)
    };
    painter.rect_filled(r, CornerRadius::same(2), bg);
    painter
        .with_clip_rect(r.intersect(painter.clip_rect()))
        .galley(r.min + Vec2::new(2.0, 0.0), g, look.text_color);
    r
}

/// The margins of the text column: (left gutter x, right gutter x).
fn gutters(screen: &Screen<'_>) -> Option<(f32, f32)> {
    let v = screen.visible.first()?;
    let left = v.origin.x - MARGIN / 2.0;
    let right = v.origin.x + v.laid.size().x + MARGIN / 2.0;
    Some((left, right))
}

/// Whether the paragraph drawn at screen height `y` reads right to left.
fn rtl_at(screen: &Screen<'_>, y: f32) -> bool {
    screen
        .visible
        .iter()
        .find(|v| y >= v.origin.y && y < v.origin.y + v.laid.size().y.max(1.0))
        .is_some_and(|v| v.laid.is_rtl())
}

/// Arcs of the active (selected or hovered) mentions' links, and the markers of links to
/// other panes.
pub(super) fn draw(
    painter: &egui::Painter,
    screen: &Screen<'_>,
    ov: &Overlay,
    look: Look,
    project: &Project,
    active: &[&MentionId],
    font: &FontId,
) -> Vec<DrawnLink> {
    let mut drawn = Vec::new();
    if look.lane <= 0.0 {
        return drawn;
    }
    let Some((left_gutter, right_gutter)) = gutters(screen) else {
        return drawn;
    };
    let mut placed = Placed::default();
    let mut lane_of_row: Vec<(i32, usize)> = Vec::new();
    for l in &ov.links {
        if !active.contains(&&l.a) && !active.contains(&&l.b) {
            continue;
        }
        let (Some(ra), Some(rb)) = (
            screen.mention_rects(project, &l.a, look).first().copied(),
            screen.mention_rects(project, &l.b, look).first().copied(),
        ) else {
            continue;
        };
        let colour = rgb(l.colour);
        let stroke = Stroke::new(1.8, colour);
        let (upper, lower) = if ra.top() <= rb.top() {
            (ra, rb)
        } else {
            (rb, ra)
        };
        let ca = channel(upper, look);
        // Arcs in one channel stack in sub-lanes.
        let row_key = upper.top().round() as i32;
        let k = match lane_of_row.iter_mut().find(|(r, _)| *r == row_key) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                lane_of_row.push((row_key, 0));
                0
            }
        };
        let y_up = (ca.1 - 2.0 - 3.0 * (k % 3) as f32).max(ca.0);
        let mut pts = vec![upper.center_top(), Pos2::new(upper.center().x, y_up)];
        let same_row = (ra.top() - rb.top()).abs() < 1.0;
        if same_row {
            pts.push(Pos2::new(lower.center().x, y_up));
        } else {
            let cb = channel(lower, look);
            let y_low = (cb.1 - 2.0 - 3.0 * (k % 3) as f32).max(cb.0);
            let right = rtl_at(screen, upper.center().y) && rtl_at(screen, lower.center().y);
            let gx = if right {
                right_gutter + 2.0 * (k % 3) as f32
            } else {
                left_gutter - 2.0 * (k % 3) as f32
            };
            pts.push(Pos2::new(gx, y_up));
            pts.push(Pos2::new(gx, y_low));
            pts.push(Pos2::new(lower.center().x, y_low));
        }
        pts.push(lower.center_top());
        painter.add(egui::Shape::line(pts.clone(), stroke));
        // The arrow's end: a dot on the second mention.
        let end = if ra.top() <= rb.top() { rb } else { ra };
        painter.circle_filled(end.center_top(), 2.5, colour);
        // The label on the arc's last stretch: between the two ends on one row, between the
        // margin and the lower end otherwise (so labels of arcs from one mention spread out).
        let (label_x, label_chan) = if same_row {
            ((upper.center().x + lower.center().x) / 2.0, ca)
        } else {
            let turn = pts[pts.len() - 3].x;
            ((turn + lower.center().x) / 2.0, channel(lower, look))
        };
        let r = label(
            painter,
            &l.label,
            label_x,
            label_chan,
            font,
            look,
            &mut placed,
        );
        drawn.push(DrawnLink {
            points: pts,
            label: r,
        });
    }
    for c in &ov.cross {
        let Some(r) = screen
            .mention_rects(project, &c.mention, look)
            .first()
            .copied()
        else {
            continue;
        };
        let colour = rgb(c.colour);
        let ch = channel(r, look);
        painter.line_segment(
            [r.left_top(), Pos2::new(r.left(), ch.0 + 2.0)],
            Stroke::new(1.5, colour),
        );
        let g = painter.layout_no_wrap(c.label.clone(), font.clone(), look.text_color);
        let x = r.left() + g.size().x / 2.0 + 4.0;
        let r = label(painter, &c.label, x, ch, font, look, &mut placed);
        drawn.push(DrawnLink {
            points: Vec::new(),
            label: r,
        });
    }
    drawn
}
