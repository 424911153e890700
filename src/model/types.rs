//! The maturity model and engagement file formats (see docs/model-format.md).
//! Positions are kept (`At<T>`) wherever validation may need to point at a value.

use std::collections::BTreeMap;
use std::path::PathBuf;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::text::{Lang, Text};

/// A value with the 1-based YAML line and column it was read from (0 when unknown,
/// e.g. a default). Compares, orders and serialises as the bare value.
#[derive(Debug, Clone, Default)]
pub struct At<T> {
    /// The value.
    pub value: T,
    /// 1-based line, 0 if unknown.
    pub line: u64,
    /// 1-based column, 0 if unknown.
    pub column: u64,
}

impl<T> At<T> {
    /// A value with no known position (defaults, values built in code).
    pub fn new(value: T) -> Self {
        At {
            value,
            line: 0,
            column: 0,
        }
    }
}

impl<T> std::ops::Deref for At<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: PartialEq> PartialEq for At<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}
impl<T: Eq> Eq for At<T> {}
impl<T: PartialOrd> PartialOrd for At<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        self.value.partial_cmp(&other.value)
    }
}
impl<T: Ord> Ord for At<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.value.cmp(&other.value)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for At<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = serde_saphyr::Spanned::<T>::deserialize(d)?;
        Ok(At {
            value: s.value,
            line: s.referenced.line(),
            column: s.referenced.column(),
        })
    }
}

impl<T: Serialize> Serialize for At<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

impl<T: JsonSchema> JsonSchema for At<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
    fn inline_schema() -> bool {
        T::inline_schema()
    }
}

fn one() -> At<f64> {
    At::new(1.0)
}

/// A maturity model: scale, levels, dimensions with their questions, and CX metric targets.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// Identifier, lowercase letters, digits and `-`, e.g. `cx-maturity`.
    pub id: At<String>,
    /// Version of the model, e.g. "1.0"; stored in every result for traceability.
    pub version: At<String>,
    /// Title of the model.
    pub title: Text,
    /// What the model assesses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// The integer answer scale.
    pub scale: Scale,
    /// Maturity levels, at least two, ascending by `min_score`.
    pub levels: At<Vec<Level>>,
    /// Dimensions, each with its questions.
    pub dimensions: At<Vec<Dimension>>,
    /// CX metrics this model reports, with targets.
    #[serde(default)]
    pub metrics: Metrics,
    /// How levels are awarded: by score thresholds (default) or gated by practices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scoring: Option<At<Scoring>>,
}

impl Model {
    /// Whether levels are gated by practices (`scoring: {levels: gated}`).
    pub fn gated(&self) -> bool {
        self.scoring
            .as_ref()
            .is_some_and(|s| s.value.levels.value == LevelRule::Gated)
    }

    /// The score (scale units) at or above which a practice is met, for gated models.
    pub fn met_at(&self) -> Option<f64> {
        self.scoring
            .as_ref()
            .filter(|_| self.gated())
            .and_then(|s| s.value.met_at.as_ref())
            .map(|m| m.value)
    }
}

/// How levels are awarded (model `scoring:`; see docs/scoring.md).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    /// `threshold` (default): the highest level whose `min_score` the score reaches.
    /// `gated`: a dimension reaches level k ≥ 2 when it has a question at level k and every
    /// question at levels 2 … k is met; the overall level is the lowest dimension level.
    #[serde(default)]
    pub levels: At<LevelRule>,
    /// Gated models: a question is met when its score (scale units) is at least this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub met_at: Option<At<f64>>,
}

/// The rule that turns scores into levels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LevelRule {
    /// Level = the highest level whose `min_score` ≤ score.
    #[default]
    Threshold,
    /// Level = the highest level whose practices (and those of every level below) are met.
    Gated,
}

/// The integer answer scale, e.g. 1..5 or 0..4.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// Lowest answer.
    pub min: At<i64>,
    /// Highest answer.
    pub max: At<i64>,
    /// Optional label per answer value; labels are also accepted as answers in workbooks.
    #[serde(default)]
    pub labels: BTreeMap<At<i64>, Text>,
}

