//! Reading an engagement's data file (workbook or CSV) into [`ClientData`]: sheet choice,
//! header matching, answer parsing, metric sheets. Every problem is located; all bad cells
//! are reported together.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::grid::{self, Grid, Kind, Limits, Row, Value, Workbook};
use super::parse::{self, AnswerScale, Parsed, normalize};
use super::types::*;
use crate::error::{Diagnostic, Error, Place, Result, Severity, Warned, column_letters};
use crate::model::{Engagement, EngagementFile, Model, Sheets};
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
    /// Language of question texts quoted in messages.
    pub lang: Lang,
    /// Limits against hostile files.
    pub limits: Limits,
}

impl ReadOptions {
    /// The options a checked engagement asks for (the usual way in).
    pub fn from_engagement(e: &Engagement) -> Self {
        ReadOptions {
            sheets: e.sheets.clone(),
            segments: e.segments.clone(),
            comments: e.comments.clone(),
            not_applicable: e.not_applicable.clone(),
            lang: e.language,
            limits: Limits::default(),
        }
    }

    /// The options a raw engagement file asks for (when its other paths are not checked).
    pub fn from_file(e: &EngagementFile) -> Self {
        ReadOptions {
            sheets: e.sheets.clone(),
            segments: e.segments.iter().map(|s| s.value.clone()).collect(),
            comments: e.comments.iter().map(|s| s.value.clone()).collect(),
            not_applicable: e.not_applicable.clone(),
            lang: e.language,
            limits: Limits::default(),
        }
    }
}

/// Most bad cells listed one by one; the rest are counted in a final line.
const MAX_LISTED: usize = 200;

/// Headers that name the respondent column (compared normalised).
const RESPONDENT_HEADERS: &[&str] = &[
    "respondent",
    "respondent id",
    "respondent_id",
    "المشارك",
    "رقم المشارك",
];

/// Collects diagnostics while reading one file.
struct Sink<'a> {
    file: &'a Path,
    diags: Vec<Diagnostic>,
    unlisted: usize,
}

