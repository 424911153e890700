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

/// An explicit bidi control: the embeddings and overrides U+202A-202E (LRE, RLE, PDF, LRO,
/// RLO) and the isolates U+2066-2069 (LRI, RLI, FSI, PDI). nudj sets the direction of every
/// piece of client text itself (docs/report.md), so one of these in client text (a workbook
/// cell, an engagement or model name) would only fight it: a stray RLO reverses the letters of
/// the line it sits in. The marks U+200E/U+200F (LRM, RLM) are kept: they change no letter
/// order, only where neutral punctuation goes, and Arabic text uses them on purpose.
pub fn is_explicit_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` without explicit bidi controls ([`is_explicit_bidi`]); borrowed when it has none.
pub fn drop_explicit_bidi(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(is_explicit_bidi) {
        std::borrow::Cow::Owned(s.chars().filter(|c| !is_explicit_bidi(*c)).collect())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// `src` without explicit bidi controls ([`is_explicit_bidi`]), with one
/// warning per line that held any, at the first one: a stray right-to-left override copied
/// into a client name or title would reverse the line it is printed in (the PDF's title, the
/// cover, the running header). Used for the engagement and model files and the narrative,
/// whose texts reach the documents; the workbook's cells are cleaned the same way (`grid`).
pub fn drop_bidi_controls<'a>(
    file: &std::path::Path,
    src: &'a str,
) -> (std::borrow::Cow<'a, str>, Vec<crate::error::Diagnostic>) {
    let explicit = is_explicit_bidi;
    let mut warnings = Vec::new();
    for (i, line) in src.lines().enumerate() {
        let Some((col, c)) = line.chars().enumerate().find(|(_, c)| explicit(*c)) else {
            continue;
        };
        warnings.push(
            crate::error::Diagnostic::warning(
                file,
                crate::error::Place::line(i as u64 + 1, col as u64 + 1),
                format!(
                    "the invisible bidi control U+{:04X} is dropped: nudj sets the direction of every text it prints itself, and this one would reverse or re-order the line it is printed in",
                    c as u32
                ),
            )
            .with_help(format!(
                "delete it (editors show it as <U+{:04X}> or not at all)",
                c as u32
            )),
        );
    }
    (drop_explicit_bidi(src), warnings)
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
    fn bidi_controls_are_dropped_with_one_warning_per_line() {
        let src = "a: x\nb: \u{200F}\u{202E}abc\u{202C}\nc: \u{2067}y\u{2069}\n";
        let (out, w) = drop_bidi_controls(std::path::Path::new("e.yaml"), src);
        // The RLM (a mark, not an override) stays.
        assert_eq!(out, "a: x\nb: \u{200F}abc\nc: y\n");
        let at: Vec<String> = w.iter().map(|d| d.place.to_string()).collect();
        assert_eq!(at, ["2:5", "3:4"]);
        assert!(w[0].message.contains("U+202E"), "{}", w[0].message);
        let (same, none) = drop_bidi_controls(std::path::Path::new("e.yaml"), "a: b\n");
        assert!(matches!(same, std::borrow::Cow::Borrowed(_)) && none.is_empty());
    }

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
