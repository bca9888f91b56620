//! Test texts in every script the issue names, written for Weft (none copied from a corpus).
//! The engine's tests, the document view's tests and the python-bidi consumer check
//! (`examples/bidi_dump.rs`) all read them from here.
//!
//! Each sample names one word in it (`word`) that UI tests drag across and tag.

use super::classify::BaseDirection;

/// One test text.
#[derive(Clone, Copy, Debug)]
pub struct Sample {
    /// Short name, also the file name of its screenshot.
    pub name: &'static str,
    /// What it exercises.
    pub about: &'static str,
    pub text: &'static str,
    /// The document direction it is shown with.
    pub direction: BaseDirection,
    /// A word of `text` (its first occurrence) that tests select and tag.
    pub word: &'static str,
}

impl Sample {
    /// UTF-8 byte range of [`Self::word`] in [`Self::text`].
    pub fn word_range(&self) -> std::ops::Range<usize> {
        let start = self.text.find(self.word).unwrap_or(0);
        start..start + self.word.len()
    }
}

/// The samples, in a fixed order.
pub const SAMPLES: &[Sample] = &[
    Sample {
        name: "hebrew",
        about: "Hebrew, right-to-left paragraph from its first strong letter",
        text: "הספרייה נפתחת בשמונה בבוקר וסוגרת בערב",
        direction: BaseDirection::Auto,
        word: "בשמונה",
    },
    Sample {
        name: "hebrew-niqqud",
        about: "Hebrew with vowel points: a base and its marks are one cluster",
        text: "שָׁלוֹם לְכֻלָּם",
        direction: BaseDirection::Auto,
        word: "לְכֻלָּם",
    },
    Sample {
        name: "arabic",
        about: "Arabic with lam-alef ligatures (لا, السلام, أولاً) and diacritics",
        text: "قالَ الطالبُ: لا، السلامُ أوّلاً على الجميع.",
        direction: BaseDirection::Auto,
        word: "السلامُ",
    },
    Sample {
        name: "persian",
        about: "Persian with zero-width non-joiners inside words",
        text: "می‌خواهم کتاب‌ها را امروز بخوانم",
        direction: BaseDirection::Auto,
        word: "کتاب‌ها",
    },
    Sample {
        name: "hebrew-english",
        about: "Hebrew paragraph with English, numbers and parentheses",
        text: "המאמר של Smith (עמוד 42) פורסם ב-1998 ותורגם ל-3 שפות.",
        direction: BaseDirection::Auto,
        word: "Smith",
    },
    Sample {
        name: "english-hebrew",
        about: "English paragraph with a Hebrew phrase, numbers and parentheses",
        text: "The sign said שלום עולם (hello world) on page 12, line 3.",
        direction: BaseDirection::Auto,
        word: "עולם",
    },
    Sample {
        name: "arabic-numbers",
        about: "Arabic with Arabic-Indic and European digits, and an English title",
        text: "قرأتُ كتاب The Old Sea (طبعة 1952) في ٣ أيام، الصفحة ١٢٠.",
        direction: BaseDirection::Auto,
        word: "كتاب",
    },
    Sample {
        name: "forced-rtl",
        about: "A Latin paragraph in a document forced right-to-left",
        text: "Notes (draft 2): see page 7.",
        direction: BaseDirection::Rtl,
        word: "draft",
    },
    Sample {
        name: "chinese",
        about: "Chinese without spaces: wraps between ideographs, never before a comma",
        text: "档案馆的资料显示，会议于下午三点开始，一共持续了两个多小时，然后大家一起去吃晚饭。",
        direction: BaseDirection::Auto,
        word: "资料",
    },
    Sample {
        name: "japanese",
        about: "Japanese kanji and kana, with a katakana loanword",
        text: "図書館は午前九時に開きます。カタログはオンラインで検索できます。",
        direction: BaseDirection::Auto,
        word: "カタログ",
    },
    Sample {
        name: "hindi",
        about: "Hindi with conjuncts (क्ष, श्र) and vowel signs",
        text: "पुस्तकालय सुबह नौ बजे खुलता है। क्षमा करें, श्रीमान।",
        direction: BaseDirection::Auto,
        word: "पुस्तकालय",
    },
    Sample {
        name: "thai",
        about: "Thai without spaces between words: dictionary line breaks",
        text: "ห้องสมุดเปิดเวลาเก้าโมงเช้าทุกวันยกเว้นวันอาทิตย์",
        direction: BaseDirection::Auto,
        word: "ห้องสมุด",
    },
    Sample {
        name: "latin",
        about: "Plain Latin with accents and curly quotes: the fast path",
        text: "The café’s “naïve” menu, 1973 edition.",
        direction: BaseDirection::Auto,
        word: "menu",
    },
];

/// More lines for the consumer check: nesting, numbers with separators, marks and isolates.
pub const EXTRA_LINES: &[(&str, BaseDirection)] = &[
    ("א (ב [ג] ד) ה", BaseDirection::Auto),
    ("abc (דה) fg", BaseDirection::Auto),
    ("abc (דה) fg", BaseDirection::Rtl),
    ("מחיר: 1,234.50 ש\"ח, הנחה -10%", BaseDirection::Auto),
    ("العدد ١٢٣ و٤٥٦ معاً", BaseDirection::Auto),
    ("x ٨ ٩ y", BaseDirection::Auto),
    ("שם\u{200F} 2024-05-01 abc", BaseDirection::Auto),
    ("he said \u{2067}שלום 12\u{2069} twice", BaseDirection::Auto),
    ("\u{202B}abc def\u{202C} ghi", BaseDirection::Auto),
    ("email: user@example.org בבקשה", BaseDirection::Auto),
    ("123 456", BaseDirection::Rtl),
    ("   ", BaseDirection::Auto),
    ("שלום  ", BaseDirection::Ltr),
];
