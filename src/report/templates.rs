//! The report's templates: embedded defaults (so nudj runs with nothing else on disk),
//! replaced file by file from a folder given with `--templates` (mdBook's theme approach: a
//! file present in the folder wins, the others stay embedded).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Diagnostic, Error, Place, Result, Warned};
use crate::text::Text;

/// The main Typst template (minijinja; `data.json` carries the content).
pub const MAIN: &str = "report.typ";
/// Theme variables for the Typst template (minijinja).
pub const THEME: &str = "theme.typ";
/// Localised words and sentences.
pub const STRINGS: &str = "strings.yaml";
/// Glossary of metrics.
pub const GLOSSARY: &str = "glossary.yaml";
/// The readout deck's Typst template (`nudj deck`; `data.json` carries the content).
pub const DECK: &str = "deck.typ";
/// The slide layouts the deck is laid out with (shared with the course slides).
pub const SLIDES: &str = "slides.typ";

const EMBEDDED: &[(&str, &str)] = &[
    (MAIN, include_str!("../../report-templates/report.typ")),
    (THEME, include_str!("../../report-templates/theme.typ")),
    (STRINGS, crate::words::EMBEDDED),
    (
        GLOSSARY,
        include_str!("../../report-templates/glossary.yaml"),
    ),
    (DECK, include_str!("../../report-templates/deck.typ")),
    (SLIDES, crate::typeset::slides::LAYOUTS),
];

/// One template file: its text and, when it came from disk, its path (named in errors).
#[derive(Debug, Clone)]
pub struct TemplateFile {
    /// The text.
    pub text: String,
    /// The file on disk it was read from; `None` for the embedded default.
    pub path: Option<PathBuf>,
}

impl TemplateFile {
    /// The name diagnostics use: the file on disk, else `report-templates/NAME (built in)`.
    pub fn origin(&self, name: &str) -> PathBuf {
        self.path.clone().unwrap_or_else(|| {
            PathBuf::from(if name == SLIDES {
                "src/typeset/slides.typ".to_string()
            } else {
                format!("report-templates/{name}")
            })
        })
    }
}

/// The set of templates a report uses.
#[derive(Debug, Clone)]
pub struct Templates {
    files: BTreeMap<&'static str, TemplateFile>,
}

/// A glossary entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryEntry {
    /// The term.
    pub term: Text,
    /// Its definition.
    pub definition: Text,
    /// The CX metric the entry explains: listed only when the report shows that metric.
    /// Without it the entry is always listed.
    #[serde(default)]
    pub metric: Option<GlossaryMetric>,
    /// What the gaps are measured against: the entry is listed only in reports whose gaps
    /// are measured that way (`target` or `next-level`). Without it the entry is always listed.
    #[serde(default)]
    pub gaps: Option<GlossaryGaps>,
}

/// What a glossary entry's gaps are measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GlossaryGaps {
    /// The engagement's targets.
    Target,
    /// The next maturity level (no targets set).
    NextLevel,
}

/// A CX metric a glossary entry belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GlossaryMetric {
    /// Net Promoter Score (and its margin of error).
    Nps,
    /// Customer satisfaction.
    Csat,
    /// Customer effort.
    Ces,
    /// Churn.
    Churn,
    /// Customer lifetime value.
    Clv,
}

impl Templates {
    /// The embedded defaults.
    pub fn embedded() -> Templates {
        let files = EMBEDDED
            .iter()
            .map(|(name, text)| {
                (
                    *name,
                    TemplateFile {
                        text: (*text).to_string(),
                        path: None,
                    },
                )
            })
            .collect();
        Templates { files }
    }

