//! Pure text functions: header/label normalisation, digits, answers, numbers and dates.

use std::collections::HashMap;

use super::grid::{Value, format_number};
pub use crate::normalize::{DEFAULT_NOT_APPLICABLE, ascii_digit, normalize};

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
    /// Normalised label → the label as the model writes it, for suggestions.
    pub shown: HashMap<String, String>,
    /// Normalised end labels of a standard scale → their value, only to check a number
    /// written with its label (`0 (Extremely likely)`); never read as answers on their own.
    pub end_labels: HashMap<String, i64>,
}

/// The end labels of the standard 0-10 NPS question ("How likely are you to recommend …"),
/// in English and Arabic as survey tools and translations write them. Only these: a label
/// that is not one of them is never checked, so ordinary labels raise no false alarm.
pub const NPS_END_LABELS: &[(&str, i64)] = &[
    ("Not at all likely", 0),
    ("Not likely at all", 0),
    ("Not at all likely to recommend", 0),
    ("Extremely unlikely", 0),
    ("Extremely likely", 10),
    ("Extremely likely to recommend", 10),
    ("غير محتمل على الإطلاق", 0),
    ("غير محتمل إطلاقًا", 0),
    ("غير محتمل أبدًا", 0),
    ("من غير المحتمل على الإطلاق", 0),
    ("من غير المحتمل إطلاقًا", 0),
    ("غير مرجح على الإطلاق", 0),
    ("غير مرجح إطلاقًا", 0),
    ("محتمل جدًا", 10),
    ("محتمل للغاية", 10),
    ("من المحتمل جدًا", 10),
    ("من المحتمل للغاية", 10),
    ("مرجح جدًا", 10),
    ("من المرجح جدًا", 10),
];

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
            shown: HashMap::new(),
            end_labels: HashMap::new(),
        }
    }

    /// The 0-10 NPS scale: numbers, with the standard end labels ([`NPS_END_LABELS`])
    /// checked against the number written beside them.
    pub fn nps() -> Self {
        let mut s = AnswerScale::numeric(0, 10);
        s.end_labels = NPS_END_LABELS
            .iter()
            .map(|(label, v)| (normalize(label), *v))
            .collect();
        s
    }

    /// A number written with a standard end label that contradicts it: `0 (Extremely
    /// likely)` on the NPS scale. The label belongs to one end; a number in the other half of
    /// the scale or at its middle (here 0-5 for "Extremely likely") reverses the answer's
    /// meaning, a promoter read as a detractor, so the cell is refused. A number near its
    /// label's end (`9 (Extremely likely)`) is a quirk of some exports and is read.
    fn contradicted(&self, n: i64, label: &str, raw: &str) -> Option<Parsed> {
        let &end = self.end_labels.get(label)?;
        let half = (self.max - self.min) as f64 / 2.0;
        ((n - end).abs() as f64 >= half).then(|| {
            Parsed::Bad(format!(
                "`{raw}` gives the number {n}, but its label is the scale's label of {end}; the export may code the scale the other way round"
            ))
        })
    }

    /// Accepts `label` (any spelling that normalises the same) as the answer `value`.
    pub fn add_label(&mut self, label: &str, value: i64) {
        let key = normalize(label);
        if key.is_empty() {
            return;
        }
        self.shown
            .entry(key.clone())
            .or_insert_with(|| label.trim().to_string());
        self.labels.insert(key, value);
    }

    /// The label closest to an unknown answer (normalised `key`), shown as the model
    /// writes it: same number of words first, then the most similar (normalised
    /// Levenshtein ≥ 0.5), ties broken alphabetically so the suggestion is stable.
    pub fn suggestion(&self, key: &str) -> Option<String> {
        let words = key.split(' ').count();
        let mut best: Option<((bool, f64), &String)> = None;
        let mut keys: Vec<&String> = self.labels.keys().collect();
        keys.sort();
        for k in keys {
            let sim = strsim::normalized_levenshtein(key, k);
            if sim < 0.5 {
                continue;
            }
            let rank = (k.split(' ').count() == words, sim);
            let better = |b: (bool, f64)| match (rank.0, b.0) {
                (true, false) => true,
                (false, true) => false,
                _ => rank.1 > b.1,
            };
            if best.is_none_or(|(b, _)| better(b)) {
                best = Some((rank, k));
            }
        }
        best.map(|(_, k)| {
            let shown = self.shown.get(k).unwrap_or(k);
            match self.labels.get(k) {
                Some(v) => format!("`{shown}` ({v})"),
                None => format!("`{shown}`"),
            }
        })
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
            Value::Number(n) => self.number(*n, &format_number(*n)),
            Value::Text(t) => self.text(t),
            Value::Bool(_) => Parsed::Bad(format!("found `{}` (TRUE/FALSE)", v.display())),
            Value::Date(_) => Parsed::Bad(format!("found the date `{}`", v.display())),
            Value::Error(e) => Parsed::Bad(format!("found the spreadsheet error `{e}`")),
        }
    }

    /// Checks the number `n`; messages quote `shown`, the cell as written (`٫5`, not the
    /// `0.5` it was parsed as: the user searches the file for what they typed).
    fn number(&self, n: f64, shown: &str) -> Parsed {
        if n.fract() != 0.0 || !n.is_finite() {
            return Parsed::Bad(format!("`{shown}` is not a whole number"));
        }
        if n < self.min as f64 || n > self.max as f64 {
            return Parsed::Bad(format!(
                "`{shown}` is outside the scale {}..{}",
                self.min, self.max
            ));
        }
        Parsed::Value(n as i64)
    }

    /// A leading number with a label after it, as survey tools write answers: `4 - Agree`,
    /// `4. Agree`, `(4) Agree`, `4 موافق`, `10 (Extremely likely)`. `t` is the normalised cell,
    /// `raw` the cell as written. `None` when `t` does not start with a number (the caller
    /// then looks for a near label). The one strict reading of a number with text after it:
    /// the text must be the scale's label of that number, a standard end label of the scale
    /// (NPS), or a label in parentheses or brackets (`0 (Never)`, the export form of
    /// LimeSurvey and SurveyJS); anything else (`3abc`, `0x3`, `2 apples`, `3: whatever`) is
    /// refused, never read as its leading number.
    fn numbered(&self, t: &str, raw: &str) -> Option<Parsed> {
        let lead = t.trim_start_matches(['(', '[']);
        let digits: String = lead.chars().take_while(|c| c.is_ascii_digit()).collect();
        if digits.is_empty() || digits.len() >= 10 {
            return None;
        }
        let rest = lead[digits.len()..]
            .trim_start_matches([')', ']', '-', '–', '—', '.', ':', '=', ' ', '،', ','])
            .trim();
        let (label, bracketed) = match bracketed_label(rest) {
            Some(inner) => (inner, true),
            None => (rest, false),
        };
        let n: i64 = digits.parse().unwrap_or(i64::MAX);
        let known = self.labels.contains_key(label) || self.end_labels.contains_key(label);
        let words = label.chars().next().is_some_and(char::is_alphabetic);
        if !(label.is_empty() || known || (bracketed && words)) {
            return Some(Parsed::Bad(format!(
                "`{raw}` has text after the number that is not a label of this scale"
            )));
        }
        if let Some(&other) = self.labels.get(label)
            && other != n
        {
            return Some(Parsed::Bad(format!(
                "`{raw}` gives the number {n} but the label of {other}"
            )));
        }
        if let Some(bad) = self.contradicted(n, label, raw) {
            return Some(bad);
        }
        Some(match self.number(n as f64, raw) {
            Parsed::Bad(_) => Parsed::Bad(format!(
                "`{raw}` is outside the scale {}..{}",
                self.min, self.max
            )),
            ok => ok,
        })
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
            return self.number(n, raw.trim());
        }
        if let Some(parsed) = self.numbered(&t, raw.trim()) {
            return parsed;
        }
        match self.suggestion(&t) {
            Some(label) => Parsed::Bad(format!(
                "`{}` is not an answer on this scale; did you mean {label}?",
                raw.trim()
            )),
            None => Parsed::Bad(format!("`{}` is not an answer on this scale", raw.trim())),
        }
    }
}

