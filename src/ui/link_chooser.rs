//! Relations and event arguments between two picked ends. The user starts from a mention or an
//! entity/event ([`super::commands::Command::StartLink`]), then picks the other end by clicking
//! a mention in any document or choosing an entity/event in the registry. This chooser lists
//! every relation type and argument role of the schema for that pair: the allowed ones as
//! buttons, the forbidden ones greyed with the reason the core gives.
//!
//! Each end picked as a mention can stand for itself or for its entity or event ([`levels`]):
//! an event argument between the coup and Pinochet is a fact about the event and the person,
//! true in every document, while one between two mentions is about one sentence. A linked
//! mention defaults to its entity or event; radio buttons switch ([`ChooserState`]).

use super::action::Action;
use crate::edit::ops as link_ops;
use crate::model::{Endpoint, Project, TypeKind};
use egui::RichText;

/// What one end of the link stands for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Level {
    /// The entity or event of a linked mention (the default for one).
    #[default]
    Cluster,
    /// The mention itself.
    Mention,
}

/// The levels an end can take, the default first: a linked mention offers its entity or event
/// and itself; an unlinked mention, or an entity/event picked in the registry, only itself.
pub fn levels(p: &Project, e: &Endpoint) -> Vec<Level> {
    match e {
        Endpoint::Mention(m) if p.mention(m).is_some_and(|m| m.cluster.is_some()) => {
            vec![Level::Cluster, Level::Mention]
        }
        Endpoint::Mention(_) => vec![Level::Mention],
        Endpoint::Cluster(_) => vec![Level::Cluster],
    }
}

/// The end as it is linked at `level`: a linked mention's entity or event, or the end itself.
pub fn at_level(p: &Project, e: &Endpoint, level: Level) -> Endpoint {
    match (e, level) {
        (Endpoint::Mention(m), Level::Cluster) => p
            .mention(m)
            .and_then(|m| m.cluster.clone())
            .map(Endpoint::Cluster)
            .unwrap_or_else(|| e.clone()),
        _ => e.clone(),
    }
}

/// The levels chosen for the pair the chooser shows (reset to the defaults for a new pair).
#[derive(Clone, Debug, Default)]
pub struct ChooserState {
    pair: Option<(Endpoint, Endpoint)>,
    pub from: Level,
    pub to: Level,
}

impl ChooserState {
    /// The levels for `from` → `to`: kept while the pair is the same, else each end's default.
    pub fn for_pair(&mut self, p: &Project, from: &Endpoint, to: &Endpoint) {
        let pair = (from.clone(), to.clone());
        if self.pair.as_ref() != Some(&pair) {
            self.from = levels(p, from)[0];
            self.to = levels(p, to)[0];
            self.pair = Some(pair);
        }
    }

    /// The two ends at their chosen levels.
    pub fn ends(&self, p: &Project, from: &Endpoint, to: &Endpoint) -> (Endpoint, Endpoint) {
        (at_level(p, from, self.from), at_level(p, to, self.to))
    }
}

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

/// The radio buttons of one end's levels ("From the event Coup" / "From the mention …").
fn level_row(ui: &mut egui::Ui, p: &Project, side: &str, end: &Endpoint, level: &mut Level) {
    let offered = levels(p, end);
    if offered.len() < 2 {
        ui.label(format!("{side} {}", end_label(p, end)));
        return;
    }
    ui.horizontal_wrapped(|ui| {
        for l in offered {
            let e = at_level(p, end, l);
            let what = match (&e, is_event(p, &e)) {
                (Endpoint::Mention(_), _) => "the mention",
                (Endpoint::Cluster(_), true) => "the event",
                (Endpoint::Cluster(_), false) => "the entity",
            };
            let text = format!("{side} {what} {}", end_label(p, &e));
            ui.radio_value(level, l, text).on_hover_text(match l {
                Level::Cluster => "A fact about the entity or event, true in every document",
                Level::Mention => "A link between these words only",
            });
        }
    });
}

