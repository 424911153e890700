//! The metric sheets (NPS, CSAT, CES, Customers, CLV): their columns, their values, and the
//! plausibility of every metric input. Each problem is located; see docs/workbook-format.md
//! for what each sheet accepts.

use super::grid::{self, Grid, Row, Value, Workbook};
use super::parse::{self, AnswerScale, Parsed, normalize};
use super::read::{ReadOptions, Sink, find_sheet, headers, sheet_list};
use super::spelling;
use super::types::*;
use crate::error::{Arg, Phrase, Place, Result};
use chrono::Datelike;

use crate::model::Model;

/// A metric sheet's column: canonical name, other accepted headers, required?
pub(super) struct Col {
    name: &'static str,
    aliases: &'static [&'static str],
    required: bool,
}

pub(super) const fn col(
    name: &'static str,
    aliases: &'static [&'static str],
    required: bool,
) -> Col {
    Col {
        name,
        aliases,
        required,
    }
}

pub(super) const RATING_COLS: &[Col] = &[
    col("score", &["الدرجة", "التقييم", "rating"], true),
    col("channel", &["القناة"], false),
    col("segment", &["الشريحة", "القطاع"], false),
    col("date", &["التاريخ"], false),
    col("comment", &["تعليق", "التعليق", "reason", "السبب"], false),
    col(
        "stage",
        &["المرحلة", "journey stage", "مرحلة الرحلة"],
        false,
    ),
];
const CUSTOMER_COLS: &[Col] = &[
    col("period", &["الفترة"], true),
    col(
        "customers_start",
        &["customers start", "عملاء بداية الفترة"],
        true,
    ),
    col(
        "customers_end",
        &["customers end", "عملاء نهاية الفترة"],
        true,
    ),
    col("new_customers", &["new customers", "عملاء جدد"], false),
];
const CLV_COLS: &[Col] = &[
    col("segment", &["الشريحة"], false),
    col(
        "avg_purchase_value",
        &["average purchase value", "متوسط قيمة الشراء"],
        true,
    ),
    col(
        "purchase_frequency",
        &["purchase frequency", "تكرار الشراء"],
        true,
    ),
    col(
        "customer_lifespan_years",
        &["customer lifespan years", "عمر العميل بالسنوات"],
        true,
    ),
    col("gross_margin", &["gross margin", "هامش الربح"], false),
    col("customers", &["number of customers", "عدد العملاء"], false),
];

/// Maps the header row of a metric sheet to `cols`; `None` when a required one is missing.
pub(super) fn metric_columns(
    grid: &Grid,
    cols: &[Col],
    sink: &mut Sink<'_>,
) -> Option<(u32, Vec<Option<u32>>)> {
    let file = sink.file;
    let Some(head) = grid.rows.first() else {
        for d in grid.uncalculated_errors(file, |_, _| true) {
            sink.push(d);
        }
        return None;
    };
    let mut found = vec![None; cols.len()];
    for h in headers(head) {
        let i = cols.iter().position(|c| {
            normalize(c.name) == h.key || c.aliases.iter().any(|a| normalize(a) == h.key)
        });
        match i.and_then(|i| found.get_mut(i)) {
            Some(slot @ None) => *slot = Some(h.col),
            Some(Some(_)) => sink.error(
                grid.place(head.index, h.col),
                format!("column `{}` appears twice", h.text),
                None,
            ),
            None => sink.warn(
                grid.place(head.index, h.col),
                format!("column `{}` is not used; ignored", h.text),
            ),
        }
    }
    let head_row = head.index;
    for d in grid.uncalculated_errors(file, |r, c| r <= head_row || found.contains(&Some(c))) {
        sink.push(d);
    }
    let mut ok = true;
    // A header that is a never-calculated formula is refused as such, not also as missing.
    let hidden = grid.uncalculated_up_to(head_row);
    for (c, f) in cols.iter().zip(&found) {
        if c.required && f.is_none() {
            ok = false;
            if hidden {
                continue;
            }
            sink.error(
                grid.sheet_place(),
                format!("no `{}` column", c.name),
                Some(format!(
                    "row 1 must hold the headers {}",
                    cols.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
                )),
            );
        }
    }
    ok.then_some((head.index, found))
}

/// One metric sheet nudj may read.
struct Spec {
    /// Default sheet name.
    default: &'static str,
    /// The engagement's `sheets:` key.
    key: &'static str,
    /// The metric's name in messages.
    metric: &'static str,
    /// Its columns.
    cols: &'static [Col],
    /// Score range (ratings sheets only).
    range: Option<(i64, i64)>,
    /// Words in a sheet name that say it holds this metric (compared normalised).
    words: &'static [&'static str],
}

