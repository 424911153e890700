//! The engagement file turned into a checked [`Engagement`] before any work is done (after
//! typst-cli's "arguments → checked config" step): every path resolved and checked, the model
//! loaded, the date parsed, targets matched to dimensions. All problems are reported together.
//!
//! Path rule (documented in docs/engagement-format.md): relative paths resolve against the
//! engagement file's folder; every path is canonicalised (symlinks resolved) and must name an
//! existing regular file (a folder for `narrative`). Later stages read only these resolved
//! paths, so nothing in client data can make nudj read another file.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::de::IgnoredAny;

use super::types::{At, EngagementFile, Exclude, Model, Sheets};
use super::{ModelSource, resolve_model_at, yaml};
use crate::error::{Diagnostic, Error, Place, Result, Warned};
use crate::text::{Lang, Text};

/// The client, with the logo path resolved.
#[derive(Debug, Clone)]
pub struct ClientInfo {
    /// Client name as it should appear on the cover.
    pub name: Text,
    /// Short name for the running header (`client.short_name`), if given.
    pub short_name: Option<Text>,
    /// Sector, e.g. "Retail banking".
    pub sector: Option<Text>,
    /// Absolute path of the logo image (PNG, JPEG or SVG), if given.
    pub logo: Option<PathBuf>,
}

/// A checked engagement: everything a later stage needs, with every path absolute and
/// existing, the model loaded and validated, the date parsed.
#[derive(Debug, Clone)]
pub struct Engagement {
    /// The engagement file (absolute, canonical).
    pub file: PathBuf,
    /// Its folder: relative paths in the file were resolved against it.
    pub dir: PathBuf,
    /// The client.
    pub client: ClientInfo,
    /// Report title, if the engagement overrides the model's.
    pub title: Option<Text>,
    /// The validated model.
    pub model: Model,
    /// Where the model came from.
    pub model_source: ModelSource,
    /// The answers workbook or CSV (absolute, exists).
    pub data: PathBuf,
    /// How the data was collected (`survey` or `assessment`).
    pub method: super::types::Method,
    /// Assessments: the assessors' names, as written in the engagement.
    pub assessors: Vec<String>,
    /// Report language.
    pub language: Lang,
    /// Assessment date; also the document date, so output does not depend on the clock.
    pub date: NaiveDate,
    /// Target per dimension id in scale units, for every dimension that has one (an explicit
    /// entry, else `default`). Dimensions without a target are absent.
    pub targets: BTreeMap<String, f64>,
    /// Sheet-name mapping.
    pub sheets: Sheets,
    /// Segment columns, e.g. ["Department"].
    pub segments: Vec<String>,
    /// Free-text comment columns.
    pub comments: Vec<String>,
    /// Where each segment column is named in the engagement file (YAML line and column), for
    /// messages about the column's data.
    pub segment_places: BTreeMap<String, Place>,
    /// Where each comment column is named in the engagement file.
    pub comment_places: BTreeMap<String, Place>,
    /// Extra answers meaning "not applicable".
    pub not_applicable: Vec<String>,
    /// Extra answer wordings (engagement `answers:`) and the scale value each means, checked:
    /// on the scale, not another value's model label, not a not-applicable word.
    pub answers: Vec<(String, i64)>,
    /// How numbers typed as text are written, when the engagement states it.
    pub numbers: Option<super::types::Numbers>,
    /// Earlier score JSON to compare with (absolute, exists).
    pub previous: Option<PathBuf>,
    /// Sector benchmark to place the client in (absolute, exists).
    pub benchmark: Option<PathBuf>,
    /// Theme file (absolute, exists); `None` means the built-in theme.
    pub theme: Option<PathBuf>,
    /// Narrative folder (absolute, exists): the given one, else `narrative/` beside the
    /// engagement file when it exists.
    pub narrative: Option<PathBuf>,
    /// Which flagged respondents to leave out.
    pub exclude: Exclude,
    /// Segments smaller than this are flagged (and suppressed when `suppress_small_segments`).
    pub min_segment_size: u32,
    /// Hide small segments in reports.
    pub suppress_small_segments: bool,
    /// Names in the other language for segment columns, segment values and channels
    /// (`labels:`), keyed by the value as written in the data.
    pub labels: BTreeMap<String, Text>,
    /// The customer journey's stages in order (`journey:`); empty when none is given.
    pub journey: Vec<Stage>,
    /// Metric data in CSV files (`metric_files:`), absolute and existing.
    pub metric_files: FeedFiles,
}

