//! The data-collection workbook a client fills in (`nudj template`). Its layout is the one
//! the reader expects by default (docs/workbook-format.md), so a filled-in template reads
//! back without any mapping.

use std::path::Path;

use rust_xlsxwriter::{
    DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, Note, Workbook,
    Worksheet, XlsxError,
};

use crate::error::{Error, Result};
use crate::model::{EngagementFile, Method, Model, Sheets};
use crate::text::Lang;

/// What to put in the template besides the model.
#[derive(Debug, Clone)]
pub struct TemplateOptions {
    /// Language of notes, legends and layout direction (Arabic: right-to-left sheets).
    pub lang: Lang,
    /// Segment columns, e.g. `Department`, placed after `respondent`.
    pub segments: Vec<String>,
    /// Free-text comment columns, placed after the segments.
    pub comments: Vec<String>,
    /// Sheet names (defaults `Responses`, `NPS`, …), so a renamed layout reads back.
    pub sheets: Sheets,
    /// Data rows prepared with drop-downs on each answer sheet.
    pub rows: u32,
    /// The engagement's own not-applicable words, offered in the answer drop-down instead
    /// of `N/A` (the reader accepts both).
    pub not_applicable: Vec<String>,
    /// `assessment` adds the `Assessment` sheet (a row per assessor per question); the
    /// `Responses` sheet stays for the optional staff self-assessment.
    pub method: Method,
    /// The assessors named in the Assessment sheet's rows.
    pub assessors: Vec<String>,
}

/// Data rows prepared with drop-downs by default: every row Excel has below a header in row 1
/// (the reader accepts up to row 1,048,576). A drop-down is one rule over a range, so the
/// file is no larger than with 500 rows.
pub const TEMPLATE_ROWS: u32 = 1_048_575;

/// The last 0-based row of a drop-down over `rows` data rows under `header_row`, kept on the
/// sheet (Excel's last row is 1,048,576).
fn last_row(header_row: u32, rows: u32) -> u32 {
    header_row.saturating_add(rows).min(TEMPLATE_ROWS)
}

impl Default for TemplateOptions {
    fn default() -> Self {
        TemplateOptions {
            lang: Lang::Ar,
            segments: Vec::new(),
            comments: Vec::new(),
            sheets: Sheets::default(),
            rows: TEMPLATE_ROWS,
            not_applicable: Vec::new(),
            method: Method::Survey,
            assessors: Vec::new(),
        }
    }
}

impl TemplateOptions {
    /// The options an engagement implies.
    pub fn from_engagement(e: &EngagementFile) -> Self {
        TemplateOptions {
            lang: e.language,
            segments: e.segments.iter().map(|s| s.value.clone()).collect(),
            comments: e.comments.iter().map(|s| s.value.clone()).collect(),
            sheets: e.sheets.clone(),
            not_applicable: e.not_applicable.clone(),
            method: e.method.value,
            assessors: e
                .assessors
                .iter()
                .map(|a| a.value.trim().to_string())
                .collect(),
            ..TemplateOptions::default()
        }
    }
}

/// Writes the collection workbook for `model` to `out`. Same inputs give the same bytes
/// (fixed document date).
pub fn write_template(model: &Model, opts: &TemplateOptions, out: &Path) -> Result<()> {
    let bytes = template_bytes(model, opts).map_err(|e| {
        Error::write(
            out,
            std::io::Error::other(format!("cannot build the workbook: {e}")),
        )
    })?;
    std::fs::write(out, bytes).map_err(|e| Error::write(out, e))
}

/// The word catalogue (`report-templates/strings.yaml`): the workbook's words, both languages.
fn words() -> Result<&'static crate::words::Catalogue, XlsxError> {
    crate::words::Catalogue::builtin().map_err(|e| XlsxError::ParameterError(e.to_string()))
}

/// Cuts `s` to at most `max` UTF-16 units (Excel's limits are in UTF-16), on a char boundary.
fn fit(s: &str, max: usize) -> String {
    if s.encode_utf16().count() <= max {
        return s.to_string();
    }
    let room = max.saturating_sub(1); // for the ellipsis
    let mut n = 0;
    let mut out = String::new();
    for ch in s.chars() {
        if n + ch.len_utf16() > room {
            break;
        }
        n += ch.len_utf16();
        out.push(ch);
    }
    out.push('…');
    out
}

