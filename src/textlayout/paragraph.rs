//! Lays out one paragraph: levels, shaping per level run, line breaks, visual order.
//!
//! Steps, in UAX #9 terms: resolve the paragraph's levels (P2–P3 or the forced direction, then
//! X1–I2 — `unicode-bidi`); mirror brackets in right-to-left runs (L4) in the text the shaper
//! sees; shape each level run once ([`Shaper`]); break lines at UAX #14 opportunities; then for
//! each line reset trailing whitespace to the paragraph level (L1) and reverse runs (L2).
//! Clusters are the unit of placement: caret stops ([`super::clusters`]) merged with whatever
//! the shaper reports, so a ligature or a base with its marks is never split by a line, a run
//! boundary or a selection.
//!
//! Coordinates: x in points from the paragraph's left edge, lines numbered from the top. RTL
//! paragraphs are right-aligned within [`ParagraphLayout::width`].

use super::breaks::line_breaks;
use super::classify::BaseDirection;
use super::clusters;
use super::shape::{Cluster, Shaper};
use std::ops::Range;
use unicode_bidi::{BidiClass, Level, ParagraphBidiInfo};

/// What a paragraph is laid out for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayoutParams {
    /// Lines wrap before they get wider than this (points); `f32::INFINITY` for no wrapping.
    pub wrap_width: f32,
    pub direction: BaseDirection,
}

/// One cluster placed on a line: logical bytes (relative to the paragraph) and where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    pub bytes: Range<usize>,
    /// Left edge, points from the paragraph's left edge.
    pub x: f32,
    pub width: f32,
}

/// A maximal stretch of one line at one bidi level, in visual order among its line's runs.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// Logical bytes of the paragraph the run draws.
    pub bytes: Range<usize>,
    /// Resolved bidi level after rule L1: odd levels are drawn right to left.
    pub level: u8,
    /// Left edge and width, points.
    pub x: f32,
    pub width: f32,
    /// The run's clusters left to right on screen (for an RTL run: logical order reversed).
    pub clusters: Vec<Placed>,
    /// What to draw, in logical order: the run's text with mirrored brackets in RTL runs (L4).
    /// Same byte length as `bytes`; the drawing code shapes it in the run's direction.
    pub display: String,
}

impl Run {
    pub fn is_rtl(&self) -> bool {
        self.level % 2 == 1
    }
}

/// One visual line of a paragraph.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// Logical bytes of the paragraph on this line (a soft break's offset starts the next line).
    pub bytes: Range<usize>,
    /// Left to right on screen.
    pub runs: Vec<Run>,
    /// Left edge of the first run and right edge of the last, points.
    pub left: f32,
    pub right: f32,
}

/// A laid-out paragraph. Query it with the methods in [`super::query`].
#[derive(Clone, Debug, PartialEq)]
pub struct ParagraphLayout {
    /// The resolved paragraph direction.
    pub rtl: bool,
    pub lines: Vec<Line>,
    /// Width the lines are aligned within: the wrap width, or the widest line when unbounded.
    pub width: f32,
    /// Length of the paragraph's text in bytes.
    pub len: usize,
    /// Caret stops ([`ParagraphLayout::stops`]), ascending.
    pub(crate) stops: Vec<usize>,
}

/// A cluster in logical order, before placement.
#[derive(Clone, Debug)]
struct Unit {
    bytes: Range<usize>,
    advance: f32,
    /// Level from the paragraph's resolution (before L1).
    level: u8,
    /// Whitespace: may hang past the wrap width at a line's end.
    space: bool,
    /// A line may end after this unit (1) or must (2).
    break_after: u8,
}