/// One maturity level. Level k applies to the highest k whose `min_score` ≤ score.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// Level name, e.g. {ar: ناشئ, en: Initial}.
    pub name: Text,
    /// Lowest score (scale units) that reaches this level. The first equals `scale.min`.
    pub min_score: At<f64>,
    /// What an organisation at this level looks like.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
}

/// A dimension (discipline) of the model.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    /// Identifier, unique in the model; also the key in `targets:` and narrative file names.
    pub id: At<String>,
    /// Dimension name.
    pub name: Text,
    /// Weight in the overall score (default 1, > 0).
    #[serde(default = "one")]
    pub weight: At<f64>,
    /// What the dimension covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// The questions, at least one.
    pub questions: At<Vec<Question>>,
    /// Level number (1-based) → what to do at that level to reach the next.
    #[serde(default)]
    pub recommendations: BTreeMap<At<u32>, Vec<Text>>,
}

/// One question (item) of a dimension.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Identifier, unique across the model, e.g. `STR-01`; the column header in workbooks.
    pub id: At<String>,
    /// The question as asked.
    pub text: Text,
    /// Weight in its dimension (default 1, > 0).
    #[serde(default = "one")]
    pub weight: At<f64>,
    /// Extra column headers that mean this question (survey-tool exports).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// What each answer value means for this question (anchored rating scale).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub anchors: BTreeMap<At<i64>, Text>,
    /// The maturity level (2 … number of levels) the practice belongs to; required by gated
    /// models (`scoring: {levels: gated}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<At<u32>>,
    /// What an assessor looks for to rate the practice (documents, interviews, site visits);
    /// shown in the collection workbook and the report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Text>,
}

/// The CX metrics a model reports. Each is optional; present means "report it".
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metrics {
    /// Net Promoter Score (answers 0-10); target in NPS points (−100..100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nps: Option<NpsSpec>,
    /// Customer satisfaction (answers 1-5); target in percent satisfied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csat: Option<CsatSpec>,
    /// Customer effort score; target as a mean on `scale`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ces: Option<CesSpec>,
    /// Churn rate; target in percent per period (lower is better).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub churn: Option<ChurnSpec>,
    /// Customer lifetime value; target in currency units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clv: Option<ClvSpec>,
}

/// NPS settings.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NpsSpec {
    /// Target NPS (−100..100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<At<f64>>,
}

fn csat_threshold() -> At<i64> {
    At::new(4)
}

/// CSAT settings.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CsatSpec {
    /// Target share satisfied, in percent (0..100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<At<f64>>,
    /// Lowest answer (1-5) that counts as satisfied; default 4 (top-two box).
    #[serde(default = "csat_threshold")]
    pub threshold: At<i64>,
}

fn ces_scale() -> At<i64> {
    At::new(7)
}

/// CES settings. Default CES 2.0: 1-7 agreement that the company made it easy, higher is better.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CesSpec {
    /// Target mean on the CES scale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<At<f64>>,
    /// Top of the scale: 7 (CES 2.0, default) or 5. Answers run from 1.
    #[serde(default = "ces_scale")]
    pub scale: At<i64>,
    /// Lowest answer that counts as "easy"; default 5 on a 7-point scale, 4 on a 5-point one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub easy_min: Option<At<i64>>,
}

/// Churn settings.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChurnSpec {
    /// Target churn in percent per period (at or below is met).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<At<f64>>,
}

/// CLV settings.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClvSpec {
    /// Target CLV in currency units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<At<f64>>,
    /// Currency code shown beside values, e.g. SAR.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
}

