//! The engagement pipeline: the one way into an engagement for every command (`validate`,
//! `score`, `report`, `batch`, `report --watch`, the course's live examples), as mdBook's
//! `MDBook::load` is the one way into a book.
//!
//! [`Assessment::load`] loads and checks the engagement (with its model), reads the client
//! data through the privacy check, reads the previous result and scores; for documents it
//! also loads the theme and the templates and checks the logos and the narrative's file
//! names. Stages that do not depend on each other all run, so one run reports every problem
//! of an engagement at once (the engagement file itself is the one stage everything else
//! needs). Warnings travel beside the value in input order: engagement, data, score, theme
//! and templates. [`Assessment::report`] then draws the charts and builds the report
//! document. The `cli` files only turn arguments into [`Options`] and print.
//!
//! What can be reused between runs of one process (`report --watch`) is kept in a
//! [`watch::Cache`] under keys over the content of the files each stage reads.

pub mod batch;
pub mod watch;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::data::ClientData;
use crate::error::{Diagnostic, Error, Place, Problems, Result, Warned};
use crate::model::Engagement;
use crate::report::{self, ReportOptions, Templates, Theme};
use crate::score::{self, ScoreOptions, ScoreResult};
use crate::text::Lang;
use crate::typeset::{self, Document, FontSet};

/// What to load besides the engagement, its data and its score.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Report language replacing the engagement's `language:`.
    pub lang: Option<Lang>,
    /// Leave the `previous:` result out (no comparison): the course's live examples.
    pub without_previous: bool,
    /// Also load what a document needs: the theme and templates (and check the logos and the
    /// narrative's file names). `None` for `score` and the course's examples.
    pub documents: Option<DocumentInputs>,
}

/// The files a document is made with beside the engagement's own.
#[derive(Debug, Clone, Default)]
pub struct DocumentInputs {
    /// Theme file replacing the engagement's `theme:`.
    pub theme: Option<PathBuf>,
    /// Folder whose template files replace the embedded ones.
    pub templates: Option<PathBuf>,
}

impl Options {
    /// What `nudj report` (and `batch`, `validate`) load for these report options.
    pub fn for_report(opts: &ReportOptions) -> Options {
        Options {
            lang: opts.lang,
            without_previous: false,
            documents: Some(DocumentInputs {
                theme: opts.theme.clone(),
                templates: opts.templates.clone(),
            }),
        }
    }
}

/// A loaded, checked and scored engagement.
#[derive(Debug)]
pub struct Assessment {
    /// The checked engagement (its `language` replaced by [`Options::lang`] when given).
    pub engagement: Engagement,
    /// The client data, read through the privacy check.
    pub data: Arc<ClientData>,
    /// The score (with the comparison to `previous:` unless left out).
    pub result: Arc<ScoreResult>,
    /// The report theme (when documents were asked for): the given file, the engagement's
    /// `theme:`, else the default.
    pub theme: Option<Theme>,
    /// The theme file the theme came from, if any.
    pub theme_path: Option<PathBuf>,
    /// The templates (when documents were asked for).
    pub templates: Option<Templates>,
    /// The cache key of the score (content of every file it comes from), which the charts'
    /// key extends.
    score_key: Option<u64>,
}

impl Assessment {
    /// Loads, checks and scores the engagement at `path` (see the module documentation).
    pub fn load(path: &Path, opts: &Options) -> Result<Warned<Assessment>> {
        Self::load_cached(path, opts, &mut watch::Cache::default())
    }

