//! Corpus search (Ctrl+Shift+F): plain text or a regular expression, with "match case" and
//! "whole word", over every document. Results are keyword-in-context rows grouped by document;
//! clicking one opens its document with the hit selected. "Tag all" tags every hit with a type
//! (and optionally links each to an entity or event) as one undoable step that skips spots
//! already tagged and, unless "Include hits inside mentions" is ticked, hits inside a longer
//! mention of the same type or entity ([`crate::edit::ops::nested_in`]); the status bar says
//! how many were tagged and skipped, and why.
//!
//! The controls wrap: at 1024×640 the query, its options and Close stay on screen.
//!
//! The search itself is [`crate::search`]; this panel only keeps the query and draws the hits.

use super::action::Action;
use crate::model::{ClusterId, DocId, Project};
use crate::search::{self, Hit, SearchOptions};
use crate::session::Session;
use egui::{RichText, Ui};

/// Rows drawn at most (Tag all still covers every hit).
const MAX_ROWS: usize = 500;

/// The search panel's state across frames.
pub struct SearchPanel {
    open: bool,
    focus_pending: bool,
    pub query: String,
    pub opts: SearchOptions,
    hits: Vec<Hit>,
    error: Option<String>,
    /// Query, options and session generation the hits were computed for.
    computed: Option<(String, SearchOptions, u64)>,
    tag_type: Option<String>,
    tag_cluster: Option<ClusterId>,
    /// Tag all also tags hits inside longer mentions of the type or entity.
    pub include_nested: bool,
}

impl Default for SearchPanel {
    /// Case-insensitive plain text, as most searches start.
    fn default() -> Self {
        Self {
            open: false,
            focus_pending: false,
            query: String::new(),
            opts: SearchOptions {
                case_insensitive: true,
                ..Default::default()
            },
            hits: Vec::new(),
            error: None,
            computed: None,
            tag_type: None,
            tag_cluster: None,
            include_nested: false,
        }
    }
}

impl SearchPanel {
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Opens the panel (or, when open, gives its query field the keyboard).
    pub fn open(&mut self) {
        self.open = true;
        self.focus_pending = true;
    }

    pub fn close(&mut self) {
        self.open = false;
    }

    /// The hits of the last search.
    pub fn hits(&self) -> &[Hit] {
        &self.hits
    }

