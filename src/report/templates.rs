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

const EMBEDDED: &[(&str, &str)] = &[
    (MAIN, include_str!("../../report-templates/report.typ")),
    (THEME, include_str!("../../report-templates/theme.typ")),
    (STRINGS, include_str!("../../report-templates/strings.yaml")),
    (
        GLOSSARY,
        include_str!("../../report-templates/glossary.yaml"),
    ),
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
        self.path
            .clone()
            .unwrap_or_else(|| PathBuf::from(format!("report-templates/{name}")))
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
        Ok(Warned {
            output: t,
            warnings,
        })
    }

    /// A template by name (always present: every name has an embedded default).
    pub fn get(&self, name: &str) -> Result<&TemplateFile> {
        self.files
            .get(name)
            .ok_or_else(|| Error::internal(format!("no template named `{name}`")))
    }

    /// The localised strings: the embedded ones, overlaid by an override file's keys.
    pub fn strings(&self) -> Result<BTreeMap<String, Text>> {
        let embedded: BTreeMap<String, Text> = crate::model::yaml::parse(
            Path::new("report-templates/strings.yaml"),
            EMBEDDED
                .iter()
                .find(|(n, _)| *n == STRINGS)
                .map(|(_, t)| *t)
                .unwrap_or(""),
        )?;
        let file = self.get(STRINGS)?;
        let mut out = embedded;
        if file.path.is_some() {
            let over: BTreeMap<String, Text> =
                crate::model::yaml::parse(&file.origin(STRINGS), &file.text)?;
            out.extend(over);
        }
        Ok(out)
    }

    /// The glossary.
    pub fn glossary(&self) -> Result<Vec<GlossaryEntry>> {
        let file = self.get(GLOSSARY)?;
        crate::model::yaml::parse(&file.origin(GLOSSARY), &file.text)
    }
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
