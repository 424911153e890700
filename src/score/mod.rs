//! Scoring: pure functions from (model, answers, metric data) to a result value that
//! serialises as the documented JSON (docs/score-json.md). No I/O: the caller reads the
//! inputs (and any previous result) and decides what to print.
//!
//! The rules are in docs/scoring.md, with a worked example. In short: question mean over
//! valid answers; dimension score = Σ(w × mean) / Σ(w of answered questions); overall the
//! same over dimensions; level = highest level whose `min_score` ≤ score.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

pub mod assessment;
mod check;
mod compare;
mod kpis;
mod maturity;
mod metrics;
mod types;

pub use check::{comparable, previous_problems, result_problems};
pub use compare::nps_delta;
pub use kpis::kpis;
pub use maturity::{
    Layout, NEAR_FRACTION, TOLERANCE, Tally, gated_level, index_of, is_met, level_of,
    question_stats, status, tally, weighted_mean,
};
pub use metrics::{Z95, in_hidden_group, nps_stats};
pub use types::*;

use crate::data::{Answer, AssessorRow, ClientData, Ratings, Respondent};
use crate::error::{Arg, Diagnostic, Error, Phrase, Place, Warned};
use crate::grid::Kind;
use crate::model::{Engagement, Exclude, Model};
use crate::text::{Lang, Text};

/// How to score: what the engagement asks for, checked.
#[derive(Debug, Clone, Default)]
pub struct ScoreOptions {
    /// Report language (stored in the result; names are kept in both languages).
    pub lang: Lang,
    /// Target per dimension id, in scale units.
    pub targets: BTreeMap<String, f64>,
    /// Which flagged respondents to leave out of the scores.
    pub exclude: Exclude,
    /// Segments (and NPS groups) with fewer respondents are flagged `small`.
    pub min_segment_size: u32,
    /// Leave the scores of small segments out of the result.
    pub suppress_small_segments: bool,
    /// Segment columns to break the scores down by; empty means every segment column read.
    pub segments: Vec<String>,
    /// An earlier result to compare with.
    pub previous: Option<ScoreResult>,
    /// The file `previous` was read from, named in comparison warnings.
    pub previous_file: Option<std::path::PathBuf>,
    /// Journey stages in journey order (engagement `journey:`): the order of `by_stage`.
    pub journey: Vec<StageInfo>,
    /// The assessment's date (engagement `date`), stored in the result.
    pub date: Option<chrono::NaiveDate>,
}

impl ScoreOptions {
    /// The options a checked engagement asks for; `previous` is read by the caller.
    pub fn from_engagement(e: &Engagement, previous: Option<ScoreResult>) -> ScoreOptions {
        ScoreOptions {
            lang: e.language,
            targets: e.targets.clone(),
            exclude: e.exclude.clone(),
            min_segment_size: e.min_segment_size,
            suppress_small_segments: e.suppress_small_segments,
            segments: e.segments.clone(),
            previous,
            previous_file: e.previous.clone(),
            date: Some(e.date),
            journey: e
                .journey
                .iter()
                .map(|s| StageInfo {
                    id: s.id.clone(),
                    name: s.name.clone(),
                })
                .collect(),
        }
    }
}

/// Reads a previous result (the JSON text of an earlier `nudj score --format json`),
/// refusing layouts this version does not know and figures out of their range
/// ([`result_problems`]: each error names the JSON path).
pub fn parse_previous(file: &Path, json: &str) -> crate::Result<ScoreResult> {
    #[derive(serde::Deserialize)]
    struct Version {
        schema_version: Option<u32>,
    }
    let bad = |msg: String| Error::at(file, Place::File, msg);
    let v: Version = serde_json::from_str(json).map_err(|e| {
        Error::Invalid(vec![
            Diagnostic::error(
                file,
                Place::line(e.line() as u64, e.column() as u64),
                format!("not a `nudj score --format json` result: {e}"),
            )
            .with_help("give the JSON written by `nudj score ENGAGEMENT --format json`"),
        ])
    })?;
    match v.schema_version {
        Some(SCHEMA_VERSION) => {}
        Some(other) => {
            return Err(bad(format!(
                "score JSON schema_version {other} is not supported (this nudj reads {SCHEMA_VERSION})"
            )));
        }
        None => {
            return Err(bad(
                "not a `nudj score --format json` result: no `schema_version`".into(),
            ));
        }
    }
    let result: ScoreResult = serde_json::from_str(json).map_err(|e| {
        Error::Invalid(vec![Diagnostic::error(
            file,
            Place::line(e.line() as u64, e.column() as u64),
            format!("score JSON does not match schema_version {SCHEMA_VERSION}: {e}"),
        )])
    })?;
    let problems = result_problems(file, &result);
    if problems.is_empty() {
        Ok(result)
    } else {
        Err(Error::Invalid(problems))
    }
}

