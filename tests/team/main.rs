//! Integration tests: team work — annotators' layers and their agreement.

#![allow(
    clippy::unwrap_used,
    reason = "tests unwrap their own fixtures: a panic is how a test reports a failure"
)]

#[path = "../common/mod.rs"]
mod common;

mod agreement_project;
mod agreement_props;