impl Sink<'_> {
    fn error(&mut self, place: Place, msg: String, help: Option<String>) {
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

    fn warn(&mut self, place: Place, msg: String) {
        self.diags.push(Diagnostic::warning(self.file, place, msg));
    }

    fn has_errors(&self) -> bool {
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
    let mut sink = Sink {
        file: path,
        diags: Vec::new(),
        unlisted: 0,
    };
    let mut data = ClientData::default();
    match grid::kind_of(path, &bytes)? {
        Kind::Csv => {
            let grid = grid::read_csv(path, &bytes, &opts.limits)?;
            data.responses = responses(&grid, path, model, opts, &mut sink);
        }
        Kind::Xlsx => {
            grid::check_zip(path, &bytes, &opts.limits)?;
            let mut book = Workbook::open(path, bytes, opts.limits)?;
            let names = book.sheet_names();
            let sheet = responses_sheet(path, &names, opts)?;
            let grid = book.grid(&sheet)?;
            data.responses = responses(&grid, path, model, opts, &mut sink);
            metric_sheets(&mut book, &names, model, opts, &mut data, &mut sink)?;
        }
    }
    sink.finish(data)
}

/// Finds a sheet by name: exact, then normalised.
fn find_sheet(names: &[String], wanted: &str) -> Option<String> {
    names.iter().find(|n| *n == wanted).cloned().or_else(|| {
        let w = normalize(wanted);
        names.iter().find(|n| normalize(n) == w).cloned()
    })
}

fn sheet_list(names: &[String]) -> String {
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
struct Header {
    col: u32,
    text: String,
    key: String,
}

fn headers(row: &Row) -> Vec<Header> {
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

/// The answer scale of the model with its labels and the configured N/A tokens.
fn answer_scale(model: &Model, opts: &ReadOptions) -> AnswerScale {
    let mut s = AnswerScale::numeric(*model.scale.min, *model.scale.max);
    for (value, label) in &model.scale.labels {
        for l in label.all() {
            let k = normalize(l);
            if !k.is_empty() {
                s.labels.insert(k, value.value);
            }
        }
    }
    s.not_applicable
        .extend(opts.not_applicable.iter().map(|t| normalize(t)));
    s
}

fn responses(
    grid: &Grid,
    path: &Path,
    model: &Model,
    opts: &ReadOptions,
    sink: &mut Sink<'_>,
) -> Responses {
    let questions: Vec<&crate::model::Question> = model
        .dimensions
        .iter()
        .flat_map(|d| d.questions.iter())
        .collect();
    let mut out = Responses {
        source: path.to_path_buf(),
        sheet: grid.name.clone(),
        questions: questions.iter().map(|q| q.id.value.clone()).collect(),
        segment_columns: opts.segments.clone(),
        respondents: Vec::new(),
    };
    let Some((head, data)) = grid.rows.split_first() else {
        sink.error(
            grid.sheet_place(),
            "the responses sheet is empty".into(),
            Some("row 1 must hold the column headers: respondent, segments, question ids".into()),
        );
        return out;
    };
    let place = |row: u32, col: u32| grid.place(row, col);
    let qtext = |i: usize| {
        questions
            .get(i)
            .map(|q| format!("{} ({})", q.id.value, q.text.get(opts.lang)))
            .unwrap_or_default()
    };

    // Question keys: id, texts in both languages, aliases.
    let mut keys: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, q) in questions.iter().enumerate() {
        let all = std::iter::once(q.id.value.as_str())
            .chain(q.text.all())
            .chain(q.aliases.iter().map(String::as_str));
        for k in all {
            let k = normalize(k);
            let e = keys.entry(k).or_default();
            if !e.contains(&i) {
                e.push(i);
            }
        }
    }
    let respondent_keys: Vec<String> = RESPONDENT_HEADERS.iter().map(|k| normalize(k)).collect();

    let hs = headers(head);
    let mut respondent_col: Option<u32> = None;
    let mut segment_cols: Vec<Option<u32>> = vec![None; opts.segments.len()];
    let mut comment_cols: Vec<Option<u32>> = vec![None; opts.comments.len()];
    let mut question_cols: Vec<Option<u32>> = vec![None; questions.len()];
    let mut unmatched: Vec<&Header> = Vec::new();
    // Column sets as bitmaps (columns are bounded by `Limits::max_cols`): they are looked up
    // for every cell, and a hash lookup per cell was a measurable share of the read time.
    let mut used: Vec<bool> = Vec::new();
    let head_row = head.index;

    let claim = |slot: &mut Option<u32>, h: &Header, what: String, sink: &mut Sink<'_>| {
        if let Some(prev) = *slot {
            sink.error(
                place(head_row, h.col),
                format!(
                    "{what} has two columns: {} and {}",
                    column_letters(prev),
                    column_letters(h.col)
                ),
                Some("delete or rename one of them".into()),
            );
        } else {
            *slot = Some(h.col);
        }
    };

    for h in &hs {
        mark(&mut used, h.col);
        if respondent_keys.contains(&h.key) {
            claim(&mut respondent_col, h, "the respondent".into(), sink);
        } else if let Some(i) = opts.segments.iter().position(|s| normalize(s) == h.key) {
            if let Some(slot) = segment_cols.get_mut(i) {
                claim(slot, h, format!("segment `{}`", h.text), sink);
            }
        } else if let Some(i) = opts.comments.iter().position(|s| normalize(s) == h.key) {
            if let Some(slot) = comment_cols.get_mut(i) {
                claim(slot, h, format!("comment column `{}`", h.text), sink);
            }
        } else if let Some(qs) = keys.get(&h.key) {
            match qs.as_slice() {
                [i] => {
                    if let Some(slot) = question_cols.get_mut(*i) {
                        claim(slot, h, format!("question {}", qtext(*i)), sink);
                    }
                }
                many => sink.error(
                    place(head_row, h.col),
                    format!(
                        "header `{}` matches {} questions: {}",
                        h.text,
                        many.len(),
                        many.iter()
                            .filter_map(|i| questions.get(*i).map(|q| q.id.value.clone()))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    Some("use the question id as the header".into()),
                ),
            }
        } else {
            unmatched.push(h);
        }
    }

    for (i, col) in question_cols.iter().enumerate() {
        if col.is_some() {
            continue;
        }
        let Some(q) = questions.get(i) else { continue };
        let own: Vec<String> = std::iter::once(q.id.value.as_str())
            .chain(q.text.all())
            .chain(q.aliases.iter().map(String::as_str))
            .map(normalize)
            .collect();
        let best = closest(&unmatched, &own);
        let help = match best {
            Some(h) => format!(
                "the closest unmatched header is `{}` in column {}; rename it to `{}`",
                h.text,
                column_letters(h.col),
                q.id.value
            ),
            None => format!("add a column headed `{}`", q.id.value),
        };
        sink.error(
            grid.sheet_place(),
            format!("no column for question {}", qtext(i)),
            Some(help),
        );
    }
    for (names, cols, what) in [
        (&opts.segments, &segment_cols, "segment"),
        (&opts.comments, &comment_cols, "comment"),
    ] {
        for (name, col) in names.iter().zip(cols.iter()) {
            if col.is_none() {
                let best = closest(&unmatched, &[normalize(name)]);
                sink.error(
                    grid.sheet_place(),
                    format!("no column for the {what} `{name}` named in the engagement"),
                    Some(match best {
                        Some(h) => format!(
                            "did you mean `{}` (column {})?",
                            h.text,
                            column_letters(h.col)
                        ),
                        None => "remove it from the engagement or add the column".into(),
                    }),
                );
            }
        }
    }
    for h in &unmatched {
        sink.warn(
            place(head_row, h.col),
            format!(
                "column `{}` matches no question, segment or comment; ignored",
                h.text
            ),
        );
    }
    if sink.has_errors() {
        return out;
    }

    let scale = answer_scale(model, opts);
    let expected = scale.expected();
    let (mut blank_rows, mut blanks, mut nas) = (0usize, 0usize, 0usize);
    let mut no_segment = vec![0usize; opts.segments.len()];
    let mut headerless: BTreeMap<u32, u32> = BTreeMap::new();
    let mut seen_ids: HashMap<String, u32> = HashMap::new();
    let mut duplicates: Vec<(String, u32, u32)> = Vec::new();
    let mut wanted: Vec<bool> = Vec::new();
    for c in respondent_col
        .iter()
        .chain(segment_cols.iter().flatten())
        .chain(comment_cols.iter().flatten())
        .chain(question_cols.iter().flatten())
    {
        mark(&mut wanted, *c);
    }
    let has = |set: &[bool], c: u32| set.get(c as usize).copied().unwrap_or(false);

    // SurveyMonkey exports put a second header row under the questions ("Response",
    // "Open-Ended Response"): skip it, with a warning, rather than report every cell.
    let (data, mut prev) = match data.split_first() {
        Some((second, rest)) if is_subheader(second, &question_cols) => {
            sink.warn(
                place(second.index, 0),
                format!(
                    "row {} looks like a second header row (\"Response\"); skipped",
                    u64::from(second.index) + 1
                ),
            );
            (rest, second.index)
        }
        _ => (data, head.index),
    };
    for row in data {
        // Rows with no cell at all are absent from the sparse grid: count the gaps.
        blank_rows += row.index.saturating_sub(prev).saturating_sub(1) as usize;
        prev = row.index;
        if !row
            .cells
            .iter()
            .any(|(c, v)| has(&wanted, *c) && !v.is_blank())
        {
            blank_rows += 1;
            continue;
        }
        for (c, v) in &row.cells {
            if !has(&used, *c) && !v.is_blank() {
                headerless.entry(*c).or_insert(row.index);
            }
        }
        let text_at = |col: Option<u32>| {
            col.and_then(|c| row.get(c))
                .map(|v| v.display().trim().to_string())
                .filter(|s| !s.is_empty())
        };
        let id =
            text_at(respondent_col).unwrap_or_else(|| format!("row {}", u64::from(row.index) + 1));
        if respondent_col.is_some() {
            if let Some(first) = seen_ids.get(&id) {
                duplicates.push((id.clone(), *first, row.index));
            } else {
                seen_ids.insert(id.clone(), row.index);
            }
        }
        let mut segments = BTreeMap::new();
        for (i, (name, col)) in opts.segments.iter().zip(&segment_cols).enumerate() {
            match text_at(*col) {
                Some(v) => {
                    segments.insert(name.clone(), v);
                }
                None => {
                    if let Some(n) = no_segment.get_mut(i) {
                        *n += 1;
                    }
                }
            }
        }
        let mut comments = Vec::new();
        for (name, col) in opts.comments.iter().zip(&comment_cols) {
            if let (Some(text), Some(c)) = (text_at(*col), col) {
                comments.push(Comment {
                    column: name.clone(),
                    text,
                    place: place(row.index, *c),
                });
            }
        }
        let mut answers = Vec::with_capacity(questions.len());
        for (i, col) in question_cols.iter().enumerate() {
            let cell = col.and_then(|c| row.get(c));
            let answer = match cell.map(|v| scale.parse(v)) {
                None | Some(Parsed::Blank) => {
                    blanks += 1;
                    Answer::Blank
                }
                Some(Parsed::NotApplicable) => {
                    nas += 1;
                    Answer::NotApplicable
                }
                Some(Parsed::Value(v)) => Answer::Value(i32::try_from(v).unwrap_or_default()),
                Some(Parsed::Bad(msg)) => {
                    let qid = questions.get(i).map(|q| q.id.value.as_str()).unwrap_or("");
                    sink.error(
                        place(row.index, col.unwrap_or_default()),
                        format!("answer to {qid}: {msg}"),
                        Some(format!("expected {expected}")),
                    );
                    Answer::Blank
                }
            };
            answers.push(answer);
        }
        out.respondents.push(Respondent {
            id,
            row: row.index,
            segments,
            answers,
            comments,
        });
    }

    let sheet_place = grid.sheet_place();
    for (col, row) in headerless {
        sink.warn(
            place(row, col),
            format!(
                "column {} holds values but has no header; ignored",
                column_letters(col)
            ),
        );
    }
    for (id, first, again) in duplicates {
        sink.warn(
            place(again, respondent_col.unwrap_or_default()),
            format!(
                "respondent `{id}` appears again (first in row {}); both rows are kept",
                u64::from(first) + 1
            ),
        );
    }
    if blank_rows > 0 {
        sink.warn(
            sheet_place.clone(),
            format!("{blank_rows} blank row(s) skipped"),
        );
    }
    if nas > 0 {
        sink.warn(
            sheet_place.clone(),
            format!("{nas} not-applicable answer(s) skipped"),
        );
    }
    if blanks > 0 {
        sink.warn(
            sheet_place.clone(),
            format!("{blanks} blank answer(s) skipped"),
        );
    }
    for (name, n) in opts.segments.iter().zip(no_segment) {
        if n > 0 {
            sink.warn(
                sheet_place.clone(),
                format!("{n} respondent(s) have no `{name}` value"),
            );
        }
    }
    if out.respondents.is_empty() {
        sink.error(
            sheet_place,
            "the responses sheet has headers but no answers".into(),
            None,
        );
    }
    out
}

/// Is `row` a survey tool's sub-header: every question cell present reads "Response" or
/// "Open-Ended Response", and there is at least one?
fn is_subheader(row: &Row, question_cols: &[Option<u32>]) -> bool {
    let mut any = false;
    for c in question_cols.iter().flatten() {
        if let Some(v) = row.get(*c) {
            let k = normalize(&v.display());
            if k != "response" && k != "open-ended response" {
                return false;
            }
            any = true;
        }
    }
    any
}

/// Adds column `c` to a bitmap set.
fn mark(set: &mut Vec<bool>, c: u32) {
    let i = c as usize;
    if set.len() <= i {
        set.resize(i + 1, false);
    }
    if let Some(b) = set.get_mut(i) {
        *b = true;
    }
}

/// The unmatched header most like any of `keys` (normalised Levenshtein ≥ 0.5).
fn closest<'h>(unmatched: &[&'h Header], keys: &[String]) -> Option<&'h Header> {
    let mut best: Option<(&Header, f64)> = None;
    for h in unmatched {
        for k in keys {
            let s = strsim::normalized_levenshtein(&h.key, k);
            if s >= 0.5 && best.is_none_or(|(_, b)| s > b) {
                best = Some((h, s));
            }
        }
    }
    best.map(|(h, _)| h)
}

