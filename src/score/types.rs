//! The scoring result: the documented JSON of `nudj score --format json`
//! (docs/score-json.md). Names and texts are kept in both languages so later stages (charts,
//! report) need nothing but this value. Numbers are full precision; rounding is for display.

use serde::{Deserialize, Serialize};

pub use crate::data::Better;
use crate::error::Diagnostic;
use crate::text::{Lang, Text};

/// Version of the JSON layout. Bumped when a field changes meaning or disappears; readers
/// of `previous:` files refuse versions they do not know.
pub const SCHEMA_VERSION: u32 = 1;

/// Everything `nudj score` computes for one engagement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreResult {
    /// Layout version of this JSON ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// The language the engagement reports in (names are kept in both).
    pub lang: Lang,
    /// The assessment's date (the engagement's `date`), `YYYY-MM-DD`: what a later wave's
    /// report names this one by ("since the previous assessment (March 2026)"). Absent from
    /// JSON written before nudj recorded it; such a file is read all the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<chrono::NaiveDate>,
    /// The model scored against: identity, scale and levels.
    pub model: ModelInfo,
    /// Respondents whose answers were scored (after exclusions).
    pub respondents: u64,
    /// The overall maturity score.
    pub overall: Overall,
    /// One entry per model dimension, in model order.
    pub dimensions: Vec<DimensionResult>,
    /// One entry per model question, in model order.
    pub questions: Vec<QuestionResult>,
    /// Dimensions and questions ranked (strengths and gaps).
    pub ranking: Ranking,
    /// Scores per value of each segment column.
    pub segments: Vec<SegmentResult>,
    /// CX metrics (each present only when its sheet had data and the model reports it).
    pub metrics: MetricsResult,
    /// The engagement's journey stages in order, with their names (empty without
    /// `journey:`): what `by_stage` ids and KPI stages name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub journey: Vec<StageInfo>,
    /// Operational indicators (KPIs sheet): every value, each indicator's series (indicator,
    /// channel, stage) in order of first appearance and its periods in time order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kpis: Vec<KpiResult>,
    /// The latest period of each series of `kpis`, in the same series order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kpis_latest: Vec<KpiResult>,
    /// Comparison with the previous assessment, when one was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparison: Option<Comparison>,
    /// The sector benchmark the client is placed in, when the engagement names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub benchmark: Option<BenchmarkInfo>,
    /// Respondents flagged for straight-lining or incompleteness.
    pub data_quality: DataQuality,
    /// Assessments: assessors and their agreement. Absent for survey engagements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment: Option<AssessmentSummary>,
    /// Every warning met while reading and scoring (also printed by the CLI).
    pub warnings: Vec<Diagnostic>,
}

/// The model's identity, scale and levels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelInfo {
    /// Model id, e.g. `cx-maturity`.
    pub id: String,
    /// Model version, e.g. `1.0`.
    pub version: String,
    /// Model title.
    pub title: Text,
    /// Lowest answer on the scale.
    pub scale_min: i64,
    /// Highest answer on the scale.
    pub scale_max: i64,
    /// Label per scale value, ascending (values without a label are absent).
    pub scale_labels: Vec<ScaleLabel>,
    /// Maturity levels, ascending; `number` is 1-based.
    pub levels: Vec<LevelInfo>,
}

/// A labelled answer value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScaleLabel {
    /// The answer value.
    pub value: i64,
    /// Its label.
    pub label: Text,
}

/// One maturity level of the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelInfo {
    /// 1-based level number.
    pub number: u32,
    /// Level name.
    pub name: Text,
    /// Lowest score (scale units) that reaches the level.
    pub min_score: f64,
    /// What an organisation at this level looks like.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
}

/// The overall score: weighted mean of the dimension scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overall {
    /// Score in scale units; `None` when no question has an answer.
    pub score: Option<f64>,
    /// (score − scale min) / (scale max − scale min) × 100.
    pub index: Option<f64>,
    /// 1-based level.
    pub level: Option<u32>,
    /// Name of that level.
    pub level_name: Option<Text>,
    /// Where the client stands in the engagement's `benchmark:` (absent without one, or when
    /// the benchmark has no such figure).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub benchmark: Option<Placement>,
}

