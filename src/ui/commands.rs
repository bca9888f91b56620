//! The command table: every action the workbench offers by menu or keyboard, with its label,
//! menu and shortcuts. Menus, shortcut handling and the F1 key map all read [`TABLE`], so they
//! cannot disagree. Label hotkeys (one key per entity or event type) come from the project's
//! schema instead and are listed beside the table in the key map. The table's own rules (one
//! row per command, no shortcut bound twice…) are tested in `tests/ui/commands_table.rs`.

mod types;

pub use types::{Command, CommandInfo, Menu, Needs, Scope};

use egui::{Key, KeyboardShortcut, Modifiers};

const fn k(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers {
    alt: false,
    ctrl: false,
    shift: true,
    mac_cmd: false,
    command: true,
};
const NONE: Modifiers = Modifiers::NONE;
const ALT: Modifiers = Modifiers::ALT;
const SHIFT: Modifiers = Modifiers::SHIFT;

macro_rules! row {
    ($cmd:ident, $label:expr, $desc:expr, $menu:ident, $scope:ident, $needs:ident, [$($sc:expr),*]) => {
        CommandInfo {
            command: Command::$cmd,
            label: $label,
            description: $desc,
            menu: Menu::$menu,
            scope: Scope::$scope,
            needs: Needs::$needs,
            shortcuts: &[$($sc),*],
        }
    };
}

/// Every command, in menu order.
pub const TABLE: &[CommandInfo] = &[
    row!(
        NewProject,
        "New project…",
        "Create a project in a new folder",
        File,
        Global,
        Nothing,
        [k(CMD_SHIFT, Key::N)]
    ),
    row!(
        OpenProject,
        "Open project…",
        "Open a project folder",
        File,
        Global,
        Nothing,
        [k(CMD, Key::O)]
    ),
    row!(
        AddTexts,
        "Add texts…",
        "Add .txt files to the project",
        File,
        Global,
        Project,
        [k(CMD_SHIFT, Key::A)]
    ),
    row!(
        AddFolder,
        "Add folder of texts…",
        "Add every .txt file of a folder",
        File,
        Global,
        Project,
        []
    ),
    row!(
        Save,
        "Save",
        "Save the project now (it is also saved automatically)",
        File,
        Global,
        Project,
        [k(CMD, Key::S)]
    ),
    row!(
        ExportJson,
        "Export JSON…",
        "Write the whole project as one Weft JSON file",
        File,
        Global,
        Project,
        [k(CMD, Key::E)]
    ),
    row!(
        ImportData,
        "Import annotations…",
        "Read brat, CoNLL, doccano, Label Studio or ECB+ data into the project (one undoable step)",
        File,
        Global,
        Project,
        [k(CMD, Key::I)]
    ),
    row!(
        ExportData,
        "Export to another format…",
        "Write brat, CoNLL, spaCy, doccano, Label Studio, W3C Web Annotation or coreference files",
        File,
        Global,
        Project,
        []
    ),
    row!(
        Annotator,
        "Annotator…",
        "Who is annotating: your layer's name",
        File,
        Global,
        Nothing,
        []
    ),
    row!(
        CloseProject,
        "Close project",
        "Save and close the project",
        File,
        Global,
        Project,
        []
    ),
    row!(
        Undo,
        "Undo",
        "Undo the last edit",
        Edit,
        Global,
        Project,
        [k(CMD, Key::Z)]
    ),
    row!(
        Redo,
        "Redo",
        "Redo the last undone edit",
        Edit,
        Global,
        Project,
        [k(CMD_SHIFT, Key::Z), k(CMD, Key::Y)]
    ),
    row!(
        DeleteMention,
        "Delete mention",
        "Delete the selected mention",
        Edit,
        DocView,
        Project,
        [k(NONE, Key::Delete), k(NONE, Key::Backspace)]
    ),
    row!(
        AddFragment,
        "Add selection to mention",
        "Add the selected text as another fragment of the selected mention (or Ctrl+drag)",
        Annotate,
        Global,
        Project,
        [k(CMD, Key::G)]
    ),
    row!(
        NewEntityFromMention,
        "New entity from mention",
        "Create an entity or event named after the selected mention and link it",
        Annotate,
        Global,
        Project,
        [k(CMD_SHIFT, Key::E)]
    ),
    row!(
        LinkPalette,
        "Link to entity or event…",
        "Search the entities and events by name or type and link the selected mention (Enter), or make a new one from it",
        Annotate,
        Global,
        Project,
        [k(CMD, Key::L)]
    ),
    row!(
        StartLink,
        "Start relation / argument",
        "Start a relation or event argument at the selected mention; then click the other end in any document (or pick an entity in the registry) and choose the type",
        Annotate,
        Global,
        Project,
        [k(CMD, Key::R)]
    ),
    row!(
        AcceptSuggestion,
        "Accept suggestion",
        "Tag the suggestion (dashed outline) under the caret as suggested, linked to its entity or event",
        Annotate,
        DocView,
        Project,
        [k(NONE, Key::Enter)]
    ),
    row!(
        RejectSuggestion,
        "Reject suggestion",
        "Turn down the suggestion under the caret; it is not offered again (undo brings it back)",
        Annotate,
        DocView,
        Project,
        [k(SHIFT, Key::Backspace)]
    ),
    row!(
        NextSuggestion,
        "Next suggestion",
        "Move the caret to the next suggestion (across documents)",
        Annotate,
        Global,
        Project,
        [k(NONE, Key::F4)]
    ),
    row!(
        NextMention,
        "Next mention",
        "Select the next mention",
        Annotate,
        DocView,
        Project,
        [k(NONE, Key::Tab)]
    ),
    row!(
        PrevMention,
        "Previous mention",
        "Select the previous mention",
        Annotate,
        DocView,
        Project,
        [k(SHIFT, Key::Tab)]
    ),
    row!(
        ClearSelection,
        "Clear selection",
        "Deselect the text and the mention",
        Annotate,
        DocView,
        Project,
        [k(NONE, Key::Escape)]
    ),
    row!(
        FocusInspector,
        "Go to inspector",
        "Move keyboard focus to the inspector (Tab moves on there, Escape comes back to the text)",
        Annotate,
        Global,
        Project,
        [k(NONE, Key::F6)]
    ),
    row!(
        MoveLeft,
        "Caret left",
        "Move the caret one character left",
        None,
        DocView,
        Project,
        [k(NONE, Key::ArrowLeft)]
    ),
    row!(
        MoveRight,
        "Caret right",
        "Move the caret one character right",
        None,
        DocView,
        Project,
        [k(NONE, Key::ArrowRight)]
    ),
    row!(
        ExtendLeft,
        "Extend selection left",
        "Extend the selection one character left",
        None,
        DocView,
        Project,
        [k(SHIFT, Key::ArrowLeft)]
    ),
    row!(
        ExtendRight,
        "Extend selection right",
        "Extend the selection one character right",
        None,
        DocView,
        Project,
        [k(SHIFT, Key::ArrowRight)]
    ),
    row!(
        WordLeft,
        "Caret to previous word",
        "Move the caret to the start of the previous word",
        None,
        DocView,
        Project,
        [k(CMD, Key::ArrowLeft)]
    ),
    row!(
        WordRight,
        "Caret to next word",
        "Move the caret to the end of the next word",
        None,
        DocView,
        Project,
        [k(CMD, Key::ArrowRight)]
    ),
    row!(
        ExtendWordLeft,
        "Extend selection by word left",
        "Extend the selection to the previous word start",
        None,
        DocView,
        Project,
        [k(CMD_SHIFT, Key::ArrowLeft)]
    ),
    row!(
        ExtendWordRight,
        "Extend selection by word right",
        "Extend the selection to the next word end",
        None,
        DocView,
        Project,
        [k(CMD_SHIFT, Key::ArrowRight)]
    ),
    row!(
        MoveUp,
        "Caret up",
        "Move the caret one line up",
        None,
        DocView,
        Project,
        [k(NONE, Key::ArrowUp)]
    ),
    row!(
        MoveDown,
        "Caret down",
        "Move the caret one line down",
        None,
        DocView,
        Project,
        [k(NONE, Key::ArrowDown)]
    ),
    row!(
        ExtendUp,
        "Extend selection up",
        "Extend the selection one line up",
        None,
        DocView,
        Project,
        [k(SHIFT, Key::ArrowUp)]
    ),
    row!(
        ExtendDown,
        "Extend selection down",
        "Extend the selection one line down",
        None,
        DocView,
        Project,
        [k(SHIFT, Key::ArrowDown)]
    ),
    row!(
        LineStart,
        "Caret to paragraph start",
        "Move the caret to the start of the paragraph",
        None,
        DocView,
        Project,
        [k(NONE, Key::Home)]
    ),
    row!(
        LineEnd,
        "Caret to paragraph end",
        "Move the caret to the end of the paragraph",
        None,
        DocView,
        Project,
        [k(NONE, Key::End)]
    ),
    row!(
        ExtendLineStart,
        "Extend to paragraph start",
        "Extend the selection to the start of the paragraph",
        None,
        DocView,
        Project,
        [k(SHIFT, Key::Home)]
    ),
    row!(
        ExtendLineEnd,
        "Extend to paragraph end",
        "Extend the selection to the end of the paragraph",
        None,
        DocView,
        Project,
        [k(SHIFT, Key::End)]
    ),
    row!(
        NextDocument,
        "Next document",
        "Open the next document of the project",
        View,
        Global,
        Project,
        [k(CMD, Key::PageDown)]
    ),
    row!(
        PrevDocument,
        "Previous document",
        "Open the previous document of the project",
        View,
        Global,
        Project,
        [k(CMD, Key::PageUp)]
    ),
    row!(
        ShowRegistry,
        "Registry",
        "Every entity and event of the corpus: filter, open to list mentions, rename, merge, split",
        View,
        Global,
        Project,
        [k(CMD_SHIFT, Key::R)]
    ),
    row!(
        ToggleSuggestions,
        "Show suggestions",
        "Show or hide suggestions: text tagged elsewhere, outlined where it is not tagged yet",
        View,
        Global,
        Project,
        []
    ),
    row!(
        CorpusSearch,
        "Search the corpus…",
        "Find text in every document (plain or regular expression) and tag all hits at once",
        View,
        Global,
        Project,
        [k(CMD_SHIFT, Key::F)]
    ),
    row!(
        OpenBeside,
        "Open next document beside",
        "Show the next document of the project in a new pane beside the open ones",
        View,
        Global,
        Project,
        [k(CMD, Key::Backslash)]
    ),
    row!(
        ClosePane,
        "Close pane",
        "Close the active side-by-side pane",
        View,
        Global,
        Project,
        [k(CMD, Key::W)]
    ),
    row!(
        NextCorpusMention,
        "Next mention in corpus",
        "Go to the next mention of the selected mention's entity or event, across documents",
        Annotate,
        Global,
        Project,
        [k(ALT, Key::ArrowDown)]
    ),
    row!(
        PrevCorpusMention,
        "Previous mention in corpus",
        "Go to the previous mention of the selected mention's entity or event, across documents",
        Annotate,
        Global,
        Project,
        [k(ALT, Key::ArrowUp)]
    ),
    row!(
        SchemaEditor,
        "Schema editor…",
        "Edit entity and event types, colours, hotkeys, attributes and roles",
        View,
        Global,
        Project,
        [k(CMD, Key::K)]
    ),
    row!(
        ReviewList,
        "Needs review…",
        "List annotations whose text changed and that wait to be placed again or deleted",
        View,
        Global,
        Project,
        []
    ),
    row!(
        ShowTimeline,
        "Timeline",
        "Every event on one time axis, placed by the dates linked to it; where documents disagree; events without a time",
        View,
        Global,
        Project,
        [k(CMD_SHIFT, Key::T)]
    ),
    row!(
        ShowGraph,
        "Entity\u{2013}event graph",
        "Who did what to whom: entities and events as nodes, relations and arguments as edges",
        View,
        Global,
        Project,
        [k(CMD_SHIFT, Key::G)]
    ),
    row!(
        ShowStatistics,
        "Statistics",
        "Mentions per type and document, entities by documents, annotation density, progress per annotator",
        View,
        Global,
        Project,
        []
    ),
    row!(
        Layers,
        "Layers…",
        "Show another annotator's layer or compare two",
        View,
        Global,
        Project,
        []
    ),
    row!(
        EditOwnLayer,
        "Edit my layer",
        "Back to your own layer",
        View,
        Global,
        Project,
        []
    ),
    row!(
        Curation,
        "Curation…",
        "Settle the annotators' disagreements",
        View,
        Global,
        Project,
        []
    ),
    row!(
        Agreement,
        "Agreement…",
        "Inter-annotator agreement report",
        View,
        Global,
        Project,
        []
    ),
    row!(
        ToggleTheme,
        "Dark theme",
        "Switch between the dark and the light theme",
        View,
        Global,
        Nothing,
        []
    ),
    row!(
        BuiltinFileChooser,
        "Use Weft's file chooser",
        "Always choose files with Weft's own chooser, even where the system has a file dialog",
        View,
        Global,
        Nothing,
        []
    ),
    row!(
        TextSettings,
        "Text and fonts…",
        "Direction of the document (automatic, left to right, right to left), line width, and a preferred font per script",
        View,
        Global,
        Nothing,
        []
    ),
    row!(
        ZoomIn,
        "Zoom in",
        "Make everything larger",
        View,
        Global,
        Nothing,
        [k(CMD, Key::Equals), k(CMD, Key::Plus)]
    ),
    row!(
        ZoomOut,
        "Zoom out",
        "Make everything smaller",
        View,
        Global,
        Nothing,
        [k(CMD, Key::Minus)]
    ),
    row!(
        ZoomReset,
        "Reset zoom",
        "Back to 100 %",
        View,
        Global,
        Nothing,
        [k(CMD, Key::Num0)]
    ),
    row!(
        Help,
        "Keyboard shortcuts",
        "Show this key map",
        Help,
        Global,
        Nothing,
        [k(NONE, Key::F1)]
    ),
];

/// The table row of a command.
pub fn info(command: Command) -> &'static CommandInfo {
    TABLE
        .iter()
        .find(|c| c.command == command)
        .expect("every command has a row in TABLE")
}

