//! Reading an engagement's data file (workbook or CSV) into [`ClientData`]: sheet choice,
//! header matching, answer parsing, metric sheets. Every problem is located; all bad cells
//! are reported together.

use std::path::Path;

use super::grid::{self, Grid, Kind, Limits, Row, Workbook};
use super::parse::{NumberStyle, normalize};
use super::responses::Origin;
use super::types::*;
use crate::error::{Diagnostic, Error, Phrase, Place, Result, Severity, Warned};
use crate::model::{Engagement, EngagementFile, Method, Model, Numbers, Sheets};
use crate::text::Lang;

/// How to read a data file; built from the engagement (see [`ReadOptions::from_engagement`]),
/// so the reader does not depend on how the engagement was loaded.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Sheet names when they differ from the defaults.
    pub sheets: Sheets,
    /// Segment columns of the responses sheet (as named in the engagement).
    pub segments: Vec<String>,
    /// Free-text comment columns of the responses sheet.
    pub comments: Vec<String>,
    /// Extra not-applicable answers, besides the built-in N/A, NA, لا ينطبق ….
    pub not_applicable: Vec<String>,
    /// Extra answer wordings and the scale value each means (the engagement's `answers:`),
    /// read as the model's labels are.
    pub answers: Vec<(String, i64)>,
    /// Language of question texts quoted in messages.
    pub lang: Lang,
    /// How numbers typed as text are written (the engagement's `numbers:`).
    pub numbers: NumberStyle,
    /// The assessment date: dates in the data far from it are warned about.
    pub date: Option<chrono::NaiveDate>,
    /// Limits against hostile files.
    pub limits: Limits,
    /// The journey's stages, in order: what a `stage` cell may name (id or name).
    pub journey: Vec<crate::model::Stage>,
    /// `survey` reads the `Responses` sheet; `assessment` the `Assessment` sheet (and a
    /// `Responses` sheet beside it when there is one).
    pub method: Method,
    /// The engagement's `assessors:`: other names in the `Assessment` sheet are warned about.
    pub assessors: Vec<String>,
    /// Metric data in CSV files (engagement `metric_files:`), read streaming.
    pub metric_files: crate::model::FeedFiles,
}

impl ReadOptions {
    /// The options a checked engagement asks for (the usual way in).
    pub fn from_engagement(e: &Engagement) -> Self {
        ReadOptions {
            sheets: e.sheets.clone(),
            segments: e.segments.clone(),
            comments: e.comments.clone(),
            not_applicable: e.not_applicable.clone(),
            answers: e.answers.clone(),
            lang: e.language,
            numbers: number_style(e.numbers.as_ref()),
            date: Some(e.date),
            limits: Limits::default(),
            journey: e.journey.clone(),
            method: e.method,
            assessors: e.assessors.clone(),
            metric_files: e.metric_files.clone(),
        }
    }

    /// The options a raw engagement file asks for (when its other paths are not checked).
    pub fn from_file(e: &EngagementFile) -> Self {
        ReadOptions {
            sheets: e.sheets.clone(),
            segments: e.segments.iter().map(|s| s.value.clone()).collect(),
            comments: e.comments.iter().map(|s| s.value.clone()).collect(),
            not_applicable: e.not_applicable.clone(),
            answers: e
                .answers
                .iter()
                .map(|(k, v)| (k.value.clone(), v.value))
                .collect(),
            lang: e.language,
            numbers: number_style(e.numbers.as_ref().map(|n| &n.value)),
            date: e
                .date
                .as_ref()
                .and_then(|d| chrono::NaiveDate::parse_from_str(d.value.trim(), "%Y-%m-%d").ok()),
            limits: Limits::default(),
            journey: e
                .journey
                .iter()
                .map(|s| crate::model::Stage {
                    id: s.id.value.trim().to_string(),
                    name: s.name.clone(),
                })
                .collect(),
            method: e.method.value,
            assessors: e.assessors.iter().map(|a| a.value.clone()).collect(),
            // Feeds are read only from a checked engagement (their paths resolved).
            metric_files: crate::model::FeedFiles::default(),
        }
    }
}

/// The engagement's `numbers:` convention as the parser's style (unstated: the default,
/// which refuses ambiguous forms).
fn number_style(n: Option<&Numbers>) -> NumberStyle {
    match n {
        Some(n) => NumberStyle {
            decimal: n.decimal.mark(),
            thousands: n.thousands.mark(),
            stated: true,
        },
        None => NumberStyle::default(),
    }
}

/// Most bad cells listed one by one; the rest are counted in a final line.
const MAX_LISTED: usize = 200;