/// Met / near / missed against a target (see docs/scoring.md for "near").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetStatus {
    /// At or beyond the target.
    Met,
    /// Short of the target by at most 10% of the target's size.
    Near,
    /// Further away.
    Missed,
}

/// One dimension's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimensionResult {
    /// Dimension id.
    pub id: String,
    /// Dimension name.
    pub name: Text,
    /// What the dimension covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// Weight in the overall score.
    pub weight: f64,
    /// Weighted mean of the question means; `None` when no question has an answer.
    pub score: Option<f64>,
    /// Score as 0-100 index.
    pub index: Option<f64>,
    /// 1-based level.
    pub level: Option<u32>,
    /// Name of that level.
    pub level_name: Option<Text>,
    /// Target in scale units, from the engagement.
    pub target: Option<f64>,
    /// The dimension's gap, measured as `gap_basis` says: target − score (positive: short
    /// of the target) when it has a target; else the distance from its score to its next
    /// level's lowest score, or in a gated model the number of practices blocking its next
    /// level. Null without a score, at the top level, or (gated) with nothing blocking.
    pub gap: Option<f64>,
    /// What `gap` measures: `target`, `next_level` or `practices`; absent when `gap` is null.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gap_basis: Option<crate::analysis::GapBasis>,
    /// gap × weight: the order of `ranking.dimension_gaps` and of the roadmap.
    pub priority: Option<f64>,
    /// Met / near / missed.
    pub status: Option<TargetStatus>,
    /// Respondents with at least one valid answer in this dimension.
    pub n: u64,
    /// Ids of the dimension's questions, in model order.
    pub questions: Vec<String>,
    /// The model's recommendations for the dimension's current level.
    pub recommendations: Vec<Text>,
    /// Where the client stands in the engagement's `benchmark:` (absent without one, or when
    /// the benchmark has no such figure).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub benchmark: Option<Placement>,
    /// Assessments: the dimension's score in the staff survey of the `Responses` sheet (the
    /// self-assessment; null without one). Absent for survey engagements.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub self_assessment: Option<Option<f64>>,
}

/// One question's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionResult {
    /// Question id.
    pub id: String,
    /// Id of its dimension.
    pub dimension: String,
    /// The question text.
    pub text: Text,
    /// Weight in its dimension.
    pub weight: f64,
    /// Mean of the valid answers; `None` when there are none.
    pub mean: Option<f64>,
    /// Number of valid answers.
    pub n: u64,
    /// Sample standard deviation (n − 1); `None` below two answers.
    pub sd: Option<f64>,
    /// Count per scale value, from scale min to scale max.
    pub distribution: Vec<u64>,
    /// "Not applicable" answers (excluded from n).
    pub not_applicable: u64,
    /// Blank answers (excluded from n).
    pub blank: u64,
    /// The maturity level the practice belongs to (model `level:`), when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<u32>,
    /// Gated models: whether the question's score reaches `met_at` (null: no score, which
    /// counts as not met). Absent for threshold models.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub met: Option<Option<bool>>,
    /// Assessments: the consensus rating (the consensus row's, else the median of the
    /// assessors' ratings; null when nobody rated the question). Also in `mean`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub consensus: Option<Option<f64>>,
    /// Assessments: where the consensus rating comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consensus_source: Option<ConsensusSource>,
    /// Assessments: each assessor's rating (consensus rows and N/A left out), in assessor
    /// order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ratings: Option<Vec<AssessorRating>>,
    /// Assessments: highest − lowest assessor rating (null without a rating).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub spread: Option<Option<f64>>,
    /// Assessments: the evidence cited in the rows of the question (assessors' and the
    /// consensus row's), each text once, in sheet order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Vec<String>>,
}

/// A field that is absent (`None`) or present, possibly null (`Some(None)`): serde reads a
/// present null as `Some(None)`, so a result read back equals the one written.
fn present<'de, T, D>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// Where a question's consensus rating comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConsensusSource {
    /// The rating agreed in the consensus meeting (a `consensus` / `إجماع` row).
    Meeting,
    /// The median of the assessors' ratings (no consensus row).
    Median,
}