    /// The defaults with every known file found in `dir` replacing its default. Files in
    /// `dir` that are not templates come back as warnings (a misspelt name would otherwise
    /// be ignored silently).
    pub fn with_dir(dir: &Path) -> Result<Warned<Templates>> {
        let mut t = Templates::embedded();
        let entries = std::fs::read_dir(dir).map_err(|e| Error::read(dir, e))?;
        let mut names: Vec<(String, PathBuf)> = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::read(dir, e))?;
            let path = entry.path();
            if path.is_file() {
                names.push((entry.file_name().to_string_lossy().into_owned(), path));
            }
        }
        names.sort();
        let mut warnings = Vec::new();
        for (name, path) in names {
            match EMBEDDED.iter().find(|(n, _)| *n == name) {
                Some((known, _)) => {
                    let text = std::fs::read_to_string(&path).map_err(|e| Error::read(&path, e))?;
                    t.files.insert(
                        known,
                        TemplateFile {
                            text,
                            path: Some(path),
                        },
                    );
                }
                None => {
                    let known: Vec<&str> = EMBEDDED.iter().map(|(n, _)| *n).collect();
                    warnings.push(
                        Diagnostic::warning(&path, Place::File, "not a report template; ignored")
                            .with_help(format!("template files are: {}", known.join(", "))),
                    );
                }
            }
        }
        warnings.extend(t.strings_checked()?.warnings);
        Ok(Warned {
            output: t,
            warnings,
        })
    }

    /// These templates with the file `name` replaced by `text`, as if read from `path` (a
    /// `--templates` folder's file given in memory; the fuzz targets enter here). A `name`
    /// that is not a template is an internal error.
    pub fn with_file(mut self, name: &str, path: &Path, text: String) -> Result<Templates> {
        let Some((known, _)) = EMBEDDED.iter().find(|(n, _)| *n == name) else {
            return Err(Error::internal(format!("no template named `{name}`")));
        };
        self.files.insert(
            known,
            TemplateFile {
                text,
                path: Some(path.to_path_buf()),
            },
        );
        Ok(self)
    }

    /// A template by name (always present: every name has an embedded default).
    pub fn get(&self, name: &str) -> Result<&TemplateFile> {
        self.files
            .get(name)
            .ok_or_else(|| Error::internal(format!("no template named `{name}`")))
    }

    /// The word catalogue: the embedded words, overlaid by an override file's keys. An
    /// override whose text lacks a language, or whose placeholders differ between its
    /// languages or from the ones nudj fills, is an error naming the key.
    pub fn strings(&self) -> Result<BTreeMap<String, Text>> {
        Ok(self.strings_checked()?.output)
    }

    /// [`Templates::strings`] with the override's warnings: keys the catalogue does not have
    /// (a misspelt key would otherwise be ignored silently).
    pub fn strings_checked(&self) -> Result<Warned<BTreeMap<String, Text>>> {
        let embedded: BTreeMap<String, Text> = crate::yaml::parse(
            Path::new("report-templates/strings.yaml"),
            EMBEDDED
                .iter()
                .find(|(n, _)| *n == STRINGS)
                .map(|(_, t)| *t)
                .unwrap_or(""),
        )?;
        let file = self.get(STRINGS)?;
        if file.path.is_none() {
            return Ok(Warned {
                output: embedded,
                warnings: Vec::new(),
            });
        }
        let origin = file.origin(STRINGS);
        let over: BTreeMap<String, Text> = crate::yaml::parse(&origin, &file.text)?;
        let checked = check_override(&origin, &file.text, &embedded, over)?;
        let mut out = embedded;
        out.extend(checked.output);
        Ok(Warned {
            output: out,
            warnings: checked.warnings,
        })
    }

    /// The glossary.
    pub fn glossary(&self) -> Result<Vec<GlossaryEntry>> {
        let file = self.get(GLOSSARY)?;
        crate::yaml::parse(&file.origin(GLOSSARY), &file.text)
    }
}

/// Most unknown keys of an override listed one by one (each with a "did you mean"); the rest
/// are counted in one more warning.
const MAX_LISTED_KEYS: usize = 50;

/// The 0-based line where each of `keys` is first written as a mapping key at the start of a
/// line (`key:` or `key :`), in one pass over `src`. Only the first few colons of a line are
/// tried, each with a key of at most 1,024 bytes (YAML's limit for such keys): a file of
/// 100,000 unknown keys took minutes when each key searched the whole file (found while
/// writing the strings_yaml fuzz target; too large for the fuzzer's inputs to reach).
fn key_lines(
    src: &str,
    keys: std::collections::BTreeSet<&str>,
) -> std::collections::HashMap<String, usize> {
    let mut found = std::collections::HashMap::new();
    for (i, line) in src.lines().enumerate() {
        for (at, _) in line.match_indices(':').take(8) {
            let Some(candidate) = line.get(..at).filter(|c| c.len() <= 1024) else {
                break;
            };
            if let Some(&key) = keys.get(candidate.trim_end()) {
                found.entry(key.to_string()).or_insert(i);
            }
        }
        if found.len() == keys.len() {
            break;
        }
    }
    found
}