const NPS_WORDS: &[&str] = &[
    "nps",
    "promoter",
    "recommend",
    "توصية",
    "ترشيح",
    "ولاء",
    "صافي",
];
const CSAT_WORDS: &[&str] = &["csat", "satisfaction", "رضا", "الرضا"];
const CES_WORDS: &[&str] = &["ces", "effort", "جهد", "الجهد", "سهولة"];
const CUSTOMER_WORDS: &[&str] = &[
    "customers",
    "churn",
    "retention",
    "عملاء",
    "العملاء",
    "تسرب",
    "فقدان",
];
const CLV_WORDS: &[&str] = &["clv", "lifetime", "value", "قيمة", "القيمة"];

/// Reads the metric sheets the model reports (and warns about those it does not). A metric
/// the model reports without its sheet is an error when another sheet plausibly holds it
/// (its columns are there: a renamed sheet), else a warning naming the workbook's sheets.
pub(super) fn metric_sheets(
    book: &mut Workbook,
    names: &[String],
    responses_sheet: &str,
    model: &Model,
    opts: &ReadOptions,
    data: &mut ClientData,
    sink: &mut Sink<'_>,
) -> Result<()> {
    let m = &model.metrics;
    let s = &opts.sheets;
    let ces_max = m.ces.as_ref().map(|c| c.scale.value).unwrap_or(7);
    let spec = |default, key, metric, cols, range, words| Spec {
        default,
        key,
        metric,
        cols,
        range,
        words,
    };
    let specs = [
        (
            spec("NPS", "nps", "NPS", RATING_COLS, Some((0, 10)), NPS_WORDS),
            &s.nps,
            m.nps.is_some(),
        ),
        (
            spec(
                "CSAT",
                "csat",
                "CSAT",
                RATING_COLS,
                Some((1, 5)),
                CSAT_WORDS,
            ),
            &s.csat,
            m.csat.is_some(),
        ),
        (
            spec(
                "CES",
                "ces",
                "CES",
                RATING_COLS,
                Some((1, ces_max)),
                CES_WORDS,
            ),
            &s.ces,
            m.ces.is_some(),
        ),
        (
            spec(
                "Customers",
                "customers",
                "churn",
                CUSTOMER_COLS,
                None,
                CUSTOMER_WORDS,
            ),
            &s.customers,
            m.churn.is_some(),
        ),
        (
            spec("CLV", "clv", "CLV", CLV_COLS, None, CLV_WORDS),
            &s.clv,
            m.clv.is_some(),
        ),
    ];
    let mut used: Vec<String> = vec![responses_sheet.to_string()];
    let mut missing: Vec<&Spec> = Vec::new();
    for (spec, named, wanted) in &specs {
        let sheet = match named {
            Some(n) => match find_sheet(names, n) {
                Some(found) => Some(found),
                None => {
                    sink.error(
                        Place::File,
                        format!(
                            "the workbook has no sheet `{n}` (named in the engagement's `sheets.{}`)",
                            spec.key
                        ),
                        Some(format!("its sheets are {}", sheet_list(names))),
                    );
                    None
                }
            },
            None => find_sheet(names, spec.default),
        };
        let fed = match spec.key {
            "nps" => opts.metric_files.nps.is_some(),
            "csat" => opts.metric_files.csat.is_some(),
            "ces" => opts.metric_files.ces.is_some(),
            _ => false,
        };
        let Some(sheet) = sheet else {
            if *wanted && named.is_none() && !fed {
                missing.push(spec);
            }
            continue;
        };
        used.push(sheet.clone());
        if fed {
            sink.error(
                Place::Sheet { sheet },
                format!(
                    "{} is given twice: by this sheet and by the engagement's `metric_files.{}`",
                    spec.metric, spec.key
                ),
                Some(format!(
                    "give each metric one way: remove the sheet, or `{}` from `metric_files:`",
                    spec.key
                )),
            );
            continue;
        }
        if !wanted {
            sink.warn(
                Place::Sheet { sheet },
                format!(
                    "the model does not report {}; this sheet is ignored",
                    spec.metric
                ),
            );
            continue;
        }
        let grid = book.grid(&sheet)?;
        let (min, max) = spec.range.unwrap_or((0, 0));
        match spec.key {
            "nps" => data.nps = Some(ratings(&grid, AnswerScale::nps(), opts, sink)),
            "csat" => data.csat = Some(ratings(&grid, AnswerScale::numeric(min, max), opts, sink)),
            "ces" => data.ces = Some(ratings(&grid, AnswerScale::numeric(min, max), opts, sink)),
            "customers" => data.customers = Some(customers(&grid, opts, sink)),
            _ => data.clv = Some(clv(&grid, opts, sink)),
        }
    }
    if let Some(sheet) = kpi_sheet_name(names, opts, sink) {
        used.push(sheet.clone());
        if opts.metric_files.kpis.is_some() {
            sink.error(
                Place::Sheet { sheet },
                "the KPIs are given twice: by this sheet and by the engagement's `metric_files.kpis`".into(),
                Some("give them one way: remove the sheet, or `kpis` from `metric_files:`".into()),
            );
        } else {
            let grid = book.grid(&sheet)?;
            let percent = book.percent_cells(&sheet)?;
            data.kpis = Some(super::kpis::kpi_sheet(&grid, &percent, opts, sink));
        }
    }
    missing_sheets(
        book,
        names,
        &used,
        &missing,
        &specs.iter().map(|(s, _, _)| s).collect::<Vec<_>>(),
        sink,
    );
    merge_rating_spellings(data, sink);
    Ok(())
}