/// One assessor's rating of one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessorRating {
    /// The assessor, as written in the `Assessment` sheet.
    pub assessor: String,
    /// The rating (scale units).
    pub rating: f64,
}

/// An evidence-based assessment's agreement figures (see docs/scoring.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessmentSummary {
    /// Assessors who rated at least one question (consensus rows not counted).
    pub assessors: u64,
    /// Krippendorff's alpha, interval metric, over the questions with at least two assessor
    /// ratings; null when it is undefined (fewer than two such questions' values, or no
    /// variation at all).
    pub alpha: Option<f64>,
    /// Krippendorff's reading of `alpha`.
    pub reliability: Option<Reliability>,
    /// Share (0-1) of the questions with at least two assessor ratings on which every
    /// assessor gave the same rating; null when there is no such question.
    pub exact_agreement: Option<f64>,
    /// Questions with at least two assessor ratings (the units of `alpha`).
    pub paired_questions: u64,
    /// Questions whose rating was agreed in a consensus meeting (a consensus row).
    pub consensus_rows: u64,
    /// Ids of the questions with a spread ≥ 2 and no consensus row, in model order.
    pub disagreements: Vec<String>,
    /// Staff respondents of the survey beside the assessment, when they are fewer than the
    /// engagement's `min_segment_size`: the self-assessment is then withheld (every
    /// dimension's `self_assessment` is null), as a small segment's scores are. Absent
    /// otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_assessment_withheld: Option<u64>,
}

/// Krippendorff's reading of alpha (2004, §11.4): at least 0.8 reliable, at least 0.667
/// tentative conclusions only, below that not reliable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reliability {
    /// α ≥ 0.8.
    Reliable,
    /// 0.667 ≤ α < 0.8.
    Tentative,
    /// α < 0.667.
    NotReliable,
}

/// Ranked ids (ties keep model order).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Ranking {
    /// Dimension ids with a score, highest score first.
    pub dimension_strengths: Vec<String>,
    /// Dimension ids with a gap beyond rounding noise (to the target, else to the next
    /// level), highest priority (gap × weight) first, ties to the lower score then model
    /// order: the roadmap's order.
    pub dimension_gaps: Vec<String>,
    /// Question ids with a mean, highest mean first.
    pub question_strengths: Vec<String>,
    /// Question ids with a mean, lowest mean first.
    pub question_gaps: Vec<String>,
}

/// Scores of the respondents sharing one value of one segment column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentResult {
    /// The segment column, as named in the engagement.
    pub column: String,
    /// The value, e.g. a department.
    pub value: String,
    /// Respondents in the segment.
    pub n: u64,
    /// Fewer than `min_segment_size` respondents.
    pub small: bool,
    /// Hidden (the engagement suppresses small segments): small, or `complementary`. The
    /// scores below are left out.
    pub suppressed: bool,
    /// Not small but hidden all the same (complementary suppression): with only the small
    /// groups of its column hidden, their answers could be worked out from the overall
    /// results and the groups shown. Absent when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub complementary: bool,
    /// Overall score of the segment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overall: Option<Overall>,
    /// Per dimension, in model order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dimensions: Vec<SegmentScore>,
    /// Per question, in model order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<SegmentScore>,
}

/// One dimension's or question's score within a segment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentScore {
    /// Dimension or question id.
    pub id: String,
    /// Score (dimension) or mean (question).
    pub score: Option<f64>,
    /// Level (dimensions only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<u32>,
    /// Respondents with a valid answer.
    pub n: u64,
}

/// The CX metrics.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MetricsResult {
    /// Net Promoter Score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nps: Option<NpsResult>,
    /// Customer satisfaction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csat: Option<CsatResult>,
    /// Customer effort score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ces: Option<CesResult>,
    /// Churn rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub churn: Option<ChurnResult>,
    /// Customer lifetime value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clv: Option<ClvResult>,
}

