//! Helpers shared by the layout tests: lay out with the font-free shaper, and the invariants
//! every layout must keep.

use weft::textlayout::{
    BaseDirection, FixedShaper, LayoutParams, ParagraphLayout, clusters, layout_paragraph,
};

pub fn lay(text: &str, wrap: f32, direction: BaseDirection) -> ParagraphLayout {
    layout_paragraph(
        text,
        &LayoutParams {
            wrap_width: wrap,
            direction,
        },
        &mut FixedShaper::default(),
    )
}

/// Checks the invariants of a layout of `text`; returns a description of the first broken one.
pub fn check(text: &str, l: &ParagraphLayout) -> Result<(), String> {
    // Lines are contiguous and cover the text.
    let mut at = 0;
    for (i, line) in l.lines.iter().enumerate() {
        if line.bytes.start != at {
            return Err(format!("line {i} starts at {} not {at}", line.bytes.start));
        }
        at = line.bytes.end;
        // The line's clusters cover its bytes exactly once, each on caret stops.
        let mut cs: Vec<_> = line
            .runs
            .iter()
            .flat_map(|r| r.clusters.iter().map(|c| c.bytes.clone()))
            .collect();
        cs.sort_by_key(|r| r.start);
        let mut b = line.bytes.start;
        for c in &cs {
            if c.start != b {
                return Err(format!("line {i}: cluster {c:?} after {b}"));
            }
            if !clusters::is_caret_stop(text, c.start) || !clusters::is_caret_stop(text, c.end) {
                return Err(format!("line {i}: cluster {c:?} not on caret stops"));
            }
            b = c.end;
        }
        if b != line.bytes.end {
            return Err(format!(
                "line {i}: clusters end at {b}, line at {}",
                line.bytes.end
            ));
        }
        // Clusters are placed left to right without overlap.
        let mut x = f32::NEG_INFINITY;
        for r in &line.runs {
            for c in &r.clusters {
                if c.x + 0.001 < x {
                    return Err(format!(
                        "line {i}: cluster {:?} at {} overlaps",
                        c.bytes, c.x
                    ));
                }
                x = c.x + c.width;
            }
            if r.display.len() != r.bytes.len() {
                return Err(format!("run {:?}: display length differs", r.bytes));
            }
        }
    }
    if at != text.len() {
        return Err(format!("lines end at {at}, text at {}", text.len()));
    }
    // Every stop round-trips: offset -> x -> offset.
    for &o in l.stops() {
        let p = l.click_x(o).ok_or(format!("no click point for {o}"))?;
        let back = l.hit(p.line, p.x);
        if back != o {
            return Err(format!("offset {o} -> {p:?} -> {back}"));
        }
        let caret = l.caret(o).ok_or(format!("no caret for {o}"))?;
        if caret.line != p.line {
            return Err(format!(
                "offset {o}: caret line {} click line {}",
                caret.line, p.line
            ));
        }
    }
    Ok(())
}
