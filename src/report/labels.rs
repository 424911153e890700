//! The engagement's `labels:`: names in the report's language for values that come from the
//! data (segment columns, segment values, channels), so one engagement gives an Arabic and an
//! English report. Display only: scores are computed and privacy is decided on the values as
//! written in the data; a label changes what the reader sees, never a group.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::score::ScoreResult;
use crate::text::{Lang, Text};

/// The script a value is written in: Arabic if it holds an Arabic letter, else Latin.
fn script(value: &str) -> Lang {
    if value.chars().any(|c| {
        matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}') && c.is_alphabetic()
    }) {
        Lang::Ar
    } else {
        Lang::En
    }
}

/// Spaces trimmed and collapsed, so a label matches a value typed with a double space.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The name of `value` in a report in `lang`: with `{ar, en}`, the text for `lang` when
/// given; with a plain name, the name when the value is written in the other language's
/// script and the name in the report's (`المستشفى: Hospital` renames the column in the
/// English report and leaves it in the Arabic one). Otherwise the value itself.
pub fn label<'a>(labels: &'a BTreeMap<String, Text>, value: &'a str, lang: Lang) -> &'a str {
    if labels.is_empty() {
        return value;
    }
    let found = labels.get(value).or_else(|| {
        let key = squash(value);
        labels
            .iter()
            .find(|(k, _)| squash(k) == key)
            .map(|(_, t)| t)
    });
    match found {
        Some(Text::Localized(l)) => match lang {
            Lang::Ar => l.ar.as_deref(),
            Lang::En => l.en.as_deref(),
        }
        .unwrap_or(value),
        Some(Text::Plain(name)) if script(value) != lang && script(name) == lang => name,
        _ => value,
    }
}

/// `result` with segment columns and values, NPS channels and segments and CLV segments named
/// for a report in `lang` (for the charts, which only display them).
pub fn relabel<'a>(
    result: &'a ScoreResult,
    labels: &BTreeMap<String, Text>,
    lang: Lang,
) -> Cow<'a, ScoreResult> {
    if labels.is_empty() {
        return Cow::Borrowed(result);
    }
    let mut r = result.clone();
    let name = |s: &mut String| {
        let l = label(labels, s, lang).to_string();
        *s = l;
    };
    for seg in &mut r.segments {
        name(&mut seg.column);
        name(&mut seg.value);
    }
    if let Some(nps) = &mut r.metrics.nps {
        for g in nps.by_channel.iter_mut().chain(nps.by_segment.iter_mut()) {
            name(&mut g.value);
        }
    }
    if let Some(clv) = &mut r.metrics.clv {
        for row in &mut clv.rows {
            if let Some(s) = &mut row.segment {
                name(s);
            }
        }
    }
    Cow::Owned(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Localized;

    fn labels() -> BTreeMap<String, Text> {
        BTreeMap::from([
            ("المستشفى".to_string(), Text::Plain("Hospital".into())),
            (
                "مستشفى الرياض".to_string(),
                Text::Plain("Riyadh hospital".into()),
            ),
            (
                "Call centre".to_string(),
                Text::Localized(Localized {
                    ar: Some("مركز الاتصال".into()),
                    en: None,
                }),
            ),
        ])
    }

    #[test]
    fn plain_labels_name_values_of_the_other_script() {
        let l = labels();
        assert_eq!(label(&l, "المستشفى", Lang::En), "Hospital");
        assert_eq!(label(&l, "المستشفى", Lang::Ar), "المستشفى");
        // A double space in the data still finds its label.
        assert_eq!(label(&l, "مستشفى  الرياض", Lang::En), "Riyadh hospital");
        assert_eq!(label(&l, "Other", Lang::En), "Other");
    }

    #[test]
    fn localized_labels_give_their_language_only() {
        let l = labels();
        assert_eq!(label(&l, "Call centre", Lang::Ar), "مركز الاتصال");
        assert_eq!(label(&l, "Call centre", Lang::En), "Call centre");
    }
}
