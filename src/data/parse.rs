//! Pure text functions: header/label normalisation, digits, answers, numbers and dates.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use super::grid::Value;

/// Key for comparing headers and labels: NFC, tatweel and Arabic diacritics removed,
/// Arabic-Indic and Persian digits made ASCII, case folded, whitespace trimmed and collapsed.
/// Zero-width and bidi control characters (common in copied Arabic) count as nothing.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for ch in s.nfc() {
        let ch = ascii_digit(ch);
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

/// How an answer cell is read against a scale.
#[derive(Debug, Clone)]
pub struct AnswerScale {
    /// Lowest answer.
    pub min: i64,
    /// Highest answer.
    pub max: i64,
    /// Normalised label (either language) → value.
    pub labels: HashMap<String, i64>,
    /// Normalised not-applicable tokens.
    pub not_applicable: Vec<String>,
}

/// Result of reading one answer cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    /// Empty.
    Blank,
    /// A not-applicable token.
    NotApplicable,
    /// A value on the scale.
    Value(i64),
    /// Not an answer: the message says what was found.
    Bad(String),
}

impl AnswerScale {
    /// A plain numeric scale with no labels and the default N/A tokens.
    pub fn numeric(min: i64, max: i64) -> Self {
        AnswerScale {
            min,
            max,
            labels: HashMap::new(),
            not_applicable: DEFAULT_NOT_APPLICABLE
                .iter()
                .map(|s| normalize(s))
                .collect(),
        }
    }

    /// What a valid answer looks like, for error help.
    pub fn expected(&self) -> String {
        let mut s = format!("a whole number from {} to {}", self.min, self.max);
        if !self.labels.is_empty() {
            s.push_str(", a scale label");
        }
        s.push_str(", N/A, or blank");
        s
    }

    /// Reads one cell.
    pub fn parse(&self, v: &Value) -> Parsed {
        match v {
            Value::Number(n) => self.number(*n),
            Value::Text(t) => self.text(t),
            Value::Bool(_) => Parsed::Bad(format!("found `{}` (TRUE/FALSE)", v.display())),
            Value::Date(_) => Parsed::Bad(format!("found the date `{}`", v.display())),
            Value::Error(e) => Parsed::Bad(format!("found the spreadsheet error `{e}`")),
        }
    }

    fn number(&self, n: f64) -> Parsed {
        if n.fract() != 0.0 || !n.is_finite() {
            return Parsed::Bad(format!(
                "`{}` is not a whole number",
                super::grid::format_number(n)
            ));
        }
        if n < self.min as f64 || n > self.max as f64 {
            return Parsed::Bad(format!(
                "`{}` is outside the scale {}..{}",
                super::grid::format_number(n),
                self.min,
                self.max
            ));
        }
        Parsed::Value(n as i64)
    }

    fn text(&self, raw: &str) -> Parsed {
        let t = normalize(raw);
        if t.is_empty() {
            return Parsed::Blank;
        }
        // Labels first: a model may label an answer with words that elsewhere mean N/A
        // (e.g. 0 = "لا يوجد", "there is none"), and the model's own words win.
        if let Some(v) = self.labels.get(&t) {
            return Parsed::Value(*v);
        }
        if self.not_applicable.contains(&t) {
            return Parsed::NotApplicable;
        }
        if let Ok(n) = t.parse::<f64>() {
            return self.number(n);
        }
        // "4 - Agree", "4. Agree", "(4) Agree", "4 موافق": a leading number, then a label.
        let lead = t.trim_start_matches(['(', '[']);
        let digits: String = lead.chars().take_while(|c| c.is_ascii_digit()).collect();
        if !digits.is_empty() && digits.len() < 10 {
            let rest = lead[digits.len()..]
                .trim_start_matches([')', ']', '-', '–', '—', '.', ':', '=', ' ', '،', ','])
                .trim();
            if rest.chars().next().is_some_and(char::is_alphabetic) || rest.is_empty() {
                let n: i64 = digits.parse().unwrap_or(i64::MAX);
                if let Some(&other) = self.labels.get(rest)
                    && other != n
                {
                    return Parsed::Bad(format!(
                        "`{}` gives the number {n} but the label of {other}",
                        raw.trim()
                    ));
                }
                return match self.number(n as f64) {
                    Parsed::Bad(_) => Parsed::Bad(format!(
                        "`{}` is outside the scale {}..{}",
                        raw.trim(),
                        self.min,
                        self.max
                    )),
                    ok => ok,
                };
            }
        }
        Parsed::Bad(format!("`{}` is not an answer on this scale", raw.trim()))
    }
}

/// A number cell or number-as-text (Arabic digits, `٬`/`,` thousands separators, `%`).
/// Percent text gives a fraction (`35%` → 0.35). `None` when it is not a number.
pub fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) if n.is_finite() => Some(*n),
        Value::Text(t) => {
            let s: String = t.trim().chars().map(ascii_digit).collect();
            // Group separators only where they really group thousands: `12,5` is a
            // decimal comma in much of the world, and reading it as 125 would be wrong.
            let int_part = s.split('.').next().unwrap_or("");
            let groups: Vec<&str> = int_part.split([',', '\u{066C}']).collect();
            if groups.len() > 1
                && groups
                    .iter()
                    .skip(1)
                    .any(|g| g.len() != 3 || !g.bytes().all(|b| b.is_ascii_digit()))
            {
                return None;
            }
            let s: String = s
                .chars()
                .filter(|c| !matches!(c, ',' | '\u{066C}' | ' ' | '\u{00A0}' | '\u{202F}'))
                .collect();
            let (s, scale) = match s.strip_suffix(['%', '\u{066A}']) {
                Some(p) => (p.to_string(), 100.0),
                None => (s, 1.0),
            };
            s.parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .map(|n| n / scale)
        }
        _ => None,
    }
}