/// Scores `data` against `model`. Pure: the same inputs give the same result, whatever the
/// order of the respondents. Warnings (flagged respondents, small segments, unusable metric
/// rows) are returned beside the result and also stored in `result.warnings`.
pub fn score(model: &Model, data: &ClientData, opts: &ScoreOptions) -> Warned<ScoreResult> {
    let places = Places::new(data);
    let mut warnings = Vec::new();
    let layout = Layout::new(model, &data.responses.questions);
    let info = model_info(model);

    // Data quality first: exclusions change every score below.
    let (dq, included) = data_quality(&layout, data, opts, &places, &mut warnings);
    warn_missing_columns(model, &layout, data, &places, &mut warnings);

    let t = tally(&layout, included.iter().copied());
    if t.out_of_scale > 0 {
        warnings.push(places.sheet_warning(format!(
            "{} answer(s) outside the scale {}..{} not counted",
            t.out_of_scale, model.scale.min.value, model.scale.max.value
        )));
    }
    let g = maturity::group_scores(model, &layout, &t);
    let (questions, dimensions, overall_score, assessment) = match &data.assessment {
        Some(r) => {
            let staff = included.len() as u64;
            let withheld = staff > 0 && staff < u64::from(opts.min_segment_size);
            if withheld {
                warnings.push(places.sheet_warning(self_assessment_withheld(staff, opts)));
            }
            let survey = (staff > 0 && !withheld).then_some(&g);
            let mut a = assessed_results(model, &info, r, survey, opts, &mut warnings);
            a.summary.self_assessment_withheld = withheld.then_some(staff);
            (a.questions, a.dimensions, a.overall, Some(a.summary))
        }
        None => {
            let questions = question_results(model, &layout, &t, &g);
            let dimensions = dimension_results(model, &info, &t, &g, opts);
            // A dimension without a single valid answer has no score: it is left out of
            // the overall score (the weighted mean runs over the dimensions that have one),
            // and said so.
            if !included.is_empty() {
                for d in dimensions.iter().filter(|d| d.score.is_none()) {
                    warnings.push(places.sheet_warning(format!(
                        "dimension `{}` has no valid answer (every answer is not applicable or blank): it has no score and is left out of the overall score",
                        d.id
                    )));
                }
            }
            let n = included.len() as u64;
            if opts.suppress_small_segments && n > 0 && n < u64::from(opts.min_segment_size) {
                warnings.push(places.sheet_warning(format!(
                    "the survey has {n} respondent(s), fewer than the engagement's `min_segment_size` of {}; the documents show its scores with a caution, but not each statement's answer distribution nor the comments, for anonymity",
                    opts.min_segment_size
                )));
            }
            (questions, dimensions, g.overall, None)
        }
    };
    let mut overall = overall_of(&info, overall_score);
    let (mut questions, mut dimensions) = (questions, dimensions);
    let gate_places = match &data.assessment {
        Some(r) => Places {
            file: r.source.as_path(),
            sheet: r.sheet.as_str(),
            csv: false,
        },
        None => Places::new(data),
    };
    apply_gated(
        model,
        &info,
        &mut questions,
        &mut dimensions,
        &mut overall,
        &gate_places,
        &mut warnings,
    );
    let ranking = rank(&dimensions, &questions);
    let groups = SegmentInputs {
        model,
        info: &info,
        layout: &layout,
        questions: &questions,
    };
    // An assessment's scores are the assessors'; the staff survey beside it is shown as the
    // self-assessment only, never broken down into segments.
    let segments = if assessment.is_some() {
        Vec::new()
    } else {
        segment_results(&groups, data, &included, opts, &places, &mut warnings)
    };
    let file = places.file;
    let stage_ids: Vec<String> = opts.journey.iter().map(|s| s.id.clone()).collect();
    let breakdown = metrics::Breakdown {
        min_segment_size: opts.min_segment_size,
        suppress: opts.suppress_small_segments,
        stages: &stage_ids,
    };
    let metrics = metrics::metrics(&model.metrics, data, file, breakdown, &mut warnings);

    let (kpis, kpis_latest) = data.kpis.as_deref().map(kpis::kpis).unwrap_or_default();
    let mut result = ScoreResult {
        benchmark: None,
        journey: opts.journey.clone(),
        kpis,
        kpis_latest,
        schema_version: SCHEMA_VERSION,
        lang: opts.lang,
        date: opts.date,
        model: info,
        respondents: t.respondents,
        overall,
        dimensions,
        questions,
        ranking,
        segments,
        metrics,
        comparison: None,
        data_quality: dq,
        assessment,
        warnings: Vec::new(),
    };
    // Gaps, priorities and their ranking are the analysis's, so the JSON says what the
    // report, deck and workbook say (found by a tester: without targets the JSON had no gap
    // while the documents showed the distance to the next level).
    crate::analysis::settle_gaps(&mut result);
    if let Some(prev) = &opts.previous {
        let prev_file = opts.previous_file.as_deref().unwrap_or(file);
        result.comparison = Some(compare::compare(&result, prev, prev_file, &mut warnings));
    }
    result.warnings = warnings.clone();
    Warned {
        output: result,
        warnings,
    }
}

/// Where the responses came from, to place warnings: a CSV row or a sheet's cell.
struct Places<'a> {
    file: &'a Path,
    sheet: &'a str,
    csv: bool,
}

impl<'a> Places<'a> {
    fn new(data: &'a ClientData) -> Self {
        let file = data.responses.source.as_path();
        Places {
            file,
            sheet: data.responses.sheet.as_str(),
            csv: data.responses.kind == Kind::Csv,
        }
    }

    /// A respondent's row (column A of the sheet, or the CSV record).
    fn row(&self, r: &Respondent) -> Place {
        if self.csv {
            Place::Csv {
                row: u64::from(r.row) + 1,
                col: 0,
            }
        } else {
            Place::Cell {
                sheet: self.sheet.to_string(),
                row: r.row,
                col: 0,
            }
        }
    }

    /// A warning about the responses sheet (or the CSV file) as a whole.
    fn sheet_warning(&self, msg: String) -> Diagnostic {
        let place = if self.csv {
            Place::File
        } else {
            Place::Sheet {
                sheet: self.sheet.to_string(),
            }
        };
        Diagnostic::warning(self.file, place, msg)
    }
}

