//! The schema editor: a window over a draft copy of the schema. Types can be added, renamed,
//! recoloured and deleted, hotkeys set (conflicts are flagged as you type), attributes and
//! event roles defined. "Apply" turns the draft into one undoable edit (`Edit::SetSchema`,
//! validated by the core); deleting a type that is in use asks first and removes its mentions
//! and entities/events in the same edit.

use super::action::Action;
use crate::model::{
    AttributeDef, AttributeKind, Cardinality, Project, RoleDef, Schema, TypeDef, TypeKind,
    schema::{is_valid_key, parse_colour},
};
use egui::{Color32, RichText, Ui};

/// The open editor.
pub struct SchemaEditor {
    draft: Schema,
    /// The schema the draft started from.
    base: Schema,
    selected: usize,
    new_key: String,
    new_kind: TypeKind,
    new_attr: String,
    new_role: String,
    /// Deletions waiting for confirmation: (type key, mentions, entities/events).
    confirm: Option<Vec<(String, usize, usize)>>,
}

impl SchemaEditor {
    pub fn new(project: &Project) -> Self {
        Self {
            draft: project.schema().clone(),
            base: project.schema().clone(),
            selected: 0,
            new_key: String::new(),
            new_kind: TypeKind::Entity,
            new_attr: String::new(),
            new_role: String::new(),
            confirm: None,
        }
    }

    /// Starts over from the project's schema (after an apply).
    pub fn reset(&mut self, project: &Project) {
        let sel = self.selected;
        *self = Self::new(project);
        self.selected = sel.min(self.draft.types.len().saturating_sub(1));
    }

    fn deleted(&self) -> Vec<String> {
        self.base
            .types
            .iter()
            .filter(|t| self.draft.type_def(&t.key).is_none())
            .map(|t| t.key.clone())
            .collect()
    }

    /// The draft without references to deleted types.
    fn cleaned(&self) -> Schema {
        let mut s = self.draft.clone();
        let gone = self.deleted();
        for t in &mut s.types {
            for r in &mut t.roles {
                r.accepts.retain(|k| !gone.contains(k));
            }
        }
        for r in &mut s.relation_types {
            r.from.retain(|k| !gone.contains(k));
            r.to.retain(|k| !gone.contains(k));
        }
        s
    }

    fn hotkey_conflicts(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (i, a) in self.draft.types.iter().enumerate() {
            for b in &self.draft.types[i + 1..] {
                if let (Some(x), Some(y)) = (a.hotkey, b.hotkey)
                    && x.to_lowercase().eq(y.to_lowercase())
                {
                    out.push(a.key.clone());
                    out.push(b.key.clone());
                }
            }
        }
        out
    }

