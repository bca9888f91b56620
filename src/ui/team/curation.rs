//! The curation view (View > Curation…): every disagreement between the annotators' layers,
//! one row each (a virtualised list, so 10,000 rows cost what the visible ones cost), the
//! chosen one with every layer's version side by side and the buttons Accept A / Accept B /
//! Edit / Skip, and the progress ("37 of 112 disagreements settled"). Each decision is one
//! undoable step, applied by the app.

use crate::curation::Disagreements;
use crate::session::Session;
use crate::ui::action::{Action, CurationChoice};
use crate::ui::view_model::curation::{self, Row};

/// The window's state.
#[derive(Debug, Default)]
pub struct CurationWindow {
    pub open: bool,
    /// The disagreements, listed for this session generation (or why they cannot be).
    cache: Option<(u64, Result<Disagreements, String>)>,
    /// The key of the item shown in detail.
    pub chosen: Option<String>,
    /// The item the curator is settling by hand: their next tag settles it.
    pub editing: Option<String>,
    /// Rows drawn in the last frame (tests: the list draws only what is visible).
    pub rows_drawn: usize,
}

/// "A", "B", "C"… for the compared layer at `i`.
pub fn letter(i: usize) -> char {
    char::from(b'A' + (i % 26) as u8)
}

impl CurationWindow {
    /// The disagreements of the session's annotators' layers, listed again only when the
    /// project changed.
    pub fn refresh(&mut self, s: &Session) -> Option<&Disagreements> {
        if self
            .cache
            .as_ref()
            .is_none_or(|(g, _)| *g != s.generation())
        {
            let d = s.disagreements(&[]).map_err(|e| e.to_string());
            self.cache = Some((s.generation(), d));
        }
        self.cache.as_ref().and_then(|(_, d)| d.as_ref().ok())
    }

    /// The progress line, when the list is known ("3 of 7 disagreements settled").
    pub fn progress(&self) -> Option<String> {
        self.cache
            .as_ref()
            .and_then(|(_, d)| d.as_ref().ok())
            .map(Disagreements::progress)
    }

    /// Draws the window (when open) and returns the decisions asked for.
    pub fn show(&mut self, ctx: &egui::Context, s: Option<&Session>) -> Vec<Action> {
        let mut out = Vec::new();
        let Some(s) = s.filter(|_| self.open) else {
            return out;
        };
        self.refresh(s);
        let mut open = self.open;
        egui::Window::new("Curation")
            .id(egui::Id::unique("weft-curation"))
            .open(&mut open)
            .default_width(640.0)
            .default_height(520.0)
            .show(ctx, |ui| match self.cache.as_ref().map(|(_, d)| d) {
                Some(Ok(d)) => {
                    let (chosen, drawn) = body(ui, s, d, self.chosen.as_deref(), &mut out);
                    self.rows_drawn = drawn;
                    if let Some(k) = chosen {
                        self.chosen = Some(k);
                    }
                }
                Some(Err(e)) => {
                    ui.label(format!("Nothing to curate: {e}."));
                }
                None => {}
            });
        self.open = open;
        out
    }
}

/// The progress, the list and the chosen item; returns a newly chosen item's key and how many
/// rows were drawn.
fn body(
    ui: &mut egui::Ui,
    s: &Session,
    d: &Disagreements,
    chosen: Option<&str>,
    out: &mut Vec<Action>,
) -> (Option<String>, usize) {
    let p = s.project();
    ui.strong(d.progress());
    let names: Vec<String> = d
        .layers
        .iter()
        .enumerate()
        .map(|(i, l)| format!("{} = {l}", letter(i)))
        .collect();
    ui.label(names.join(" · "));
    ui.separator();
    let mut newly = None;
    let mut drawn = 0;
    let row_h = ui.spacing().interact_size.y;
    egui::ScrollArea::vertical()
        .id_salt("weft-curation-list")
        .max_height(280.0)
        .auto_shrink([false, true])
        .show_rows(ui, row_h, d.items.len(), |ui, range| {
            drawn = range.len();
            // One line per row: the list's rows all have the same height.
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
            for item in &d.items[range] {
                let text = curation::line(&curation::row(p, d, item));
                let on = chosen == Some(item.key.as_str());
                let r = ui.selectable_label(on, text.as_str());
                if r.on_hover_text(text).clicked() {
                    newly = Some(item.key.clone());
                }
            }
        });
    ui.separator();
    let key = newly.as_deref().or(chosen);
    match key.and_then(|k| d.item(k)) {
        Some(item) => detail(ui, &curation::row(p, d, item), d, &item.key, out),
        None => {
            ui.label("Choose a disagreement in the list.");
        }
    }
    (newly, drawn)
}

/// The chosen item: every version side by side, and the decisions.
fn detail(ui: &mut egui::Ui, row: &Row, d: &Disagreements, key: &str, out: &mut Vec<Action>) {
    ui.strong(format!("{} disagreement in {}", row.kind, row.doc));
    ui.columns(row.versions.len() + 1, |cols| {
        for (i, ((layer, text), col)) in row.versions.iter().zip(cols.iter_mut()).enumerate() {
            col.strong(format!("{}: {layer}", letter(i)));
            col.label(text);
        }
        if let Some(col) = cols.last_mut() {
            col.strong("Curation");
            col.label(&row.curation);
        }
    });
    ui.label(if row.settled {
        "Settled."
    } else {
        "Not settled yet."
    });
    ui.horizontal(|ui| {
        for (i, l) in d.layers.iter().enumerate() {
            if ui
                .button(format!("Accept {}", letter(i)))
                .on_hover_text(format!("Take {l}'s version into the curation layer"))
                .clicked()
            {
                out.push(Action::Decide(
                    key.into(),
                    CurationChoice::Accept(l.clone()),
                ));
            }
        }
        let choices = [
            (
                "Edit by hand",
                CurationChoice::Edit,
                "Open the text here: your next tag, in the curation layer, settles it",
            ),
            (
                "Skip",
                CurationChoice::Skip,
                "Leave it as it is; it counts as settled",
            ),
        ];
        for (label, choice, tip) in choices {
            if ui.button(label).on_hover_text(tip).clicked() {
                out.push(Action::Decide(key.into(), choice));
            }
        }
        if row.settled && ui.button("Reopen").clicked() {
            out.push(Action::Decide(key.into(), CurationChoice::Reopen));
        }
    });
}
