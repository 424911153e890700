//! Personal data never reaches a document (see docs/privacy.md): recognising it and masking
//! it.
//!
//! Two guards. Columns: a segment or comment column the engagement names is refused (by
//! `pipeline`, when it reads the data) when its header says it holds personal data (name,
//! e-mail, phone…) or when most of its values are e-mail addresses or phone numbers — a
//! report broken down by, or quoting, such a column would print it. Columns the engagement
//! does not name are never read into a report at all. Text: e-mail addresses and phone-like
//! digit runs inside comments (and respondent ids shown as attributions) are replaced by
//! `[…]` ([`mask_personal`]).

/// What a masked e-mail address or phone number becomes.
pub const MASK: &str = "[…]";

/// Header words that mark a column as personal wherever they appear.
const PERSONAL_WORDS: &[&str] = &[
    "email",
    "e-mail",
    "mail",
    "phone",
    "mobile",
    "telephone",
    "tel",
    "whatsapp",
    "iqama",
    // Survey tools' metadata columns (Qualtrics, SurveyMonkey): e-mail, names, network
    // address and location of the respondent.
    "ip",
    "ipaddress",
    "latitude",
    "longitude",
    "locationlatitude",
    "locationlongitude",
    "recipientemail",
    "recipientfirstname",
    "recipientlastname",
    "firstname",
    "lastname",
    "externalreference",
    "externaldatareference",
    "البريد",
    "الإيميل",
    "الايميل",
    "ايميل",
    "إيميل",
    "الجوال",
    "جوال",
    "هاتف",
    "الهاتف",
    "الموبايل",
    "موبايل",
    "واتساب",
    "الهوية",
    "إقامة",
    "الإقامة",
];

/// Whole headers naming a person (a bare word "name" is personal; "branch name" is not).
const PERSONAL_HEADERS: &[&str] = &[
    "name",
    "full name",
    "first name",
    "last name",
    "surname",
    "customer name",
    "client name",
    "respondent name",
    "employee name",
    "your name",
    "contact",
    "national id",
    "id number",
    "الاسم",
    "اسم",
    "الاسم الكامل",
    "الاسم الأول",
    "اسم العائلة",
    "اسم العميل",
    "اسم الموظف",
    "اسم المشارك",
    "اسم المستجيب",
    "رقم الهوية",
    "رقم الجوال",
    "رقم الهاتف",
];

/// Lower-cased header words (split on spaces, `_`, `/`, `:` and parentheses).
fn header_words(header: &str) -> Vec<String> {
    header
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || "_/:()".contains(c))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Does this column header say the column holds personal data?
pub fn is_personal_header(header: &str) -> bool {
    let words = header_words(header);
    if words.iter().any(|w| PERSONAL_WORDS.contains(&w.as_str())) {
        return true;
    }
    let joined = words.join(" ");
    PERSONAL_HEADERS.contains(&joined.as_str())
}

/// Is this whole value an e-mail address or a phone number?
pub fn is_personal_value(value: &str) -> bool {
    let v = value.trim();
    !v.is_empty() && mask_personal(v).trim() == MASK
}

/// Is `id` a respondent code (`R027`, `4411`, `EMP-0093`, `ر-12`) rather than a person? A
/// code has no space, at most 32 characters, at least one digit (ASCII or Arabic-Indic), no
/// `@`, and is not a phone number ([`is_personal_value`]). Names (`Fatima Al-Harbi`),
/// e-mail addresses and phone numbers are not codes.
pub fn is_code_like_id(id: &str) -> bool {
    let id = id.trim();
    !id.is_empty()
        && id.chars().count() <= 32
        && !id.chars().any(|c| c.is_whitespace() || c == '@')
        && id.chars().any(|c| {
            c.is_ascii_digit()
                || ('\u{660}'..='\u{669}').contains(&c)
                || ('\u{6F0}'..='\u{6F9}').contains(&c)
        })
        && !is_personal_value(id)
}

/// Are most (more than half) of the non-empty values e-mail addresses or phone numbers?
pub fn mostly_personal<'a>(values: impl IntoIterator<Item = &'a str>) -> bool {
    let (mut n, mut personal) = (0usize, 0usize);
    for v in values {
        if v.trim().is_empty() {
            continue;
        }
        n += 1;
        if is_personal_value(v) {
            personal += 1;
        }
    }
    n > 0 && personal * 2 > n
}

/// Is `c` a decimal digit (ASCII, Arabic-Indic or Eastern Arabic-Indic)?
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('٠'..='٩').contains(&c) || ('۰'..='۹').contains(&c)
}

/// Characters allowed between the digits of a phone number.
fn is_phone_separator(c: char) -> bool {
    matches!(c, ' ' | '-' | '.' | '(' | ')' | '/' | '\u{a0}' | '\u{2011}')
}

/// Characters of an e-mail address's local part or domain.
fn is_email_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "._%+-".contains(c)
}

