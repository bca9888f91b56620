//! Which installed font Weft uses for each script of the samples, and how long the system font
//! scan takes on this machine: `cargo run --example font_report [SCRIPT=FAMILY ...]`.
//!
//! Arguments prefer a family for a script, as the font setting does (`Arabic="Noto Sans
//! Arabic"`).

use std::time::Instant;
use weft::textlayout::samples::SAMPLES;
use weft::ui::fonts::{FontPrefs, SystemFonts, scripts_of};

fn main() {
    let mut prefs = FontPrefs::default();
    for arg in std::env::args().skip(1) {
        if let Some((script, family)) = arg.split_once('=') {
            prefs = prefs.prefer(script, family);
        }
    }
    let start = Instant::now();
    let fonts = SystemFonts::new(prefs);
    let faces = fonts.face_count();
    println!(
        "{faces} installed faces, scanned in {} ms",
        start.elapsed().as_millis()
    );
    for s in SAMPLES {
        // The first character that belongs to a script.
        let Some(c) = s.text.chars().find(|c| !scripts_of(*c).is_empty()) else {
            continue;
        };
        let script = scripts_of(c)
            .first()
            .map(|sc| weft::ui::fonts::script_name(*sc))
            .unwrap_or("?");
        let t = Instant::now();
        let family = fonts
            .family_for(c)
            .unwrap_or_else(|| "(none: tofu)".to_string());
        println!(
            "{:<16} {:<12} {c:?} -> {family} ({} us)",
            s.name,
            script,
            t.elapsed().as_micros()
        );
    }
}
