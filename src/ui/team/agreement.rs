//! The agreement window (View > Agreement…): the report `weft agreement` prints, over every
//! annotator's layer of the open project ([`crate::agreement::compare`]), per pair, per type
//! and per document, as a monospace table. It is computed when the window opens and when
//! "Recompute" is pressed (a big project takes a while), not every frame.

use crate::session::Session;

/// The window's state.
#[derive(Debug, Default)]
pub struct AgreementWindow {
    pub open: bool,
    /// The report as text (or why there is none), and the session generation it is for.
    report: Option<(u64, Result<String, String>)>,
}

/// The report over the annotators' layers of `s`'s project, as `weft agreement` prints it.
pub fn report_text(s: &Session) -> Result<String, String> {
    let layers = s.annotator_layers();
    if layers.len() < 2 {
        return Err(format!(
            "agreement needs two or more annotators' layers; this project has {}",
            layers.len()
        ));
    }
    crate::session::agreement_report(s.project(), &layers)
        .map(|r| r.to_text())
        .map_err(|e| format!("cannot compare these layers: {e}"))
}

impl AgreementWindow {
    /// Opens (computing the report) or closes the window.
    pub fn toggle(&mut self, s: Option<&Session>) {
        self.open = !self.open;
        if self.open
            && let Some(s) = s
        {
            self.report = Some((s.generation(), report_text(s)));
        }
    }

    /// The report shown (tests).
    pub fn text(&self) -> Option<&Result<String, String>> {
        self.report.as_ref().map(|(_, r)| r)
    }

    /// Draws the window (when open).
    pub fn show(&mut self, ctx: &egui::Context, s: Option<&Session>) {
        let Some(s) = s.filter(|_| self.open) else {
            return;
        };
        let mut open = self.open;
        let stale = self
            .report
            .as_ref()
            .is_some_and(|(g, _)| *g != s.generation());
        let mut recompute = false;
        egui::Window::new("Agreement")
            .id(egui::Id::unique("weft-agreement"))
            .open(&mut open)
            .default_width(760.0)
            .default_height(560.0)
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    recompute = ui.button("Recompute").clicked();
                    if stale {
                        ui.label("The project changed since this report was made.");
                    }
                });
                ui.separator();
                egui::ScrollArea::both()
                    .auto_shrink(false)
                    .show(ui, |ui| match self.text() {
                        Some(Ok(text)) => {
                            ui.add(
                                egui::Label::new(egui::RichText::new(text).monospace()).extend(),
                            );
                        }
                        Some(Err(e)) => {
                            ui.label(e);
                        }
                        None => {}
                    });
            });
        if recompute {
            self.report = Some((s.generation(), report_text(s)));
        }
        self.open = open;
    }
}