/// The `{name}` placeholders of a text.
pub fn placeholders(text: &str) -> std::collections::BTreeSet<&str> {
    let mut out = std::collections::BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        rest = &rest[open + 1..];
        let Some(close) = rest.find('}') else { break };
        let name = &rest[..close];
        if !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            out.insert(name);
        }
    }
    out
}

/// The placeholder problems of one catalogue entry: a placeholder in one language and not
/// the other, or (with `allowed`) one nudj does not fill.
pub fn placeholder_problems(text: &Text, allowed: Option<&Text>) -> Vec<String> {
    let mut problems = Vec::new();
    let (ar, en) = (
        placeholders(text.get(crate::text::Lang::Ar)),
        placeholders(text.get(crate::text::Lang::En)),
    );
    for (has, lacks, lang) in [(&ar, &en, "English"), (&en, &ar, "Arabic")] {
        for p in has.difference(lacks) {
            problems.push(format!(
                "placeholder `{{{p}}}` is missing from the {lang} text"
            ));
        }
    }
    if let Some(allowed) = allowed {
        let known = placeholders(allowed.get(crate::text::Lang::En));
        for p in ar.union(&en).filter(|p| !known.contains(*p)) {
            let help = if known.is_empty() {
                "this text takes no placeholders".to_string()
            } else {
                let list: Vec<String> = known.iter().map(|k| format!("{{{k}}}")).collect();
                format!("this text takes {}", list.join(", "))
            };
            problems.push(format!("`{{{p}}}` is not filled by nudj ({help})"));
        }
    }
    problems
}

