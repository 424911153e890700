//! [`ReportData`]: the typed contract between the results and the report template. It is
//! written as `data.json` into the Typst world and read by `report.typ` with
//! `json("/data.json")`, so client text arrives as strings, never as markup.
//! `nudj schema report-data` prints its JSON Schema; docs/report-data.md explains it for
//! authors of custom templates (`nudj report --templates DIR`).
//!
//! Conventions (kept by every field below):
//! - **Display strings**: numbers are already formatted for the report's language and digits
//!   (rounded, `+`/`−` signs, `%`), and in right-to-left reports wrapped in Unicode isolates
//!   (LRI…PDI, or RLI…PDI with Arabic-Indic digits) so they keep their order in Arabic text.
//!   Free text from the client's data (segment values, comments, client name) is wrapped in
//!   RLI…PDI or LRI…PDI by the script most of its letters are in (a tie: the report's
//!   language), so it keeps its own direction. Print them as they are.
//! - **Fractions** (`frac`, `target_frac`) are plain numbers from 0 to 1 for drawing bars.
//! - A value that does not exist is `null` (`none` in Typst), never an empty string; a list
//!   that would be empty means the section it feeds has nothing to show.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

/// Everything the report template receives, in the report's language.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ReportData {
    /// Language code of the report: `ar` or `en`.
    pub lang: String,
    /// The report reads right to left (Arabic).
    pub rtl: bool,
    /// The word catalogue's texts in the report's language, by key (`t.exec_summary`).
    /// Defaults in report-templates/strings.yaml; a `strings.yaml` in `--templates`
    /// overrides any of them. Placeholders such as `{n}` are left unfilled here; filled
    /// sentences are the `*_line`, `*_intro` and `*_lead` fields.
    pub t: BTreeMap<String, String>,
    /// Title of the report: the engagement's `title:`, else the model's title.
    pub title: String,
    /// The client's name (isolated).
    pub client: String,
    /// The client's name for the running header of every page (isolated): the engagement's
    /// `client.short_name`, else the name; either cut at a word with `…` past 50 characters,
    /// so the header keeps to its line.
    pub client_short: String,
    /// The title for the running header: [`ReportData::title`] cut at a word with `…` past
    /// 60 characters.
    pub title_short: String,
    /// The client's sector (isolated), if the engagement gives one.
    pub sector: Option<String>,
    /// The consultancy's name, from the theme.
    pub consultancy: String,
    /// Footer text of every page after the cover, from the theme.
    pub footer: String,
    /// Confidentiality line, from the theme.
    pub confidential: String,
    /// Assessment date, Gregorian, formatted for the language.
    pub date: String,
    /// The same date in the Umm al-Qura Hijri calendar, when the theme asks (Arabic only).
    pub hijri: Option<String>,
    /// Path of the client's logo inside the Typst world (`/client-assets/…`), for `image()`.
    pub client_logo: Option<String>,
    /// Path of the consultancy's logo inside the Typst world (`/theme-assets/…`).
    pub firm_logo: Option<String>,
    /// Path of the consultancy's logo for dark grounds (theme `consultancy.logo_on_dark`,
    /// `/theme-dark-assets/…`), shown on the full cover without a plate; `None` when the
    /// theme has none (the cover then puts `firm_logo` on a white plate).
    pub firm_logo_dark: Option<String>,
    /// Title of the maturity model.
    pub model_title: String,
    /// The overall result.
    pub overall: Overall,
    /// The range of the maturity index (`0–100`), formatted.
    pub index_range: String,
    /// Highest answer of the scale, formatted (`5`).
    pub scale_max: String,
    /// The executive summary's opening sentence (level, score, index, respondents).
    pub summary_lead: String,
    /// Respondents whose answers were scored, formatted.
    pub respondents: String,
    /// The model's maturity levels, lowest first.
    pub levels: Vec<Level>,
    /// The strongest dimensions, best first (at most three).
    pub strengths: Vec<RankedDimension>,
    /// `strengths` holds a dimension below its target or below the scale's midpoint: the
    /// panel is titled "relatively strongest" (`t.top_strengths_relative`).
    pub strengths_relative: bool,
    /// The largest gaps, highest priority first (at most three); the same ranking as the
    /// roadmap. Empty when no dimension falls short.
    pub gaps: Vec<RankedDimension>,
    /// What gaps are measured against.
    pub gap_basis: crate::analysis::GapBasis,
    /// The headline metrics table: one row per CX metric with data (NPS, CSAT, CES, churn,
    /// CLV). Empty when the engagement has no metric data: leave the table out.
    pub headline: Vec<HeadlineMetric>,
    /// The methodology's description of the model (dimensions, scale, index).
    pub model_intro: String,
    /// Labelled answer values of the scale, ascending.
    pub scale: Vec<ScalePoint>,
    /// Every answer value of the scale, ascending, formatted.
    pub scale_values: Vec<String>,
    /// Every dimension, in model order.
    pub dimensions: Vec<Dimension>,
    /// A previous assessment was compared: the `change` fields are filled.
    pub has_previous: bool,
    /// The sector benchmark the client is placed in (engagement `benchmark:`), `null`
    /// without one: the results table then has `sector_median` and `percentile` columns.
    pub benchmark: Option<BenchmarkNote>,
    /// One table per segment column.
    pub segments: Vec<SegmentTable>,
    /// The engagement's minimum group size, formatted.
    pub min_segment: String,
    /// The segment section's introduction.
    pub segments_intro: String,
    /// The note under the data-quality table.
    pub dq_note: String,
    /// The data-quality table's rows.
    pub quality: Vec<LabelValue>,
    /// Net Promoter Score, when the data has NPS ratings.
    pub nps: Option<Nps>,
    /// Customer satisfaction, when the data has CSAT answers.
    pub csat: Option<Distributed>,
    /// Customer effort, when the data has CES answers.
    pub ces: Option<Distributed>,
    /// Churn, when the data has churn periods.
    pub churn: Option<Churn>,
    /// Customer lifetime value, when the data has CLV rows.
    pub clv: Option<Clv>,
    /// Levels are gated by practices (model `scoring: {levels: gated}`): the levels' `min`
    /// scores do not decide them, so the levels table leaves them out.
    pub gated: bool,
    /// An evidence-based assessment: method, agreement, practices, perception gap and
    /// evidence. `null` for a survey.
    pub assessment: Option<AssessmentData>,
    /// The customer journey map, `null` when no rating names a journey stage.
    pub journey: Option<Journey>,
    /// The operational indicators, `null` without a KPIs sheet or file.
    pub kpis: Option<Kpis>,
    /// The prioritised roadmap: at most three phases, none empty. Empty when no dimension
    /// has a gap.
    pub roadmap: Vec<Phase>,
    /// Every statement's result, by dimension in model order.
    pub appendix: Vec<AppendixDimension>,
    /// Respondents' comments, grouped by the first segment column's value. Comments of
    /// respondents in a group too small to show, in any segment column, are left out.
    pub verbatims: Vec<VerbatimGroup>,
    /// Comments of the NPS sheet, grouped promoters / passives / detractors.
    pub nps_verbatims: Vec<NpsVerbatimGroup>,
    /// Draft marking (`nudj report --draft`), `null` for the final issue.
    pub draft: Option<DraftMark>,
    /// Glossary entries for the metrics and terms the report shows.
    pub glossary: Vec<GlossaryItem>,
    /// Charts drawn for this report: name → alternative text. The SVG is at
    /// `/charts/NAME.svg`. Names: `ladder`, `radar`, `bars-DIMENSION_ID` (not for a dimension without answers), `position-DIMENSION_ID` (with a benchmark figure), `heatmap-N` (N the
    /// segment column's position from 0), `nps`, `nps-channels`, `csat`, `ces`, `journey`,
    /// `kpi-N` (N the indicator's position in `kpis.rows`).
    pub charts: BTreeMap<String, String>,
    /// Narrative files present: name (`summary`, `next-steps`, a dimension id) → `true`.
    /// The converted markup is at `/narrative/NAME.typ`, for `include`.
    pub narrative: BTreeMap<String, bool>,
    /// The same narrative files as plain text, by the same names: for documents that show
    /// the consultant's words without their markup (the deck's key messages, next steps and
    /// speaker notes). Plain strings, never markup.
    pub narrative_text: BTreeMap<String, NarrativeText>,
    /// The comments each narrative file quotes (`{{ quote(…) }}`), by the file's name, in
    /// the order they appear: the converted markup at `/narrative/NAME.typ` shows entry `i`
    /// of its file's list where the call stood, reading the strings from this file, so
    /// client text never becomes markup.
    pub narrative_quotes: BTreeMap<String, Vec<NarrativeQuote>>,
}