/// The scale legend, one "value = label" per line.
fn legend(model: &Model, lang: Lang) -> Vec<String> {
    (*model.scale.min..=*model.scale.max)
        .map(|v| {
            let label = model
                .scale
                .labels
                .iter()
                .find(|(k, _)| k.value == v)
                .map(|(_, t)| t.get(lang).to_string())
                .unwrap_or_default();
            if label.is_empty() {
                v.to_string()
            } else {
                format!("{v} = {label}")
            }
        })
        .collect()
}

fn sheet_name(named: &Option<String>, default: &str) -> String {
    named.clone().unwrap_or_else(|| default.to_string())
}

fn prepare(ws: &mut Worksheet, name: &str, lang: Lang) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    ws.set_right_to_left(lang.is_rtl());
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn header_row(ws: &mut Worksheet, cols: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (c, h) in cols.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        ws.write_string_with_format(0, c, *h, bold)?;
        ws.set_column_width(c, 18)?;
    }
    Ok(())
}

fn number_validation(
    ws: &mut Worksheet,
    col: u16,
    rows: u32,
    min: i32,
    max: i32,
    title: &str,
    message: &str,
) -> Result<(), XlsxError> {
    let dv = DataValidation::new()
        .allow_whole_number(DataValidationRule::Between(min, max))
        .set_input_title(fit(title, 32))?
        .set_input_message(fit(message, 255))?;
    ws.add_data_validation(1, col, last_row(0, rows), col, &dv)?;
    Ok(())
}

/// A rating sheet: wanted by the model?, engagement name, default name, min, max, and the
/// catalogue key of the question (the drop-down's input message).
type RatingSheet<'a> = (
    bool,
    &'a Option<String>,
    &'static str,
    i32,
    i32,
    &'static str,
);

/// One column of the Responses sheet: where it is, its header and, for a question column,
/// the question's index in model order (it gets the note and the drop-down).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ResponseColumn {
    /// 0-based column.
    pub col: u16,
    /// The header as written in row 1.
    pub header: String,
    /// Index of the question (dimensions then questions, model order), if it is one.
    pub question: Option<usize>,
}

/// How the generated workbook differs from a fresh template (used by `--update`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Layout {
    /// The Responses columns; `None`: respondent, segments, comments, then the questions.
    pub responses: Option<Vec<ResponseColumn>>,
    /// 0-based row of the Responses header (drop-downs start below it).
    pub header_row: u32,
    /// Metric sheets not generated (the caller copies the filled ones instead).
    pub skip: Vec<String>,
}

/// The Responses columns of a fresh template.
fn fresh_columns(model: &Model, opts: &TemplateOptions) -> Vec<ResponseColumn> {
    let fixed = std::iter::once("respondent".to_string())
        .chain(opts.segments.iter().cloned())
        .chain(opts.comments.iter().cloned())
        .map(|h| (h, None));
    let questions = model
        .dimensions
        .iter()
        .flat_map(|d| d.questions.iter())
        .enumerate()
        .map(|(i, q)| (q.id.value.clone(), Some(i)));
    fixed
        .chain(questions)
        .enumerate()
        .map(|(c, (header, question))| ResponseColumn {
            col: u16::try_from(c).unwrap_or(u16::MAX),
            header,
            question,
        })
        .collect()
}

/// Builds the workbook in memory.
pub fn template_bytes(model: &Model, opts: &TemplateOptions) -> Result<Vec<u8>, XlsxError> {
    template_workbook(model, opts, &Layout::default())?.save_to_buffer()
}

