//! The one place where actions change anything. [`WeftApp::apply`] sorts each action to its
//! handler; handlers that change the project build an edit (with [`crate::edit::ops`] or
//! [`crate::edit::intents`]) and hand it to the session. A refused edit is shown, never lost
//! silently.

use super::WeftApp;
use crate::edit::{Edit, intents, ops};
use crate::model::{EditError, Endpoint, MentionId, Schema, TextRange};
use crate::ui::action::Action;
use crate::ui::workspace::{RightTab, Selection};
use std::ops::Range;

impl WeftApp {
    /// The one place where actions change anything.
    pub fn apply(&mut self, action: Action) {
        // While a relation or argument waits for its other end, picking a mention finishes it.
        if let Action::SelectMention(Some(m)) = &action
            && self.ws.link_from.is_some()
        {
            if self.session.is_some() {
                self.ws.active_mut().selected = Some(m.clone());
            }
            self.pick_target(Endpoint::Mention(m.clone()));
            return;
        }
        match action {
            Action::Run(cmd) => self.run(cmd),
            Action::OpenProjectAt(p) => self.open_path(&p),
            Action::DismissMessage(i) => self.dismiss(i),
            Action::AcceptOffer(i) => self.accept_offer(i),
            a @ Action::SetAnnotator(_) => self.apply_team(a),
            Action::SetLineChars(n) => self.prefs.line_chars = n,
            Action::SetFontPrefs(f) => self.set_font_prefs(f),
            a => {
                if self.session.is_some() {
                    self.apply_in_project(a);
                }
            }
        }
    }

    /// Actions that need an open project: navigation, linking, edits.
    fn apply_in_project(&mut self, action: Action) {
        if let Some(what) = super::team::edits(&action)
            && self.refuse_if_read_only(what)
        {
            return;
        }
        match action {
            Action::OpenDocument(id) => self.open_document(id),
            Action::OpenDocumentBeside(d) => self.open_beside(d),
            Action::ActivatePane(j) => self.activate_pane(j),
            Action::ClosePane(j) => self.close_pane(j),
            Action::JumpToMention(m) | Action::JumpToEndpoint(Endpoint::Mention(m)) => {
                self.jump_to_mention(&m)
            }
            Action::JumpToEndpoint(Endpoint::Cluster(c)) | Action::OpenInRegistry(c) => {
                self.ws.right_tab = RightTab::Registry;
                self.panels.registry.open(c);
            }
            Action::JumpToRange { doc, start, end } => self.jump_to_range(doc, start, end),
            Action::InspectMention(m) => {
                self.jump_to_mention(&m);
                self.ws.right_tab = RightTab::Inspector;
            }
            Action::SetSelection { anchor, caret } => self.set_selection_snapped(anchor, caret),
            Action::ScrollTo(b) => self.ws.scroll_to(b),
            Action::SelectMention(m) => self.ws.active_mut().selected = m,
            Action::StartLink(from) => self.start_link(from),
            Action::PickTarget(to) => self.pick_target(to),
            Action::AddRelation { type_key, from, to } => self.add_relation(&type_key, &from, &to),
            Action::AddArgument {
                event,
                role,
                target,
            } => self.add_argument(&event, &role, &target),
            Action::PlaceReview(id) => self.place_review(&id),
            Action::DiscardReview(id) => self.discard_review(&id),
            Action::ApplySchema { schema, deleted } => self.apply_schema(*schema, &deleted),
            a @ (Action::ShowLayer(_)
            | Action::EditLayer(_)
            | Action::CompareLayers(..)
            | Action::Decide(..)) => self.apply_team(a),
            a => self.apply_edit(a),
        }
    }

