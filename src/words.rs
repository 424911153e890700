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
