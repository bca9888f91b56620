//! The workspace: what the user is looking at, as plain data (no egui). Panes side by side,
//! each owning its document, text selection and selected mention; which pane has the keyboard;
//! the right panel's tab; a relation being drawn. The session owns the project; the workspace
//! only points into it, and [`Workspace::fix_references`] drops pointers an undo made stale.
//!
//! Navigation that is only about the workspace (which pane shows what, where the caret goes)
//! lives here as methods over a [`Project`], so it is tested without a window.

use crate::model::{DocId, Endpoint, Layer, MentionId, Project};
use std::ops::Range;

/// A text selection in a document: UTF-8 byte offsets on grapheme boundaries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    pub anchor: usize,
    pub caret: usize,
}

impl Selection {
    pub fn caret(at: usize) -> Self {
        Self {
            anchor: at,
            caret: at,
        }
    }

    pub fn range(&self) -> Range<usize> {
        self.anchor.min(self.caret)..self.anchor.max(self.caret)
    }

    pub fn is_empty(&self) -> bool {
        self.anchor == self.caret
    }
}

/// A pane's identity, stable while it is open (its view and widget id hang on it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PaneId(pub u64);

/// One document pane of the central area.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pane {
    pub id: PaneId,
    /// The document shown: the one source of truth for "which document is open here".
    pub doc: Option<DocId>,
    pub selection: Selection,
    pub selected: Option<MentionId>,
    /// Bring this byte into view at the next frame.
    pub scroll_to: Option<usize>,
    /// Move the caret this many rows (−1 up, 1 down) at the next frame, extending the selection
    /// or not. Rows are known only to the laid-out view, so it is a request.
    pub vertical: Option<(i32, bool)>,
    /// The layer whose annotations the pane shows: `None` is the session's active layer (the
    /// one edited); another annotator's layer is shown read-only.
    pub layer: Option<Layer>,
}

impl Pane {
    fn new(id: PaneId, doc: Option<DocId>) -> Self {
        Self {
            id,
            doc,
            selection: Selection::default(),
            selected: None,
            scroll_to: None,
            vertical: None,
            layer: None,
        }
    }

    /// Shows `doc`; a different document starts with nothing selected.
    fn show(&mut self, doc: DocId) {
        if self.doc.as_ref() != Some(&doc) {
            self.selection = Selection::default();
            self.selected = None;
        }
        self.doc = Some(doc);
    }
}

/// What the right panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RightTab {
    Inspector,
    Registry,
}

/// See the module documentation.
#[derive(Clone, Debug)]
pub struct Workspace {
    /// At least one.
    panes: Vec<Pane>,
    /// Index of the pane that has the keyboard.
    active: usize,
    next_pane: u64,
    pub right_tab: RightTab,
    /// A relation or argument started here waits for its other end.
    pub link_from: Option<Endpoint>,
    /// Both ends picked: the chooser of relation types and roles is open.
    pub link_pick: Option<(Endpoint, Endpoint)>,
    pub show_suggestions: bool,
    /// Bumped whenever a project is installed: caches keyed on it start afresh.
    pub epoch: u64,
}

impl Default for Workspace {
    fn default() -> Self {
        Self {
            panes: vec![Pane::new(PaneId(0), None)],
            active: 0,
            next_pane: 1,
            right_tab: RightTab::Inspector,
            link_from: None,
            link_pick: None,
            show_suggestions: true,
            epoch: 0,
        }
    }
}

impl Workspace {
    /// A fresh workspace over `project` (its first document open), keeping the epoch moving.
    pub fn reset(&mut self, project: Option<&Project>) {
        let epoch = self.epoch + 1;
        let show_suggestions = self.show_suggestions;
        *self = Self {
            epoch,
            show_suggestions,
            ..Self::default()
        };
        self.panes[0].doc = project.and_then(|p| p.documents().first().map(|d| d.id.clone()));
    }

    pub fn panes(&self) -> &[Pane] {
        &self.panes
    }

    pub fn pane(&self, i: usize) -> Option<&Pane> {
        self.panes.get(i)
    }

    /// Index of the pane that has the keyboard.
    pub fn active_index(&self) -> usize {
        self.active
    }

    pub fn active(&self) -> &Pane {
        &self.panes[self.active]
    }

    pub fn active_mut(&mut self) -> &mut Pane {
        &mut self.panes[self.active]
    }

    /// The active pane's document.
    pub fn doc(&self) -> Option<&DocId> {
        self.active().doc.as_ref()
    }

    pub fn selection(&self) -> Selection {
        self.active().selection
    }

    pub fn selected(&self) -> Option<&MentionId> {
        self.active().selected.as_ref()
    }

    /// The layer the active pane shows, when it is not the active layer (see [`Pane::layer`]).
    pub fn shown_layer(&self) -> Option<&Layer> {
        self.active().layer.as_ref()
    }