/// Lays out `text` (one paragraph, no `\n` inside) with `shaper`.
pub fn layout_paragraph(
    text: &str,
    params: &LayoutParams,
    shaper: &mut dyn Shaper,
) -> ParagraphLayout {
    let forced = match params.direction {
        BaseDirection::Auto => None,
        BaseDirection::Ltr => Some(Level::ltr()),
        BaseDirection::Rtl => Some(Level::rtl()),
    };
    let info = ParagraphBidiInfo::new(text, forced);
    let para_level = info.paragraph_level.number();
    let rtl = info.paragraph_level.is_rtl();
    if text.is_empty() {
        let w = finite_or(params.wrap_width, 0.0);
        let x = if rtl { w } else { 0.0 };
        return ParagraphLayout {
            rtl,
            lines: vec![Line {
                bytes: 0..0,
                runs: Vec::new(),
                left: x,
                right: x,
            }],
            width: w,
            len: 0,
            stops: vec![0],
        };
    }
    let display = mirrored(text, &info.levels);
    let units = shape_units(text, &display, &info.levels, shaper);
    let line_ranges = break_lines(&units, params.wrap_width);
    let mut lines: Vec<Line> = line_ranges
        .iter()
        .map(|r| visual_line(text, &display, &info, para_level, &units[r.clone()]))
        .collect();
    // Align: RTL paragraphs to the right edge. Trailing whitespace (at the visual end) hangs.
    let visible = |l: &Line| visible_width(l, &units);
    let width = if params.wrap_width.is_finite() {
        params.wrap_width
    } else {
        lines.iter().map(visible).fold(0.0, f32::max)
    };
    for line in &mut lines {
        let shift = if rtl {
            width - visible(line) - hanging_width(line, &units)
        } else {
            0.0
        };
        for run in &mut line.runs {
            run.x += shift;
            for c in &mut run.clusters {
                c.x += shift;
            }
        }
        line.left += shift;
        line.right += shift;
    }
    let stops = ParagraphLayout::compute_stops(&lines, text.len());
    ParagraphLayout {
        rtl,
        lines,
        width,
        len: text.len(),
        stops,
    }
}

fn finite_or(v: f32, or: f32) -> f32 {
    if v.is_finite() { v } else { or }
}

/// `text` with every character at an odd level replaced by its mirror (rule L4), where the
/// mirror has the same UTF-8 length (true of every pair in Unicode 16; a test checks it).
fn mirrored(text: &str, levels: &[Level]) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let m = if levels[i].is_rtl() {
            unicode_bidi_mirroring::get_mirrored(c).filter(|m| m.len_utf8() == c.len_utf8())
        } else {
            None
        };
        out.push(m.unwrap_or(c));
    }
    out
}

/// Shapes every level run and returns the paragraph's clusters in logical order, each on
/// caret stops and on the shaper's cluster boundaries.
fn shape_units(text: &str, display: &str, levels: &[Level], shaper: &mut dyn Shaper) -> Vec<Unit> {
    let stops = clusters::caret_stops(text);
    // The level of a stop-cluster is that of its first byte; runs are cut between clusters.
    let mut runs: Vec<(Range<usize>, u8)> = Vec::new();
    for w in stops.windows(2) {
        let level = levels[w[0]].number();
        match runs.last_mut() {
            Some((r, l)) if *l == level => r.end = w[1],
            _ => runs.push((w[0]..w[1], level)),
        }
    }
    let mut units = Vec::with_capacity(stops.len());
    let mut shaped: Vec<Cluster> = Vec::new();
    let mut stop_i = 0;
    for (run, level) in runs {
        shaped.clear();
        shaper.shape(&display[run.clone()], level % 2 == 1, &mut shaped);
        shaped.sort_by_key(|c| c.bytes.start);
        // Boundaries the shaper allows, as absolute offsets; a unit ends where a caret stop
        // is also a shaper boundary.
        let mut shaper_bounds: Vec<usize> = shaped
            .iter()
            .flat_map(|c| [c.bytes.start, c.bytes.end])
            .map(|o| run.start + o)
            .filter(|o| run.contains(o) && text.is_char_boundary(*o))
            .collect();
        shaper_bounds.push(run.end);
        shaper_bounds.sort_unstable();
        shaper_bounds.dedup();
        // Units of this run.
        let mut start = run.start;
        while stops[stop_i] < run.start {
            stop_i += 1;
        }
        let mut run_units = Vec::new();
        for &s in &stops[stop_i..] {
            if s > run.end {
                break;
            }
            if s > start && shaper_bounds.binary_search(&s).is_ok() {
                run_units.push(Unit {
                    bytes: start..s,
                    advance: 0.0,
                    level,
                    space: text[start..s].chars().all(char::is_whitespace),
                    break_after: 0,
                });
                start = s;
            }
        }
        // Advances: each shaped cluster counts towards the unit holding its start.
        for c in &shaped {
            let at = run.start + c.bytes.start;
            let i = run_units.partition_point(|u| u.bytes.end <= at);
            if let Some(u) = run_units.get_mut(i) {
                u.advance += c.advance.max(0.0);
            }
        }
        // A zero-width cluster (a joiner, a zero-width space) joins its neighbour in the run,
        // so that every stop inside a run can be clicked.
        let mut merged: Vec<Unit> = Vec::with_capacity(run_units.len());
        for u in run_units {
            match merged.last_mut() {
                Some(prev) if u.advance == 0.0 || prev.advance == 0.0 => {
                    prev.bytes.end = u.bytes.end;
                    prev.advance += u.advance;
                    prev.space &= u.space;
                }
                _ => merged.push(u),
            }
        }
        units.extend(merged);
    }
    // Break opportunities at unit ends.
    let mut ui = 0;
    for b in line_breaks(text) {
        while ui < units.len() && units[ui].bytes.end < b.offset {
            ui += 1;
        }
        if let Some(u) = units.get_mut(ui).filter(|u| u.bytes.end == b.offset) {
            u.break_after = if b.mandatory { 2 } else { 1 };
        }
    }
    units
}