    /// Draws the window. Returns whether it stays open, and the actions asked for.
    pub fn show(&mut self, ctx: &egui::Context, project: &Project) -> (bool, Vec<Action>) {
        let mut out = Vec::new();
        let mut open = true;
        egui::Window::new("Schema editor")
            .id(egui::Id::unique("weft-schema-editor"))
            .open(&mut open)
            .default_size([720.0, 520.0])
            .show(ctx, |ui| {
                // Apply / Revert first, so they are never scrolled or clipped away.
                self.footer(ui, project, &mut out);
                ui.separator();
                let h = (ui.available_height() - 8.0).clamp(200.0, 600.0);
                ui.horizontal_top(|ui| {
                    ui.vertical(|ui| {
                        ui.set_width(200.0);
                        egui::ScrollArea::vertical()
                            .id_salt("schema-types")
                            .max_height(h)
                            .show(ui, |ui| self.type_list(ui));
                    });
                    ui.separator();
                    ui.vertical(|ui| {
                        egui::ScrollArea::vertical()
                            .id_salt("schema-detail")
                            .max_height(h)
                            .show(ui, |ui| self.type_detail(ui));
                    });
                });
            });
        if let Some(list) = self.confirm.clone() {
            let modal =
                egui::Modal::new(egui::Id::unique("weft-confirm-delete-type")).show(ctx, |ui| {
                    ui.heading("Delete types in use?");
                    for (k, m, c) in &list {
                        ui.label(format!(
                            "{k}: {m} mention(s) and {c} entit(ies)/event(s) will be deleted."
                        ));
                    }
                    ui.label("You can undo this with Ctrl+Z.");
                    ui.horizontal(|ui| {
                        if ui.button("Delete and apply").clicked() {
                            out.push(Action::ApplySchema {
                                schema: Box::new(self.cleaned()),
                                deleted: self.deleted(),
                            });
                            self.confirm = None;
                        }
                        if ui.button("Cancel").clicked() {
                            self.confirm = None;
                        }
                    });
                });
            // Escape cancels; a click beside the dialog does not (it is too easy to do by accident).
            if modal.is_top_modal && ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
                self.confirm = None;
            }
        }
        (open, out)
    }

    fn type_list(&mut self, ui: &mut Ui) {
        ui.strong("Types");
        let conflicts = self.hotkey_conflicts();
        for (i, t) in self.draft.types.iter().enumerate() {
            ui.horizontal(|ui| {
                let c = parse_colour(&t.colour)
                    .map(|[r, g, b]| Color32::from_rgb(r, g, b))
                    .unwrap_or(Color32::GRAY);
                let (r, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
                ui.painter().rect_filled(r, 2.0, c);
                let key = t
                    .hotkey
                    .map(|h| format!(" [{}]", h.to_uppercase()))
                    .unwrap_or_default();
                let mut text = RichText::new(format!("{}{key}", t.name));
                if conflicts.contains(&t.key) {
                    text = text.color(ui.visuals().error_fg_color);
                }
                if ui.selectable_label(self.selected == i, text).clicked() {
                    self.selected = i;
                }
            });
        }
        ui.add_space(8.0);
        ui.strong("New type");
        let r = ui.add(
            egui::TextEdit::singleline(&mut self.new_key)
                .hint_text("Key, e.g. WEAPON")
                .desired_width(170.0),
        );
        super::registry::name_widget(ui, &r, "Key of the new type");
        ui.horizontal(|ui| {
            ui.radio_value(&mut self.new_kind, TypeKind::Entity, "Entity");
            ui.radio_value(&mut self.new_kind, TypeKind::Event, "Event");
        });
        let key = self.new_key.trim().to_string();
        let ok = is_valid_key(&key) && self.draft.type_def(&key).is_none();
        if ui.add_enabled(ok, egui::Button::new("Add type")).clicked() {
            let name = {
                let lower = key.to_lowercase().replace('_', " ");
                let mut c = lower.chars();
                c.next()
                    .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                    .unwrap_or_default()
            };
            self.draft.types.push(TypeDef {
                key: key.clone(),
                name,
                kind: self.new_kind,
                colour: "#888888".into(),
                hotkey: None,
                attributes: vec![],
                roles: vec![],
            });
            self.selected = self.draft.types.len() - 1;
            self.new_key.clear();
        }
        if !key.is_empty() && !ok {
            ui.colored_label(
                ui.visuals().error_fg_color,
                "Use letters, digits, _ or -, not used yet.",
            );
        }
    }

    fn type_detail(&mut self, ui: &mut Ui) {
        let Some(t) = self.draft.types.get_mut(self.selected) else {
            ui.weak("No type selected.");
            return;
        };
        type_fields(ui, t);
        let delete = ui.button("Delete this type").clicked();
        ui.add_space(8.0);
        ui.strong("Attributes");
        let mut remove_attr = None;
        for (i, a) in t.attributes.iter_mut().enumerate() {
            if attribute_row(ui, i, a) {
                remove_attr = Some(i);
            }
        }
        if let Some(i) = remove_attr {
            t.attributes.remove(i);
        }
        new_attribute(ui, t, &mut self.new_attr);
        if t.kind == TypeKind::Event {
            ui.add_space(8.0);
            ui.strong("Roles");
            let mut remove_role = None;
            for (i, r) in t.roles.iter_mut().enumerate() {
                if role_row(ui, i, r) {
                    remove_role = Some(i);
                }
            }
            if let Some(i) = remove_role {
                t.roles.remove(i);
            }
            new_role(ui, t, &mut self.new_role);
        }
        if delete {
            self.draft.types.remove(self.selected);
            self.selected = self.selected.min(self.draft.types.len().saturating_sub(1));
        }
    }

    fn footer(&mut self, ui: &mut Ui, project: &Project, out: &mut Vec<Action>) {
        let cleaned = self.cleaned();
        let changed = cleaned != self.base;
        let valid = cleaned.validate();
        match &valid {
            Err(e) => {
                ui.colored_label(ui.visuals().error_fg_color, format!("Cannot apply: {e}"));
            }
            Ok(()) if changed => {
                ui.weak("Changes are not applied yet.");
            }
            Ok(()) => {
                ui.weak("No changes.");
            }
        }
        let deleted = self.deleted();
        if !deleted.is_empty() {
            ui.weak(format!("To be deleted: {}", deleted.join(", ")));
        }
        ui.horizontal(|ui| {
            if ui
                .add_enabled(changed && valid.is_ok(), egui::Button::new("Apply"))
                .on_hover_text("Apply the changes as one undoable edit")
                .clicked()
            {
                let in_use: Vec<(String, usize, usize)> = deleted
                    .iter()
                    .map(|k| {
                        (
                            k.clone(),
                            project.mentions().filter(|m| m.type_key == *k).count(),
                            project.clusters().filter(|c| &c.type_key == k).count(),
                        )
                    })
                    .filter(|(_, m, c)| m + c > 0)
                    .collect();
                if in_use.is_empty() {
                    out.push(Action::ApplySchema {
                        schema: Box::new(cleaned.clone()),
                        deleted,
                    });
                } else {
                    self.confirm = Some(in_use);
                }
            }
            if ui
                .add_enabled(changed, egui::Button::new("Revert"))
                .on_hover_text("Forget the changes made here")
                .clicked()
            {
                self.draft = self.base.clone();
            }
        });
    }
}