/// Draws the chooser for `from` → `to`. Returns the actions and whether it stays open.
pub fn show(
    ctx: &egui::Context,
    p: &Project,
    from: &Endpoint,
    to: &Endpoint,
    state: &mut ChooserState,
) -> (Vec<Action>, bool) {
    let mut out = Vec::new();
    let mut keep = true;
    state.for_pair(p, from, to);
    let escape = ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape));
    egui::Window::new("Relation or argument")
        .id(egui::Id::unique("weft-link-chooser"))
        .collapsible(false)
        .resizable(false)
        .default_width(420.0)
        .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 70.0))
        .open(&mut keep)
        .show(ctx, |ui| {
            level_row(ui, p, "From", from, &mut state.from);
            level_row(ui, p, "To", to, &mut state.to);
            let (a, b) = state.ends(p, from, to);
            ui.separator();
            if a == b {
                ui.weak("Both ends are the same entity or event: choose the mention for one.");
                return;
            }
            let list = choices(p, &a, &b);
            if list.is_empty() {
                ui.weak("The schema defines no relation types or roles for this pair.");
            }
            choice_buttons(ui, &list, &mut out);
        });
    if escape || !out.is_empty() {
        keep = false;
    }
    (out, keep)
}

/// The allowed choices as buttons (the first takes the keyboard), the forbidden ones greyed
/// with their reason.
fn choice_buttons(ui: &mut egui::Ui, list: &[LinkChoice], out: &mut Vec<Action>) {
    let mut first = true;
    for c in list {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{Edit, apply};
    use crate::model::{
        Cluster, ClusterId, DocId, Document, Mention, MentionId, Provenance, Schema, TextRange,
    };

    const TEXT: &str = "The coup: the general led it.";

    fn project() -> Project {
        let mut p = Project::new("t", Schema::default_news());
        let d = Document::new(DocId::new("d"), "d", TEXT, Provenance::default());
        apply(&mut p, Edit::InsertDocument { index: 0, doc: d }).unwrap();
        let c = Cluster {
            layer: Default::default(),
            id: ClusterId::new("c_gen"),
            type_key: "PERSON".into(),
            name: "The General".into(),
            external_id: None,
            attributes: Default::default(),
            note: String::new(),
        };
        apply(&mut p, Edit::InsertCluster(c)).unwrap();
        for (id, word, ty, cluster) in [
            ("m_coup", "coup", "COUP", None),
            ("m_gen", "general", "PERSON", Some("c_gen")),
        ] {
            let s = TEXT.find(word).unwrap();
            let m = Mention {
                layer: Default::default(),
                id: MentionId::new(id),
                doc: DocId::new("d"),
                type_key: ty.into(),
                fragments: smallvec::smallvec![TextRange::new(TEXT, s, s + word.len()).unwrap()],
                attributes: Default::default(),
                note: String::new(),
                cluster: cluster.map(ClusterId::new),
                author: "t".into(),
                created: chrono::DateTime::UNIX_EPOCH,
                modified: chrono::DateTime::UNIX_EPOCH,
            };
            apply(&mut p, Edit::InsertMention(m)).unwrap();
        }
        p
    }

    #[test]
    fn a_linked_mention_defaults_to_its_entity_and_can_stand_for_itself() {
        let p = project();
        let coup = Endpoint::Mention(MentionId::new("m_coup"));
        let general = Endpoint::Mention(MentionId::new("m_gen"));
        let entity = Endpoint::Cluster(ClusterId::new("c_gen"));
        assert_eq!(levels(&p, &coup), [Level::Mention]);
        assert_eq!(levels(&p, &general), [Level::Cluster, Level::Mention]);
        assert_eq!(levels(&p, &entity), [Level::Cluster]);
        assert_eq!(at_level(&p, &general, Level::Cluster), entity);
        assert_eq!(at_level(&p, &general, Level::Mention), general);
        assert_eq!(
            at_level(&p, &coup, Level::Cluster),
            coup,
            "unlinked: itself"
        );

        let mut st = ChooserState::default();
        st.for_pair(&p, &coup, &general);
        assert_eq!((st.from, st.to), (Level::Mention, Level::Cluster));
        assert_eq!(st.ends(&p, &coup, &general), (coup.clone(), entity.clone()));
        st.to = Level::Mention;
        st.for_pair(&p, &coup, &general);
        assert_eq!(st.to, Level::Mention, "kept for the same pair");
        st.for_pair(&p, &general, &coup);
        assert_eq!(
            (st.from, st.to),
            (Level::Cluster, Level::Mention),
            "a new pair"
        );
    }
}