/// NPS of one group of answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NpsStats {
    /// (promoters − detractors) / n × 100.
    pub score: f64,
    /// Answers 9-10.
    pub promoters: u64,
    /// Answers 7-8.
    pub passives: u64,
    /// Answers 0-6.
    pub detractors: u64,
    /// All answers.
    pub n: u64,
    /// √((p + d − (p − d)²) / n) × 100.
    pub standard_error: f64,
    /// 1.96 × standard error (95%).
    pub margin_of_error: f64,
}

/// NPS of one channel or segment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NpsGroup {
    /// The channel or segment value.
    pub value: String,
    /// Fewer answers than `min_segment_size`: only where the engagement shows small groups
    /// (`suppress_small_segments: false`); otherwise such a group is in `hidden` instead.
    pub small: bool,
    /// The group's NPS.
    #[serde(flatten)]
    pub stats: NpsStats,
}

/// NPS, overall and per channel / segment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NpsResult {
    /// Overall NPS.
    #[serde(flatten)]
    pub stats: NpsStats,
    /// Model target (NPS points).
    pub target: Option<f64>,
    /// Met / near / missed.
    pub status: Option<TargetStatus>,
    /// Per `channel` value (empty when the sheet has no channel column).
    pub by_channel: Vec<NpsGroup>,
    /// Per `segment` value.
    pub by_segment: Vec<NpsGroup>,
    /// Per journey stage that has answers (`stage` column), in the engagement's journey
    /// order; empty (and absent from the JSON) without stages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_stage: Vec<NpsStage>,
    /// Groups of `by_channel`, `by_segment` and `by_stage` whose figures are hidden for
    /// anonymity (fewer answers than `min_segment_size`, or hidden with them so that they
    /// cannot be worked out by subtraction: docs/privacy.md); they are left out of those
    /// lists. Empty (and absent from the JSON) when none is.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hidden: Vec<HiddenGroup>,
    /// Where the client stands in the engagement's `benchmark:` (absent without one, or when
    /// the benchmark has no such figure).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub benchmark: Option<Placement>,
}

/// Which breakdown of a metric a group belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    /// A value of the metric sheet's `channel` column (`by_channel`).
    Channel,
    /// A value of its `segment` column (`by_segment`).
    Segment,
    /// A journey stage (`by_stage`); the group's `value` is the stage id.
    Stage,
}

/// A group of a metric's breakdown whose figures are hidden for anonymity: only its size is
/// given, never its score, mean, shares or counts of answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HiddenGroup {
    /// The breakdown the group belongs to.
    pub by: GroupBy,
    /// The channel or segment value, or the stage id.
    pub value: String,
    /// Answers in the group.
    pub n: u64,
    /// Not small but hidden all the same (complementary suppression): with only the small
    /// groups of its breakdown hidden, their answers could be worked out from the overall
    /// figure and the groups shown. Absent when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub complementary: bool,
}

impl SegmentResult {
    /// Hidden because it is small (not because a small group is hidden with it): its value
    /// may name the few people in it (a column of names holds one person a group), so no
    /// document or workbook names it; they say how many groups were hidden instead.
    pub fn hidden_as_small(&self) -> bool {
        self.suppressed && !self.complementary
    }
}

/// NPS of the answers given at one journey stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NpsStage {
    /// The stage id (engagement `journey:`).
    pub id: String,
    /// Fewer answers than `min_segment_size`.
    pub small: bool,
    /// detractors / n × 100: the share of the stage's answers that are 0-6.
    pub detractor_share: f64,
    /// The stage's NPS, n and margin of error.
    #[serde(flatten)]
    pub stats: NpsStats,
}

/// CSAT of the answers given at one journey stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CsatStage {
    /// The stage id (engagement `journey:`).
    pub id: String,
    /// Fewer answers than `min_segment_size`.
    pub small: bool,
    /// Answers counted.
    pub n: u64,
    /// Answers ≥ threshold / n × 100.
    pub score: f64,
    /// Mean answer (1-5).
    pub mean: f64,
}

/// CES of the answers given at one journey stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CesStage {
    /// The stage id (engagement `journey:`).
    pub id: String,
    /// Fewer answers than `min_segment_size`.
    pub small: bool,
    /// Answers counted.
    pub n: u64,
    /// Mean answer.
    pub mean: f64,
    /// Answers ≥ easy_min / n × 100.
    pub easy_share: f64,
}

