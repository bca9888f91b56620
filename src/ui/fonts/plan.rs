//! Which installed font to try first for a character: pure planning, no files, no egui.
//!
//! Given the faces the system has (plain descriptions), the user's preferences and the
//! character, [`candidate_order`] returns the faces in the order to test their coverage:
//!
//! 1. the family the user prefers for the character's script (or one of its script
//!    extensions: an Arabic comma serves Arabic, Syriac, Thaana…);
//! 2. well-known families for that script on Linux (Noto), Windows and macOS, in a fixed order;
//! 3. any family named after the script ("Noto Sans Bengali", "Noto Serif Tamil");
//! 4. broad general-purpose families (Noto Sans, DejaVu Sans, Segoe UI, Arial, …);
//! 5. every other face, math, symbol and emoji faces last.
//!
//! Within a group, faces closest to a regular upright weight come first (monospaced ones first
//! when the request is for the monospace family), then by family name: the same machine always
//! gives the same answer. The first candidate whose character map covers the character wins
//! ([`first_covering`]); the caller supplies the coverage test.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use unicode_script::{Script, UnicodeScript};

/// Font settings kept in the user's preferences.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FontPrefs {
    /// Preferred font family per script, keyed by the script's Unicode name ("Arabic",
    /// "Hebrew", "Han", "Devanagari", "Thai", …: see [`script_name`]).
    pub per_script: BTreeMap<String, String>,
    /// Look for installed system fonts for characters the bundled fonts lack.
    pub system_fallback: bool,
}

impl Default for FontPrefs {
    fn default() -> Self {
        Self {
            per_script: BTreeMap::new(),
            system_fallback: true,
        }
    }
}

impl FontPrefs {
    /// Prefers `family` for `script` (a name from [`script_name`]).
    pub fn prefer(mut self, script: &str, family: &str) -> Self {
        self.per_script
            .insert(script.to_string(), family.to_string());
        self
    }
}

/// An installed face, as far as planning needs to know it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaceDesc {
    pub family: String,
    /// CSS weight: 400 regular, 700 bold.
    pub weight: u16,
    pub italic: bool,
    pub monospaced: bool,
}

/// The Unicode name of a script, as used in [`FontPrefs::per_script`].
pub fn script_name(script: Script) -> &'static str {
    script.full_name()
}