/// Masks e-mail addresses and phone numbers in a comment (respondents sometimes sign
/// their comments). A phone number is a run of at least 7 digits (ASCII or Arabic-Indic),
/// optionally starting with `+`, with spaces, hyphens, dots, slashes or parentheses between
/// them: `0551234567`, `+966 55 123 4567`, `٠٥٥١٢٣٤٥٦٧`, `+971-50-123-4567`,
/// `(02) 1234 5678`, `+20 10 1234 5678`. Two years (`2024-2025`) are not a phone number.
pub fn mask_personal(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut masked = vec![false; chars.len()];
    // E-mail addresses: local@domain.tld.
    for (at, _) in chars.iter().enumerate().filter(|(_, c)| **c == '@') {
        let mut start = at;
        while start > 0 && chars.get(start - 1).is_some_and(|c| is_email_char(*c)) {
            start -= 1;
        }
        let mut end = at + 1;
        while chars.get(end).is_some_and(|c| is_email_char(*c)) {
            end += 1;
        }
        // Trailing dots belong to the sentence.
        while end > at + 1 && chars.get(end - 1) == Some(&'.') {
            end -= 1;
        }
        let domain: String = chars.get(at + 1..end).unwrap_or_default().iter().collect();
        if start < at && domain.contains('.') && !domain.starts_with('.') {
            for m in masked.iter_mut().take(end).skip(start) {
                *m = true;
            }
        }
    }
    // Phone numbers: digit runs with separators.
    let mut i = 0;
    while i < chars.len() {
        let starts = chars.get(i).is_some_and(|c| is_digit(*c))
            || (chars.get(i) == Some(&'+') && chars.get(i + 1).is_some_and(|c| is_digit(*c)))
            || (chars.get(i) == Some(&'(') && chars.get(i + 1).is_some_and(|c| is_digit(*c)));
        if !starts {
            i += 1;
            continue;
        }
        let mut last_digit = i;
        let mut groups: Vec<usize> = Vec::new();
        let mut group = 0;
        let mut j = i;
        while let Some(&c) = chars.get(j) {
            if is_digit(c) {
                group += 1;
                last_digit = j;
            } else if is_phone_separator(c) || (j == i && (c == '+' || c == '(')) {
                if group > 0 {
                    groups.push(group);
                    group = 0;
                }
            } else {
                break;
            }
            j += 1;
        }
        if group > 0 {
            groups.push(group);
        }
        let digits: usize = groups.iter().sum();
        let years = groups.len() == 2 && groups.iter().all(|g| *g == 4);
        if digits >= 7 && !years {
            for m in masked.iter_mut().take(last_digit + 1).skip(i) {
                *m = true;
            }
        }
        i = j.max(i + 1);
    }
    let mut out = String::with_capacity(text.len());
    let mut k = 0;
    while let Some(&c) = chars.get(k) {
        if masked.get(k) == Some(&true) {
            out.push_str(MASK);
            while masked.get(k) == Some(&true) {
                k += 1;
            }
        } else {
            out.push(c);
            k += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn respondent_codes_and_people() {
        for code in ["R027", "4411", "EMP-0093", "ر-١٢", "resp_17"] {
            assert!(is_code_like_id(code), "{code}");
        }
        for person in [
            "Fatima Al-Harbi",
            "sara.k@bank-example.com.sa",
            "+966 50 123 4567",
            "0501234567",
            "خالد",
            "",
        ] {
            assert!(!is_code_like_id(person), "{person}");
        }
    }

    use super::*;

    #[test]
    fn emails_and_phones_are_masked() {
        assert_eq!(
            mask_personal("call me 0551234567 or a.b@x.com thanks"),
            "call me […] or […] thanks"
        );
        assert_eq!(mask_personal("waited 45 minutes"), "waited 45 minutes");
        assert_eq!(mask_personal("رقمي +966 55 123 4567 شكرًا"), "رقمي […] شكرًا");
        assert_eq!(mask_personal("جوالي ٠٥٥١٢٣٤٥٦٧"), "جوالي […]");
        assert_eq!(mask_personal("UAE +971-50-123-4567."), "UAE […].");
        assert_eq!(mask_personal("Cairo +20 10 1234 5678"), "Cairo […]");
        assert_eq!(mask_personal("(02) 1234 5678 office"), "[…] office");
        assert_eq!(
            mask_personal("write to sara.k@bank-example.com.sa."),
            "write to […]."
        );
        assert_eq!(mask_personal("اكتب لي على ali@mail.sa"), "اكتب لي على […]");
    }

    #[test]
    fn ordinary_numbers_stay() {
        assert_eq!(mask_personal("from 2024-2025 on"), "from 2024-2025 on");
        assert_eq!(mask_personal("fee of 1,500 SAR"), "fee of 1,500 SAR");
        assert_eq!(mask_personal("انتظرت ٤٥ دقيقة"), "انتظرت ٤٥ دقيقة");
        assert_eq!(mask_personal("@mention me"), "@mention me");
        assert_eq!(mask_personal("3 + 4 = 7"), "3 + 4 = 7");
    }

    #[test]
    fn personal_headers_are_recognised() {
        for h in [
            "Name",
            "Full name",
            "E-mail",
            "Email address",
            "Mobile",
            "Phone (work)",
            "الاسم",
            "البريد الإلكتروني",
            "رقم الجوال",
            "هاتف",
        ] {
            assert!(is_personal_header(h), "{h}");
        }
        for h in ["Branch name", "Department", "الإدارة", "Channel", "ملاحظات"] {
            assert!(!is_personal_header(h), "{h}");
        }
    }

    #[test]
    fn content_decides_when_the_header_does_not() {
        assert!(mostly_personal(["a@b.co", "0551234567", "", "x"]));
        assert!(!mostly_personal(["Riyadh", "Jeddah", "a@b.co"]));
        assert!(!mostly_personal(["", " "]));
    }
}
