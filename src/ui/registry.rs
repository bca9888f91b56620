//! The registry: every entity and event of the corpus, filtered by name and type, with its
//! mention count per document. Opening one lists all its mentions with a line of context each;
//! clicking a mention jumps to it (opening its document). From here an entity or event is
//! created from the selected mention, renamed, given an external id, merged with another, or
//! has checked mentions split off into a new one; each is one undo step.
//!
//! The rows are built as plain data ([`rows`], [`mention_rows`], in
//! [`super::view_model::registry`]) before anything is drawn.

use super::action::Action;
use super::commands::{Command, shortcut_text};
use super::doc_view::type_colour;
pub use super::view_model::registry::{MentionRow, RegistryRow, context, mention_rows, rows};
use super::workspace::Workspace;
use crate::model::{ClusterId, DocId, Endpoint, Mention, MentionId, Project, TypeKind};
use crate::session::Session;
use egui::{RichText, Ui};
use std::collections::BTreeSet;

/// Gives a widget its accessible name (a text field's hint is not one).
pub fn name_widget(ui: &Ui, r: &egui::Response, name: &str) {
    ui.ctx()
        .accesskit_node_builder(r.id, |n| n.set_label(name.to_string()));
}

/// The registry panel's state across frames.
#[derive(Default)]
pub struct RegistryState {
    pub filter: String,
    pub type_filter: Option<String>,
    /// The entity or event whose mentions are listed.
    pub opened: Option<ClusterId>,
    name_buf: Option<(ClusterId, String)>,
    ext_buf: Option<(ClusterId, String)>,
    /// Mentions ticked for "split off".
    pub checked: BTreeSet<MentionId>,
}

impl RegistryState {
    /// Opens an entity or event (lists its mentions).
    pub fn open(&mut self, c: ClusterId) {
        if self.opened.as_ref() != Some(&c) {
            self.checked.clear();
        }
        self.opened = Some(c);
    }
}

/// "entity" or "event", for a type kind.
fn kind_word(kind: Option<TypeKind>) -> &'static str {
    if kind == Some(TypeKind::Event) {
        "event"
    } else {
        "entity"
    }
}

/// Draws the registry. While a relation or argument waits for its target (the workspace's
/// `link_from`), an opened entity or event can be picked as that target.
pub fn show(
    ui: &mut Ui,
    session: Option<&Session>,
    ws: &Workspace,
    state: &mut RegistryState,
) -> Vec<Action> {
    let mut out = Vec::new();
    let Some(s) = session else {
        ui.weak("No project open.");
        return out;
    };
    let p = s.project();
    if state
        .opened
        .as_ref()
        .is_some_and(|c| p.cluster(c).is_none())
    {
        state.opened = None;
    }
    let selected = ws.selected().and_then(|m| p.mention(m));
    if let Some(c) = state.opened.clone() {
        let picking = ws.link_from.is_some();
        show_opened(ui, state, p, selected, &c, picking, &mut out);
        return out;
    }
    filter_bar(ui, state, p);
    if let Some(m) = selected
        && m.cluster.is_none()
    {
        let word = kind_word(p.schema().type_def(&m.type_key).map(|t| t.kind));
        if ui
            .button(format!("New {word} from the selected mention"))
            .on_hover_text(shortcut_text(Command::NewEntityFromMention))
            .clicked()
        {
            out.push(Action::NewCluster(m.id.clone()));
        }
    }
    let list = rows(p, &state.filter, state.type_filter.as_deref());
    ui.weak(format!(
        "{} of {} entities and events",
        list.len(),
        p.clusters().count()
    ));
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("registry-scroll")
        .auto_shrink(false)
        .show(ui, |ui| {
            for r in &list {
                row(ui, state, p, selected, r);
            }
        });
    out
}

/// The name filter and the type filter.
fn filter_bar(ui: &mut Ui, state: &mut RegistryState, p: &Project) {
    ui.horizontal(|ui| {
        let r = ui.add(
            egui::TextEdit::singleline(&mut state.filter)
                .hint_text("Filter by name")
                .desired_width(140.0),
        );
        name_widget(ui, &r, "Filter entities and events");
        let shown = state
            .type_filter
            .as_ref()
            .and_then(|k| p.schema().type_def(k))
            .map(|t| t.name.clone())
            .unwrap_or_else(|| "All types".into());
        ui.name_inputs("Filter by type", |ui| {
            egui::ComboBox::from_id_salt("registry-type")
                .selected_text(shown)
                .width(110.0)
                .show_ui(ui, |ui| {
                    if ui
                        .selectable_label(state.type_filter.is_none(), "All types")
                        .clicked()
                    {
                        state.type_filter = None;
                    }
                    for t in &p.schema().types {
                        let on = state.type_filter.as_deref() == Some(t.key.as_str());
                        if ui.selectable_label(on, t.name.as_str()).clicked() {
                            state.type_filter = Some(t.key.clone());
                        }
                    }
                });
        });
    });
}