/// The KPIs sheet: the one `sheets.kpis` names (an error when absent), else `KPIs` or
/// `المؤشرات التشغيلية` when the workbook has one.
fn kpi_sheet_name(names: &[String], opts: &ReadOptions, sink: &mut Sink<'_>) -> Option<String> {
    if let Some(n) = &opts.sheets.kpis {
        let found = find_sheet(names, n);
        if found.is_none() {
            sink.error(
                Place::File,
                format!(
                    "the workbook has no sheet `{n}` (named in the engagement's `sheets.kpis`)"
                ),
                Some(format!("its sheets are {}", sheet_list(names))),
            );
        }
        return found;
    }
    super::kpis::KPI_SHEETS
        .iter()
        .find_map(|d| find_sheet(names, d))
}

/// Does the sheet's name carry one of `words`?
fn named_for(sheet: &str, words: &[&str]) -> bool {
    let key = normalize(sheet);
    key.split(|c: char| !c.is_alphanumeric())
        .any(|w| words.iter().any(|k| normalize(k) == w))
        || words.iter().any(|k| {
            let k = normalize(k);
            k.chars().count() > 3 && key.contains(&k)
        })
}

/// Does `grid` hold `spec`'s sheet: its required columns in the header row and, for a
/// rating sheet, at least one score and every score within the metric's range?
fn holds(grid: &Grid, spec: &Spec) -> bool {
    let Some(head) = grid.rows.first() else {
        return false;
    };
    let hs = headers(head);
    let col_of = |c: &Col| {
        hs.iter()
            .find(|h| normalize(c.name) == h.key || c.aliases.iter().any(|a| normalize(a) == h.key))
            .map(|h| h.col)
    };
    if spec.cols.iter().any(|c| c.required && col_of(c).is_none()) {
        return false;
    }
    let Some((min, max)) = spec.range else {
        return true;
    };
    let Some(score) = spec.cols.first().and_then(col_of) else {
        return false;
    };
    let scale = AnswerScale::numeric(min, max);
    let mut any = false;
    for row in grid.rows.iter().skip(1) {
        match row.get(score).map(|v| scale.parse(v)) {
            Some(Parsed::Value(_)) => any = true,
            Some(Parsed::Bad(_)) => return false,
            _ => {}
        }
    }
    any
}

