//! The command table's vocabulary: the commands, the menus they sit in, where their
//! shortcuts apply and what they need.

use egui::KeyboardShortcut;

/// A parameterless action of the workbench.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    NewProject,
    OpenProject,
    AddTexts,
    AddFolder,
    Save,
    ExportJson,
    ImportData,
    ExportData,
    CloseProject,
    Undo,
    Redo,
    DeleteMention,
    AddFragment,
    NewEntityFromMention,
    LinkPalette,
    StartLink,
    AcceptSuggestion,
    RejectSuggestion,
    NextSuggestion,
    NextMention,
    PrevMention,
    ClearSelection,
    FocusInspector,
    MoveLeft,
    MoveRight,
    ExtendLeft,
    ExtendRight,
    WordLeft,
    WordRight,
    ExtendWordLeft,
    ExtendWordRight,
    MoveUp,
    MoveDown,
    ExtendUp,
    ExtendDown,
    LineStart,
    LineEnd,
    ExtendLineStart,
    ExtendLineEnd,
    NextDocument,
    PrevDocument,
    ShowRegistry,
    ToggleSuggestions,
    CorpusSearch,
    OpenBeside,
    ClosePane,
    NextCorpusMention,
    PrevCorpusMention,
    SchemaEditor,
    ReviewList,
    ShowTimeline,
    ShowGraph,
    ShowStatistics,
    ToggleTheme,
    BuiltinFileChooser,
    TextSettings,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    Help,
    Annotator,
    Layers,
    EditOwnLayer,
    Curation,
    Agreement,
}

/// Which top-level menu a command appears in (if any).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Menu {
    File,
    Edit,
    Annotate,
    View,
    Help,
    /// Keyboard only (text navigation); listed in the key map.
    None,
}

/// When a shortcut may fire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Always, even while typing in a text field (Ctrl+S, Ctrl+Z…).
    Global,
    /// Only while the document view (or nothing) has keyboard focus: plain keys such as Tab,
    /// Delete and the arrows must keep their usual meaning in text fields.
    DocView,
}

/// What a command needs before it can run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Needs {
    /// Runs any time (opening a project, the theme, zoom, help).
    Nothing,
    /// Needs an open project: disabled in menus without one, and refused with a notice when
    /// its shortcut is pressed (in one place: the command router).
    Project,
}

/// One row of the table.
pub struct CommandInfo {
    pub command: Command,
    pub label: &'static str,
    /// What it does, for tooltips and the key map.
    pub description: &'static str,
    pub menu: Menu,
    pub scope: Scope,
    pub needs: Needs,
    pub shortcuts: &'static [KeyboardShortcut],
}
