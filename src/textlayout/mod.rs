//! Bidirectional, script-aware paragraph layout — pure: no egui, no fonts, no file system.
//!
//! # Why Weft lays out some paragraphs itself: egui 0.37's text stack
//!
//! Read from the epaint 0.37 sources (`epaint/src/text/`):
//!
//! - **Fonts.** `FontDefinitions` maps font names to `FontData` (the file's bytes as a shared
//!   blob, a face index, a tweak) and each `FontFamily` to a list of names: the first is the
//!   primary, the rest are fallbacks tried in order, per character. The default set is
//!   Ubuntu-Light (proportional), Hack (monospace), egui's icons and the emoji fonts: Latin,
//!   Greek, Cyrillic and emoji, nothing else. New in 0.37, a `FontProvider` may *discover* a
//!   font for a character no installed face has; egui asks it at most once per (family,
//!   character) and appends the answer to the family's chain. Weft's provider is
//!   [`crate::ui::fonts`] (fontdb, per-script preferences); eframe's own (`system_fonts`,
//!   fontique) is not enabled. `egui_kittest` panics on a missing glyph by default
//!   (`MissingGlyphPolicy::Panic`), so UI tests of these scripts need the fonts installed.
//! - **Shaping.** egui does shape: each section is cut into runs by font face (whole grapheme
//!   clusters), and each run goes through harfrust (a HarfBuzz port) with
//!   `guess_segment_properties`, which guesses the run's script and *direction* from its
//!   content. There is no bidi algorithm: no levels, no reordering of runs, no bracket
//!   mirroring by level. A run that begins with Hebrew is shaped right-to-left and so drawn
//!   correctly on its own; Hebrew inside a Latin run of the same font is shaped left-to-right
//!   and drawn backwards; Latin inside a Hebrew run is reversed.
//! - **Galleys.** A `Galley` has rows of `Glyph`s (char, x, advance), and all cursor code
//!   relies on `glyphs.len() == chars` with glyph *i* being char *i*. For an RTL run harfrust
//!   returns glyphs in visual order with cluster offsets *decreasing*; `layout_shaped_run`
//!   assumes they increase. At each new cluster it emits zero-width "continuation" glyphs for
//!   `start..cluster` (for RTL an empty, reversed range: none), and at the end of the run for
//!   the last cluster seen, which is the logical *start*: `0..len`, the whole run. So "שלום"
//!   (4 chars, 4 shaped glyphs) gets 3 phantom glyphs: 7 glyphs, glyph 0 is the last letter,
//!   and every cursor, hit test and selection rectangle in the run lands on the wrong char.
//! - **Line breaking.** Candidates are whitespace, CJK by a small kinsoku table, dashes, ASCII
//!   punctuation, else any glyph: a Thai line has no candidate but spaces, and the fallback
//!   "any glyph" may cut a base from its combining mark.
//! - **Upstream.** egui's bidi work (PR 8577) is not in a release: crates.io's newest egui is
//!   0.37.0 (checked for this module). When it lands, [`classify::route`] is where to switch.
//!
//! # What this module does instead
//!
//! [`layout_paragraph`] takes one paragraph and a [`Shaper`] (the only font-dependent part,
//! injected) and returns a [`ParagraphLayout`]: lines of runs in visual order, each cluster
//! with its logical UTF-8 byte range and its x. Levels come from `unicode-bidi` (paragraph
//! direction from the first strong character, or forced per document: [`BaseDirection`]);
//! line breaks from UAX #14 with dictionary breaks for Thai ([`breaks`]); clusters never split
//! a grapheme or a lam-alef ([`clusters`]). Caret, hit test and selection rectangles are in
//! [`query`]; their conventions are stated there, and `hit(click_x(o)) == o` for every stop.
//!
//! **The fast path.** [`classify::route`] sends a paragraph with no RTL character, no bidi
//! control and no complex script to egui's own galley, unchanged; only the others come here.
//!
//! **Units.** Offsets are UTF-8 bytes relative to the paragraph; x is in points from the
//! paragraph's left edge; lines are numbered from the top.

pub mod breaks;
pub mod classify;
pub mod clusters;
pub mod paragraph;
pub mod query;
pub mod samples;
pub mod shape;

pub use classify::{BaseDirection, Route, needs_engine, route};
pub use paragraph::{LayoutParams, Line, ParagraphLayout, Placed, Run, layout_paragraph};
pub use query::{LinePos, Span};
pub use shape::{Cluster, FixedShaper, Shaper};

#[cfg(test)]
mod tests;