/// One client assessment: who, which model, which data, how to report.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EngagementFile {
    /// The client.
    pub client: Client,
    /// Report title; defaults to the model's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    /// Path to a model file (relative to this file) or a built-in model name; default built-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<At<String>>,
    /// The answers workbook (.xlsx) or CSV export, relative to this file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<At<PathBuf>>,
    /// How the data was collected: `survey` (default: staff answer the questions in the
    /// `Responses` sheet) or `assessment` (assessors rate each practice against evidence in
    /// the `Assessment` sheet; a `Responses` sheet beside it is the self-assessment).
    #[serde(default)]
    pub method: At<Method>,
    /// Assessments: the assessors' names, for the collection workbook (a row per assessor
    /// per question) and to check the `Assessment` sheet's `assessor` column.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assessors: Vec<At<String>>,
    /// Report language: `ar` (right-to-left, default) or `en`.
    #[serde(default)]
    pub language: Lang,
    /// Assessment date, YYYY-MM-DD; also the document date (fixed, for reproducible output).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<At<String>>,
    /// Target per dimension id in scale units; `default` applies to the rest.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub targets: BTreeMap<At<String>, At<f64>>,
    /// Sheet-name mapping when the workbook's sheets are named differently.
    #[serde(default)]
    pub sheets: Sheets,
    /// Columns of the responses sheet to break results down by, e.g. ["Department"].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub segments: Vec<At<String>>,
    /// Free-text comment columns of the responses sheet (verbatims).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<At<String>>,
    /// Extra answers meaning "not applicable" (besides N/A, NA, لا ينطبق …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_applicable: Vec<String>,
    /// Extra answer wordings and the scale value each means, besides the model's labels:
    /// `{أوافق بشدة: 5, أوافق: 4, محايد: 3, لا أوافق: 2, لا أوافق بشدة: 1}` for a form
    /// worded otherwise than the model. Compared as labels are (normalised).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub answers: BTreeMap<At<String>, At<i64>>,
    /// How numbers typed as text in the data file are written, when they use `.` between
    /// thousands or a decimal comma: `{decimal: ",", thousands: "."}`. Unstated, such
    /// numbers (`12.500`, `12,5`) are refused as ambiguous.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numbers: Option<At<Numbers>>,
    /// An earlier `nudj score --format json` output, for comparison.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<At<PathBuf>>,
    /// A sector benchmark written by `nudj benchmark build`, relative to this file: each
    /// score and metric is placed in it (sector quartiles, the client's percentile).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub benchmark: Option<At<PathBuf>>,
    /// Theme file (branding), relative to this file; default built-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<At<PathBuf>>,
    /// Folder of narrative Markdown files; default `narrative/` beside this file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narrative: Option<At<PathBuf>>,
    /// Which flagged respondents to leave out of the scores.
    #[serde(default)]
    pub exclude: Exclude,
    /// Anonymity: segments with fewer respondents are flagged (and suppressed). Default 5.
    #[serde(default = "min_segment")]
    pub min_segment_size: At<u32>,
    /// Hide segments below `min_segment_size` in reports (default true).
    #[serde(default = "yes")]
    pub suppress_small_segments: bool,
    /// Names in the other language for values of the data: segment columns, segment values
    /// and channels, e.g. `المستشفى: Hospital` or `مستشفى الرياض: {ar: مستشفى الرياض, en: Riyadh
    /// hospital}`. A plain name is used by the report in its language's script.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, Text>,
    /// The customer journey: its stages in order (before, during and after the service),
    /// e.g. discover, apply, onboard, use, get help, renew or leave. The NPS, CSAT and CES
    /// answers may name a stage (`stage` column); results are then given per stage.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub journey: Vec<JourneyStage>,
    /// Metric data in CSV files beside the workbook (post-interaction survey feeds of
    /// millions of rows), relative to this file: same columns and rules as the sheets,
    /// read streaming. A metric given here must not also have a sheet.
    #[serde(default)]
    pub metric_files: MetricFiles,
}