    /// Shows `layer` in the active pane (`None`: back to the active layer); nothing stays
    /// selected, as the mentions are another layer's.
    pub fn show_layer(&mut self, layer: Option<Layer>) {
        let p = self.active_mut();
        if p.layer != layer {
            p.selected = None;
        }
        p.layer = layer;
        self.link_from = None;
        self.link_pick = None;
    }

    /// Every pane back to the active layer (the one edited).
    pub fn show_own_layer(&mut self) {
        for p in &mut self.panes {
            if p.layer.take().is_some() {
                p.selected = None;
            }
        }
    }

    /// Two panes on `doc`: the left one shows layer `a`, the right one `b`; the left one is
    /// active. Other panes close.
    pub fn compare(&mut self, doc: DocId, a: Layer, b: Layer) {
        let first = self.panes[self.active].id;
        let mut left = Pane::new(first, Some(doc.clone()));
        left.layer = Some(a);
        let mut right = Pane::new(PaneId(self.next_pane), Some(doc));
        right.layer = Some(b);
        self.next_pane += 1;
        self.panes = vec![left, right];
        self.active = 0;
        self.link_from = None;
        self.link_pick = None;
    }

    /// While two layers of one document are compared (two panes on the same document, each
    /// showing its own layer): the document, the left pane's layer and the right one's.
    pub fn compared(&self) -> Option<(&DocId, &Layer, &Layer)> {
        match self.panes.as_slice() {
            [l, r] => match (&l.doc, &r.doc, &l.layer, &r.layer) {
                (Some(d), Some(e), Some(a), Some(b)) if d == e && a != b => Some((d, a, b)),
                _ => None,
            },
            _ => None,
        }
    }

    /// The layers the panes show, left to right (`None`: the active layer).
    pub fn pane_layers(&self) -> Vec<Option<Layer>> {
        self.panes.iter().map(|p| p.layer.clone()).collect()
    }

    /// The documents of the panes, left to right.
    pub fn pane_docs(&self) -> Vec<Option<DocId>> {
        self.panes.iter().map(|p| p.doc.clone()).collect()
    }

    /// The pane showing `doc`, if any.
    pub fn pane_showing(&self, doc: &DocId) -> Option<usize> {
        self.panes.iter().position(|p| p.doc.as_ref() == Some(doc))
    }

    /// Selects text in the active pane and brings the caret into view.
    pub fn set_selection(&mut self, selection: Selection) {
        let p = self.active_mut();
        p.selection = selection;
        p.scroll_to = Some(selection.caret);
    }

    /// Asks the active pane's view to bring `byte` into view at the next frame.
    pub fn scroll_to(&mut self, byte: usize) {
        self.active_mut().scroll_to = Some(byte);
    }

    /// Forgets the view requests once the views have seen them (after each frame's drawing).
    pub fn clear_view_requests(&mut self) {
        for p in &mut self.panes {
            p.scroll_to = None;
            p.vertical = None;
        }
    }

    /// Makes pane `j` the one that has the keyboard; it starts with nothing selected. Returns
    /// whether the active pane changed.
    pub fn activate(&mut self, j: usize) -> bool {
        if j >= self.panes.len() || j == self.active {
            return false;
        }
        self.active = j;
        let p = self.active_mut();
        p.selection = Selection::default();
        p.selected = None;
        true
    }

    /// Shows `doc` in the active pane, or activates the pane already showing it. Returns
    /// whether another pane became active. Unknown documents are ignored.
    pub fn open_document(&mut self, project: &Project, doc: DocId) -> bool {
        if let Some(j) = self.pane_showing(&doc)
            && j != self.active
        {
            return self.activate(j);
        }
        if project.document(&doc).is_some() {
            self.active_mut().show(doc);
        }
        false
    }

    /// Opens `doc` in a new pane beside the others (or activates the pane showing it). Returns
    /// whether another pane became active.
    pub fn open_beside(&mut self, project: &Project, doc: DocId) -> bool {
        if self.pane_showing(&doc).is_some() {
            return self.open_document(project, doc);
        }
        let id = PaneId(self.next_pane);
        self.next_pane += 1;
        self.panes.push(Pane::new(id, Some(doc)));
        false
    }

    /// Closes pane `j`; false when it is the only one (or does not exist).
    pub fn close_pane(&mut self, j: usize) -> bool {
        if self.panes.len() < 2 || j >= self.panes.len() {
            return false;
        }
        self.panes.remove(j);
        if j == self.active {
            self.active = j.min(self.panes.len() - 1);
            let p = self.active_mut();
            p.selection = Selection::default();
            p.selected = None;
        } else if j < self.active {
            self.active -= 1;
        }
        true
    }

    /// The next document after the active one (in project order) that no pane shows yet.
    pub fn next_unshown(&self, project: &Project) -> Option<DocId> {
        let docs = project.documents();
        let start = self
            .doc()
            .and_then(|d| project.document_position(d))
            .unwrap_or(0);
        (1..=docs.len())
            .map(|k| &docs[(start + k) % docs.len()].id)
            .find(|d| self.pane_showing(d).is_none())
            .cloned()
    }

