//! A window that draws every sample text through the layout engine and egui, with the sample's
//! word highlighted from the engine's selection rectangles: a visual check of fonts, bidi order,
//! mirroring and wrapping before the document view uses the engine.
//!
//! `cargo run --example script_preview [WIDTH]` (a narrow WIDTH, or dragging the window
//! narrower, shows the lines wrap).

use weft::textlayout::samples::SAMPLES;
use weft::textlayout::{LayoutParams, layout_paragraph};
use weft::ui::fonts::{FontPrefs, FontShaper, install_fonts};

const SIZE: f32 = 18.0;

struct Preview;

impl eframe::App for Preview {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::Frame::central_panel(ui.style()).show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                for s in SAMPLES {
                    ui.label(egui::RichText::new(format!("{} — {}", s.name, s.about)).small());
                    paragraph(ui, s.text, s.direction, s.word_range());
                    ui.add_space(6.0);
                }
            });
        });
    }
}

/// Lays out and draws one paragraph, highlighting `mark` (logical bytes).
fn paragraph(
    ui: &mut egui::Ui,
    text: &str,
    direction: weft::textlayout::BaseDirection,
    mark: std::ops::Range<usize>,
) {
    let prop = egui::FontFamily::Proportional;
    let font = egui::FontId::new(SIZE, prop.clone());
    let wrap = ui.available_width();
    let (layout, pieces) = ui.fonts_mut(|f| {
        let mut shaper = FontShaper::from_egui(f, &prop, SIZE, text);
        let l = layout_paragraph(
            text,
            &LayoutParams {
                wrap_width: wrap,
                direction,
            },
            &mut shaper,
        );
        let pieces: Vec<Vec<_>> = l
            .lines
            .iter()
            .map(|ln| ln.runs.iter().flat_map(|r| shaper.pieces(r)).collect())
            .collect();
        (l, pieces)
    });
    let line_h = ui.fonts_mut(|f| f.row_height(&font)) * 1.4;
    let (rect, _) = ui.allocate_exact_size(
        egui::vec2(wrap, line_h * layout.lines.len() as f32),
        egui::Sense::hover(),
    );
    let painter = ui.painter();
    let colour = ui.visuals().text_color();
    for span in layout.spans(mark) {
        let y = rect.top() + span.line as f32 * line_h;
        let r = egui::Rect::from_x_y_ranges(
            rect.left() + span.x.start..=rect.left() + span.x.end,
            y..=y + line_h,
        );
        painter.rect_filled(
            r,
            3.0,
            egui::Color32::from_rgba_unmultiplied(90, 160, 255, 90),
        );
        painter.line_segment(
            [r.left_bottom(), r.right_bottom()],
            egui::Stroke::new(2.0, egui::Color32::from_rgb(40, 110, 230)),
        );
    }
    for (i, line) in pieces.iter().enumerate() {
        let y = rect.top() + i as f32 * line_h + (line_h - SIZE * 1.2) / 2.0;
        for p in line {
            let g = painter.layout_no_wrap(p.text.clone(), font.clone(), colour);
            painter.galley(egui::pos2(rect.left() + p.x, y), g, colour);
        }
    }
}

fn main() -> eframe::Result {
    let width: f32 = std::env::args()
        .nth(1)
        .and_then(|w| w.parse().ok())
        .unwrap_or(760.0);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Weft script preview")
            .with_inner_size([width, 900.0]),
        system_font_fallback: false,
        ..Default::default()
    };
    eframe::run_native(
        "weft-script-preview",
        options,
        Box::new(|cc| {
            install_fonts(&cc.egui_ctx, &FontPrefs::default());
            Ok(Box::new(Preview))
        }),
    )
}