/// One entity or event of the list; clicking it opens it.
fn row(
    ui: &mut Ui,
    state: &mut RegistryState,
    p: &Project,
    selected: Option<&Mention>,
    r: &RegistryRow,
) {
    ui.horizontal(|ui| {
        let (sw, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
        ui.painter()
            .rect_filled(sw, 2.0, type_colour(p, &r.type_key));
        let linked_here = selected.is_some_and(|m| m.cluster.as_ref() == Some(&r.id));
        let b = egui::Button::selectable(linked_here, r.name.as_str())
            .right_text(RichText::new(r.total.to_string()).weak());
        let per_doc = r
            .per_doc
            .iter()
            .map(|(d, n)| format!("{d}: {n}"))
            .collect::<Vec<_>>()
            .join("\n");
        if ui
            .add(b)
            .on_hover_text(format!(
                "{} ({})\n{per_doc}\nClick to list its mentions.",
                r.name, r.type_name
            ))
            .clicked()
        {
            state.open(r.id.clone());
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.add_space(18.0);
        let docs = r
            .per_doc
            .iter()
            .map(|(d, n)| format!("{d} {n}"))
            .collect::<Vec<_>>()
            .join(" \u{b7} ");
        ui.weak(format!("{} \u{b7} {docs}", r.type_name));
    });
}

/// An opened entity or event: its name and external id, links, merge, and its mentions.
fn show_opened(
    ui: &mut Ui,
    state: &mut RegistryState,
    p: &Project,
    selected: Option<&Mention>,
    cid: &ClusterId,
    picking: bool,
    out: &mut Vec<Action>,
) {
    let Some(c) = p.cluster(cid) else {
        return;
    };
    let def = p.schema().type_def(&c.type_key);
    let kind = def.map(|d| d.kind);
    let word = kind_word(kind);
    if ui.button("Back to all entities and events").clicked() {
        state.opened = None;
        return;
    }
    ui.horizontal(|ui| {
        let (sw, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
        ui.painter()
            .rect_filled(sw, 2.0, type_colour(p, &c.type_key));
        ui.label(RichText::new(&c.name).strong().size(15.0));
        ui.weak(def.map(|d| d.name.as_str()).unwrap_or(&c.type_key));
    });
    fields(ui, state, c, out);
    ui.horizontal_wrapped(|ui| {
        if let Some(m) = selected
            && m.cluster.as_ref() != Some(cid)
            && p.schema().type_def(&m.type_key).map(|t| t.kind) == kind
            && ui
                .button("Link the selected mention here")
                .on_hover_text("The selected mention will refer to this one")
                .clicked()
        {
            out.push(Action::Link(m.id.clone(), Some(cid.clone())));
        }
        let end = Endpoint::Cluster(cid.clone());
        if picking {
            if ui
                .button(format!("Use this {word} as the target"))
                .on_hover_text("Finish the relation or argument you started")
                .clicked()
            {
                out.push(Action::PickTarget(end));
            }
        } else if ui
            .button("Start relation / argument from here")
            .on_hover_text(format!(
                "Then pick the other end ({})",
                shortcut_text(Command::StartLink)
            ))
            .clicked()
        {
            out.push(Action::StartLink(end));
        }
    });
    merge_choice(ui, p, cid, kind, out);
    mentions(ui, state, p, selected, cid, word, out);
}

/// The name and external id fields of an opened entity or event.
fn fields(
    ui: &mut Ui,
    state: &mut RegistryState,
    c: &crate::model::Cluster,
    out: &mut Vec<Action>,
) {
    let cid = &c.id;
    egui::Grid::new("registry-fields")
        .num_columns(2)
        .show(ui, |ui| {
            ui.label("Name");
            if state.name_buf.as_ref().is_none_or(|(id, _)| id != cid) {
                state.name_buf = Some((cid.clone(), c.name.clone()));
            }
            let (_, buf) = state.name_buf.as_mut().expect("set above");
            let r = ui.add(egui::TextEdit::singleline(buf).desired_width(170.0));
            name_widget(ui, &r, "Name of the entity or event");
            if r.lost_focus() && *buf != c.name {
                out.push(Action::RenameCluster(cid.clone(), buf.clone()));
            } else if !r.has_focus() && *buf != c.name {
                *buf = c.name.clone();
            }
            ui.end_row();

            ui.label("External id");
            let saved = c.external_id.clone().unwrap_or_default();
            if state.ext_buf.as_ref().is_none_or(|(id, _)| id != cid) {
                state.ext_buf = Some((cid.clone(), saved.clone()));
            }
            let (_, buf) = state.ext_buf.as_mut().expect("set above");
            let r = ui.add(
                egui::TextEdit::singleline(buf)
                    .hint_text("e.g. Wikidata Q-id")
                    .desired_width(170.0),
            );
            name_widget(ui, &r, "External id of the entity or event");
            if r.lost_focus() && buf.trim() != saved {
                let v = buf.trim().to_string();
                out.push(Action::SetExternalId(
                    cid.clone(),
                    (!v.is_empty()).then_some(v),
                ));
            } else if !r.has_focus() && *buf != saved {
                *buf = saved;
            }
            ui.end_row();
        });
}

/// "Merge another into this one", offering the others of the same kind.
fn merge_choice(
    ui: &mut Ui,
    p: &Project,
    cid: &ClusterId,
    kind: Option<TypeKind>,
    out: &mut Vec<Action>,
) {
    let others: Vec<_> = p
        .clusters()
        .filter(|x| &x.id != cid)
        .filter(|x| p.schema().type_def(&x.type_key).map(|t| t.kind) == kind)
        .collect();
    if others.is_empty() {
        return;
    }
    let word = kind_word(kind);
    ui.name_inputs("Merge another into this one", |ui| {
        egui::ComboBox::from_id_salt("registry-merge")
            .selected_text(format!("Merge another {word} into this one\u{2026}"))
            .width(250.0)
            .show_ui(ui, |ui| {
                for x in others {
                    let n = p.members(&x.id).count();
                    if ui
                        .selectable_label(false, format!("{} ({n})", x.name))
                        .clicked()
                    {
                        out.push(Action::MergeClusters {
                            keep: cid.clone(),
                            absorb: x.id.clone(),
                        });
                    }
                }
            });
    });
}

/// The opened one's mentions with context: check some to split them off, click one to go.
fn mentions(
    ui: &mut Ui,
    state: &mut RegistryState,
    p: &Project,
    selected: Option<&Mention>,
    cid: &ClusterId,
    word: &str,
    out: &mut Vec<Action>,
) {
    let list = mention_rows(p, cid);
    state.checked.retain(|m| list.iter().any(|r| &r.id == m));
    ui.separator();
    ui.horizontal(|ui| {
        ui.strong(format!("{} mention(s)", list.len()));
        let n = state.checked.len();
        if ui
            .add_enabled(
                n > 0 && n < list.len(),
                egui::Button::new(format!("Split {n} checked into a new {word}")),
            )
            .on_hover_text("Tick the mentions that refer to something else")
            .clicked()
        {
            out.push(Action::SplitMentions(
                state.checked.iter().cloned().collect(),
            ));
            state.checked.clear();
        }
    });
    egui::ScrollArea::vertical()
        .id_salt("registry-mentions")
        .auto_shrink(false)
        .show(ui, |ui| {
            let mut last_doc: Option<&DocId> = None;
            for r in &list {
                if last_doc != Some(&r.doc) {
                    ui.add_space(4.0);
                    ui.label(RichText::new(&r.doc_name).strong());
                    last_doc = Some(&r.doc);
                }
                mention_row(ui, state, selected, r, out);
            }
        });
}

fn mention_row(
    ui: &mut Ui,
    state: &mut RegistryState,
    selected: Option<&Mention>,
    r: &MentionRow,
    out: &mut Vec<Action>,
) {
    ui.horizontal(|ui| {
        let mut on = state.checked.contains(&r.id);
        let name = format!("Split off {} ({})", r.covered, r.doc_name);
        if ui
            .name_inputs(name, |ui| ui.checkbox(&mut on, ""))
            .on_hover_text("Check to split off")
            .changed()
        {
            if on {
                state.checked.insert(r.id.clone());
            } else {
                state.checked.remove(&r.id);
            }
        }
        let mut job = egui::text::LayoutJob::default();
        let body = egui::TextStyle::Body.resolve(ui.style());
        let weak = ui.visuals().weak_text_color();
        let strong = ui.visuals().strong_text_color();
        let fmt = |c| egui::TextFormat {
            font_id: body.clone(),
            color: c,
            ..Default::default()
        };
        job.append(&format!("\u{2026}{}", r.before), 0.0, fmt(weak));
        job.append(&r.covered, 0.0, fmt(strong));
        job.append(&format!("{}\u{2026}", r.after), 0.0, fmt(weak));
        job.wrap.max_width = ui.available_width();
        let is_selected = selected.is_some_and(|m| m.id == r.id);
        let resp = ui
            .add(egui::Button::selectable(is_selected, job))
            .on_hover_text(format!("Go to this mention in {}", r.doc_name));
        if resp.clicked() {
            out.push(Action::JumpToMention(r.id.clone()));
        }
    });
}