/// Key, kind, name, colour and hotkey of a type.
fn type_fields(ui: &mut Ui, t: &mut TypeDef) {
    egui::Grid::new("schema-type")
        .num_columns(2)
        .show(ui, |ui| {
            ui.label("Key");
            ui.monospace(&t.key);
            ui.end_row();
            ui.label("Kind");
            ui.label(match t.kind {
                TypeKind::Entity => "Entity",
                TypeKind::Event => "Event",
            });
            ui.end_row();
            let l = ui.label("Name");
            ui.text_edit_singleline(&mut t.name).labelled_by(l.id);
            ui.end_row();
            let l = ui.label("Colour");
            let mut rgb = parse_colour(&t.colour).unwrap_or([136, 136, 136]);
            if ui
                .color_edit_button_srgb(&mut rgb)
                .labelled_by(l.id)
                .changed()
            {
                t.colour = format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2]);
            }
            ui.end_row();
            let l = ui.label("Hotkey");
            let mut hk = t.hotkey.map(|c| c.to_string()).unwrap_or_default();
            if ui
                .add(
                    egui::TextEdit::singleline(&mut hk)
                        .desired_width(30.0)
                        .char_limit(1),
                )
                .labelled_by(l.id)
                .changed()
            {
                t.hotkey = hk.chars().next().map(|c| c.to_ascii_lowercase());
            }
            ui.end_row();
        });
}

/// One attribute of a type: name, kind (and values), remove. Returns whether to remove it.
fn attribute_row(ui: &mut Ui, i: usize, a: &mut AttributeDef) -> bool {
    let mut remove = false;
    ui.horizontal(|ui| {
        ui.monospace(&a.key);
        let r = ui.add(
            egui::TextEdit::singleline(&mut a.name)
                .hint_text("Display name")
                .desired_width(120.0),
        );
        super::registry::name_widget(ui, &r, &format!("Display name of attribute {}", a.key));
        let kind_name = match a.kind {
            AttributeKind::Flag => "Flag",
            AttributeKind::OneOf { .. } => "One of",
            AttributeKind::Text => "Text",
        };
        ui.name_inputs(format!("Kind of {}", a.key), |ui| {
            egui::ComboBox::from_id_salt(("attr-kind", i))
                .selected_text(kind_name)
                .show_ui(ui, |ui| {
                    if ui.selectable_label(kind_name == "Flag", "Flag").clicked() {
                        a.kind = AttributeKind::Flag;
                    }
                    if ui
                        .selectable_label(kind_name == "One of", "One of")
                        .clicked()
                        && kind_name != "One of"
                    {
                        a.kind = AttributeKind::OneOf { values: vec![] };
                    }
                    if ui.selectable_label(kind_name == "Text", "Text").clicked() {
                        a.kind = AttributeKind::Text;
                    }
                });
        });
        if ui
            .small_button("Remove")
            .on_hover_text(format!("Remove attribute {}", a.key))
            .clicked()
        {
            remove = true;
        }
    });
    if let AttributeKind::OneOf { values } = &mut a.kind {
        let mut joined = values.join(", ");
        ui.horizontal(|ui| {
            ui.add_space(20.0);
            let r = ui.add(
                egui::TextEdit::singleline(&mut joined)
                    .hint_text("Values, separated by commas")
                    .desired_width(260.0),
            );
            super::registry::name_widget(ui, &r, "Values, separated by commas");
            if r.changed() {
                *values = joined
                    .split(',')
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
                    .collect();
            }
        });
    }
    remove
}

