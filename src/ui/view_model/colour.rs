//! Colours as plain data: the schema writes them as `#rrggbb`; painting turns an [`Rgb`] into
//! egui's colour at the last moment.

use crate::model::{Project, schema::parse_colour};

/// An opaque colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// What anything without a colour of its own is drawn in.
    pub const GRAY: Rgb = Rgb(160, 160, 160);
}

/// The colour of an entity or event type (grey when it has none or is unknown).
pub fn type_rgb(project: &Project, type_key: &str) -> Rgb {
    project
        .schema()
        .type_def(type_key)
        .and_then(|t| parse_colour(&t.colour))
        .map(|[r, g, b]| Rgb(r, g, b))
        .unwrap_or(Rgb::GRAY)
}

/// The colour of a relation type (grey when it has none or is unknown).
pub fn relation_rgb(project: &Project, type_key: &str) -> Rgb {
    project
        .schema()
        .relation_type(type_key)
        .and_then(|d| parse_colour(&d.colour))
        .map(|[r, g, b]| Rgb(r, g, b))
        .unwrap_or(Rgb::GRAY)
}
