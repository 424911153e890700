//! The results workbook (`nudj score --format xlsx`, `nudj batch --xlsx`; docs/results-workbook.md):
//! the score result as Excel sheets for the client's analysts, with native Excel charts a
//! consultant restyles and pastes into a deck.
//!
//! Sheets: Summary, Dimensions, Questions, Segments, Metrics, Indicators (operational KPIs),
//! Data quality, Warnings, named and
//! headed in the engagement's language (right to left for Arabic). Every figure is the score
//! result's own value at full precision ([`crate::score::ScoreResult`], the analysis's gaps
//! and priorities, the benchmark placement); an Excel number format rounds it for display as
//! the report rounds it. A sheet or column that would be empty is left out (issue 19). Client
//! text is written as strings, never formulas. No respondent id, name or comment is written:
//! warnings name respondents as `[…]`. The same input gives the same bytes (the document's
//! creation date is the engagement's date).

mod charts;
mod metrics;
mod sheets;
pub mod table;

use rust_xlsxwriter::{DocProperties, Workbook, XlsxError};

use crate::analysis::Analysis;
use crate::error::{Diagnostic, Error, Result};
use crate::model::Engagement;
use crate::score::ScoreResult;
use crate::text::{Lang, Text};
use crate::words::Catalogue;

use table::Table;

/// What the results workbook is made from: the engagement, its score and the warnings met
/// loading it, as the pipeline loaded them.
#[derive(Debug, Clone, Copy)]
pub struct WorkbookInput<'a> {
    /// The checked engagement (client, date, language, `labels:`).
    pub engagement: &'a Engagement,
    /// Its score result (with the comparison and benchmark placement when given).
    pub result: &'a ScoreResult,
    /// Who answered or rated: the data's respondent ids, the assessors named in the
    /// Assessment sheet and the engagement's `assessors:`. Masked (`` `[…]` ``) wherever a
    /// warning quotes them (docs/privacy.md).
    pub private_names: &'a [&'a str],
    /// Every warning of the run (engagement, data, score).
    pub warnings: &'a [Diagnostic],
}

/// What every sheet builder reads.
pub(crate) struct Ctx<'a> {
    pub r: &'a ScoreResult,
    pub an: Analysis,
    pub e: &'a Engagement,
    pub lang: Lang,
    pub words: &'a Catalogue,
}

impl Ctx<'_> {
    /// A word of the catalogue in the workbook's language.
    pub fn w(&self, key: &str) -> String {
        self.words.get(key, self.lang)
    }

    /// A text of the model or engagement in the workbook's language.
    pub fn text(&self, t: &Text) -> String {
        t.get(self.lang).to_string()
    }

    /// A value from the data (segment column or value, channel) as the report names it.
    pub fn label(&self, value: &str) -> String {
        crate::report::labels::label(&self.e.labels, value, self.lang).to_string()
    }

    /// Column keys with their headers from the catalogue (the key is the catalogue key).
    pub fn columns(&self, keys: &[&str]) -> Vec<(String, String)> {
        keys.iter().map(|k| (k.to_string(), self.w(k))).collect()
    }

    /// A new table for the sheet named by the catalogue key `sheet`.
    pub fn table(&self, sheet: &str, keys: &[&str]) -> Table {
        Table::new(table::sheet_name(&self.w(sheet)), self.columns(keys))
    }
}

/// The results workbook's bytes.
///
/// Errors: a word missing from the catalogue ([`Error::Invalid`] naming it), or one the
/// writer refuses ([`Error::Internal`]).
pub fn results_workbook(input: &WorkbookInput<'_>) -> Result<Vec<u8>> {
    let words = Catalogue::builtin()?;
    words.require(WORDS)?;
    let r = input.result;
    let segment_columns = input.engagement.segments.clone();
    let c = Ctx {
        r,
        an: crate::analysis::analyse(r, &segment_columns),
        e: input.engagement,
        lang: r.lang,
        words,
    };
    build(&c, input).map_err(|e| Error::internal(format!("cannot write the results workbook: {e}")))
}

/// Builds every sheet and the charts, and saves the workbook to memory.
fn build(c: &Ctx<'_>, input: &WorkbookInput<'_>) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let date = table::excel_date(c.e.date)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(c.w("xlsx_title"))
            .set_author("nudj")
            .set_creation_datetime(&date),
    );
    let rtl = c.lang.is_rtl();
    let summary = sheets::summary(c);
    let mut dimensions = sheets::dimensions(c);
    let mut questions = sheets::questions(c);
    let mut segments = sheets::segments(c);
    let mut built = metrics::metrics(c);
    let mut indicators = sheets::indicators(c);
    let quality = sheets::quality(c);
    let mut warnings = sheets::warnings(c, input.warnings, input.private_names);
    for t in [
        &mut dimensions,
        &mut questions,
        &mut segments,
        &mut built.table,
        &mut indicators,
        &mut warnings,
    ] {
        t.prune();
    }
    let charts = charts::charts(c, &dimensions, &built)?;
    let ws = table::write(&mut wb, &summary, rtl)?;
    charts::place(ws, &summary, charts)?;
    for t in [
        &dimensions,
        &questions,
        &segments,
        &built.table,
        &indicators,
        &quality,
        &warnings,
    ] {
        if !t.rows.is_empty() {
            table::write(&mut wb, t, rtl)?;
        }
    }
    wb.save_to_buffer()
}