/// Greedy line breaking over units: ranges of unit indices, one per line.
fn break_lines(units: &[Unit], wrap: f32) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut width = 0.0f32;
    // The last index after which the current line may end.
    let mut last_break: Option<usize> = None;
    let mut i = 0;
    while i < units.len() {
        let u = &units[i];
        if i > start && !u.space && u.advance > 0.0 && width + u.advance > wrap {
            let end = last_break.unwrap_or(i);
            lines.push(start..end);
            start = end;
            width = units[start..i].iter().map(|u| u.advance).sum();
            last_break = None;
            continue;
        }
        width += u.advance;
        match u.break_after {
            2 if i + 1 < units.len() => {
                lines.push(start..i + 1);
                start = i + 1;
                width = 0.0;
                last_break = None;
            }
            1 => last_break = Some(i + 1),
            _ => {}
        }
        i += 1;
    }
    lines.push(start..units.len());
    lines
}

/// L1 for one line: levels of the line's units, with trailing whitespace and whitespace
/// before segment separators reset to the paragraph level, and removed formatting characters
/// (X9) given the level before them.
fn line_levels(info: &ParagraphBidiInfo<'_>, para: u8, units: &[Unit]) -> Vec<u8> {
    use BidiClass::*;
    let mut levels: Vec<u8> = units.iter().map(|u| u.level).collect();
    let mut reset_from: Option<usize> = Some(0);
    let mut prev = para;
    for (k, u) in units.iter().enumerate() {
        let class = info.original_classes[u.bytes.start];
        match class {
            B | S => {
                let from = reset_from.unwrap_or(k);
                levels[from..=k].iter_mut().for_each(|l| *l = para);
                reset_from = None;
            }
            WS | FSI | LRI | RLI | PDI => {
                reset_from.get_or_insert(k);
            }
            RLE | LRE | RLO | LRO | PDF | BN => {
                reset_from.get_or_insert(k);
                levels[k] = prev;
            }
            _ => reset_from = None,
        }
        prev = levels[k];
    }
    if let Some(from) = reset_from {
        levels[from..].iter_mut().for_each(|l| *l = para);
    }
    levels
}

