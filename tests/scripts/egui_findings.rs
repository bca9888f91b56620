//! What egui 0.37 does with right-to-left text, pinned as tests: when egui changes (its bidi
//! work lands), these fail and `weft::textlayout::route` is where to revisit the fast path.

use weft::ui::fonts::{FontPrefs, install_fonts};

/// The row glyphs egui lays out for `text` (with system fonts for what it lacks).
fn glyphs(text: &str) -> Vec<(char, f32, f32)> {
    let ctx = egui::Context::default();
    let _fonts = install_fonts(&ctx, &FontPrefs::default());
    let mut out = Vec::new();
    let mut output = ctx.run_ui(Default::default(), |ui| {
        let g = ui.fonts_mut(|f| {
            f.layout_no_wrap(
                text.to_string(),
                egui::FontId::proportional(14.0),
                egui::Color32::WHITE,
            )
        });
        for row in &g.rows {
            for gl in &row.glyphs {
                out.push((gl.chr, gl.pos.x, gl.advance_width));
            }
        }
    });
    output.textures_delta.clear();
    out
}

#[test]
fn egui_gives_a_four_letter_hebrew_word_seven_glyphs_in_visual_order() {
    let g = glyphs("שלום");
    assert_eq!(g.len(), 7, "{g:?}");
    // Glyph 0 is the word's last letter (visual order), not its first: index ≠ char.
    assert_eq!(g[0].0, 'ם', "{g:?}");
    // The three extras are zero-width phantoms after the word.
    assert!(g[4..].iter().all(|(_, _, w)| *w == 0.0), "{g:?}");
}

#[test]
fn egui_keeps_one_glyph_per_char_in_order_for_ltr_text() {
    let g = glyphs("Chile");
    let chars: String = g.iter().map(|(c, _, _)| *c).collect();
    assert_eq!(chars, "Chile");
}

/// x of the first drawn (non-phantom) glyph of `c`.
fn x_of(g: &[(char, f32, f32)], c: char) -> f32 {
    g.iter()
        .find(|(ch, _, w)| *ch == c && *w > 0.0)
        .map(|(_, x, _)| *x)
        .unwrap_or(f32::NAN)
}

#[test]
fn egui_splits_runs_at_font_changes_so_hebrew_words_keep_logical_order() {
    // The space comes from the bundled font, the letters from a Hebrew system font: egui
    // shapes "אב", " ", "גד" separately and places them left to right in logical order.
    let g = glyphs("אב גד");
    eprintln!("{g:?}");
    assert!(x_of(&g, 'א') < x_of(&g, 'ג'), "{g:?}");
    // Within one word the letters are right to left.
    assert!(x_of(&g, 'א') > x_of(&g, 'ב'), "{g:?}");
}