/// CSAT: share of answers at or above the threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CsatResult {
    /// satisfied / n × 100.
    pub score: f64,
    /// Mean answer (1-5).
    pub mean: f64,
    /// Answers counted.
    pub n: u64,
    /// Answers ≥ threshold.
    pub satisfied: u64,
    /// Lowest answer counted as satisfied.
    pub threshold: i64,
    /// Count per answer 1..5.
    pub distribution: Vec<u64>,
    /// Per `channel` value (empty when the sheet has no channel column).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_channel: Vec<RatingGroup>,
    /// Per `segment` value (empty when the sheet has no segment column).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_segment: Vec<RatingGroup>,
    /// Per journey stage that has answers, in journey order (empty without stages).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_stage: Vec<CsatStage>,
    /// Groups of `by_channel`, `by_segment` and `by_stage` whose figures are hidden for
    /// anonymity (fewer answers than `min_segment_size`, or hidden with them so that they
    /// cannot be worked out by subtraction: docs/privacy.md); they are left out of those
    /// lists. Empty (and absent from the JSON) when none is.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hidden: Vec<HiddenGroup>,
    /// Model target (percent).
    pub target: Option<f64>,
    /// Met / near / missed.
    pub status: Option<TargetStatus>,
    /// Where the client stands in the engagement's `benchmark:` (absent without one, or when
    /// the benchmark has no such figure).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub benchmark: Option<Placement>,
}

/// CSAT or CES of the answers sharing one `channel` or `segment` value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RatingGroup {
    /// The channel or segment value.
    pub value: String,
    /// Fewer answers than `min_segment_size`: only where the engagement shows small groups
    /// (`suppress_small_segments: false`); otherwise such a group is in `hidden` instead.
    pub small: bool,
    /// Answers counted.
    pub n: u64,
    /// Mean answer.
    pub mean: f64,
    /// CSAT: answers ≥ threshold / n × 100; CES: answers ≥ easy_min / n × 100.
    pub share: f64,
}

/// CES: mean on the CES scale and share of "easy" answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CesResult {
    /// Mean answer.
    pub mean: f64,
    /// Answers counted.
    pub n: u64,
    /// Top of the scale (answers run from 1).
    pub scale: i64,
    /// Lowest answer counted as easy.
    pub easy_min: i64,
    /// Answers ≥ easy_min.
    pub easy: u64,
    /// easy / n × 100.
    pub easy_share: f64,
    /// Count per answer 1..scale.
    pub distribution: Vec<u64>,
    /// Per `channel` value (empty when the sheet has no channel column).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_channel: Vec<RatingGroup>,
    /// Per `segment` value (empty when the sheet has no segment column).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_segment: Vec<RatingGroup>,
    /// Per journey stage that has answers, in journey order (empty without stages).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_stage: Vec<CesStage>,
    /// Groups of `by_channel`, `by_segment` and `by_stage` whose figures are hidden for
    /// anonymity (fewer answers than `min_segment_size`, or hidden with them so that they
    /// cannot be worked out by subtraction: docs/privacy.md); they are left out of those
    /// lists. Empty (and absent from the JSON) when none is.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hidden: Vec<HiddenGroup>,
    /// Model target (mean).
    pub target: Option<f64>,
    /// Met / near / missed.
    pub status: Option<TargetStatus>,
    /// Where the client stands in the engagement's `benchmark:` (absent without one, or when
    /// the benchmark has no such figure).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub benchmark: Option<Placement>,
}

/// Churn of one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChurnPeriod {
    /// Period label.
    pub period: String,
    /// Customers at the start.
    pub customers_start: f64,
    /// Customers at the end.
    pub customers_end: f64,
    /// New customers, when known.
    pub new_customers: Option<f64>,
    /// start + new − end.
    pub lost: f64,
    /// lost / start × 100.
    pub rate: f64,
}

/// Churn overall and per period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChurnResult {
    /// Σ lost / Σ start × 100 over the periods (the period's rate when there is one).
    pub rate: f64,
    /// Per period, in sheet order.
    pub periods: Vec<ChurnPeriod>,
    /// Model target (percent, lower is better).
    pub target: Option<f64>,
    /// Met / near / missed.
    pub status: Option<TargetStatus>,
    /// Where the client stands in the engagement's `benchmark:` (absent without one, or when
    /// the benchmark has no such figure).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub benchmark: Option<Placement>,
}

