//! The words the date rules know, in English and Spanish: months, seasons, weekdays, parts of
//! a period ("early", "a mediados de"), qualifiers ("around", "hacia"), ordinal and decade
//! words, Roman numerals for centuries.

/// Month number (1–12) of a month name or abbreviation.
pub(crate) fn month(w: &str) -> Option<u32> {
    Some(match w {
        "january" | "jan" | "enero" | "ene" => 1,
        "february" | "feb" | "febrero" => 2,
        "march" | "mar" | "marzo" => 3,
        "april" | "apr" | "abril" | "abr" => 4,
        "may" | "mayo" => 5,
        "june" | "jun" | "junio" => 6,
        "july" | "jul" | "julio" => 7,
        "august" | "aug" | "agosto" | "ago" => 8,
        "september" | "sep" | "sept" | "septiembre" | "setiembre" | "set" => 9,
        "october" | "oct" | "octubre" => 10,
        "november" | "nov" | "noviembre" => 11,
        "december" | "dec" | "diciembre" | "dic" => 12,
        _ => return None,
    })
}

/// EDTF season code (21 spring … 24 winter, independent of hemisphere).
pub(crate) fn season(w: &str) -> Option<u32> {
    Some(match w {
        "spring" | "primavera" => 21,
        "summer" | "verano" => 22,
        "autumn" | "fall" | "otoño" | "otono" => 23,
        "winter" | "invierno" => 24,
        _ => return None,
    })
}

pub(crate) fn is_weekday(w: &str) -> bool {
    matches!(
        w,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "mon"
            | "tue"
            | "tues"
            | "wed"
            | "thu"
            | "thur"
            | "thurs"
            | "fri"
            | "sat"
            | "sun"
            | "lunes"
            | "martes"
            | "miércoles"
            | "miercoles"
            | "jueves"
            | "viernes"
            | "sábado"
            | "sabado"
            | "domingo"
    )
}

/// Early, middle or late part of a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    Early,
    Mid,
    Late,
}

pub(crate) fn part(w: &str) -> Option<Part> {
    Some(match w {
        "early" | "beginning" | "start" | "principios" | "comienzos" | "inicios" | "primeros" => {
            Part::Early
        }
        "mid" | "middle" | "mediados" => Part::Mid,
        "late" | "end" | "finales" | "fines" | "últimos" | "ultimos" => Part::Late,
        _ => return None,
    })
}

/// Words that add nothing to a date and are skipped wherever they stand.
pub(crate) fn is_filler(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "of"
            | "on"
            | "in"
            | "at"
            | "during"
            | "year"
            | "month"
            | "day"
            | "el"
            | "la"
            | "lo"
            | "los"
            | "las"
            | "de"
            | "del"
            | "en"
            | "durante"
            | "año"
            | "mes"
            | "día"
            | "dia"
    )
}

/// Leading words meaning "approximately".
pub(crate) fn is_approximate(w: &str) -> bool {
    matches!(
        w,
        "around"
            | "about"
            | "circa"
            | "c"
            | "ca"
            | "approximately"
            | "approx"
            | "roughly"
            | "hacia"
            | "alrededor"
            | "cerca"
            | "aproximadamente"
            | "torno"
    )
}

/// Leading words meaning "uncertain".
pub(crate) fn is_uncertain(w: &str) -> bool {
    matches!(
        w,
        "probably"
            | "possibly"
            | "perhaps"
            | "maybe"
            | "probablemente"
            | "posiblemente"
            | "quizá"
            | "quizás"
            | "quiza"
            | "quizas"
    )
}

/// Ordinal number words (first … twentieth), as used for centuries and parts of a year.
pub(crate) fn ordinal_word(w: &str) -> Option<u32> {
    const WORDS: [&str; 20] = [
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
    ];
    WORDS.iter().position(|x| *x == w).map(|i| i as u32 + 1)
}

/// Decade words: "seventies" / "setenta" → 7 (the decade within a century).
pub(crate) fn decade_word(w: &str) -> Option<u32> {
    Some(match w {
        "twenties" | "veinte" => 2,
        "thirties" | "treinta" => 3,
        "forties" | "cuarenta" => 4,
        "fifties" | "cincuenta" => 5,
        "sixties" | "sesenta" => 6,
        "seventies" | "setenta" => 7,
        "eighties" | "ochenta" => 8,
        "nineties" | "noventa" => 9,
        _ => return None,
    })
}

/// The value of a Roman numeral of up to 39 (centuries: `XX`, `xix`).
pub(crate) fn roman(w: &str) -> Option<u32> {
    if w.is_empty() || !w.chars().all(|c| matches!(c, 'i' | 'v' | 'x')) {
        return None;
    }
    let val = |c: char| match c {
        'i' => 1,
        'v' => 5,
        _ => 10,
    };
    let cs: Vec<u32> = w.chars().map(val).collect();
    let mut total = 0i64;
    for (i, &v) in cs.iter().enumerate() {
        if cs.get(i + 1).is_some_and(|&n| n > v) {
            total -= v as i64;
        } else {
            total += v as i64;
        }
    }
    let n = u32::try_from(total).ok().filter(|n| (1..40).contains(n))?;
    // Only the canonical spelling (no `iiii`, `vx`).
    (to_roman(n) == w).then_some(n)
}

fn to_roman(mut n: u32) -> String {
    let mut s = String::new();
    for (v, r) in [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")] {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals() {
        assert_eq!(roman("xx"), Some(20));
        assert_eq!(roman("xix"), Some(19));
        assert_eq!(roman("xxi"), Some(21));
        assert_eq!(roman("iiii"), None);
        assert_eq!(roman("mix"), None);
    }

    #[test]
    fn months_in_both_languages() {
        assert_eq!(month("septiembre"), Some(9));
        assert_eq!(month("sept"), Some(9));
        assert_eq!(month("dic"), Some(12));
        assert_eq!(month("mayo"), Some(5));
        assert_eq!(month("moon"), None);
    }
}
