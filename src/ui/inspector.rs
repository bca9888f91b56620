//! The right panel: everything about the selected mention — type, attributes as the schema
//! defines them, note, fragments, the entity or event it refers to, and its relations and
//! arguments (with a jump to the other end, even in another document, and delete). Text
//! fields commit when they lose focus or on Enter, never per keystroke, so one edit of a note
//! is one undo step.

use super::action::Action;
use super::commands::{Command, shortcut_text};
use super::doc_view::type_colour;
use super::workspace::Workspace;
use crate::edit::ops::excerpt;
use crate::model::{
    AttrValue, AttributeDef, AttributeKind, ClusterId, Document, Endpoint, Mention, MentionId,
    Project, TemporalSettings, TypeDef, TypeKind,
};
use crate::session::Session;
use egui::{RichText, Ui};
use std::collections::HashMap;

/// Edit buffers of text fields, keyed by what they edit.
#[derive(Default)]
pub struct InspectorState {
    note: Option<(MentionId, String)>,
    attr_text: HashMap<(MentionId, String), String>,
    cluster_name: Option<(ClusterId, String)>,
    date: super::date_field::DateFieldState,
    focus_requested: bool,
}

impl InspectorState {
    /// Gives keyboard focus to the first control (the type) at the next frame.
    pub fn request_focus(&mut self) {
        self.focus_requested = true;
    }

    /// Whether a focus request is waiting for the next draw.
    pub fn focus_pending(&self) -> bool {
        self.focus_requested
    }
}

/// One relation or argument of the inspected mention (or of its entity/event).
struct LinkRow {
    text: String,
    other: Endpoint,
    other_label: String,
    delete: Action,
}

/// Relations and arguments touching any of `ends`, described from their side.
fn link_rows(p: &Project, ends: &[Endpoint]) -> Vec<LinkRow> {
    let mut out = Vec::new();
    for e in ends {
        let via = match e {
            Endpoint::Cluster(_) => " (via its entity/event)",
            Endpoint::Mention(_) => "",
        };
        for r in p.relations_of(e) {
            let name = p
                .schema()
                .relation_type(&r.type_key)
                .map(|t| t.name.as_str())
                .unwrap_or(&r.type_key);
            let (other, text) = if &r.from == e {
                (
                    r.to.clone(),
                    format!("{name} -> {}{via}", endpoint_name(p, &r.to)),
                )
            } else {
                (
                    r.from.clone(),
                    format!("{} -> {name} this{via}", endpoint_name(p, &r.from)),
                )
            };
            out.push(LinkRow {
                text,
                other_label: endpoint_name(p, &other),
                other,
                delete: Action::DeleteRelation(r.id.clone()),
            });
        }
        for a in p.arguments_of(e) {
            let (other, text) = if &a.event == e {
                (
                    a.target.clone(),
                    format!("{}: {}{via}", a.role, endpoint_name(p, &a.target)),
                )
            } else {
                (
                    a.event.clone(),
                    format!("{} of {}{via}", a.role, endpoint_name(p, &a.event)),
                )
            };
            out.push(LinkRow {
                text,
                other_label: endpoint_name(p, &other),
                other,
                delete: Action::DeleteArgument(a.id.clone()),
            });
        }
    }
    out
}

fn endpoint_name(p: &Project, e: &Endpoint) -> String {
    match e {
        Endpoint::Mention(m) => p
            .mention(m)
            .and_then(|m| {
                p.document(&m.doc).map(|d| {
                    format!(
                        "\u{201c}{}\u{201d} ({})",
                        excerpt(&m.covered_text(d.text()), 30),
                        d.name
                    )
                })
            })
            .unwrap_or_else(|| m.to_string()),
        Endpoint::Cluster(c) => p
            .cluster(c)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| c.to_string()),
    }
}

fn section(ui: &mut Ui, title: &str) {
    ui.add_space(8.0);
    ui.label(RichText::new(title).strong());
}