/// Flags straight-liners and incomplete respondents (warning for each) and returns the data
/// quality summary with the respondents kept in the scores.
fn data_quality<'d>(
    layout: &Layout,
    data: &'d ClientData,
    opts: &ScoreOptions,
    places: &Places<'_>,
    warnings: &mut Vec<Diagnostic>,
) -> (DataQuality, Vec<&'d Respondent>) {
    let mut dq = DataQuality {
        total_respondents: data.responses.respondents.len() as u64,
        ..DataQuality::default()
    };
    let mut included: Vec<&Respondent> = Vec::with_capacity(data.responses.respondents.len());
    for r in &data.responses.respondents {
        if no_valid_answer(layout, r) {
            dq.no_answer.push(FlaggedRespondent {
                id: r.id.clone(),
                row: u64::from(r.row) + 1,
                excluded: true,
            });
            dq.excluded += 1;
            warnings.push(Diagnostic::warning(
                places.file,
                places.row(r),
                format!(
                    "respondent `{}` gave no valid answer (every answer is not applicable or blank); not counted as a respondent",
                    r.id
                ),
            ));
            continue;
        }
        let (straight, incomplete) = maturity::quality(layout, r);
        let excluded =
            (straight && opts.exclude.straightliners) || (incomplete && opts.exclude.incomplete);
        let flag = || FlaggedRespondent {
            id: r.id.clone(),
            row: u64::from(r.row) + 1,
            excluded,
        };
        let (outcome, outcome_key) = if excluded {
            ("left out of the scores (exclude)", "warn_outcome_excluded")
        } else {
            ("kept in the scores", "warn_outcome_kept")
        };
        if straight {
            dq.straightliners.push(flag());
            warnings.push(
                Diagnostic::warning(
                    places.file,
                    places.row(r),
                    format!(
                        "respondent `{}` gave the same answer to every question (straight-lining); {outcome}",
                        r.id
                    ),
                )
                .with_words(Phrase::new(
                    "warn_straight_lining",
                    vec![
                        ("id", Arg::Text(r.id.clone())),
                        ("outcome", Arg::Word(outcome_key)),
                    ],
                )),
            );
        }
        if incomplete {
            dq.incomplete.push(flag());
            warnings.push(
                Diagnostic::warning(
                    places.file,
                    places.row(r),
                    format!(
                        "respondent `{}` answered fewer than half of the {} questions; {outcome}",
                        r.id,
                        layout.columns.len()
                    ),
                )
                .with_words(Phrase::new(
                    "warn_incomplete_respondent",
                    vec![
                        ("id", Arg::Text(r.id.clone())),
                        ("n", Arg::Text(layout.columns.len().to_string())),
                        ("outcome", Arg::Word(outcome_key)),
                    ],
                )),
            );
        }
        if excluded {
            dq.excluded += 1;
        } else {
            included.push(r);
        }
    }
    (dq, included)
}

/// Has the respondent no answer on the scale to any model question (every one not applicable
/// or blank)? Such a row tells nothing: it is never counted as a respondent.
fn no_valid_answer(layout: &Layout, r: &Respondent) -> bool {
    !layout
        .columns
        .iter()
        .any(|c| matches!(c.and_then(|c| r.answers.get(c)), Some(Answer::Value(_))))
}

/// The evidence texts with phone numbers, e-mail addresses and account numbers masked as
/// `[…]` (as every document shows them), each masked text once, in order: the score JSON is
/// passed around (`previous:`, `benchmark build`) and must carry no personal data.
fn masked_evidence(evidence: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(evidence.len());
    for e in evidence {
        let m = crate::privacy::mask_personal(e);
        if !out.contains(&m) {
            out.push(m);
        }
    }
    out
}

/// A warning for each model question the data has no column for.
fn warn_missing_columns(
    model: &Model,
    layout: &Layout,
    data: &ClientData,
    places: &Places<'_>,
    warnings: &mut Vec<Diagnostic>,
) {
    if data.responses.respondents.is_empty() {
        return;
    }
    let questions = model
        .dimensions
        .value
        .iter()
        .flat_map(|d| d.questions.value.iter());
    for (q, col) in questions.zip(&layout.columns) {
        if col.is_none() {
            warnings.push(places.sheet_warning(format!(
                "question `{}` has no column in the data; it is left out of its dimension's score",
                q.id.value
            )));
        }
    }
}

/// Every model question's result, in model order.
fn question_results(
    model: &Model,
    layout: &Layout,
    t: &Tally,
    g: &maturity::GroupScores,
) -> Vec<QuestionResult> {
    let w = layout.scale_len;
    let mut questions = Vec::with_capacity(layout.columns.len());
    let all = model
        .dimensions
        .value
        .iter()
        .flat_map(|d| d.questions.value.iter().map(move |q| (d, q)));
    for (qi, (d, q)) in all.enumerate() {
        let (mean, n, sd) = g.questions.get(qi).copied().unwrap_or((None, 0, None));
        questions.push(QuestionResult {
            id: q.id.value.clone(),
            dimension: d.id.value.clone(),
            text: q.text.clone(),
            weight: q.weight.value,
            mean,
            n,
            sd,
            distribution: t.counts.get(qi * w..(qi + 1) * w).unwrap_or(&[]).to_vec(),
            not_applicable: t.na.get(qi).copied().unwrap_or(0),
            blank: t.blank.get(qi).copied().unwrap_or(0),
            level: q.level.as_ref().map(|l| l.value),
            met: None,
            consensus: None,
            consensus_source: None,
            ratings: None,
            spread: None,
            evidence: None,
        });
    }
    questions
}