/// The checked `metric_files:`: absolute paths of existing files.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedFiles {
    /// NPS answers.
    pub nps: Option<PathBuf>,
    /// CSAT answers.
    pub csat: Option<PathBuf>,
    /// CES answers.
    pub ces: Option<PathBuf>,
    /// Operational indicators.
    pub kpis: Option<PathBuf>,
}

impl FeedFiles {
    /// Every file given, for the watch keys.
    pub fn all(&self) -> impl Iterator<Item = &PathBuf> {
        [&self.nps, &self.csat, &self.ces, &self.kpis]
            .into_iter()
            .flatten()
    }
}

/// Why a journey stage cannot be told from an earlier one: the same id, or an id or name
/// (`key`, normalised) that is also the earlier stage's.
fn stage_clash(id: &str, other: &str, key: &str) -> String {
    let n = crate::normalize::normalize;
    if n(id) == n(other) {
        format!("two stages have the id `{id}`")
    } else {
        format!(
            "journey stage `{id}` cannot be told from stage `{other}`: an id or name of each reads `{key}` (compared ignoring case, spaces and diacritics)"
        )
    }
}

/// The help of a [`stage_clash`].
const STAGE_CLASH_HELP: &str =
    "give every stage its own id and name: a `stage` cell must name one stage";

/// One checked journey stage: a unique id and its name.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    /// The stage id, as written in the engagement.
    pub id: String,
    /// Its name in both languages (or one text for both).
    pub name: Text,
}

/// Reads and checks an engagement file.
pub fn load_engagement(path: &Path) -> Result<Warned<Engagement>> {
    let src = yaml::read_yaml_file(path)?;
    load_engagement_str(path, &src)
}