/// Draws the inspector for the selected mention of the active pane.
pub fn show(
    ui: &mut Ui,
    session: Option<&Session>,
    ws: &Workspace,
    state: &mut InspectorState,
) -> Vec<Action> {
    let mut out = Vec::new();
    ui.add_space(4.0);
    ui.heading("Inspector");
    let Some(s) = session else {
        ui.weak("No project open.");
        return out;
    };
    let p = s.project();
    let Some(m) = ws.selected().and_then(|id| p.mention(id)) else {
        state.focus_requested = false;
        nothing_selected(ui, p, ws);
        return out;
    };
    let Some(doc) = p.document(&m.doc) else {
        return out;
    };
    let def = p.schema().type_def(&m.type_key);
    egui::ScrollArea::vertical()
        .id_salt("inspector-scroll")
        .auto_shrink(false)
        .show(ui, |ui| {
            ui.add_space(4.0);
            ui.label(
                RichText::new(format!(
                    "\u{201c}{}\u{201d}",
                    excerpt(&m.covered_text(doc.text()), 80)
                ))
                .size(15.0),
            );
            type_section(ui, state, p, m, def, &mut out);
            let temporal = crate::temporal::is_temporal(p.schema(), &m.type_key);
            if temporal {
                section(ui, "Date");
                super::date_field::show(ui, &mut state.date, p, m, &mut out);
            }
            // The date's two attributes are the Date field's.
            let attrs: Vec<AttributeDef> = def
                .map(|d| d.attributes.iter())
                .into_iter()
                .flatten()
                .filter(|a| {
                    !temporal
                        || (a.key != TemporalSettings::EDTF_KEY
                            && a.key != TemporalSettings::RULE_KEY)
                })
                .cloned()
                .collect();
            if !attrs.is_empty() {
                attributes_section(ui, state, m, &attrs, &mut out);
            }
            note_section(ui, state, m, &mut out);
            fragments_section(ui, m, doc, &mut out);
            cluster_section(ui, state, p, m, def, &mut out);
            links_section(ui, p, m, &mut out);
            section(ui, "About");
            ui.weak(format!(
                "by {} \u{b7} created {} \u{b7} changed {}",
                if m.author.is_empty() {
                    "unknown"
                } else {
                    &m.author
                },
                m.created.format("%Y-%m-%d %H:%M"),
                m.modified.format("%Y-%m-%d %H:%M")
            ));
            ui.add_space(8.0);
            if ui
                .button(format!(
                    "Delete mention ({})",
                    shortcut_text(Command::DeleteMention)
                ))
                .clicked()
            {
                out.push(Action::Run(Command::DeleteMention));
            }
        });
    out
}

/// With no mention selected: how to tag and select, and the selected text if any.
fn nothing_selected(ui: &mut Ui, p: &Project, ws: &Workspace) {
    ui.weak("No mention selected.");
    ui.add_space(6.0);
    ui.label("Select text with the mouse or Shift+arrows, then press a label's key (see the palette) to tag it.");
    ui.label(format!(
        "Click a mention, or press {} / {}, to select it.",
        shortcut_text(Command::NextMention),
        shortcut_text(Command::PrevMention)
    ));
    if let Some(d) = ws.doc().and_then(|d| p.document(d)) {
        let sel = ws.selection().range();
        if !sel.is_empty() {
            section(ui, "Selected text");
            ui.label(format!(
                "\u{201c}{}\u{201d}",
                excerpt(&d.text()[sel.clone()], 80)
            ));
        }
    }
}

/// The type, with a chooser of the schema's types.
fn type_section(
    ui: &mut Ui,
    state: &mut InspectorState,
    p: &Project,
    m: &Mention,
    def: Option<&TypeDef>,
    out: &mut Vec<Action>,
) {
    section(ui, "Type");
    ui.horizontal(|ui| {
        let (r, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
        ui.painter()
            .rect_filled(r, 3.0, type_colour(p, &m.type_key));
        let current = def
            .map(|d| d.name.clone())
            .unwrap_or_else(|| m.type_key.to_string());
        let focus = std::mem::take(&mut state.focus_requested);
        ui.name_inputs("Mention type", |ui| {
            let r = egui::ComboBox::from_id_salt("inspector-type")
                .selected_text(current)
                .width(180.0)
                .show_ui(ui, |ui| {
                    for kind in [TypeKind::Entity, TypeKind::Event] {
                        for t in p.schema().types.iter().filter(|t| t.kind == kind) {
                            if ui
                                .selectable_label(t.key == m.type_key, t.name.as_str())
                                .clicked()
                                && t.key != m.type_key
                            {
                                out.push(Action::Retype(m.id.clone(), t.key.clone()));
                            }
                        }
                    }
                });
            if focus {
                r.response.request_focus();
                r.response.scroll_to_me(None);
                ui.ctx().request_repaint();
            }
        });
    });
}

/// The attributes the schema defines for the mention's type.
fn attributes_section(
    ui: &mut Ui,
    state: &mut InspectorState,
    m: &Mention,
    defs: &[AttributeDef],
    out: &mut Vec<Action>,
) {
    section(ui, "Attributes");
    egui::Grid::new("inspector-attrs")
        .num_columns(2)
        .show(ui, |ui| {
            for a in defs {
                ui.label(&a.name);
                attribute(ui, state, m, a, out);
                ui.end_row();
            }
        });
}

fn attribute(
    ui: &mut Ui,
    state: &mut InspectorState,
    m: &Mention,
    a: &AttributeDef,
    out: &mut Vec<Action>,
) {
    let current = m.attributes.get(&a.key);
    let set = |v: Option<AttrValue>| Action::SetAttribute(m.id.clone(), a.key.clone(), v);
    match &a.kind {
        AttributeKind::Flag => {
            let mut on = matches!(current, Some(AttrValue::Flag(true)));
            let r = ui.checkbox(&mut on, "").on_hover_text(&a.name);
            super::registry::name_widget(ui, &r, &a.name);
            if r.changed() {
                out.push(set(on.then_some(AttrValue::Flag(true))));
            }
        }
        AttributeKind::OneOf { values } => {
            let shown = match current {
                Some(AttrValue::Text(s)) => s.clone(),
                _ => "(not set)".into(),
            };
            ui.name_inputs(a.name.clone(), |ui| {
                egui::ComboBox::from_id_salt(("attr", &a.key))
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        if ui
                            .selectable_label(current.is_none(), "(not set)")
                            .clicked()
                        {
                            out.push(set(None));
                        }
                        for v in values {
                            let on = matches!(current, Some(AttrValue::Text(s)) if s == v);
                            if ui.selectable_label(on, v.as_str()).clicked() && !on {
                                out.push(set(Some(AttrValue::Text(v.clone()))));
                            }
                        }
                    });
            });
        }
        AttributeKind::Text => {
            let saved = match current {
                Some(AttrValue::Text(s)) => s.clone(),
                _ => String::new(),
            };
            let key = (m.id.clone(), a.key.clone());
            let buf = state
                .attr_text
                .entry(key.clone())
                .or_insert_with(|| saved.clone());
            let r = ui.add(
                egui::TextEdit::singleline(buf)
                    .hint_text(a.name.as_str())
                    .desired_width(160.0),
            );
            super::registry::name_widget(ui, &r, &a.name);
            if r.lost_focus() {
                let v = buf.trim().to_string();
                if v != saved {
                    out.push(set((!v.is_empty()).then_some(AttrValue::Text(v))));
                }
                state.attr_text.remove(&key);
            } else if !r.has_focus() && *buf != saved {
                *buf = saved; // changed elsewhere (undo)
            }
        }
    }
}