/// CLV of one input row, with its inputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClvRow {
    /// Segment label, when given.
    pub segment: Option<String>,
    /// Average value of a purchase.
    pub avg_purchase_value: f64,
    /// Purchases per year.
    pub purchase_frequency: f64,
    /// Relationship length in years.
    pub customer_lifespan_years: f64,
    /// Gross margin used (1 when absent).
    pub gross_margin: f64,
    /// Whether the margin was given (false: 1 was used).
    pub margin_given: bool,
    /// value × frequency × lifespan × margin.
    pub value: f64,
    /// Customers in the segment, when given (the weight of the row).
    pub customers: Option<f64>,
}

/// How the headline CLV was formed from the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClvMethod {
    /// One row: its value.
    Single,
    /// Several rows, every one with `customers`: Σ(CLVᵢ × nᵢ) / Σnᵢ.
    Weighted,
    /// Several rows, some without `customers`: plain mean of the segments (warned).
    Unweighted,
}

impl ClvMethod {
    /// The method of score JSON written before `method` existed (plain mean of the rows).
    fn legacy() -> Self {
        ClvMethod::Unweighted
    }
}

/// CLV.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClvResult {
    /// Headline CLV: see `method`.
    pub value: f64,
    /// How `value` was formed from the rows. Score JSON written before this field existed
    /// always used the plain mean, hence the default.
    #[serde(default = "ClvMethod::legacy")]
    pub method: ClvMethod,
    /// Per input row.
    pub rows: Vec<ClvRow>,
    /// Currency code from the model.
    pub currency: Option<String>,
    /// Model target.
    pub target: Option<f64>,
    /// Met / near / missed.
    pub status: Option<TargetStatus>,
    /// Where the client stands in the engagement's `benchmark:` (absent without one, or when
    /// the benchmark has no such figure).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub benchmark: Option<Placement>,
}

/// A journey stage: its id and name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageInfo {
    /// The stage id (engagement `journey:`).
    pub id: String,
    /// Its name in both languages.
    pub name: Text,
}

/// One value of an operational indicator, against its target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiResult {
    /// The indicator's name as written in the data.
    pub indicator: String,
    /// Its channel, when the row gives one.
    pub channel: Option<String>,
    /// Its journey stage id, when the row gives one.
    pub stage: Option<String>,
    /// The period label as written (a date as `YYYY-MM-DD`), when given.
    pub period: Option<String>,
    /// The value, in `unit` (percent points when the unit is `%`: 61 for 61 %).
    pub value: f64,
    /// The target, same unit; `None` when not given.
    pub target: Option<f64>,
    /// The unit as written; `%` for percentages.
    pub unit: Option<String>,
    /// Which way is better: `higher` or `lower`.
    pub better: crate::data::Better,
    /// Met / near / missed (near: short of the target by at most 10 % of |target|, on the
    /// side `better` says is worse); `None` without a target.
    pub status: Option<TargetStatus>,
}

/// A number now and before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delta {
    /// Previous value.
    pub previous: f64,
    /// Current value.
    pub current: f64,
    /// current − previous.
    pub delta: f64,
}

/// A score now and before, with levels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreDelta {
    /// Dimension id (`overall` for the overall score).
    pub id: String,
    /// Previous score.
    pub previous: f64,
    /// Current score.
    pub current: f64,
    /// current − previous.
    pub delta: f64,
    /// Previous level.
    pub previous_level: Option<u32>,
    /// Current level.
    pub level: Option<u32>,
    /// level − previous level (0: same level).
    pub level_change: i64,
}

/// NPS now and before, with the significance test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NpsDelta {
    /// Previous, current, delta.
    #[serde(flatten)]
    pub delta: Delta,
    /// 1.96 × √(SE₁² + SE₂²).
    pub threshold: f64,
    /// |delta| > threshold.
    pub significant: bool,
}

