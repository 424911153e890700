//! Plain typed client data, as read from a workbook or CSV. Every value keeps where it came
//! from, so later stages can still name the cell. Answers are keyed by question id (never by
//! column position): `Responses::questions[i]` is the id of `Respondent::answers[i]`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::error::Place;
use crate::grid::Kind;

/// One answer to one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Answer {
    /// Empty cell.
    Blank,
    /// "N/A", "لا ينطبق" or a configured equivalent: excluded from the denominator, counted.
    NotApplicable,
    /// A value on the model's scale (already checked to lie within it).
    Value(i32),
}

impl Answer {
    /// The numeric value, if the respondent gave one.
    pub fn value(self) -> Option<i32> {
        match self {
            Answer::Value(v) => Some(v),
            _ => None,
        }
    }
}

/// One respondent (one data row of the responses sheet).
#[derive(Debug, Clone, PartialEq)]
pub struct Respondent {
    /// The `respondent` column's value, or `row N` when there is none.
    pub id: String,
    /// 0-based row in the sheet (or CSV record index + header offset), for messages.
    pub row: u32,
    /// Segment column name (as named in the engagement) → this respondent's value.
    pub segments: BTreeMap<String, String>,
    /// Answers aligned with `Responses::questions`.
    pub answers: Vec<Answer>,
    /// Free-text comments from the engagement's comment columns, with their cell.
    pub comments: Vec<Comment>,
}

/// A free-text comment (verbatim) and where it was found.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    /// The column header it came from.
    pub column: String,
    /// The text as written (personal data is masked later, at report time).
    pub text: String,
    /// Its cell.
    pub place: Place,
}

/// The maturity answers of one engagement.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Responses {
    /// The workbook or CSV file.
    pub source: PathBuf,
    /// The sheet read (file name for CSV).
    pub sheet: String,
    /// Question ids in model order; the index into `Respondent::answers`.
    pub questions: Vec<String>,
    /// Segment columns found, as named in the engagement.
    pub segment_columns: Vec<String>,
    /// Respondents in sheet order (blank rows already skipped and counted in warnings).
    pub respondents: Vec<Respondent>,
    /// What kind of file `source` is (set by the reader from the content, whatever the
    /// extension): places in a CSV (`.csv`, `.tsv`, `.txt`) print as `row R, column C`.
    pub kind: Kind,
}

/// One row of the `Assessment` sheet: an assessor's rating of one question, or the rating
/// agreed in the consensus meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct AssessorRow {
    /// The assessor as written (trimmed), or the consensus word.
    pub assessor: String,
    /// The row records the consensus meeting's rating (`consensus` / `إجماع`).
    pub consensus: bool,
    /// The model's id of the question rated.
    pub question: String,
    /// The rating (blank and N/A kept, so they can be counted).
    pub rating: Answer,
    /// The evidence the assessor cites, when given.
    pub evidence: Option<String>,
    /// The assessor's note, when given.
    pub note: Option<String>,
    /// The rating's cell, e.g. `Assessment!C7`.
    pub place: Place,
}

/// The `Assessment` sheet of an evidence-based assessment.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ratings {
    /// The workbook or CSV file.
    pub source: PathBuf,
    /// The sheet read.
    pub sheet: String,
    /// Its rows in sheet order (blank rows skipped and counted in warnings).
    pub rows: Vec<AssessorRow>,
}

/// A single 0-10 / 1-5 / 1-7 rating from a metric sheet (NPS, CSAT, CES).
#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    /// The answer.
    pub score: i32,
    /// `channel` column, when present.
    pub channel: Option<String>,
    /// `segment` column, when present.
    pub segment: Option<String>,
    /// The journey stage (`stage` column), as the id of the engagement's `journey:` stage it
    /// names, when present.
    pub stage: Option<String>,
    /// `date` column, when present, as YYYY-MM-DD.
    pub date: Option<String>,
    /// `comment` column (e.g. the reason behind an NPS score), when present.
    pub comment: Option<String>,
    /// Where the score was read.
    pub place: Place,
}

/// What a rating is counted under: its channel, segment and journey stage (each optional).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct RatingKey {
    /// `channel` value, trimmed; `None` when blank or absent.
    pub channel: Option<String>,
    /// `segment` value, trimmed; `None` when blank or absent.
    pub segment: Option<String>,
    /// Journey stage id; `None` when blank or absent.
    pub stage: Option<String>,
}

