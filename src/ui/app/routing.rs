//! Command routing: what each command of the table does. Whether a command needs an open
//! project is a column of the table ([`crate::ui::commands::Needs`]), checked here once for
//! menus, shortcuts and buttons alike.
//!
//! Escape, in order: an open menu or popup closes (egui does that itself, so Escape is left to
//! it); else the top window closes ([`WeftApp::escape_window`]: Weft's file chooser first, as it
//! is modal, then whichever window egui draws on top); else it is the table's Escape (cancel a
//! relation being drawn, clear the selection).

use super::WeftApp;
use crate::ui::action::Action;
use crate::ui::commands::{self, Command};
use crate::ui::schema_editor;
use crate::ui::transfer;
use crate::ui::workspace::{RightTab, Selection};

/// The windows Escape can close.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Closable {
    FileChooser,
    LinkChooser,
    LinkPalette,
    Messages,
    SchemaEditor,
    Review,
    Transfer,
    Help,
}

impl WeftApp {
    /// Runs a command of the table.
    pub(super) fn run(&mut self, cmd: Command) {
        if !commands::available(cmd, self.session.is_some()) {
            self.notice = Some("Open or create a project first.".into());
            return;
        }
        if let Some(what) = super::team::command_edits(cmd)
            && self.refuse_if_read_only(what)
        {
            return;
        }
        use Command::*;
        match cmd {
            NewProject => self.new_project(),
            OpenProject => self.open_project_dialog(),
            AddTexts => self.add_texts_dialog(),
            AddFolder => self.add_folder_dialog(),
            Save => {
                if self.save_now() {
                    self.notice = Some("Saved.".into());
                }
            }
            ExportJson => self.export_json(),
            ImportData => self.panels.transfer.open(transfer::Direction::Import),
            ExportData => self.panels.transfer.open(transfer::Direction::Export),
            CloseProject => {
                self.close_project();
            }
            Undo | Redo => self.undo_redo(cmd == Undo),
            DeleteMention => self.delete_selected(),
            AddFragment => {
                let r = self.ws.selection().range();
                self.apply(Action::AddFragment(r));
            }
            NewEntityFromMention => {
                if let Some(m) = self.ws.selected().cloned() {
                    self.apply(Action::NewCluster(m));
                }
            }
            NextMention => self.step_mention(true),
            PrevMention => self.step_mention(false),
            ClearSelection => self.clear_selection(),
            MoveLeft | MoveRight | ExtendLeft | ExtendRight | WordLeft | WordRight
            | ExtendWordLeft | ExtendWordRight | MoveUp | MoveDown | ExtendUp | ExtendDown
            | LineStart | LineEnd | ExtendLineStart | ExtendLineEnd => self.move_caret(cmd),
            NextDocument => self.step_document(true),
            PrevDocument => self.step_document(false),
            LinkPalette => self.open_link_palette(),
            StartLink => self.start_link_here(),
            ShowRegistry => {
                self.ws.right_tab = if self.ws.right_tab == RightTab::Registry {
                    RightTab::Inspector
                } else {
                    RightTab::Registry
                };
            }
            CorpusSearch => self.panels.search.open(),
            AcceptSuggestion => self.accept_suggestion(),
            RejectSuggestion => self.reject_suggestion(),
            NextSuggestion => self.next_suggestion(),
            ToggleSuggestions => self.ws.show_suggestions = !self.ws.show_suggestions,
            OpenBeside => self.open_next_beside(),
            ClosePane => self.close_pane(self.ws.active_index()),
            NextCorpusMention => self.step_corpus_mention(true),
            PrevCorpusMention => self.step_corpus_mention(false),
            _ => self.run_view(cmd),
        }
    }

    /// Commands about windows and the look.
    fn run_view(&mut self, cmd: Command) {
        use Command::*;
        match cmd {
            SchemaEditor => {
                if let Some(p) = self.project() {
                    self.panels.schema_editor = Some(schema_editor::SchemaEditor::new(p));
                }
            }
            ReviewList => self.panels.review.open = !self.panels.review.open,
            TextSettings => self.panels.text_settings.open = !self.panels.text_settings.open,
            ShowTimeline => self.panels.timeline.open = !self.panels.timeline.open,
            ShowGraph => self.panels.graph.open = !self.panels.graph.open,
            ShowStatistics => self.panels.stats.open = !self.panels.stats.open,
            FocusInspector => {
                self.ws.right_tab = RightTab::Inspector;
                self.panels.inspector.request_focus();
            }
            Help => {
                self.panels.show_help = !self.panels.show_help;
                self.panels.help_focus = self.panels.show_help;
            }
            BuiltinFileChooser => {
                self.prefs.builtin_file_chooser = !self.prefs.builtin_file_chooser;
            }
            ToggleTheme => {
                self.prefs.dark = !self.prefs.dark;
                self.apply_look();
            }
            ZoomIn | ZoomOut | ZoomReset => {
                self.prefs.zoom = match cmd {
                    ZoomIn => (self.prefs.zoom + 0.1).min(3.0),
                    ZoomOut => (self.prefs.zoom - 0.1).max(0.5),
                    _ => 1.0,
                };
                self.prefs.zoom = (self.prefs.zoom * 10.0).round() / 10.0;
                self.apply_look();
            }
            Annotator | Layers | EditOwnLayer | Curation | Agreement => self.run_team(cmd),
            _ => {}
        }
    }