/// Writes the Responses sheet's header, notes and drop-downs for `columns`; `na_words` are
/// the not-applicable answers the drop-down offers, `na` their legend line.
#[allow(clippy::too_many_arguments)]
fn responses_sheet(
    ws: &mut Worksheet,
    model: &Model,
    opts: &TemplateOptions,
    columns: &[ResponseColumn],
    header_row: u32,
    na_words: &[String],
    na: &str,
) -> Result<(), XlsxError> {
    let lang = opts.lang;
    let rows = opts.rows.max(1);
    let bold = Format::new().set_bold().set_background_color("#E8EEF4");
    let questions: Vec<&crate::model::Question> = model
        .dimensions
        .iter()
        .flat_map(|d| d.questions.iter())
        .collect();
    let mut list: Vec<String> = (*model.scale.min..=*model.scale.max)
        .map(|v| v.to_string())
        .collect();
    list.extend(na_words.iter().cloned());
    let message = format!("{}\n{na}", legend(model, lang).join("\n"));
    for column in columns {
        let col = column.col;
        ws.write_string_with_format(header_row, col, &column.header, &bold)?;
        let Some(q) = column.question.and_then(|i| questions.get(i)) else {
            ws.set_column_width(col, 18)?;
            continue;
        };
        ws.set_column_width(col, 10)?;
        let note = Note::new(q.text.get(lang))
            .add_author_prefix(false)
            .set_width(320)
            .set_height(160);
        ws.insert_note(header_row, col, &note)?;
        let dv = DataValidation::new()
            .allow_list_strings(&list)?
            .set_input_title(fit(&q.id.value, 32))?
            .set_input_message(fit(&message, 255))?;
        ws.add_data_validation(header_row + 1, col, last_row(header_row, rows), col, &dv)?;
    }
    Ok(())
}

/// Builds the workbook, laid out as `layout` says (a fresh template by default).
pub(crate) fn template_workbook(
    model: &Model,
    opts: &TemplateOptions,
    layout: &Layout,
) -> Result<Workbook, XlsxError> {
    let lang = opts.lang;
    let mut wb = Workbook::new();
    let date = ExcelDateTime::from_ymd(2026, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(model.title.get(lang))
            .set_author("nudj")
            .set_creation_datetime(&date),
    );
    let bold = Format::new().set_bold().set_background_color("#E8EEF4");
    // The not-applicable answers offered: the engagement's own words, else N/A.
    let na_words: Vec<String> = if opts.not_applicable.is_empty() {
        vec!["N/A".to_string()]
    } else {
        opts.not_applicable.clone()
    };
    let words = words()?;
    let na = format!(
        "{} = {}",
        na_words.join(" / "),
        words.get("template_na_meaning", lang)
    );

    // Instructions first (the sheet a client sees on opening), in the workbook's language.
    instructions_sheet(&mut wb, model, lang, words, &na_words)?;
    if opts.method == Method::Assessment {
        assessment_sheet(&mut wb, model, opts, words, &na_words, &na)?;
    }
    // Responses.
    {
        let ws = wb.add_worksheet();
        prepare(ws, &sheet_name(&opts.sheets.responses, "Responses"), lang)?;
        let fresh;
        let columns = match &layout.responses {
            Some(c) => c.as_slice(),
            None => {
                fresh = fresh_columns(model, opts);
                fresh.as_slice()
            }
        };
        responses_sheet(ws, model, opts, columns, layout.header_row, &na_words, &na)?;
    }

    questions_sheet(&mut wb, model, lang, words, &bold)?;
    metric_sheets(&mut wb, model, opts, layout, words, &bold)?;
    Ok(wb)
}

