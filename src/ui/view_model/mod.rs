//! View models: what the panels and the document view show, built as plain data from the
//! session and the workspace *before* anything is painted. They use no egui (the layering test
//! keeps it so), which is why they are tested with no window and no frame.
//!
//! | file | what it builds |
//! |---|---|
//! | [`colour`] | type and relation colours as plain RGB |
//! | [`compare`] | the differences between two layers of one document (the compare view) |
//! | [`curation`] | the curation view's rows: each disagreement's versions in words |
//! | [`names`] | accessible names of what the workbench draws itself (mentions) |
//! | [`graph`] | the graph window: the filtered graph, node sizes, culling geometry, camera |
//! | [`overlay`] | the cross-document decorations of each pane (cached per edit generation) |
//! | [`stats`] | the statistics window's figures (also `weft stats --json`) |
//! | [`status`] | the status bar's line |
//! | [`registry`] | the registry's rows and an entity's mentions in context |
//! | [`timeline`] | the timeline window: events on a time axis, untimed events, filters |

pub mod colour;
pub mod compare;
pub mod curation;
pub mod graph;
pub mod names;
pub mod overlay;
pub mod registry;
pub mod stats;
pub mod status;
pub mod timeline;

pub use colour::Rgb;