/// The label inside `(…)` or `[…]` when `rest` is wholly one, trimmed.
fn bracketed_label(rest: &str) -> Option<&str> {
    rest.strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .or_else(|| rest.strip_prefix('[').and_then(|r| r.strip_suffix(']')))
        .map(str::trim)
}

/// How numbers typed as text write their decimal mark and thousands separator.
///
/// The default is `1,250.5`, but unstated: `12.500` and `1.250.000` (`.` between thousands,
/// as much of the world writes) and `12,5` (a decimal comma) are then refused as ambiguous
/// rather than guessed. An engagement that states its convention (`numbers:`) reads them.
/// Arabic separators are unambiguous: `٫` is always the decimal mark and `٬` always groups
/// thousands. Spaces (also no-break and narrow no-break) between digits are always dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberStyle {
    /// The decimal mark: `.` or `,`.
    pub decimal: char,
    /// The thousands separator (`,`, `.`, `'`), or none.
    pub thousands: Option<char>,
    /// The engagement stated this convention; otherwise ambiguous forms are refused.
    pub stated: bool,
}

impl Default for NumberStyle {
    fn default() -> Self {
        NumberStyle {
            decimal: '.',
            thousands: Some(','),
            stated: false,
        }
    }
}

/// Why a cell is not read as a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotNumber {
    /// Not a number at all (a word, a date, an error value …).
    Invalid,
    /// A number whose separators can be read two ways (`12.500`, `12,5`, `1.250.000`) or
    /// break the stated convention: the message says which readings are possible.
    Ambiguous(String),
}