/// The Assessment sheet of an evidence-based assessment (`method: assessment`): per
/// question a row for each assessor and a `consensus` row for the agreed rating, the rating
/// drop-down, and the question's text and evidence guidance as a note on its id. Headers in
/// the workbook's language (the reader accepts both).
fn assessment_sheet(
    wb: &mut Workbook,
    model: &Model,
    opts: &TemplateOptions,
    words: &crate::words::Catalogue,
    na_words: &[String],
    na: &str,
) -> Result<(), XlsxError> {
    let lang = opts.lang;
    let bold = Format::new().set_bold().set_background_color("#E8EEF4");
    let consensus_fmt = Format::new().set_italic().set_background_color("#F4F1E8");
    let ws = wb.add_worksheet();
    let default = match lang {
        Lang::Ar => "التقييم",
        Lang::En => "Assessment",
    };
    prepare(ws, &sheet_name(&opts.sheets.assessment, default), lang)?;
    let head: [&str; 5] = match lang {
        Lang::Ar => ["المقيّم", "العبارة", "التقييم", "الدليل", "ملاحظة"],
        Lang::En => ["assessor", "question", "rating", "evidence", "note"],
    };
    header_row(ws, &head, &bold)?;
    ws.set_column_width(3, 50)?;
    ws.set_column_width(4, 30)?;
    let consensus = match lang {
        Lang::Ar => "إجماع",
        Lang::En => "consensus",
    };
    // No assessors listed: one unnamed row per question for each of two assessors.
    let assessors: Vec<&str> = if opts.assessors.is_empty() {
        vec!["", ""]
    } else {
        opts.assessors.iter().map(String::as_str).collect()
    };
    let mut list: Vec<String> = (*model.scale.min..=*model.scale.max)
        .map(|v| v.to_string())
        .collect();
    list.extend(na_words.iter().cloned());
    let message = format!("{}\n{na}", legend(model, lang).join("\n"));
    let evidence_word = words.get("template_evidence", lang);
    let mut r = 1u32;
    for q in model.dimensions.iter().flat_map(|d| d.questions.iter()) {
        let mut note = q.text.get(lang).to_string();
        if let Some(e) = &q.evidence {
            note = format!("{note}\n\n{evidence_word}: {}", e.get(lang));
        }
        let first = r;
        for a in assessors.iter().copied().chain(std::iter::once(consensus)) {
            let fmt = (a == consensus).then_some(&consensus_fmt);
            match fmt {
                Some(f) => {
                    ws.write_string_with_format(r, 0, a, f)?;
                    ws.write_string_with_format(r, 1, q.id.value.as_str(), f)?;
                }
                None => {
                    if !a.is_empty() {
                        ws.write_string(r, 0, a)?;
                    }
                    ws.write_string(r, 1, q.id.value.as_str())?;
                }
            }
            r += 1;
        }
        let n = Note::new(fit(&note, 32_000))
            .add_author_prefix(false)
            .set_width(360)
            .set_height(200);
        ws.insert_note(first, 1, &n)?;
    }
    let dv = DataValidation::new()
        .allow_list_strings(&list)?
        .set_input_title(fit(&words.get("template_rating", lang), 32))?
        .set_input_message(fit(&message, 255))?;
    ws.add_data_validation(1, 2, r.max(2) - 1, 2, &dv)?;
    Ok(())
}

/// The Instructions sheet: how to fill the workbook, in the workbook's language (an Arabic
/// workbook is Arabic throughout; sheet names and column ids stay as the reader knows them).
fn instructions_sheet(
    wb: &mut Workbook,
    model: &Model,
    lang: Lang,
    words: &crate::words::Catalogue,
    na_words: &[String],
) -> Result<(), XlsxError> {
    let wrap = Format::new().set_text_wrap();
    let ws = wb.add_worksheet();
    prepare(ws, "Instructions", lang)?;
    ws.set_column_width(0, 110)?;
    let title = Format::new().set_bold().set_font_size(14);
    let heading = words.get("template_instructions_title", lang);
    ws.write_string_with_format(0, 0, heading, &title)?;
    for (r, line) in (1u32..).zip(instructions(words, lang, model, na_words)) {
        ws.write_string_with_format(r, 0, line, &wrap)?;
    }
    Ok(())
}

/// The Questions sheet: every question with its dimension, texts and weight, then the scale
/// legend.
fn questions_sheet(
    wb: &mut Workbook,
    model: &Model,
    lang: Lang,
    words: &crate::words::Catalogue,
    bold: &Format,
) -> Result<(), XlsxError> {
    let wrap = Format::new().set_text_wrap();
    let questions: Vec<(&crate::model::Dimension, &crate::model::Question)> = model
        .dimensions
        .iter()
        .flat_map(|d| d.questions.iter().map(move |q| (d, q)))
        .collect();
    let ws = wb.add_worksheet();
    prepare(ws, "Questions", lang)?;
    let head: Vec<String> = [
        "template_col_id",
        "template_col_dimension",
        "template_col_text",
        "template_col_weight",
    ]
    .iter()
    .map(|k| words.get(k, lang))
    .collect();
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    header_row(ws, &head, bold)?;
    ws.set_column_width(2, 80)?;
    for (r, (d, q)) in questions.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        ws.write_string(r, 0, q.id.value.as_str())?;
        ws.write_string(r, 1, d.name.get(lang))?;
        ws.write_string_with_format(r, 2, q.text.get(lang), &wrap)?;
        ws.write_number(r, 3, q.weight.value)?;
    }
    let mut r = u32::try_from(questions.len() + 2).unwrap_or(u32::MAX);
    ws.write_string_with_format(r, 0, words.get("template_scale", lang), bold)?;
    for v in *model.scale.min..=*model.scale.max {
        r += 1;
        ws.write_number(r, 0, v as f64)?;
        if let Some((_, t)) = model.scale.labels.iter().find(|(k, _)| k.value == v) {
            ws.write_string(r, 2, t.get(lang))?;
        }
    }
    r += 1;
    ws.write_string(r, 0, "N/A")?;
    ws.write_string(r, 2, words.get("template_na_meaning", lang))?;
    Ok(())
}