/// Checks an engagement given as text; `path` is where it lives (relative paths in it
/// resolve against its folder).
pub fn load_engagement_str(path: &Path, src: &str) -> Result<Warned<Engagement>> {
    let (src, bidi) = crate::normalize::drop_bidi_controls(path, src);
    let src = src.as_ref();
    let raw: EngagementFile = yaml::parse(path, src)?;
    let file = path.canonicalize().map_err(|e| Error::read(path, e))?;
    let dir = file
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("/"));
    let mut c = Check {
        file: path,
        dir: &dir,
        errors: Vec::new(),
        warnings: bidi,
    };
    let model = c.model(&raw, &dir)?;
    let data = c.data(&raw);
    let date = c.date(&raw);
    let targets = model
        .as_ref()
        .map(|m| c.targets(&raw.targets, m))
        .unwrap_or_default();
    let answers = model
        .as_ref()
        .map(|(m, _)| c.answers(&raw, m))
        .unwrap_or_default();
    c.texts(&raw, src);
    let logo = raw
        .client
        .logo
        .as_ref()
        .and_then(|l| c.path(l, "logo", Kind::Image));
    let previous = raw
        .previous
        .as_ref()
        .and_then(|p| c.path(p, "previous results file", Kind::File));
    let benchmark = raw
        .benchmark
        .as_ref()
        .and_then(|p| c.path(p, "benchmark file", Kind::File));
    let theme = raw
        .theme
        .as_ref()
        .and_then(|t| c.path(t, "theme file", Kind::File));
    let narrative = match &raw.narrative {
        Some(n) => c.path(n, "narrative folder", Kind::Dir),
        None => dir
            .join("narrative")
            .canonicalize()
            .ok()
            .filter(|p| p.is_dir()),
    };
    let (segments, segment_places) = c.columns(&raw.segments, "segment");
    let (comments, comment_places) = c.columns(&raw.comments, "comment");
    c.numbers_and_sizes(&raw);
    let journey = c.journey(&raw);
    let assessors = c.assessors(&raw);
    let mf = &raw.metric_files;
    let mut feed = |p: &Option<super::types::At<PathBuf>>, what: &str| {
        p.as_ref().and_then(|p| c.path(p, what, Kind::File))
    };
    let metric_files = FeedFiles {
        nps: feed(&mf.nps, "NPS file"),
        csat: feed(&mf.csat, "CSAT file"),
        ces: feed(&mf.ces, "CES file"),
        kpis: feed(&mf.kpis, "KPIs file"),
    };

    let Check {
        mut errors,
        warnings,
        ..
    } = c;
    match (model, data, date) {
        (Some(model), Some(data), Some(date)) if errors.is_empty() => {
            let (model, model_source) = model;
            Ok(Warned {
                output: Engagement {
                    file,
                    dir,
                    client: ClientInfo {
                        name: raw.client.name,
                        short_name: raw.client.short_name,
                        sector: raw.client.sector,
                        logo,
                    },
                    title: raw.title,
                    model,
                    model_source,
                    data,
                    method: raw.method.value,
                    assessors,
                    language: raw.language,
                    date,
                    targets,
                    sheets: raw.sheets,
                    segments,
                    comments,
                    segment_places,
                    comment_places,
                    not_applicable: raw.not_applicable,
                    answers,
                    numbers: raw.numbers.map(|n| n.value),
                    previous,
                    benchmark,
                    theme,
                    narrative,
                    exclude: raw.exclude,
                    min_segment_size: raw.min_segment_size.value,
                    suppress_small_segments: raw.suppress_small_segments,
                    labels: raw.labels,
                    journey,
                    metric_files,
                },
                warnings,
            })
        }
        _ => {
            // Engagement problems first (by position), then those in the model file.
            errors.sort_by(|a, b| (a.file != path, &a.place).cmp(&(b.file != path, &b.place)));
            Err(Error::Invalid(errors))
        }
    }
}

