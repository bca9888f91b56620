//! Questions the view asks a laid-out paragraph: where is this offset, what is under this x,
//! which rectangles does a selection cover.
//!
//! Conventions (all offsets are UTF-8 bytes relative to the paragraph, on caret stops):
//! - An offset belongs to the line that starts at it; only the paragraph's end is the end of
//!   a line (the last).
//! - The **caret** of an offset is at the leading edge of the cluster that starts there: its
//!   left edge in a left-to-right run, its right edge in a right-to-left run. The caret at the
//!   paragraph's end is at the trailing edge of the last cluster in logical order.
//! - A **hit** at x on a line: the cluster under x (x clamped to the line), then its logical
//!   start if x is in its leading half, its logical end otherwise.
//! - [`ParagraphLayout::click_x`] is a point a quarter into the cluster from the caret side:
//!   `hit(click_x(o)) == o` for every caret stop `o` (the round trip tests check this).

use super::paragraph::{Line, ParagraphLayout, Placed};
use std::ops::Range;

/// A caret or hit position: which line, and x in points from the paragraph's left edge.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LinePos {
    pub line: usize,
    pub x: f32,
}

/// One rectangle of a selection or highlight: a line and an x range.
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    pub line: usize,
    pub x: Range<f32>,
}

/// A cluster with its line and whether it lies in a right-to-left run.
struct Found<'a> {
    line: usize,
    placed: &'a Placed,
    rtl: bool,
}

impl ParagraphLayout {
    /// The line holding `offset`: the last line starting at or before it.
    pub fn line_of(&self, offset: usize) -> usize {
        let i = self.lines.partition_point(|l| l.bytes.start <= offset);
        i.saturating_sub(1)
    }

    fn clusters(line: &Line) -> impl Iterator<Item = (&Placed, bool)> {
        line.runs
            .iter()
            .flat_map(|r| r.clusters.iter().map(move |c| (c, r.is_rtl())))
    }

