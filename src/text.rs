//! Human text in two languages, and the report language.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The language a document or message is produced in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Arabic, right-to-left (the default: nudj is Arabic first).
    #[default]
    Ar,
    /// English, left-to-right.
    En,
}

impl Lang {
    /// The BCP 47 code (`ar`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ar => "ar",
            Lang::En => "en",
        }
    }

    /// Text direction follows from the language, as in mdBook's `text_direction`.
    pub fn is_rtl(self) -> bool {
        matches!(self, Lang::Ar)
    }

    /// The other language, used as the fallback when a text lacks this one.
    pub fn other(self) -> Lang {
        match self {
            Lang::Ar => Lang::En,
            Lang::En => Lang::Ar,
        }
    }
}

/// Every human text in a model: a plain string (same in every language) or one per language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Text {
    /// The same text whatever the language.
    Plain(String),
    /// Text per language; a model should give both (validation checks).
    Localized(Localized),
}

/// `{ar: ..., en: ...}`. Only a mapping is accepted: serde's derived structs also take a
/// sequence (`[a, b]` would silently mean `{ar: a, en: b}`), which no one writes on purpose.
#[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    /// Arabic text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ar: Option<String>,
    /// English text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl Text {
    /// The text in `lang`, falling back to the other language, then to "".
    pub fn get(&self, lang: Lang) -> &str {
        match self {
            Text::Plain(s) => s,
            Text::Localized(l) => l.get(lang).or_else(|| l.get(lang.other())).unwrap_or(""),
        }
    }

    /// Every string this text holds (for header matching in both languages).
    pub fn all(&self) -> Vec<&str> {
        match self {
            Text::Plain(s) => vec![s.as_str()],
            Text::Localized(l) => l.ar.iter().chain(l.en.iter()).map(String::as_str).collect(),
        }
    }

    /// The language a localized text lacks while giving the other, if any.
    pub fn missing_lang(&self) -> Option<Lang> {
        match self {
            Text::Plain(_) => None,
            Text::Localized(Localized {
                ar: None,
                en: Some(_),
            }) => Some(Lang::Ar),
            Text::Localized(Localized {
                ar: Some(_),
                en: None,
            }) => Some(Lang::En),
            Text::Localized(_) => None,
        }
    }
}

impl<'de> Deserialize<'de> for Localized {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Map {
            #[serde(default)]
            ar: Option<String>,
            #[serde(default)]
            en: Option<String>,
        }
        struct MapOnly;
        impl<'de> serde::de::Visitor<'de> for MapOnly {
            type Value = Localized;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a mapping with `ar` and `en`")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Localized, A::Error> {
                let m = Map::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(Localized { ar: m.ar, en: m.en })
            }
        }
        d.deserialize_map(MapOnly)
    }
}

impl Localized {
    fn get(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::Ar => self.ar.as_deref(),
            Lang::En => self.en.as_deref(),
        }
        .filter(|s| !s.trim().is_empty())
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text::Plain(s.to_string())
    }
}

/// `s` cut to at most `max` characters for a place of one line or two (a running header):
/// at the last space in its final third, else inside the word, with its trailing
/// punctuation dropped and `…` added. Unchanged when it fits. Counts characters, not width:
/// the caller picks `max` for the narrowest script.
pub fn shorten(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_string();
    }
    let head: String = s.chars().take(max.saturating_sub(1)).collect();
    // The head ends a word when the next character is a space.
    let at_word_end = s
        .chars()
        .nth(max.saturating_sub(1))
        .is_some_and(char::is_whitespace);
    let cut = match head.rfind(' ') {
        _ if at_word_end => head.as_str(),
        Some(i) if head[..i].chars().count() * 3 >= max * 2 => &head[..i],
        _ => head.as_str(),
    };
    let cut = cut.trim_end_matches(|c: char| c.is_whitespace() || ",.;:-–—(،؛".contains(c));
    format!("{cut}…")
}

