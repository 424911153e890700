//! The word catalogue: the words and sentences nudj shows a client, Arabic and English, in one
//! file (`report-templates/strings.yaml`) embedded in the binary. Reports let a templates
//! folder override any key (`report::templates` checks the override: unknown keys, missing
//! languages, placeholders); the `score` table and the course material read the same words.
//!
//! A key the catalogue lacks is never shown as empty text: [`Catalogue::require`] turns the
//! keys a caller needs into one diagnostic naming the missing ones, and [`Catalogue::get`]
//! shows a missing key as `[key]`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Diagnostic, Error, Place, Result};
use crate::text::{Lang, Text};

/// Where the embedded catalogue comes from (named in diagnostics).
pub const FILE: &str = "report-templates/strings.yaml";

/// The embedded catalogue's text.
pub const EMBEDDED: &str = include_str!("../report-templates/strings.yaml");

/// Words by key, each in both languages.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalogue {
    words: BTreeMap<String, Text>,
}

impl Catalogue {
    /// The embedded catalogue.
    pub fn embedded() -> Result<Catalogue> {
        Ok(Catalogue {
            words: crate::yaml::parse(Path::new(FILE), EMBEDDED)?,
        })
    }

    /// The embedded catalogue, parsed once per process.
    pub fn builtin() -> Result<&'static Catalogue> {
        static CELL: std::sync::OnceLock<Catalogue> = std::sync::OnceLock::new();
        if let Some(c) = CELL.get() {
            return Ok(c);
        }
        let c = Catalogue::embedded()?;
        Ok(CELL.get_or_init(|| c))
    }

    /// A catalogue of the given words (the embedded ones with a report's overrides).
    pub fn new(words: BTreeMap<String, Text>) -> Catalogue {
        Catalogue { words }
    }

    /// The words, by key.
    pub fn words(&self) -> &BTreeMap<String, Text> {
        &self.words
    }

    /// A word in `lang`; a missing key shows as `[key]` (call [`Catalogue::require`] first).
    pub fn get(&self, key: &str, lang: Lang) -> String {
        match self.words.get(key) {
            Some(t) => t.get(lang).to_string(),
            None => format!("[{key}]"),
        }
    }

    /// A sentence in `lang` with its `{name}` placeholders filled (see [`fill`]).
    pub fn fill(&self, key: &str, lang: Lang, vars: &[(&str, &str)]) -> String {
        fill(&self.get(key, lang), vars)
    }

    /// A count phrase in `lang` ("one respondent", "15 مشاركًا"): the form of `key` that
    /// the language's plural rule picks for `n` (see [`plural_key`]), with `{n}` filled by
    /// `shown` (the number as the document writes it).
    pub fn count(&self, key: &str, lang: Lang, n: u64, shown: &str) -> String {
        let form = plural_key(key, lang, n, |k| self.words.contains_key(k));
        self.fill(&form, lang, &[("n", shown)])
    }

    /// Checks that every key in `keys` has a text: one error naming all the missing ones.
    pub fn require(&self, keys: &[&str]) -> Result<()> {
        let missing: Vec<String> = keys
            .iter()
            .filter(|k| !self.words.contains_key(**k))
            .map(|k| format!("`{k}`"))
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        Err(Error::Invalid(vec![Diagnostic::error(
            FILE,
            Place::File,
            format!("the word catalogue has no text for {}", missing.join(", ")),
        )]))
    }
}

/// The CLDR plural category of the count `n` in `lang`: English has `one` and `other`;
/// Arabic `one` (1), `two` (2), `few` (3-10, also 103-110 …: `n % 100` in 3..=10, the counted
/// word in the plural), `many` (`n % 100` in 11..=99, the singular accusative: ١٥ مشاركًا)
/// and `other` (0, 100-102 …: the singular: ١٠٠ مشارك). Source: the CLDR plural rules
/// (unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html). Arabic's
/// `zero` (0: لا ممارسة) falls back to `other` ("0 مشارك") where the catalogue has no
/// `zero` form ([`plural_key`]).
pub fn plural_form(lang: Lang, n: u64) -> &'static str {
    match lang {
        Lang::En if n == 1 => "one",
        Lang::En => "other",
        Lang::Ar => match (n, n % 100) {
            (0, _) => "zero",
            (1, _) => "one",
            (2, _) => "two",
            (_, 3..=10) => "few",
            (_, 11..=99) => "many",
            _ => "other",
        },
    }
}

