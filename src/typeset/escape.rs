//! Passing text into Typst safely, and keeping its direction right.
//!
//! Client data (names, comments, department names from a workbook) must come out as the
//! characters it holds, never as Typst markup or code: `#sys.exit()`, `$x$`, `@label`,
//! `<label>`, `]`, `*bold*`, `_`, `` ` ``, `\` all print literally. Two contexts exist:
//! markup ([`escape_markup`]) and string literals ([`escape_string`]). Templates get both
//! through [`template_env`], whose auto-escape makes `{{ value }}` safe by default.
//!
//! Direction: after an Arabic word, `2026-11-01` shows as `01-11-2026` and `12.5%` as
//! `%12.5` under the Unicode bidi algorithm. [`ltr`] isolates such runs; [`isolate`] wraps
//! free text of unknown direction so it cannot reorder its neighbours, in the direction of the
//! script most of its letters are in ([`crate::text::majority_is_rtl`]), not of its first
//! letter: Unicode's first-strong isolate (FSI) would lay out `Apple Pay لا يعمل` left to
//! right, with the brand where an Arabic reader meets it last.

use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, Error as JinjaError, ErrorKind, State};

use crate::text::{Lang, majority_is_rtl};

/// The auto-escape name for Typst templates.
pub const TYPST_ESCAPE: &str = "typst";

/// Left-to-right isolate (U+2066).
pub const LRI: char = '\u{2066}';
/// Right-to-left isolate (U+2067).
pub const RLI: char = '\u{2067}';
/// Pop directional isolate (U+2069), closing LRI and RLI.
pub const PDI: char = '\u{2069}';

/// Text for Typst markup: every ASCII punctuation character is backslash-escaped (Typst
/// prints an escaped character literally) and line breaks become spaces, so nothing in
/// `s` can start a heading, list, function call, label, math or raw block.
pub fn escape_markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 4);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                // CRLF is one break.
                if chars.peek() != Some(&'\n') {
                    out.push(' ');
                }
            }
            '\n' | '\u{2028}' | '\u{2029}' | '\u{85}' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            // Other control characters have no business in a report and some would be
            // read as markup whitespace; drop them.
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Text for the inside of a Typst string literal `"..."`: escapes `\`, `"`, newline,
/// carriage return and tab; drops other control characters.
pub fn escape_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A complete Typst string literal, quotes included.
pub fn string_literal(s: &str) -> String {
    format!("\"{}\"", escape_string(s))
}

/// Free text of unknown direction (a name, a comment, a segment value) wrapped in RLI…PDI or
/// LRI…PDI by the script most of its letters are in, a tie taking the document's language
/// `lang` ([`majority_is_rtl`]); it cannot reorder the text around it. Works on plain text
/// and on escaped markup alike (escapes are ASCII punctuation, which does not count).
pub fn isolate(s: &str, lang: Lang) -> String {
    if majority_is_rtl(s, lang) {
        rtl(s)
    } else {
        ltr(s)
    }
}

/// A left-to-right run (number, date, percentage, code) wrapped in LRI…PDI, so `-3.2%`
/// stays `-3.2%` inside Arabic text.
pub fn ltr(s: &str) -> String {
    format!("{LRI}{s}{PDI}")
}