impl Check<'_> {
    /// The engagement's model (the built-in one when none is named), its problems collected.
    /// Checked first: targets are checked against its dimensions and scale. It is resolved
    /// from the folder as the user wrote it, so its messages show a path they recognise.
    fn model(&mut self, raw: &EngagementFile, dir: &Path) -> Result<Option<(Model, ModelSource)>> {
        let path = self.file;
        let given_dir = path.parent().unwrap_or(Path::new(""));
        let model = match &raw.model {
            Some(spec) => resolve_model_at(&spec.value, given_dir, Some(path), at_place(spec)),
            None => resolve_model_at(super::BUILTIN_MODEL_NAME, dir, Some(path), Place::File),
        };
        match model {
            Ok(w) => {
                self.warnings.extend(w.warnings);
                Ok(Some(w.output))
            }
            Err(Error::Invalid(d)) => {
                self.errors.extend(d);
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// The answers workbook (required).
    fn data(&mut self, raw: &EngagementFile) -> Option<PathBuf> {
        match &raw.data {
            Some(d) => self.path(d, "data file", Kind::File),
            None => {
                self.errors.push(
                    Diagnostic::error(self.file, Place::File, "missing key `data`").with_help(
                        "name the answers workbook, e.g. `data: responses.xlsx` (relative to this file)",
                    ),
                );
                None
            }
        }
    }

    /// The assessment date (required): YYYY-MM-DD, years 1 to 9999 (what the calendars,
    /// ICU4X, and Typst can write), and plausible ([`implausible_date`]: from 1990 to 2099,
    /// a Hijri year typed as Gregorian with its own help; more than two years ahead warned).
    fn date(&mut self, raw: &EngagementFile) -> Option<NaiveDate> {
        let path = self.file;
        let Some(d) = &raw.date else {
            self.errors.push(
                Diagnostic::error(path, Place::File, "missing key `date`").with_help(
                    "add the assessment date, e.g. `date: 2026-11-01`; reports show it, and a fixed date keeps output reproducible",
                ),
            );
            return None;
        };
        let (msg, help) = match NaiveDate::parse_from_str(d.value.trim(), "%Y-%m-%d") {
            Ok(date) if (1..=9999).contains(&chrono::Datelike::year(&date)) => {
                match implausible_date(date) {
                    None => {
                        self.far_future_date(d, date);
                        return Some(date);
                    }
                    Some(problem) => problem,
                }
            }
            Ok(_) => (
                format!("date `{}` is outside the years 1 to 9999", d.value),
                "write the assessment date as YYYY-MM-DD, e.g. `date: 2026-11-01`".to_string(),
            ),
            Err(_) => (
                format!("date `{}` is not a valid date", d.value),
                "write it as YYYY-MM-DD, e.g. `date: 2026-11-01`".to_string(),
            ),
        };
        self.errors
            .push(Diagnostic::error(path, at_place(d), msg).with_help(help));
        None
    }

    /// A warning when the assessment date is more than two years after today (a year typed
    /// wrong?). Only a warning: the clock must not decide whether an engagement is valid, so
    /// the same files stay valid when the report is rebuilt later.
    fn far_future_date(&mut self, d: &At<String>, date: NaiveDate) {
        let soon = chrono::Local::now().date_naive() + chrono::Months::new(24);
        if date > soon {
            self.warnings.push(
                Diagnostic::warning(
                    self.file,
                    at_place(d),
                    format!("date `{date}` is more than two years from today; check the year"),
                )
                .with_help("the date is printed on the cover and in the PDF's properties"),
            );
        }
    }

    /// The client's name and sector and the title: each needs the report's language.
    /// Texts carry no position; a shape-only parse finds them (see model::validate).
    fn texts(&mut self, raw: &EngagementFile, src: &str) {
        let pos: TextPos = yaml::parse(self.file, src).unwrap_or_default();
        let lang = raw.language;
        self.text(&raw.client.name, pos.client.name, lang, "client `name`");
        if let Some(s) = &raw.client.sector {
            self.text(s, pos.client.sector, lang, "client `sector`");
        }
        if let Some(s) = &raw.client.short_name {
            self.text(s, pos.client.short_name, lang, "client `short_name`");
        }
        if let Some(t) = &raw.title {
            self.text(t, pos.title, lang, "`title`");
        }
    }

    /// `assessors:`: names non-empty, listed once, not a consensus word; listed for a survey
    /// they are ignored (a warning).
    fn assessors(&mut self, raw: &EngagementFile) -> Vec<String> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for a in &raw.assessors {
            let name = a.value.trim();
            let key = crate::normalize::normalize(name);
            if name.is_empty() {
                self.error(a, "assessor name is empty", None);
            } else if is_consensus_word(name) {
                self.error(
                    a,
                    format!("`{name}` is not an assessor: it marks the consensus rows"),
                    Some("list the people who rate; the agreed ratings go in rows whose assessor is `consensus`".into()),
                );
            } else if !seen.insert(key) {
                self.error(a, format!("assessor `{name}` is listed twice"), None);
            } else {
                out.push(name.to_string());
            }
        }
        if raw.method.value == super::types::Method::Survey
            && let Some(first) = raw.assessors.first()
        {
            self.warnings.push(
                Diagnostic::warning(
                    self.file,
                    at_place(first),
                    "`assessors` is ignored: the engagement's method is `survey`",
                )
                .with_help("add `method: assessment` for assessors' ratings with evidence"),
            );
        }
        out
    }

    /// `numbers:` uses two different marks; `min_segment_size` is at least 1.
    fn numbers_and_sizes(&mut self, raw: &EngagementFile) {
        let path = self.file;
        if let Some(n) = &raw.numbers
            && n.value.thousands.mark() == Some(n.value.decimal.mark())
        {
            self.errors.push(
                Diagnostic::error(
                    path,
                    at_place(n),
                    format!(
                        "`numbers`: `{}` cannot be both the decimal mark and the thousands separator",
                        n.value.decimal.mark()
                    ),
                )
                .with_help("e.g. `numbers: {decimal: \",\", thousands: \".\"}`"),
            );
        }
        if raw.min_segment_size.value == 0 {
            self.errors.push(Diagnostic::error(
                path,
                at_place(&raw.min_segment_size),
                "min_segment_size must be at least 1",
            ));
        }
    }
}

impl Check<'_> {
    /// `journey:` stages: ids non-empty and unique, names non-empty, and no id or name that
    /// normalises like another stage's (a `stage` cell would then name two stages).
    fn journey(&mut self, raw: &EngagementFile) -> Vec<Stage> {
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        let mut out = Vec::new();
        for s in &raw.journey {
            let id = s.id.value.trim();
            if id.is_empty() {
                self.error(&s.id, "journey stage `id` is empty", None);
                continue;
            }
            if s.name.all().iter().all(|t| t.trim().is_empty()) {
                self.error(
                    &s.id,
                    format!("journey stage `{id}` has an empty `name`"),
                    None,
                );
                continue;
            }
            let mut keys: Vec<String> = std::iter::once(id)
                .chain(s.name.all())
                .map(crate::normalize::normalize)
                .filter(|k| !k.is_empty())
                .collect();
            keys.sort();
            keys.dedup();
            // The id first: a repeated id is said as such.
            let own = crate::normalize::normalize(id);
            let clash = std::iter::once(&own)
                .chain(&keys)
                .find_map(|k| seen.get(k).map(|other| (k.clone(), other.clone())));
            if let Some((k, other)) = clash {
                self.error(
                    &s.id,
                    stage_clash(id, &other, &k),
                    Some(STAGE_CLASH_HELP.into()),
                );
                continue;
            }
            for k in keys {
                seen.insert(k, id.to_string());
            }
            out.push(Stage {
                id: id.to_string(),
                name: s.name.clone(),
            });
        }
        out
    }
}