    /// [`Assessment::load`], reusing from `cache` the read workbook and the score when the
    /// files they come from are unchanged (`report --watch`). The engagement, theme,
    /// templates and narrative are read every time: they are small, and they are what
    /// changes.
    pub fn load_cached(
        path: &Path,
        opts: &Options,
        cache: &mut watch::Cache,
    ) -> Result<Warned<Assessment>> {
        let loaded = crate::model::load_engagement(path)?;
        let mut warnings = loaded.warnings;
        let mut e = loaded.output;
        if let Some(lang) = opts.lang {
            e.language = lang;
        }
        cache.last = watch::Reused::default();
        let mut problems = Problems::default();

        let keys = watch::Keys::new(&e, opts);
        let data = problems.take(watch::cached(
            &mut cache.data,
            keys.data,
            &mut cache.last.data,
            || read_client_data(&e).map(shared),
        ));
        let scored = match &data {
            Some(data) => problems.take(watch::cached(
                &mut cache.score,
                keys.score,
                &mut cache.last.score,
                || {
                    let previous = read_previous(&e, opts)?;
                    let sopts = ScoreOptions::from_engagement(&e, previous);
                    let mut scored = score::score(&e.model, &data.output, &sopts);
                    place_in_benchmark(&e, &mut scored)?;
                    Ok(shared(scored))
                },
            )),
            // The previous result and the benchmark are still checked, so their problems
            // are reported too.
            None => {
                problems.take(read_previous(&e, opts));
                problems.take(read_benchmark(&e)).and(None)
            }
        };
        if let (Some(data), Some(scored)) = (&data, &scored) {
            problems.take(check_scored(&e, &data.output, &scored.output));
        }
        if let (Some(data), Some(scored)) = (&data, &scored) {
            warnings.extend(data.warnings.iter().cloned());
            warnings.extend(scored.warnings.iter().cloned());
        }
        let docs = match &opts.documents {
            Some(d) => document_inputs(&e, d, &mut problems),
            None => Documents::default(),
        };
        let theme = docs.theme.map(|t| {
            warnings.extend(t.warnings);
            t.output
        });
        let templates = docs.templates.map(|t| {
            warnings.extend(t.warnings);
            t.output
        });
        problems.into_result()?;
        let (Some(data), Some(scored)) = (data, scored) else {
            return Err(Error::internal("a pipeline stage failed without a problem"));
        };
        Ok(Warned {
            output: Assessment {
                engagement: e,
                data: Arc::clone(&data.output),
                result: Arc::clone(&scored.output),
                theme,
                theme_path: docs.theme_path,
                templates,
                score_key: keys.score,
            },
            warnings,
        })
    }

    /// The report's document (not yet compiled): charts drawn (reused from `cache` when the
    /// score, theme, templates and language are unchanged) and the document assembled.
    /// Needs an assessment loaded with [`Options::documents`].
    pub fn report(
        &self,
        opts: &ReportOptions,
        fonts: Arc<FontSet>,
        cache: &mut watch::Cache,
    ) -> Result<Warned<Document>> {
        report::build_document(&self.document_input(opts, false, fonts, cache)?)
    }

    /// The readout deck's document (not yet compiled), from the same report data and charts
    /// as [`Assessment::report`] (`opts` as for the report: templates, draft, standard).
    /// Needs an assessment loaded with [`Options::documents`].
    pub fn deck(
        &self,
        opts: &ReportOptions,
        deck: report::deck::DeckOptions,
        fonts: Arc<FontSet>,
        cache: &mut watch::Cache,
    ) -> Result<Warned<Document>> {
        report::deck::build_document(&self.document_input(opts, true, fonts, cache)?, deck)
    }

    /// What the report and the deck are built from: the loaded theme and templates, and the
    /// charts, drawn for slides (larger labels) or for the page and reused from `cache` when
    /// the score, theme, templates and language are unchanged. An internal error when the
    /// assessment was loaded without [`Options::documents`].
    fn document_input<'a>(
        &'a self,
        opts: &'a ReportOptions,
        slides: bool,
        fonts: Arc<FontSet>,
        cache: &'a mut watch::Cache,
    ) -> Result<report::ReportInput<'a>> {
        let (Some(theme), Some(templates)) = (&self.theme, &self.templates) else {
            return Err(Error::internal(
                "a document was asked of an assessment loaded without its theme and templates",
            ));
        };
        let e = &self.engagement;
        // The slides' charts are cached under their own key: never the page's.
        let lang_key = if slides {
            format!("{}-slides", e.language.code())
        } else {
            e.language.code().to_string()
        };
        let key = watch::Keys::charts(
            self.score_key,
            self.theme_path.as_deref(),
            opts.templates.as_deref(),
            &lang_key,
        );
        let charts = watch::cached(&mut cache.charts, key, &mut cache.last.charts, || {
            // The charts show data values named as the report's language asks (`labels:`).
            let named = report::labels::relabel(&self.result, &e.labels, e.language);
            if slides {
                report::draw_slide_charts(&named, theme, templates, e.language)
            } else {
                report::draw_charts(&named, theme, templates, e.language)
            }
        })?;
        Ok(report::ReportInput {
            engagement: e,
            data: &self.data,
            result: &self.result,
            theme,
            templates,
            fonts,
            standard: opts.standard,
            draft: opts.draft.as_ref(),
            charts: Some(charts),
        })
    }
}

