//! The workbench's two themes: egui's dark and light visuals with text colours that stay
//! readable. egui's defaults draw body text at 5.2:1 (dark) but dimmed text and hints at 60 %
//! opacity, which is 2.7:1 on a dark panel and 2.9:1 on a light one, under WCAG's 4.5:1. The
//! colours come from [`crate::ui::view_model::colour`] (plain data, where the contrast test
//! runs over them); this file only hands them to egui.

use crate::ui::view_model::colour::{Rgb, ThemeColours};
use egui::Color32;

fn c32(c: Rgb) -> Color32 {
    Color32::from_rgb(c.0, c.1, c.2)
}

/// egui's visuals for the dark (`true`) or light theme with Weft's text colours.
pub fn visuals(dark: bool) -> egui::Visuals {
    let colours = ThemeColours::of(dark);
    let mut v = if dark {
        egui::Visuals::dark()
    } else {
        egui::Visuals::light()
    };
    v.widgets.noninteractive.fg_stroke.color = c32(colours.text);
    v.weak_text_color = Some(c32(colours.weak));
    v.panel_fill = c32(colours.background);
    v.window_fill = c32(colours.background);
    v.extreme_bg_color = c32(colours.field);
    v.selection.bg_fill = c32(colours.selection);
    v
}

/// Installs both themes in `ctx` (the theme switch picks one of them).
pub fn install(ctx: &egui::Context) {
    ctx.set_visuals_of(egui::Theme::Dark, visuals(true));
    ctx.set_visuals_of(egui::Theme::Light, visuals(false));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::view_model::colour::{MIN_CONTRAST, contrast};

    fn rgb(c: Color32) -> Rgb {
        Rgb(c.r(), c.g(), c.b())
    }

    #[test]
    fn text_dimmed_text_and_hints_are_readable_on_egui_surfaces_in_both_themes() {
        for dark in [true, false] {
            let v = visuals(dark);
            // Hints in empty text fields are drawn in the weak colour (egui's default style).
            for (what, text) in [
                ("text", v.text_color()),
                ("dimmed text and hints", v.weak_text_color()),
            ] {
                assert_eq!(text.a(), 255, "{what} is opaque");
                for (surface, bg) in [
                    ("panels", v.panel_fill),
                    ("windows", v.window_fill),
                    ("text fields", v.text_edit_bg_color()),
                    ("selected items", v.selection.bg_fill),
                ] {
                    let ratio = contrast(rgb(text), rgb(bg));
                    assert!(
                        ratio >= MIN_CONTRAST,
                        "{what} on {surface} (dark {dark}): {ratio:.2}:1"
                    );
                }
            }
        }
    }
}