/// The metrics the model reports whose sheet is missing: an error naming the sheet that
/// plausibly holds each (renamed), else one warning naming the workbook's sheets.
fn missing_sheets(
    book: &mut Workbook,
    names: &[String],
    used: &[String],
    missing: &[&Spec],
    all: &[&Spec],
    sink: &mut Sink<'_>,
) {
    if missing.is_empty() {
        return;
    }
    // The template's own sheets never hold a metric.
    let others: Vec<(String, Grid)> = names
        .iter()
        .filter(|n| !used.contains(n))
        .filter(|n| !["questions", "instructions"].contains(&normalize(n).as_str()))
        .filter_map(|n| book.grid(n).ok().map(|g| (n.clone(), g)))
        .collect();
    let mut unplaced: Vec<&Spec> = Vec::new();
    for spec in missing {
        // A sheet named for another metric is that metric's, not this one's.
        let plausible: Vec<&String> = others
            .iter()
            .filter(|(n, g)| {
                holds(g, spec)
                    && !all
                        .iter()
                        .any(|o| o.key != spec.key && named_for(n, o.words))
            })
            .map(|(n, _)| n)
            .collect();
        let best = plausible
            .iter()
            .find(|n| named_for(n, spec.words))
            .or_else(|| plausible.first());
        match best {
            Some(sheet) => sink.error(
                Place::File,
                format!(
                    "the model reports {}, but the workbook has no `{}` sheet; sheet `{sheet}` holds its columns",
                    spec.metric, spec.default
                ),
                Some(format!(
                    "name it in the engagement: `sheets: {{{}: \"{sheet}\"}}`, or rename the sheet `{}` (the workbook's sheets are {})",
                    spec.key,
                    spec.default,
                    sheet_list(names)
                )),
            ),
            None => unplaced.push(spec),
        }
    }
    // Scoring already says each metric is left out; name the sheets the workbook does have,
    // when it has any the metric could have been renamed to.
    if unplaced.is_empty() || others.is_empty() {
        return;
    }
    let metrics: Vec<&str> = unplaced.iter().map(|s| s.metric).collect();
    let sheets: Vec<String> = unplaced
        .iter()
        .map(|s| format!("`{}`", s.default))
        .collect();
    let other_names: Vec<String> = others.iter().map(|(n, _)| n.clone()).collect();
    let closest: Vec<String> = unplaced
        .iter()
        .filter_map(|spec| {
            other_names
                .iter()
                .find(|n| named_for(n, spec.words))
                .map(|n| format!("`{n}` for {}", spec.metric))
        })
        .collect();
    let mut help = format!(
        "the workbook's sheets are {}; if one of them holds the metric, give it its columns ({}) or name it under `sheets:`",
        sheet_list(names),
        unplaced
            .iter()
            .map(|s| format!(
                "{}: {}",
                s.metric,
                s.cols
                    .iter()
                    .filter(|c| c.required)
                    .map(|c| c.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .collect::<Vec<_>>()
            .join("; ")
    );
    if !closest.is_empty() {
        help.push_str(&format!("; the closest by name: {}", closest.join(", ")));
    }
    let mut d = crate::error::Diagnostic::warning(
        sink.file,
        Place::File,
        format!(
            "the model reports {}, but no sheet is named {} and none of the other sheets ({}) holds its columns",
            metrics.join(", "),
            sheets.join(" or "),
            sheet_list(&other_names)
        ),
    );
    d.help = Some(help);
    sink.push(d);
}

/// Channel and segment values of the rating sheets that differ only in spelling are one
/// group, across NPS, CSAT and CES, shown in their most frequent spelling.
fn merge_rating_spellings(data: &mut ClientData, sink: &mut Sink<'_>) {
    type Field = fn(&mut Rating) -> Option<&mut String>;
    let fields: [(&str, Field); 2] = [
        ("channel", |r| r.channel.as_mut()),
        ("segment", |r| r.segment.as_mut()),
    ];
    for (name, field) in fields {
        let values = [&mut data.nps, &mut data.csat, &mut data.ces]
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(field);
        for merged in spelling::unify(values) {
            sink.warn(
                Place::File,
                format!("`{name}` values: {}", merged.describe("answer(s)")),
            );
        }
    }
}

/// A `stage` column needs the engagement's `journey:`: without it the column is ignored, with
/// one warning at its header (a workbook reused for an engagement without stages still reads).
pub(super) fn journey_given(
    grid: &Grid,
    col: u32,
    opts: &ReadOptions,
    sink: &mut Sink<'_>,
) -> bool {
    if !opts.journey.is_empty() {
        return true;
    }
    let head = grid.rows.first().map_or(0, |r| r.index);
    sink.warn(
        grid.place(head, col),
        format!("this sheet has a `stage` column, but the engagement lists no journey stages: the column is ignored ({JOURNEY_HELP})"),
    );
    false
}

/// How to list journey stages, for messages.
pub(super) const JOURNEY_HELP: &str = "to use it, list the stages in the engagement, in order: `journey: [{id: apply, name: {ar: التقديم, en: Apply}}, …]`";

/// The id of the journey stage a `stage` cell names: its id or its name in either language,
/// compared normalised (case, spaces, Arabic letter forms). Unknown: the message and a
/// suggestion (the closest stage, or the list of stages).
pub(super) fn resolve_stage<'a>(
    text: &str,
    journey: &'a [crate::model::Stage],
) -> std::result::Result<&'a str, (String, Option<String>)> {
    let key = normalize(text);
    let found = journey
        .iter()
        .find(|s| normalize(&s.id) == key || s.name.all().into_iter().any(|n| normalize(n) == key));
    if let Some(s) = found {
        return Ok(&s.id);
    }
    if journey.is_empty() {
        return Err((
            format!(
                "stage `{}` names no stage: the engagement has no `journey:`",
                text.trim()
            ),
            Some(JOURNEY_HELP.into()),
        ));
    }
    let names: Vec<&str> = journey
        .iter()
        .flat_map(|s| std::iter::once(s.id.as_str()).chain(s.name.all()))
        .collect();
    let list = journey
        .iter()
        .map(|s| format!("`{}`", s.id))
        .collect::<Vec<_>>()
        .join(", ");
    let help = match crate::yaml::suggest(text.trim(), &names) {
        Some(close) => format!("did you mean `{close}`? The journey's stages are {list}"),
        None => format!(
            "the journey's stages are {list} (a stage's id or its name); add a stage to `journey:` in the engagement if one is missing"
        ),
    };
    Err((
        format!(
            "stage `{}` is not a stage of the engagement's journey",
            text.trim()
        ),
        Some(help),
    ))
}

pub(super) fn text_of(row: &Row, col: Option<u32>) -> Option<String> {
    col.and_then(|c| row.get(c))
        .map(|v| v.display().trim().to_string())
        .filter(|s| !s.is_empty())
}

/// Dates are plausible from this many years before the assessment date …
const DATE_YEARS_BEFORE: i32 = 10;
/// … to this many years after it.
const DATE_YEARS_AFTER: i32 = 1;

/// A `date` cell: the date as `YYYY-MM-DD`, or a warning (nudj does not use these dates,
/// so a bad one never stops a run) saying which forms are read, or that it lies outside the
/// assessment's plausible range.
fn rating_date(
    grid: &Grid,
    row: &Row,
    col: u32,
    opts: &ReadOptions,
    sink: &mut Sink<'_>,
) -> Option<String> {
    let v = row.get(col)?;
    let place = grid.place(row.index, col);
    match parse::date(v) {
        Ok(d) => {
            if let Some(why) = implausible_date(&d, opts) {
                sink.warn(
                    place,
                    format!(
                        "date `{}` {why}; kept, but check it (dates are not used in the scores)",
                        // Text as written (`٢٠٣٠/٠١/٠١`); a date cell or serial as a date.
                        match v {
                            Value::Text(t) => t.trim(),
                            _ => d.as_str(),
                        }
                    ),
                );
            }
            Some(d)
        }
        Err(msg) => {
            sink.warn(
                place,
                format!("date: {msg}; ignored (dates are not used in the scores). Dates are read as date cells or as YYYY-MM-DD text (also YYYY/MM/DD, YYYY.MM.DD)"),
            );
            None
        }
    }
}

/// Why a `YYYY-MM-DD` date is implausible for the assessment, if it is.
pub(super) fn implausible_date(d: &str, opts: &ReadOptions) -> Option<String> {
    let date = chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()?;
    let at = opts.date?;
    let from = at.with_year(at.year() - DATE_YEARS_BEFORE)?;
    let to = at.with_year(at.year() + DATE_YEARS_AFTER)?;
    if date < from {
        Some(format!(
            "is more than {DATE_YEARS_BEFORE} years before the assessment date {at}"
        ))
    } else if date > to {
        Some(format!(
            "is more than a year after the assessment date {at}"
        ))
    } else {
        None
    }
}

fn ratings(
    grid: &Grid,
    mut scale: AnswerScale,
    opts: &ReadOptions,
    sink: &mut Sink<'_>,
) -> Vec<Rating> {
    let mut out = Vec::new();
    let Some((_, cols)) = metric_columns(grid, RATING_COLS, sink) else {
        return out;
    };
    let [score, channel, segment, date, comment, stage] =
        [0, 1, 2, 3, 4, 5].map(|i| cols.get(i).copied().flatten());
    let stage = stage.filter(|&c| journey_given(grid, c, opts, sink));
    scale
        .not_applicable
        .extend(opts.not_applicable.iter().map(|t| normalize(t)));
    let expected = scale.expected();
    let (mut blank, mut na) = (0usize, 0usize);
    for row in grid.rows.iter().skip(1) {
        let Some(sc) = score else { break };
        let value = match row.get(sc).map(|v| scale.parse(v)) {
            None if grid.is_uncalculated(row.index, sc) => continue,
            None | Some(Parsed::Blank) => {
                blank += 1;
                continue;
            }
            Some(Parsed::NotApplicable) => {
                na += 1;
                continue;
            }
            Some(Parsed::Bad(msg)) => {
                sink.error(
                    grid.place(row.index, sc),
                    format!("score: {msg}"),
                    Some(format!("expected {expected}")),
                );
                continue;
            }
            Some(Parsed::Value(v)) => i32::try_from(v).unwrap_or_default(),
        };
        let date = date.and_then(|c| rating_date(grid, row, c, opts, sink));
        let stage = match stage.and_then(|c| text_of(row, stage).map(|t| (c, t))) {
            None => None,
            Some((c, text)) => match resolve_stage(&text, &opts.journey) {
                Ok(id) => Some(id.to_string()),
                Err((msg, help)) => {
                    sink.error(grid.place(row.index, c), msg, help);
                    continue;
                }
            },
        };
        out.push(Rating {
            score: value,
            channel: text_of(row, channel),
            segment: text_of(row, segment),
            stage,
            date,
            comment: text_of(row, comment),
            place: grid.place(row.index, sc),
        });
    }
    let sheet = grid.sheet_place();
    let n = |k: usize| vec![("n", Arg::Text(k.to_string()))];
    if blank > 0 {
        sink.warn_words(
            sheet.clone(),
            format!("{blank} row(s) without a score skipped"),
            Phrase::new("warn_rows_without_score", n(blank)),
        );
    }
    if na > 0 && out.is_empty() {
        // Rows there are, but none gives a score: say so, not that the sheet is empty.
        sink.warn_words(
            sheet,
            format!(
                "the sheet has {na} row(s) but no score: every score is not applicable (N/A), so this metric cannot be computed"
            ),
            Phrase::new("warn_all_scores_na", n(na)),
        );
    } else if na > 0 {
        sink.warn_words(
            sheet,
            format!("{na} not-applicable score(s) skipped"),
            Phrase::new("warn_na_scores", n(na)),
        );
    }
    out
}

/// What an amount column holds, for its checks and messages.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Amount {
    /// A whole number of customers, 0 or more.
    Count,
    /// Money, a frequency, years: a number above 0.
    Positive,
    /// A fraction 0..1 (or a percentage written `35%`).
    Fraction,
}