/// The note, committed when the field loses focus.
fn note_section(ui: &mut Ui, state: &mut InspectorState, m: &Mention, out: &mut Vec<Action>) {
    section(ui, "Note");
    if state.note.as_ref().is_none_or(|(id, _)| id != &m.id) {
        state.note = Some((m.id.clone(), m.note.clone()));
    }
    let (note_id, buf) = state.note.as_mut().expect("set above");
    let r = ui.add(
        egui::TextEdit::multiline(buf)
            .hint_text("Note (saved when you leave the field)")
            .desired_rows(2)
            .desired_width(f32::INFINITY),
    );
    super::registry::name_widget(ui, &r, "Note");
    if r.lost_focus() {
        if *buf != m.note {
            out.push(Action::SetNote(note_id.clone(), buf.clone()));
        }
    } else if !r.has_focus() && *buf != m.note {
        *buf = m.note.clone();
    }
}

/// The span, or the fragments of a discontinuous mention (each removable).
fn fragments_section(ui: &mut Ui, m: &Mention, doc: &Document, out: &mut Vec<Action>) {
    let text = doc.text();
    section(
        ui,
        if m.fragments.len() > 1 {
            "Fragments"
        } else {
            "Span"
        },
    );
    let idx = doc.index();
    for f in &m.fragments {
        let s = idx.byte_to_char(text, f.start()).unwrap_or(0);
        let e = idx.byte_to_char(text, f.end()).unwrap_or(0);
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("\u{201c}{}\u{201d}", excerpt(f.slice(text), 40)));
            ui.weak(format!("chars {s}\u{2013}{e}"));
            if m.fragments.len() > 1
                && ui
                    .small_button("Remove")
                    .on_hover_text("Remove this fragment")
                    .clicked()
            {
                out.push(Action::RemoveFragment(m.id.clone(), *f));
            }
        });
    }
    ui.weak(format!(
        "Add a fragment: select text and press {} (or Ctrl+drag).",
        shortcut_text(Command::AddFragment)
    ));
}