/// Every dimension's result (score, level, target, gap, priority, status), in model order.
fn dimension_results(
    model: &Model,
    info: &ModelInfo,
    t: &Tally,
    g: &maturity::GroupScores,
    opts: &ScoreOptions,
) -> Vec<DimensionResult> {
    let mut dimensions = Vec::with_capacity(model.dimensions.value.len());
    for (di, d) in model.dimensions.value.iter().enumerate() {
        let score = g.dimensions.get(di).copied().flatten();
        let level = score.and_then(|s| level_of(&info.levels, s));
        let target = opts.targets.get(d.id.value.as_str()).copied();
        let gap = target.zip(score).map(|(t, s)| t - s);
        let recommendations = recommendations_at(d, level);
        dimensions.push(DimensionResult {
            benchmark: None,
            id: d.id.value.clone(),
            name: d.name.clone(),
            description: d.description.clone(),
            weight: d.weight.value,
            score,
            index: score.and_then(|s| index_of(s, info.scale_min, info.scale_max)),
            level,
            level_name: level.and_then(|l| level_name(&info.levels, l)),
            target,
            gap,
            gap_basis: None,
            priority: gap.map(|g| g * d.weight.value),
            status: target.zip(score).map(|(t, s)| status(s, t, true)),
            n: t.dim_n.get(di).copied().unwrap_or(0),
            questions: d
                .questions
                .value
                .iter()
                .map(|q| q.id.value.clone())
                .collect(),
            recommendations,
            self_assessment: None,
        });
    }
    dimensions
}

/// The model's recommendations for a dimension at `level`.
fn recommendations_at(d: &crate::model::Dimension, level: Option<u32>) -> Vec<Text> {
    level
        .and_then(|l| {
            d.recommendations
                .iter()
                .find(|(k, _)| k.value == l)
                .map(|(_, v)| v.clone())
        })
        .unwrap_or_default()
}

/// Gated models (`scoring: {levels: gated}`): marks each question met or not and replaces
/// the threshold levels with the gated ones (docs/scoring.md): a dimension's level from its
/// practices, the overall level the lowest dimension level (none when a dimension has
/// none). A question without a score counts as not met, with a warning.
fn apply_gated(
    model: &Model,
    info: &ModelInfo,
    questions: &mut [QuestionResult],
    dimensions: &mut [DimensionResult],
    overall: &mut Overall,
    places: &Places<'_>,
    warnings: &mut Vec<Diagnostic>,
) {
    let Some(met_at) = model.met_at() else {
        return;
    };
    let n_levels = u32::try_from(info.levels.len()).unwrap_or(u32::MAX);
    for q in questions.iter_mut() {
        q.met = Some(q.mean.map(|m| is_met(m, met_at)));
        if q.mean.is_none() {
            warnings.push(places.sheet_warning(format!(
                "practice `{}` (level {}) has no rating: it counts as not met",
                q.id,
                q.level.unwrap_or(0)
            )));
        }
    }
    for (d, md) in dimensions.iter_mut().zip(model.dimensions.value.iter()) {
        d.level = d.score.map(|_| {
            gated_level(
                questions
                    .iter()
                    .filter(|q| q.dimension == d.id)
                    .filter_map(|q| Some((q.level?, q.met == Some(Some(true))))),
                n_levels,
            )
        });
        d.level_name = d.level.and_then(|l| level_name(&info.levels, l));
        d.recommendations = recommendations_at(md, d.level);
    }
    let levels: Option<Vec<u32>> = dimensions.iter().map(|d| d.level).collect();
    overall.level = levels.and_then(|l| l.into_iter().min());
    overall.level_name = overall.level.and_then(|l| level_name(&info.levels, l));
}

/// The warning when the staff survey beside an assessment has `staff` respondents, fewer
/// than `min_segment_size`: its self-assessment is withheld, as a small segment's scores are.
fn self_assessment_withheld(staff: u64, opts: &ScoreOptions) -> String {
    format!(
        "the staff survey has {staff} respondent(s), fewer than the engagement's `min_segment_size` of {}; the self-assessment is not shown, for anonymity",
        opts.min_segment_size
    )
}

/// An evidence-based assessment's results (docs/scoring.md, "Assessments"): each question
/// scored by its consensus rating; dimension and overall scores the usual weighted means;
/// the staff survey's dimension scores (`survey`, when the workbook has one) as the
/// self-assessment.
struct Assessed {
    questions: Vec<QuestionResult>,
    dimensions: Vec<DimensionResult>,
    overall: Option<f64>,
    summary: AssessmentSummary,
}

fn assessed_results(
    model: &Model,
    info: &ModelInfo,
    ratings: &Ratings,
    survey: Option<&maturity::GroupScores>,
    opts: &ScoreOptions,
    warnings: &mut Vec<Diagnostic>,
) -> Assessed {
    let ids: Vec<String> = model
        .dimensions
        .value
        .iter()
        .flat_map(|d| d.questions.value.iter().map(|q| q.id.value.clone()))
        .collect();
    let layout = Layout::new(model, &ids);
    let qa = assessment::assess_questions(&ids, &ratings.rows);
    // One "respondent" per assessor: the tally gives each question's distribution of
    // ratings, its N/A and blanks, and each dimension's number of assessors.
    let t = tally(&layout, &assessor_answers(&ids, &ratings.rows));
    let w = layout.scale_len;
    let stats = qa
        .iter()
        .enumerate()
        .map(|(qi, q)| {
            let counts = t.counts.get(qi * w..(qi + 1) * w).unwrap_or(&[]);
            let (_, n, sd) = question_stats(counts, layout.scale_min);
            (q.consensus, n, sd)
        })
        .collect();
    let g = maturity::scores_from_questions(model, &layout, stats);
    let mut questions = question_results(model, &layout, &t, &g);
    let counted = row_counts(&ids, &ratings.rows);
    for ((q, a), (na, blank)) in questions.iter_mut().zip(&qa).zip(counted) {
        q.not_applicable = na;
        q.blank = blank;
        q.consensus = Some(a.consensus);
        q.consensus_source = a.source;
        q.ratings = Some(a.ratings.clone());
        q.spread = Some(a.spread);
        q.evidence = Some(masked_evidence(&a.evidence));
    }
    let mut dimensions = dimension_results(model, info, &t, &g, opts);
    for (di, d) in dimensions.iter_mut().enumerate() {
        d.self_assessment = Some(survey.and_then(|s| s.dimensions.get(di).copied().flatten()));
    }
    let summary = assessment::summary(&ids, &qa, &ratings.rows);
    assessment_warnings(ratings, &questions, &dimensions, &summary, warnings);
    Assessed {
        questions,
        dimensions,
        overall: g.overall,
        summary,
    }
}