/// Where the engagement's texts are (they carry no position of their own).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct TextPos {
    client: ClientPos,
    title: Option<At<IgnoredAny>>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct ClientPos {
    name: Option<At<IgnoredAny>>,
    short_name: Option<At<IgnoredAny>>,
    sector: Option<At<IgnoredAny>>,
}

fn at_place<T>(at: &At<T>) -> Place {
    Place::line(at.line, at.column)
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    File,
    Image,
    Dir,
}

struct Check<'a> {
    file: &'a Path,
    dir: &'a Path,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl Check<'_> {
    fn error<T>(&mut self, at: &At<T>, msg: impl Into<String>, help: Option<String>) {
        let mut d = Diagnostic::error(self.file, at_place(at), msg);
        d.help = help;
        self.errors.push(d);
    }

    /// Resolves a path written in the engagement file: relative to its folder, canonical,
    /// existing, of the right kind.
    fn path(&mut self, at: &At<PathBuf>, what: &str, kind: Kind) -> Option<PathBuf> {
        if at.value.as_os_str().is_empty() {
            self.error(at, format!("{what} path is empty"), None);
            return None;
        }
        let joined = self.dir.join(&at.value);
        let abs = match joined.canonicalize() {
            Ok(p) => p,
            Err(_) => {
                self.error(
                    at,
                    format!("{what} `{}` not found", at.value.display()),
                    Some(format!(
                        "looked for {} (paths are relative to the engagement file's folder)",
                        joined.display()
                    )),
                );
                return None;
            }
        };
        let ok = match kind {
            Kind::Dir => abs.is_dir(),
            Kind::File | Kind::Image => abs.is_file(),
        };
        if !ok {
            let expected = if kind == Kind::Dir {
                "a folder"
            } else {
                "a file"
            };
            self.error(
                at,
                format!("{what} `{}` is not {expected}", at.value.display()),
                None,
            );
            return None;
        }
        if kind == Kind::Image {
            let ext = abs
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase);
            if !matches!(ext.as_deref(), Some("png" | "jpg" | "jpeg" | "svg")) {
                self.error(
                    at,
                    format!(
                        "{what} `{}` is not a PNG, JPEG or SVG image",
                        at.value.display()
                    ),
                    None,
                );
                return None;
            }
        }
        Some(abs)
    }

    /// A text must not be empty, and should exist in the report's language: otherwise the
    /// report shows the other language's text (a warning, since it still works).
    fn text(&mut self, t: &Text, at: Option<At<IgnoredAny>>, lang: Lang, what: &str) {
        let place = at.map_or(Place::File, |a| at_place(&a));
        if t.all().iter().all(|s| s.trim().is_empty()) {
            self.errors.push(Diagnostic::error(
                self.file,
                place,
                format!("{what} is empty"),
            ));
        } else if t.missing_lang() == Some(lang) {
            let name = match lang {
                Lang::Ar => "Arabic",
                Lang::En => "English",
            };
            self.warnings.push(
                Diagnostic::warning(
                    self.file,
                    place,
                    format!(
                        "{what} has no {name} text; the {name} report will show the other language"
                    ),
                )
                .with_help(format!("add `{}:`", lang.code())),
            );
        }
    }

    fn targets(
        &mut self,
        raw: &BTreeMap<At<String>, At<f64>>,
        model: &(Model, ModelSource),
    ) -> BTreeMap<String, f64> {
        let (model, _) = model;
        let (lo, hi) = (model.scale.min.value as f64, model.scale.max.value as f64);
        let ids: Vec<&str> = model
            .dimensions
            .value
            .iter()
            .map(|d| d.id.value.as_str())
            .collect();
        let mut valid: BTreeMap<&str, f64> = BTreeMap::new();
        for (key, value) in raw {
            let known = key.value == "default" || ids.contains(&key.value.as_str());
            if !known {
                let mut candidates = ids.clone();
                candidates.push("default");
                let help = match yaml::suggest(&key.value, &candidates) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("dimensions of this model: {}", ids.join(", ")),
                };
                self.error(
                    key,
                    format!("target for unknown dimension `{}`", key.value),
                    Some(help),
                );
                continue;
            }
            if !(value.value.is_finite() && (lo..=hi).contains(&value.value)) {
                self.error(
                    value,
                    format!(
                        "target {} for `{}` is outside the scale {}..{}",
                        value.value, key.value, model.scale.min.value, model.scale.max.value
                    ),
                    Some("targets are in scale units, like the scores".into()),
                );
                continue;
            }
            valid.insert(&key.value, value.value);
        }
        let default = valid.get("default").copied();
        ids.iter()
            .filter_map(|id| {
                valid
                    .get(id)
                    .copied()
                    .or(default)
                    .map(|t| ((*id).to_string(), t))
            })
            .collect()
    }

    /// The engagement's extra answer wordings (`answers:`), checked against the model's
    /// scale: each value on the scale; a wording that is the model's label for another value,
    /// a not-applicable word, or given twice for two values (as the reader compares them) is
    /// an error at its line.
    fn answers(&mut self, raw: &EngagementFile, model: &Model) -> Vec<(String, i64)> {
        use crate::normalize::{is_default_not_applicable, normalize};
        let (lo, hi) = (model.scale.min.value, model.scale.max.value);
        let mut seen: BTreeMap<String, i64> = BTreeMap::new();
        for (value, label) in &model.scale.labels {
            for l in label.all() {
                seen.insert(normalize(l), value.value);
            }
        }
        let na: Vec<String> = raw.not_applicable.iter().map(|n| normalize(n)).collect();
        let mut out = Vec::new();
        for (key, value) in &raw.answers {
            let norm = normalize(&key.value);
            if !(lo..=hi).contains(&value.value) {
                self.error(
                    value,
                    format!(
                        "answer `{}` means {}, outside the scale {lo}..{hi}",
                        key.value.trim(),
                        value.value
                    ),
                    None,
                );
            } else if norm.is_empty() {
                self.error(key, "an empty answer wording", None);
            } else if is_default_not_applicable(&key.value) || na.contains(&norm) {
                self.error(
                    key,
                    format!(
                        "answer `{}` is a \"not applicable\" word; it cannot also mean {}",
                        key.value.trim(),
                        value.value
                    ),
                    None,
                );
            } else if let Some(other) = seen.get(&norm).filter(|v| **v != value.value) {
                self.error(
                    key,
                    format!(
                        "answer `{}` already means {other} (a model label, or written alike above); it cannot also mean {}",
                        key.value.trim(),
                        value.value
                    ),
                    None,
                );
            } else {
                seen.insert(norm, value.value);
                out.push((key.value.trim().to_string(), value.value));
            }
        }
        out
    }

    /// The column names, checked, and where each is written.
    fn columns(
        &mut self,
        cols: &[At<String>],
        what: &str,
    ) -> (Vec<String>, BTreeMap<String, Place>) {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        let mut places = BTreeMap::new();
        for c in cols {
            let name = c.value.trim();
            if name.is_empty() {
                self.error(c, format!("{what} column name is empty"), None);
            } else if !seen.insert(crate::normalize::normalize(name)) {
                self.error(c, format!("{what} column `{name}` is listed twice"), None);
            } else {
                out.push(name.to_string());
                places.insert(name.to_string(), at_place(c));
            }
        }
        (out, places)
    }
}