/// A number cell or number-as-text (Arabic digits, separators as `style` says, `%`).
/// Percent text gives a fraction (`35%` → 0.35). Signs are kept (range checks are the
/// caller's).
pub fn number(v: &Value, style: &NumberStyle) -> Result<f64, NotNumber> {
    match v {
        Value::Number(n) if n.is_finite() => Ok(*n),
        Value::Text(t) => number_text(t, style),
        _ => Err(NotNumber::Invalid),
    }
}

fn number_text(text: &str, style: &NumberStyle) -> Result<f64, NotNumber> {
    let t = text.trim();
    let (body, scale) = match t.strip_suffix(['%', '\u{066A}']) {
        Some(p) => (p.trim_end(), 100.0),
        None => (t, 1.0),
    };
    let (sign, body) = match body.strip_prefix(['-', '\u{2212}']) {
        Some(rest) => (-1.0, rest),
        None => (1.0, body.strip_prefix('+').unwrap_or(body)),
    };
    // Digits made ASCII; Arabic marks become the style's own; spaces dropped.
    let mut s = String::with_capacity(body.len());
    for ch in body.chars() {
        match ch {
            ' ' | '\u{00A0}' | '\u{202F}' => {}
            '\u{066B}' => s.push(style.decimal),
            '\u{066C}' => s.push(style.thousands.unwrap_or('\u{066C}')),
            _ => s.push(ascii_digit(ch)),
        }
    }
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '\''))
    {
        return Err(NotNumber::Invalid);
    }
    let style = if style.stated {
        *style
    } else {
        unstated_style(&s, t)?
    };
    let (int, frac) = match s.split_once(style.decimal) {
        Some((i, f)) => (i, Some(f)),
        None => (s.as_str(), None),
    };
    let breaks = || {
        if !style.stated {
            return NotNumber::Ambiguous(format!(
                "`{t}` has its separators in the wrong places for a number"
            ));
        }
        NotNumber::Ambiguous(format!(
            "`{t}` does not follow the engagement's `numbers:` (decimal `{}`{})",
            style.decimal,
            style
                .thousands
                .map(|c| format!(", thousands `{c}`"))
                .unwrap_or_default()
        ))
    };
    if frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
        return Err(breaks());
    }
    let groups: Vec<&str> = match style.thousands {
        Some(sep) => int.split(sep).collect(),
        None => vec![int],
    };
    let grouped = groups.len() > 1;
    let bad_group = groups.iter().enumerate().any(|(i, g)| {
        !g.bytes().all(|b| b.is_ascii_digit())
            || (grouped
                && (if i == 0 {
                    g.is_empty() || g.len() > 3
                } else {
                    g.len() != 3
                }))
    });
    if bad_group || (int.is_empty() && frac.is_none()) {
        return Err(breaks());
    }
    let plain = format!("{}.{}", groups.concat(), frac.unwrap_or("0"));
    plain
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
        .map(|n| sign * n / scale)
        .ok_or(NotNumber::Invalid)
}