/// The catalogue key of a count phrase's form: `KEY.FORM` for the [`plural_form`] of `n`
/// when the catalogue has it (`has`), else `KEY.other`. A count of 0 takes `KEY.zero` when
/// the catalogue has it in any language (CLDR's `zero` in Arabic; an explicit `=0` case, as
/// in ICU MessageFormat, in English: "no practice" rather than "0 practices"). Count
/// phrases are the one place the catalogue handles number agreement: a sentence takes the
/// whole phrase as a placeholder (`{respondents}`), never a bare `{n}` before a noun.
pub fn plural_key(key: &str, lang: Lang, n: u64, has: impl Fn(&str) -> bool) -> String {
    let form = if n == 0 {
        format!("{key}.zero")
    } else {
        format!("{key}.{}", plural_form(lang, n))
    };
    if has(&form) {
        form
    } else {
        format!("{key}.other")
    }
}

/// Fills the `{name}` placeholders of `template` in one pass: a value is never searched for
/// placeholders itself, so client text such as a period named `{start}` stays as written.
/// Placeholders without a value are left as they are.
pub fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v, close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_keys_are_named_never_empty() {
        let c = Catalogue::embedded().unwrap();
        assert_eq!(c.get("contents", Lang::En), "Contents");
        assert_eq!(c.get("no_such_word", Lang::Ar), "[no_such_word]");
        let Err(Error::Invalid(d)) = c.require(&["contents", "no_such_word", "nor_this"]) else {
            panic!("expected an error")
        };
        assert_eq!(
            d[0].message,
            "the word catalogue has no text for `no_such_word`, `nor_this`"
        );
    }

    #[test]
    fn count_phrases_agree_with_their_number() {
        let c = Catalogue::embedded().unwrap();
        let ar = |n: u64| c.count("count_respondents", Lang::Ar, n, &n.to_string());
        let en = |n: u64| c.count("count_respondents", Lang::En, n, &n.to_string());
        assert_eq!(ar(1), "مشارك واحد");
        assert_eq!(ar(2), "مشاركَين");
        assert_eq!(ar(3), "3 مشاركين");
        assert_eq!(ar(10), "10 مشاركين");
        assert_eq!(ar(11), "11 مشاركًا");
        assert_eq!(ar(99), "99 مشاركًا");
        assert_eq!(ar(100), "100 مشارك");
        assert_eq!(ar(103), "103 مشاركين");
        assert_eq!(ar(0), "0 مشارك");
        assert_eq!(en(1), "one respondent");
        assert_eq!(en(2), "2 respondents");
        assert_eq!(en(3), "3 respondents");
        assert_eq!(en(0), "0 respondents");
        // A zero form where the catalogue has one (CLDR's Arabic `zero`, an explicit 0 in
        // English): never "0 ممارسة".
        let practices = |lang, n: u64| c.count("count_practices", lang, n, &n.to_string());
        assert_eq!(practices(Lang::Ar, 0), "لا ممارسة");
        assert_eq!(practices(Lang::En, 0), "no practice");
        assert_eq!(practices(Lang::Ar, 1), "ممارسة واحدة");
        assert_eq!(practices(Lang::Ar, 100), "100 ممارسة");
        // Every count phrase has its `other` form (the fallback) in both languages.
        for key in c.words().keys().filter_map(|k| k.strip_suffix(".one")) {
            assert!(
                c.words().contains_key(&format!("{key}.other")),
                "{key}.other"
            );
        }
    }

    #[test]
    fn fill_replaces_placeholders() {
        let c = Catalogue::new(BTreeMap::from([(
            "x".to_string(),
            Text::Plain("{a} of {b}".into()),
        )]));
        assert_eq!(c.fill("x", Lang::En, &[("a", "1"), ("b", "2")]), "1 of 2");
        // One pass: a value holding a placeholder is not filled again.
        assert_eq!(fill("{a}-{b}", &[("a", "{b}"), ("b", "2")]), "{b}-2");
        assert_eq!(fill("{a} {zz} {", &[("a", "1")]), "1 {zz} {");
    }
}