    /// Actions that are one edit of the project.
    fn apply_edit(&mut self, action: Action) {
        let now = chrono::Utc::now();
        let Some(s) = self.session.as_ref() else {
            return;
        };
        let p = s.project();
        let built = match action {
            Action::Tag(key) => return self.tag(&key),
            Action::AddFragment(range) => return self.add_fragment(range),
            Action::TagAll {
                type_key,
                cluster,
                hits,
                include_nested,
            } => {
                let request = ops::TagAllRequest {
                    type_key: &type_key,
                    cluster: cluster.as_ref(),
                    include_nested,
                };
                return self.tag_all(&request, &hits);
            }
            Action::SplitMentions(ms) => return self.split_off(&ms),
            Action::Retype(m, key) => ops::retype(p, &m, &key, now),
            Action::SetAttribute(m, key, value) => ops::set_attribute(p, &m, &key, value, now),
            Action::SetNote(m, note) if p.mention(&m).is_some_and(|x| x.note != note) => {
                ops::set_note(p, &m, &note, now)
            }
            Action::SetDate(m, v) => {
                let edit = match &v {
                    Some(v) => crate::temporal::date_attribute_edit(p, &m, Some(v)),
                    None => crate::temporal::reset_date_edit(p, &m),
                };
                let label = match &v {
                    Some(v) => format!("set the date to {v}"),
                    None => "use the proposed date".to_string(),
                };
                edit.map(|e| (e, label))
            }
            Action::RemoveFragment(m, f) => intents::remove_fragment(p, &m, f, now),
            Action::NewCluster(m) => ops::new_cluster_from(p, &m, crate::idgen::cluster_id(), now),
            Action::Link(m, c) => ops::link(p, &m, c.as_ref(), now),
            Action::RenameCluster(c, name)
                if p.cluster(&c).is_some_and(|x| x.name != name.trim())
                    && !name.trim().is_empty() =>
            {
                ops::rename_cluster(p, &c, &name)
            }
            Action::SetExternalId(c, ext) => ops::set_external_id(p, &c, ext.as_deref()),
            Action::MergeClusters { keep, absorb } => ops::merge_clusters(p, &keep, &absorb, now),
            Action::DeleteRelation(r) => ops::delete_relation(p, &r),
            Action::DeleteArgument(a) => ops::delete_argument(p, &a),
            Action::SetDirection(d, dir) => ops::set_direction(p, &d, dir),
            Action::AddTime { event, suggestion } => {
                suggestion.edit(p, &event, crate::idgen::argument_id())
            }
            _ => return,
        };
        self.build(built);
    }

    /// New font settings: kept in the preferences and installed at once (the scan is reused);
    /// the views lay their text out again with the new fonts.
    fn set_font_prefs(&mut self, prefs: crate::ui::fonts::FontPrefs) {
        self.fonts = crate::ui::fonts::reinstall_fonts(&self.ctx, &prefs, &self.fonts);
        self.prefs.fonts = prefs;
        self.views.clear();
        self.overlay_key = None;
    }

    // ----- edits through the session -----

    /// Applies an edit through the session; a refused edit is shown, never lost silently.
    pub(super) fn edit(&mut self, edit: Edit, label: String) -> bool {
        let Some(s) = self.session.as_mut() else {
            return false;
        };
        match s.apply(edit, label.clone()) {
            Ok(()) => {
                self.notice = None;
                true
            }
            Err(e) => {
                self.error(format!("Cannot {label}"), vec![e.to_string()]);
                false
            }
        }
    }

    /// Applies an edit that adds mentions (tagging, tag-all, a suggestion, an import) with a
    /// proposed date on each new date mention, in the same undo step
    /// ([`crate::temporal::with_proposed_dates`]).
    pub(super) fn edit_dated(&mut self, edit: Edit, label: String) -> bool {
        let Some(s) = self.session.as_ref() else {
            return false;
        };
        match crate::temporal::with_proposed_dates(s.project(), edit) {
            Ok(d) => self.edit(d.edit, label),
            Err(e) => {
                self.error(format!("Cannot {label}"), vec![e.to_string()]);
                false
            }
        }
    }

    /// [`WeftApp::build`] for edits that add mentions (see [`WeftApp::edit_dated`]).
    pub(super) fn build_dated(&mut self, built: Result<(Edit, String), EditError>) -> bool {
        match built {
            Ok((e, label)) => self.edit_dated(e, label),
            Err(e) => {
                self.error("That edit is not possible", vec![e.to_string()]);
                false
            }
        }
    }

    /// Applies an edit built by `ops` or `intents`; a builder's refusal is shown.
    pub(super) fn build(&mut self, built: Result<(Edit, String), EditError>) -> bool {
        match built {
            Ok((e, label)) => self.edit(e, label),
            Err(e) => {
                self.error("That edit is not possible", vec![e.to_string()]);
                false
            }
        }
    }

    /// A label key: tags the selection (without surrounding white space), or with nothing
    /// selected changes the selected mention's type.
    fn tag(&mut self, type_key: &str) {
        let Some(s) = self.session.as_ref() else {
            return;
        };
        let Some(doc) = self.ws.doc().cloned() else {
            return;
        };
        let p = s.project();
        let sel = self.ws.selection().range();
        if sel.is_empty() {
            match self.ws.selected().cloned() {
                Some(m) if p.mention(&m).is_some_and(|x| x.type_key != type_key) => {
                    let built = ops::retype(p, &m, type_key, chrono::Utc::now());
                    self.build(built);
                }
                Some(_) => {}
                None => {
                    self.notice = Some("Select some text first, then press a label key.".into())
                }
            }
            return;
        }
        let id = crate::idgen::mention_id();
        let tagged = intents::tag_selection(
            p,
            &doc,
            sel,
            type_key,
            id.clone(),
            s.author(),
            chrono::Utc::now(),
        );
        match tagged {
            Ok(t) => {
                if self.edit_or_settle(t.edit, t.label) {
                    let pane = self.ws.active_mut();
                    pane.selected = Some(id);
                    pane.selection = Selection::caret(t.range.end());
                }
            }
            Err(intents::TagError::OnlyWhiteSpace) => {
                self.notice = Some("The selection holds only white space.".into());
            }
            Err(intents::TagError::Range(e)) => {
                self.error("Cannot tag the selection", vec![e.to_string()]);
            }
            Err(intents::TagError::Edit(e)) => {
                self.error("That edit is not possible", vec![e.to_string()]);
            }
        }
    }