/// The assessment dates accepted, first and last day: customer-experience maturity
/// assessments (and nudj's models) are not older than 1990; an earlier year is a typing slip
/// or a Hijri year, a year past 2099 a slip. Fixed, so that validity never depends on the
/// clock (a date more than two years ahead is only warned about).
pub const DATE_RANGE: [(i32, u32, u32); 2] = [(1990, 1, 1), (2099, 12, 31)];

/// Why an assessment date (a valid Gregorian date) cannot be the one meant, with the help:
/// outside [`DATE_RANGE`], years 1300-1500 read as a Hijri date typed as Gregorian (1448 AH
/// is 2026). `None` when plausible. The date is printed on the cover and in the PDF's
/// metadata, so an implausible one is an error, not a warning.
fn implausible_date(date: NaiveDate) -> Option<(String, String)> {
    let [(y, m, d), (ly, lm, ld)] = DATE_RANGE;
    let earliest = NaiveDate::from_ymd_opt(y, m, d)?;
    let latest = NaiveDate::from_ymd_opt(ly, lm, ld)?;
    let year = chrono::Datelike::year(&date);
    if date < earliest && (1300..=1500).contains(&year) {
        Some((
            format!("date `{date}` looks like a Hijri (AH) date: `date` is Gregorian"),
            "give the Gregorian date as YYYY-MM-DD (1448 AH is 2026); the report can print the Hijri date itself with the theme's `calendar: hijri`".into(),
        ))
    } else if date < earliest {
        Some((
            format!("date `{date}` is before {earliest}: not a plausible assessment date"),
            "write the assessment date as YYYY-MM-DD, e.g. `date: 2026-11-01`".into(),
        ))
    } else if date > latest {
        Some((
            format!("date `{date}` is after {latest}: not a plausible assessment date"),
            "write the assessment date as YYYY-MM-DD, e.g. `date: 2026-11-01`".into(),
        ))
    } else {
        None
    }
}