/// A client's comment quoted by a narrative file, as the page shows it. Plain strings,
/// never markup.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct NarrativeQuote {
    /// The comment: personal data masked, isolated for the reading direction, with break
    /// opportunities in words too long for a line.
    pub text: String,
    /// Who said it: the segment value and the respondent id, or for a metric sheet's
    /// comment its channel and the rating given ("Promoter (10)").
    pub attribution: String,
}

/// A narrative file as plain text (emphasis dropped, quotes and comments left out), in the
/// report's digits.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct NarrativeText {
    /// The first paragraph: the consultant's key message. `null` when the file has only
    /// headings, lists or quotes.
    pub lead: Option<String>,
    /// Every paragraph outside lists, quotes and tables, in order (the lead first).
    pub paragraphs: Vec<String>,
    /// The headings, in order.
    pub headings: Vec<String>,
    /// The items of the top-level lists, in order (a nested item's words join its parent's).
    pub items: Vec<String>,
}

/// The sector benchmark, as the methodology names it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct BenchmarkNote {
    /// The benchmark's name (isolated), if it has one.
    pub name: Option<String>,
    /// Organisations in the benchmark, formatted.
    pub organisations: String,
    /// The methodology's sentence: name, model and number of organisations, the minimum
    /// and what the percentile means.
    pub line: String,
}