/// `text` with each signed figure in Latin digits (a `+`, `−` (U+2212) or `±` right before an
/// ASCII digit, not after a letter or digit of Latin script, then digits, `.` or `,` between
/// digits, and a final `%`) wrapped in LRI…PDI, as [`ltr`] wraps the report's own figures:
/// for our fixed Arabic sentences (the glossary's `بين −100 و+100`). Left bare after Arabic
/// letters, the sign is a neutral that takes the Arabic direction and is drawn on the digits'
/// right (`100−`), and the text layer copies it after them. Arabic-Indic digits are left as
/// they are: right to left, the sign before the number is on its right, where an Arabic
/// reader expects it (as [`crate::report`]'s numbers are). A hyphen-minus is left alone
/// (`9-10` is a range).
pub fn isolate_signed_figures(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let prev = i.checked_sub(1).and_then(|p| chars.get(p));
        let starts = matches!(c, '+' | '\u{2212}' | '±')
            && chars.get(i + 1).is_some_and(char::is_ascii_digit)
            && prev.is_none_or(|p| !p.is_ascii_alphanumeric() && *p != LRI && *p != RLI);
        if !starts {
            out.push(c);
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while let Some(&d) = chars.get(end) {
            let inner =
                matches!(d, '.' | ',') && chars.get(end + 1).is_some_and(char::is_ascii_digit);
            if d.is_ascii_digit() || inner {
                end += 1;
            } else {
                break;
            }
        }
        if chars.get(end) == Some(&'%') {
            end += 1;
        }
        out.push(LRI);
        out.extend(chars.get(i..end).unwrap_or_default());
        out.push(PDI);
        i = end;
    }
    out
}

/// A right-to-left run wrapped in RLI…PDI (Arabic labels inside SVG charts, whose renderer
/// lays out every text left-to-right).
pub fn rtl(s: &str) -> String {
    format!("{RLI}{s}{PDI}")
}

/// Typst markup we built ourselves (converted Markdown, generated tables), marked so the
/// template auto-escape passes it through unchanged. Never use it on client text.
pub fn trusted(markup: impl Into<String>) -> Value {
    Value::from_safe_string(markup.into())
}

/// A minijinja environment for Typst templates: files ending in `.typ` auto-escape with
/// [`TYPST_ESCAPE`], so `{{ value }}` writes strings as escaped markup, numbers and booleans
/// as they are (they cannot inject anything and are needed in code like `width: {{ w }}%`),
/// `none` as nothing. Undefined variables are errors (a typo must not vanish silently).
///
/// Filters: `markdown` (Markdown text → escaped Typst markup), `str` (a quoted, escaped Typst
/// string literal, for code context: `#text(fill: red, {{ name | str }})`), `isolate`
/// (escaped and wrapped by [`isolate`], a tie taking the template's `lang` variable, `ar` or
/// `en`), `isolated_str` (the same as a string literal), `ltr`, `rtl` (escaped and wrapped
/// in bidi isolates). `safe` (minijinja's) is the one way to output raw Typst: only for values
/// the program built, or use [`trusted`] on the Rust side.
pub fn template_env<'s>() -> Environment<'s> {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".typ") {
            AutoEscape::Custom(TYPST_ESCAPE.into())
        } else {
            AutoEscape::None
        }
    });
    env.set_formatter(format_value);
    env.add_filter("str", |v: Value| -> Result<Value, JinjaError> {
        Ok(Value::from_safe_string(string_literal(&plain(&v)?)))
    });
    env.add_filter(
        "isolate",
        |state: &State, v: Value| -> Result<Value, JinjaError> {
            Ok(Value::from_safe_string(isolate(
                &markup_of(&v)?,
                context_lang(state)?,
            )))
        },
    );
    env.add_filter(
        "isolated_str",
        |state: &State, v: Value| -> Result<Value, JinjaError> {
            Ok(Value::from_safe_string(string_literal(&isolate(
                &plain(&v)?,
                context_lang(state)?,
            ))))
        },
    );
    env.add_filter("ltr", |v: Value| -> Result<Value, JinjaError> {
        Ok(Value::from_safe_string(ltr(&markup_of(&v)?)))
    });
    env.add_filter("rtl", |v: Value| -> Result<Value, JinjaError> {
        Ok(Value::from_safe_string(rtl(&markup_of(&v)?)))
    });
    // Short Markdown (a description, a recommendation) with every text node escaped; no
    // images (those need an allowed folder: convert in Rust with `markdown_to_typst`).
    env.add_filter("markdown", |v: Value| -> Result<Value, JinjaError> {
        let src = plain(&v)?;
        let out = super::markdown::markdown_to_typst(&src, &Default::default()).output;
        Ok(Value::from_safe_string(out.trim_end().to_string()))
    });
    env
}