/// With no convention stated, the one a text number can only mean (`1,250.5`, `12.5`,
/// `1250`), or `Ambiguous` when the separators can be read two ways.
fn unstated_style(s: &str, shown: &str) -> Result<NumberStyle, NotNumber> {
    let dots = s.matches('.').count();
    let commas = s.matches(',').count();
    let default = NumberStyle::default();
    let ambiguous = |why: &str| {
        Err(NotNumber::Ambiguous(format!(
            "`{shown}` is ambiguous: {why}"
        )))
    };
    if s.contains('\'') {
        return ambiguous("`'` between digits groups thousands in some countries only");
    }
    if dots > 1 {
        return ambiguous("`.` separates thousands here, as many countries write it");
    }
    if commas > 0 && s.rfind(',') > s.rfind('.') && dots == 1 {
        return ambiguous("`.` separates thousands and `,` marks the decimals here");
    }
    if dots == 1 && commas == 0 {
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        if frac.len() == 3 && (1..=3).contains(&int.len()) && !int.starts_with('0') {
            let decimal = s.parse::<f64>().map(format_number).unwrap_or_default();
            return ambiguous(&format!(
                "{int}{frac} if `.` separates thousands, or {decimal} if it is a decimal point"
            ));
        }
    }
    if commas > 0 && dots == 0 {
        let groups: Vec<&str> = s.split(',').collect();
        let grouping = groups.iter().skip(1).all(|g| g.len() == 3)
            && groups.first().is_some_and(|g| (1..=3).contains(&g.len()));
        if !grouping {
            return ambiguous("`,` is a decimal comma in many countries");
        }
    }
    Ok(default)
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

    fn read(t: &str, style: &NumberStyle) -> Result<f64, NotNumber> {
        number(&Value::Text(t.into()), style)
    }

    #[test]
    fn dot_grouped_thousands_are_refused_unless_stated() {
        let unstated = NumberStyle::default();
        for t in [
            "12.500",
            "1.250",
            "1.250.000",
            "11.900",
            "1.250,5",
            "12,5",
            "1'250",
        ] {
            assert!(
                matches!(read(t, &unstated), Err(NotNumber::Ambiguous(_))),
                "{t}"
            );
        }
        // Only one reading: decimals that cannot be thousands, or comma grouping.
        for (t, v) in [
            ("12.5", 12.5),
            ("0.350", 0.35),
            ("1250.500", 1250.5),
            ("12,500", 12500.0),
            ("1,250.75", 1250.75),
            ("850", 850.0),
            ("٣٥٫٥", 35.5),
            ("-4", -4.0),
            ("12 500", 12500.0),
        ] {
            assert_eq!(read(t, &unstated), Ok(v), "{t}");
        }
        let european = NumberStyle {
            decimal: ',',
            thousands: Some('.'),
            stated: true,
        };
        for (t, v) in [
            ("12.500", 12500.0),
            ("1.250.000", 1_250_000.0),
            ("12,5", 12.5),
            ("1.250,75", 1250.75),
            ("850", 850.0),
            ("35%", 0.35),
            ("٣٥٫٥", 35.5),
        ] {
            assert_eq!(read(t, &european), Ok(v), "{t}");
        }
        // Against the stated convention: refused, never reinterpreted.
        for t in ["12.5", "1,250.75", "1.25.000", "12,"] {
            assert!(
                matches!(read(t, &european), Err(NotNumber::Ambiguous(_))),
                "{t}"
            );
        }
        let msg = read("12.500", &unstated);
        assert_eq!(
            msg,
            Err(NotNumber::Ambiguous(
                "`12.500` is ambiguous: 12500 if `.` separates thousands, or 12.5 if it is a decimal point".into()
            ))
        );
    }

    fn scale() -> AnswerScale {
        let mut s = AnswerScale::numeric(1, 5);
        for (l, v) in [
            ("Agree", 4),
            ("موافق", 4),
            ("Strongly agree", 5),
            ("موافق بشدة", 5),
            ("غير موافق", 2),
        ] {
            s.add_label(l, v);
        }
        s
    }

    #[test]
    fn labels_in_parentheses_after_the_number() {
        let s = scale();
        let t = |x: &str| s.parse(&Value::Text(x.into()));
        assert_eq!(t("5 (Strongly agree)"), Parsed::Value(5));
        assert_eq!(t("4 (موافق)"), Parsed::Value(4));
        assert_eq!(t("2 [غير موافق]"), Parsed::Value(2));
        // Unknown label (NPS endpoints): the number counts.
        let nps = AnswerScale::numeric(0, 10);
        let n = |x: &str| nps.parse(&Value::Text(x.into()));
        assert_eq!(n("10 (Extremely likely)"), Parsed::Value(10));
        assert_eq!(n("0 (Not likely at all)"), Parsed::Value(0));
        assert!(matches!(n("11 (Extremely likely)"), Parsed::Bad(_)));
        // The NPS scale knows its end labels: one that contradicts the number is refused.
        let nps = AnswerScale::nps();
        let n = |x: &str| nps.parse(&Value::Text(x.into()));
        assert_eq!(n("10 (Extremely likely)"), Parsed::Value(10));
        assert_eq!(n("0 - Not at all likely"), Parsed::Value(0));
        assert_eq!(n("9 (Extremely likely)"), Parsed::Value(9));
        assert_eq!(n("٠ (غير محتمل على الاطلاق)"), Parsed::Value(0));
        assert_eq!(
            n("0 (Extremely likely)"),
            Parsed::Bad("`0 (Extremely likely)` gives the number 0, but its label is the scale's label of 10; the export may code the scale the other way round".into())
        );
        assert!(matches!(n("5 (Extremely likely)"), Parsed::Bad(_)));
        assert!(matches!(n("10 (Not likely at all)"), Parsed::Bad(_)));
        assert!(matches!(n("10 (غير محتمل إطلاقا)"), Parsed::Bad(_)));
        assert!(matches!(n("1 [محتمل جدا]"), Parsed::Bad(_)));
        // Ordinary labels and bare end labels are as before.
        assert_eq!(n("0 (Never)"), Parsed::Value(0));
        assert_eq!(n("10 (Very unlikely)"), Parsed::Value(10));
        assert!(matches!(n("Extremely likely"), Parsed::Bad(_)));
        // Number and label disagree: an error, as with `4 - Strongly agree`.
        assert!(matches!(t("4 (Strongly agree)"), Parsed::Bad(_)));
    }

    /// Text after a number that is neither the scale's label nor a bracketed export label
    /// is refused, never read as its leading number (the tester's cells, Arabic digits too).
    #[test]
    fn stray_text_after_a_number_is_refused() {
        let s = scale();
        let nps = AnswerScale::nps();
        for cell in [
            "0x3",
            "0b1",
            "3abc",
            "2 apples",
            "4x",
            "3: whatever",
            "٣x",
            "5. Fully",
            "4 4",
            "1 - 3",
            "2 (3)",
            "1abc",
            "5x",
        ] {
            let got = s.parse(&Value::Text(cell.into()));
            assert!(
                matches!(&got, Parsed::Bad(m) if m.contains(cell)),
                "{cell}: {got:?}"
            );
        }
        for cell in ["10x", "0 promoters", "9 - label", "7 likely"] {
            let got = nps.parse(&Value::Text(cell.into()));
            assert!(matches!(got, Parsed::Bad(_)), "{cell}: {got:?}");
        }
        assert_eq!(
            s.parse(&Value::Text("3abc".into())),
            Parsed::Bad(
                "`3abc` has text after the number that is not a label of this scale".into()
            )
        );
        // Accepted forms: the matching label, an end label, any bracketed label.
        let n = |x: &str| nps.parse(&Value::Text(x.into()));
        assert_eq!(n("10 - Extremely likely"), Parsed::Value(10));
        assert_eq!(n("٩ (رائع)"), Parsed::Value(9));
        assert_eq!(n("(7)"), Parsed::Value(7));
    }

    #[test]
    fn near_miss_labels_get_a_suggestion() {
        let s = scale();
        let t = |x: &str| s.parse(&Value::Text(x.into()));
        assert_eq!(
            t("موافق جدا"),
            Parsed::Bad(
                "`موافق جدا` is not an answer on this scale; did you mean `موافق بشدة` (5)?".into()
            )
        );
        assert_eq!(
            t("Strongly agreee"),
            Parsed::Bad(
                "`Strongly agreee` is not an answer on this scale; did you mean `Strongly agree` (5)?"
                    .into()
            )
        );
        assert_eq!(
            t("banana"),
            Parsed::Bad("`banana` is not an answer on this scale".into())
        );
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
        assert_eq!(t("5. Strongly agree"), Parsed::Value(5));
        assert_eq!(t("4 موافق"), Parsed::Value(4));
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
        let n = |t: &str| number(&Value::Text(t.into()), &NumberStyle::default()).ok();
        assert_eq!(n("١٢٬٥٠٠"), Some(12500.0));
        assert_eq!(n("12,500.5"), Some(12500.5));
        assert_eq!(n("35%"), Some(0.35));
        assert_eq!(n("abc"), None);
        assert_eq!(n("12,5"), None);
        assert_eq!(n("1,250,000"), Some(1_250_000.0));
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