/// A shortcut as text, spelled for Linux/Windows ("Ctrl+Shift+Z").
pub fn format_shortcut(s: &KeyboardShortcut) -> String {
    let mut out = String::new();
    let m = s.modifiers;
    if m.command || m.ctrl || m.mac_cmd {
        out.push_str("Ctrl+");
    }
    if m.alt {
        out.push_str("Alt+");
    }
    if m.shift {
        out.push_str("Shift+");
    }
    out.push_str(match s.logical_key {
        Key::ArrowLeft => "Left",
        Key::ArrowRight => "Right",
        Key::ArrowUp => "Up",
        Key::ArrowDown => "Down",
        Key::Equals => "=",
        Key::Plus => "+",
        Key::Minus => "-",
        other => other.name(),
    });
    out
}

/// All shortcuts of a command, joined ("Ctrl+Shift+Z / Ctrl+Y").
pub fn shortcut_text(command: Command) -> String {
    info(command)
        .shortcuts
        .iter()
        .map(format_shortcut)
        .collect::<Vec<_>>()
        .join(" / ")
}

/// (shortcut, command, scope) in the order they must be tested: shortcuts with more modifiers
/// first, because egui ignores extra Shift when matching (Shift+Tab would also match Tab).
pub fn shortcut_order() -> Vec<(KeyboardShortcut, Command, Scope)> {
    let mut all: Vec<(KeyboardShortcut, Command, Scope)> = TABLE
        .iter()
        .flat_map(|c| c.shortcuts.iter().map(move |s| (*s, c.command, c.scope)))
        .collect();
    let weight = |m: Modifiers| m.command as u8 + m.shift as u8 + m.alt as u8 + m.ctrl as u8;
    all.sort_by_key(|(s, _, _)| std::cmp::Reverse(weight(s.modifiers)));
    all
}

/// Commands that switch something on or off: check boxes in the menus, showing their state.
pub const TOGGLES: &[Command] = &[
    Command::ShowRegistry,
    Command::ToggleSuggestions,
    Command::ReviewList,
    Command::ToggleTheme,
    Command::BuiltinFileChooser,
    Command::Help,
];

/// Whether `command` switches something on or off (see [`TOGGLES`]).
pub fn is_toggle(command: Command) -> bool {
    TOGGLES.contains(&command)
}

/// Whether `command` can run now (`has_project`: a project is open).
pub fn available(command: Command, has_project: bool) -> bool {
    info(command).needs == Needs::Nothing || has_project
}