/// Each question's N/A and blank ratings as the `Assessment` reader counts them: rows of the
/// sheet (consensus rows included) whose rating is N/A or empty. A question an assessor has
/// no row for is not a blank rating (the tally of [`assessor_answers`] would count it as one).
fn row_counts(ids: &[String], rows: &[AssessorRow]) -> Vec<(u64, u64)> {
    let index: BTreeMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, q)| (q.as_str(), i))
        .collect();
    let mut out = vec![(0, 0); ids.len()];
    for r in rows {
        let slot = index.get(r.question.as_str()).and_then(|&i| out.get_mut(i));
        match (slot, r.rating) {
            (Some(s), Answer::NotApplicable) => s.0 += 1,
            (Some(s), Answer::Blank) => s.1 += 1,
            _ => {}
        }
    }
    out
}

/// Each assessor's answers aligned with `ids` (consensus rows left out), assessors in the
/// order they first appear.
fn assessor_answers(ids: &[String], rows: &[AssessorRow]) -> Vec<Respondent> {
    let index: BTreeMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, q)| (q.as_str(), i))
        .collect();
    let mut out: Vec<Respondent> = Vec::new();
    let mut by_name: BTreeMap<String, usize> = BTreeMap::new();
    for r in rows.iter().filter(|r| !r.consensus) {
        let key = crate::normalize::normalize(&r.assessor);
        let at = *by_name.entry(key).or_insert_with(|| {
            out.push(Respondent {
                id: r.assessor.clone(),
                row: 0,
                segments: BTreeMap::new(),
                answers: vec![Answer::Blank; ids.len()],
                comments: Vec::new(),
            });
            out.len() - 1
        });
        if let (Some(p), Some(&qi)) = (out.get_mut(at), index.get(r.question.as_str()))
            && let Some(a) = p.answers.get_mut(qi)
        {
            *a = r.rating;
        }
    }
    out
}

/// Warnings about the assessment: disagreements, agreement too low to rely on, dimensions
/// nobody rated.
fn assessment_warnings(
    ratings: &Ratings,
    questions: &[QuestionResult],
    dimensions: &[DimensionResult],
    summary: &AssessmentSummary,
    warnings: &mut Vec<Diagnostic>,
) {
    let sheet = || Place::Sheet {
        sheet: ratings.sheet.clone(),
    };
    let warn = |msg: String| Diagnostic::warning(&ratings.source, sheet(), msg);
    for q in questions
        .iter()
        .filter(|q| summary.disagreements.contains(&q.id))
    {
        let values: Vec<f64> = q.ratings.iter().flatten().map(|r| r.rating).collect();
        let lo = values.iter().copied().reduce(f64::min).unwrap_or(0.0);
        let hi = values.iter().copied().reduce(f64::max).unwrap_or(0.0);
        let (lo, hi) = (
            crate::grid::format_number(lo),
            crate::grid::format_number(hi),
        );
        let median = q.mean.map(crate::grid::format_number).unwrap_or_default();
        let d = warn(format!(
            "disagreement on `{}`: the assessors' ratings run from {lo} to {hi} and there is no consensus row; the median {median} is used",
            q.id,
        ))
        .with_help("record the rating agreed in the consensus meeting in a row whose assessor is `consensus` (`إجماع`)")
        .with_words(Phrase::new(
            "warn_disagreement",
            vec![
                ("id", Arg::Text(q.id.clone())),
                ("lo", Arg::Text(lo)),
                ("hi", Arg::Text(hi)),
                ("median", Arg::Text(median)),
            ],
        ))
        .with_help_words(Phrase::new("warn_disagreement_help", Vec::new()));
        warnings.push(d);
    }
    match summary.alpha {
        Some(a) if a < assessment::ALPHA_TENTATIVE => warnings.push(warn(format!(
            "the assessors agree too little to rely on their ratings: Krippendorff's alpha is {a:.3}, below 0.667"
        ))),
        None if summary.paired_questions > 0 => warnings.push(warn(
            "Krippendorff's alpha is undefined: every rating has the same value".into(),
        )),
        _ => {}
    }
    for d in dimensions.iter().filter(|d| d.score.is_none()) {
        warnings.push(warn(format!(
            "dimension `{}` has no rating (every rating is not applicable or blank): it has no score and is left out of the overall score",
            d.id
        )));
    }
}

/// What scoring a segment needs besides its respondents.
struct SegmentInputs<'a> {
    model: &'a Model,
    info: &'a ModelInfo,
    layout: &'a Layout,
    questions: &'a [QuestionResult],
}

