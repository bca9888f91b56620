//! The frame loop. `logic` turns shortcuts into actions, applies them, journals the edits,
//! autosaves and sets the window title; `ui` lays out the panels, which return actions, and
//! applies those at the end of the frame.

use super::WeftApp;
use crate::session::autosave::Decision;
use crate::ui::action::Action;
use crate::ui::commands::{self, Command, Scope};
use crate::ui::doc_view::pane_view_id;
use crate::ui::view_model::status;
use crate::ui::workspace::RightTab;
use crate::ui::{inspector, link_chooser, palette, registry};

impl WeftApp {
    /// Whether the document view has the keyboard (plain keys then mean commands). Not while
    /// a menu or popup is open: egui keeps that in memory across frames
    /// ([`egui::Popup::is_any_open`]); `Context::any_popup_open` only knows the popups drawn so
    /// far in this pass, none yet when `logic` runs, which let Escape clear the selection
    /// instead of closing the menu.
    fn doc_view_has_keys(&self, ctx: &egui::Context) -> bool {
        !egui::Popup::is_any_open(ctx)
            && self.asking.is_none()
            && !self.panels.link_palette.is_open()
            && self.ws.link_pick.is_none()
            && match ctx.memory(|m| m.focused()) {
                None => true,
                Some(id) => self.ws.panes().iter().any(|p| pane_view_id(p.id) == id),
            }
    }

    fn handle_keys(&mut self, ctx: &egui::Context) {
        self.escape_window(ctx);
        let doc_keys = self.doc_view_has_keys(ctx);
        for (shortcut, cmd, scope) in commands::shortcut_order() {
            if scope == Scope::DocView && !doc_keys {
                continue;
            }
            let n = ctx
                .input_mut(|i| i.count_and_consume_key(shortcut.modifiers, shortcut.logical_key));
            for _ in 0..n {
                self.pending.push(Action::Run(cmd));
            }
        }
        if doc_keys && let Some(p) = self.project() {
            let tags = label_hotkeys(ctx, p.schema());
            self.pending.extend(tags.into_iter().map(Action::Tag));
        }
    }

    /// Appends the edits applied since the last frame to the recovery journal.
    fn journal_edits(&mut self) {
        if let Some(s) = self.session.as_mut()
            && let Err(e) = s.journal()
        {
            self.notice = Some(format!("Cannot write the recovery journal: {e}"));
        }
    }

    fn autosave(&mut self, ctx: &egui::Context) {
        let Some(s) = self.session.as_mut() else {
            return;
        };
        match s.autosave_decision(self.time) {
            Decision::Save => {
                self.save_now();
            }
            Decision::Wait { secs } => {
                ctx.request_repaint_after(std::time::Duration::from_secs_f64(secs + 0.05));
            }
            Decision::Clean | Decision::HeldAfterFailure => {}
        }
    }

    /// The window title: "• name – document — Weft" while unsaved.
    pub fn title(&self) -> String {
        match &self.session {
            None => match &self.opening {
                Some(o) => format!("{} (opening) \u{2014} Weft", o.preview().project.name),
                None => "Weft".into(),
            },
            Some(s) => {
                let dirty = if s.is_dirty() { "\u{2022} " } else { "" };
                let doc = self
                    .document()
                    .map(|d| format!(" \u{2013} {}", d.name))
                    .unwrap_or_default();
                format!("{dirty}{}{doc} \u{2014} Weft", s.project().name)
            }
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let t = self.title();
        if self.last_title.as_ref() != Some(&t) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(t.clone()));
            self.last_title = Some(t);
        }
    }

    fn flush_pending(&mut self) {
        // Applying may queue more (a command that opens a document, say); bounded anyway.
        for _ in 0..4 {
            if self.pending.is_empty() {
                break;
            }
            for a in std::mem::take(&mut self.pending) {
                self.apply(a);
            }
        }
    }

    /// The right panel: the inspector or the registry, with tabs to switch.
    fn right_panel(&mut self, ui: &mut egui::Ui) -> Vec<Action> {
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            for (tab, name, cmd) in [
                (RightTab::Inspector, "Inspector", Command::FocusInspector),
                (RightTab::Registry, "Registry", Command::ShowRegistry),
            ] {
                if ui
                    .selectable_label(self.ws.right_tab == tab, name)
                    .on_hover_text(commands::shortcut_text(cmd))
                    .clicked()
                {
                    self.ws.right_tab = tab;
                }
            }
        });
        ui.separator();
        let s = self.session.as_ref();
        match self.ws.right_tab {
            RightTab::Inspector => inspector::show(ui, s, &self.ws, &mut self.panels.inspector),
            RightTab::Registry => registry::show(ui, s, &self.ws, &mut self.panels.registry),
        }
    }

    /// The floating windows: linking palette and chooser, schema editor, review, transfer,
    /// help, messages.
    fn windows(&mut self, ctx: &egui::Context) {
        let s = self.session.as_ref();
        if s.is_some() {
            let focus = pane_view_id(self.ws.active().id);
            let acts = self.panels.link_palette.show(ctx, s, &self.ws, focus);
            self.pending.extend(acts);
        }
        if let (Some(s), Some((from, to))) = (s, self.ws.link_pick.clone()) {
            let state = &mut self.panels.link_chooser;
            let (acts, keep) = link_chooser::show(ctx, s.project(), &from, &to, state);
            self.pending.extend(acts);
            if !keep {
                self.ws.link_pick = None;
            }
        }
        if let (Some(ed), Some(s)) = (self.panels.schema_editor.as_mut(), s) {
            let (keep, acts) = ed.show(ctx, s.project());
            self.pending.extend(acts);
            if !keep {
                self.panels.schema_editor = None;
            }
        }
        let acts = self.panels.review.show(ctx, s, &self.ws);
        self.pending.extend(acts);
        let current = crate::ui::text_settings::Current {
            line_chars: self.prefs.line_chars,
            fonts: &self.prefs.fonts,
        };
        let acts = self
            .panels
            .text_settings
            .show(ctx, s, &self.ws, &current, &self.fonts);
        self.pending.extend(acts);
        let acts = self.panels.timeline.show(ctx, s, &self.ws);
        self.pending.extend(acts);
        let acts = self.panels.graph.show(ctx, s, &self.ws);
        self.pending.extend(acts);
        let acts = self.panels.stats.show(ctx, s, &self.ws);
        self.pending.extend(acts);
        for request in self.panels.transfer.show(ctx) {
            self.start_transfer(request);
        }
        if let Some(finished) = self.panels.transfer.poll() {
            self.finish_transfer(finished);
        }
        let acts = self.team_windows(ctx);
        self.pending.extend(acts);
        self.help_window(ctx);
        self.messages_window(ctx);
        self.file_chooser_window(ctx);
    }
}

