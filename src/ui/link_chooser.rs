//! Relations and event arguments between two picked ends. The user starts from a mention or an
//! entity/event ([`super::commands::Command::StartLink`]), then picks the other end by clicking
//! a mention in any document or choosing an entity/event in the registry. This chooser lists
//! every relation type and argument role of the schema for that pair: the allowed ones as
//! buttons, the forbidden ones greyed with the reason the core gives.

use super::action::Action;
use crate::edit::ops as link_ops;
use crate::model::{Endpoint, Project, TypeKind};
use egui::RichText;

/// What one choice would create.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkKind {
    Relation {
        type_key: String,
        from: Endpoint,
        to: Endpoint,
    },
    Argument {
        event: Endpoint,
        role: String,
        target: Endpoint,
    },
}

/// One row of the chooser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkChoice {
    pub kind: LinkKind,
    /// "member of", "agent of Coup"
    pub name: String,
    /// Why the schema refuses it, if it does.
    pub forbidden: Option<String>,
}

/// Describes an end for labels: the mention's text and document, or the entity's name.
pub fn end_label(p: &Project, e: &Endpoint) -> String {
    match e {
        Endpoint::Mention(m) => p
            .mention(m)
            .and_then(|m| {
                p.document(&m.doc).map(|d| {
                    format!(
                        "\u{201c}{}\u{201d} ({})",
                        crate::edit::ops::excerpt(&m.covered_text(d.text()), 30),
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

fn is_event(p: &Project, e: &Endpoint) -> bool {
    p.endpoint_type(e)
        .and_then(|t| p.schema().type_def(t))
        .is_some_and(|t| t.kind == TypeKind::Event)
}

/// Every relation type (from → to) and every role of an event end, each allowed or forbidden
/// with the core's reason (`relation_types_for`, `roles_for`).
pub fn choices(p: &Project, from: &Endpoint, to: &Endpoint) -> Vec<LinkChoice> {
    let mut out = Vec::new();
    for c in link_ops::relation_types_for(p, from, to) {
        let (key, name, forbidden) = match c {
            link_ops::RelTypeChoice::Allowed { key, name, .. } => (key, name, None),
            link_ops::RelTypeChoice::Forbidden { key, name, reason } => (key, name, Some(reason)),
        };
        out.push(LinkChoice {
            kind: LinkKind::Relation {
                type_key: key,
                from: from.clone(),
                to: to.clone(),
            },
            name,
            forbidden,
        });
    }
    // Arguments: whichever end is an event takes the other as a role filler.
    for (event, target) in [(from, to), (to, from)] {
        if !is_event(p, event) || event == target {
            continue;
        }
        let ev_name = p
            .endpoint_type(event)
            .and_then(|t| p.schema().type_def(t))
            .map(|d| d.name.clone())
            .unwrap_or_default();
        for c in link_ops::roles_for(p, event, target) {
            let (key, name, forbidden) = match c {
                link_ops::RoleChoice::Allowed { key, name, .. } => (key, name, None),
                link_ops::RoleChoice::Forbidden { key, name, reason } => (key, name, Some(reason)),
            };
            out.push(LinkChoice {
                kind: LinkKind::Argument {
                    event: event.clone(),
                    role: key,
                    target: target.clone(),
                },
                name: format!("{name} of {ev_name}"),
                forbidden,
            });
        }
    }
    // Allowed first, each group in schema order.
    out.sort_by_key(|c| c.forbidden.is_some());
    out
}

/// Draws the chooser for `from` → `to`. Returns the actions and whether it stays open.
pub fn show(
    ctx: &egui::Context,
    p: &Project,
    from: &Endpoint,
    to: &Endpoint,
) -> (Vec<Action>, bool) {
    let mut out = Vec::new();
    let mut keep = true;
    let list = choices(p, from, to);
    let escape = ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape));
    egui::Window::new("Relation or argument")
        .id(egui::Id::unique("weft-link-chooser"))
        .collapsible(false)
        .resizable(false)
        .default_width(420.0)
        .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 70.0))
        .open(&mut keep)
        .show(ctx, |ui| {
            ui.label(format!("From {}", end_label(p, from)));
            ui.label(format!("to {}", end_label(p, to)));
            ui.separator();
            if list.is_empty() {
                ui.weak("The schema defines no relation types or roles for this pair.");
            }
            let mut first = true;
            for c in &list {
                match &c.forbidden {
                    None => {
                        let r = ui.add(
                            egui::Button::new(c.name.as_str())
                                .min_size(egui::vec2(ui.available_width(), 0.0)),
                        );
                        let elsewhere = ui.memory(|m| {
                            m.focused()
                                .is_some_and(|f| f != super::doc_view::doc_view_id())
                        });
                        if first && !elsewhere {
                            r.request_focus();
                        }
                        first = false;
                        if r.clicked() {
                            out.push(match &c.kind {
                                LinkKind::Relation { type_key, from, to } => Action::AddRelation {
                                    type_key: type_key.clone(),
                                    from: from.clone(),
                                    to: to.clone(),
                                },
                                LinkKind::Argument {
                                    event,
                                    role,
                                    target,
                                } => Action::AddArgument {
                                    event: event.clone(),
                                    role: role.clone(),
                                    target: target.clone(),
                                },
                            });
                        }
                    }
                    Some(why) => {
                        ui.add_enabled(false, egui::Button::new(c.name.as_str()))
                            .on_disabled_hover_text(why.as_str());
                        ui.label(RichText::new(format!("    {why}")).weak().small());
                    }
                }
            }
        });
    if escape || !out.is_empty() {
        keep = false;
    }
    (out, keep)
}