/// Collects diagnostics while reading one file.
pub(super) struct Sink<'a> {
    pub(super) file: &'a Path,
    diags: Vec<Diagnostic>,
    unlisted: usize,
}

impl Sink<'_> {
    pub(super) fn error(&mut self, place: Place, msg: String, help: Option<String>) {
        let listed = self
            .diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        if listed >= MAX_LISTED {
            self.unlisted += 1;
            return;
        }
        let mut d = Diagnostic::error(self.file, place, msg);
        d.help = help;
        self.diags.push(d);
    }

    pub(super) fn info(&mut self, place: Place, msg: String) {
        self.diags.push(Diagnostic::info(self.file, place, msg));
    }

    pub(super) fn warn(&mut self, place: Place, msg: String) {
        self.diags.push(Diagnostic::warning(self.file, place, msg));
    }

    /// [`Sink::warn`] with the message in the catalogue's terms, for documents in Arabic.
    pub(super) fn warn_words(&mut self, place: Place, msg: String, words: Phrase) {
        self.diags
            .push(Diagnostic::warning(self.file, place, msg).with_words(words));
    }

    /// Adds a ready-made diagnostic (e.g. a range of never-calculated formulas).
    pub(super) fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// Takes over the diagnostics of another file's sink.
    fn absorb(&mut self, other: Sink<'_>) {
        if other.unlisted > 0 {
            self.diags.push(Diagnostic::error(
                other.file,
                Place::File,
                format!("… and {} more bad cells not listed", other.unlisted),
            ));
        }
        self.diags.extend(other.diags);
    }

    pub(super) fn has_errors(&self) -> bool {
        self.diags.iter().any(|d| d.severity == Severity::Error)
    }

    fn finish<T>(mut self, output: T) -> Result<Warned<T>> {
        if self.unlisted > 0 {
            self.diags.push(Diagnostic::error(
                self.file,
                Place::File,
                format!("… and {} more bad cells not listed", self.unlisted),
            ));
        }
        if self.has_errors() {
            let errors = self
                .diags
                .into_iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            return Err(Error::Invalid(errors));
        }
        Ok(Warned {
            output,
            warnings: self.diags,
        })
    }
}

/// Reads the answers (and the metric sheets the model reports) from `path`.
///
/// Errors list every problem found (missing question columns, bad cells, …); warnings
/// count what was skipped (blank rows, N/A answers, ignored columns).
pub fn read_client_data(
    path: &Path,
    model: &Model,
    opts: &ReadOptions,
) -> Result<Warned<ClientData>> {
    let bytes = grid::read_capped(path, &opts.limits)?;
    read_client_data_bytes(path, bytes, model, opts)
}

/// [`read_client_data`] on a file already in memory: `path` names it in messages and its
/// extension says how to read it, checked against the content (see [`grid::kind_of`]). The
/// size cap of `opts.limits` is the caller's (see [`grid::read_capped`]). The fuzz targets
/// enter here.
pub fn read_client_data_bytes(
    path: &Path,
    bytes: Vec<u8>,
    model: &Model,
    opts: &ReadOptions,
) -> Result<Warned<ClientData>> {
    let mut sink = Sink {
        file: path,
        diags: Vec::new(),
        unlisted: 0,
    };
    let mut data = ClientData::default();
    if opts.method == Method::Assessment {
        read_assessment(path, bytes, model, opts, &mut data, &mut sink)?;
        read_feeds(model, opts, &mut data, &mut sink)?;
        return sink.finish(data);
    }
    match grid::kind_of(path, &bytes)? {
        Kind::Csv => {
            let grid = grid::read_csv(path, &bytes, &opts.limits)?;
            data.responses =
                super::responses::responses(&grid, path, model, opts, Origin::Csv, &mut sink);
        }
        Kind::Xlsx => {
            grid::check_zip(path, &bytes, &opts.limits)?;
            let mut book = Workbook::open(path, bytes, opts.limits)?;
            let names = book.sheet_names();
            warn_unread_assessment(&names, &mut sink);
            let sheet = responses_sheet(path, &names, opts)?;
            let grid = book.grid(&sheet)?;
            let origin = origin(&names);
            data.responses =
                super::responses::responses(&grid, path, model, opts, origin, &mut sink);
            warn_other_answer_sheets(&mut book, &names, &grid, &mut sink);
            super::metrics::metric_sheets(
                &mut book, &names, &sheet, model, opts, &mut data, &mut sink,
            )?;
        }
    }
    read_feeds(model, opts, &mut data, &mut sink)?;
    sink.finish(data)
}