    /// Why the query cannot run (a bad regular expression), if it cannot.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    fn refresh(&mut self, p: &Project, generation: u64) {
        let key = (self.query.clone(), self.opts, generation);
        if self.computed.as_ref() == Some(&key) {
            return;
        }
        self.computed = Some(key);
        self.hits.clear();
        self.error = None;
        if self.query.is_empty() {
            return;
        }
        match search::search(p, &self.query, self.opts) {
            Ok(h) => self.hits = h,
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// Draws the panel's contents (the app puts it in a bottom panel).
    pub fn show(&mut self, ui: &mut Ui, session: Option<&Session>) -> Vec<Action> {
        let mut out = Vec::new();
        let Some(s) = session else {
            return out;
        };
        let p = s.project();
        ui.add_space(4.0);
        let mut close = false;
        ui.horizontal(|ui| {
            ui.strong("Search the corpus");
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .button("Close")
                    .on_hover_text("Close the search (Escape in the query field)")
                    .clicked()
                {
                    close = true;
                }
            });
        });
        ui.horizontal_wrapped(|ui| {
            let r = ui.add(
                egui::TextEdit::singleline(&mut self.query)
                    .hint_text("Text or regular expression")
                    .desired_width(ui.available_width().clamp(120.0, 260.0)),
            );
            super::registry::name_widget(ui, &r, "Search text");
            if std::mem::take(&mut self.focus_pending) {
                r.request_focus();
            }
            if r.has_focus() && ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                close = true;
            }
            ui.checkbox(&mut self.opts.regex, "Regular expression");
            let mut case = !self.opts.case_insensitive;
            if ui.checkbox(&mut case, "Match case").changed() {
                self.opts.case_insensitive = !case;
            }
            ui.checkbox(&mut self.opts.whole_word, "Whole word");
        });
        if close {
            self.open = false;
            return out;
        }
        self.refresh(p, s.generation());
        if let Some(e) = &self.error {
            ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
            return out;
        }
        let n_docs = self
            .hits
            .iter()
            .map(|h| &h.doc)
            .collect::<std::collections::BTreeSet<&DocId>>()
            .len();
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "{} hit(s) in {} document(s)",
                self.hits.len(),
                n_docs
            ));
            if self.hits.is_empty() {
                return;
            }
            ui.separator();
            self.tag_all_controls(ui, p, &mut out);
        });
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("search-results")
            .auto_shrink(false)
            .show(ui, |ui| {
                let mut last: Option<&DocId> = None;
                for h in self.hits.iter().take(MAX_ROWS) {
                    let Some(d) = p.document(&h.doc) else {
                        continue;
                    };
                    if last != Some(&h.doc) {
                        let n = self.hits.iter().filter(|x| x.doc == h.doc).count();
                        ui.label(RichText::new(format!("{} ({n})", d.name)).strong());
                        last = Some(&h.doc);
                    }
                    let k = search::kwic(d.text(), h.range, 50);
                    let weak = ui.visuals().weak_text_color();
                    let strong = ui.visuals().strong_text_color();
                    let font = egui::TextStyle::Body.resolve(ui.style());
                    let fmt = |c| egui::TextFormat {
                        font_id: font.clone(),
                        color: c,
                        ..Default::default()
                    };
                    let mut job = egui::text::LayoutJob::default();
                    let lc = if k.left_cut { "\u{2026}" } else { "" };
                    let rc = if k.right_cut { "\u{2026}" } else { "" };
                    job.append(&format!("{lc}{}", k.left), 0.0, fmt(weak));
                    job.append(&k.matched, 0.0, fmt(strong));
                    job.append(&format!("{}{rc}", k.right), 0.0, fmt(weak));
                    let r = ui
                        .add(egui::Button::selectable(false, job))
                        .on_hover_text(format!("Go to this hit in {}", d.name));
                    let name =
                        format!("{lc}{}{}{}{rc} (in {})", k.left, k.matched, k.right, d.name);
                    super::registry::name_widget(ui, &r, &name);
                    if r.clicked() {
                        out.push(Action::JumpToRange {
                            doc: h.doc.clone(),
                            start: h.range.start(),
                            end: h.range.end(),
                        });
                    }
                }
                if self.hits.len() > MAX_ROWS {
                    ui.weak(format!(
                        "{} more hit(s) not listed (Tag all covers them too).",
                        self.hits.len() - MAX_ROWS
                    ));
                }
            });
        out
    }

    fn tag_all_controls(&mut self, ui: &mut Ui, p: &Project, out: &mut Vec<Action>) {
        if self
            .tag_type
            .as_ref()
            .is_some_and(|t| p.schema().type_def(t).is_none())
        {
            self.tag_type = None;
        }
        if self.tag_cluster.as_ref().is_some_and(|c| {
            p.cluster(c)
                .is_none_or(|c| Some(&c.type_key) != self.tag_type.as_ref())
        }) {
            self.tag_cluster = None;
        }
        let type_name = self
            .tag_type
            .as_ref()
            .and_then(|t| p.schema().type_def(t))
            .map(|t| t.name.clone())
            .unwrap_or_else(|| "Choose a type".into());
        ui.name_inputs("Type for tag all", |ui| {
            egui::ComboBox::from_id_salt("search-tag-type")
                .selected_text(type_name)
                .show_ui(ui, |ui| {
                    for t in &p.schema().types {
                        let on = self.tag_type.as_deref() == Some(t.key.as_str());
                        if ui.selectable_label(on, t.name.as_str()).clicked() {
                            self.tag_type = Some(t.key.clone());
                        }
                    }
                })
        });
        if let Some(t) = self.tag_type.clone() {
            let shown = self
                .tag_cluster
                .as_ref()
                .and_then(|c| p.cluster(c))
                .map(|c| c.name.clone())
                .unwrap_or_else(|| "No entity or event".into());
            ui.name_inputs("Link tagged mentions to", |ui| {
                egui::ComboBox::from_id_salt("search-tag-cluster")
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        if ui
                            .selectable_label(self.tag_cluster.is_none(), "No entity or event")
                            .clicked()
                        {
                            self.tag_cluster = None;
                        }
                        for c in p.clusters().filter(|c| c.type_key == t) {
                            let on = self.tag_cluster.as_ref() == Some(&c.id);
                            if ui.selectable_label(on, c.name.as_str()).clicked() {
                                self.tag_cluster = Some(c.id.clone());
                            }
                        }
                    })
            });
        }
        ui.checkbox(&mut self.include_nested, "Include hits inside mentions")
            .on_hover_text(
                "Also tag hits inside a longer mention of the same type or entity (a \
                 \u{201c}Pinochet\u{201d} inside a tagged \u{201c}Augusto Pinochet\u{201d}); \
                 by default they are skipped, as they would repeat it",
            );
        let label = format!("Tag all {}", self.hits.len());
        if ui
            .add_enabled(self.tag_type.is_some(), egui::Button::new(label))
            .on_hover_text(
                "Tag every hit with the type (one undo step; spots already tagged are skipped, \
                 and so are hits inside longer mentions unless included)",
            )
            .clicked()
            && let Some(t) = &self.tag_type
        {
            out.push(Action::TagAll {
                type_key: t.clone(),
                cluster: self.tag_cluster.clone(),
                hits: self.hits.clone(),
                include_nested: self.include_nested,
            });
        }
    }
}