/// The base direction of a piece of free text (a comment, a name, a segment value, a chart
/// label): the direction of the script **most of its letters** are in, counting strong
/// left-to-right letters (bidi class L: Latin and most scripts) against strong right-to-left
/// ones (R and AL: Arabic, Hebrew); digits, punctuation and marks do not count. A tie, and
/// text without letters, take `tie` (the report's language). Not the first strong letter
/// (Unicode's FSI rule): `Apple Pay لا يعمل منذ التحديث` is an Arabic sentence (16 Arabic
/// letters, 8 Latin) and reads right to left with `Apple Pay` at the right; an English
/// sentence that opens with an Arabic name reads left to right.
pub fn majority_is_rtl(s: &str, tie: Lang) -> bool {
    use icu::properties::CodePointMapData;
    use icu::properties::props::BidiClass;
    let classes = CodePointMapData::<BidiClass>::new();
    let (mut ltr, mut rtl) = (0usize, 0usize);
    for c in s.chars() {
        match classes.get(c) {
            BidiClass::LeftToRight => ltr += 1,
            BidiClass::RightToLeft | BidiClass::ArabicLetter => rtl += 1,
            _ => {}
        }
    }
    match rtl.cmp(&ltr) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => tie.is_rtl(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_cuts_at_a_word_with_an_ellipsis() {
        assert_eq!(shorten("Acme Bank", 20), "Acme Bank");
        let long =
            "The United National Holding Company for Commercial Banking, Investment Services";
        let s = shorten(long, 60);
        assert_eq!(
            s,
            "The United National Holding Company for Commercial Banking…"
        );
        assert!(s.chars().count() <= 60);
        // No space in the final third: cut inside the word.
        let word = "CustomerExperienceTransformationProgramme2030";
        assert_eq!(shorten(word, 20), "CustomerExperienceT…");
        let ar = "الشركة الوطنية المتحدة القابضة للخدمات المصرفية التجارية والاستثمارية";
        assert_eq!(shorten(ar, 40), "الشركة الوطنية المتحدة القابضة للخدمات…");
    }

    #[test]
    fn only_mappings_are_localized_texts() {
        let t: Text = serde_json::from_str(r#"{"ar": "أ", "en": "A"}"#).expect("mapping");
        assert_eq!(t.get(Lang::En), "A");
        assert!(serde_json::from_str::<Text>(r#"["أ", "A"]"#).is_err());
        assert!(serde_json::from_str::<Text>(r#"{"ar": "أ", "fr": "A"}"#).is_err());
    }

    #[test]
    fn direction_follows_the_majority_of_letters() {
        // Arabic sentences opening with a Latin brand (the first-strong-comment field case).
        assert!(majority_is_rtl("Apple Pay لا يعمل منذ التحديث", Lang::En));
        assert!(majority_is_rtl("WhatsApp لا يرد أحد على الرسائل", Lang::En));
        assert!(majority_is_rtl("iPhone: التطبيق يتوقف عند الدفع", Lang::En));
        assert!(majority_is_rtl("شركة ACME للاتصالات", Lang::En));
        // An English sentence opening with an Arabic name.
        assert!(!majority_is_rtl(
            "محمد said the branch was closed",
            Lang::Ar
        ));
        assert!(!majority_is_rtl("Riyadh branch", Lang::Ar));
        // Digits, punctuation and marks do not count; a tie or no letters: the language.
        assert!(majority_is_rtl("١٢٣ 456 ... !", Lang::Ar));
        assert!(!majority_is_rtl("١٢٣ 456 ... !", Lang::En));
        assert!(majority_is_rtl("ab بت", Lang::Ar));
        assert!(!majority_is_rtl("ab بت", Lang::En));
        assert!(!majority_is_rtl("ab بُتّ", Lang::En)); // vowel marks are not letters
        assert!(majority_is_rtl("", Lang::Ar));
    }

    #[test]
    fn falls_back_to_other_language() {
        let t = Text::Localized(Localized {
            ar: None,
            en: Some("Strategy".into()),
        });
        assert_eq!(t.get(Lang::Ar), "Strategy");
        assert_eq!(t.missing_lang(), Some(Lang::Ar));
        let p = Text::from("NPS");
        assert_eq!(p.get(Lang::Ar), "NPS");
        assert_eq!(p.missing_lang(), None);
    }
}
