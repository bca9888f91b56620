//! View models: what the panels and the document view show, built as plain data from the
//! session and the workspace *before* anything is painted. They use no egui (the layering test
//! keeps it so), which is why they are tested with no window and no frame.
//!
//! | file | what it builds |
//! |---|---|
//! | [`colour`] | type and relation colours as plain RGB |
//! | [`names`] | accessible names of what the workbench draws itself (mentions) |
//! | [`overlay`] | the cross-document decorations of each pane (cached per edit generation) |
//! | [`status`] | the status bar's line |
//! | [`registry`] | the registry's rows and an entity's mentions in context |

pub mod colour;
pub mod names;
pub mod overlay;
pub mod registry;
pub mod status;

pub use colour::Rgb;