/// Warns about each other sheet of the workbook whose header row repeats most of the answers
/// sheet's headers (at least two, and at least 60 %) and that has rows under it: a
/// `Responses (2)` holding a second batch of answers is not read, and its respondents would
/// otherwise be left out without a word.
fn warn_other_answer_sheets(
    book: &mut Workbook,
    names: &[String],
    read: &Grid,
    sink: &mut Sink<'_>,
) {
    let Some(head) = read.rows.first() else {
        return;
    };
    let keys: std::collections::HashSet<String> =
        headers(head).into_iter().map(|h| h.key).collect();
    let need = (keys.len() * 3).div_ceil(5).max(2);
    for name in names.iter().filter(|n| **n != read.name) {
        let Ok(other) = book.grid(name) else {
            continue;
        };
        let Some(first) = other.rows.first() else {
            continue;
        };
        let shared = headers(first)
            .into_iter()
            .filter(|h| keys.contains(&h.key))
            .count();
        let rows = other.rows.len().saturating_sub(1);
        if shared >= need && rows > 0 {
            sink.warn(
                Place::Sheet {
                    sheet: name.clone(),
                },
                format!(
                    "sheet `{name}` has {shared} of the {} columns of the answers sheet `{}` and {rows} row(s) under them, but is not read: its answers are not scored; merge its rows into `{}`, or name the sheet to read under `sheets: {{responses: …}}`",
                    keys.len(),
                    read.name,
                    read.name
                ),
            );
        }
    }
}

/// A survey's workbook with an `Assessment` (`التقييم`) sheet: the sheet is not read, which
/// would drop the assessors' ratings without a word, so a warning at the sheet says how to
/// score it.
fn warn_unread_assessment(names: &[String], sink: &mut Sink<'_>) {
    let found = super::assessment::SHEET_NAMES
        .iter()
        .find_map(|n| find_sheet(names, n));
    if let Some(sheet) = found {
        sink.warn(
            Place::Sheet { sheet },
            "this workbook has an Assessment sheet but the engagement's method is survey: set `method: assessment` to score it".into(),
        );
    }
}

/// An assessment's data: the `Assessment` sheet (a CSV file is that sheet), the staff
/// survey of a `Responses` sheet beside it when there is one, and the metric sheets.
fn read_assessment(
    path: &Path,
    bytes: Vec<u8>,
    model: &Model,
    opts: &ReadOptions,
    data: &mut ClientData,
    sink: &mut Sink<'_>,
) -> Result<()> {
    data.responses.source = path.to_path_buf();
    match grid::kind_of(path, &bytes)? {
        Kind::Csv => {
            let grid = grid::read_csv(path, &bytes, &opts.limits)?;
            data.assessment = Some(super::assessment::assessment(&grid, model, opts, sink));
        }
        Kind::Xlsx => {
            grid::check_zip(path, &bytes, &opts.limits)?;
            let mut book = Workbook::open(path, bytes, opts.limits)?;
            let names = book.sheet_names();
            let sheet = assessment_sheet(path, &names, opts)?;
            let grid = book.grid(&sheet)?;
            data.assessment = Some(super::assessment::assessment(&grid, model, opts, sink));
            let survey = match &opts.sheets.responses {
                Some(_) => Some(responses_sheet(path, &names, opts)?),
                None => find_sheet(&names, "Responses"),
            };
            if let Some(s) = &survey {
                let grid = book.grid(s)?;
                // The template's Responses sheet left empty (headers only): no survey.
                if grid.rows.len() > 1 {
                    data.responses =
                        super::responses::responses(&grid, path, model, opts, origin(&names), sink);
                }
            }
            let beside = survey.unwrap_or(sheet);
            super::metrics::metric_sheets(&mut book, &names, &beside, model, opts, data, sink)?;
        }
    }
    Ok(())
}

/// Reads the metric feeds (`metric_files:`) streaming, each with its own file in messages;
/// a feed of a metric the model does not report is ignored with a warning.
fn read_feeds(
    model: &Model,
    opts: &ReadOptions,
    data: &mut ClientData,
    sink: &mut Sink<'_>,
) -> Result<()> {
    use super::feed::{RatingSpec, kpi_feed, rating_feed};
    let m = &model.metrics;
    let f = &opts.metric_files;
    let ces_max = m.ces.as_ref().map_or(7, |c| c.scale.value);
    let ratings = [
        ("nps", "NPS", &f.nps, m.nps.is_some(), 0, 10),
        ("csat", "CSAT", &f.csat, m.csat.is_some(), 1, 5),
        ("ces", "CES", &f.ces, m.ces.is_some(), 1, ces_max),
    ];
    for (key, metric, file, reported, min, max) in ratings {
        let Some(path) = file else { continue };
        let mut feed_sink = Sink {
            file: path,
            diags: Vec::new(),
            unlisted: 0,
        };
        if !reported {
            feed_sink.warn(
                Place::File,
                format!("the model does not report {metric}; `metric_files.{key}` is ignored"),
            );
        } else {
            let spec = RatingSpec { metric, min, max };
            let feed = rating_feed(path, spec, opts, &mut feed_sink)?;
            match key {
                "nps" => data.feeds.nps = feed,
                "csat" => data.feeds.csat = feed,
                _ => data.feeds.ces = feed,
            }
        }
        sink.absorb(feed_sink);
    }
    if let Some(path) = &f.kpis {
        let mut feed_sink = Sink {
            file: path,
            diags: Vec::new(),
            unlisted: 0,
        };
        data.kpis = kpi_feed(path, opts, &mut feed_sink)?;
        sink.absorb(feed_sink);
    }
    Ok(())
}