/// The document language of a template, from its `lang` variable (`ar`, `ar-SA`, `en`): the
/// tie-break of [`isolate`].
fn context_lang(state: &State) -> Result<Lang, JinjaError> {
    let lang = state.lookup("lang").ok_or_else(|| {
        JinjaError::new(
            ErrorKind::UndefinedError,
            "the `isolate` filter needs `lang` in the template context",
        )
    })?;
    Ok(match lang.as_str() {
        Some(l) if l == "ar" || l.starts_with("ar-") => Lang::Ar,
        _ => Lang::En,
    })
}

/// The text of a value, refusing undefined ones.
fn plain(v: &Value) -> Result<String, JinjaError> {
    if v.is_undefined() {
        return Err(JinjaError::new(
            ErrorKind::UndefinedError,
            "undefined value passed to a Typst filter",
        ));
    }
    if v.is_none() {
        return Ok(String::new());
    }
    Ok(v.as_str()
        .map(str::to_string)
        .unwrap_or_else(|| v.to_string()))
}

/// A value as markup: already-safe values as they are, everything else escaped.
fn markup_of(v: &Value) -> Result<String, JinjaError> {
    if v.is_safe() {
        return Ok(v.to_string());
    }
    if v.is_number() || matches!(v.kind(), minijinja::value::ValueKind::Bool) {
        return Ok(v.to_string());
    }
    Ok(escape_markup(&plain(v)?))
}