/// Scores by segment: each column's values in sorted order, so output does not depend on row
/// order. Small segments are flagged (and their scores left out when the engagement asks).
fn segment_results(
    inputs: &SegmentInputs<'_>,
    data: &ClientData,
    included: &[&Respondent],
    opts: &ScoreOptions,
    places: &Places<'_>,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<SegmentResult> {
    let columns: Vec<String> = if opts.segments.is_empty() {
        data.responses.segment_columns.clone()
    } else {
        opts.segments.clone()
    };
    let mut segments = Vec::new();
    for col in &columns {
        let mut by: BTreeMap<&str, Vec<&Respondent>> = BTreeMap::new();
        for r in included {
            if let Some(v) = r
                .segments
                .get(col)
                .map(|v| v.trim())
                .filter(|v| !v.is_empty())
            {
                by.entry(v).or_default().push(r);
            }
        }
        let hidden = hidden_groups(&by, opts);
        let all_hidden = !hidden.is_empty() && hidden.len() == by.len();
        for (value, rs) in by {
            let n = rs.len() as u64;
            let small = n < u64::from(opts.min_segment_size);
            let complementary = !small && hidden.contains(value);
            let suppressed = hidden.contains(value);
            if small {
                warnings.push(places.sheet_warning(format!(
                    "segment `{col}` = `{value}` has {n} respondent(s), fewer than {}; {}",
                    opts.min_segment_size,
                    if suppressed {
                        "its scores are left out for anonymity"
                    } else {
                        "flagged as small"
                    }
                )));
            } else if complementary && !all_hidden {
                warnings.push(places.sheet_warning(format!(
                    "segment `{col}` = `{value}` ({n} respondent(s)) is hidden too: with only the small group(s) hidden, their answers could be worked out from the overall results and the groups shown"
                )));
            }
            let mut seg = SegmentResult {
                column: col.clone(),
                value: value.to_string(),
                n,
                small,
                suppressed,
                complementary,
                overall: None,
                dimensions: Vec::new(),
                questions: Vec::new(),
            };
            if !suppressed {
                score_segment(inputs, &rs, &mut seg);
            }
            segments.push(seg);
        }
        if all_hidden {
            warnings.push(places.sheet_warning(format!(
                "segment `{col}`: every group is hidden: hiding only the small group(s) would let their answers be worked out from the overall results and the groups shown, so the breakdown by `{col}` is not shown"
            )));
        }
    }
    segments
}

/// The groups of one segment column whose scores are hidden, when the engagement suppresses
/// small groups ([`hidden_set`]). Empty when nothing is small or nothing is suppressed.
fn hidden_groups<'a>(
    by: &BTreeMap<&'a str, Vec<&Respondent>>,
    opts: &ScoreOptions,
) -> BTreeSet<&'a str> {
    if !opts.suppress_small_segments {
        return BTreeSet::new();
    }
    let sizes: Vec<(&str, u64)> = by.iter().map(|(v, rs)| (*v, rs.len() as u64)).collect();
    hidden_set(&sizes, u64::from(opts.min_segment_size))
}

/// The privacy rule for a breakdown into groups (segment scores, and the NPS, CSAT and CES
/// groups by channel, segment and stage), given each group's value and size: every group
/// below `min` is hidden, then (complementary suppression) the smallest groups still shown,
/// fewest first (ties in the order given), until the hidden groups hold at least `min`
/// together. Otherwise one hidden group's figures would be the overall figure less the groups
/// shown (n × mean, or promoters and detractors, subtracted). When this hides every group,
/// no group is shown. Empty when nothing is small.
pub(crate) fn hidden_set<'a>(groups: &[(&'a str, u64)], min: u64) -> BTreeSet<&'a str> {
    let mut hidden = BTreeSet::new();
    let mut total = 0u64;
    for (value, n) in groups {
        if *n < min {
            hidden.insert(*value);
            total += n;
        }
    }
    if hidden.is_empty() {
        return hidden;
    }
    let mut shown: Vec<(&str, u64)> = groups
        .iter()
        .filter(|(v, _)| !hidden.contains(*v))
        .copied()
        .collect();
    shown.sort_by_key(|(_, n)| *n);
    for (value, n) in shown {
        if total >= min {
            break;
        }
        hidden.insert(value);
        total += n;
    }
    hidden
}

/// Fills a segment's overall, dimension and question scores from its respondents.
fn score_segment(inputs: &SegmentInputs<'_>, rs: &[&Respondent], seg: &mut SegmentResult) {
    let SegmentInputs {
        model,
        info,
        layout,
        questions,
    } = inputs;
    let st = tally(layout, rs.iter().copied());
    let sg = maturity::group_scores(model, layout, &st);
    let mut overall = overall_of(info, sg.overall);
    if model.gated() {
        overall.level = None;
        overall.level_name = None;
    }
    seg.overall = Some(overall);
    seg.dimensions = model
        .dimensions
        .value
        .iter()
        .enumerate()
        .map(|(di, d)| {
            let score = sg.dimensions.get(di).copied().flatten();
            SegmentScore {
                id: d.id.value.clone(),
                score,
                // Gated levels need every practice's verdict: not given per segment.
                level: score
                    .filter(|_| !model.gated())
                    .and_then(|s| level_of(&info.levels, s)),
                n: st.dim_n.get(di).copied().unwrap_or(0),
            }
        })
        .collect();
    seg.questions = questions
        .iter()
        .zip(&sg.questions)
        .map(|(q, (mean, n, _))| SegmentScore {
            id: q.id.clone(),
            score: *mean,
            level: None,
            n: *n,
        })
        .collect();
}