    /// The document `forward` (or back) from the active one, wrapping around.
    pub fn step_document(&self, project: &Project, forward: bool) -> Option<DocId> {
        let docs = project.documents();
        if docs.is_empty() {
            return None;
        }
        let i = self
            .doc()
            .and_then(|d| project.document_position(d))
            .unwrap_or(0);
        let j = if forward {
            (i + 1) % docs.len()
        } else {
            (i + docs.len() - 1) % docs.len()
        };
        Some(docs[j].id.clone())
    }

    /// After undo, redo or deletions: panes of documents that no longer exist close (the last
    /// one shows the first document instead), a selected mention that is gone (or moved to
    /// another document) is deselected, selections are clamped to their text.
    pub fn fix_references(&mut self, project: &Project) {
        if self.panes.len() > 1 {
            let active_id = self.active().id;
            let alive = |p: &Pane| {
                p.doc
                    .as_ref()
                    .is_some_and(|d| project.document(d).is_some())
            };
            if self.panes.iter().any(alive) {
                self.panes.retain(alive);
            } else {
                self.panes.truncate(1);
            }
            self.active = self
                .panes
                .iter()
                .position(|p| p.id == active_id)
                .unwrap_or(0);
        }
        for (i, p) in self.panes.iter_mut().enumerate() {
            if p.doc.as_ref().is_none_or(|d| project.document(d).is_none()) {
                if i == self.active {
                    p.doc = project.documents().first().map(|d| d.id.clone());
                }
                p.selection = Selection::default();
            }
            if let Some(m) = &p.selected
                && project
                    .mention(m)
                    .is_none_or(|m| Some(&m.doc) != p.doc.as_ref())
            {
                p.selected = None;
            }
            if let Some(d) = p.doc.as_ref().and_then(|d| project.document(d)) {
                let len = d.text().len();
                p.selection.anchor = p.selection.anchor.min(len);
                p.selection.caret = p.selection.caret.min(len);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{self, Edit};
    use crate::model::{Document, Provenance, Schema};

    fn project(names: &[&str]) -> Project {
        let mut p = Project::new("t", Schema::default_news());
        for (i, n) in names.iter().enumerate() {
            let doc = Document::new(
                DocId::new(format!("d_{n}")),
                *n,
                "Some words here.",
                Provenance::default(),
            );
            edit::apply(&mut p, Edit::InsertDocument { index: i, doc }).unwrap();
        }
        p
    }

    fn d(n: &str) -> DocId {
        DocId::new(format!("d_{n}"))
    }

    #[test]
    fn each_pane_owns_its_document_and_opening_a_shown_one_activates_its_pane() {
        let p = project(&["a", "b", "c"]);
        let mut ws = Workspace::default();
        ws.reset(Some(&p));
        assert_eq!(ws.doc(), Some(&d("a")));
        ws.open_beside(&p, d("b"));
        assert_eq!(ws.pane_docs(), vec![Some(d("a")), Some(d("b"))]);
        assert_eq!(
            ws.active_index(),
            0,
            "a new pane does not take the keyboard"
        );
        assert!(ws.open_document(&p, d("b")), "b's pane becomes active");
        assert_eq!(ws.active_index(), 1);
        ws.open_document(&p, d("c"));
        assert_eq!(ws.pane_docs(), vec![Some(d("a")), Some(d("c"))]);
        assert_eq!(ws.next_unshown(&p), Some(d("b")));
    }

    #[test]
    fn a_deleted_document_closes_its_pane_and_stale_selections_go() {
        let mut p = project(&["a", "b"]);
        let mut ws = Workspace::default();
        ws.reset(Some(&p));
        ws.open_beside(&p, d("b"));
        ws.activate(1);
        ws.active_mut().selected = Some(MentionId::new("m_gone"));
        ws.set_selection(Selection {
            anchor: 2,
            caret: 400,
        });
        edit::apply(&mut p, Edit::DeleteDocument(d("a"))).unwrap();
        ws.fix_references(&p);
        assert_eq!(ws.pane_docs(), vec![Some(d("b"))]);
        assert_eq!(ws.active_index(), 0);
        assert_eq!(ws.selected(), None);
        assert_eq!(ws.selection().caret, "Some words here.".len(), "clamped");
    }

    #[test]
    fn closing_panes_keeps_one_and_moves_the_keyboard() {
        let p = project(&["a", "b", "c"]);
        let mut ws = Workspace::default();
        ws.reset(Some(&p));
        ws.open_beside(&p, d("b"));
        ws.open_beside(&p, d("c"));
        ws.activate(2);
        assert!(ws.close_pane(2));
        assert_eq!(ws.active_index(), 1);
        assert!(ws.close_pane(0));
        assert_eq!(ws.active_index(), 0);
        assert_eq!(ws.doc(), Some(&d("b")));
        assert!(!ws.close_pane(0), "the last pane stays");
    }
}
