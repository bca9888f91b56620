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

/// WCAG's minimum contrast for body text (level AA).
pub const MIN_CONTRAST: f64 = 4.5;

/// The colours text sits on and is drawn in, per theme, as the workbench sets them
/// (`crate::ui::theme` turns them into egui's visuals).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThemeColours {
    /// Panels and windows.
    pub background: Rgb,
    /// Text fields (egui's "extreme" background).
    pub field: Rgb,
    /// Body text, the document's text.
    pub text: Rgb,
    /// Dimmed text and hints in empty fields.
    pub weak: Rgb,
    /// The fill of selected items and of the text selection (text and dimmed text sit on it).
    pub selection: Rgb,
    /// Opacity (0–255) of a mention's fill over the background.
    pub fill_alpha: u8,
}

/// The dark theme: egui's surfaces, with text and dimmed text light enough to read.
pub const DARK: ThemeColours = ThemeColours {
    background: Rgb(27, 27, 27),
    field: Rgb(10, 10, 10),
    text: Rgb(205, 205, 205),
    weak: Rgb(155, 155, 155),
    selection: Rgb(0, 50, 80),
    fill_alpha: 95,
};

/// The light theme.
pub const LIGHT: ThemeColours = ThemeColours {
    background: Rgb(248, 248, 248),
    field: Rgb(255, 255, 255),
    text: Rgb(30, 30, 30),
    weak: Rgb(80, 80, 80),
    selection: Rgb(144, 209, 255),
    fill_alpha: 80,
};

impl ThemeColours {
    pub fn of(dark: bool) -> ThemeColours {
        if dark { DARK } else { LIGHT }
    }

    /// What a mention of colour `c` is filled with, as seen: `c` at [`Self::fill_alpha`] over
    /// the background.
    pub fn fill(&self, c: Rgb) -> Rgb {
        blend(c, self.fill_alpha, self.background)
    }

    /// The colour of text on a mention of colour `c`: the theme's text colour when it is
    /// readable there, else black or white, whichever contrasts more.
    pub fn text_on_mention(&self, c: Rgb) -> Rgb {
        text_on(self.fill(c), self.text)
    }
}

/// WCAG relative luminance (0 black … 1 white) of an sRGB colour.
pub fn luminance(c: Rgb) -> f64 {
    fn lin(v: u8) -> f64 {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    }
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}

/// WCAG contrast ratio of two colours (1 … 21).
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// `fg` at opacity `alpha` (0–255) over `bg`, as composited in sRGB (as egui does).
pub fn blend(fg: Rgb, alpha: u8, bg: Rgb) -> Rgb {
    let a = f64::from(alpha) / 255.0;
    let mix = |f: u8, b: u8| (f64::from(f) * a + f64::from(b) * (1.0 - a)).round() as u8;
    Rgb(mix(fg.0, bg.0), mix(fg.1, bg.1), mix(fg.2, bg.2))
}

/// The text colour for `fill`: `preferred` if it reaches [`MIN_CONTRAST`] there, else black
/// or white, whichever contrasts more (one of them always reaches it: the lesser of the two
/// best contrasts is about 4.58:1, at a mid-grey).
pub fn text_on(fill: Rgb, preferred: Rgb) -> Rgb {
    if contrast(preferred, fill) >= MIN_CONTRAST {
        return preferred;
    }
    let (black, white) = (Rgb(0, 0, 0), Rgb(255, 255, 255));
    if contrast(black, fill) >= contrast(white, fill) {
        black
    } else {
        white
    }
}