/// CSV files holding metric data (engagement `metric_files:`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MetricFiles {
    /// NPS answers: the NPS sheet's columns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nps: Option<At<PathBuf>>,
    /// CSAT answers: the CSAT sheet's columns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csat: Option<At<PathBuf>>,
    /// CES answers: the CES sheet's columns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ces: Option<At<PathBuf>>,
    /// Operational indicators: the KPIs sheet's columns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kpis: Option<At<PathBuf>>,
}

/// One stage of the customer journey (engagement `journey:`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JourneyStage {
    /// Stable id, e.g. `onboard`: what the data's `stage` column may hold (or the name).
    pub id: At<String>,
    /// The stage's name in the report, `{ar: ..., en: ...}`.
    pub name: Text,
}

fn min_segment() -> At<u32> {
    At::new(5)
}
fn yes() -> bool {
    true
}

/// How an engagement's data was collected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// A survey of the client's staff (the `Responses` sheet).
    #[default]
    Survey,
    /// Assessors rate each practice against evidence (the `Assessment` sheet).
    Assessment,
}

/// The client being assessed.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Client {
    /// Client name as it should appear on the cover.
    pub name: Text,
    /// A short name for the running header of every page (e.g. `UNHC` for a name of 120
    /// characters); without it a name longer than the header allows is cut at a word with `…`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_name: Option<Text>,
    /// Sector, e.g. "Retail banking".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<Text>,
    /// Client logo (PNG, JPEG or SVG), relative to the engagement file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<At<PathBuf>>,
}

/// Sheet names in the workbook, when they differ from the defaults.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sheets {
    /// Maturity answers; default `Responses` (or the only sheet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responses: Option<String>,
    /// Assessors' ratings (`method: assessment`); default `Assessment` or `التقييم`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment: Option<String>,
    /// NPS answers; default `NPS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nps: Option<String>,
    /// CSAT answers; default `CSAT`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csat: Option<String>,
    /// CES answers; default `CES`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ces: Option<String>,
    /// Customer counts per period; default `Customers`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customers: Option<String>,
    /// CLV inputs; default `CLV`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clv: Option<String>,
    /// Operational indicators; default `KPIs` (or `المؤشرات التشغيلية`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kpis: Option<String>,
}

/// The convention of numbers typed as text in a data file (engagement `numbers:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Numbers {
    /// The decimal mark: `"."` or `","`.
    pub decimal: DecimalMark,
    /// The thousands separator: `","`, `"."`, `"'"`, `" "` or `""` (none).
    pub thousands: ThousandsMark,
}

/// A decimal mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum DecimalMark {
    /// `12.5`
    #[serde(rename = ".")]
    Point,
    /// `12,5`
    #[serde(rename = ",")]
    Comma,
}

impl DecimalMark {
    /// The character.
    pub fn mark(self) -> char {
        match self {
            DecimalMark::Point => '.',
            DecimalMark::Comma => ',',
        }
    }
}

/// A thousands separator (spaces between digits are always accepted as well).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ThousandsMark {
    /// `12,500`
    #[serde(rename = ",")]
    Comma,
    /// `12.500`
    #[serde(rename = ".")]
    Point,
    /// `12'500`
    #[serde(rename = "'")]
    Apostrophe,
    /// `12 500`
    #[serde(rename = " ")]
    Space,
    /// No separator: `12500`.
    #[serde(rename = "")]
    None,
}

impl ThousandsMark {
    /// The character, `None` when there is none (spaces are always dropped).
    pub fn mark(self) -> Option<char> {
        match self {
            ThousandsMark::Comma => Some(','),
            ThousandsMark::Point => Some('.'),
            ThousandsMark::Apostrophe => Some('\''),
            ThousandsMark::Space | ThousandsMark::None => None,
        }
    }
}

/// Respondents to leave out of the scores (they are always flagged in the warnings).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exclude {
    /// Leave out respondents who gave the same answer to every question.
    #[serde(default)]
    pub straightliners: bool,
    /// Leave out respondents who answered fewer than half the questions.
    #[serde(default)]
    pub incomplete: bool,
}