/// One amount column of a metric sheet.
#[derive(Clone, Copy)]
struct Field<'a> {
    /// Its column, when the sheet has it.
    col: Option<u32>,
    /// Its header, for messages.
    name: &'a str,
    /// A missing value is an error.
    required: bool,
    /// What it holds.
    kind: Amount,
}

/// Field `f` of `row`, checked for its kind; problems go to `sink`.
fn amount(
    grid: &Grid,
    row: &Row,
    f: Field<'_>,
    opts: &ReadOptions,
    sink: &mut Sink<'_>,
) -> Option<f64> {
    let Field {
        col,
        name,
        required,
        kind,
    } = f;
    let c = col?;
    let place = grid.place(row.index, c);
    let Some(v) = row.get(c) else {
        // A never-calculated formula is refused once, as such, not also as missing.
        if required && !grid.is_uncalculated(row.index, c) {
            sink.error(
                place,
                format!("`{name}` is missing"),
                Some("expected a number".into()),
            );
        }
        return None;
    };
    let shown = v.display();
    let n = match parse::number(v, &opts.numbers) {
        Ok(n) => n,
        Err(parse::NotNumber::Ambiguous(why)) => {
            sink.error(place, format!("`{name}`: {why}"), Some(NUMBERS_HELP.into()));
            return None;
        }
        Err(parse::NotNumber::Invalid) => {
            sink.error(
                place,
                format!("`{name}`: `{shown}` is not a number"),
                Some(match kind {
                    Amount::Count => "expected a whole number such as 12500".into(),
                    Amount::Fraction => {
                        "expected a fraction such as 0.35 or a percentage such as 35%".into()
                    }
                    Amount::Positive => "expected a number such as 1250 or 12.5".into(),
                }),
            );
            return None;
        }
    };
    let problem = match kind {
        _ if n < 0.0 => Some((
            format!("`{name}`: `{shown}` is negative"),
            "expected a number of 0 or more",
        )),
        Amount::Count if n.fract() != 0.0 => Some((
            format!("`{name}`: `{shown}` is not a whole number of customers"),
            "customers are counted in whole numbers; check the cell (a decimal point where thousands were meant?)",
        )),
        Amount::Positive if n == 0.0 => Some((
            format!("`{name}` is 0: the customer lifetime value would be 0"),
            "give the real value (above 0), or delete the row",
        )),
        Amount::Fraction if n > 1.0 => Some((
            format!("`{name}`: `{shown}` is more than 100 %"),
            "write the margin as a fraction (0.35) or a percentage (35%)",
        )),
        _ => None,
    };
    if let Some((msg, help)) = problem {
        sink.error(place, msg, Some(help.into()));
        return None;
    }
    Some(n)
}

