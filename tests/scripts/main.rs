//! Scripts (issue 15): the bidi layout engine on the sample texts and random mixtures, and the
//! system font fallback.

#![allow(
    clippy::unwrap_used,
    reason = "tests unwrap their own fixtures: a panic is how a test reports a failure"
)]

#[path = "../common/mod.rs"]
mod common;

mod common_layout;
mod egui_findings;
mod fonts;
mod layout_samples;
mod prop_layout;
mod real_fonts;
mod view_samples;