impl Assessment {
    /// The results workbook's bytes (docs/results-workbook.md): the score as Excel sheets
    /// with native charts, from the same result the report and the score JSON use.
    /// `warnings` are the run's warnings (shown on its Warnings sheet, respondent ids and
    /// assessor names masked).
    pub fn results_workbook(&self, warnings: &[Diagnostic]) -> Result<Vec<u8>> {
        let names = self.private_names();
        crate::export::xlsx::results_workbook(&crate::export::xlsx::WorkbookInput {
            engagement: &self.engagement,
            result: &self.result,
            private_names: &names,
            warnings,
        })
    }

    /// Who answered or rated, as the data and the engagement write them: respondent ids,
    /// the Assessment sheet's assessors (not its consensus rows) and the engagement's
    /// `assessors:`. No document may quote them.
    fn private_names(&self) -> Vec<&str> {
        let respondents = self
            .data
            .responses
            .respondents
            .iter()
            .map(|p| p.id.as_str());
        let rated = self.data.assessment.iter().flat_map(|a| &a.rows);
        let assessors = rated
            .filter(|r| !r.consensus)
            .map(|r| r.assessor.as_str())
            .chain(self.engagement.assessors.iter().map(String::as_str));
        // The values of segment groups hidden as small (a column of names holds one person
        // a group): warnings quote them for the terminal, the workbook masks them.
        let m = &self.result.metrics;
        let metric_hidden = [
            m.nps.as_ref().map(|x| &x.hidden),
            m.csat.as_ref().map(|x| &x.hidden),
            m.ces.as_ref().map(|x| &x.hidden),
        ];
        let metric_small = metric_hidden
            .into_iter()
            .flatten()
            .flatten()
            .filter(|g| !g.complementary && g.by != crate::score::GroupBy::Stage)
            .map(|g| g.value.as_str());
        let small = self
            .result
            .segments
            .iter()
            .filter(|s| s.hidden_as_small())
            .map(|s| s.value.as_str())
            .chain(metric_small);
        let mut names: Vec<&str> = respondents.chain(assessors).chain(small).collect();
        names.sort_unstable();
        names.dedup();
        names
    }
}

/// Loads the engagement at `engagement`, scores it and builds the report's document: every
/// warning on the way beside it.
pub fn prepare_report(
    engagement: &Path,
    opts: &ReportOptions,
    fonts: Arc<FontSet>,
) -> Result<Warned<Document>> {
    prepare_report_cached(engagement, opts, fonts, &mut watch::Cache::default())
}

/// [`prepare_report`], reusing from `cache` the read workbook, the score and the charts when
/// the files they come from are unchanged (`--watch`).
pub fn prepare_report_cached(
    engagement: &Path,
    opts: &ReportOptions,
    fonts: Arc<FontSet>,
    cache: &mut watch::Cache,
) -> Result<Warned<Document>> {
    let loaded = Assessment::load_cached(engagement, &Options::for_report(opts), cache)?;
    let mut warnings = loaded.warnings;
    let doc = loaded.output.report(opts, fonts, cache)?;
    warnings.extend(doc.warnings);
    Ok(Warned {
        output: doc.output,
        warnings,
    })
}

/// A stage's output behind an `Arc`, so the cache and the assessment share it.
fn shared<T>(w: Warned<T>) -> Warned<Arc<T>> {
    Warned {
        output: Arc::new(w.output),
        warnings: w.warnings,
    }
}

/// Reads the engagement's client data and refuses segment and comment columns holding
/// personal data: the one way every command reads an engagement's data, so all accept and
/// refuse the same workbooks.
pub fn read_client_data(e: &Engagement) -> Result<Warned<ClientData>> {
    let data = crate::data::read_client_data(
        &e.data,
        &e.model,
        &crate::data::ReadOptions::from_engagement(e),
    )?;
    check_columns(e, &data.output)?;
    let mut data = data;
    if let Some(w) = name_respondents_by_row(&mut data.output) {
        data.warnings.push(w);
    }
    Ok(data)
}