/// Builds one line: L1, runs of equal level, L2 reordering, placement from x = 0.
fn visual_line(
    text: &str,
    display: &str,
    info: &ParagraphBidiInfo<'_>,
    para: u8,
    units: &[Unit],
) -> Line {
    let Some(first) = units.first() else {
        return Line {
            bytes: 0..0,
            runs: Vec::new(),
            left: 0.0,
            right: 0.0,
        };
    };
    let bytes = first.bytes.start..units[units.len() - 1].bytes.end;
    let levels = line_levels(info, para, units);
    // Logical runs: (unit range, level).
    let mut runs: Vec<(Range<usize>, u8)> = Vec::new();
    for (k, &l) in levels.iter().enumerate() {
        match runs.last_mut() {
            Some((r, rl)) if *rl == l => r.end = k + 1,
            _ => runs.push((k..k + 1, l)),
        }
    }
    let order = reorder(&runs.iter().map(|r| r.1).collect::<Vec<_>>());
    let mut x = 0.0f32;
    let mut out = Vec::with_capacity(order.len());
    for ri in order {
        let (ur, level) = runs[ri].clone();
        let run_units = &units[ur];
        let rtl = level % 2 == 1;
        let rb = run_units[0].bytes.start..run_units[run_units.len() - 1].bytes.end;
        let start_x = x;
        let mut placed: Vec<Placed> = Vec::with_capacity(run_units.len());
        let mut place = |u: &Unit| {
            placed.push(Placed {
                bytes: u.bytes.clone(),
                x,
                width: u.advance,
            });
            x += u.advance;
        };
        if rtl {
            run_units.iter().rev().for_each(&mut place);
        } else {
            run_units.iter().for_each(&mut place);
        }
        // L4 applies only at odd levels after L1: trailing whitespace reset to an even level
        // shows its own glyph again.
        let shown = if rtl {
            &display[rb.clone()]
        } else {
            &text[rb.clone()]
        };
        out.push(Run {
            bytes: rb,
            level,
            x: start_x,
            width: x - start_x,
            clusters: placed,
            display: shown.to_string(),
        });
    }
    Line {
        bytes,
        runs: out,
        left: 0.0,
        right: x,
    }
}

/// Rule L2 over runs: from the highest level down to the lowest odd level, reverse every
/// maximal sequence of runs at that level or higher. Returns run indices in visual order.
fn reorder(levels: &[u8]) -> Vec<usize> {
    let max = levels.iter().copied().max().unwrap_or(0);
    let min_odd = levels
        .iter()
        .copied()
        .filter(|l| l % 2 == 1)
        .min()
        .unwrap_or(max + 1);
    let mut order: Vec<usize> = (0..levels.len()).collect();
    let mut level = max;
    while level >= min_odd && level > 0 {
        let mut k = 0;
        while k < order.len() {
            if levels[order[k]] >= level {
                let s = k;
                while k < order.len() && levels[order[k]] >= level {
                    k += 1;
                }
                order[s..k].reverse();
            } else {
                k += 1;
            }
        }
        level -= 1;
    }
    order
}

/// Width of a line's whitespace at its logical end (it hangs past the alignment edge).
fn hanging_width(line: &Line, units: &[Unit]) -> f32 {
    let first = units.partition_point(|u| u.bytes.start < line.bytes.start);
    let last = units.partition_point(|u| u.bytes.end <= line.bytes.end);
    units[first..last]
        .iter()
        .rev()
        .take_while(|u| u.space)
        .map(|u| u.advance)
        .sum()
}

/// Width of a line without its hanging whitespace.
fn visible_width(line: &Line, units: &[Unit]) -> f32 {
    (line.right - line.left) - hanging_width(line, units)
}

#[cfg(test)]
mod tests {
    use super::reorder;

    #[test]
    fn l2_reverses_from_the_highest_level_down() {
        // LTR text, an RTL run holding a number (level 2), LTR text.
        assert_eq!(reorder(&[0, 1, 2, 1, 0]), vec![0, 3, 2, 1, 4]);
        // RTL paragraph with an LTR run: the runs swap, the LTR run keeps its order inside.
        assert_eq!(reorder(&[1, 2, 1]), vec![2, 1, 0]);
        assert_eq!(
            reorder(&[0, 2, 0]),
            vec![0, 1, 2],
            "no odd level: no change"
        );
        assert_eq!(reorder(&[]), Vec::<usize>::new());
    }
}