/// The entity or event the mention refers to, or how to link it to one.
fn cluster_section(
    ui: &mut Ui,
    state: &mut InspectorState,
    p: &Project,
    m: &Mention,
    def: Option<&TypeDef>,
    out: &mut Vec<Action>,
) {
    let kind_word = match def.map(|d| d.kind) {
        Some(TypeKind::Event) => "event",
        _ => "entity",
    };
    section(
        ui,
        if kind_word == "event" {
            "Event"
        } else {
            "Entity"
        },
    );
    match m.cluster.as_ref().and_then(|c| p.cluster(c)) {
        Some(c) => linked_cluster(ui, state, p, m, c, out),
        None => {
            ui.weak(format!("Not linked to an {kind_word}."));
            if ui
                .button(format!("New {kind_word} from mention"))
                .on_hover_text(shortcut_text(Command::NewEntityFromMention))
                .clicked()
            {
                out.push(Action::NewCluster(m.id.clone()));
            }
            let my_kind = def.map(|d| d.kind);
            let candidates: Vec<_> = p
                .clusters()
                .filter(|c| p.schema().type_def(&c.type_key).map(|d| d.kind) == my_kind)
                .collect();
            ui.weak(format!(
                "{} links it from the keyboard.",
                shortcut_text(Command::LinkPalette)
            ));
            if !candidates.is_empty() {
                ui.name_inputs("Link to existing", |ui| {
                    egui::ComboBox::from_id_salt("inspector-link")
                        .selected_text(format!("Link to an existing {kind_word}…"))
                        .width(220.0)
                        .show_ui(ui, |ui| {
                            for c in candidates {
                                let tname = p
                                    .schema()
                                    .type_def(&c.type_key)
                                    .map(|t| t.name.as_str())
                                    .unwrap_or("");
                                if ui
                                    .selectable_label(false, format!("{} ({tname})", c.name))
                                    .clicked()
                                {
                                    out.push(Action::Link(m.id.clone(), Some(c.id.clone())));
                                }
                            }
                        });
                });
            }
        }
    }
}

/// A linked mention's entity or event: its name (editable), counts, and where to go.
fn linked_cluster(
    ui: &mut Ui,
    state: &mut InspectorState,
    p: &Project,
    m: &Mention,
    c: &crate::model::Cluster,
    out: &mut Vec<Action>,
) {
    if state
        .cluster_name
        .as_ref()
        .is_none_or(|(id, _)| id != &c.id)
    {
        state.cluster_name = Some((c.id.clone(), c.name.clone()));
    }
    let (cid, name) = state.cluster_name.as_mut().expect("set above");
    let r = ui.add(egui::TextEdit::singleline(name).hint_text("Name of the entity or event"));
    super::registry::name_widget(ui, &r, "Name of the entity or event");
    if r.lost_focus() && *name != c.name {
        out.push(Action::RenameCluster(cid.clone(), name.clone()));
    } else if !r.has_focus() && *name != c.name {
        *name = c.name.clone();
    }
    let n = p.members(&c.id).count();
    let docs: std::collections::BTreeSet<_> = p.members(&c.id).map(|m| &m.doc).collect();
    ui.weak(format!("{n} mention(s) in {} document(s)", docs.len()));
    if let Some(ext) = &c.external_id {
        ui.weak(format!("external id {ext}"));
    }
    ui.horizontal(|ui| {
        if ui
            .button("Show in registry")
            .on_hover_text("List all its mentions with context")
            .clicked()
        {
            out.push(Action::OpenInRegistry(c.id.clone()));
        }
        if ui
            .button("Next mention")
            .on_hover_text(format!(
                "Its next mention in the corpus ({})",
                shortcut_text(Command::NextCorpusMention)
            ))
            .clicked()
        {
            out.push(Action::Run(Command::NextCorpusMention));
        }
    });
    if ui
        .button("Unlink")
        .on_hover_text("This mention no longer refers to it")
        .clicked()
    {
        out.push(Action::Link(m.id.clone(), None));
    }
}

/// Relations and arguments, each with a jump to the other end and a delete button.
fn links_section(ui: &mut Ui, p: &Project, m: &Mention, out: &mut Vec<Action>) {
    let me = Endpoint::Mention(m.id.clone());
    let mut ends = vec![me];
    if let Some(c) = &m.cluster {
        ends.push(Endpoint::Cluster(c.clone()));
    }
    let rows = link_rows(p, &ends);
    section(ui, "Relations and arguments");
    if rows.is_empty() {
        ui.weak("None yet.");
    }
    for r in rows {
        ui.horizontal_wrapped(|ui| {
            // Each row's buttons are named after their target: a screen reader lists them
            // apart ("Go to …", "Delete the link …"), not as five identical "Go".
            let go = ui
                .small_button("Go")
                .on_hover_text(format!("Go to {}", r.other_label));
            super::registry::name_widget(ui, &go, &format!("Go to {} ({})", r.other_label, r.text));
            if go.clicked() {
                out.push(Action::JumpToEndpoint(r.other.clone()));
            }
            let delete = ui
                .small_button("Delete")
                .on_hover_text(format!("Delete: {}", r.text));
            super::registry::name_widget(ui, &delete, &format!("Delete the link {}", r.text));
            if delete.clicked() {
                out.push(r.delete.clone());
            }
            ui.label(&r.text);
        });
    }
    if ui
        .button(format!(
            "Start relation / argument ({})",
            shortcut_text(Command::StartLink)
        ))
        .on_hover_text("Then click the other end in any document, or pick it in the registry")
        .clicked()
    {
        out.push(Action::StartLink(Endpoint::Mention(m.id.clone())));
    }
}