/// Ratings counted rather than kept: for each [`RatingKey`], the number of answers of each
/// value `min..=min + len − 1`. This is all a score needs (NPS, CSAT, CES and their margins
/// are functions of these counts), so a feed of millions of answers is held in a few
/// hundred numbers. Built by the streaming CSV reader, and from sheet rows by the scorer.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RatingCounts {
    /// The answer value counted at index 0.
    pub min: i32,
    /// The highest answer value counted.
    pub max: i32,
    /// Counts per value (`value − min` is the index), per key.
    pub groups: BTreeMap<RatingKey, Vec<u64>>,
}

impl RatingCounts {
    /// No answers yet, for values `min..=max`.
    pub fn new(min: i32, max: i32) -> Self {
        RatingCounts {
            min,
            max,
            groups: BTreeMap::new(),
        }
    }

    /// Counts `n` answers of `value` under `key`; `false` (nothing counted) when the value
    /// is outside `min..=max`.
    pub fn add(&mut self, key: RatingKey, value: i32, n: u64) -> bool {
        let Some(i) = value
            .checked_sub(self.min)
            .and_then(|i| usize::try_from(i).ok())
            .filter(|_| value <= self.max)
        else {
            return false;
        };
        let width = usize::try_from(self.max - self.min + 1).unwrap_or(0);
        let counts = self.groups.entry(key).or_insert_with(|| vec![0; width]);
        match counts.get_mut(i) {
            Some(c) => {
                *c += n;
                true
            }
            None => false,
        }
    }

    /// Counts per value over the keys `keep` selects.
    pub fn total(&self, keep: impl Fn(&RatingKey) -> bool) -> Vec<u64> {
        let width = usize::try_from(self.max - self.min + 1).unwrap_or(0);
        let mut out = vec![0u64; width];
        for (k, counts) in &self.groups {
            if keep(k) {
                for (o, c) in out.iter_mut().zip(counts) {
                    *o += c;
                }
            }
        }
        out
    }

    /// Answers counted.
    pub fn n(&self) -> u64 {
        self.groups.values().flatten().sum()
    }
}

/// A comment that may stand for its journey stage in the report: the most telling one.
#[derive(Debug, Clone, PartialEq)]
pub struct StageComment {
    /// The comment as written (masked later, at report time).
    pub text: String,
    /// The score it was given with.
    pub score: i32,
    /// Where it was read.
    pub place: Place,
}

/// Comments shorter than this many words say too little to stand for a stage.
pub const TELLING_MIN_WORDS: usize = 3;
/// Comments longer than this many characters are not quoted whole, so never chosen.
pub const TELLING_MAX_CHARS: usize = 280;

impl StageComment {
    /// Can `text` stand for a stage: at least [`TELLING_MIN_WORDS`] words and at most
    /// [`TELLING_MAX_CHARS`] characters?
    pub fn quotable(text: &str) -> bool {
        text.split_whitespace().count() >= TELLING_MIN_WORDS
            && text.chars().count() <= TELLING_MAX_CHARS
    }

    /// Keeps in `best` the most telling of it and a new comment (given in file order): the
    /// one given with the lower score (the moment that went worst), then the longer, then
    /// the earlier. Comments that are not [`StageComment::quotable`] are never kept.
    pub fn keep(
        best: &mut Option<StageComment>,
        text: &str,
        score: i32,
        place: impl FnOnce() -> Place,
    ) {
        let text = text.trim();
        if !Self::quotable(text) {
            return;
        }
        let better = match best {
            None => true,
            Some(b) => {
                score < b.score
                    || (score == b.score && text.chars().count() > b.text.chars().count())
            }
        };
        if better {
            *best = Some(StageComment {
                text: text.to_string(),
                score,
                place: place(),
            });
        }
    }
}

/// One metric's answers read from a CSV feed (engagement `metric_files:`), counted while
/// streaming: nothing of the rows is kept but the counts and each stage's most telling
/// comment.
#[derive(Debug, Clone, PartialEq)]
pub struct RatingFeed {
    /// The CSV file.
    pub file: PathBuf,
    /// Answers counted per channel, segment and stage.
    pub counts: RatingCounts,
    /// Per journey stage id, its most telling comment ([`StageComment::keep`]).
    pub stage_comments: BTreeMap<String, StageComment>,
}

/// The metric feeds read (engagement `metric_files:`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Feeds {
    /// NPS answers.
    pub nps: Option<RatingFeed>,
    /// CSAT answers.
    pub csat: Option<RatingFeed>,
    /// CES answers.
    pub ces: Option<RatingFeed>,
}

/// Which way an operational indicator improves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    /// Higher values are better (first contact resolution, complaints closed on time).
    Higher,
    /// Lower values are better (waiting time, handling time, complaints).
    Lower,
}

