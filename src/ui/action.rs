//! What panels ask for. Panels never change the project: they return [`Action`]s, and
//! [`super::app::WeftApp`] applies them in one place at the end of the frame.

use super::commands::Command;
use crate::model::{
    ArgumentId, AttrValue, ClusterId, DocId, Endpoint, Layer, MentionId, RelationId, Schema,
    TextDirection, TextRange,
};
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
    /// Set the date (EDTF) of a mention of a temporal type as the user's value, or with
    /// `None` forget the user's value and store the rules' proposal again.
    SetDate(MentionId, Option<String>),
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
    /// Open the mention's document (in the active pane unless it is shown in another), select
    /// the mention and scroll to it.
    JumpToMention(MentionId),
    /// Go to one end of a relation or argument (a mention, or an entity/event in the registry).
    JumpToEndpoint(Endpoint),
    SetExternalId(ClusterId, Option<String>),
    /// Move every mention (and link) of `absorb` to `keep`, then remove `absorb`.
    MergeClusters {
        keep: ClusterId,
        absorb: ClusterId,
    },
    /// Move these mentions of one entity/event into a new one.
    SplitMentions(Vec<MentionId>),
    /// Begin a relation or argument at this end; the next picked mention or entity is the other.
    StartLink(Endpoint),
    /// The other end of the relation or argument being made.
    PickTarget(Endpoint),
    AddRelation {
        type_key: String,
        from: Endpoint,
        to: Endpoint,
    },
    AddArgument {
        event: Endpoint,
        role: String,
        target: Endpoint,
    },
    DeleteRelation(RelationId),
    DeleteArgument(ArgumentId),
    /// Select a mention (opening its document) and show it in the inspector.
    InspectMention(MentionId),
    /// Show an entity or event in the registry.
    OpenInRegistry(ClusterId),
    /// Open a document in a new pane beside the others.
    OpenDocumentBeside(DocId),
    /// Tag every search hit as `type_key` (linked to `cluster` if given), one undo step;
    /// hits inside longer mentions of the type or entity only with `include_nested`.
    TagAll {
        type_key: String,
        cluster: Option<ClusterId>,
        hits: Vec<crate::search::Hit>,
        include_nested: bool,
    },
    /// Open a document with bytes `start..end` selected.
    JumpToRange {
        doc: DocId,
        start: usize,
        end: usize,
    },
    /// Accept a timeline suggestion: the date becomes the event's time argument.
    AddTime {
        event: crate::temporal::timeline::EventRef,
        suggestion: Box<crate::temporal::timeline::Suggestion>,
    },
    /// Make pane `n` (side by side) the active one.
    ActivatePane(usize),
    /// Close pane `n` (side by side).
    ClosePane(usize),
    /// Lay out a document's paragraphs in this direction (an undoable edit of the project).
    SetDirection(DocId, TextDirection),
    /// Wrap the text at this many average characters (0: the pane's width). A preference.
    SetLineChars(usize),
    /// Use these font settings from now on. A preference.
    SetFontPrefs(crate::ui::fonts::FontPrefs),
    /// Save this name as the annotator's (the preferences) and make it the session's own layer.
    SetAnnotator(String),
    /// Show this layer in the active pane (`None`: back to the layer being edited); another
    /// annotator's layer is read-only.
    ShowLayer(Option<Layer>),
    /// Edit this layer: the own one, or the curation layer.
    EditLayer(Layer),
    /// The open document in two panes: layer A on the left, layer B on the right.
    CompareLayers(Layer, Layer),
    /// Settle the curation item with this key as the curation view asked.
    Decide(String, CurationChoice),
}

/// What the curator chose for one disagreement in the curation view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CurationChoice {
    /// Take this layer's version.
    Accept(Layer),
    /// Open the document at the item: the curator's next tag there settles it (one step).
    Edit,
    Skip,
    /// Forget the decision.
    Reopen,
}