    /// Undo or redo through the session; a step that cannot be applied is shown, and the
    /// project stays as it was.
    fn undo_redo(&mut self, undo: bool) {
        let Some(s) = self.session.as_mut() else {
            return;
        };
        let result = if undo { s.undo() } else { s.redo() };
        match result {
            Ok(label) => {
                self.notice = Some(match (label, undo) {
                    (Some(l), true) => format!("Undid: {l}"),
                    (Some(l), false) => format!("Redid: {l}"),
                    (None, true) => "Nothing to undo.".into(),
                    (None, false) => "Nothing to redo.".into(),
                });
                self.fix_references();
            }
            Err(e) => self.error("Cannot undo or redo", vec![e.to_string()]),
        }
    }

    /// The windows open now that Escape may close, with their egui ids, in the order they
    /// win when egui's layer order cannot tell (first wins).
    fn closable_windows(&self) -> Vec<(Closable, egui::Id)> {
        let mut open = Vec::new();
        let mut add = |on: bool, w: Closable, id: &str| {
            if on {
                open.push((w, egui::Id::unique(id)));
            }
        };
        add(
            self.asking.is_some(),
            Closable::FileChooser,
            "weft-file-chooser",
        );
        add(
            self.ws.link_pick.is_some(),
            Closable::LinkChooser,
            "weft-link-chooser",
        );
        add(
            self.panels.link_palette.is_open(),
            Closable::LinkPalette,
            "weft-link-palette",
        );
        // Messages with an offer (restore after a crash…) are answered, never waved away.
        add(
            self.messages.iter().any(|m| m.offer.is_none()),
            Closable::Messages,
            "weft-messages",
        );
        add(
            self.panels.schema_editor.is_some(),
            Closable::SchemaEditor,
            "weft-schema-editor",
        );
        add(
            self.panels.review.open && self.session.is_some(),
            Closable::Review,
            "weft-review",
        );
        add(
            self.panels.transfer.is_open().is_some(),
            Closable::Transfer,
            "weft-transfer",
        );
        add(self.panels.show_help, Closable::Help, "weft-help");
        open
    }

    /// Escape with no menu open: closes the top window; true if one was closed (the key is
    /// then taken).
    pub(super) fn escape_window(&mut self, ctx: &egui::Context) -> bool {
        if !ctx.input(|i| i.key_pressed(egui::Key::Escape)) || egui::Popup::is_any_open(ctx) {
            return false;
        }
        let open = self.closable_windows();
        // The modal chooser is above everything; otherwise egui's order (back to front; a
        // window opened this frame is not in it yet, so it counts as the top).
        let order: Vec<egui::LayerId> = ctx.memory(|m| m.layer_ids().collect());
        let rank = |id: egui::Id| order.iter().position(|l| l.id == id).unwrap_or(usize::MAX);
        let top = open
            .iter()
            .enumerate()
            .max_by_key(|(i, (w, id))| {
                (
                    *w == Closable::FileChooser,
                    rank(*id),
                    std::cmp::Reverse(*i),
                )
            })
            .map(|(_, (w, _))| *w);
        let Some(top) = top else {
            return false;
        };
        ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape));
        match top {
            Closable::FileChooser => {
                self.cancel_file_chooser();
            }
            Closable::LinkChooser => {
                self.cancel_link();
            }
            Closable::LinkPalette => {
                self.panels.link_palette.close();
                let focus = crate::ui::doc_view::pane_view_id(self.ws.active().id);
                ctx.memory_mut(|m| m.request_focus(focus));
            }
            Closable::Messages => {
                if let Some(i) = self.messages.iter().rposition(|m| m.offer.is_none()) {
                    self.dismiss(i);
                }
            }
            Closable::SchemaEditor => self.panels.schema_editor = None,
            Closable::Review => self.panels.review.open = false,
            Closable::Transfer => self.panels.transfer.close(),
            Closable::Help => self.panels.show_help = false,
        }
        true
    }

    /// Escape: cancels a relation being drawn, else clears the text selection, else the
    /// selected mention.
    fn clear_selection(&mut self) {
        if self.cancel_link() {
            return;
        }
        let pane = self.ws.active_mut();
        if !pane.selection.is_empty() {
            pane.selection = Selection::caret(pane.selection.caret);
        } else {
            pane.selected = None;
        }
    }

    fn open_link_palette(&mut self) {
        if self.ws.selected().is_some() {
            self.panels.link_palette.open();
        } else {
            self.notice =
                Some("Select a mention first (click it or press Tab), then Ctrl+L.".into());
        }
    }
}
