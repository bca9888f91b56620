//! The status bar's line: document, caret and selection in code points, mention counts, the
//! last notice and whether the project is saved.

use crate::session::{SaveState, Session};
use crate::ui::workspace::Workspace;

/// What the status bar shows, gathered before drawing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Status {
    pub doc: Option<String>,
    /// Caret in code points, document length in code points.
    pub caret: Option<(usize, usize)>,
    /// Selection length in code points.
    pub selection_chars: usize,
    pub mentions_here: usize,
    pub mentions_total: usize,
    pub notice: Option<String>,
    pub save: Option<SaveState>,
    /// Who is annotating ("Annotator: Ana"), with or without a project.
    pub annotator: Option<String>,
    /// The layer the active pane shows when it is not the annotator's own: "Ben's layer
    /// (read-only)", "the curation layer".
    pub layer: Option<String>,
}

/// What the status bar says about the layer shown, when it is not the annotator's own.
fn layer_line(s: &Session, ws: &Workspace) -> Option<String> {
    let shown = ws.shown_layer().unwrap_or(s.active_layer());
    let editing = shown == s.active_layer();
    match (shown == s.annotator(), shown.is_curation(), editing) {
        (true, _, true) => None,
        (_, true, true) => Some("editing the curation layer".into()),
        (_, true, false) => Some("the curation layer (read-only)".into()),
        (true, _, false) => Some("your layer (read-only while curating)".into()),
        (false, false, _) => Some(format!("{shown}'s layer (read-only)")),
    }
}

/// The status line for a session (if a project is open) and the workspace over it.
pub fn build(session: Option<&Session>, ws: &Workspace, notice: Option<&str>) -> Status {
    let project = session.map(Session::project);
    let doc = project.and_then(|p| ws.doc().and_then(|d| p.document(d)));
    let (caret, selection_chars) = match doc {
        Some(d) => {
            let (idx, t) = (d.index(), d.text());
            let sel = ws.selection();
            let c = idx.byte_to_char(t, sel.caret).unwrap_or(0);
            let r = sel.range();
            let n =
                idx.byte_to_char(t, r.end).unwrap_or(0) - idx.byte_to_char(t, r.start).unwrap_or(0);
            (Some((c, idx.len_chars())), n)
        }
        None => (None, 0),
    };
    Status {
        doc: doc.map(|d| d.name.clone()),
        caret,
        selection_chars,
        mentions_here: match (project, doc) {
            (Some(p), Some(d)) => p.mention_count(&d.id),
            _ => 0,
        },
        mentions_total: project.map_or(0, |p| p.mention_total()),
        notice: notice.map(str::to_string),
        save: session.map(Session::save_state),
        annotator: session.map(|s| s.annotator().to_string()),
        layer: session.and_then(|s| layer_line(s, ws)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Edit;
    use crate::model::{DocId, Document, Provenance, Schema};
    use crate::ui::workspace::Selection;

    #[test]
    fn the_caret_and_selection_are_counted_in_code_points() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Session::create(dir.path(), "t", Schema::default_news(), "t").unwrap();
        let text = "día \u{1F600} noche";
        let doc = Document::new(DocId::new("d_a"), "a", text, Provenance::default());
        s.apply(Edit::InsertDocument { index: 0, doc }, "add")
            .unwrap();
        let mut ws = Workspace::default();
        ws.reset(Some(s.project()));
        let start = text.find('\u{1F600}').unwrap();
        ws.set_selection(Selection {
            anchor: start,
            caret: text.len(),
        });
        let st = build(Some(&s), &ws, Some("hello"));
        assert_eq!(st.doc.as_deref(), Some("a"));
        assert_eq!(st.caret, Some((11, 11)));
        assert_eq!(st.selection_chars, 7, "the emoji is one code point");
        assert_eq!(st.save, Some(SaveState::Unsaved));
        assert_eq!(st.notice.as_deref(), Some("hello"));
        assert_eq!(build(None, &Workspace::default(), None), Status::default());
        assert_eq!(st.annotator.as_deref(), Some("t"));
        assert_eq!(st.layer, None, "the own layer needs no word");
        ws.show_layer(Some(crate::model::Layer::annotator("Ben").unwrap()));
        let st = build(Some(&s), &ws, None);
        assert_eq!(st.layer.as_deref(), Some("Ben's layer (read-only)"));
        s.set_active_layer(crate::model::Layer::curation()).unwrap();
        ws.show_own_layer();
        let st = build(Some(&s), &ws, None);
        assert_eq!(st.layer.as_deref(), Some("editing the curation layer"));
    }
}