/// A date cell (or a number that is an Excel serial, or ISO text) → `YYYY-MM-DD`.
/// Day/month text such as `03/04/2026` is refused: it is ambiguous between locales.
pub fn date(v: &Value) -> Result<String, String> {
    match v {
        Value::Date(d) => Ok(d.format("%Y-%m-%d").to_string()),
        Value::Number(n) if (1.0..2_958_466.0).contains(n) => {
            // 1900 date system; serial 60 is Excel's fictitious 1900-02-29.
            let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30);
            let days = if *n < 61.0 {
                n.floor() + 1.0
            } else {
                n.floor()
            } as i64;
            base.and_then(|b| b.checked_add_signed(chrono::Duration::days(days)))
                .map(|d| d.format("%Y-%m-%d").to_string())
                .ok_or_else(|| format!("`{}` is not a date", v.display()))
        }
        Value::Text(t) => {
            let s: String = t.trim().chars().map(ascii_digit).collect();
            let head = s.split(['T', ' ']).next().unwrap_or("");
            for fmt in ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"] {
                if let Ok(d) = chrono::NaiveDate::parse_from_str(head, fmt) {
                    return Ok(d.format("%Y-%m-%d").to_string());
                }
            }
            Err(format!(
                "`{}` is not a date in the form YYYY-MM-DD",
                t.trim()
            ))
        }
        _ => Err(format!("`{}` is not a date", v.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scale() -> AnswerScale {
        let mut s = AnswerScale::numeric(1, 5);
        for (l, v) in [
            ("Agree", 4),
            ("موافق", 4),
            ("Strongly agree", 5),
            ("غير موافق", 2),
        ] {
            s.labels.insert(normalize(l), v);
        }
        s
    }

    #[test]
    fn normalisation_folds_arabic_and_space() {
        assert_eq!(normalize("  Customer   Journey "), "customer journey");
        assert_eq!(normalize("الاسـتـراتيجية"), "الاستراتيجية");
        assert_eq!(normalize("مُعَرَّف"), "معرف");
        assert_eq!(normalize("STR\u{00A0}01"), "str 01");
        assert_eq!(normalize("\u{200F}رقم ٣"), "رقم 3");
        // NFD (e + combining acute) equals NFC.
        assert_eq!(normalize("Cafe\u{301}"), normalize("Café"));
    }

    #[test]
    fn answers_in_all_forms() {
        let s = scale();
        let t = |x: &str| s.parse(&Value::Text(x.into()));
        assert_eq!(s.parse(&Value::Number(4.0)), Parsed::Value(4));
        assert_eq!(t("4"), Parsed::Value(4));
        assert_eq!(t(" ٤ "), Parsed::Value(4));
        assert_eq!(t("۵"), Parsed::Value(5));
        assert_eq!(t("موافق"), Parsed::Value(4));
        assert_eq!(t("AGREE"), Parsed::Value(4));
        assert_eq!(t("4 - Agree"), Parsed::Value(4));
        assert_eq!(t("(5) Strongly agree"), Parsed::Value(5));
        assert_eq!(t("5. Fully"), Parsed::Value(5));
        assert_eq!(t("N/A"), Parsed::NotApplicable);
        assert_eq!(t("لا ينطبق"), Parsed::NotApplicable);
        assert_eq!(t("   "), Parsed::Blank);
        assert!(matches!(t("4 - Strongly agree"), Parsed::Bad(_)));
        assert!(matches!(t("7"), Parsed::Bad(_)));
        assert!(matches!(t("0"), Parsed::Bad(_)));
        assert!(matches!(t("3.5"), Parsed::Bad(_)));
        assert!(matches!(t("maybe"), Parsed::Bad(_)));
        assert!(matches!(t("9 - Agree"), Parsed::Bad(_)));
        assert!(matches!(s.parse(&Value::Number(6.0)), Parsed::Bad(_)));
        assert!(matches!(s.parse(&Value::Bool(true)), Parsed::Bad(_)));
        assert!(matches!(
            s.parse(&Value::Error("#N/A".into())),
            Parsed::Bad(_)
        ));
    }

    #[test]
    fn numbers_and_dates() {
        assert_eq!(number(&Value::Text("١٢٬٥٠٠".into())), Some(12500.0));
        assert_eq!(number(&Value::Text("12,500.5".into())), Some(12500.5));
        assert_eq!(number(&Value::Text("35%".into())), Some(0.35));
        assert_eq!(number(&Value::Text("abc".into())), None);
        assert_eq!(number(&Value::Text("12,5".into())), None);
        assert_eq!(number(&Value::Text("1,250,000".into())), Some(1_250_000.0));
        assert_eq!(date(&Value::Number(46023.0)).as_deref(), Ok("2026-01-01"));
        assert_eq!(
            date(&Value::Text("2026-03-04 10:00".into())).as_deref(),
            Ok("2026-03-04")
        );
        assert_eq!(
            date(&Value::Text("٢٠٢٦/٠٣/٠٤".into())).as_deref(),
            Ok("2026-03-04")
        );
        assert!(date(&Value::Text("03/04/2026".into())).is_err());
    }
}