    /// The cluster starting at `offset`, if any.
    fn cluster_starting(&self, offset: usize) -> Option<Found<'_>> {
        let line = self.line_of(offset);
        Self::clusters(&self.lines[line])
            .find(|(c, _)| c.bytes.start == offset)
            .map(|(placed, rtl)| Found { line, placed, rtl })
    }

    /// The last visible cluster of the paragraph in logical order (zero-width ones after it,
    /// such as a final bidi mark, have no place of their own).
    fn last_cluster(&self) -> Option<Found<'_>> {
        let line = self.lines.len() - 1;
        Self::clusters(&self.lines[line])
            .filter(|(c, _)| c.width > 0.0)
            .max_by_key(|(c, _)| c.bytes.start)
            .map(|(placed, rtl)| Found { line, placed, rtl })
    }

    /// Where the caret of `offset` is drawn (see the module docs). `None` if `offset` is not a
    /// cluster boundary of this layout.
    pub fn caret(&self, offset: usize) -> Option<LinePos> {
        if let Some(f) = self.cluster_starting(offset) {
            let x = if f.rtl {
                f.placed.x + f.placed.width
            } else {
                f.placed.x
            };
            return Some(LinePos { line: f.line, x });
        }
        if offset != self.len {
            return None;
        }
        Some(match self.last_cluster() {
            Some(f) => LinePos {
                line: f.line,
                x: if f.rtl {
                    f.placed.x
                } else {
                    f.placed.x + f.placed.width
                },
            },
            None => self.line_end_of_invisible(),
        })
    }

    /// Where the end of a paragraph with nothing visible on its last line is: that line's
    /// start edge.
    fn line_end_of_invisible(&self) -> LinePos {
        let line = self.lines.len() - 1;
        let l = &self.lines[line];
        LinePos {
            line,
            x: if self.rtl { l.right } else { l.left },
        }
    }

    /// A point on the cluster that starts at `offset` (a quarter in from its caret edge), or
    /// for the paragraph's end a quarter into the last cluster from its trailing edge: clicking
    /// there puts the caret at `offset`.
    pub fn click_x(&self, offset: usize) -> Option<LinePos> {
        if let Some(f) = self.cluster_starting(offset) {
            let q = f.placed.width * 0.25;
            let x = if f.rtl {
                f.placed.x + f.placed.width - q
            } else {
                f.placed.x + q
            };
            return Some(LinePos { line: f.line, x });
        }
        if offset != self.len {
            return None;
        }
        Some(match self.last_cluster() {
            Some(f) => {
                let q = f.placed.width * 0.25;
                let x = if f.rtl {
                    f.placed.x + q
                } else {
                    f.placed.x + f.placed.width - q
                };
                LinePos { line: f.line, x }
            }
            None => self.line_end_of_invisible(),
        })
    }

    /// The caret stop for a click at x on `line` (clamped to the lines there are).
    pub fn hit(&self, line: usize, x: f32) -> usize {
        let l = &self.lines[line.min(self.lines.len() - 1)];
        // Zero-width clusters (a lone bidi mark) cannot be clicked; they are not stops.
        let shown: Vec<(&Placed, bool)> =
            Self::clusters(l).filter(|(c, _)| c.width > 0.0).collect();
        let Some(&(last, last_rtl)) = shown.last() else {
            // Nothing visible: the paragraph's one stop is its end (an empty line: its start).
            return if line + 1 >= self.lines.len() {
                l.bytes.end
            } else {
                l.bytes.start
            };
        };
        let i = shown.partition_point(|(c, _)| c.x + c.width <= x);
        let (c, rtl, x) = match shown.get(i) {
            Some(&(c, rtl)) => (c, rtl, x.max(c.x)),
            None => (last, last_rtl, last.x + last.width),
        };
        let mid = c.x + c.width / 2.0;
        let leading = if rtl { x > mid } else { x < mid };
        if leading {
            c.bytes.start
        } else {
            // The end of c, or past the invisible clusters that follow it.
            let stops = &self.stops;
            stops[stops
                .partition_point(|s| *s < c.bytes.end)
                .min(stops.len() - 1)]
        }
    }

    /// The cluster under x on `line` (logical bytes), if x is on one: what hovering shows.
    pub fn cluster_under(&self, line: usize, x: f32) -> Option<Range<usize>> {
        let l = self.lines.get(line)?;
        Self::clusters(l)
            .find(|(c, _)| x >= c.x && x < c.x + c.width)
            .map(|(c, _)| c.bytes.clone())
    }

    /// The rectangles of a logical byte range: every cluster overlapping it, merged where
    /// neighbours on screen touch. Left to right within a line, lines top to bottom.
    pub fn spans(&self, range: Range<usize>) -> Vec<Span> {
        let mut out: Vec<Span> = Vec::new();
        if range.start >= range.end {
            return out;
        }
        let first = self.line_of(range.start);
        for (li, l) in self.lines.iter().enumerate().skip(first) {
            if l.bytes.start >= range.end && li > first {
                break;
            }
            let mut current: Option<Range<f32>> = None;
            for (c, _) in Self::clusters(l) {
                let inside = c.bytes.start < range.end && c.bytes.end > range.start;
                match (&mut current, inside) {
                    (Some(r), true) if (c.x - r.end).abs() < 0.01 => r.end = c.x + c.width,
                    (cur, true) => {
                        if let Some(r) = cur.take() {
                            out.push(Span { line: li, x: r });
                        }
                        *cur = Some(c.x..c.x + c.width);
                    }
                    (cur, false) => {
                        if let Some(r) = cur.take() {
                            out.push(Span { line: li, x: r });
                        }
                    }
                }
            }
            if let Some(r) = current {
                out.push(Span { line: li, x: r });
            }
        }
        out
    }

    /// The runs of `line` in visual order: (logical bytes, level). What the consumer check
    /// compares with python-bidi.
    pub fn visual_runs(&self, line: usize) -> Vec<(Range<usize>, u8)> {
        self.lines
            .get(line)
            .map(|l| l.runs.iter().map(|r| (r.bytes.clone(), r.level)).collect())
            .unwrap_or_default()
    }

    /// Every caret stop of the paragraph in logical order: the starts of its visible clusters
    /// and the end. A view snaps offsets to these ([`Self::snap`]).
    pub fn stops(&self) -> &[usize] {
        &self.stops
    }

    /// Computes [`Self::stops`] from the lines (done once, by the layout).
    pub(crate) fn compute_stops(lines: &[Line], len: usize) -> Vec<usize> {
        let mut v: Vec<usize> = lines
            .iter()
            .flat_map(Self::clusters)
            .filter(|(c, _)| c.width > 0.0)
            .map(|(c, _)| c.bytes.start)
            .collect();
        v.push(len);
        v.sort_unstable();
        v.dedup();
        v
    }

    /// The stop of this layout nearest to `offset` (ties go down).
    pub fn snap(&self, offset: usize) -> usize {
        let stops = &self.stops;
        let i = stops.partition_point(|s| *s < offset);
        match (i.checked_sub(1).map(|j| stops[j]), stops.get(i)) {
            (_, Some(&hi)) if hi == offset => hi,
            (Some(lo), Some(&hi)) => {
                if offset - lo <= hi - offset {
                    lo
                } else {
                    hi
                }
            }
            (Some(lo), None) => lo,
            (None, Some(&hi)) => hi,
            (None, None) => 0,
        }
    }
}
