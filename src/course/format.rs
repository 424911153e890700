//! The course file (`course.yaml`, documented in docs/course-format.md) and its loading with
//! located errors.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Diagnostic, Error, Place, Result};
use crate::model::At;
use crate::model::yaml;
use crate::text::{Lang, Text};
use crate::typeset::locale::{Calendars, Digits};

/// A course as written in YAML.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CourseFile {
    /// Course title.
    pub title: Text,
    /// Optional subtitle (shown on the title slide and handout cover).
    #[serde(default)]
    pub subtitle: Option<Text>,
    /// Short course code, the prefix of certificate numbers (letters, digits, `-`).
    pub code: At<String>,
    /// Language of the material: `ar` (right-to-left) or `en`.
    #[serde(default)]
    pub language: Lang,
    /// The trainer.
    pub trainer: Trainer,
    /// Organisation giving the course (certificates, cover).
    #[serde(default)]
    pub organisation: Option<Text>,
    /// Date of the course, `YYYY-MM-DD` (certificates, cover, fixed PDF date).
    pub date: At<String>,
    /// Length of the course in hours (certificates).
    pub hours: f64,
    /// Place the course is held (optional, cover and certificates).
    #[serde(default)]
    pub venue: Option<Text>,
    /// Colours and number style.
    #[serde(default)]
    pub theme: CourseTheme,
    /// Folder of images the modules may show (relative to this file).
    #[serde(default)]
    pub images: Option<PathBuf>,
    /// The modules, in teaching order.
    pub modules: Vec<ModuleRef>,
    /// Worked examples and exercises computed by nudj from an engagement's data.
    #[serde(default)]
    pub live: Vec<LiveExample>,
}

/// Who teaches.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Trainer {
    /// Name as it appears on slides and certificates.
    pub name: Text,
    /// Role or qualification under the name.
    #[serde(default)]
    pub title: Option<Text>,
}

/// Course colours and number style.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CourseTheme {
    /// Main colour, `#RRGGBB`.
    #[serde(default = "default_primary")]
    pub primary: At<String>,
    /// Accent colour, `#RRGGBB`.
    #[serde(default = "default_accent")]
    pub accent: At<String>,
    /// Digits in Arabic material: `latin` (0-9) or `arabic-indic` (٠-٩).
    #[serde(default)]
    pub digits: Digits,
    /// Calendar of dates shown: `gregorian`, `hijri` (Umm al-Qura) or `both` (the report
    /// themes' vocabulary; `hijri-umm-al-qura` is still read as `hijri`).
    #[serde(default)]
    pub calendar: Calendars,
}

fn default_primary() -> At<String> {
    At::new("#0B5D5E".into())
}

fn default_accent() -> At<String> {
    At::new("#C8962E".into())
}

impl Default for CourseTheme {
    fn default() -> Self {
        CourseTheme {
            primary: default_primary(),
            accent: default_accent(),
            digits: Digits::default(),
            calendar: Calendars::default(),
        }
    }
}

/// One module: a Markdown file.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModuleRef {
    /// The Markdown file, relative to the course file.
    pub file: At<PathBuf>,
}

/// A worked example or exercise computed from an engagement's data.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LiveExample {
    /// Slide title.
    pub title: Text,
    /// `worked` (working shown everywhere) or `exercise` (working only in the answer key
    /// and the slides' solution step).
    #[serde(default)]
    pub kind: LiveKind,
    /// The engagement whose data is used (relative to the course file).
    pub engagement: At<PathBuf>,
    /// Which metric: `nps`, `csat`, `ces`, `churn`, `clv`.
    pub metric: At<String>,
    /// 1-based number of the module after whose slides it appears.
    pub after_module: At<usize>,
}

/// Worked example or exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LiveKind {
    /// The working is shown everywhere.
    #[default]
    Worked,
    /// Participants get the data; the answer key and solution slide the working.
    Exercise,
}

/// A loaded, checked course.
#[derive(Debug, Clone)]
pub struct Course {
    /// The course file.
    pub path: PathBuf,
    /// Its folder (paths are relative to it).
    pub dir: PathBuf,
    /// The parsed file.
    pub file: CourseFile,
    /// The course date.
    pub date: chrono::NaiveDate,
}

/// Reads and checks a course file: YAML structure, date, colours, code, module files exist.
/// All problems found after parsing are reported together.
pub fn load_course(path: &Path) -> Result<Course> {
    let src = yaml::read_yaml_file(path)?;
    load_course_str(path, &src)
}

