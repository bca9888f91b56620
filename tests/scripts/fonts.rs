//! System font fallback with the fonts installed on this machine. CI installs Debian's
//! fonts-noto-core and fonts-noto-cjk (`.ci/check_fonts.sh`); Windows and macOS have fonts
//! for these scripts out of the box.

use std::sync::Arc;
use weft::ui::fonts::{FontPrefs, SystemFonts, install_fonts};

/// One character per script the issue names, and the chile-1973 Arabic-Indic digit.
const NEEDED: &[(&str, char)] = &[
    ("Arabic-Indic digit (chile-1973)", '\u{668}'),
    ("Hebrew", 'א'),
    ("Arabic", 'ع'),
    ("Persian", 'گ'),
    ("Devanagari", 'क'),
    ("Thai", 'ก'),
    ("Chinese", '中'),
    ("Japanese kana", 'か'),
];

const INSTALL: &str = "install fonts-noto-core and fonts-noto-cjk (.ci/check_fonts.sh)";

#[test]
fn every_script_of_the_samples_gets_an_installed_font() {
    let fonts = SystemFonts::new(FontPrefs::default());
    assert!(fonts.face_count() > 0, "no system fonts found: {INSTALL}");
    for (what, c) in NEEDED {
        let family = fonts.family_for(*c);
        assert!(
            family.is_some(),
            "no installed font covers {what} {c:?}: {INSTALL}"
        );
    }
    // Nothing was loaded by asking.
    assert_eq!(fonts.loaded_count(), 0);
}

/// On Linux the fonts are Debian's Noto (CI installs them); elsewhere the platform's own.
#[cfg(target_os = "linux")]
#[test]
fn with_noto_installed_the_known_families_are_chosen() {
    assert!(
        std::path::Path::new("/usr/share/fonts/truetype/noto").exists(),
        "{INSTALL}"
    );
    let fonts = SystemFonts::new(FontPrefs::default());
    assert_eq!(fonts.family_for('א').as_deref(), Some("Noto Sans Hebrew"));
    assert_eq!(fonts.family_for('ع').as_deref(), Some("Noto Naskh Arabic"));
    assert_eq!(
        fonts.family_for('\u{668}').as_deref(),
        Some("Noto Naskh Arabic")
    );
    assert_eq!(
        fonts.family_for('क').as_deref(),
        Some("Noto Sans Devanagari")
    );
    assert_eq!(fonts.family_for('ก').as_deref(), Some("Noto Sans Thai"));
    assert!(fonts.family_for('中').unwrap().starts_with("Noto Sans CJK"));
    // A preference per script wins.
    let prefs = FontPrefs::default().prefer("Arabic", "Noto Sans Arabic");
    let fonts = SystemFonts::new(prefs);
    assert_eq!(fonts.family_for('ع').as_deref(), Some("Noto Sans Arabic"));
    assert_eq!(fonts.family_for('א').as_deref(), Some("Noto Sans Hebrew"));
}

/// Lays `text` out in a frame of `ctx` and tells whether every char has a glyph.
fn frame_has_glyphs(ctx: &egui::Context, text: &str) -> bool {
    let mut ok = false;
    let mut output = ctx.run_ui(Default::default(), |ui| {
        let font = egui::FontId::proportional(14.0);
        ok = ui.fonts_mut(|f| text.chars().all(|c| f.has_glyph(&font, c)));
    });
    // Headless: no renderer takes the font atlas.
    output.textures_delta.clear();
    ok
}

#[test]
fn egui_draws_every_script_through_the_provider_and_loads_fonts_lazily() {
    let ctx = egui::Context::default();
    let provider: Arc<SystemFonts> = install_fonts(&ctx, &FontPrefs::default());
    // Latin text needs no system font: nothing is loaded.
    assert!(frame_has_glyphs(&ctx, "General strike, 1973."));
    assert_eq!(
        provider.loaded_count(),
        0,
        "a font was loaded for Latin text"
    );
    let all: String = NEEDED.iter().map(|(_, c)| *c).collect();
    assert!(frame_has_glyphs(&ctx, &all), "tofu in {all:?}: {INSTALL}");
    let chosen = provider.chosen();
    assert!(chosen.iter().all(|c| c.family.is_some()), "{chosen:?}");
    // Only the fonts needed were loaded: one per script at most (Persian shares Arabic's).
    assert!(provider.loaded_count() <= NEEDED.len() - 2, "{chosen:?}");
    assert!(provider.problems().is_empty(), "{:?}", provider.problems());
}

#[test]
fn without_system_fallback_nothing_is_scanned_or_provided() {
    let ctx = egui::Context::default();
    let prefs = FontPrefs {
        system_fallback: false,
        ..FontPrefs::default()
    };
    let provider = install_fonts(&ctx, &prefs);
    assert!(!frame_has_glyphs(&ctx, "א"));
    assert!(provider.chosen().is_empty());
}

#[test]
fn every_character_of_the_chile_corpus_has_a_glyph() {
    let Some(dir) = crate::common::shared("corpus/chile-1973") else {
        return;
    };
    let mut chars: Vec<char> = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            let text = std::fs::read_to_string(&path).unwrap();
            chars.extend(text.chars().filter(|c| !c.is_control()));
        }
    }
    chars.sort_unstable();
    chars.dedup();
    assert!(
        chars.contains(&'\u{668}'),
        "the Arabic-Indic digit is in the corpus"
    );
    let ctx = egui::Context::default();
    let provider = install_fonts(&ctx, &FontPrefs::default());
    let text: String = chars.iter().collect();
    assert!(
        frame_has_glyphs(&ctx, &text),
        "tofu in the corpus: {INSTALL}"
    );
    // The digit came from a system font; nothing else in the corpus needed one.
    let chosen = provider.chosen();
    assert!(
        chosen
            .iter()
            .any(|c| c.ch == '\u{668}' && c.family.is_some()),
        "{chosen:?}"
    );
}

#[test]
fn a_character_no_font_has_is_looked_for_once() {
    let ctx = egui::Context::default();
    let provider = install_fonts(&ctx, &FontPrefs::default());
    // An unassigned code point: no font can cover it.
    let c = '\u{0378}';
    let font = egui::FontId::proportional(14.0);
    let mono = egui::FontId::monospace(14.0);
    let mut output = ctx.run_ui(Default::default(), |ui| {
        ui.fonts_mut(|f| {
            assert!(!f.has_glyph(&font, c));
            assert!(!f.has_glyph(&mono, c));
        });
    });
    output.textures_delta.clear();
    let misses: Vec<_> = provider
        .chosen()
        .into_iter()
        .filter(|x| x.ch == c)
        .collect();
    assert_eq!(misses.len(), 1, "{misses:?}");
    assert_eq!(misses[0].family, None);
}