fn assessment_sheet(path: &Path, names: &[String], opts: &ReadOptions) -> Result<String> {
    if let Some(wanted) = &opts.sheets.assessment {
        return find_sheet(names, wanted).ok_or_else(|| {
            grid::at_help(
                path,
                Place::File,
                format!("the workbook has no sheet `{wanted}` (named in the engagement's `sheets.assessment`)"),
                &format!("its sheets are {}", sheet_list(names)),
            )
        });
    }
    super::assessment::SHEET_NAMES
        .iter()
        .find_map(|n| find_sheet(names, n))
        .ok_or_else(|| {
            grid::at_help(
                path,
                Place::File,
                "the workbook has no `Assessment` (`التقييم`) sheet, which `method: assessment` reads".to_string(),
                &format!(
                    "its sheets are {}; `nudj template ENGAGEMENT` writes one, or name it under `sheets: {{assessment: ...}}`",
                    sheet_list(names)
                ),
            )
        })
}

/// Whether a workbook with sheets `names` was made by `nudj template`: it has the
/// `Questions` and `Instructions` sheets the template writes.
fn origin(names: &[String]) -> Origin {
    if find_sheet(names, "Questions").is_some() && find_sheet(names, "Instructions").is_some() {
        Origin::Template
    } else {
        Origin::Workbook
    }
}

/// Finds a sheet by name: exact, then normalised.
pub(super) fn find_sheet(names: &[String], wanted: &str) -> Option<String> {
    names.iter().find(|n| *n == wanted).cloned().or_else(|| {
        let w = normalize(wanted);
        names.iter().find(|n| normalize(n) == w).cloned()
    })
}

pub(super) fn sheet_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn responses_sheet(path: &Path, names: &[String], opts: &ReadOptions) -> Result<String> {
    if let Some(wanted) = &opts.sheets.responses {
        return find_sheet(names, wanted).ok_or_else(|| {
            grid::at_help(
                path,
                Place::File,
                format!("the workbook has no sheet `{wanted}` (named in the engagement's `sheets.responses`)"),
                &format!("its sheets are {}", sheet_list(names)),
            )
        });
    }
    if let Some(s) = find_sheet(names, "Responses") {
        return Ok(s);
    }
    match names {
        [only] => Ok(only.clone()),
        _ => Err(grid::at_help(
            path,
            Place::File,
            "the workbook has no `Responses` sheet".to_string(),
            &format!(
                "its sheets are {}; name the answers sheet in the engagement under `sheets: {{responses: ...}}`",
                sheet_list(names)
            ),
        )),
    }
}

/// One header cell.
pub(super) struct Header {
    pub(super) col: u32,
    pub(super) text: String,
    pub(super) key: String,
}

pub(super) fn headers(row: &Row) -> Vec<Header> {
    row.cells
        .iter()
        .map(|(col, v)| {
            let text = v.display().trim().to_string();
            Header {
                col: *col,
                key: normalize(&text),
                text,
            }
        })
        .filter(|h| !h.key.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warned(names: &[&str]) -> Vec<String> {
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let mut sink = Sink {
            file: Path::new("d.xlsx"),
            diags: Vec::new(),
            unlisted: 0,
        };
        warn_unread_assessment(&names, &mut sink);
        sink.diags.iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn a_surveys_assessment_sheet_is_warned_about_at_the_sheet() {
        let msg = "warning: this workbook has an Assessment sheet but the engagement's method is survey: set `method: assessment` to score it";
        let en = warned(&["Responses", "Assessment"]);
        assert_eq!(en.len(), 1);
        assert!(
            en[0].contains(&format!("d.xlsx: sheet `Assessment`: {msg}")),
            "{en:?}"
        );
        let ar = warned(&["Responses", "التقييم"]);
        assert!(ar[0].contains("sheet `التقييم`"), "{ar:?}");
        assert!(warned(&["Responses", "NPS"]).is_empty());
    }
}