/// Met, near or missed against a target; `none` without a target; `no_answers` for a
/// dimension whose every answer was not applicable or blank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// At or beyond the target.
    Met,
    /// Short of the target by at most 10 % of it.
    Near,
    /// Further away.
    Missed,
    /// No target was set.
    None,
    /// A dimension without a single valid answer: no score to compare.
    #[serde(rename = "no_answers")]
    NoAnswers,
}

/// The direction of a change since the previous assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ChangeDir {
    /// Up by more than 0.005.
    Up,
    /// Down by more than 0.005.
    Down,
    /// Within ±0.005.
    Flat,
}

/// The overall result.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Overall {
    /// Overall score, two decimals, or `—` without answers.
    pub score: String,
    /// Maturity index (0-100), no decimals, or `—`.
    pub index: String,
    /// Level number.
    pub level: Option<String>,
    /// Level name, or `—`.
    pub level_name: String,
    /// Score as a fraction of the scale.
    pub frac: Option<f64>,
    /// Change since the previous assessment, signed.
    pub change: Option<String>,
    /// What follows `change`: "since the previous assessment (March 2026)", the month and
    /// year from the previous result's `date` (without it, "since the previous assessment");
    /// `null` without a change.
    pub since: Option<String>,
}

/// A maturity level of the model.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Level {
    /// Level number (1 is the lowest).
    pub number: String,
    /// Level name.
    pub name: String,
    /// Lowest score that reaches the level, one decimal.
    pub min: String,
    /// What an organisation at this level looks like.
    pub description: Option<String>,
    /// The client's overall level.
    pub current: bool,
}

/// A dimension in the summary's strengths or gaps panel.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct RankedDimension {
    /// Dimension name.
    pub name: String,
    /// Its score, two decimals.
    pub score: String,
    /// Against its target.
    pub status: Status,
}