/// The "new attribute" field and button.
fn new_attribute(ui: &mut Ui, t: &mut TypeDef, new_attr: &mut String) {
    ui.horizontal(|ui| {
        let r = ui.add(
            egui::TextEdit::singleline(new_attr)
                .hint_text("New attribute key")
                .desired_width(140.0),
        );
        super::registry::name_widget(ui, &r, &format!("New attribute key of {}", t.key));
        let k = new_attr.trim().to_string();
        let ok = is_valid_key(&k) && !t.attributes.iter().any(|a| a.key == k);
        if ui
            .add_enabled(ok, egui::Button::new("Add attribute"))
            .clicked()
        {
            t.attributes.push(AttributeDef {
                key: k.clone(),
                name: k.replace('_', " "),
                kind: AttributeKind::Flag,
            });
            new_attr.clear();
        }
    });
}

/// One role of an event type: accepted types, how many fill it, remove. Returns whether to
/// remove it.
fn role_row(ui: &mut Ui, i: usize, r: &mut RoleDef) -> bool {
    let mut remove = false;
    ui.horizontal(|ui| {
        ui.monospace(&r.key);
        let mut acc = r.accepts.join(", ");
        let resp = ui.add(
            egui::TextEdit::singleline(&mut acc)
                .hint_text("Accepted types (keys), empty = any")
                .desired_width(200.0),
        );
        super::registry::name_widget(ui, &resp, &format!("Types accepted by role {}", r.key));
        if resp.changed() {
            r.accepts = acc
                .split(',')
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .collect();
        }
        let card = match r.cardinality {
            Cardinality::Optional => "0 or 1",
            Cardinality::One => "exactly 1",
            Cardinality::Many => "any number",
        };
        ui.name_inputs(format!("How many fill {}", r.key), |ui| {
            egui::ComboBox::from_id_salt(("role-card", i))
                .selected_text(card)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut r.cardinality, Cardinality::Optional, "0 or 1");
                    ui.selectable_value(&mut r.cardinality, Cardinality::One, "exactly 1");
                    ui.selectable_value(&mut r.cardinality, Cardinality::Many, "any number");
                });
        });
        if ui
            .small_button("Remove")
            .on_hover_text(format!("Remove role {}", r.key))
            .clicked()
        {
            remove = true;
        }
    });
    remove
}

/// The "new role" field and button.
fn new_role(ui: &mut Ui, t: &mut TypeDef, new_role: &mut String) {
    ui.horizontal(|ui| {
        let r = ui.add(
            egui::TextEdit::singleline(new_role)
                .hint_text("New role key")
                .desired_width(140.0),
        );
        super::registry::name_widget(ui, &r, &format!("New role key of {}", t.key));
        let k = new_role.trim().to_string();
        let ok = is_valid_key(&k) && !t.roles.iter().any(|r| r.key == k);
        if ui.add_enabled(ok, egui::Button::new("Add role")).clicked() {
            t.roles.push(RoleDef {
                key: k.clone(),
                name: k.replace('_', " "),
                accepts: vec![],
                cardinality: Cardinality::Many,
            });
            new_role.clear();
        }
    });
}