/// Label hotkeys: a plain key bound to a type in the schema. Their key events are taken (and
/// the matching text events, which would otherwise reach a newly focused field).
fn label_hotkeys(ctx: &egui::Context, schema: &crate::model::Schema) -> Vec<String> {
    let mut tags = Vec::new();
    ctx.input_mut(|i| {
        i.events.retain(|e| {
            if let egui::Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } = e
                && !modifiers.command
                && !modifiers.ctrl
                && !modifiers.alt
                && !modifiers.mac_cmd
            {
                let name = key.name();
                let mut chars = name.chars();
                if let (Some(c), None) = (chars.next(), chars.next())
                    && let Some(t) = schema.type_for_hotkey(c)
                {
                    tags.push(t.key.clone());
                    return false;
                }
            }
            true
        });
        if !tags.is_empty() {
            i.events.retain(|e| !matches!(e, egui::Event::Text(_)));
        }
    });
    tags
}

impl eframe::App for WeftApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.time = ctx.input(|i| i.time);
        self.poll_opening(ctx);
        self.poll_suggestions(ctx);
        self.handle_keys(ctx);
        self.flush_pending();
        self.journal_edits();
        self.autosave(ctx);
        self.update_title(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let menu = egui::Panel::top("weft-menu").show(ui, |ui| self.menu_bar(ui));
        self.panels.menu_bottom = menu.response.rect.bottom();
        let mut line = status::build(self.session.as_ref(), &self.ws, self.notice.as_deref());
        line.annotator = line
            .annotator
            .or_else(|| Some(self.author.clone()).filter(|a| !a.is_empty()));
        let focus_to_inspector = self.panels.inspector.focus_pending();
        egui::Panel::bottom("weft-status").show(ui, |ui| crate::ui::status::show(ui, &line));
        let left = egui::Panel::left("weft-left")
            .resizable(true)
            .default_size(230.0)
            .show(ui, |ui| match &self.opening {
                Some(o) if self.session.is_none() => {
                    o.palette(ui);
                    Vec::new()
                }
                _ => palette::show(ui, self.session.as_ref(), &self.ws, &self.prefs.recent),
            })
            .inner;
        self.pending.extend(left);
        let right = egui::Panel::right("weft-inspector")
            .resizable(true)
            .default_size(320.0)
            .show(ui, |ui| self.right_panel(ui))
            .inner;
        self.pending.extend(right);
        // Under the text only, so the registry keeps its height.
        if self.panels.search.is_open() && self.session.is_some() {
            let acts = egui::Panel::bottom("weft-search")
                .resizable(true)
                .default_size(220.0)
                .show(ui, |ui| self.panels.search.show(ui, self.session.as_ref()))
                .inner;
            self.pending.extend(acts);
        }
        self.update_overlays();
        let centre = egui::CentralPanel::default()
            .frame(egui::Frame::central_panel(ui.style()).inner_margin(0))
            .show(ui, |ui| self.central(ui, !focus_to_inspector))
            .inner;
        // The views have served this frame's scroll and caret requests.
        self.ws.clear_view_requests();
        self.pending.extend(centre);
        self.windows(&ctx);
        self.flush_pending();
        self.update_title(&ctx);
        self.suggest.frame_drawn(&ctx);
        self.opening_frame_drawn(&ctx);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if self.session.as_ref().is_some_and(|s| s.is_dirty()) {
            self.save_now();
        }
    }
}