/// A row of the headline metrics table.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct HeadlineMetric {
    /// Metric name (short).
    pub name: String,
    /// Its value, formatted as the metric is (NPS signed, CSAT and churn in %, CLV with the
    /// currency).
    pub value: String,
    /// The model's target, formatted the same way, or `—`.
    pub target: String,
    /// Against the target.
    pub status: Status,
    /// Change since the previous assessment, signed, in the value's unit (NPS and CES
    /// points, CSAT and churn percentage points, CLV in its currency); `null` without a
    /// previous figure.
    pub change: Option<String>,
    /// The change's significance at 95% as the score decided it, in a word or two
    /// ("significant", "not significant", "too few answers to test"), for NPS, CSAT and CES;
    /// `null` without a change or for a metric whose change is not tested (churn, CLV).
    pub significance: Option<String>,
}

/// A labelled answer value.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ScalePoint {
    /// The answer value.
    pub value: String,
    /// Its label.
    pub label: String,
}

/// One dimension's results.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Dimension {
    /// Dimension id (plain, for chart and narrative names: `bars-ID`).
    pub id: String,
    /// Dimension name.
    pub name: String,
    /// What it covers.
    pub description: Option<String>,
    /// Weight in the overall score, one decimal.
    pub weight: String,
    /// Score, two decimals, or `—`.
    pub score: String,
    /// Score as a fraction of the scale.
    pub frac: Option<f64>,
    /// Target, one decimal, or `—`.
    pub target: String,
    /// Target as a fraction of the scale.
    pub target_frac: Option<f64>,
    /// Gap to the target (or, without targets, to the next level), two decimals, or `—`.
    pub gap: String,
    /// Level number.
    pub level: Option<String>,
    /// Level name.
    pub level_name: Option<String>,
    /// Against its target.
    pub status: Status,
    /// Change since the previous assessment, signed.
    pub change: Option<String>,
    /// Direction of `change`.
    pub change_dir: Option<ChangeDir>,
    /// The sector median of the dimension's score, two decimals; `null` without a
    /// benchmark figure (never shown for fewer organisations than the benchmark's minimum).
    pub sector_median: Option<String>,
    /// The client's percentile among the benchmark's organisations, whole number.
    pub percentile: Option<String>,
    /// Respondents with an answer in the dimension.
    pub n: String,
    /// The same as a count phrase ("12 respondents", "١٢ مشاركًا", "one respondent").
    pub respondents: String,
    /// Its statements, in model order.
    pub questions: Vec<DimensionQuestion>,
    /// Its strongest statements (one, or two from six statements).
    pub strengths: Vec<QuestionMean>,
    /// `strengths` holds a statement below the scale's midpoint: call them the relatively
    /// strongest (`t.strengths_relative`).
    pub strengths_relative: bool,
    /// Its weakest statements, as many as `strengths`.
    pub gaps: Vec<QuestionMean>,
    /// Recommendations for its current level: the model's (unless the consultant's file
    /// replaces them), then the consultant's.
    pub recommendations: Vec<String>,
    /// A narrative file `narrative/ID.md` exists: include `/narrative/ID.typ`.
    pub narrative: bool,
}

/// A statement of a dimension.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct DimensionQuestion {
    /// Question id.
    pub id: String,
    /// The statement.
    pub text: String,
    /// Mean, two decimals, or `—`.
    pub mean: String,
    /// Mean as a fraction of the scale.
    pub frac: Option<f64>,
}

/// A statement named as a strength or gap.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct QuestionMean {
    /// The statement.
    pub text: String,
    /// Its mean, two decimals.
    pub mean: String,
}

/// The groups of one segment column.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct SegmentTable {
    /// The column's name (isolated).
    pub column: String,
    /// One row per value, sorted.
    pub rows: Vec<SegmentRow>,
    /// Why groups that are not small are hidden too (complementary suppression), naming
    /// them, or why no group is shown; `None` when only small groups are hidden.
    pub note: Option<String>,
    /// How many of the column's groups are hidden because they are small ("Groups hidden for
    /// anonymity (fewer than 5 respondents each): 3."); they are not in `rows`, and never
    /// named. `None` when none is.
    pub hidden_small: Option<String>,
    /// The names of the column's heatmap charts in `charts`, in order: `heatmap-N`, then
    /// `heatmap-N-2`… when the column has more values than fit one page (18 a chart).
    pub heatmaps: Vec<String>,
}

