//! The team workbench (issue 13): who is annotating, the layer switch (edit my layer, show
//! another annotator's read-only, compare two), the curation view and the agreement window.
//! Each window keeps its own state here and returns [`crate::ui::action::Action`]s; the app
//! applies them in one place (`src/ui/app/team.rs`, `src/ui/app/annotator.rs`).
//!
//! | file | job |
//! |---|---|
//! | `annotator.rs` | the window that asks for (or changes) the annotator's name |
//! | `layers.rs` | the layer switch: edit, show read-only, compare two |
//! | `compare.rs` | the differences of two compared layers: marks on the panes, a list |
//! | `curation.rs` | the curation view: disagreements, both versions, decisions, progress |
//! | `agreement.rs` | the agreement window: the report of `weft agreement` |

pub mod agreement;
pub mod annotator;
pub mod compare;
pub mod curation;
pub mod layers;

/// The team windows' states, kept by the app.
#[derive(Default)]
pub struct TeamWindows {
    pub annotator: annotator::AnnotatorWindow,
    pub layers: layers::LayersWindow,
    pub compare: compare::CompareView,
    pub curation: curation::CurationWindow,
    pub agreement: agreement::AgreementWindow,
}