/// Help for a number whose separators can be read two ways.
pub(super) const NUMBERS_HELP: &str = "type it as a number cell or without separators (12500, 12.5); or, when the file writes `.` between thousands, say so in the engagement: `numbers: {decimal: \",\", thousands: \".\"}`";

fn customers(grid: &Grid, opts: &ReadOptions, sink: &mut Sink<'_>) -> Vec<CustomerPeriod> {
    let mut out = Vec::new();
    let Some((_, cols)) = metric_columns(grid, CUSTOMER_COLS, sink) else {
        return out;
    };
    let [period, start, end, new] = [0, 1, 2, 3].map(|i| cols.get(i).copied().flatten());
    let mut periods = Periods::default();
    for row in grid.rows.iter().skip(1) {
        let label = period.and_then(|c| row.get(c)).map(|v| match v {
            Value::Date(_) => parse::date(v).unwrap_or_else(|_| v.display()),
            _ => v.display().trim().to_string(),
        });
        let count = |col, name, required, sink: &mut Sink<'_>| {
            let f = Field {
                col,
                name,
                required,
                kind: Amount::Count,
            };
            amount(grid, row, f, opts, sink)
        };
        let s = count(start, "customers_start", true, sink);
        let e = count(end, "customers_end", true, sink);
        let n = count(new, "new_customers", false, sink);
        let Some(label) = label else {
            if period.is_some_and(|c| grid.is_uncalculated(row.index, c)) {
                continue;
            }
            sink.error(
                grid.place(row.index, period.unwrap_or_default()),
                "`period` is missing".into(),
                Some("expected a label such as 2026-Q1".into()),
            );
            continue;
        };
        let at = grid.place(row.index, period.unwrap_or_default());
        let span = period
            .and_then(|c| row.get(c))
            .and_then(|v| super::kpis::period_of(v).span);
        if !periods.admit(&label, span, at, sink) {
            continue;
        }
        if let (Some(c), Some(Value::Date(_))) = (period, period.and_then(|c| row.get(c)))
            && let Some(why) = implausible_date(&label, opts)
        {
            sink.warn(
                grid.place(row.index, c),
                format!("period `{label}` {why}; check it"),
            );
        }
        if let (Some(s), Some(e)) = (s, e) {
            let p = CustomerPeriod {
                period: label,
                customers_start: s,
                customers_end: e,
                new_customers: n,
                place: grid.place(row.index, period.unwrap_or_default()),
            };
            if churn_plausible(grid, row, &p, [start, end, new], sink) {
                out.push(p);
            }
        }
    }
    out
}