/// One group of respondents.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct SegmentRow {
    /// The value (isolated).
    pub value: String,
    /// Respondents in the group.
    pub n: String,
    /// Fewer respondents than the engagement's minimum.
    pub small: bool,
    /// Hidden: no scores (small, or `complementary`).
    pub suppressed: bool,
    /// Not small, hidden so that a small group cannot be worked out by subtraction.
    pub complementary: bool,
    /// The group's overall score.
    pub overall: Option<String>,
    /// Per dimension, in model order.
    pub scores: Vec<ScoreCell>,
}

/// A score in a table cell.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ScoreCell {
    /// The score, two decimals.
    pub score: Option<String>,
    /// As a fraction of the scale.
    pub frac: Option<f64>,
}

/// A label and its value.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct LabelValue {
    /// The label.
    pub label: String,
    /// The value, formatted.
    pub value: String,
}

/// Net Promoter Score.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Nps {
    /// The sentence stating the score, margin and counts.
    pub line: String,
    /// With a previous assessment: the sentence stating the change, the values then and now
    /// and the change's significance at 95% as the score decided it; `null` otherwise.
    pub change: Option<String>,
    /// NPS, signed, one decimal.
    pub score: String,
    /// Margin of error at 95 %, `±`.
    pub moe: String,
    /// The model's target, signed.
    pub target: Option<String>,
    /// Against the target.
    pub status: Status,
    /// Shares of detractors, passives and promoters, in that order.
    pub shares: Vec<Share>,
    /// Per channel (empty without a channel column).
    pub by_channel: Vec<NpsGroup>,
    /// Per customer segment (empty without a segment column).
    pub by_segment: Vec<NpsGroup>,
    /// Under the channel table: the channels hidden for anonymity, with their ratings, and
    /// why any that are not small are hidden too (docs/privacy.md); `null` when none is.
    pub hidden_channels: Option<String>,
    /// The same for the customer segments.
    pub hidden_segments: Option<String>,
    /// The sentence placing the NPS in the sector benchmark (median, quartiles,
    /// percentile), `null` without a benchmark NPS.
    pub sector: Option<String>,
}

/// A share of NPS answers.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Share {
    /// `detractors`, `passives` or `promoters`.
    pub key: String,
    /// The share as a fraction.
    pub frac: f64,
    /// The share in %, no decimals.
    pub label: String,
}

/// NPS of one channel or segment.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct NpsGroup {
    /// Channel or segment value (isolated).
    pub value: String,
    /// NPS, signed.
    pub score: String,
    /// Margin of error, `±`; for a group with fewer ratings than the engagement's minimum,
    /// `t.n_too_small` ("n too small") instead.
    pub moe: String,
    /// Ratings.
    pub n: String,
    /// Fewer ratings than the engagement's minimum: the channel table shows `n · small
    /// group`, the chart's label `· small group, n = 2`.
    pub small: bool,
    /// Promoters in %.
    pub promoters: String,
    /// Detractors in %.
    pub detractors: String,
}

/// A metric shown as a sentence and a distribution of answers (CSAT, CES), with its
/// breakdowns by channel and customer segment.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Distributed {
    /// The sentence stating the result.
    pub line: String,
    /// With a previous assessment: the sentence stating the change and its significance at
    /// 95% (as for the NPS); `null` otherwise.
    pub change: Option<String>,
    /// One bar per answer value, ascending.
    pub dist: Vec<ValueBar>,
    /// Per channel, in value order (empty without a channel column).
    pub by_channel: Vec<RatingGroup>,
    /// Per customer segment, in value order (empty without a segment column).
    pub by_segment: Vec<RatingGroup>,
    /// Under the channel table: the channels hidden for anonymity, with their answers, and
    /// why any that are not small are hidden too (docs/privacy.md); `null` when none is.
    pub hidden_channels: Option<String>,
    /// The same for the customer segments.
    pub hidden_segments: Option<String>,
}

