//! The one normalisation of human-typed keys: column headers, sheet names, scale labels and
//! aliases, not-applicable words, segment and channel values. Model validation and the data
//! reader both use it, so two labels the reader would confuse are caught when the model is
//! validated. Shared infrastructure: it knows nothing of models or workbooks.

use unicode_normalization::UnicodeNormalization;

/// Key for comparing headers, labels and data values: NFC; tatweel and Arabic diacritics
/// removed; the Arabic letter variants that people type interchangeably folded (أ إ آ ٱ → ا,
/// ى → ي, ة → ه, ؤ → و, ئ → ي); Arabic-Indic and Persian digits made ASCII; case folded;
/// whitespace trimmed and runs collapsed. Zero-width and bidi control characters (common
/// in copied Arabic) count as nothing.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for ch in s.nfc() {
        let ch = fold_letter(ascii_digit(ch));
        if ch.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if is_ignorable(ch) {
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(ch.to_lowercase());
    }
    out
}

/// Tatweel, Arabic diacritics (harakat, superscript alef) and invisible formatting marks.
fn is_ignorable(ch: char) -> bool {
    matches!(ch,
        '\u{0640}'
        | '\u{064B}'..='\u{0652}'
        | '\u{0670}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}')
}

/// Arabic letters written for one another in everyday typing: hamza and madda forms of alef
/// (and alef wasla) → bare alef, alef maqsura → ya, ta marbuta → ha, hamza on waw → waw,
/// hamza on ya → ya; Persian yeh and keheh (Arabic keyboards on Windows) → Arabic ya, kaf.
fn fold_letter(ch: char) -> char {
    match ch {
        '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}' => '\u{0627}',
        '\u{0649}' | '\u{0626}' | '\u{06CC}' => '\u{064A}',
        '\u{0629}' => '\u{0647}',
        '\u{0624}' => '\u{0648}',
        '\u{06A9}' => '\u{0643}',
        _ => ch,
    }
}

/// ٠-٩ (U+0660) and ۰-۹ (U+06F0, Persian) → 0-9; `٫` → `.`; other characters unchanged.
pub fn ascii_digit(ch: char) -> char {
    match ch {
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (ch as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (ch as u32 - 0x06F0) as u8),
        '\u{066B}' => '.',
        _ => ch,
    }
}

/// Default "not applicable" answers (compared after [`normalize`]).
pub const DEFAULT_NOT_APPLICABLE: &[&str] = &[
    "n/a",
    "na",
    "n.a.",
    "not applicable",
    "لا ينطبق",
    "غير منطبق",
    "-",
];

/// Is `word` (any spelling) one of the default not-applicable answers?
pub fn is_default_not_applicable(word: &str) -> bool {
    let k = normalize(word);
    DEFAULT_NOT_APPLICABLE.iter().any(|na| normalize(na) == k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_folds_arabic_and_space() {
        assert_eq!(normalize("  Customer   Journey "), "customer journey");
        assert_eq!(normalize("الاسـتـراتيجية"), "الاستراتيجيه");
        assert_eq!(normalize("مُعَرَّف"), "معرف");
        assert_eq!(normalize("STR\u{00A0}01"), "str 01");
        assert_eq!(normalize("\u{200F}رقم ٣"), "رقم 3");
        // NFD (e + combining acute) equals NFC.
        assert_eq!(normalize("Cafe\u{301}"), normalize("Café"));
    }

    #[test]
    fn arabic_letter_variants_fold() {
        assert_eq!(normalize("مستشفى  الرياض"), normalize("مستشفي الرياض"));
        assert_eq!(normalize("العيادة"), normalize("العياده"));
        assert_eq!(normalize("أسئلة"), normalize("اسئله"));
        assert_eq!(normalize("إدارة"), normalize("اداره"));
        assert_eq!(normalize("مسؤول"), normalize("مسوول"));
        assert_eq!(normalize("Riyadh  Hospital"), normalize("riyadh hospital"));
        assert!(is_default_not_applicable(" لا  ينطبق "));
        assert!(!is_default_not_applicable("موافق"));
    }
}
