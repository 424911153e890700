//! Label text for SVG inside Typst: cleaning, bidi isolation, width estimate, wrapping.

use crate::text::{Lang, majority_is_rtl};

const LRI: char = '\u{2066}';
const RLI: char = '\u{2067}';
const PDI: char = '\u{2069}';

/// Removes what would break the SVG or the isolation around a label: control characters
/// (not allowed in XML 1.0; newlines and tabs become spaces) and the caller's own bidi
/// embeddings and isolates (an unmatched PDI inside would end our isolate early).
/// Collapses runs of spaces.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let c = if c.is_whitespace() { ' ' } else { c };
        if c.is_control()
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
        {
            continue;
        }
        if c == ' ' {
            if !space && !out.is_empty() {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

/// A label inside an alt text, where `label: value` pairs are joined with `;`: cleaned,
/// without trailing sentence punctuation (question texts end in `.`, which would read
/// `… objectives.: 3.09`).
pub fn for_alt(s: &str) -> String {
    clean(s)
        .trim_end_matches(['.', '،', ':', '؛', ';', ' '])
        .to_string()
}

/// Right-to-left script letters (Hebrew, Arabic, Syriac, Thaana, NKo, Arabic presentation
/// forms): the strong R/AL characters that matter for our reports.
fn is_rtl(c: char) -> bool {
    matches!(c,
        '\u{0590}'..='\u{05ff}' | '\u{0600}'..='\u{065f}' | '\u{066a}'..='\u{06ef}'
        | '\u{06fa}'..='\u{08ff}' | '\u{fb1d}'..='\u{fdff}' | '\u{fe70}'..='\u{feff}')
}

/// Arabic-Indic digits (both sets).
fn is_arabic_digit(c: char) -> bool {
    matches!(c, '\u{0660}'..='\u{0669}' | '\u{06f0}'..='\u{06f9}')
}

/// A free-text label, cleaned and isolated in the direction of the script most of its
/// letters are in (RLI for Arabic, LRI for Latin; [`crate::text::majority_is_rtl`]), as the
/// report isolates the same text: `Apple Pay فرع الرياض` is an Arabic label with the brand at
/// its right. A tie, or a label without letters, takes the chart's direction.
pub fn label(s: &str, rtl: bool) -> String {
    let s = clean(s);
    let tie = if rtl { Lang::Ar } else { Lang::En };
    wrap_isolate(&s, majority_is_rtl(&s, tie))
}

/// A formatted number. A signed number (`+32.5`, `−9.5`, `±5.5`) is always LRI, the sign
/// before the digits as in the report's tables; otherwise RLI when it uses Arabic-Indic
/// digits or Arabic signs (so `٪` sits where an Arabic reader expects it, as in the report's
/// running text), else LRI so `12.5%` never becomes `%12.5`.
pub fn number(s: &str) -> String {
    let s = clean(s);
    let signed = s.starts_with(['+', '-', '\u{2212}', '±']);
    let arabic = !signed && s.chars().any(|c| is_rtl(c) || is_arabic_digit(c));
    wrap_isolate(&s, arabic)
}

/// A name followed by its value (a target line's `المستهدف +30.0`): the name isolated as
/// [`label`] isolates it, the value as [`number`] does, and the pair in the chart's direction
/// (the name first: at the right in Arabic). Isolating the pair as one label left the value
/// bare after Arabic letters, where its sign is a neutral that takes the Arabic direction:
/// the page showed `30.0+` and the text layer copied it so.
pub fn labelled_number(name: &str, value: &str, rtl: bool) -> String {
    let pair = format!("{} {}", label(name, rtl), number(value));
    wrap_isolate(&pair, rtl)
}

fn wrap_isolate(s: &str, rtl: bool) -> String {
    let mut out = String::with_capacity(s.len() + 6);
    out.push(if rtl { RLI } else { LRI });
    out.push_str(s);
    out.push(PDI);
    out
}

/// Estimated advance of one character in em, for IBM Plex Sans Arabic (measured averages,
/// slightly generous so labels never overflow). plotters' own estimate counts bytes.
fn advance(c: char) -> f64 {
    match c {
        ' ' => 0.26,
        '\u{064b}'..='\u{065f}' | '\u{0670}' => 0.0, // Arabic marks: no advance
        c if is_rtl(c) => 0.52,
        'i' | 'j' | 'l' | 'I' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 0.28,
        'f' | 't' | 'r' | '(' | ')' | '-' => 0.38,
        'm' | 'w' | 'M' | 'W' => 0.86,
        c if c.is_ascii_uppercase() => 0.66,
        c if c.is_ascii_digit() => 0.58,
        _ => 0.56,
    }
}

/// Estimated width of `s` at `size` (SVG units).
pub fn width(s: &str, size: f64) -> f64 {
    s.chars().map(advance).sum::<f64>() * size
}

/// Greedy word wrap into at most `max_lines` lines of at most `max_width`; what does not fit
/// ends in `…`. A single word longer than a line is broken across lines.
pub fn wrap(s: &str, size: f64, max_width: f64, max_lines: usize) -> Vec<String> {
    let s = clean(s);
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut truncated = false;
    let words = s.split(' ').flat_map(|w| pieces(w, size, max_width));
    for word in words {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if width(&candidate, size) <= max_width || current.is_empty() {
            current = candidate;
        } else {
            if lines.len() + 1 >= max_lines.max(1) {
                truncated = true;
                break;
            }
            lines.push(std::mem::take(&mut current));
            current = word.to_string();
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    let n = lines.len();
    for (i, line) in lines.iter_mut().enumerate() {
        if (truncated && i + 1 == n) || width(line, size) > max_width {
            *line = ellipsize(line, size, max_width);
        }
    }
    lines
}

/// `word` in pieces of at most `max_width` (one piece when it fits): a word wider than a
/// line is broken between letters (never before a combining mark) rather than cut.
fn pieces(word: &str, size: f64, max_width: f64) -> Vec<String> {
    if width(word, size) <= max_width {
        return vec![word.to_string()];
    }
    let mut out = vec![String::new()];
    let mut used = 0.0;
    for c in word.chars() {
        let w = advance(c) * size;
        let mark = w == 0.0;
        if let Some(last) = out.last_mut()
            && (mark || used + w <= max_width || last.is_empty())
        {
            last.push(c);
            used += w;
            continue;
        }
        out.push(c.to_string());
        used = w;
    }
    out
}

/// Whether `s` wraps into at most `max_lines` lines of `max_width` at `size` without
/// cutting anything.
pub fn fits(s: &str, size: f64, max_width: f64, max_lines: usize) -> bool {
    fits_words(&unit_words(s), size, max_width, max_lines)
}

/// The widths of the words of `s` at size 1 (widths scale with the size, so a label is
/// measured once however many sizes are tried).
fn unit_words(s: &str) -> Vec<f64> {
    clean(s).split(' ').map(|w| width(w, 1.0)).collect()
}

fn fits_words(words: &[f64], size: f64, max_width: f64, max_lines: usize) -> bool {
    let space = advance(' ') * size;
    let mut lines = 1;
    let mut current: Option<f64> = None;
    for w in words.iter().map(|w| w * size) {
        if w > max_width {
            return false;
        }
        current = Some(match current {
            Some(c) if c + space + w <= max_width => c + space + w,
            Some(_) => {
                lines += 1;
                w
            }
            None => w,
        });
    }
    lines <= max_lines.max(1)
}

/// The largest size from `size` down to `min_size` (in 5 % steps) at which every label
/// wraps into `max_lines` lines of `max_width` without being cut; `min_size` when none is
/// small enough (the labels are then cut with `…` by [`wrap`]).
pub fn fit_lines<'a>(
    labels: impl IntoIterator<Item = &'a str>,
    size: f64,
    min_size: f64,
    max_width: f64,
    max_lines: usize,
) -> f64 {
    let measured: Vec<Vec<f64>> = labels.into_iter().map(unit_words).collect();
    let mut s = size;
    while s > min_size {
        if measured
            .iter()
            .all(|words| fits_words(words, s, max_width, max_lines))
        {
            return s;
        }
        s -= size * 0.05;
    }
    min_size.min(size)
}

/// Labels laid out in a column of `max_width` without cutting any: the largest size from
/// `size` down to `min_size` at which every label wraps into `max_lines` lines
/// ([`fit_lines`]); when even `min_size` is too big, that size (smaller still if one word of
/// up to [`crate::typeset::breaks::LONG_WORD`] letters is wider than the column) with as many
/// lines as the labels need, up to twice `max_lines`. Longer words are broken across lines
/// ([`wrap`]), and a label of more than twice `max_lines` lines ends in `…` (charts carry the
/// full labels in their alt text). Returns the size and each label's lines.
pub fn fit_uncut<'a>(
    labels: impl IntoIterator<Item = &'a str> + Clone,
    size: f64,
    min_size: f64,
    max_width: f64,
    max_lines: usize,
) -> (f64, Vec<Vec<String>>) {
    let s = fit_lines(labels.clone(), size, min_size, max_width, max_lines);
    if labels
        .clone()
        .into_iter()
        .all(|l| fits(l, s, max_width, max_lines))
    {
        let lines = labels
            .into_iter()
            .map(|l| wrap(l, s, max_width, max_lines))
            .collect();
        return (s, lines);
    }
    let longest = labels
        .clone()
        .into_iter()
        .flat_map(|l| clean(l).split(' ').map(str::to_string).collect::<Vec<_>>())
        .filter(|w| w.chars().count() <= crate::typeset::breaks::LONG_WORD)
        .map(|w| width(&w, 1.0))
        .fold(0.0_f64, f64::max);
    let s = if longest > 0.0 {
        s.min(max_width / longest * 0.999)
    } else {
        s
    };
    let lines = labels
        .into_iter()
        .map(|l| wrap(l, s, max_width, max_lines * 2))
        .collect();
    (s, lines)
}

/// `s` cut to fit `max_width` with a trailing `…`.
fn ellipsize(s: &str, size: f64, max_width: f64) -> String {
    let budget = max_width - width("…", size);
    let mut out = String::new();
    let mut used = 0.0;
    for c in s.chars() {
        used += advance(c) * size;
        if used > budget {
            break;
        }
        out.push(c);
    }
    let out = out.trim_end().to_string();
    format!("{out}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alt_labels_lose_trailing_punctuation_only() {
        assert_eq!(for_alt("We have a CX strategy."), "We have a CX strategy");
        assert_eq!(for_alt("لدينا رؤية، معلنة؛ "), "لدينا رؤية، معلنة");
        assert_eq!(for_alt("v1.2 ready"), "v1.2 ready");
    }

    #[test]
    fn clean_removes_controls_and_bidi() {
        assert_eq!(clean("a\u{0}b\u{1b}c"), "abc");
        assert_eq!(clean("  a\n\tb  "), "a b");
        assert_eq!(clean("x\u{2069}y\u{202e}z"), "xyz");
    }

    #[test]
    fn labels_isolate_by_the_majority_of_letters() {
        assert_eq!(label("العملاء", false), "\u{2067}العملاء\u{2069}");
        assert_eq!(
            label("App (iOS) تطبيق", true),
            "\u{2066}App (iOS) تطبيق\u{2069}"
        );
        // An Arabic channel name opening with a Latin word stays right to left.
        assert_eq!(
            label("iPhone تطبيق الجوال", false),
            "\u{2067}iPhone تطبيق الجوال\u{2069}"
        );
        // A tie takes the chart's direction.
        assert_eq!(label("ab بت", true), "\u{2067}ab بت\u{2069}");
        assert_eq!(label("ab بت", false), "\u{2066}ab بت\u{2069}");
        assert_eq!(label("123", true), "\u{2067}123\u{2069}");
        assert_eq!(label("123", false), "\u{2066}123\u{2069}");
    }

    #[test]
    fn numbers_keep_their_sign_in_place() {
        assert_eq!(number("-3.2%"), "\u{2066}-3.2%\u{2069}");
        assert_eq!(number("٣٫٢٪"), "\u{2067}٣٫٢٪\u{2069}");
        assert_eq!(number("\u{2212}٩٫٥"), "\u{2066}\u{2212}٩٫٥\u{2069}");
        assert_eq!(number("+٣٦٫١"), "\u{2066}+٣٦٫١\u{2069}");
    }

    #[test]
    fn a_labelled_number_isolates_the_value_inside_the_name_pair() {
        assert_eq!(
            labelled_number("المستهدف", "+30.0", true),
            "\u{2067}\u{2067}المستهدف\u{2069} \u{2066}+30.0\u{2069}\u{2069}"
        );
        assert_eq!(
            labelled_number("Target", "\u{2212}5", false),
            "\u{2066}\u{2066}Target\u{2069} \u{2066}\u{2212}5\u{2069}\u{2069}"
        );
        // The caller's own controls cannot end an isolate early.
        assert_eq!(
            labelled_number("a\u{2069}b", "1\u{2069}", false),
            "\u{2066}\u{2066}ab\u{2069} \u{2066}1\u{2069}\u{2069}"
        );
    }

    #[test]
    fn fit_uncut_never_cuts() {
        let labels = [
            "Patient safety communication and escalation",
            "Care",
            "Pharmacovigilance",
        ];
        let (size, lines) = fit_uncut(labels, 10.0, 6.5, 40.0, 3);
        assert!(size <= 6.5);
        for (label, l) in labels.iter().zip(&lines) {
            assert_eq!(l.join(" "), *label, "cut: {l:?}");
            assert!(l.iter().all(|x| width(x, size) <= 40.0), "{l:?}");
        }
        // Labels that fit keep the size and the line limit.
        let (size, lines) = fit_uncut(["Care", "Voice"], 10.0, 6.5, 80.0, 3);
        assert_eq!(size, 10.0);
        assert_eq!(
            lines,
            vec![vec!["Care".to_string()], vec!["Voice".to_string()]]
        );
    }

    #[test]
    fn wrap_and_truncate() {
        let lines = wrap("one two three four five six seven", 10.0, 60.0, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'), "{lines:?}");
        for l in &lines {
            assert!(width(l, 10.0) <= 60.0 + 1e-9, "{l}");
        }
        assert_eq!(wrap("short", 10.0, 100.0, 2), vec!["short"]);
        assert_eq!(wrap("", 10.0, 100.0, 2), vec![""]);
        // A word wider than a line is broken across lines, every letter kept while they fit.
        let long = wrap("Supercalifragilisticexpialidocious", 10.0, 50.0, 3);
        assert_eq!(long.len(), 3, "{long:?}");
        assert!(
            long.iter().all(|l| width(l, 10.0) <= 50.0 + 1e-9),
            "{long:?}"
        );
        assert!(long[0].starts_with("Supercal") && long[1].starts_with(|c: char| c.is_lowercase()));
        let whole = wrap("Supercalifragilistic", 10.0, 50.0, 3);
        assert_eq!(whole.concat(), "Supercalifragilistic");
    }

    #[test]
    fn fit_lines_shrinks_until_nothing_is_cut() {
        let long = "Measurement and operational indicators";
        // At 9 in 60 units this needs four lines: shrink until three do.
        assert!(!fits(long, 9.0, 60.0, 3));
        let s = fit_lines([long, "Culture"], 9.0, 6.0, 60.0, 3);
        assert!((6.0..9.0).contains(&s), "{s}");
        assert!(fits(long, s, 60.0, 3));
        assert!(!wrap(long, s, 60.0, 3).iter().any(|l| l.ends_with('…')));
        // Already fitting: unchanged; hopeless: the floor.
        assert_eq!(fit_lines(["Culture"], 9.0, 6.0, 60.0, 3), 9.0);
        assert_eq!(fit_lines(["Supercalifragilistic"], 9.0, 6.0, 20.0, 3), 6.0);
        assert!(fits("", 9.0, 10.0, 1));
    }

    #[test]
    fn arabic_is_measured_by_letters_not_bytes() {
        // Two bytes per Arabic letter; the estimate must not double.
        assert!(width("العملاء", 10.0) < width("customers", 10.0) * 1.2);
    }
}
