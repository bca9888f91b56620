//! Fonts: egui's bundled fonts first, then installed system fonts for whatever they lack.
//!
//! egui 0.37 asks a [`egui::FontProvider`] for a font whenever no installed face has a
//! character, at most once per (family, character), and appends the answer to the family's
//! fallback chain (see [`crate::textlayout`] for what we read in its sources). Weft's provider,
//! [`SystemFonts`], answers from the fonts installed on the machine:
//!
//! - **Discovery** with `fontdb`, which reads the font folders of Windows, macOS and Linux
//!   (fontconfig's configuration included). It only reads each file's name and style tables,
//!   and it runs on a background thread started by [`install_fonts`]: the first frame never
//!   waits for it. A request before it is done waits for it (only text in a script the bundled
//!   fonts lack can ask).
//! - **Choice** per character by [`plan::candidate_order`] (pure): the user's preferred family
//!   for the script, then well-known families, then any; the first whose character map covers
//!   the character wins. Nothing is loaded until a character needs it, and then only that one
//!   font file (read into memory, so a file changed on disk cannot crash the process).
//! - **Preferences**: [`FontPrefs`] (plain data, serde) — a family per script, and a switch for
//!   the whole system fallback.
//!
//! Only the small UI fonts egui bundles are shipped; no CJK font is ever committed.
//!
//! [`FontShaper`] measures runs for the layout engine with the same faces egui draws with.

pub mod plan;
pub mod shaper;

pub use plan::{FaceDesc, FontPrefs, candidate_order, script_name, scripts_of};
pub use shaper::{FontShaper, Piece};

use egui::epaint::text::{
    FallbackRequest, FontData, FontFamily, FontInsert, FontPriority, FontProvider, InsertFontFamily,
};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;

/// The system font database, scanned once.
struct Scanned {
    db: fontdb::Database,
    /// Plain descriptions of `ids`, index for index.
    faces: Vec<FaceDesc>,
    ids: Vec<fontdb::ID>,
}

impl Scanned {
    fn scan() -> Self {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        let mut pairs: Vec<(fontdb::ID, FaceDesc)> = db
            .faces()
            .map(|f| {
                (
                    f.id,
                    FaceDesc {
                        family: f
                            .families
                            .first()
                            .map(|(n, _)| n.clone())
                            .unwrap_or_default(),
                        weight: f.weight.0,
                        italic: f.style != fontdb::Style::Normal,
                        monospaced: f.monospaced,
                    },
                )
            })
            .collect();
        // fontdb's order follows the directory walk; sort so the choice is reproducible.
        pairs.sort_by(|a, b| {
            a.1.family
                .cmp(&b.1.family)
                .then(a.1.weight.cmp(&b.1.weight))
        });
        let (ids, faces) = pairs.into_iter().unzip();
        Self { db, faces, ids }
    }

    /// Whether face `i`'s character map has a glyph for `c`.
    fn covers(&self, i: usize, c: char) -> bool {
        use skrifa::MetadataProvider as _;
        self.db
            .with_face_data(self.ids[i], |data, index| {
                skrifa::FontRef::from_index(data, index)
                    .ok()
                    .and_then(|f| f.charmap().map(c))
                    .is_some_and(|g| g != skrifa::GlyphId::NOTDEF)
            })
            .unwrap_or(false)
    }

    /// The font file of face `i`, read into memory.
    fn load(&self, i: usize) -> Result<FontData, String> {
        let (source, index) = self
            .db
            .face_source(self.ids[i])
            .ok_or_else(|| "the face vanished from the font database".to_string())?;
        let bytes = match source {
            fontdb::Source::Binary(b) => b.as_ref().as_ref().to_vec(),
            fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => {
                std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?
            }
        };
        Ok(FontData::from_blob(Arc::new(bytes), index))
    }
}

/// Which font was chosen for a character (for tests, the about box and bug reports).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chosen {
    pub ch: char,
    /// The family name, or `None` if no installed font has the character.
    pub family: Option<String>,
}

#[derive(Default)]
struct State {
    pending: Option<JoinHandle<Scanned>>,
    scanned: Option<Arc<Scanned>>,
    /// Faces already handed to egui, by face index: their egui font name and data (egui
    /// keeps one copy per name; the monospace family reuses the proportional one's).
    loaded: HashMap<usize, (String, FontData)>,
    chosen: Vec<Chosen>,
    /// Characters no installed face covers: egui asks once per family, the scan runs once.
    misses: HashSet<char>,
    problems: Vec<String>,
}

/// Weft's [`FontProvider`]: system fonts on demand, per-script preferences first.
pub struct SystemFonts {
    prefs: FontPrefs,
    state: Mutex<State>,
}

