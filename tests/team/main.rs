//! Integration tests: team work — annotators' layers and their agreement.

#[path = "../common/mod.rs"]
mod common;

mod agreement_project;
mod agreement_props;
