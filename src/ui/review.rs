//! The "Needs review" window: mentions whose source text changed and whose quote was not found
//! exactly once when the project was re-anchored. The user works through them one by one: go
//! to the document near where the mention used to be, select the right words and place it there
//! (same id, type, attributes, note, entity and held links; one undoable step), or delete it for
//! good after a confirmation. Until then the item stays in the project files.

use super::action::Action;
use super::workspace::Workspace;
use crate::model::{DocId, MentionId, Project, ReviewItem};
use crate::session::Session;
use std::ops::Range;

/// Window state kept by the app.
#[derive(Default)]
pub struct ReviewWindow {
    pub open: bool,
    /// The item whose "Delete for good" was clicked and awaits confirmation.
    confirm: Option<MentionId>,
}

/// What the window needs for one frame.
struct ReviewInput<'a> {
    project: &'a Project,
    items: Vec<&'a ReviewItem>,
    current_doc: Option<&'a DocId>,
    /// The selection in the open document (bytes).
    selection: Range<usize>,
}

/// The text shown for an item's surroundings: `…before[quote]after…` on one line.
pub fn context_line(item: &ReviewItem) -> String {
    // Runs of whitespace (line breaks included) become one space; edges are kept.
    let one_line = |s: &str| {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            if !c.is_whitespace() {
                out.push(c);
            } else if !out.ends_with(' ') {
                out.push(' ');
            }
        }
        out
    };
    format!(
        "…{}[{}]{}…",
        one_line(&item.prefix),
        one_line(&item.quote),
        one_line(&item.suffix)
    )
}

impl ReviewWindow {
    /// Draws the window (when open) and returns what the user asked for.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        session: Option<&Session>,
        ws: &Workspace,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        let Some(project) = session.map(Session::project).filter(|_| self.open) else {
            return actions;
        };
        let input = &ReviewInput {
            project,
            items: project.review_items(),
            current_doc: ws.doc(),
            selection: ws.selection().range(),
        };
        let mut open = self.open;
        egui::Window::new(format!("Needs review ({})", input.items.len()))
            .id(egui::Id::unique("weft-review"))
            .open(&mut open)
            // Below the messages window that usually announces it, clear of the document list.
            .default_pos(egui::pos2(360.0, 280.0))
            .default_width(460.0)
            .show(ctx, |ui| {
                if input.items.is_empty() {
                    ui.label("Nothing needs review: every annotation is placed.");
                    return;
                }
                ui.label(
                    "These annotations lost their place when their text changed. Open the \
                     document, select the words they belong to and place them, or delete them.",
                );
                ui.separator();
                egui::ScrollArea::vertical()
                    .max_height(420.0)
                    .show(ui, |ui| {
                        for item in &input.items {
                            self.row(ui, input, item, &mut actions);
                            ui.separator();
                        }
                    });
            });
        self.open = open;
        actions
    }

    fn row(
        &mut self,
        ui: &mut egui::Ui,
        input: &ReviewInput<'_>,
        item: &ReviewItem,
        actions: &mut Vec<Action>,
    ) {
        let doc = input.project.document(&item.doc);
        let doc_name = doc.map_or("(missing document)", |d| d.name.as_str());
        let type_name = input
            .project
            .schema()
            .type_def(&item.type_key)
            .map_or(item.type_key.as_str(), |t| t.name.as_str());
        ui.push_id(item.id.as_str(), |ui| {
            ui.strong(format!("{type_name} in {doc_name}"));
            ui.label(context_line(item));
            ui.horizontal(|ui| {
                if ui
                    .button("Go to document")
                    .on_hover_text("Open the document where this annotation used to be")
                    .clicked()
                    && let Some(d) = doc
                {
                    actions.push(Action::OpenDocument(d.id.clone()));
                    actions.push(Action::ScrollTo(item.old_start().min(d.text().len())));
                }
                let here = input.current_doc == Some(&item.doc);
                let sel = &input.selection;
                let selected = doc
                    .filter(|_| here && sel.start < sel.end)
                    .map(|d| &d.text()[sel.clone()]);
                let hint = match selected {
                    Some(s) if s == item.quote => format!("Place it on the selected '{s}'"),
                    Some(s) => {
                        format!("Place it on the selected '{s}' (it used to cover different words)")
                    }
                    None if here => "Select the words in the document first".to_string(),
                    None => "Open its document and select the words first".to_string(),
                };
                if ui
                    .add_enabled(selected.is_some(), egui::Button::new("Place at selection"))
                    .on_hover_text(&hint)
                    .on_disabled_hover_text(&hint)
                    .clicked()
                {
                    actions.push(Action::PlaceReview(item.id.clone()));
                }
                if self.confirm.as_ref() == Some(&item.id) {
                    ui.label("Delete it and its links for good?");
                    if ui.button("Yes, delete").clicked() {
                        actions.push(Action::DiscardReview(item.id.clone()));
                        self.confirm = None;
                    }
                    if ui.button("Keep it").clicked() {
                        self.confirm = None;
                    }
                } else if ui
                    .button("Delete for good")
                    .on_hover_text("Remove this annotation and its links from the project")
                    .clicked()
                {
                    self.confirm = Some(item.id.clone());
                }
            });
        });
    }
}