/// The scripts a character is used with: its own script, then its script extensions, without
/// Common and Inherited. Empty for punctuation, digits and symbols shared by all scripts.
pub fn scripts_of(c: char) -> Vec<Script> {
    let mut out = Vec::new();
    let own = c.script();
    if !matches!(own, Script::Common | Script::Inherited | Script::Unknown) {
        out.push(own);
    }
    for s in c.script_extension().iter() {
        if !matches!(s, Script::Common | Script::Inherited | Script::Unknown) && !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// Well-known families per script, Linux (Noto, as Debian ships them) first, then Windows and
/// macOS. Families not installed are simply absent from the faces.
fn known_families(script: Script) -> &'static [&'static str] {
    use Script::*;
    match script {
        Arabic => &[
            "Noto Naskh Arabic",
            "Noto Sans Arabic",
            "Noto Sans Arabic UI",
            "Noto Kufi Arabic",
            "Segoe UI",
            "Arial",
            "Geeza Pro",
            "Tahoma",
            "DejaVu Sans",
        ],
        Hebrew => &[
            "Noto Sans Hebrew",
            "Noto Serif Hebrew",
            "Segoe UI",
            "Arial",
            "Arial Hebrew",
            "DejaVu Sans",
        ],
        Han => &[
            "Noto Sans CJK SC",
            "Noto Sans CJK JP",
            "Noto Sans CJK TC",
            "Noto Sans CJK KR",
            "Noto Sans SC",
            "Microsoft YaHei",
            "PingFang SC",
            "Hiragino Sans GB",
            "Source Han Sans SC",
            "WenQuanYi Micro Hei",
        ],
        Hiragana | Katakana => &[
            "Noto Sans CJK JP",
            "Noto Sans JP",
            "Yu Gothic",
            "Meiryo",
            "Hiragino Sans",
            "MS Gothic",
        ],
        Hangul => &[
            "Noto Sans CJK KR",
            "Noto Sans KR",
            "Malgun Gothic",
            "Apple SD Gothic Neo",
        ],
        Bopomofo => &["Noto Sans CJK TC", "Microsoft JhengHei", "PingFang TC"],
        Devanagari => &[
            "Noto Sans Devanagari",
            "Noto Serif Devanagari",
            "Nirmala UI",
            "Kohinoor Devanagari",
            "Devanagari Sangam MN",
            "Mangal",
        ],
        Thai => &[
            "Noto Sans Thai",
            "Noto Serif Thai",
            "Noto Looped Thai",
            "Leelawadee UI",
            "Thonburi",
            "Tahoma",
        ],
        Syriac => &["Noto Sans Syriac", "Segoe UI Historic", "Estrangelo Edessa"],
        Thaana => &["Noto Sans Thaana", "MV Boli"],
        _ => &[],
    }
}

fn eq_ignore_case(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// The faces to test for `c`, best first (see the module docs). Faces in no group are left
/// out only if `c` has no script (then every face is a candidate, in group 4).
pub fn candidate_order(
    c: char,
    faces: &[FaceDesc],
    prefs: &FontPrefs,
    monospace: bool,
) -> Vec<usize> {
    let scripts = scripts_of(c);
    let mut keyed: Vec<((u32, u32), usize)> = Vec::with_capacity(faces.len());
    for (i, f) in faces.iter().enumerate() {
        keyed.push((group_of(f, &scripts, prefs), i));
    }
    keyed.sort_by(|(ga, a), (gb, b)| {
        let (fa, fb) = (&faces[*a], &faces[*b]);
        ga.cmp(gb)
            .then_with(|| style_rank(fa, monospace).cmp(&style_rank(fb, monospace)))
            .then_with(|| fa.family.cmp(&fb.family))
            .then_with(|| a.cmp(b))
    });
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// (group, rank within the group's list).
fn group_of(f: &FaceDesc, scripts: &[Script], prefs: &FontPrefs) -> (u32, u32) {
    for s in scripts {
        if let Some(p) = prefs.per_script.get(script_name(*s))
            && eq_ignore_case(p, &f.family)
        {
            return (0, 0);
        }
    }
    for s in scripts {
        if let Some(k) = known_families(*s)
            .iter()
            .position(|k| eq_ignore_case(k, &f.family))
        {
            return (1, k as u32);
        }
    }
    let family = f.family.to_ascii_lowercase();
    for s in scripts {
        if family.contains(&script_name(*s).to_ascii_lowercase()) {
            return (2, 0);
        }
    }
    if let Some(k) = GENERAL.iter().position(|g| eq_ignore_case(g, &f.family)) {
        return (3, k as u32);
    }
    let special = ["math", "symbol", "emoji", "icon", "dingbat"]
        .iter()
        .any(|w| family.contains(w));
    (4, u32::from(special))
}

/// Broad families to try before any other face, for characters no script list names.
const GENERAL: &[&str] = &[
    "Noto Sans",
    "DejaVu Sans",
    "Segoe UI",
    "Arial",
    "Helvetica Neue",
    "Liberation Sans",
    "Noto Serif",
    "DejaVu Serif",
];

/// Lower is better: the right spacing, upright, then closest to weight 400.
fn style_rank(f: &FaceDesc, monospace: bool) -> (bool, bool, u16) {
    (f.monospaced != monospace, f.italic, f.weight.abs_diff(400))
}

/// The first of `order` that `covers` says has a glyph for `c`.
pub fn first_covering(
    c: char,
    order: &[usize],
    mut covers: impl FnMut(usize, char) -> bool,
) -> Option<usize> {
    order.iter().copied().find(|&i| covers(i, c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn face(family: &str, weight: u16) -> FaceDesc {
        FaceDesc {
            family: family.to_string(),
            weight,
            italic: false,
            monospaced: false,
        }
    }

    fn faces() -> Vec<FaceDesc> {
        vec![
            face("DejaVu Sans", 400),
            face("Noto Sans Arabic", 700),
            face("Noto Sans Arabic", 400),
            face("Noto Naskh Arabic", 400),
            face("Noto Sans Hebrew", 400),
            face("Noto Sans Bengali", 400),
            face("Noto Sans CJK JP", 400),
        ]
    }

    #[test]
    fn known_families_come_first_regular_before_bold() {
        let f = faces();
        let order = candidate_order('ع', &f, &FontPrefs::default(), false);
        assert_eq!(&order[..3], &[3, 2, 1], "Naskh, Sans regular, Sans bold");
        // The Arabic-Indic digit of the chile-1973 corpus is Arabic script too.
        assert_eq!(
            candidate_order('\u{668}', &f, &FontPrefs::default(), false)[0],
            3
        );
    }

    #[test]
    fn a_preference_wins_over_the_known_list() {
        let f = faces();
        let prefs = FontPrefs::default().prefer("Arabic", "noto sans arabic");
        let order = candidate_order('ع', &f, &prefs, false);
        assert_eq!(&order[..2], &[2, 1]);
        // A preference for another script changes nothing for Arabic.
        let other = FontPrefs::default().prefer("Hebrew", "DejaVu Sans");
        assert_eq!(candidate_order('ع', &f, &other, false)[0], 3);
        assert_eq!(candidate_order('א', &f, &other, false)[0], 0);
    }

    #[test]
    fn scripts_without_a_list_find_fonts_named_after_them() {
        let f = faces();
        assert_eq!(candidate_order('অ', &f, &FontPrefs::default(), false)[0], 5);
    }

    #[test]
    fn characters_of_no_list_try_general_families_before_math_fonts() {
        let mut f = faces();
        f.push(face("DejaVu Math TeX Gyre", 400));
        f.push(face("Abyssinica", 400));
        let order = candidate_order('\u{2603}', &f, &FontPrefs::default(), false);
        assert_eq!(order[0], 0, "DejaVu Sans first: {order:?}");
        assert_eq!(*order.last().unwrap(), 7, "the math font last: {order:?}");
    }

    #[test]
    fn kana_and_han_share_japanese_fonts_and_coverage_decides() {
        let f = faces();
        let order = candidate_order('か', &f, &FontPrefs::default(), false);
        assert_eq!(order[0], 6);
        // If the first candidate lacks the character, the next covering one is used.
        let pick = first_covering('か', &order, |i, _| i == 0);
        assert_eq!(pick, Some(0));
        assert_eq!(first_covering('か', &order, |_, _| false), None);
    }

    #[test]
    fn an_arabic_comma_counts_as_arabic() {
        let s = scripts_of('\u{60C}');
        assert!(s.contains(&Script::Arabic), "{s:?}");
        assert!(scripts_of('1').is_empty());
    }

    #[test]
    fn prefs_round_trip_through_json_and_default_missing_fields() {
        let p = FontPrefs::default().prefer("Han", "Noto Sans CJK TC");
        let j = serde_json::to_string(&p).unwrap();
        assert_eq!(serde_json::from_str::<FontPrefs>(&j).unwrap(), p);
        let d: FontPrefs = serde_json::from_str("{}").unwrap();
        assert_eq!(d, FontPrefs::default());
    }
}