/// Respondent ids reach the score JSON, warnings and quote attributions, so they must be
/// codes, never people. When any value of the respondent column is not code-like (see
/// [`crate::privacy::is_code_like_id`]: a name, an e-mail, a phone number), every respondent
/// is named by its row instead (`row 5`, as Excel shows it) and a warning says so, without
/// quoting the value.
fn name_respondents_by_row(data: &mut ClientData) -> Option<Diagnostic> {
    let r = &mut data.responses;
    let personal = r
        .respondents
        .iter()
        .find(|p| !p.id.starts_with("row ") && !crate::privacy::is_code_like_id(&p.id))?;
    let first = u64::from(personal.row) + 1;
    for p in &mut r.respondents {
        p.id = format!("row {}", u64::from(p.row) + 1);
    }
    let csv = r
        .source
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("csv"));
    let place = if csv {
        Place::File
    } else {
        Place::Sheet {
            sheet: r.sheet.clone(),
        }
    };
    Some(Diagnostic::warning(
        &r.source,
        place,
        format!(
            "the respondent column holds values that are not codes (the first at row {first}): \
             they may be names or contact details, so respondents are named by their row instead \
             in every output (see docs/privacy.md)"
        ),
    ))
}

/// Refuses segment and comment columns that hold personal data (by header or by content,
/// see [`crate::privacy`]). Every such column is reported at the line of the engagement file
/// that names it, with the workbook sheet.
pub fn check_columns(e: &Engagement, data: &ClientData) -> Result<()> {
    use crate::privacy::{is_personal_header, mostly_personal};
    let r = &data.responses;
    let mut diags = Vec::new();
    let help = "personal data (names, e-mails, phone numbers) never goes into a report: \
                remove the column from the engagement (see docs/privacy.md)";
    let why = |col: &str, values: &mut dyn Iterator<Item = &str>| {
        if is_personal_header(col) {
            Some("its header names personal data")
        } else if mostly_personal(values) {
            Some("most of its values are e-mail addresses or phone numbers")
        } else {
            None
        }
    };
    let mut refuse = |kind: &str, col: &str, place: Option<&Place>, why: &str| {
        diags.push(
            Diagnostic::error(
                &e.file,
                place.cloned().unwrap_or(Place::File),
                format!(
                    "{kind} column `{col}` (sheet {}) holds personal data: {why}",
                    r.sheet
                ),
            )
            .with_help(help),
        );
    };
    for col in &e.segments {
        let mut values = r
            .respondents
            .iter()
            .filter_map(|p| p.segments.get(col).map(String::as_str));
        if let Some(why) = why(col, &mut values) {
            refuse("segment", col, e.segment_places.get(col), why);
        } else if identifies_respondents(r.respondents.iter().filter_map(|p| p.segments.get(col))) {
            refuse(
                "segment",
                col,
                e.segment_places.get(col),
                "its values identify respondents (more distinct values than half the respondents who have one: names or ids, not groups)",
            );
        }
    }
    for col in &e.comments {
        let mut values = r.respondents.iter().flat_map(|p| {
            p.comments
                .iter()
                .filter(|c| &c.column == col)
                .map(|c| c.text.as_str())
        });
        if let Some(why) = why(col, &mut values) {
            refuse("comment", col, e.comment_places.get(col), why);
        }
    }
    if diags.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(diags))
    }
}

