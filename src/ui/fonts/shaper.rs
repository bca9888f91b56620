//! A real-font [`Shaper`] for the layout engine: harfrust (the shaper egui itself uses) over
//! the same faces, in the same fallback order, as egui draws with.
//!
//! The engine needs each cluster's advance in a run of known direction. egui's galleys cannot
//! give that for right-to-left runs (see [`crate::textlayout`]), so this shapes the run again
//! with harfrust, direction set explicitly: cluster advances are then exactly those egui draws
//! for the same face and size (egui's extra handling of tabs and thin spaces aside).
//!
//! Faces are chosen like egui does: per grapheme cluster, the first face of the family's chain
//! (its configured fonts, then those discovered by the font provider) whose character map has
//! the cluster's first character; consecutive clusters with the same face are shaped together.
//!
//! **Drawing.** egui cuts a galley's text into runs by face and places those runs left to right
//! in logical order, each shaped with a guessed direction: "אב גד" (letters from a Hebrew font,
//! the space from the bundled one) comes out as "בא דג" (`tests/scripts/egui_findings.rs`). So
//! one galley per engine run is not enough: [`FontShaper::pieces`] cuts a run into pieces egui
//! draws right — one face each, and a piece egui would shape in the other direction than the
//! run's one cluster at a time (in a right-to-left run "): ", which has no right-to-left
//! letter; in a left-to-right run Arabic-Indic digits "١٢٠", which egui takes for Arabic
//! letters) — each with the x the engine gave it.

use crate::textlayout::{Cluster, Run, Shaper};
use egui::epaint::text::{FontData, FontFamily, FontId, FontsView};
use skrifa::MetadataProvider as _;
use std::collections::HashMap;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

struct Face {
    data: FontData,
    shaper_data: harfrust::ShaperData,
}

/// Shapes runs with real fonts (see the module docs).
pub struct FontShaper {
    faces: Vec<Face>,
    /// Font size in points.
    size: f32,
    resolved: HashMap<char, usize>,
    /// How many discovered fonts egui had when this chain was read ([`Self::reuse_or_new`]).
    discovered: usize,
}

impl FontShaper {
    /// A shaper over `fonts` (first is primary, the rest fallbacks) at `size` points. Fonts
    /// that do not parse are left out.
    pub fn new(fonts: Vec<FontData>, size: f32) -> Self {
        let faces = fonts
            .into_iter()
            .filter_map(|data| {
                let font = skrifa::FontRef::from_index(data.bytes(), data.index).ok()?;
                let shaper_data = harfrust::ShaperData::new(&font);
                Some(Face { data, shaper_data })
            })
            .collect();
        Self {
            faces,
            size,
            resolved: HashMap::new(),
            discovered: 0,
        }
    }

    /// The shaper in `slot` if egui's chain for `family` is unchanged since it was made, else a
    /// new one in its place; in both cases after letting egui discover fonts for `text`. What a
    /// view keeps between paragraphs: building a shaper parses every face of the chain.
    pub fn reuse_or_new<'s>(
        slot: &'s mut Option<FontShaper>,
        fonts: &mut FontsView<'_>,
        family: &FontFamily,
        size: f32,
        text: &str,
    ) -> &'s mut FontShaper {
        let id = FontId::new(size, family.clone());
        for c in text.chars() {
            fonts.has_glyph(&id, c);
        }
        let n = fonts.discovered_fonts().len();
        if slot
            .as_ref()
            .is_some_and(|s| s.discovered != n || s.size != size)
        {
            *slot = None;
        }
        slot.get_or_insert_with(|| Self::from_egui(fonts, family, size, ""))
    }

    /// egui's current chain for `family` at `size`, after letting egui discover fonts for every
    /// character of `text` (so a script seen for the first time is measured with the font it
    /// will be drawn with).
    pub fn from_egui(
        fonts: &mut FontsView<'_>,
        family: &FontFamily,
        size: f32,
        text: &str,
    ) -> Self {
        let id = FontId::new(size, family.clone());
        for c in text.chars() {
            fonts.has_glyph(&id, c);
        }
        let defs = fonts.definitions();
        let mut chain: Vec<FontData> = defs
            .families
            .get(family)
            .into_iter()
            .flatten()
            .filter_map(|name| defs.font_data.get(name).map(|d| (**d).clone()))
            .collect();
        let discovered = fonts.discovered_fonts();
        chain.extend(
            discovered
                .iter()
                .filter(|f| f.families.iter().any(|ff| ff.family == *family))
                .map(|f| f.data.clone()),
        );
        let n = discovered.len();
        let mut shaper = Self::new(chain, size);
        shaper.discovered = n;
        shaper
    }

    /// Number of faces in the chain.
    pub fn face_count(&self) -> usize {
        self.faces.len()
    }

    fn face_for(&mut self, c: char) -> usize {
        if let Some(i) = self.resolved.get(&c) {
            return *i;
        }
        let i = self
            .faces
            .iter()
            .position(|f| {
                skrifa::FontRef::from_index(f.data.bytes(), f.data.index)
                    .ok()
                    .and_then(|font| font.charmap().map(c))
                    .is_some_and(|g| g != skrifa::GlyphId::NOTDEF)
            })
            .unwrap_or(0);
        self.resolved.insert(c, i);
        i
    }

    fn shape_segment(
        &self,
        face: usize,
        text: &str,
        offset: usize,
        rtl: bool,
        out: &mut Vec<Cluster>,
    ) {
        let Some(f) = self.faces.get(face) else {
            return;
        };
        let Ok(font) = skrifa::FontRef::from_index(f.data.bytes(), f.data.index) else {
            return;
        };
        let shaper = f.shaper_data.shaper(&font).build();
        let mut buffer = harfrust::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        buffer.set_direction(if rtl {
            harfrust::Direction::RightToLeft
        } else {
            harfrust::Direction::LeftToRight
        });
        let glyphs = shaper.shape(buffer, harfrust::ShapeOptions::new());
        let scale = self.size * f.data.tweak.scale / shaper.units_per_em().max(1) as f32;
        // Glyphs come in visual order; clusters are their starting bytes. Sum per cluster.
        let mut per_cluster: Vec<(usize, f32)> = Vec::new();
        for (info, pos) in glyphs.glyph_infos().iter().zip(glyphs.glyph_positions()) {
            let start = info.cluster as usize;
            let advance = pos.x_advance as f32 * scale;
            match per_cluster.iter_mut().find(|(s, _)| *s == start) {
                Some((_, a)) => *a += advance,
                None => per_cluster.push((start, advance)),
            }
        }
        per_cluster.sort_by_key(|(s, _)| *s);
        for (k, (start, advance)) in per_cluster.iter().enumerate() {
            let end = per_cluster
                .get(k + 1)
                .map(|(s, _)| *s)
                .unwrap_or(text.len());
            out.push(Cluster {
                bytes: offset + start..offset + end,
                advance: *advance,
            });
        }
    }
}