/// Checks a course file given as text; `path` is where it lives (module files and the images
/// folder are looked for beside it). The same checks as [`load_course`].
pub fn load_course_str(path: &Path, src: &str) -> Result<Course> {
    let file: CourseFile = yaml::parse(path, src)?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut problems = Vec::new();
    let at = |a: u64, b: u64| Place::line(a, b);
    let date = match chrono::NaiveDate::parse_from_str(file.date.trim(), "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            problems.push(
                Diagnostic::error(
                    path,
                    at(file.date.line, file.date.column),
                    format!("`{}` is not a date", file.date.value),
                )
                .with_help("write the date as YYYY-MM-DD, e.g. 2026-11-01"),
            );
            None
        }
    };
    for c in [&file.theme.primary, &file.theme.accent] {
        if !is_hex_colour(&c.value) {
            problems.push(
                Diagnostic::error(
                    path,
                    at(c.line, c.column),
                    format!("`{}` is not a colour", c.value),
                )
                .with_help("write colours as #RRGGBB, e.g. #0B5D5E"),
            );
        }
    }
    if file.code.is_empty()
        || file.code.len() > 20
        || !file
            .code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        problems.push(
            Diagnostic::error(
                path,
                at(file.code.line, file.code.column),
                format!("course code `{}` is not usable", file.code.value),
            )
            .with_help("use up to 20 letters, digits and `-`, e.g. CX101"),
        );
    }
    if !(file.hours.is_finite() && file.hours > 0.0 && file.hours <= 1000.0) {
        problems.push(Diagnostic::error(
            path,
            Place::File,
            format!("hours must be a positive number, found {}", file.hours),
        ));
    }
    if file.modules.is_empty() {
        problems.push(Diagnostic::error(
            path,
            Place::File,
            "a course needs at least one module",
        ));
    }
    for m in &file.modules {
        let p = dir.join(&m.file.value);
        if !p.is_file() {
            problems.push(
                Diagnostic::error(
                    path,
                    at(m.file.line, m.file.column),
                    format!("module file `{}` not found", m.file.value.display()),
                )
                .with_help(format!("looked for {}", p.display())),
            );
        }
    }
    if let Some(images) = &file.images
        && !dir.join(images).is_dir()
    {
        problems.push(Diagnostic::error(
            path,
            Place::File,
            format!("images folder `{}` not found", images.display()),
        ));
    }
    for l in &file.live {
        if !matches!(l.metric.as_str(), "nps" | "csat" | "ces" | "churn" | "clv") {
            problems.push(
                Diagnostic::error(
                    path,
                    at(l.metric.line, l.metric.column),
                    format!("unknown metric `{}`", l.metric.value),
                )
                .with_help("expected nps, csat, ces, churn or clv"),
            );
        }
        if l.after_module.value == 0 || l.after_module.value > file.modules.len() {
            problems.push(Diagnostic::error(
                path,
                at(l.after_module.line, l.after_module.column),
                format!(
                    "after_module {} is not a module number (1 to {})",
                    l.after_module.value,
                    file.modules.len()
                ),
            ));
        }
        if !dir.join(&l.engagement.value).is_file() {
            problems.push(Diagnostic::error(
                path,
                at(l.engagement.line, l.engagement.column),
                format!("engagement `{}` not found", l.engagement.value.display()),
            ));
        }
    }
    match (date, problems.is_empty()) {
        (Some(date), true) => Ok(Course {
            path: path.to_path_buf(),
            dir,
            file,
            date,
        }),
        _ => Err(Error::Invalid(problems)),
    }
}

fn is_hex_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s.chars().skip(1).all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn reports_every_problem_with_its_line() {
        let tmp = tempfile::tempdir().unwrap();
        let p = write(
            tmp.path(),
            "c.yaml",
            "title: T\ncode: \"CX 1\"\ntrainer: {name: A}\ndate: 2026-13-01\nhours: 7\ntheme: {primary: red}\nmodules:\n  - file: nope.md\n",
        );
        let Err(Error::Invalid(d)) = load_course(&p) else {
            panic!("expected problems")
        };
        let msgs: Vec<String> = d.iter().map(|d| d.to_string()).collect();
        assert_eq!(d.len(), 4, "{msgs:#?}");
        assert!(
            msgs[0].contains(":4:7: error: `2026-13-01` is not a date"),
            "{msgs:#?}"
        );
        assert!(
            msgs[1].contains(":6:18: error: `red` is not a colour"),
            "{msgs:#?}"
        );
        assert!(msgs[2].contains(":2:7: error: course code"), "{msgs:#?}");
        assert!(
            msgs[3].contains(":8:11: error: module file `nope.md` not found"),
            "{msgs:#?}"
        );
    }

    #[test]
    fn unknown_keys_are_errors() {
        let tmp = tempfile::tempdir().unwrap();
        let p = write(tmp.path(), "c.yaml", "title: T\ntitel: x\n");
        let Err(Error::Invalid(d)) = load_course(&p) else {
            panic!("expected problems")
        };
        assert!(d[0].to_string().contains("c.yaml:2:1"), "{:?}", d);
    }
}