/// Refuses a result with nothing to report: no respondent with a valid answer, or no
/// dimension with a score (an assessment: no practice rated). A report, deck or results
/// workbook of dashes must not be producible, and `validate` must not call it valid. The
/// error is at the answers sheet (a CSV: the file) and says why: every row blank or not
/// applicable, or every scored row left out by `exclude:`.
fn check_scored(e: &Engagement, data: &ClientData, result: &ScoreResult) -> Result<()> {
    if result.overall.score.is_some() && result.dimensions.iter().any(|d| d.score.is_some()) {
        return Ok(());
    }
    let r = &data.responses;
    let (file, place) = match &data.assessment {
        Some(a) if e.method == crate::model::Method::Assessment => (
            a.source.clone(),
            if r.kind == crate::data::Kind::Csv {
                Place::File
            } else {
                Place::Sheet {
                    sheet: a.sheet.clone(),
                }
            },
        ),
        _ => (r.source.clone(), responses_place(r)),
    };
    let rows = r.respondents.len();
    let dq = &result.data_quality;
    let no_answer = dq.no_answer.len();
    let (msg, help) = if e.method == crate::model::Method::Assessment {
        (
            "no practice has a rating: there is nothing to report".to_string(),
            "rate the practices in the Assessment sheet (see docs/workbook-format.md)",
        )
    } else if rows > 0 && no_answer == rows {
        (
            format!(
                "no respondent can be scored: every one of the {rows} data row(s) has only blank or not-applicable answers in the {} question columns; there is nothing to report",
                r.questions.len()
            ),
            "check that the answers are in the question columns (a survey tool's export may put them under other headers, or in a second header row: see docs/workbook-format.md)",
        )
    } else if result.respondents == 0 {
        (
            format!(
                "no respondent is scored: of the {rows} data row(s), {no_answer} have no valid answer and {} are left out by the engagement's `exclude:`; there is nothing to report",
                dq.excluded.saturating_sub(no_answer as u64)
            ),
            "loosen `exclude:` in the engagement, or check the answers",
        )
    } else {
        (
            format!(
                "no dimension has a score although {} respondent(s) are scored; there is nothing to report",
                result.respondents
            ),
            "check that the question columns hold answers on the model's scale",
        )
    };
    Err(Error::Invalid(vec![
        Diagnostic::error(&file, place, msg).with_help(help),
    ]))
}

/// The place of the answers sheet in messages: the sheet of a workbook, the whole CSV file.
fn responses_place(r: &crate::data::Responses) -> Place {
    if r.kind == crate::data::Kind::Csv {
        Place::File
    } else {
        Place::Sheet {
            sheet: r.sheet.clone(),
        }
    }
}

/// Whether a segment column's `values` (one per respondent who has one) identify people
/// rather than groups: at least [`IDENTIFIER_MIN`] of them, and more distinct values (trimmed)
/// than half of them, as a column of names or staff numbers under an unknown header
/// (`الموظف`). Fewer respondents are left alone: a team of 6 in 4 departments is a breakdown,
/// and its small groups are hidden (and never named) anyway.
fn identifies_respondents<'a>(values: impl Iterator<Item = &'a String>) -> bool {
    let mut distinct = std::collections::BTreeSet::new();
    let mut n = 0usize;
    for v in values.map(|v| v.trim()).filter(|v| !v.is_empty()) {
        distinct.insert(v);
        n += 1;
    }
    n >= IDENTIFIER_MIN && distinct.len() * 2 > n
}

/// The fewest respondents with a value for which a segment column is checked for
/// identifying them ([`identifies_respondents`]).
const IDENTIFIER_MIN: usize = 10;

/// The engagement's `previous:` result, unless left out; refused when its figures are
/// impossible or it cannot be compared with this engagement's model ([`score::comparable`]).
fn read_previous(e: &Engagement, opts: &Options) -> Result<Option<ScoreResult>> {
    match &e.previous {
        Some(p) if !opts.without_previous => {
            let text = std::fs::read_to_string(p).map_err(|err| Error::read(p, err))?;
            let prev = score::parse_previous(p, &text)?;
            let mut problems = score::previous_problems(p, &prev);
            if problems.is_empty() {
                problems = score::comparable(&e.model, &prev, p);
            }
            if !problems.is_empty() {
                return Err(Error::Invalid(problems));
            }
            Ok(Some(prev))
        }
        _ => Ok(None),
    }
}

/// The engagement's `benchmark:`, read and checked (docs/benchmark.md).
fn read_benchmark(e: &Engagement) -> Result<Option<crate::benchmark::Benchmark>> {
    e.benchmark
        .as_deref()
        .map(crate::benchmark::read_benchmark)
        .transpose()
}

/// Places the score in the engagement's benchmark, if it names one; the placement's
/// warnings join the score's. Errors: an unreadable or altered benchmark, another model.
fn place_in_benchmark(e: &Engagement, scored: &mut Warned<ScoreResult>) -> Result<()> {
    let (Some(path), Some(bench)) = (&e.benchmark, read_benchmark(e)?) else {
        return Ok(());
    };
    let warnings = crate::benchmark::place(&mut scored.output, &bench, path)?;
    scored.output.warnings.extend(warnings.iter().cloned());
    scored.warnings.extend(warnings);
    Ok(())
}