/// Colours offered for types (the default schema's and more): what the contrast test runs
/// over, besides every colour of a coarse sweep of the whole RGB cube.
pub const PALETTE: &[Rgb] = &[
    Rgb(0xe6, 0xa2, 0x3c),
    Rgb(0xa5, 0xa5, 0xa5),
    Rgb(0x5b, 0x9b, 0xd5),
    Rgb(0x70, 0xad, 0x47),
    Rgb(0xd9, 0x53, 0x4f),
    Rgb(0x9b, 0x59, 0xb6),
    Rgb(0x1a, 0xbc, 0x9c),
    Rgb(0x34, 0x49, 0x5e),
    Rgb(0x88, 0x88, 0x88),
    Rgb(0xff, 0xff, 0x00),
    Rgb(0x00, 0x00, 0xff),
    Rgb(0xff, 0x00, 0xff),
    Rgb(0x00, 0xff, 0xff),
    Rgb(0xff, 0xff, 0xff),
    Rgb(0x00, 0x00, 0x00),
    Rgb(0xff, 0x80, 0x00),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Schema, schema::parse_colour};

    fn default_schema_colours() -> Vec<Rgb> {
        let s = Schema::default_news();
        s.types
            .iter()
            .map(|t| t.colour.as_str())
            .chain(s.relation_types.iter().map(|r| r.colour.as_str()))
            .filter_map(parse_colour)
            .map(|[r, g, b]| Rgb(r, g, b))
            .collect()
    }

    #[test]
    fn contrast_follows_wcag() {
        assert!((contrast(Rgb(0, 0, 0), Rgb(255, 255, 255)) - 21.0).abs() < 1e-9);
        assert!((contrast(Rgb(9, 9, 9), Rgb(9, 9, 9)) - 1.0).abs() < 1e-9);
        // #767676 on white is the classic 4.54:1.
        let c = contrast(Rgb(0x76, 0x76, 0x76), Rgb(255, 255, 255));
        assert!((c - 4.54).abs() < 0.01, "{c}");
        assert_eq!(blend(Rgb(255, 0, 0), 255, Rgb(0, 0, 0)), Rgb(255, 0, 0));
        assert_eq!(blend(Rgb(255, 0, 0), 0, Rgb(1, 2, 3)), Rgb(1, 2, 3));
    }

    #[test]
    fn text_on_every_mention_fill_reaches_4_5_to_1_in_both_themes() {
        // The palette, the default schema's colours, and a sweep of the RGB cube (every 15th
        // value per channel: 4913 colours).
        let sweep = (0..=255u8)
            .step_by(15)
            .flat_map(|r| (0..=255u8).step_by(15).map(move |g| (r, g)))
            .flat_map(|(r, g)| (0..=255u8).step_by(15).map(move |b| Rgb(r, g, b)));
        let all: Vec<Rgb> = PALETTE
            .iter()
            .copied()
            .chain(default_schema_colours())
            .chain(sweep)
            .collect();
        assert!(all.len() > 4900);
        for theme in [DARK, LIGHT] {
            for &c in &all {
                let fill = theme.fill(c);
                let text = theme.text_on_mention(c);
                let ratio = contrast(text, fill);
                assert!(
                    ratio >= MIN_CONTRAST,
                    "{c:?} in {theme:?}: {ratio:.2}:1 ({text:?} on {fill:?})"
                );
            }
            // The default schema's colours keep the theme's own text colour (no black or
            // white patches in an ordinary document).
            for c in default_schema_colours() {
                assert_eq!(theme.text_on_mention(c), theme.text, "{c:?} in {theme:?}");
            }
        }
    }

    #[test]
    fn body_dimmed_and_hint_text_reach_4_5_to_1_on_every_surface() {
        for theme in [DARK, LIGHT] {
            for surface in [theme.background, theme.field, theme.selection] {
                for (what, c) in [("text", theme.text), ("dimmed and hint text", theme.weak)] {
                    let ratio = contrast(c, surface);
                    assert!(ratio >= MIN_CONTRAST, "{what} in {theme:?}: {ratio:.2}:1");
                }
            }
            // Dimmed text still looks dimmer than body text.
            assert!(
                contrast(theme.weak, theme.background) < contrast(theme.text, theme.background)
            );
        }
    }
}