/// The Customers sheet's periods read so far, to refuse a row that would count customers
/// twice when the periods are pooled into the churn rate: a summary row (`Total`,
/// `الإجمالي`), a period given twice, or a period overlapping an earlier one (`2026-H1`
/// beside `2026-Q1`: both hold the customers of January to March).
/// First and last day of a period.
type Span = (chrono::NaiveDate, chrono::NaiveDate);

#[derive(Default)]
struct Periods {
    /// (normalised label, label, its span when the label can be read as a period).
    seen: Vec<(String, String, Option<Span>)>,
}

impl Periods {
    /// Records the period `label` (covering `span`) at `at`; false, with an error, when it
    /// is a summary, a repeat or an overlap.
    fn admit(&mut self, label: &str, span: Option<Span>, at: Place, sink: &mut Sink<'_>) -> bool {
        if super::responses::is_summary_label(label) {
            sink.error(
                at,
                format!("period `{label}` looks like a summary row, not a period"),
                Some("delete the row: nudj pools the periods into the churn rate itself, and a total row would count every customer twice".into()),
            );
            return false;
        }
        let key = parse::normalize(label);
        let clash = self.seen.iter().find_map(|(k, first, s)| {
            if *k == key {
                return Some(format!("period `{label}` is given twice (also `{first}`)"));
            }
            let ((a0, a1), (b0, b1)) = (span?, (*s)?);
            (a0 <= b1 && b0 <= a1).then(|| {
                let (from, to) = (a0.max(b0), a1.min(b1));
                format!("period `{label}` overlaps period `{first}` (both cover {from} … {to})")
            })
        });
        if let Some(msg) = clash {
            sink.error(
                at,
                format!("{msg}: pooled into the churn rate, its customers would be counted twice"),
                Some("give each period once, without overlaps (e.g. the quarters only, or the half-years only)".into()),
            );
            return false;
        }
        self.seen.push((key, label.to_string(), span));
        true
    }
}

/// Churn of a period must lie in 0-100 %: customers at the start above 0, no more lost than
/// there were at the start, no more at the end than at the start plus the new ones. Errors
/// point at the cell to check.
fn churn_plausible(
    grid: &Grid,
    row: &Row,
    p: &CustomerPeriod,
    [start, end, new]: [Option<u32>; 3],
    sink: &mut Sink<'_>,
) -> bool {
    let at = |c: Option<u32>| grid.place(row.index, c.unwrap_or_default());
    let f = grid::format_number;
    let new_given = p.new_customers.unwrap_or(0.0);
    let lost = p.customers_start + new_given - p.customers_end;
    let problem = if p.customers_start == 0.0 {
        Some((
            start,
            format!(
                "period `{}`: no customers at the start: churn cannot be computed",
                p.period
            ),
            "give the number of customers at the start of the period",
        ))
    } else if lost < 0.0 && p.new_customers.is_some() {
        Some((
            end,
            format!(
                "period `{}`: {} customers at the end is more than the {} at the start plus {} new ones",
                p.period,
                f(p.customers_end),
                f(p.customers_start),
                f(new_given)
            ),
            "the counts do not add up; check the three cells",
        ))
    } else if lost < 0.0 {
        Some((
            end,
            format!(
                "period `{}`: {} customers at the end is more than the {} at the start: churn would be negative",
                p.period,
                f(p.customers_end),
                f(p.customers_start)
            ),
            "add a `new_customers` column (customers won during the period) so losses can be measured",
        ))
    } else if lost > p.customers_start {
        Some((
            if p.new_customers.is_some() { new } else { end },
            format!(
                "period `{}`: {} customers lost is more than the {} at the start: churn would be over 100 %",
                p.period,
                f(lost),
                f(p.customers_start)
            ),
            "check the counts (lost = start + new − end)",
        ))
    } else {
        None
    };
    match problem {
        Some((col, msg, help)) => {
            sink.error(at(col), msg, Some(help.into()));
            false
        }
        None => true,
    }
}