/// Checks an override of the word catalogue: unknown keys are warnings (with the closest
/// known key), a text without both languages or with wrong placeholders is an error; each
/// diagnostic names the key and its line.
fn check_override(
    origin: &Path,
    src: &str,
    embedded: &BTreeMap<String, Text>,
    over: BTreeMap<String, Text>,
) -> Result<Warned<BTreeMap<String, Text>>> {
    let lines = key_lines(src, over.keys().map(String::as_str).collect());
    let line_of = |key: &str| {
        lines
            .get(key)
            .map(|&i| Place::line(i as u64 + 1, 1))
            .unwrap_or(Place::File)
    };
    let known: Vec<&str> = embedded.keys().map(String::as_str).collect();
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    let mut out = BTreeMap::new();
    let mut unlisted = 0usize;
    for (key, text) in over {
        let Some(default) = embedded.get(&key) else {
            if warnings.len() >= MAX_LISTED_KEYS {
                unlisted += 1;
                continue;
            }
            let mut d = Diagnostic::warning(
                origin,
                line_of(&key),
                format!("`{key}` is not a key of the word catalogue; ignored"),
            );
            if let Some(s) = crate::yaml::suggest(&key, &known) {
                d = d.with_help(format!("did you mean `{s}`?"));
            }
            warnings.push(d);
            continue;
        };
        if let Some(lang) = text.missing_lang() {
            errors.push(Diagnostic::error(
                origin,
                line_of(&key),
                format!(
                    "`{key}` has no {} text",
                    match lang {
                        crate::text::Lang::Ar => "Arabic",
                        crate::text::Lang::En => "English",
                    }
                ),
            ));
        }
        for p in placeholder_problems(&text, Some(default)) {
            errors.push(Diagnostic::error(
                origin,
                line_of(&key),
                format!("`{key}`: {p}"),
            ));
        }
        out.insert(key, text);
    }
    if unlisted > 0 {
        warnings.push(Diagnostic::warning(
            origin,
            Place::File,
            format!("… and {unlisted} more keys the word catalogue does not have; ignored"),
        ));
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    Ok(Warned {
        output: out,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_strings_and_glossary_parse_and_have_both_languages() {
        let t = Templates::embedded();
        let s = t.strings().unwrap();
        assert!(s.len() > 50);
        for (k, v) in &s {
            assert!(v.missing_lang().is_none(), "string `{k}` lacks a language");
        }
        let g = t.glossary().unwrap();
        assert!(g.len() >= 5);
    }

    #[test]
    fn embedded_words_have_the_same_placeholders_in_both_languages() {
        let s = Templates::embedded().strings().unwrap();
        for (k, v) in &s {
            assert_eq!(
                placeholder_problems(v, None),
                Vec::<String>::new(),
                "key `{k}`"
            );
        }
        assert_eq!(
            placeholders("{n} of {max}, {not a name} {}"),
            ["max", "n"].into()
        );
    }

    fn with_strings(yaml: &str) -> Result<Warned<Templates>> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("strings.yaml"), yaml).unwrap();
        Templates::with_dir(dir.path())
    }

    #[test]
    fn an_unknown_key_in_an_override_is_a_warning_naming_it() {
        let w = with_strings(
            "contents: {ar: الفهرس, en: Index}\nexec_sumary: {ar: ملخص, en: Summary}\n",
        )
        .unwrap();
        assert_eq!(w.warnings.len(), 1);
        let d = &w.warnings[0];
        assert!(d.message.contains("`exec_sumary`"), "{}", d.message);
        assert_eq!(d.place, Place::line(2, 1));
        assert_eq!(d.help.as_deref(), Some("did you mean `exec_summary`?"));
    }

    #[test]
    fn many_unknown_keys_are_each_placed_in_one_pass() {
        // 60,000 unknown keys (1 MB): each searched the whole file before, minutes in all.
        let mut yaml = String::from("contents: {ar: الفهرس, en: Index}\n");
        for i in 0..60_000 {
            yaml.push_str(&format!("k{i} : x\n"));
        }
        yaml.push_str("\"q:uoted\": x\n");
        let started = std::time::Instant::now();
        let w = with_strings(&yaml).unwrap();
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
        // 50 listed (in key order: k0, k1, k10, k100, …), the rest counted.
        assert_eq!(w.warnings.len(), 51);
        assert_eq!(w.warnings[0].place, Place::line(2, 1));
        assert_eq!(w.warnings[2].place, Place::line(12, 1));
        assert!(w.warnings[2].message.starts_with("`k10` is not a key"));
        assert_eq!(
            w.warnings[50].message,
            "… and 59951 more keys the word catalogue does not have; ignored"
        );
    }

    #[test]
    fn key_lines_takes_the_first_line_and_spaced_colons() {
        let lines = key_lines(
            "a: 1\n b: 2\nb : 3\nx:y: 4\nb: 5\n",
            ["a", "b", "x:y", "z"].into(),
        );
        assert_eq!(lines.get("a"), Some(&0));
        assert_eq!(lines.get("b"), Some(&2));
        assert_eq!(lines.get("x:y"), Some(&3));
        assert_eq!(lines.get("z"), None);
    }

    #[test]
    fn override_placeholders_are_checked_against_both_languages_and_nudj() {
        let err = with_strings(
            "summary_lead:\n  ar: \"المستوى {level} من {n}\"\n  en: \"Level {level} of {max} {bogus}\"\n",
        )
        .unwrap_err();
        let Error::Invalid(diags) = err else {
            panic!("expected diagnostics")
        };
        let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`{max}` is missing from the Arabic")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`{n}` is missing from the English")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`{bogus}` is not filled")),
            "{messages:?}"
        );
        assert!(diags.iter().all(|d| d.place == Place::line(1, 1)));
    }

    #[test]
    fn an_override_text_needs_both_languages() {
        let err = with_strings("contents: {en: Index}\n").unwrap_err();
        let Error::Invalid(diags) = err else {
            panic!("expected diagnostics")
        };
        assert!(
            diags[0].message.contains("`contents` has no Arabic text"),
            "{}",
            diags[0].message
        );
    }

    #[test]
    fn folder_overrides_file_by_file_and_warns_on_strangers() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("theme.typ"), "// mine\n").unwrap();
        std::fs::write(dir.path().join("reprot.typ"), "x").unwrap();
        std::fs::write(
            dir.path().join("strings.yaml"),
            "contents: {ar: الفهرس, en: Index}\n",
        )
        .unwrap();
        let w = Templates::with_dir(dir.path()).unwrap();
        assert_eq!(w.output.get(THEME).unwrap().text, "// mine\n");
        assert!(w.output.get(MAIN).unwrap().path.is_none());
        assert_eq!(w.warnings.len(), 1);
        let s = w.output.strings().unwrap();
        assert_eq!(s["contents"].get(crate::text::Lang::En), "Index");
        assert_eq!(
            s["exec_summary"].get(crate::text::Lang::En),
            "Executive summary"
        );
    }
}
