//! The engine with real fonts: egui's faces (bundled and discovered from the system) measured
//! by harfrust. Needs the fonts CI installs (`.ci/check_fonts.sh`).

use crate::common_layout::check;
use weft::textlayout::samples::SAMPLES;
use weft::textlayout::{BaseDirection, Cluster, LayoutParams, Shaper, layout_paragraph};
use weft::ui::fonts::{FontPrefs, FontShaper, install_fonts};

const SIZE: f32 = 16.0;

/// Runs `f` with egui's fonts after installing Weft's provider.
fn with_fonts<R>(f: impl FnOnce(&mut egui::epaint::text::FontsView<'_>) -> R) -> R {
    let ctx = egui::Context::default();
    let _provider = install_fonts(&ctx, &FontPrefs::default());
    let mut f = Some(f);
    let mut out = None;
    let mut output = ctx.run_ui(Default::default(), |ui| {
        if let Some(f) = f.take() {
            out = Some(ui.fonts_mut(f));
        }
    });
    output.textures_delta.clear();
    out.expect("the frame ran")
}

fn clusters_of(shaper: &mut FontShaper, text: &str, rtl: bool) -> Vec<Cluster> {
    let mut v = Vec::new();
    shaper.shape(text, rtl, &mut v);
    v
}

#[test]
fn every_sample_lays_out_with_real_fonts_and_round_trips() {
    with_fonts(|fonts| {
        for s in SAMPLES {
            let mut shaper =
                FontShaper::from_egui(fonts, &egui::FontFamily::Proportional, SIZE, s.text);
            for wrap in [f32::INFINITY, 300.0, 120.0] {
                let l = layout_paragraph(
                    s.text,
                    &LayoutParams {
                        wrap_width: wrap,
                        direction: s.direction,
                    },
                    &mut shaper,
                );
                if let Err(e) = check(s.text, &l) {
                    panic!("{} at wrap {wrap}: {e}", s.name);
                }
                // Every visible character has width: no tofu-free zero-width surprises.
                let width: f32 = l.lines.iter().map(|ln| ln.right - ln.left).sum();
                assert!(width > 0.0, "{}", s.name);
            }
        }
    });
}

#[test]
fn lam_alef_is_never_split_and_hebrew_has_one_cluster_per_letter() {
    with_fonts(|fonts| {
        let prop = egui::FontFamily::Proportional;
        let mut s = FontShaper::from_egui(fonts, &prop, SIZE, "لا שלום क्ष");
        // Noto Naskh Arabic draws lam-alef as a wide lam and a zero-width alef, in two
        // clusters; fonts with a ligature give one. Either way the layout has no stop inside.
        let lam_alef = clusters_of(&mut s, "لا", true);
        assert!(
            lam_alef.iter().map(|c| c.advance).sum::<f32>() > 0.0,
            "{lam_alef:?}"
        );
        let l = layout_paragraph(
            "لا",
            &LayoutParams {
                wrap_width: f32::INFINITY,
                direction: BaseDirection::Auto,
            },
            &mut s,
        );
        assert_eq!(l.stops(), &[0, 4]);
        let hebrew = clusters_of(&mut s, "שלום", true);
        assert_eq!(hebrew.len(), 4, "{hebrew:?}");
        assert!(hebrew.iter().all(|c| c.advance > 0.0), "{hebrew:?}");
        let ksha = clusters_of(&mut s, "क्ष", false);
        assert_eq!(ksha.len(), 1, "{ksha:?}");
    });
}

#[test]
fn measured_widths_match_what_egui_draws() {
    with_fonts(|fonts| {
        let prop = egui::FontFamily::Proportional;
        // Single-direction runs egui draws correctly on their own.
        for (text, rtl) in [
            ("General strike", false),
            ("שלום עולם", true),
            ("السلام", true),
        ] {
            let mut s = FontShaper::from_egui(fonts, &prop, SIZE, text);
            let ours: f32 = clusters_of(&mut s, text, rtl)
                .iter()
                .map(|c| c.advance)
                .sum();
            let galley = fonts.layout_no_wrap(
                text.to_string(),
                egui::FontId::new(SIZE, prop.clone()),
                egui::Color32::WHITE,
            );
            let theirs = galley.size().x;
            assert!(
                (ours - theirs).abs() <= 1.0,
                "{text:?}: engine {ours} vs egui {theirs}"
            );
        }
    });
}

#[test]
fn a_mixed_line_has_its_hebrew_run_in_visual_order_with_real_widths() {
    with_fonts(|fonts| {
        let s = SAMPLES.iter().find(|s| s.name == "english-hebrew").unwrap();
        let mut shaper =
            FontShaper::from_egui(fonts, &egui::FontFamily::Proportional, SIZE, s.text);
        let l = layout_paragraph(
            s.text,
            &LayoutParams {
                wrap_width: f32::INFINITY,
                direction: BaseDirection::Auto,
            },
            &mut shaper,
        );
        let w = s.word_range();
        let first = s.text.find("שלום").unwrap();
        // עולם (logically second) is drawn left of שלום.
        let x_of = |b: usize| {
            l.lines[0]
                .runs
                .iter()
                .flat_map(|r| &r.clusters)
                .find(|c| c.bytes.start == b)
                .map(|c| c.x)
                .unwrap()
        };
        assert!(x_of(w.start) < x_of(first));
    });
}

/// Absolute x of every drawn glyph when the engine's pieces of `text` are drawn by egui.
fn drawn(fonts: &mut egui::epaint::text::FontsView<'_>, text: &str) -> Vec<(char, f32)> {
    let prop = egui::FontFamily::Proportional;
    let mut shaper = FontShaper::from_egui(fonts, &prop, SIZE, text);
    let l = layout_paragraph(
        text,
        &LayoutParams {
            wrap_width: f32::INFINITY,
            direction: BaseDirection::Auto,
        },
        &mut shaper,
    );
    let mut out = Vec::new();
    for run in &l.lines[0].runs {
        for p in shaper.pieces(run) {
            let g = fonts.layout_no_wrap(
                p.text.clone(),
                egui::FontId::new(SIZE, prop.clone()),
                egui::Color32::WHITE,
            );
            for row in &g.rows {
                for gl in row.glyphs.iter().filter(|gl| gl.advance_width > 0.0) {
                    out.push((gl.chr, p.x + row.pos.x + gl.pos.x));
                }
            }
        }
    }
    out
}

#[test]
fn drawn_through_the_engine_hebrew_words_read_right_to_left() {
    with_fonts(|fonts| {
        let g = drawn(fonts, "אב גד");
        let x = |c: char| g.iter().find(|(ch, _)| *ch == c).unwrap().1;
        // First word on the right, its first letter rightmost: the opposite of egui alone.
        assert!(
            x('א') > x('ב') && x('ב') > x('ג') && x('ג') > x('ד'),
            "{g:?}"
        );
        // Mixed: English, then a Hebrew phrase whose words read right to left, then English.
        let g = drawn(fonts, "see שלום עולם now");
        let x = |c: char| g.iter().find(|(ch, _)| *ch == c).unwrap().1;
        assert!(
            x('e') < x('ע') && x('ם') < x('ש') && x('ש') < x('n'),
            "{g:?}"
        );
        assert!(
            x('ע') < x('ש'),
            "the second Hebrew word is left of the first: {g:?}"
        );
    });
}

#[test]
fn arabic_indic_digits_read_left_to_right_inside_arabic() {
    with_fonts(|fonts| {
        // "page 120" with Arabic-Indic digits: bidi puts the number in a left-to-right run,
        // which egui, guessing from the Arabic script of the digits, would shape reversed.
        let g = drawn(fonts, "الصفحة ١٢٠.");
        let x = |c: char| g.iter().find(|(ch, _)| *ch == c).unwrap().1;
        assert!(x('١') < x('٢') && x('٢') < x('٠'), "{g:?}");
        // The number sits left of the word before it (the paragraph reads right to left).
        assert!(x('٠') < x('ص'), "{g:?}");
        assert!(weft::ui::fonts::shaper::guesses_rtl("١٢٠"));
        assert!(!weft::ui::fonts::shaper::guesses_rtl("): "));
        assert!(weft::ui::fonts::shaper::guesses_rtl("שלום"));
    });
}
