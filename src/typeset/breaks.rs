//! Line-break opportunities inside very long words.
//!
//! Typst breaks a line only where Unicode's line-breaking rules (UAX #14) allow: at spaces,
//! after hyphens and slashes. A word wider than its column (a programme name typed as one
//! word, `CustomerExperienceTransformationProgramme2030`, or an Arabic phrase typed without
//! spaces) therefore runs out of its table cell or panel over its neighbour. [`breakable`]
//! adds invisible break opportunities inside such words only.

use std::borrow::Cow;

/// Words up to this many characters are left as they are (`Pharmacovigilance`,
/// `الاستراتيجيات`): only longer ones get break opportunities.
pub const LONG_WORD: usize = 24;

/// Zero-width space: a break opportunity, nothing drawn (UAX #14 class ZW).
const ZWSP: char = '\u{200B}';
/// Zero-width joiner: keeps two Arabic letters in their joined forms across the ZWSP.
const ZWJ: char = '\u{200D}';

/// `s` with a zero-width space (U+200B) inside each word longer than [`LONG_WORD`]
/// characters, at most 16 characters apart: at a natural seam when there is one within the
/// last 10 (a lower- to upper-case letter, a letter to a digit, after `-` `_` `.`, after an
/// Arabic letter that does not join to the next: ا د ذ ر ز و ة and their hamza forms), else
/// forced, with zero-width joiners around it between two joining Arabic letters so they keep
/// their joined shapes. Never before a combining mark. Text without long words is returned
/// unchanged (borrowed).
pub fn breakable(s: &str) -> Cow<'_, str> {
    if !s
        .split(char::is_whitespace)
        .any(|w| w.chars().count() > LONG_WORD)
    {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    let mut word = String::new();
    for c in s.chars() {
        if c.is_whitespace() {
            push_word(&mut out, &word);
            word.clear();
            out.push(c);
        } else {
            word.push(c);
        }
    }
    push_word(&mut out, &word);
    Cow::Owned(out)
}

/// Appends `word`, with break opportunities when it is long.
fn push_word(out: &mut String, word: &str) {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() <= LONG_WORD {
        out.push_str(word);
        return;
    }
    let mut run = 0;
    for (i, &c) in chars.iter().enumerate() {
        if let (Some(&prev), true) = (i.checked_sub(1).and_then(|p| chars.get(p)), run > 0)
            && !is_mark(c)
        {
            let natural = run >= 6 && chars.len() - i >= 3 && is_seam(prev, c);
            if natural || run >= 16 {
                if !natural && joins(prev) && is_arabic_letter(c) {
                    out.extend([ZWJ, ZWSP, ZWJ]);
                } else {
                    out.push(ZWSP);
                }
                run = 0;
            }
        }
        out.push(c);
        run += 1;
    }
}

/// A place where a long word can be broken without a joiner.
fn is_seam(prev: char, c: char) -> bool {
    (prev.is_lowercase() && c.is_uppercase())
        || (prev.is_alphabetic() && c.is_ascii_digit())
        || matches!(prev, '-' | '_' | '.' | '/')
        || (is_arabic_letter(prev) && !joins(prev) && is_arabic_letter(c))
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}')
}

/// An Arabic letter that joins to the letter after it (dual-joining).
fn joins(c: char) -> bool {
    is_arabic_letter(c)
        && !matches!(
            c,
            'ا' | 'أ' | 'إ' | 'آ' | 'ٱ' | 'د' | 'ذ' | 'ر' | 'ز' | 'و' | 'ؤ' | 'ة' | 'ى' | 'ء'
        )
}

/// Arabic harakat and other combining marks, which stay with their letter.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0300}'..='\u{036F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> String {
        s.chars().filter(|c| !matches!(*c, ZWSP | ZWJ)).collect()
    }

    #[test]
    fn short_words_are_untouched() {
        let s = "Patient safety communication and Pharmacovigilance, الاستراتيجيات";
        assert!(matches!(breakable(s), Cow::Borrowed(_)));
    }

    #[test]
    fn long_words_break_at_seams_and_keep_every_letter() {
        let s = "the CustomerExperienceTransformationProgramme2030Phase1 of 2030";
        let b = breakable(s);
        assert_eq!(plain(&b), s);
        assert_eq!(
            b,
            "the Customer\u{200B}Experience\u{200B}Transformation\u{200B}Programme\u{200B}2030Phase1 of 2030"
        );
        // No run of more than 16 letters without an opportunity.
        let forced = breakable("abcdefghijklmnopqrstuvwxyzabcdefghij");
        assert_eq!(
            forced,
            "abcdefghijklmnop\u{200B}qrstuvwxyzabcdef\u{200B}ghij"
        );
    }

    #[test]
    fn arabic_breaks_after_a_letter_that_does_not_join() {
        let s = "برنامجالتحولالشاملفيتجربةالعميل2030المرحلة1";
        let b = breakable(s);
        assert_eq!(plain(&b), s);
        // Between two Arabic letters, an opportunity follows a letter that does not join
        // the next, or sits between joiners.
        let chars: Vec<char> = b.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            if *c == ZWSP && is_arabic_letter(chars[i + 1]) {
                let prev = chars[i - 1];
                assert!(prev == ZWJ || !joins(prev), "after `{prev}` in {b}");
            }
        }
        assert!(b.contains(ZWSP), "{b}");
        // A long run of joining letters is forced with joiners.
        let joined = "بببببببببببببببببببببببببببببب";
        assert!(breakable(joined).contains("\u{200D}\u{200B}\u{200D}"));
        // Harakat stay with their letter.
        let marked = "بَبَبَبَبَبَبَبَبَبَبَبَبَبَبَبَبَ";
        for w in breakable(marked).split(['\u{200B}']) {
            assert!(!w.trim_start_matches(ZWJ).starts_with('\u{064E}'), "{w}");
        }
    }
}