fn model_info(model: &Model) -> ModelInfo {
    ModelInfo {
        id: model.id.value.clone(),
        version: model.version.value.clone(),
        title: model.title.clone(),
        scale_min: model.scale.min.value,
        scale_max: model.scale.max.value,
        scale_labels: model
            .scale
            .labels
            .iter()
            .map(|(k, v)| ScaleLabel {
                value: k.value,
                label: v.clone(),
            })
            .collect(),
        levels: model
            .levels
            .value
            .iter()
            .enumerate()
            .map(|(i, l)| LevelInfo {
                number: u32::try_from(i + 1).unwrap_or(u32::MAX),
                name: l.name.clone(),
                min_score: l.min_score.value,
                description: l.description.clone(),
            })
            .collect(),
    }
}

fn level_name(levels: &[LevelInfo], number: u32) -> Option<Text> {
    levels
        .iter()
        .find(|l| l.number == number)
        .map(|l| l.name.clone())
}

fn overall_of(info: &ModelInfo, score: Option<f64>) -> Overall {
    let level = score.and_then(|s| level_of(&info.levels, s));
    Overall {
        benchmark: None,
        score,
        index: score.and_then(|s| index_of(s, info.scale_min, info.scale_max)),
        level,
        level_name: level.and_then(|l| level_name(&info.levels, l)),
    }
}