/// A metric sheet's column: canonical name, other accepted headers, required?
struct Col {
    name: &'static str,
    aliases: &'static [&'static str],
    required: bool,
}

const fn col(name: &'static str, aliases: &'static [&'static str], required: bool) -> Col {
    Col {
        name,
        aliases,
        required,
    }
}

const RATING_COLS: &[Col] = &[
    col("score", &["الدرجة", "التقييم", "rating"], true),
    col("channel", &["القناة"], false),
    col("segment", &["الشريحة", "القطاع"], false),
    col("date", &["التاريخ"], false),
    col("comment", &["تعليق", "التعليق", "reason", "السبب"], false),
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
fn metric_columns(
    grid: &Grid,
    cols: &[Col],
    sink: &mut Sink<'_>,
) -> Option<(u32, Vec<Option<u32>>)> {
    let head = grid.rows.first()?;
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
    let mut ok = true;
    for (c, f) in cols.iter().zip(&found) {
        if c.required && f.is_none() {
            ok = false;
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

fn metric_sheets(
    book: &mut Workbook,
    names: &[String],
    model: &Model,
    opts: &ReadOptions,
    data: &mut ClientData,
    sink: &mut Sink<'_>,
) -> Result<()> {
    let m = &model.metrics;
    let s = &opts.sheets;
    let ces_max = m.ces.as_ref().map(|c| c.scale.value).unwrap_or(7);
    let specs: [(&str, &Option<String>, &str, bool); 5] = [
        ("NPS", &s.nps, "nps", m.nps.is_some()),
        ("CSAT", &s.csat, "csat", m.csat.is_some()),
        ("CES", &s.ces, "ces", m.ces.is_some()),
        ("Customers", &s.customers, "customers", m.churn.is_some()),
        ("CLV", &s.clv, "clv", m.clv.is_some()),
    ];
    for (default, named, key, wanted) in specs {
        let sheet = match named {
            Some(n) => match find_sheet(names, n) {
                Some(found) => Some(found),
                None => {
                    sink.error(
                        Place::File,
                        format!("the workbook has no sheet `{n}` (named in the engagement's `sheets.{key}`)"),
                        Some(format!("its sheets are {}", sheet_list(names))),
                    );
                    None
                }
            },
            None => find_sheet(names, default),
        };
        let Some(sheet) = sheet else { continue };
        if !wanted {
            sink.warn(
                Place::Sheet { sheet },
                format!("the model does not report {default}; this sheet is ignored"),
            );
            continue;
        }
        let grid = book.grid(&sheet)?;
        match key {
            "nps" => data.nps = Some(ratings(&grid, 0, 10, opts, sink)),
            "csat" => data.csat = Some(ratings(&grid, 1, 5, opts, sink)),
            "ces" => data.ces = Some(ratings(&grid, 1, ces_max, opts, sink)),
            "customers" => data.customers = Some(customers(&grid, sink)),
            _ => data.clv = Some(clv(&grid, sink)),
        }
    }
    Ok(())
}

fn text_of(row: &Row, col: Option<u32>) -> Option<String> {
    col.and_then(|c| row.get(c))
        .map(|v| v.display().trim().to_string())
        .filter(|s| !s.is_empty())
}

fn ratings(
    grid: &Grid,
    min: i64,
    max: i64,
    opts: &ReadOptions,
    sink: &mut Sink<'_>,
) -> Vec<Rating> {
    let mut out = Vec::new();
    let Some((_, cols)) = metric_columns(grid, RATING_COLS, sink) else {
        return out;
    };
    let [score, channel, segment, date, comment] =
        [0, 1, 2, 3, 4].map(|i| cols.get(i).copied().flatten());
    let mut scale = AnswerScale::numeric(min, max);
    scale
        .not_applicable
        .extend(opts.not_applicable.iter().map(|t| normalize(t)));
    let expected = scale.expected();
    let (mut blank, mut na) = (0usize, 0usize);
    for row in grid.rows.iter().skip(1) {
        let Some(sc) = score else { break };
        let value = match row.get(sc).map(|v| scale.parse(v)) {
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
        let date = match (date, date.and_then(|c| row.get(c))) {
            (Some(c), Some(v)) => match parse::date(v) {
                Ok(d) => Some(d),
                Err(msg) => {
                    sink.error(grid.place(row.index, c), format!("date: {msg}"), None);
                    None
                }
            },
            _ => None,
        };
        out.push(Rating {
            score: value,
            channel: text_of(row, channel),
            segment: text_of(row, segment),
            date,
            comment: text_of(row, comment),
            place: grid.place(row.index, sc),
        });
    }
    let sheet = grid.sheet_place();
    if blank > 0 {
        sink.warn(
            sheet.clone(),
            format!("{blank} row(s) without a score skipped"),
        );
    }
    if na > 0 {
        sink.warn(sheet, format!("{na} not-applicable score(s) skipped"));
    }
    out
}

/// A required or optional non-negative number in `col`; errors are reported to `sink`.
fn amount(
    grid: &Grid,
    row: &Row,
    col: Option<u32>,
    name: &str,
    required: bool,
    sink: &mut Sink<'_>,
) -> Option<f64> {
    let c = col?;
    match row.get(c) {
        None if required => {
            sink.error(
                grid.place(row.index, c),
                format!("`{name}` is missing"),
                Some("expected a number".into()),
            );
            None
        }
        None => None,
        Some(v) => match parse::number(v) {
            Some(n) if n >= 0.0 => Some(n),
            _ => {
                sink.error(
                    grid.place(row.index, c),
                    format!("`{name}`: `{}` is not a non-negative number", v.display()),
                    Some("expected a number such as 1250 or 12.5".into()),
                );
                None
            }
        },
    }
}

fn customers(grid: &Grid, sink: &mut Sink<'_>) -> Vec<CustomerPeriod> {
    let mut out = Vec::new();
    let Some((_, cols)) = metric_columns(grid, CUSTOMER_COLS, sink) else {
        return out;
    };
    let [period, start, end, new] = [0, 1, 2, 3].map(|i| cols.get(i).copied().flatten());
    for row in grid.rows.iter().skip(1) {
        let label = period.and_then(|c| row.get(c)).map(|v| match v {
            Value::Date(_) => parse::date(v).unwrap_or_else(|_| v.display()),
            _ => v.display().trim().to_string(),
        });
        let s = amount(grid, row, start, "customers_start", true, sink);
        let e = amount(grid, row, end, "customers_end", true, sink);
        let n = amount(grid, row, new, "new_customers", false, sink);
        let Some(label) = label else {
            sink.error(
                grid.place(row.index, period.unwrap_or_default()),
                "`period` is missing".into(),
                Some("expected a label such as 2026-Q1".into()),
            );
            continue;
        };
        if let (Some(s), Some(e)) = (s, e) {
            out.push(CustomerPeriod {
                period: label,
                customers_start: s,
                customers_end: e,
                new_customers: n,
                place: grid.place(row.index, period.unwrap_or_default()),
            });
        }
    }
    out
}

/// The `customers` cell of a CLV row: a positive whole number, or missing (blank cell or no
/// column). Zero, negative, fractional or text counts are errors: a weight of 0 would silently
/// drop the segment from the headline.
fn segment_customers(
    grid: &Grid,
    row: &Row,
    col: Option<u32>,
    sink: &mut Sink<'_>,
) -> Option<SegmentCustomers> {
    let Some(c) = col else {
        return Some(SegmentCustomers::Missing(grid.sheet_place()));
    };
    let place = grid.place(row.index, c);
    let Some(v) = row.get(c) else {
        return Some(SegmentCustomers::Missing(place));
    };
    match parse::number(v) {
        Some(n) if n.is_finite() && n >= 1.0 && n.fract() == 0.0 => {
            Some(SegmentCustomers::Count(n))
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

fn clv(grid: &Grid, sink: &mut Sink<'_>) -> Vec<ClvInput> {
    let mut out = Vec::new();
    let Some((_, cols)) = metric_columns(grid, CLV_COLS, sink) else {
        return out;
    };
    let [segment, apv, freq, life, margin, customers] =
        [0, 1, 2, 3, 4, 5].map(|i| cols.get(i).copied().flatten());
    for row in grid.rows.iter().skip(1) {
        let a = amount(grid, row, apv, "avg_purchase_value", true, sink);
        let f = amount(grid, row, freq, "purchase_frequency", true, sink);
        let l = amount(grid, row, life, "customer_lifespan_years", true, sink);
        let g = amount(grid, row, margin, "gross_margin", false, sink);
        let n = segment_customers(grid, row, customers, sink);
        if let (Some(g), Some(c)) = (g, margin)
            && g > 1.0
        {
            sink.error(
                grid.place(row.index, c),
                format!("`gross_margin` {} is more than 1", grid::format_number(g)),
                Some("write the margin as a fraction (0.35) or a percentage (35%)".into()),
            );
            continue;
        }
        if let (Some(a), Some(f), Some(l), Some(n)) = (a, f, l, n) {
            out.push(ClvInput {
                segment: text_of(row, segment),
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