/// A CSAT or CES change with its significance test: significant at 95% when |Δ| > 1.96 ×
/// √(SE₁² + SE₂²), as for the NPS (see `compare::csat_delta`, `compare::ces_delta`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestedDelta {
    /// Previous, current, delta.
    #[serde(flatten)]
    pub delta: Delta,
    /// 1.96 × √(SE₁² + SE₂²), in the metric's unit; null when a side has too few answers
    /// to estimate its standard error (a CES from one answer). Absent from results written
    /// before nudj tested these changes (read as null).
    #[serde(default)]
    pub threshold: Option<f64>,
    /// |delta| > threshold (false without a threshold).
    #[serde(default)]
    pub significant: bool,
}

/// Comparison with a previous `nudj score` result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// The previous assessment's date (its JSON's `date`); absent when that JSON has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_date: Option<chrono::NaiveDate>,
    /// The previous model id.
    pub previous_model: String,
    /// The previous model version.
    pub previous_version: String,
    /// Respondents then.
    pub previous_respondents: u64,
    /// Overall score (when both have one).
    pub overall: Option<ScoreDelta>,
    /// Dimensions scored in both, in current model order.
    pub dimensions: Vec<ScoreDelta>,
    /// NPS.
    pub nps: Option<NpsDelta>,
    /// CSAT score (percent; the change in percentage points), with its significance.
    pub csat: Option<TestedDelta>,
    /// CES mean, with its significance.
    pub ces: Option<TestedDelta>,
    /// Churn rate.
    pub churn: Option<Delta>,
    /// CLV value.
    pub clv: Option<Delta>,
}

/// A figure of the client against the sector benchmark (docs/benchmark.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Placement {
    /// Organisations in the benchmark reporting the figure (at least its `min_orgs`).
    pub n: u64,
    /// The sector median (`QUARTILE.INC`, p = 0.5).
    pub median: f64,
    /// The sector's first quartile.
    pub q1: f64,
    /// The sector's third quartile.
    pub q3: f64,
    /// The client's percentile: 100 × (values below + ½ × values equal) / n. For churn
    /// (lower is better) it is still the percentile of the value.
    pub percentile: f64,
}

/// The benchmark a result was placed in: its name, model and size (nothing about the
/// organisations in it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchmarkInfo {
    /// The benchmark's `--name`, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Model id the benchmark was built on.
    pub model_id: String,
    /// Model version the benchmark was built on.
    pub model_version: String,
    /// Organisations in the benchmark.
    pub organisations: u64,
    /// The least number of organisations a benchmark figure is shown for.
    pub min_orgs: u64,
}

/// One flagged respondent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlaggedRespondent {
    /// Respondent id.
    pub id: String,
    /// 1-based row in the sheet (CSV: line).
    pub row: u64,
    /// Left out of the scores (the engagement's `exclude:` asked for it).
    pub excluded: bool,
}

/// Data-quality flags.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DataQuality {
    /// Respondents in the data, before exclusions.
    pub total_respondents: u64,
    /// Respondents left out of the scores.
    pub excluded: u64,
    /// Same answer to every question (no blanks, at least two answers).
    pub straightliners: Vec<FlaggedRespondent>,
    /// Answered (value or N/A) fewer than half the questions.
    pub incomplete: Vec<FlaggedRespondent>,
    /// No valid answer at all (every answer not applicable or blank): always left out and
    /// not counted in `respondents` (counted in `excluded`). Absent when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub no_answer: Vec<FlaggedRespondent>,
}

impl ScoreResult {
    /// Rewrites warning file paths under `base` (the engagement's folder) as relative paths,
    /// so a saved result does not depend on where the files were when it was scored.
    pub fn relative_paths(&mut self, base: &std::path::Path) {
        for w in &mut self.warnings {
            if let Ok(rel) = w.file.strip_prefix(base) {
                w.file = rel.to_path_buf();
            }
        }
    }

    /// Name of a dimension in `lang`, or the id when unknown.
    pub fn dimension_name(&self, id: &str, lang: Lang) -> String {
        self.dimensions
            .iter()
            .find(|d| d.id == id)
            .map(|d| d.name.get(lang).to_string())
            .unwrap_or_else(|| id.to_string())
    }
}