/// A sheet for each metric the model reports (NPS, CSAT, CES with their drop-down ranges;
/// Customers; CLV), unless `layout` keeps the workbook's own.
fn metric_sheets(
    wb: &mut Workbook,
    model: &Model,
    opts: &TemplateOptions,
    layout: &Layout,
    words: &crate::words::Catalogue,
    bold: &Format,
) -> Result<(), XlsxError> {
    let lang = opts.lang;
    let rows = opts.rows.max(1);
    let rating_cols = ["score", "channel", "segment", "date", "comment"];
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    let m = &model.metrics;
    let ratings: [RatingSheet<'_>; 3] = [
        (
            m.nps.is_some(),
            &opts.sheets.nps,
            "NPS",
            0,
            10,
            "template_nps_prompt",
        ),
        (
            m.csat.is_some(),
            &opts.sheets.csat,
            "CSAT",
            1,
            5,
            "template_csat_prompt",
        ),
        (
            m.ces.is_some(),
            &opts.sheets.ces,
            "CES",
            1,
            m.ces
                .as_ref()
                .map_or(7, |c| i32::try_from(c.scale.value).unwrap_or(7)),
            "template_ces_prompt",
        ),
    ];
    let skipped = |name: &str| layout.skip.iter().any(|s| s == name);
    for (wanted, named, default, min, max, prompt) in ratings {
        if !wanted || skipped(&sheet_name(named, default)) {
            continue;
        }
        let ws = wb.add_worksheet();
        prepare(ws, &sheet_name(named, default), lang)?;
        header_row(ws, &rating_cols, bold)?;
        number_validation(ws, 0, rows, min, max, default, &words.get(prompt, lang))?;
        ws.set_column_range_format(3, 3, &date_fmt)?;
    }
    if m.churn.is_some() && !skipped(&sheet_name(&opts.sheets.customers, "Customers")) {
        let ws = wb.add_worksheet();
        prepare(ws, &sheet_name(&opts.sheets.customers, "Customers"), lang)?;
        header_row(
            ws,
            &[
                "period",
                "customers_start",
                "customers_end",
                "new_customers",
            ],
            bold,
        )?;
    }
    if m.clv.is_some() && !skipped(&sheet_name(&opts.sheets.clv, "CLV")) {
        let ws = wb.add_worksheet();
        prepare(ws, &sheet_name(&opts.sheets.clv, "CLV"), lang)?;
        header_row(
            ws,
            &[
                "segment",
                "avg_purchase_value",
                "purchase_frequency",
                "customer_lifespan_years",
                "gross_margin",
                "customers",
            ],
            bold,
        )?;
    }

    Ok(())
}

/// The Instructions sheet's lines in `lang`.
fn instructions(
    words: &crate::words::Catalogue,
    lang: Lang,
    model: &Model,
    na: &[String],
) -> Vec<String> {
    let (min, max) = (
        model.scale.min.value.to_string(),
        model.scale.max.value.to_string(),
    );
    let na = na.join(&words.get("template_or", lang));
    vec![
        words.get("template_instr_rows", lang),
        words.get("template_instr_ids", lang),
        words.fill(
            "template_instr_answers",
            lang,
            &[("min", &min), ("max", &max)],
        ),
        words.fill("template_instr_na", lang, &[("na", &na)]),
        words.get("template_instr_metrics", lang),
        words.get("template_instr_customers", lang),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_respects_utf16_limits() {
        assert_eq!(fit("short", 32), "short");
        let long = "م".repeat(300);
        let f = fit(&long, 255);
        assert!(f.encode_utf16().count() <= 255);
        assert!(f.ends_with('…'));
        let emoji = "😀".repeat(20);
        assert!(fit(&emoji, 32).encode_utf16().count() <= 32);
    }
}