/// The `customers` cell of a CLV row: a positive whole number, or missing (blank cell or no
/// column). Zero, negative, fractional or text counts are errors: a weight of 0 would silently
/// drop the segment from the headline.
fn segment_customers(
    grid: &Grid,
    row: &Row,
    col: Option<u32>,
    opts: &ReadOptions,
    sink: &mut Sink<'_>,
) -> Option<SegmentCustomers> {
    let Some(c) = col else {
        return Some(SegmentCustomers::Missing(grid.sheet_place()));
    };
    let place = grid.place(row.index, c);
    let Some(v) = row.get(c) else {
        if grid.is_uncalculated(row.index, c) {
            return None;
        }
        return Some(SegmentCustomers::Missing(place));
    };
    match parse::number(v, &opts.numbers) {
        Ok(n) if n.is_finite() && n >= 1.0 && n.fract() == 0.0 => Some(SegmentCustomers::Count(n)),
        Err(parse::NotNumber::Ambiguous(why)) => {
            sink.error(
                place,
                format!("`customers`: {why}"),
                Some(NUMBERS_HELP.into()),
            );
            None
        }
        _ => {
            sink.error(
                place,
                format!(
                    "`customers`: `{}` is not a number of customers",
                    v.display()
                ),
                Some(
                    "expected a whole number of customers in the segment, 1 or more (e.g. 45000)"
                        .into(),
                ),
            );
            None
        }
    }
}

/// A customer lifespan above this many years is warned about (a typo in months or days?).
const MAX_PLAUSIBLE_LIFESPAN: f64 = 50.0;

fn clv(grid: &Grid, opts: &ReadOptions, sink: &mut Sink<'_>) -> Vec<ClvInput> {
    let mut out = Vec::new();
    let Some((_, cols)) = metric_columns(grid, CLV_COLS, sink) else {
        return out;
    };
    let [segment, apv, freq, life, margin, customers] =
        [0, 1, 2, 3, 4, 5].map(|i| cols.get(i).copied().flatten());
    for row in grid.rows.iter().skip(1) {
        let num = |col, name, required, kind, sink: &mut Sink<'_>| {
            let f = Field {
                col,
                name,
                required,
                kind,
            };
            amount(grid, row, f, opts, sink)
        };
        let a = num(apv, "avg_purchase_value", true, Amount::Positive, sink);
        let f = num(freq, "purchase_frequency", true, Amount::Positive, sink);
        let l = num(
            life,
            "customer_lifespan_years",
            true,
            Amount::Positive,
            sink,
        );
        let g = num(margin, "gross_margin", false, Amount::Fraction, sink);
        let n = segment_customers(grid, row, customers, opts, sink);
        if let (Some(l), Some(c)) = (l, life)
            && l > MAX_PLAUSIBLE_LIFESPAN
        {
            sink.warn(
                grid.place(row.index, c),
                format!(
                    "`customer_lifespan_years`: `{}` is more than {MAX_PLAUSIBLE_LIFESPAN} years; check it is in years",
                    row.get(c).map(Value::display).unwrap_or_else(|| grid::format_number(l)).trim()
                ),
            );
        }
        if let (Some(g), Some(c)) = (g, margin)
            && g == 0.0
        {
            sink.warn(
                grid.place(row.index, c),
                "`gross_margin` is 0: this segment's customer lifetime value is 0".into(),
            );
        }
        let label = text_of(row, segment);
        if let (Some(l), Some(c)) = (&label, segment)
            && super::responses::is_summary_label(l)
        {
            sink.error(
                grid.place(row.index, c),
                format!("segment `{l}` looks like a summary row, not a segment"),
                Some("delete the row: nudj forms the headline CLV from the segments itself, and a total row would count every customer again".into()),
            );
            continue;
        }
        let missing_margin = margin.is_some_and(|c| row.get(c).is_some()) && g.is_none();
        if let (Some(a), Some(f), Some(l), Some(n), false) = (a, f, l, n, missing_margin) {
            out.push(ClvInput {
                segment: label,
                avg_purchase_value: a,
                purchase_frequency: f,
                customer_lifespan_years: l,
                gross_margin: g,
                customers: n,
                place: grid.place(row.index, apv.unwrap_or_default()),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stage_without_a_journey_says_there_is_none() {
        let (msg, help) = resolve_stage("help", &[]).unwrap_err();
        assert_eq!(
            msg,
            "stage `help` names no stage: the engagement has no `journey:`"
        );
        let help = help.unwrap_or_default();
        assert!(help.contains("`journey: [{id: apply"), "{help}");
        assert!(!help.contains("stages are  ("), "{help}");
    }
}
