//! The statistics window, with plots (egui_plot): mentions per type per document (stacked
//! bars), entities and events by the number of documents they appear in, annotation density
//! along each document, and progress per annotator (a chart once there are several; one
//! line for a single annotator). The numbers are [`crate::ui::view_model::stats`], the same
//! that `weft stats --json` prints, rebuilt only when the project changes.

use super::action::Action;
use super::view_model::Rgb;
use super::view_model::stats::{self as vm, Stats};
use super::workspace::Workspace;
use crate::session::Session;
use egui::{Color32, RichText, Ui};
use egui_plot::{Bar, BarChart, Legend, Line, Plot};

/// The window's state across frames.
#[derive(Default)]
pub struct StatsWindow {
    pub open: bool,
    key: Option<(u64, u64)>,
    stats: Option<Stats>,
}

fn rgb(c: Rgb) -> Color32 {
    Color32::from_rgb(c.0, c.1, c.2)
}

/// A colour per document for the density lines (cycled).
fn doc_colour(i: usize) -> Color32 {
    const C: [Color32; 6] = [
        Color32::from_rgb(91, 155, 213),
        Color32::from_rgb(230, 162, 60),
        Color32::from_rgb(112, 173, 71),
        Color32::from_rgb(217, 83, 79),
        Color32::from_rgb(155, 89, 182),
        Color32::from_rgb(26, 188, 156),
    ];
    C[i % C.len()]
}

impl StatsWindow {
    /// The figures of the last frame, if the window was drawn.
    pub fn stats(&self) -> Option<&Stats> {
        self.stats.as_ref()
    }

    /// Draws the window (when open).
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        session: Option<&Session>,
        ws: &Workspace,
    ) -> Vec<Action> {
        let Some(s) = session.filter(|_| self.open) else {
            return Vec::new();
        };
        let key = (ws.epoch, s.generation());
        if self.key != Some(key) || self.stats.is_none() {
            self.stats = Some(vm::build(s.project()));
            self.key = Some(key);
        }
        let mut open = self.open;
        egui::Window::new("Statistics")
            .open(&mut open)
            .default_size([820.0, 640.0])
            .default_pos([240.0, 80.0])
            .resizable(true)
            .show(ctx, |ui| {
                if let Some(st) = &self.stats {
                    egui::ScrollArea::vertical()
                        .id_salt("stats-scroll")
                        .show(ui, |ui| contents(ui, st));
                }
            });
        self.open = open;
        Vec::new()
    }
}

fn contents(ui: &mut Ui, st: &Stats) {
    let names: Vec<String> = st.documents.iter().map(|d| d.name.clone()).collect();
    ui.label(RichText::new("Mentions per type per document").strong());
    let labels = names.clone();
    Plot::new("stats-types")
        .height(220.0)
        .legend(Legend::default())
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .x_axis_formatter(move |m, _| index_label(&labels, m.value))
        .show(ui, |pu| {
            let mut charts: Vec<BarChart> = Vec::new();
            for (ti, t) in st.types.iter().enumerate() {
                let bars = st
                    .documents
                    .iter()
                    .enumerate()
                    .map(|(di, d)| Bar::new(di as f64, d.by_type[ti] as f64).width(0.6))
                    .collect();
                let refs: Vec<&BarChart> = charts.iter().collect();
                let chart = BarChart::new(t.name.clone(), bars)
                    .color(rgb(t.colour))
                    .stack_on(&refs);
                charts.push(chart);
            }
            for c in charts {
                pu.bar_chart(c);
            }
        });
    ui.add_space(8.0);
    ui.label(
        RichText::new("Entities and events by the number of documents they appear in").strong(),
    );
    Plot::new("stats-spread")
        .height(180.0)
        .legend(Legend::default())
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .x_axis_label("documents")
        .show(ui, |pu| {
            for (name, hist, offset, colour) in [
                (
                    "entities",
                    &st.entities_by_documents,
                    -0.2,
                    Color32::from_rgb(91, 155, 213),
                ),
                (
                    "events",
                    &st.events_by_documents,
                    0.2,
                    Color32::from_rgb(217, 83, 79),
                ),
            ] {
                let bars = hist
                    .iter()
                    .enumerate()
                    .map(|(k, n)| Bar::new(k as f64 + offset, *n as f64).width(0.38))
                    .collect();
                pu.bar_chart(BarChart::new(name, bars).color(colour));
            }
        });
    ui.add_space(8.0);
    ui.label(RichText::new("Annotation density along each document").strong());
    ui.weak(format!(
        "Mentions starting in each twentieth of the document (0 = its start, {} = its end)",
        st.density_bins
    ));
    Plot::new("stats-density")
        .height(180.0)
        .legend(Legend::default())
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .show(ui, |pu| {
            for (i, d) in st.documents.iter().enumerate() {
                let pts: Vec<[f64; 2]> = d
                    .density
                    .iter()
                    .enumerate()
                    .map(|(b, n)| [b as f64 + 0.5, *n as f64])
                    .collect();
                pu.line(Line::new(d.name.clone(), pts).color(doc_colour(i)));
            }
        });
    ui.add_space(8.0);
    annotators(ui, st, names);
}

fn annotators(ui: &mut Ui, st: &Stats, names: Vec<String>) {
    ui.label(RichText::new("Progress per annotator").strong());
    match st.annotators.as_slice() {
        [] => {
            ui.weak("No mentions yet.");
        }
        [one] => {
            let who = if one.name.is_empty() {
                "unnamed"
            } else {
                &one.name
            };
            ui.label(format!(
                "One annotator ({who}): {} mentions in {} of {} documents.",
                one.mentions,
                one.documents,
                st.documents.len()
            ));
        }
        many => {
            Plot::new("stats-annotators")
                .height(200.0)
                .legend(Legend::default())
                .allow_drag(false)
                .allow_zoom(false)
                .allow_scroll(false)
                .x_axis_formatter(move |m, _| index_label(&names, m.value))
                .show(ui, |pu| {
                    let w = 0.8 / many.len() as f64;
                    for (k, a) in many.iter().enumerate() {
                        let off = -0.4 + w * (k as f64 + 0.5);
                        let bars = a
                            .per_document
                            .iter()
                            .enumerate()
                            .map(|(di, n)| Bar::new(di as f64 + off, *n as f64).width(w * 0.9))
                            .collect();
                        pu.bar_chart(BarChart::new(a.name.clone(), bars).color(doc_colour(k)));
                    }
                });
        }
    }
}

/// The document name at an integer x, nothing between.
fn index_label(names: &[String], x: f64) -> String {
    let i = x.round();
    if (x - i).abs() > 1e-6 || i < 0.0 {
        return String::new();
    }
    names.get(i as usize).cloned().unwrap_or_default()
}