/// Whether egui shapes `text` right to left: it guesses the direction from the script of the
/// first character that has one (harfrust's `guess_segment_properties`, asked here the same
/// way). Arabic-Indic digits are of the Arabic script, so "١٢٠" is guessed right to left even
/// though bidi puts it in a left-to-right run; punctuation and spaces have no script and are
/// guessed left to right.
pub fn guesses_rtl(text: &str) -> bool {
    let mut buffer = harfrust::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    buffer.direction() == harfrust::Direction::RightToLeft
}

/// A piece of a run to draw as one egui galley (see the module docs).
#[derive(Clone, Debug, PartialEq)]
pub struct Piece {
    /// What to draw (from the run's `display`: brackets already mirrored).
    pub text: String,
    /// Left edge, points from the paragraph's left edge.
    pub x: f32,
    /// Logical bytes of the paragraph it draws.
    pub bytes: Range<usize>,
}

impl FontShaper {
    /// Consecutive grapheme clusters of `text` that egui draws with one face, with the face.
    fn face_segments(&mut self, text: &str) -> Vec<(usize, Range<usize>)> {
        let mut segments: Vec<(usize, Range<usize>)> = Vec::new();
        for (i, g) in text.grapheme_indices(true) {
            let face = g.chars().next().map(|c| self.face_for(c)).unwrap_or(0);
            match segments.last_mut() {
                Some((f, r)) if *f == face => r.end = i + g.len(),
                _ => segments.push((face, i..i + g.len())),
            }
        }
        segments
    }

    /// The pieces to draw `run` with (see the module docs), in logical order.
    pub fn pieces(&mut self, run: &Run) -> Vec<Piece> {
        let base = run.bytes.start;
        let mut out = Vec::new();
        for (_, r) in self.face_segments(&run.display) {
            let abs = base + r.start..base + r.end;
            let inside: Vec<_> = run
                .clusters
                .iter()
                .filter(|c| c.bytes.start < abs.end && c.bytes.end > abs.start)
                .collect();
            let text = &run.display[r.clone()];
            if guesses_rtl(text) != run.is_rtl() && inside.len() > 1 {
                for c in inside {
                    let rel = c.bytes.start - base..c.bytes.end - base;
                    out.push(Piece {
                        text: run.display[rel].to_string(),
                        x: c.x,
                        bytes: c.bytes.clone(),
                    });
                }
            } else {
                let x = inside.iter().map(|c| c.x).fold(f32::INFINITY, f32::min);
                out.push(Piece {
                    text: text.to_string(),
                    x: if x.is_finite() { x } else { run.x },
                    bytes: abs,
                });
            }
        }
        out
    }
}

impl Shaper for FontShaper {
    fn shape(&mut self, text: &str, rtl: bool, out: &mut Vec<Cluster>) {
        for (face, r) in self.face_segments(text) {
            self.shape_segment(face, &text[r.clone()], r.start, rtl, out);
        }
    }
}