/// The catalogue keys the workbook uses.
pub const WORDS: &[&str] = &[
    "xlsx_place_sheet",
    "xlsx_place_row",
    "warn_headerless_column",
    "warn_duplicate_respondent",
    "warn_blank_rows",
    "warn_na_answers",
    "warn_blank_answers",
    "warn_no_segment_value",
    "warn_straight_lining",
    "warn_incomplete_respondent",
    "warn_rows_without_score",
    "warn_all_scores_na",
    "warn_na_scores",
    "warn_outcome_excluded",
    "warn_outcome_kept",
    "warn_disagreement",
    "warn_disagreement_help",
    "xlsx_consensus_source",
    "xlsx_source_meeting",
    "xlsx_source_median",
    "xlsx_ratings_count",
    "xlsx_sd_ratings",
    "xlsx_alpha_reading",
    "xlsx_exact_agreement",
    "xlsx_blank_ratings",
    "consensus",
    "spread",
    "in_place",
    "practice_met",
    "practice_not_met",
    "practice_not_rated",
    "dq_assessors",
    "alpha_short",
    "alpha_short_reliable",
    "alpha_short_tentative",
    "alpha_short_not_reliable",
    "dq_disagreements",
    "disagreements_title",
    "dq_survey",
    "dq_practices_rated",
    "dq_consensus_rows",
    "dq_na_ratings",
    "self_assessment",
    "perception_gap",
    "list_sep",
    "xlsx_title",
    "xlsx_sheet_summary",
    "xlsx_sheet_dimensions",
    "xlsx_sheet_questions",
    "xlsx_sheet_segments",
    "xlsx_sheet_metrics",
    "xlsx_sheet_indicators",
    "xlsx_indicator",
    "xlsx_channel",
    "xlsx_stage",
    "xlsx_unit",
    "xlsx_better",
    "xlsx_better_higher",
    "xlsx_better_lower",
    "xlsx_latest",
    "xlsx_sheet_quality",
    "xlsx_sheet_warnings",
    "xlsx_item",
    "xlsx_client",
    "xlsx_sector",
    "xlsx_model",
    "xlsx_model_version",
    "xlsx_id",
    "xlsx_level_name",
    "xlsx_level_change",
    "xlsx_previous_respondents",
    "xlsx_q1",
    "xlsx_q3",
    "xlsx_organisations",
    "xlsx_benchmark",
    "xlsx_breakdown",
    "xlsx_by_stage",
    "xlsx_detractor_share",
    "xlsx_previous_overall",
    "xlsx_overall_change",
    "xlsx_group",
    "xlsx_overall",
    "xlsx_share",
    "xlsx_new_customers",
    "xlsx_significance",
    "xlsx_note",
    "xlsx_severity",
    "xlsx_file",
    "xlsx_place",
    "xlsx_message",
    "xlsx_help",
    "xlsx_severity_info",
    "xlsx_severity_warning",
    "xlsx_severity_error",
    "xlsx_answer",
    "xlsx_clv_segment",
    "xlsx_chart_dimensions",
    "xlsx_chart_scores",
    "assessment_date",
    "respondents",
    "overall_score",
    "maturity_index",
    "level",
    "dimension",
    "score",
    "weight",
    "target",
    "gap",
    "gap_next_level",
    "priority",
    "status",
    "status_met",
    "status_near",
    "status_missed",
    "status_no_answers",
    "count_short",
    "change",
    "previous",
    "sector_median",
    "percentile",
    "question",
    "mean",
    "sd",
    "na_short",
    "dq_total",
    "dq_scored",
    "dq_excluded",
    "dq_straight",
    "dq_incomplete",
    "dq_no_answer",
    "dq_na",
    "dq_blank",
    "segment",
    "suppressed",
    "xlsx_hidden_too",
    "xlsx_groups_hidden_small",
    "xlsx_few_answers",
    "small_flag",
    "no_targets_note",
    "partial_targets_note",
    "nps_short",
    "nps_channel_alt",
    "csat",
    "ces",
    "churn",
    "clv",
    "by_channel",
    "by_segment",
    "promoters",
    "passives",
    "detractors",
    "margin",
    "period",
    "customers_start",
    "customers_end",
    "lost",
    "avg_purchase",
    "frequency",
    "lifespan",
    "gross_margin",
    "all_customers",
    "segment_customers",
    "significant",
    "not_significant",
    "change_untested",
    "value",
    "metric",
    "distribution",
    "clv_weighted_short",
    "clv_unweighted_short",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_has_every_word_of_the_workbook() {
        Catalogue::embedded().unwrap().require(WORDS).unwrap();
    }
}
