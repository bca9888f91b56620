//! What panels ask for. Panels never change the project: they return [`Action`]s, and
//! [`super::app::WeftApp`] applies them in one place at the end of the frame.

use super::commands::Command;
use crate::model::{AttrValue, ClusterId, DocId, MentionId, Schema, TextRange};
use std::ops::Range;
use std::path::PathBuf;

/// One request from the UI.
#[derive(Clone, Debug, PartialEq)]
#[must_use]
pub enum Action {
    /// A command of the table (menus, shortcuts).
    Run(Command),
    OpenProjectAt(PathBuf),
    OpenDocument(DocId),
    /// Text selection in the open document (bytes; anchor may be after caret).
    SetSelection {
        anchor: usize,
        caret: usize,
    },
    SelectMention(Option<MentionId>),
    /// Tag the selection with a type (or retype the selected mention when nothing is selected).
    Tag(String),
    Retype(MentionId, String),
    SetAttribute(MentionId, String, Option<AttrValue>),
    SetNote(MentionId, String),
    /// Add a byte range of the open document as a fragment of the selected mention.
    AddFragment(Range<usize>),
    /// Remove one fragment of a discontinuous mention.
    RemoveFragment(MentionId, TextRange),
    NewCluster(MentionId),
    Link(MentionId, Option<ClusterId>),
    RenameCluster(ClusterId, String),
    /// Replace the schema; `deleted` lists type keys removed, whose annotations go too.
    ApplySchema {
        schema: Box<Schema>,
        deleted: Vec<String>,
    },
    DismissMessage(usize),
    /// Answer to a message's offer (re-anchor a changed text, restore recovered edits…).
    AcceptOffer(usize),
    /// Place a "needs review" mention at the current selection (one undoable step).
    PlaceReview(MentionId),
    /// Give up a "needs review" mention for good (confirmed in the review window).
    DiscardReview(MentionId),
    /// Scroll the document view so this byte is visible.
    ScrollTo(usize),
}
