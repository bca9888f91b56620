//! What the document view is given each frame: the project and document, the active pane's
//! selection and selected mention, and the pane's requests (scroll, vertical caret move).

use crate::model::{Document, Layer, MentionId, Project};
use crate::ui::workspace::Selection;

/// What the document view needs for one frame.
pub struct ViewInput<'a> {
    pub project: &'a Project,
    pub doc: &'a Document,
    /// The layer whose mentions are shown (and hit by the pointer); the others are not drawn.
    pub layer: &'a Layer,
    pub selection: Selection,
    pub selected: Option<&'a MentionId>,
    /// Whether the view may take keyboard focus when no widget has it.
    pub may_take_focus: bool,
    /// Bring this byte into view (a request of the workspace's pane).
    pub scroll_to: Option<usize>,
    /// Move the caret this many rows, extending the selection or not (a request of the pane).
    pub vertical: Option<(i32, bool)>,
    /// Lines wrap at this many average characters at most (`None`: the pane's width).
    pub max_line_chars: Option<usize>,
}