/// A reporting period of an operational indicator: its label as written, and the days it
/// covers when the label is one nudj can order (a date, `2026-03`, `2026-Q1`, `2026-H1`,
/// `2026`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// The label as written (a date cell as `YYYY-MM-DD`).
    pub label: String,
    /// First and last day covered; `None` when the label cannot be ordered.
    pub span: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
}

/// One row of the KPIs sheet: an operational indicator's value in one period (and channel,
/// stage), in the indicator's unit; percentages in percent points (61 for 61 %).
#[derive(Debug, Clone, PartialEq)]
pub struct KpiRow {
    /// The indicator's name as written, e.g. `First contact resolution`.
    pub indicator: String,
    /// The measured value (percent points when `unit` is `%`).
    pub value: f64,
    /// The target agreed with the owner, same unit; `None` when the cell is blank.
    pub target: Option<f64>,
    /// The unit as written (`%`, `seconds`, `دقيقة`); `%` when the value was a percentage.
    pub unit: Option<String>,
    /// Which way is better.
    pub better: Better,
    /// `channel` column, when present.
    pub channel: Option<String>,
    /// Journey stage id (`stage` column), when present.
    pub stage: Option<String>,
    /// `period` column, when present.
    pub period: Option<Period>,
    /// Where the row's `value` was read.
    pub place: Place,
    /// Where its `period` was read (the value's place without a period column).
    pub period_place: Place,
}

impl KpiRow {
    /// The key of the indicator's series (its values over periods): indicator, channel and
    /// stage, compared normalised.
    pub fn series_key(&self) -> (String, String, String) {
        let n = |s: &Option<String>| {
            s.as_deref()
                .map(crate::normalize::normalize)
                .unwrap_or_default()
        };
        (
            crate::normalize::normalize(&self.indicator),
            n(&self.channel),
            n(&self.stage),
        )
    }
}

/// One period of customer counts (Customers sheet), for churn.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerPeriod {
    /// Period label, e.g. "2026-Q1".
    pub period: String,
    /// Customers at the start of the period.
    pub customers_start: f64,
    /// Customers at the end of the period.
    pub customers_end: f64,
    /// New customers won during the period, when known.
    pub new_customers: Option<f64>,
    /// Where the row was read.
    pub place: Place,
}

/// CLV inputs (one row of the CLV sheet; several rows = several segments).
#[derive(Debug, Clone, PartialEq)]
pub struct ClvInput {
    /// Optional label (`segment` column).
    pub segment: Option<String>,
    /// Average value of one purchase.
    pub avg_purchase_value: f64,
    /// Purchases per customer per year.
    pub purchase_frequency: f64,
    /// Expected relationship length in years.
    pub customer_lifespan_years: f64,
    /// Gross margin as a fraction (0..1); 1 when absent.
    pub gross_margin: Option<f64>,
    /// Number of customers in the segment (`customers` column); weights the headline CLV.
    pub customers: SegmentCustomers,
    /// Where the row was read.
    pub place: Place,
}

/// The `customers` count of a CLV row: the weight of its segment in the headline CLV.
#[derive(Debug, Clone, PartialEq)]
pub enum SegmentCustomers {
    /// A positive whole number of customers (checked by the reader).
    Count(f64),
    /// No count: the empty cell where it belongs, or the sheet when it has no `customers`
    /// column (so a warning can point at it).
    Missing(Place),
}

impl SegmentCustomers {
    /// The count, when given.
    pub fn count(&self) -> Option<f64> {
        match self {
            SegmentCustomers::Count(n) => Some(*n),
            SegmentCustomers::Missing(_) => None,
        }
    }
}

/// Everything read from one engagement's data file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClientData {
    /// Maturity answers (for an assessment: the staff survey beside it, possibly empty).
    pub responses: Responses,
    /// Assessors' ratings (`method: assessment` only).
    pub assessment: Option<Ratings>,
    /// NPS answers (None when the sheet is absent).
    pub nps: Option<Vec<Rating>>,
    /// CSAT answers.
    pub csat: Option<Vec<Rating>>,
    /// CES answers.
    pub ces: Option<Vec<Rating>>,
    /// Customer counts per period.
    pub customers: Option<Vec<CustomerPeriod>>,
    /// CLV inputs.
    pub clv: Option<Vec<ClvInput>>,
    /// Operational indicators (KPIs sheet or file), in row order; `None` without them.
    pub kpis: Option<Vec<KpiRow>>,
    /// Metric answers from CSV feeds (`metric_files:`), counted.
    pub feeds: Feeds,
}