    /// Adds a byte range of the open document as a fragment of the selected mention.
    fn add_fragment(&mut self, range: Range<usize>) {
        let (Some(m), Some(doc)) = (self.ws.selected().cloned(), self.document()) else {
            self.notice = Some(
                "Select a mention first, then Ctrl+drag (or select and press Ctrl+G) to add a fragment."
                    .into(),
            );
            return;
        };
        match TextRange::new(doc.text(), range.start, range.end) {
            Ok(r) => {
                let Some(p) = self.project() else {
                    return;
                };
                let built = ops::add_fragment(p, &m, r, chrono::Utc::now());
                if self.build(built) {
                    self.ws.active_mut().selection = Selection::caret(range.end);
                }
            }
            Err(_) => self.notice = Some("Select the text to add first.".into()),
        }
    }

    /// Tags every hit as one undoable batch and says how many were tagged and skipped, and why.
    fn tag_all(&mut self, request: &ops::TagAllRequest<'_>, hits: &[crate::search::Hit]) {
        let Some(s) = self.session.as_ref() else {
            return;
        };
        let mut ids = crate::idgen::mention_id;
        match ops::tag_all_hits(
            s.project(),
            hits,
            request,
            &mut ids,
            s.author(),
            chrono::Utc::now(),
        ) {
            Ok((edit, summary)) => {
                if summary.tagged > 0 {
                    self.edit_dated(edit, summary.label.clone());
                }
                self.notice = Some(summary.describe());
            }
            Err(e) => self.error("Cannot tag the hits", vec![e.to_string()]),
        }
    }

    /// Splits mentions off into a new entity or event, which the registry then shows.
    fn split_off(&mut self, mentions: &[MentionId]) {
        let Some(p) = self.project() else {
            return;
        };
        let id = crate::idgen::cluster_id();
        let built = intents::split_off(p, mentions, id.clone(), chrono::Utc::now());
        if self.build(built) {
            self.panels.registry.open(id);
        }
    }

    /// Deletes the selected mention (and, through the cascade, its links).
    pub(super) fn delete_selected(&mut self) {
        let (Some(p), Some(m)) = (self.project(), self.ws.selected()) else {
            return;
        };
        let built = ops::delete_mention(p, m);
        if self.build(built) {
            self.fix_references();
        }
    }

    /// Replaces the schema; the annotations of deleted types go too (one step).
    fn apply_schema(&mut self, schema: Schema, deleted: &[String]) {
        let Some(p) = self.project() else {
            return;
        };
        let (edit, label) = intents::change_schema(p, schema, deleted);
        if self.edit(edit, label) {
            self.fix_references();
            if let (Some(ed), Some(s)) = (self.panels.schema_editor.as_mut(), self.session.as_ref())
            {
                ed.reset(s.project());
            }
        }
    }

    /// Puts a mention waiting for review back at the selection of its own document.
    fn place_review(&mut self, id: &MentionId) {
        let Some(p) = self.project() else {
            return;
        };
        let Some(item) = p.review_item(id) else {
            return;
        };
        let (Some(doc), range) = (self.document(), self.ws.selection().range()) else {
            return;
        };
        if doc.id != item.doc {
            self.notice =
                Some("Open the annotation's own document and select its words first.".into());
            return;
        }
        let built = TextRange::new(doc.text(), range.start, range.end)
            .map_err(|source| EditError::Range {
                mention: id.clone(),
                source,
            })
            .and_then(|r| intents::place_review(p, id, r, chrono::Utc::now()));
        if self.build(built) {
            self.ws.active_mut().selected = Some(id.clone());
        }
    }

    /// Gives up a mention waiting for review (undoable); the change is written at once.
    fn discard_review(&mut self, id: &MentionId) {
        let Some(p) = self.project() else {
            return;
        };
        match intents::discard_review(p, id) {
            Ok(d) => {
                if self.edit(d.edit, d.label) {
                    self.notice = Some(format!(
                        "Deleted the annotation that needed review ({} links with it; Ctrl+Z brings it back).",
                        d.links
                    ));
                    self.save_now();
                }
            }
            Err(e) => self.error("That edit is not possible", vec![e.to_string()]),
        }
    }
}