fn format_value(
    out: &mut minijinja::Output,
    state: &mut State,
    value: &Value,
) -> Result<(), JinjaError> {
    if !matches!(state.auto_escape(), AutoEscape::Custom(name) if name == TYPST_ESCAPE) {
        return minijinja::escape_formatter(out, state, value);
    }
    let text = markup_of(value)?;
    out.write_str(&text).map_err(|e| {
        JinjaError::new(ErrorKind::WriteFailure, "cannot write template output").with_source(e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_figures_in_arabic_sentences_are_isolated() {
        assert_eq!(
            isolate_signed_figures("بين −100 و+100."),
            "بين \u{2066}−100\u{2069} و\u{2066}+100\u{2069}."
        );
        assert_eq!(
            isolate_signed_figures("ثقة ±5.5% و+1,250.75، ثم"),
            "ثقة \u{2066}±5.5%\u{2069} و\u{2066}+1,250.75\u{2069}، ثم"
        );
        // Not signs: a range, an expression, a sign without digits, a trailing separator,
        // Arabic-Indic digits, a figure already isolated.
        for same in [
            "9-10",
            "3+4",
            "x+1",
            "+ 5",
            "−١٠٠",
            "\u{2066}+1\u{2069}",
            "+",
        ] {
            assert_eq!(isolate_signed_figures(same), same);
        }
        assert_eq!(isolate_signed_figures("+5."), "\u{2066}+5\u{2069}.");
    }

    #[test]
    fn markup_escapes_every_typst_trigger() {
        let s = "#x(\"y\") $a$ @ref <lab> ] * _ ` \\ = - + / ~ ' \"";
        let e = escape_markup(s);
        for c in [
            '#', '$', '@', '<', '>', ']', '*', '_', '`', '=', '-', '+', '/', '~',
        ] {
            assert!(
                !e.contains(&format!(" {c}")) || e.contains(&format!("\\{c}")),
                "{c}: {e}"
            );
        }
        assert_eq!(escape_markup("#x(\"y\")"), "\\#x\\(\\\"y\\\"\\)");
        assert_eq!(escape_markup("a\\b"), "a\\\\b");
        assert_eq!(escape_markup("line1\r\nline2\nline3"), "line1 line2 line3");
        assert_eq!(escape_markup("عميل 12.5%"), "عميل 12\\.5\\%");
    }

    #[test]
    fn string_escapes_quotes_and_newlines() {
        assert_eq!(escape_string("a\"b\\c\nd\te"), "a\\\"b\\\\c\\nd\\te");
        assert_eq!(string_literal("#x(\"y\")"), "\"#x(\\\"y\\\")\"");
    }

    #[test]
    fn bidi_wrappers() {
        assert_eq!(ltr("-3.2%"), "\u{2066}-3.2%\u{2069}");
        assert_eq!(ltr("2026-11-01"), "\u{2066}2026-11-01\u{2069}");
        // No letters: the document's language decides.
        assert_eq!(isolate("12.5%", Lang::En), "\u{2066}12.5%\u{2069}");
        assert_eq!(isolate("12.5%", Lang::Ar), "\u{2067}12.5%\u{2069}");
        // Most letters Arabic: right to left, whatever the first letter.
        assert_eq!(
            isolate("Apple Pay لا يعمل منذ التحديث", Lang::En),
            "\u{2067}Apple Pay لا يعمل منذ التحديث\u{2069}"
        );
        assert_eq!(
            isolate("محمد said hello", Lang::Ar),
            "\u{2066}محمد said hello\u{2069}"
        );
        assert_eq!(rtl("نضج"), "\u{2067}نضج\u{2069}");
    }

    #[test]
    fn template_env_escapes_by_default() {
        let mut env = template_env();
        env.add_template(
            "t.typ",
            "= {{ title }}\n#box(width: {{ w }}%)[{{ name | ltr }}] #text({{ name | str }}) {{ raw | safe }}{{ nothing }}",
        )
        .unwrap();
        let out = env
            .get_template("t.typ")
            .unwrap()
            .render(minijinja::context! {
                title => "#sys.exit() <x>", w => 12.5, name => "a\"]", raw => "*b*", nothing => (),
            })
            .unwrap();
        assert_eq!(
            out,
            "= \\#sys\\.exit\\(\\) \\<x\\>\n#box(width: 12.5%)[\u{2066}a\\\"\\]\u{2069}] #text(\"a\\\"]\") *b*"
        );
    }

    #[test]
    fn isolate_filters_break_ties_by_the_template_language() {
        let mut env = template_env();
        env.add_template(
            "t.typ",
            "{{ a | isolate }} {{ b | isolate }} {{ b | isolated_str }}",
        )
        .unwrap();
        let t = env.get_template("t.typ").unwrap();
        let ar = t
            .render(
                minijinja::context! { lang => "ar", a => "ab بت", b => "iPhone: التطبيق يتوقف" },
            )
            .unwrap();
        assert_eq!(
            ar,
            "\u{2067}ab بت\u{2069} \u{2067}iPhone\\: التطبيق يتوقف\u{2069} \"\u{2067}iPhone: التطبيق يتوقف\u{2069}\""
        );
        let en = t
            .render(minijinja::context! { lang => "en", a => "ab بت", b => "x" })
            .unwrap();
        assert!(en.starts_with("\u{2066}ab بت\u{2069}"), "{en}");
        assert!(
            t.render(minijinja::context! { a => "x", b => "y" })
                .is_err()
        );
    }

    #[test]
    fn markdown_filter_escapes_text() {
        let mut env = template_env();
        env.add_template("t.typ", "{{ x | markdown }}").unwrap();
        let out = env
            .get_template("t.typ")
            .unwrap()
            .render(minijinja::context! { x => "**a** #b" })
            .unwrap();
        assert_eq!(out, "#strong[a] \\#b");
    }

    #[test]
    fn template_env_rejects_undefined() {
        let mut env = template_env();
        env.add_template("t.typ", "{{ missing }}").unwrap();
        let err = env
            .get_template("t.typ")
            .unwrap()
            .render(minijinja::context! {})
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UndefinedError);
    }

    #[test]
    fn non_typ_templates_are_not_escaped() {
        let mut env = template_env();
        env.add_template("t.txt", "{{ x }}").unwrap();
        let out = env
            .get_template("t.txt")
            .unwrap()
            .render(minijinja::context! { x => "#a" })
            .unwrap();
        assert_eq!(out, "#a");
    }
}