/// CSAT or CES of one channel or segment.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct RatingGroup {
    /// Channel or segment value (isolated).
    pub value: String,
    /// Answers.
    pub n: String,
    /// Fewer answers than the engagement's minimum.
    pub small: bool,
    /// Mean answer, two decimals.
    pub mean: String,
    /// CSAT: the satisfied share; CES: the share who found it easy; in %, one decimal.
    pub share: String,
}

/// One answer value's share.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ValueBar {
    /// The answer value.
    pub value: String,
    /// Its share in %, no decimals.
    pub label: String,
    /// Its share as a fraction.
    pub frac: f64,
}

/// Churn.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Churn {
    /// The sentence stating the average rate.
    pub line: String,
    /// One row per period.
    pub periods: Vec<ChurnPeriod>,
}

/// Churn of one period.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ChurnPeriod {
    /// The period's label (isolated).
    pub period: String,
    /// Customers at the start.
    pub start: String,
    /// Customers at the end.
    pub end: String,
    /// Customers lost.
    pub lost: String,
    /// Churn rate in %.
    pub rate: String,
}

/// Customer lifetime value.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Clv {
    /// The headline value with its currency.
    pub value: String,
    /// The sentence stating how it was computed.
    pub line: String,
    /// The value is the mean of the rows weighted by their customers: show the customers
    /// column.
    pub weighted: bool,
    /// One row per segment.
    pub rows: Vec<ClvRow>,
}

/// One CLV row.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ClvRow {
    /// Customers in the segment, or `—`.
    pub customers: String,
    /// The segment (isolated), or "all customers".
    pub segment: String,
    /// Average purchase value.
    pub apv: String,
    /// Purchases per year.
    pub freq: String,
    /// Lifespan in years.
    pub life: String,
    /// Gross margin in %.
    pub margin: String,
    /// The row's CLV.
    pub value: String,
}

/// A roadmap phase.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Phase {
    /// Its title (`Phase 1: 0–3 months`).
    pub title: String,
    /// Its dimensions, highest priority first (never empty).
    pub items: Vec<RoadmapItem>,
}

/// A dimension on the roadmap.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct RoadmapItem {
    /// Dimension name.
    pub name: String,
    /// gap × weight, two decimals.
    pub priority: String,
    /// The gap, two decimals.
    pub gap: String,
    /// Its current level's name.
    pub level_name: Option<String>,
    /// Gated models: the practices that block its next level (`GV2: text`), shown first.
    pub blocking: Vec<String>,
    /// Its recommendations.
    pub recommendations: Vec<String>,
}

/// An evidence-based assessment (engagement `method: assessment`): how it was done, what
/// blocks each dimension's next level, the practices' ratings, the disagreements, the
/// perception gap and the evidence. `null` for a survey.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct AssessmentData {
    /// The methodology paragraph: assessors, evidence, the consensus rule.
    pub method: String,
    /// The agreement sentence: Krippendorff's alpha with its reading, the exact-agreement
    /// share.
    pub agreement: String,
    /// Assessors who rated (a count, formatted).
    pub assessors: String,
    /// Krippendorff's alpha, three decimals, or `null` when undefined.
    pub alpha: Option<String>,
    /// The reading of alpha: `reliable`, `tentative`, `not_reliable`, or `null`.
    pub reliability: Option<String>,
    /// Questions rated with a spread of 2 or more and no consensus row, in model order.
    pub disagreements: Vec<Disagreement>,
    /// Per dimension, in model order: what blocks its next level and its practices.
    pub dimensions: Vec<AssessedDimension>,
    /// The staff survey beside the assessment, per dimension (empty without one).
    pub perception: Vec<PerceptionRow>,
    /// The evidence appendix, per dimension.
    pub evidence: Vec<EvidenceDimension>,
}

/// A practice the assessors disagreed on.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Disagreement {
    /// Question id (isolated).
    pub id: String,
    /// The practice.
    pub text: String,
    /// Lowest and highest assessor rating (`2–4`).
    pub range: String,
    /// The median used.
    pub consensus: String,
}