impl SystemFonts {
    /// A provider that scans the system fonts on a background thread from now on.
    pub fn new(prefs: FontPrefs) -> Self {
        let pending = if prefs.system_fallback {
            std::thread::Builder::new()
                .name("weft-font-scan".into())
                .spawn(Scanned::scan)
                .ok()
        } else {
            None
        };
        Self {
            prefs,
            state: Mutex::new(State {
                pending,
                ..State::default()
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn scanned(state: &mut State) -> Arc<Scanned> {
        if let Some(s) = &state.scanned {
            return s.clone();
        }
        let s = match state.pending.take().map(JoinHandle::join) {
            Some(Ok(s)) => s,
            Some(Err(_)) => {
                state
                    .problems
                    .push("the font scan failed; scanning again".to_string());
                Scanned::scan()
            }
            None => Scanned::scan(),
        };
        let s = Arc::new(s);
        state.scanned = Some(s.clone());
        s
    }

    /// The same installed fonts (the scan is shared, not repeated) with other preferences:
    /// what a changed font setting installs.
    pub fn with_prefs(&self, prefs: FontPrefs) -> Self {
        let scanned = Self::scanned(&mut self.lock());
        Self {
            prefs,
            state: Mutex::new(State {
                scanned: Some(scanned),
                ..State::default()
            }),
        }
    }

    /// The preferences this provider answers with.
    pub fn prefs(&self) -> &FontPrefs {
        &self.prefs
    }

    /// The installed families with a glyph for `c`, sorted by name (waits for the scan): what
    /// the font setting offers for a script.
    pub fn families_covering(&self, c: char) -> Vec<String> {
        let s = Self::scanned(&mut self.lock());
        let mut out: Vec<String> = (0..s.faces.len())
            .filter(|&i| !s.faces[i].italic && s.covers(i, c))
            .map(|i| s.faces[i].family.clone())
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Number of installed faces found (waits for the scan).
    pub fn face_count(&self) -> usize {
        Self::scanned(&mut self.lock()).faces.len()
    }

    /// The family the provider picks for `c` in the proportional family, without loading it.
    pub fn family_for(&self, c: char) -> Option<String> {
        let s = Self::scanned(&mut self.lock());
        self.pick(&s, c, false).map(|i| s.faces[i].family.clone())
    }

    /// Every choice made so far, in order.
    pub fn chosen(&self) -> Vec<Chosen> {
        self.lock().chosen.clone()
    }

    /// Font files that could not be used, with the reason.
    pub fn problems(&self) -> Vec<String> {
        self.lock().problems.clone()
    }

    /// Faces loaded into egui so far (each one font file read).
    pub fn loaded_count(&self) -> usize {
        self.lock().loaded.len()
    }

    fn pick(&self, s: &Scanned, c: char, monospace: bool) -> Option<usize> {
        let order = candidate_order(c, &s.faces, &self.prefs, monospace);
        plan::first_covering(c, &order, |i, c| s.covers(i, c))
    }
}

impl FontProvider for SystemFonts {
    fn font_for(&self, request: &FallbackRequest<'_>) -> Option<FontInsert> {
        if !self.prefs.system_fallback {
            return None;
        }
        let c = request.cluster.chars().next()?;
        let mut state = self.lock();
        if state.misses.contains(&c) {
            return None;
        }
        let s = Self::scanned(&mut state);
        let monospace = *request.family == FontFamily::Monospace;
        let Some(i) = self.pick(&s, c, monospace) else {
            state.misses.insert(c);
            state.chosen.push(Chosen {
                ch: c,
                family: None,
            });
            return None;
        };
        let family = s.faces[i].family.clone();
        state.chosen.push(Chosen {
            ch: c,
            family: Some(family.clone()),
        });
        let (name, data) = match state.loaded.get(&i) {
            Some(loaded) => loaded.clone(),
            None => {
                let name = format!("system:{family}:{}:{i}", s.faces[i].weight);
                match s.load(i) {
                    Ok(d) => {
                        state.loaded.insert(i, (name.clone(), d.clone()));
                        (name, d)
                    }
                    Err(e) => {
                        state.problems.push(format!("{family}: {e}"));
                        eprintln!("weft: font {family}: {e}");
                        return None;
                    }
                }
            }
        };
        Some(FontInsert {
            name,
            data,
            families: vec![InsertFontFamily {
                family: request.family.clone(),
                priority: FontPriority::Lowest,
            }],
        })
    }
}

/// Replaces the font provider of `ctx` by one with `prefs`, reusing `previous`'s scan. egui
/// reloads its fonts at the next pass, so every galley laid out before is stale: the caller
/// drops its caches.
pub fn reinstall_fonts(
    ctx: &egui::Context,
    prefs: &FontPrefs,
    previous: &SystemFonts,
) -> Arc<SystemFonts> {
    let provider = Arc::new(previous.with_prefs(prefs.clone()));
    let providers: Vec<Arc<dyn FontProvider>> = if prefs.system_fallback {
        vec![provider.clone()]
    } else {
        Vec::new()
    };
    ctx.set_font_providers(providers);
    provider
}

/// Installs Weft's fonts in `ctx`: egui's bundled fonts stay first; with
/// [`FontPrefs::system_fallback`], system fonts are found on demand. Returns the provider so
/// the caller can show what was chosen. Call once at startup (the scan starts here, on its own
/// thread).
pub fn install_fonts(ctx: &egui::Context, prefs: &FontPrefs) -> Arc<SystemFonts> {
    let provider = Arc::new(SystemFonts::new(prefs.clone()));
    if prefs.system_fallback {
        ctx.add_font_provider(provider.clone());
    }
    provider
}
