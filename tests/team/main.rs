//! Integration tests: team work — annotators' layers, their files and git, agreement,
//! curation and the team commands.

#![allow(
    clippy::unwrap_used,
    reason = "tests unwrap their own fixtures: a panic is how a test reports a failure"
)]

#[path = "../common/mod.rs"]
mod common;

mod agreement_project;
mod agreement_props;
mod cli_team;
mod curation_scale;
mod git_merge;
mod layers;