/// One dimension of an assessment.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct AssessedDimension {
    /// Dimension id (to match [`Dimension::id`]).
    pub id: String,
    /// "To reach level 3: GV2 and GV4 are not yet met", or `null` when nothing blocks it
    /// (top level, or a level without practices).
    pub blocking: Option<String>,
    /// Its practices, in model order.
    pub practices: Vec<Practice>,
}

/// One practice's assessment.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Practice {
    /// Question id (isolated).
    pub id: String,
    /// The practice.
    pub text: String,
    /// Its level (formatted), or `null`.
    pub level: Option<String>,
    /// The consensus rating, or `—`.
    pub consensus: String,
    /// Highest − lowest assessor rating, or `—`.
    pub spread: String,
    /// `met`, `not_met`, `not_rated`, or `null` for a threshold model.
    pub met: Option<String>,
    /// The word for `met`.
    pub met_label: Option<String>,
    /// Agreed in a consensus meeting.
    pub agreed: bool,
    /// The evidence the assessors cited (client text: masked and isolated).
    pub evidence: Vec<String>,
}

/// A dimension's assessed score beside its staff survey score.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct PerceptionRow {
    /// Dimension name.
    pub name: String,
    /// The assessed score, or `—`.
    pub assessed: String,
    /// The self-assessment (survey) score, or `—`.
    pub self_assessment: String,
    /// Self-assessment − assessed score (signed), or `—`.
    pub gap: String,
}

/// The evidence of one dimension's practices.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct EvidenceDimension {
    /// Dimension name.
    pub name: String,
    /// Its practices, in model order.
    pub practices: Vec<EvidenceItem>,
}

/// What was looked for and what was seen for one practice.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct EvidenceItem {
    /// Question id (isolated).
    pub id: String,
    /// The practice.
    pub text: String,
    /// The model's evidence guidance, or `null`.
    pub guidance: Option<String>,
    /// The evidence the assessors cited (client text: masked and isolated).
    pub cited: Vec<String>,
}

/// The statements of one dimension in the appendix.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct AppendixDimension {
    /// Dimension name.
    pub name: String,
    /// Its statements, in model order.
    pub questions: Vec<AppendixQuestion>,
}

/// One statement's full result.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct AppendixQuestion {
    /// Question id (isolated).
    pub id: String,
    /// The statement.
    pub text: String,
    /// Mean, two decimals, or `—`.
    pub mean: String,
    /// Valid answers.
    pub n: String,
    /// Standard deviation, or `—`.
    pub sd: String,
    /// "Not applicable" answers.
    pub na: String,
    /// Its weight in the dimension, one decimal, when the model's weights differ from 1.
    pub weight: Option<String>,
    /// Share of each answer value, ascending.
    pub dist: Vec<Bar>,
}

/// A share drawn as a bar.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Bar {
    /// The share in %, no decimals.
    pub label: String,
    /// The share as a fraction.
    pub frac: f64,
}

/// Comments of one group.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct VerbatimGroup {
    /// The first segment column's value (isolated), `null` without one.
    pub group: Option<String>,
    /// Comments (masked, isolated), at most six, distinct.
    pub comments: Vec<String>,
}

/// NPS comments of promoters, passives or detractors.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct NpsVerbatimGroup {
    /// `promoters`, `passives` or `detractors`.
    pub key: String,
    /// The group's name in the report's language.
    pub group: String,
    /// Comments (masked, isolated), at most six, distinct.
    pub comments: Vec<String>,
    /// All non-empty comments of the group.
    pub total: u64,
}

/// The draft marking.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct DraftMark {
    /// The watermark word.
    pub mark: String,
    /// The version and date line.
    pub line: String,
}

/// A glossary entry.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct GlossaryItem {
    /// The term.
    pub term: String,
    /// Its definition.
    pub definition: String,
}