/// Stable sorts, so ties keep model order. `dimension_gaps` is left empty:
/// [`crate::analysis::settle_gaps`] fills it.
fn rank(dims: &[DimensionResult], questions: &[QuestionResult]) -> Ranking {
    let desc = |a: f64, b: f64| b.total_cmp(&a);
    let mut strengths: Vec<&DimensionResult> = dims.iter().filter(|d| d.score.is_some()).collect();
    strengths.sort_by(|a, b| desc(a.score.unwrap_or(0.0), b.score.unwrap_or(0.0)));
    let mut qs: Vec<&QuestionResult> = questions.iter().filter(|q| q.mean.is_some()).collect();
    qs.sort_by(|a, b| desc(a.mean.unwrap_or(0.0), b.mean.unwrap_or(0.0)));
    let question_strengths: Vec<String> = qs.iter().map(|q| q.id.clone()).collect();
    qs.sort_by(|a, b| a.mean.unwrap_or(0.0).total_cmp(&b.mean.unwrap_or(0.0)));
    Ranking {
        dimension_strengths: strengths.iter().map(|d| d.id.clone()).collect(),
        dimension_gaps: Vec::new(),
        question_strengths,
        question_gaps: qs.iter().map(|q| q.id.clone()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Answer, Responses};

    const MODEL: &str = "id: t\nversion: \"1\"\ntitle: T\nscale: {min: 1, max: 5}\n\
        levels:\n  - {name: A, min_score: 1}\n  - {name: B, min_score: 3}\n\
        dimensions:\n  - id: d\n    name: D\n    questions:\n      - {id: Q1, text: Q}\n      - {id: Q2, text: Q}\n      - {id: Q3, text: Q}\n";

    fn data(rows: &[(&str, [Answer; 3])]) -> ClientData {
        ClientData {
            responses: Responses {
                source: "d.xlsx".into(),
                sheet: "Responses".into(),
                questions: vec!["Q1".into(), "Q2".into(), "Q3".into()],
                segment_columns: vec!["S".into()],
                kind: Kind::Xlsx,
                respondents: rows
                    .iter()
                    .enumerate()
                    .map(|(i, (seg, a))| Respondent {
                        id: format!("R{i}"),
                        row: i as u32 + 1,
                        segments: BTreeMap::from([("S".to_string(), seg.to_string())]),
                        answers: a.to_vec(),
                        comments: Vec::new(),
                    })
                    .collect(),
            },
            ..ClientData::default()
        }
    }

    use Answer::{Blank as B, NotApplicable as NA, Value as V};

    #[test]
    fn exclusions_and_small_segments_follow_the_options() {
        let model = crate::model::load_model_str("t.yaml", MODEL)
            .unwrap()
            .output;
        let d = data(&[
            ("x", [V(5), V(4), V(3)]),
            ("x", [V(1), B, B]),     // incomplete: 1 of 3
            ("y", [V(2), V(2), NA]), // straight-liner (N/A allowed)
            ("y", [V(2), V(2), B]),  // not a straight-liner: a blank
        ]);
        let mut opts = ScoreOptions {
            min_segment_size: 3,
            ..ScoreOptions::default()
        };
        let r = score(&model, &d, &opts).output;
        assert_eq!(r.respondents, 4);
        assert_eq!(r.data_quality.incomplete.len(), 1);
        assert_eq!(r.data_quality.straightliners.len(), 1);
        assert_eq!(r.data_quality.straightliners[0].id, "R2");
        // Not suppressed: small segments keep their scores but are flagged.
        assert!(r.segments.iter().all(|s| s.small && !s.suppressed));
        // Segment x: Q1 (5 + 1) / 2 = 3, Q2 4, Q3 3 → (3 + 4 + 3) / 3.
        let x = r.segments[0].overall.as_ref().unwrap().score.unwrap();
        assert!((x - 10.0 / 3.0).abs() < 1e-12);

        opts.exclude.incomplete = true;
        opts.exclude.straightliners = true;
        opts.suppress_small_segments = true;
        let r = score(&model, &d, &opts).output;
        assert_eq!(r.respondents, 2);
        assert_eq!(r.data_quality.excluded, 2);
        // Q1 over R0 and R3: (5 + 2) / 2.
        assert_eq!(r.questions[0].mean, Some(3.5));
        assert!(
            r.segments
                .iter()
                .all(|s| s.suppressed && s.overall.is_none())
        );
        assert!(
            r.warnings
                .iter()
                .any(|w| w.message.contains("left out for anonymity"))
        );
    }

    /// The privacy rule: small groups hidden, then the smallest shown ones (ties in the
    /// order given) until the hidden ones hold the minimum together; every group when that
    /// leaves none; nothing when nothing is small.
    #[test]
    fn hidden_set_hides_small_groups_and_their_complement() {
        let set = |g: &[(&'static str, u64)], min| -> Vec<&'static str> {
            hidden_set(g, min).into_iter().collect()
        };
        assert_eq!(set(&[("IT", 2), ("Sales", 10)], 5), ["IT", "Sales"]);
        let four = [("HR", 6), ("IT", 2), ("Ops", 7), ("Sales", 10)];
        assert_eq!(set(&four, 5), ["HR", "IT"]);
        // Two small groups holding the minimum together: nothing else hidden.
        assert_eq!(set(&[("A", 3), ("B", 2), ("C", 9)], 5), ["A", "B"]);
        // A tie among the shown: the first given goes.
        assert_eq!(set(&[("A", 1), ("B", 6), ("C", 6)], 5), ["A", "B"]);
        assert!(set(&[("A", 5), ("B", 6)], 5).is_empty());
        assert!(set(&[], 5).is_empty());
    }

    /// An assessment with a staff survey of two: below `min_segment_size` 3 the
    /// self-assessment is withheld (null, counted, warned); at 2 it is shown.
    #[test]
    fn a_staff_survey_below_the_minimum_group_size_is_withheld() {
        let model = crate::model::load_model_str("t.yaml", MODEL)
            .unwrap()
            .output;
        let mut d = data(&[("x", [V(4), V(4), V(4)]), ("x", [V(2), V(2), V(2)])]);
        let rows = ["Q1", "Q2", "Q3"]
            .iter()
            .flat_map(|q| {
                ["Huda", "Omar"].map(|a| crate::data::AssessorRow {
                    assessor: a.into(),
                    consensus: false,
                    question: q.to_string(),
                    rating: V(3),
                    evidence: None,
                    note: None,
                    place: crate::error::Place::File,
                })
            })
            .collect();
        d.assessment = Some(crate::data::Ratings {
            rows,
            ..Default::default()
        });
        let opts = |min| ScoreOptions {
            min_segment_size: min,
            ..ScoreOptions::default()
        };
        let r = score(&model, &d, &opts(3)).output;
        assert_eq!(r.dimensions[0].self_assessment, Some(None));
        let a = r.assessment.as_ref().unwrap();
        assert_eq!(a.self_assessment_withheld, Some(2));
        assert!(r.warnings.iter().any(|w| w.message.contains(
            "the staff survey has 2 respondent(s), fewer than the engagement's `min_segment_size` of 3"
        )));
        let r = score(&model, &d, &opts(2)).output;
        assert_eq!(r.dimensions[0].self_assessment, Some(Some(3.0)));
        assert_eq!(r.assessment.unwrap().self_assessment_withheld, None);
    }

    #[test]
    fn no_answers_gives_no_scores_not_zero() {
        let model = crate::model::load_model_str("t.yaml", MODEL)
            .unwrap()
            .output;
        let r = score(
            &model,
            &data(&[("x", [B, NA, B])]),
            &ScoreOptions::default(),
        )
        .output;
        assert_eq!(r.overall.score, None);
        assert_eq!(r.overall.level, None);
        assert_eq!(r.dimensions[0].score, None);
        // A respondent with no valid answer is no respondent (tester5 F21): flagged, left
        // out of every count, its N/A included.
        assert_eq!(r.respondents, 0);
        assert_eq!(r.data_quality.no_answer.len(), 1);
        assert_eq!(r.data_quality.excluded, 1);
        assert_eq!(r.questions[1].not_applicable, 0);
        let r = score(&model, &ClientData::default(), &ScoreOptions::default()).output;
        assert_eq!(r.respondents, 0);
        assert_eq!(r.overall.score, None);
    }

    #[test]
    fn json_round_trips() {
        let model = crate::model::load_model_str("t.yaml", MODEL)
            .unwrap()
            .output;
        let r = score(
            &model,
            &data(&[("x", [V(5), V(4), V(3)])]),
            &ScoreOptions::default(),
        )
        .output;
        let text = serde_json::to_string(&r).unwrap();
        let back = parse_previous(Path::new("p.json"), &text).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn blank_and_na_ratings_are_the_rows_the_reader_counts() {
        // Two assessors, three questions: `b` never rated Q2 or Q3 (no row: not a blank),
        // `a` left Q2 empty (a blank), the consensus row of Q3 is N/A, `b` gave Q1 N/A.
        let row = |assessor: &str, question: &str, rating| AssessorRow {
            assessor: assessor.into(),
            consensus: assessor == "consensus",
            question: question.into(),
            rating,
            evidence: None,
            note: None,
            place: Place::File,
        };
        let rows = vec![
            row("a", "Q1", V(2)),
            row("a", "Q2", B),
            row("a", "Q3", V(1)),
            row("b", "Q1", NA),
            row("consensus", "Q3", NA),
        ];
        let ids: Vec<String> = ["Q1", "Q2", "Q3"].map(String::from).to_vec();
        assert_eq!(row_counts(&ids, &rows), vec![(1, 0), (0, 1), (1, 0)]);
        // The tally of one answer list per assessor counts `b`'s missing Q2 and Q3 as blanks:
        // the reason the counts come from the rows.
        let per_assessor = assessor_answers(&ids, &rows);
        let missing = per_assessor
            .iter()
            .flat_map(|p| &p.answers)
            .filter(|a| **a == B)
            .count();
        assert_eq!(missing, 3);
    }
}