/// The words that mark a consensus row in an assessment's `assessor` column, as written in
/// docs/workbook-format.md. Compared after [`crate::normalize::normalize`] (so `إجماع`,
/// `اجماع` and `CONSENSUS` are one word) and, for the Arabic words, with or without the
/// article `ال` (`الإجماع`, `التوافق`).
pub const CONSENSUS_WORDS: [&str; 5] = [
    "consensus",
    "consensus rating",
    "agreed rating",
    "إجماع",
    "توافق",
];

/// Whether `name` (an assessor cell or an `assessors:` entry) marks the consensus rows:
/// one of [`CONSENSUS_WORDS`], normalised, an Arabic word optionally with the article `ال`.
pub fn is_consensus_word(name: &str) -> bool {
    let key = crate::normalize::normalize(name);
    let bare = key.strip_prefix("ال").unwrap_or(&key);
    CONSENSUS_WORDS.iter().any(|w| {
        let w = crate::normalize::normalize(w);
        w == key || (!w.is_ascii() && w == bare)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_stage_id_is_named_as_such() {
        assert_eq!(stage_clash("a", "a", "a"), "two stages have the id `a`");
        assert_eq!(
            stage_clash("Apply", "apply", "apply"),
            "two stages have the id `Apply`"
        );
        let m = stage_clash("b", "a", "stage");
        assert!(
            m.starts_with("journey stage `b` cannot be told from stage `a`"),
            "{m}"
        );
    }

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).expect("write");
        p
    }

    #[test]
    fn valid_engagement_is_resolved() {
        let tmp = tempfile::tempdir().expect("tempdir");
        write(tmp.path(), "responses.xlsx", "x");
        std::fs::create_dir(tmp.path().join("narrative")).expect("mkdir");
        let e = write(
            tmp.path(),
            "engagement.yaml",
            "client: {name: Acme}\ndata: responses.xlsx\ndate: 2026-11-01\nlanguage: en\n\
             targets: {default: 4, strategy: 4.5}\nsegments: [Department]\n",
        );
        let w = load_engagement(&e).expect("valid");
        let g = w.output;
        assert_eq!(g.date, NaiveDate::from_ymd_opt(2026, 11, 1).expect("date"));
        assert_eq!(g.model_source, ModelSource::Builtin("cx-maturity".into()));
        assert!(g.data.is_absolute() && g.data.ends_with("responses.xlsx"));
        assert_eq!(g.targets.get("strategy"), Some(&4.5));
        assert_eq!(g.targets.len(), g.model.dimensions.value.len());
        assert!(g.targets.values().filter(|t| **t == 4.0).count() >= 1);
        assert!(g.narrative.is_some());
        assert_eq!(g.language, Lang::En);
    }

    #[test]
    fn all_problems_are_reported() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let e = write(
            tmp.path(),
            "engagement.yaml",
            "client: {name: Acme, logo: logo.gif}\ndata: missing.xlsx\ndate: 2026-13-01\n\
             targets: {stratgy: 4, default: 9}\n",
        );
        let Err(Error::Invalid(d)) = load_engagement(&e) else {
            panic!("expected errors")
        };
        let got: Vec<String> = d
            .iter()
            .map(|d| format!("{} {}", d.place, d.message))
            .collect();
        assert_eq!(
            got,
            [
                "1:28 logo `logo.gif` not found",
                "2:7 data file `missing.xlsx` not found",
                "3:7 date `2026-13-01` is not a valid date",
                "4:11 target for unknown dimension `stratgy`",
                "4:32 target 9 for `default` is outside the scale 1..5",
            ]
        );
        assert_eq!(d[3].help.as_deref(), Some("did you mean `strategy`?"));
    }
}