/// The customer journey map: the journey's stages in journey order (the template lays them
/// out in reading order: right to left in Arabic), each with its voice-of-the-customer
/// figures. `null` when no rating names a journey stage.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Journey {
    /// The opening sentence: how many stages, which metric the line shows, the moment of
    /// truth.
    pub line: String,
    /// The metric the line and the statuses use: `nps`, `csat` or `ces`.
    pub metric: String,
    /// The metric's short name (`NPS`).
    pub metric_name: String,
    /// The metric's target, formatted, when the model sets one.
    pub target: Option<String>,
    /// Every stage of the engagement's `journey:`, in journey order.
    pub stages: Vec<JourneyStage>,
    /// The chart of the stages' scores against the target (`journey` in `charts`), `null`
    /// when fewer than two stages have a score to draw.
    pub chart: Option<String>,
}

/// One stage of the journey map.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct JourneyStage {
    /// The stage's name in the report's language.
    pub name: String,
    /// NPS at this stage, signed, one decimal; `null` without NPS answers or when hidden.
    pub nps: Option<String>,
    /// Its margin of error, `±`.
    pub moe: Option<String>,
    /// CSAT at this stage (percent satisfied), `null` without CSAT answers or when hidden.
    pub csat: Option<String>,
    /// CES at this stage (mean), `null` without CES answers or when hidden.
    pub ces: Option<String>,
    /// Answers at this stage (of the line's metric), formatted; `null` without any.
    pub n: Option<String>,
    /// Share of detractors (answers 0-6) at this stage, in %; `null` without NPS.
    pub detractors: Option<String>,
    /// The detractor share as a fraction, for a bar.
    pub detractors_frac: Option<f64>,
    /// The line metric against its target.
    pub status: Status,
    /// The weakest stage: the moment of truth.
    pub truth: bool,
    /// Fewer answers than the engagement's minimum: figures hidden (or flagged when the
    /// engagement shows small groups).
    pub small: bool,
    /// The line metric's figures are hidden for anonymity (small, or hidden with a small
    /// stage so that it cannot be worked out by subtraction: docs/privacy.md); `n` is still
    /// given.
    pub hidden: bool,
    /// The stage's most telling comment (masked, isolated), `null` without one or when the
    /// stage is hidden.
    pub quote: Option<String>,
}

/// The operational indicators section.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Kpis {
    /// The introduction (how many indicators, met, near, missed).
    pub line: String,
    /// One row per indicator series (indicator, channel, stage): its latest value.
    pub rows: Vec<KpiRow>,
    /// Voice and operations side by side: per channel or journey stage that has both
    /// ratings and indicators. Empty when none has both.
    pub side_by_side: Vec<VoiceOps>,
}

/// An indicator's latest value.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct KpiRow {
    /// The indicator (isolated), with its channel and stage when given.
    pub indicator: String,
    /// Where it is measured: channel and/or stage names (isolated), `null` for the whole
    /// organisation.
    pub scope: Option<String>,
    /// The latest period (isolated), `null` without periods.
    pub period: Option<String>,
    /// The latest value with its unit.
    pub value: String,
    /// The target with its unit, or `—`.
    pub target: String,
    /// `higher` or `lower` is better, in words.
    pub better: String,
    /// Against the target.
    pub status: Status,
    /// The sparkline of its values over the periods (`kpi-N` in `charts`), `null` with one
    /// period.
    pub trend: Option<String>,
}

/// One channel or stage with both the customer's voice and operational indicators.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct VoiceOps {
    /// The channel or stage name (isolated).
    pub name: String,
    /// `channel` or `stage`.
    pub kind: String,
    /// The voice of the customer: `NPS −9.5` (and CSAT, CES when measured there).
    pub voice: String,
    /// Its NPS status colour against the NPS target.
    pub voice_status: Status,
    /// The indicators measured there (latest values): `First contact resolution 61 % against 75 %`.
    pub ops: Vec<VoiceOpsIndicator>,
}

/// One indicator beside the voice.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct VoiceOpsIndicator {
    /// The indicator (isolated).
    pub indicator: String,
    /// `61 % against 75 %` (or the value alone without a target).
    pub line: String,
    /// Against the target.
    pub status: Status,
}