/// What a document is made with besides the engagement, as loaded.
#[derive(Default)]
struct Documents {
    theme: Option<Warned<Theme>>,
    theme_path: Option<PathBuf>,
    templates: Option<Warned<Templates>>,
}

/// The theme (and the file it came from) and the templates of a document, the logos and the
/// narrative's file names checked; problems go to `problems`.
fn document_inputs(e: &Engagement, d: &DocumentInputs, problems: &mut Problems) -> Documents {
    let theme_path = d.theme.clone().or_else(|| e.theme.clone());
    let theme = match &theme_path {
        Some(p) => problems.take(Theme::load(p)),
        None => Some(Warned {
            output: Theme::default(),
            warnings: Vec::new(),
        }),
    };
    let templates = match &d.templates {
        Some(dir) => problems.take(Templates::with_dir(dir)),
        None => Some(Warned {
            output: Templates::embedded(),
            warnings: Vec::new(),
        }),
    };
    // Each logo file once, with every key that names it (one file is often the client's
    // logo and the theme's).
    let mut logos: Vec<(Vec<&str>, PathBuf, PathBuf)> = Vec::new();
    let mut add = |key: &'static str, named_in: &Path, file: PathBuf| {
        let same = |f: &PathBuf| {
            f == &file
                || matches!((f.canonicalize(), file.canonicalize()), (Ok(a), Ok(b)) if a == b)
        };
        match logos.iter_mut().find(|(_, _, f)| same(f)) {
            Some((keys, _, _)) => keys.push(key),
            None => logos.push((vec![key], named_in.to_path_buf(), file)),
        }
    };
    if let Some(logo) = &e.client.logo {
        add("client.logo", &e.file, logo.clone());
    }
    if let (Some(theme), Some(path)) = (&theme, &theme_path) {
        for (key, logo) in [
            ("consultancy.logo", theme.output.logo_path()),
            ("consultancy.logo_on_dark", theme.output.dark_logo_path()),
        ] {
            if let Some(logo) = logo {
                add(key, path, logo);
            }
        }
    }
    let images: Vec<Diagnostic> = logos
        .iter()
        .flat_map(|(keys, named_in, file)| image_problems(named_in, &keys.join(", "), file))
        .collect();
    problems.take(if images.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(images))
    });
    let dims: Vec<String> = e
        .model
        .dimensions
        .value
        .iter()
        .map(|d| d.id.value.clone())
        .collect();
    problems.take(report::check_narrative_names(e, &dims));
    Documents {
        theme,
        theme_path,
        templates,
    }
}

/// The problems of the image `file` named by `keys` in `named_in` (the engagement or theme
/// file), as a document would meet them: unreadable, not an image of the kind its name says
/// (at the key's file), or an SVG linking an image the document cannot read (at the
/// `<image>` element's line in the SVG). Typst would refuse them only when typesetting,
/// naming a line of the template.
fn image_problems(named_in: &Path, keys: &str, file: &Path) -> Vec<Diagnostic> {
    let bytes = match typeset::read_image(file) {
        Ok(bytes) => bytes,
        Err(why) => return vec![image_diagnostic(named_in, keys, file, &why)],
    };
    if let Err(why) = typeset::check_image(file, &bytes) {
        return vec![image_diagnostic(named_in, keys, file, &why)];
    }
    let svg = file
        .extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| x.eq_ignore_ascii_case("svg") || x.eq_ignore_ascii_case("svgz"));
    if !svg {
        return Vec::new();
    }
    typeset::svg_links(&bytes)
        .into_iter()
        .filter_map(|(href, line, column)| {
            let why = typeset::svg_link_problem(file, &href)?;
            Some(
                Diagnostic::error(
                    file,
                    Place::line(line, column),
                    format!("{keys}: this SVG {why}"),
                )
                .with_help("embed the image in the SVG (a `data:` URI), or save the logo as PNG"),
            )
        })
        .collect()
}

/// An image file's own problem (`why` ends a sentence about it), at the file naming it.
fn image_diagnostic(named_in: &Path, keys: &str, file: &Path, why: &str) -> Diagnostic {
    Diagnostic::error(
        named_in,
        Place::File,
        format!("{keys}: `{}` {why}", file.display()),
    )
    .with_help("give a PNG, JPEG or SVG file whose name ends as its kind (.png, .jpg, .svg)")
}
