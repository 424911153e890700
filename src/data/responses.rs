//! The responses sheet: header matching (question ids, texts, aliases; survey tools'
//! layouts), answer parsing, and the warnings about what was skipped. Every bad cell is
//! reported together.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::grid::{self, Grid, Row};
use super::layout::{self, Layout};
use super::parse::{AnswerScale, Parsed, normalize};
use super::read::{Header, ReadOptions, Sink, headers};
use super::spelling;
use super::types::*;
use crate::error::{Arg, Phrase, column_letters};
use crate::model::{Model, Question};

/// Headers that name the respondent column (compared normalised).
const RESPONDENT_HEADERS: &[&str] = &[
    "respondent",
    "respondent id",
    "respondent_id",
    "المشارك",
    "رقم المشارك",
];

/// The columns the responses sheet was matched to.
struct Columns {
    respondent: Option<u32>,
    segments: Vec<Option<u32>>,
    comments: Vec<Option<u32>>,
    questions: Vec<Option<u32>>,
    /// Columns with a header (their values are never "headerless").
    headed: Vec<bool>,
    /// Columns read (respondent, segments, comments, questions).
    wanted: Vec<bool>,
    /// Some question column is headed by the question's id, as in nudj's template.
    by_id: bool,
}

/// Where a responses sheet comes from: it decides the help for a missing question column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Origin {
    /// A workbook `nudj template` made (it has the `Questions` and `Instructions` sheets):
    /// a question without a column was added to the model since, and `--update` adds it.
    Template,
    /// Another workbook: `--update` is suggested when its headers name questions by id,
    /// as the template's do (the answers copied out of a template).
    Workbook,
    /// A CSV file (a survey tool's export; `--update` cannot rewrite it).
    Csv,
}

/// Reads the answers of `grid`, the responses sheet of `path`.
pub(super) fn responses(
    grid: &Grid,
    path: &Path,
    model: &Model,
    opts: &ReadOptions,
    origin: Origin,
    sink: &mut Sink<'_>,
) -> Responses {
    let questions: Vec<&Question> = model
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
        kind: grid.kind(),
    };
    for note in &grid.notes {
        sink.info(grid.sheet_place(), note.clone());
    }
    let Some(head) = grid.rows.first() else {
        for d in grid.uncalculated_errors(path, |_, _| true) {
            sink.push(d);
        }
        sink.error(
            grid.sheet_place(),
            "the responses sheet is empty".into(),
            Some("row 1 must hold the column headers: respondent, segments, question ids".into()),
        );
        return out;
    };
    let layout = layout::recognise(grid, head);
    if let Some(line) = layout.describe() {
        sink.info(grid.sheet_place(), line);
    }
    if let (Some(msg), Some(first)) = (layout.skipped_rows(), layout.skip_rows.first()) {
        sink.warn(grid.place(*first, 0), msg);
    }
    let cols = match_columns(grid, head, &questions, opts, &layout, origin, sink);
    // Formulas never calculated in the header row or in a column read: refused, by range.
    let head_row = head.index;
    for d in grid.uncalculated_errors(path, |r, c| r <= head_row || has(&cols.wanted, c)) {
        sink.push(d);
    }
    if sink.has_errors() {
        return out;
    }
    let header_end = layout.skip_rows.iter().copied().fold(head.index, u32::max);
    let filled = merged_cells(grid, header_end, &cols, sink);
    if sink.has_errors() {
        return out;
    }
    let scale = answer_scale(model, opts);
    let sheet = Sheet {
        grid,
        questions: &questions,
        cols: &cols,
        opts,
        expected: scale.expected(),
        scale,
        filled,
    };
    read_rows(&sheet, head, &layout, sink, &mut out);
    merge_segment_spellings(grid, opts, &mut out, sink);
    if out.respondents.is_empty() {
        sink.error(
            grid.sheet_place(),
            "the responses sheet has headers but no answers".into(),
            None,
        );
    }
    out
}

/// Is column `c` in the bitmap set?
fn has(set: &[bool], c: u32) -> bool {
    set.get(c as usize).copied().unwrap_or(false)
}

/// Adds column `c` to a bitmap set (columns are bounded by `Limits::max_cols`; a hash
/// lookup per cell was a measurable share of the read time).
fn mark(set: &mut Vec<bool>, c: u32) {
    let i = c as usize;
    if set.len() <= i {
        set.resize(i + 1, false);
    }
    if let Some(b) = set.get_mut(i) {
        *b = true;
    }
}

/// A header key without a final full stop: a header may copy a question's text with or
/// without it.
fn without_stop(key: &str) -> &str {
    key.trim_end_matches(['.', '\u{06D4}', '。']).trim_end()
}

/// Question keys: id, texts in both languages (also without their final full stop),
/// aliases; each key → the questions it names.
fn question_keys(questions: &[&Question]) -> HashMap<String, Vec<usize>> {
    let mut keys: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, q) in questions.iter().enumerate() {
        let all = std::iter::once(q.id.value.as_str())
            .chain(q.text.all())
            .chain(q.aliases.iter().map(String::as_str));
        for k in all {
            let k = normalize(k);
            for k in [k.clone(), without_stop(&k).to_string()] {
                let e = keys.entry(k).or_default();
                if !e.contains(&i) {
                    e.push(i);
                }
            }
        }
    }
    keys
}

/// The questions a header names: its own text first, then (when that names none) a grid
/// or matrix statement inside it, then the export's other header text for the column.
fn header_questions<'k>(
    h: &Header,
    layout: &Layout,
    keys: &'k HashMap<String, Vec<usize>>,
) -> Option<&'k Vec<usize>> {
    let mut texts = vec![h.text.clone()];
    texts.extend(layout::header_variants(&h.text));
    if let Some(alt) = layout.alt_headers.get(&h.col) {
        texts.push(alt.clone());
        texts.extend(layout::header_variants(alt));
    }
    texts.iter().find_map(|t| {
        let k = normalize(t);
        keys.get(&k).or_else(|| keys.get(without_stop(&k)))
    })
}

/// Matches the header row to the respondent, segment, comment and question columns;
/// reports missing and doubled columns (errors) and unmatched ones (warnings).
fn match_columns(
    grid: &Grid,
    head: &Row,
    questions: &[&Question],
    opts: &ReadOptions,
    layout: &Layout,
    origin: Origin,
    sink: &mut Sink<'_>,
) -> Columns {
    let keys = question_keys(questions);
    let respondent_keys: Vec<String> = RESPONDENT_HEADERS.iter().map(|k| normalize(k)).collect();
    let hs = headers_with_alt(head, layout);
    let mut cols = Columns {
        respondent: None,
        segments: vec![None; opts.segments.len()],
        comments: vec![None; opts.comments.len()],
        questions: vec![None; questions.len()],
        headed: Vec::new(),
        wanted: Vec::new(),
        by_id: false,
    };
    let mut unmatched: Vec<&Header> = Vec::new();
    let head_row = head.index;
    let claim = |slot: &mut Option<u32>, h: &Header, what: String, sink: &mut Sink<'_>| {
        if let Some(prev) = *slot {
            sink.error(
                grid.place(head_row, h.col),
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
    let qtext = |i: usize| question_text(questions, i, opts);
    for h in &hs {
        mark(&mut cols.headed, h.col);
        // A segment or comment column is named by its header or, in an export with two
        // header rows (Qualtrics), by its question text in row 2, as questions are.
        let alt = layout.alt_headers.get(&h.col).map(|t| normalize(t));
        let names = |s: &String| {
            let k = normalize(s);
            k == h.key || alt.as_ref() == Some(&k)
        };
        if respondent_keys.contains(&h.key) {
            claim(&mut cols.respondent, h, "the respondent".into(), sink);
        } else if let Some(i) = opts.segments.iter().position(names) {
            if let Some(slot) = cols.segments.get_mut(i) {
                claim(slot, h, format!("segment `{}`", h.text), sink);
            }
        } else if let Some(i) = opts.comments.iter().position(names) {
            if let Some(slot) = cols.comments.get_mut(i) {
                claim(slot, h, format!("comment column `{}`", h.text), sink);
            }
        } else if let Some(qs) = header_questions(h, layout, &keys) {
            match qs.as_slice() {
                [i] => {
                    let id = questions.get(*i).map(|q| normalize(&q.id.value));
                    cols.by_id |= id.as_ref() == Some(&h.key);
                    if let Some(slot) = cols.questions.get_mut(*i) {
                        claim(slot, h, format!("question {}", qtext(*i)), sink);
                    }
                }
                many => sink.error(
                    grid.place(head_row, h.col),
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
        } else if !layout.metadata.contains_key(&h.col) {
            unmatched.push(h);
        }
    }
    // A header that is a never-calculated formula is refused as such (below); the columns
    // it may name are not also reported missing.
    if !grid.uncalculated_up_to(head_row) {
        missing_columns(grid, questions, opts, &cols, &unmatched, origin, sink);
    }
    for h in &unmatched {
        sink.warn(
            grid.place(head_row, h.col),
            format!(
                "column `{}` matches no question, segment or comment; ignored",
                h.text
            ),
        );
    }
    for c in cols
        .respondent
        .iter()
        .chain(cols.segments.iter().flatten())
        .chain(cols.comments.iter().flatten())
        .chain(cols.questions.iter().flatten())
        .copied()
        .collect::<Vec<_>>()
    {
        mark(&mut cols.wanted, c);
    }
    cols
}

/// The header row's headers, and for a column blank in it but named in the export's other
/// header row (a SurveyMonkey matrix statement under a merged header), that name, in column
/// order.
fn headers_with_alt(head: &Row, layout: &Layout) -> Vec<Header> {
    let mut hs = headers(head);
    for (col, text) in &layout.alt_headers {
        let key = normalize(text);
        if !key.is_empty() && !hs.iter().any(|h| h.col == *col) {
            hs.push(Header {
                col: *col,
                text: text.clone(),
                key,
            });
        }
    }
    hs.sort_by_key(|h| h.col);
    hs
}

/// Most merged ranges named in the warning about them; the rest are counted.
const MAX_RANGES_NAMED: usize = 10;

/// Merged ranges under the header block (rows after `header_end`) in the columns read, as
/// Excel shows them. A range down one segment or comment column shows its value (stored in
/// its top-left cell only) on every row it covers: those cells get that value, and one
/// warning names the ranges. A range over answer cells or respondent ids, or across several
/// columns read, cannot be read row by row: an error at the range (`Responses!C2:C7`).
fn merged_cells(
    grid: &Grid,
    header_end: u32,
    cols: &Columns,
    sink: &mut Sink<'_>,
) -> HashMap<(u32, u32), grid::Value> {
    let mut filled = HashMap::new();
    let mut read: Vec<String> = Vec::new();
    let is_text = |c: u32| {
        cols.segments
            .iter()
            .chain(cols.comments.iter())
            .any(|s| *s == Some(c))
    };
    for &(r1, c1, r2, c2) in &grid.merged {
        if r2 <= header_end || !(c1..=c2).any(|c| has(&cols.wanted, c)) {
            continue;
        }
        let place = crate::error::Place::Range {
            sheet: grid.name.clone(),
            row: r1,
            col: c1,
            last_row: r2,
            last_col: c2,
        };
        if c1 == c2 && is_text(c1) && r1 > header_end {
            if let Some(v) = grid
                .rows
                .iter()
                .find(|r| r.index == r1)
                .and_then(|r| r.get(c1))
            {
                for r in r1 + 1..=r2 {
                    filled.insert((r, c1), v.clone());
                }
            }
            read.push(place.to_string());
            continue;
        }
        let what = if r1 <= header_end {
            "joins the header row to data rows"
        } else if c1 != c2 {
            "spans several columns read"
        } else if cols.respondent == Some(c1) {
            "covers respondent ids"
        } else {
            "covers answer cells"
        };
        sink.error(
            place,
            format!(
                "this is a merged cell that {what}: Excel shows one value across it, but only its first cell holds it, so the other rows' values are unknown"
            ),
            Some("unmerge the cells (Home > Merge & Center) and fill in each row's value".into()),
        );
    }
    if !read.is_empty() {
        let mut named: Vec<String> = read.iter().take(MAX_RANGES_NAMED).cloned().collect();
        if read.len() > MAX_RANGES_NAMED {
            named.push(format!("and {} more", read.len() - MAX_RANGES_NAMED));
        }
        sink.warn(
            grid.sheet_place(),
            format!(
                "{} merged range(s) in segment or comment columns read as Excel shows them, their value on every row they cover: {}",
                read.len(),
                named.join(", ")
            ),
        );
    }
    filled
}

/// `ID (text)` of question `i`, for messages.
fn question_text(questions: &[&Question], i: usize, opts: &ReadOptions) -> String {
    questions
        .get(i)
        .map(|q| format!("{} ({})", q.id.value, q.text.get(opts.lang)))
        .unwrap_or_default()
}

/// Errors for the questions, segments and comment columns that have no column, each with
/// the closest unmatched header.
fn missing_columns(
    grid: &Grid,
    questions: &[&Question],
    opts: &ReadOptions,
    cols: &Columns,
    unmatched: &[&Header],
    origin: Origin,
    sink: &mut Sink<'_>,
) {
    for (i, col) in cols.questions.iter().enumerate() {
        if col.is_some() {
            continue;
        }
        let Some(q) = questions.get(i) else { continue };
        let own: Vec<String> = std::iter::once(q.id.value.as_str())
            .chain(q.text.all())
            .chain(q.aliases.iter().map(String::as_str))
            .map(normalize)
            .collect();
        let help = match closest(unmatched, &own) {
            Some(h) => format!(
                "the closest unmatched header is `{}` in column {}; rename it to `{}`",
                h.text,
                column_letters(h.col),
                q.id.value
            ),
            // No header resembles it in a workbook nudj made: a question added to the model
            // since. Regenerating the workbook would lose the answers; --update keeps them.
            None if origin == Origin::Template || (origin == Origin::Workbook && cols.by_id) => {
                format!(
                    "the workbook was made for another version of the model; `nudj template ENGAGEMENT --update {}` adds the new question columns and keeps every answer (or add a column headed `{}`)",
                    sink.file.display(),
                    q.id.value
                )
            }
            None => unmatched_help(unmatched, &q.id.value),
        };
        sink.error(
            grid.sheet_place(),
            format!(
                "no column for question {}",
                question_text(questions, i, opts)
            ),
            Some(help),
        );
    }
    for (names, found, what) in [
        (&opts.segments, &cols.segments, "segment"),
        (&opts.comments, &cols.comments, "comment"),
    ] {
        for (name, col) in names.iter().zip(found.iter()) {
            if col.is_none() {
                let best = closest(unmatched, &[normalize(name)]);
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
}

/// Most unmatched headers named in the help of a missing question.
const MAX_UNMATCHED_NAMED: usize = 5;

/// The help for a question no header names, in a file nudj did not make: the headers that
/// match nothing (where the question's column may be, under another name), and the fix.
fn unmatched_help(unmatched: &[&Header], id: &str) -> String {
    let fix = format!(
        "head its column `{id}` or with the question's text (in either language), or add the column"
    );
    if unmatched.is_empty() {
        return format!("no header names it and every other header is matched; {fix}");
    }
    let mut named: Vec<String> = unmatched
        .iter()
        .take(MAX_UNMATCHED_NAMED)
        .map(|h| {
            let short: String = h.text.chars().take(60).collect();
            let more = if short.len() < h.text.len() {
                "…"
            } else {
                ""
            };
            format!("`{short}{more}` ({})", column_letters(h.col))
        })
        .collect();
    if unmatched.len() > MAX_UNMATCHED_NAMED {
        named.push(format!(
            "and {} more",
            unmatched.len() - MAX_UNMATCHED_NAMED
        ));
    }
    format!(
        "no header names it; the headers that match nothing are {}: {fix}",
        named.join(", ")
    )
}

/// The unmatched header most like any of `keys` (normalised Levenshtein ≥ 0.5). Pairs whose
/// lengths differ more than twofold cannot reach 0.5 (the distance is at least the difference)
/// and are not computed: a sheet of 1,000 long headers made every missing question cost
/// seconds (found profiling the csv fuzz target).
fn closest<'h>(unmatched: &[&'h Header], keys: &[String]) -> Option<&'h Header> {
    let mut best: Option<(&Header, f64)> = None;
    let keys: Vec<(&String, usize)> = keys.iter().map(|k| (k, k.chars().count())).collect();
    for h in unmatched {
        let hl = h.key.chars().count();
        for &(k, kl) in &keys {
            if 2 * hl.min(kl) < hl.max(kl) {
                continue;
            }
            let s = strsim::normalized_levenshtein(&h.key, k);
            if s >= 0.5 && best.is_none_or(|(_, b)| s > b) {
                best = Some((h, s));
            }
        }
    }
    best.map(|(h, _)| h)
}

/// The answer scale of the model with its labels and the configured N/A tokens.
pub(super) fn answer_scale(model: &Model, opts: &ReadOptions) -> AnswerScale {
    let mut s = AnswerScale::numeric(*model.scale.min, *model.scale.max);
    for (value, label) in &model.scale.labels {
        for l in label.all() {
            s.add_label(l, value.value);
        }
    }
    for (label, value) in &opts.answers {
        s.add_label(label, *value);
    }
    s.not_applicable
        .extend(opts.not_applicable.iter().map(|t| normalize(t)));
    s
}

/// What the rows loop counts, for the warnings after it.
#[derive(Default)]
struct Counts {
    blank_rows: usize,
    blanks: usize,
    nas: usize,
    no_segment: Vec<usize>,
    /// Column → first row with a value but no header.
    headerless: BTreeMap<u32, u32>,
    /// (id, first row, repeated row).
    duplicates: Vec<(String, u32, u32)>,
    /// Rows a survey tool marks as no respondent's (Qualtrics previews, tests, spam): row
    /// and the status as written. Left out.
    not_respondents: Vec<(u32, String)>,
    /// Rows of responses the tool says were not finished (Qualtrics `Finished = False`).
    unfinished: Vec<u32>,
    /// Rows that repeat an earlier row's submission: (first row, repeated row, the repeat was
    /// left out because the e-mail addresses agree too).
    resubmissions: Vec<(u32, u32, bool)>,
}

/// What reading the rows of the responses sheet needs.
struct Sheet<'a> {
    grid: &'a Grid,
    questions: &'a [&'a Question],
    cols: &'a Columns,
    opts: &'a ReadOptions,
    scale: AnswerScale,
    /// What a valid answer looks like, for error help.
    expected: String,
    /// Cells of segment and comment columns covered by a merged range, with the range's
    /// value (see [`merged_cells`]).
    filled: HashMap<(u32, u32), grid::Value>,
}

/// The data rows under the header (skipping a survey tool's header block), read into
/// respondents; the counts of what was skipped become warnings.
fn read_rows(
    sheet: &Sheet<'_>,
    head: &Row,
    layout: &Layout,
    sink: &mut Sink<'_>,
    out: &mut Responses,
) {
    let Sheet {
        grid, cols, opts, ..
    } = *sheet;
    let mut n = Counts {
        no_segment: vec![0; opts.segments.len()],
        ..Counts::default()
    };
    let mut seen_ids: HashMap<String, u32> = HashMap::new();
    let mut submissions = Submissions::default();
    let data: Vec<&Row> = grid
        .rows
        .iter()
        .skip(1)
        .filter(|r| !layout.skip_rows.contains(&r.index))
        .collect();
    let mut prev = layout
        .skip_rows
        .iter()
        .copied()
        .max()
        .unwrap_or(head.index)
        .max(head.index);
    // SurveyMonkey exports put a second header row under the questions ("Response",
    // "Open-Ended Response"): skip it, with a warning, rather than report every cell.
    let data = match data.split_first() {
        Some((second, rest)) if is_subheader(second, &cols.questions) => {
            sink.warn(
                grid.place(second.index, 0),
                format!(
                    "row {} looks like a second header row (\"Response\"); skipped",
                    u64::from(second.index) + 1
                ),
            );
            prev = second.index;
            rest
        }
        _ => data.as_slice(),
    };
    for row in data {
        // Rows with no cell at all are absent from the sparse grid: count the gaps.
        n.blank_rows += row.index.saturating_sub(prev).saturating_sub(1) as usize;
        prev = row.index;
        if !row
            .cells
            .iter()
            .any(|(c, v)| has(&cols.wanted, *c) && !v.is_blank())
        {
            n.blank_rows += 1;
            continue;
        }
        if let Some(status) = layout.not_a_respondent(row) {
            n.not_respondents.push((row.index, status));
            continue;
        }
        if refused_row(sheet, head, row, sink) {
            continue;
        }
        if layout.unfinished(row) {
            n.unfinished.push(row.index);
        }
        if grid.hidden_rows.binary_search(&row.index).is_ok() {
            sink.warn(
                grid.place(row.index, 0),
                format!(
                    "row {} is hidden in Excel; scored (unhide it to check it; delete it if it is a test row)",
                    u64::from(row.index) + 1
                ),
            );
        }
        let r = respondent(sheet, row, &mut n, sink);
        let email = layout.email_col().and_then(|c| row.get(c));
        if let Some((first, drop)) = submissions.repeat(&r, email, &out.respondents) {
            n.resubmissions.push((first, row.index, drop));
            if drop {
                continue;
            }
        }
        if cols.respondent.is_some() {
            if let Some(first) = seen_ids.get(&r.id) {
                n.duplicates.push((r.id.clone(), *first, row.index));
            } else {
                seen_ids.insert(r.id.clone(), row.index);
            }
        }
        out.respondents.push(r);
    }
    row_warnings(grid, cols, opts, n, sink);
}

/// Labels of a summary row under the data (compared normalised, a trailing colon dropped):
/// a client's average or total row is no respondent.
const SUMMARY_LABELS: &[&str] = &[
    "average",
    "avg",
    "avg.",
    "mean",
    "total",
    "totals",
    "grand total",
    "sum",
    "overall",
    "المتوسط",
    "متوسط",
    "المعدل",
    "المجموع",
    "مجموع",
    "الإجمالي",
    "الاجمالي",
    "إجمالي",
    "اجمالي",
];

/// Whether a row label (a respondent id, a period, a segment) names a summary row:
/// `Average`, `Total`, `الإجمالي`… ([`SUMMARY_LABELS`], compared normalised, a trailing
/// colon dropped). The responses and metric sheets refuse such rows: nudj computes the
/// averages and totals itself, and a client's own total pooled with the rows counts every
/// answer or customer twice.
pub(super) fn is_summary_label(text: &str) -> bool {
    let key = normalize(text.trim().trim_end_matches([':', '：']));
    SUMMARY_LABELS.iter().any(|l| normalize(l) == key)
}

/// Refuses, at its place, a data row that cannot be a respondent: one labelled as a summary
/// (`Average`, `Total`, `المتوسط`… in the respondent column, or in column A when that holds
/// no answers), and in a CSV file a row with values past the header's last column (the usual
/// sign of an unquoted comma shifting every later cell). True when refused.
fn refused_row(sheet: &Sheet<'_>, head: &Row, row: &Row, sink: &mut Sink<'_>) -> bool {
    let Sheet { grid, cols, .. } = *sheet;
    let shown = u64::from(row.index) + 1;
    let label_cols = cols
        .respondent
        .into_iter()
        .chain((!cols.questions.contains(&Some(0))).then_some(0));
    for c in label_cols {
        let Some(text) = row.get(c).map(|v| v.display()) else {
            continue;
        };
        if is_summary_label(&text) {
            sink.error(
                grid.place(row.index, c),
                format!(
                    "row {shown} is labelled `{}`: it looks like a summary row, not a respondent",
                    text.trim()
                ),
                Some("delete the row (nudj computes the averages and totals itself)".into()),
            );
            return true;
        }
    }
    let width = |r: &Row| r.cells.last().map_or(0, |(c, _)| u64::from(*c) + 1);
    let (cells, header) = (width(row), width(head));
    if grid.csv && cells > header {
        sink.error(
            grid.place(row.index, u32::try_from(header).unwrap_or(u32::MAX)),
            format!(
                "row {shown} has {cells} cells, the header {header}: a comma inside an unquoted answer or comment has probably shifted the cells after it"
            ),
            Some("put that cell in double quotes (or remove the comma), or export the file again".into()),
        );
        return true;
    }
    false
}

/// One data row → one respondent; bad answers are reported to `sink`.
fn respondent(sheet: &Sheet<'_>, row: &Row, n: &mut Counts, sink: &mut Sink<'_>) -> Respondent {
    let Sheet {
        grid,
        questions,
        cols,
        opts,
        ref scale,
        ref expected,
        ref filled,
    } = *sheet;
    for (c, v) in &row.cells {
        if !has(&cols.headed, *c) && !v.is_blank() {
            n.headerless.entry(*c).or_insert(row.index);
        }
    }
    let text_at = |col: Option<u32>| {
        col.and_then(|c| row.get(c).or_else(|| filled.get(&(row.index, c))))
            .map(|v| v.display().trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let id =
        text_at(cols.respondent).unwrap_or_else(|| format!("row {}", u64::from(row.index) + 1));
    let mut segments = BTreeMap::new();
    for (i, (name, col)) in opts.segments.iter().zip(&cols.segments).enumerate() {
        match text_at(*col) {
            Some(v) => {
                segments.insert(name.clone(), v);
            }
            None => {
                if let Some(k) = n.no_segment.get_mut(i) {
                    *k += 1;
                }
            }
        }
    }
    let mut comments = Vec::new();
    for (name, col) in opts.comments.iter().zip(&cols.comments) {
        if let (Some(text), Some(c)) = (text_at(*col), col) {
            comments.push(Comment {
                column: name.clone(),
                text,
                place: grid.place(row.index, *c),
            });
        }
    }
    let mut answers = Vec::with_capacity(questions.len());
    for (i, col) in cols.questions.iter().enumerate() {
        let cell = col.and_then(|c| row.get(c));
        let answer = match cell.map(|v| scale.parse(v)) {
            None | Some(Parsed::Blank) => {
                n.blanks += 1;
                Answer::Blank
            }
            Some(Parsed::NotApplicable) => {
                n.nas += 1;
                Answer::NotApplicable
            }
            Some(Parsed::Value(v)) => Answer::Value(i32::try_from(v).unwrap_or_default()),
            Some(Parsed::Bad(msg)) => {
                let qid = questions.get(i).map(|q| q.id.value.as_str()).unwrap_or("");
                sink.error(
                    grid.place(row.index, col.unwrap_or_default()),
                    format!("answer to {qid}: {msg}"),
                    Some(format!("expected {expected}")),
                );
                Answer::Blank
            }
        };
        answers.push(answer);
    }
    Respondent {
        id,
        row: row.index,
        segments,
        answers,
        comments,
    }
}

/// The warnings about what the rows loop skipped.
fn row_warnings(grid: &Grid, cols: &Columns, opts: &ReadOptions, n: Counts, sink: &mut Sink<'_>) {
    let sheet_place = grid.sheet_place();
    tool_status_warnings(grid, &n, sink);
    let text = |s: String| Arg::Text(s);
    for (col, row) in n.headerless {
        let letters = column_letters(col);
        sink.warn_words(
            grid.place(row, col),
            format!("column {letters} holds values but has no header; ignored"),
            Phrase::new(
                "warn_headerless_column",
                vec![("col", text(letters.clone()))],
            ),
        );
    }
    for (id, first, again) in n.duplicates {
        let first = (u64::from(first) + 1).to_string();
        sink.warn_words(
            grid.place(again, cols.respondent.unwrap_or_default()),
            format!("respondent `{id}` appears again (first in row {first}); both rows are kept"),
            Phrase::new(
                "warn_duplicate_respondent",
                vec![("id", text(id.to_string())), ("row", text(first))],
            ),
        );
    }
    for (first, again_at, dropped) in &n.resubmissions {
        let (first, again) = (u64::from(*first) + 1, u64::from(*again_at) + 1);
        let msg = if *dropped {
            format!(
                "rows {first} and {again} hold the same answers to every question, segment and comment, and the same e-mail address: a double submission; row {again} is left out"
            )
        } else {
            format!(
                "rows {first} and {again} hold the same answers to every question, segment and comment: if row {again} is a double submission, delete it; both are kept"
            )
        };
        sink.warn(grid.place(*again_at, 0), msg);
    }
    for (count, what, key) in [
        (n.blank_rows, "blank row(s) skipped", "warn_blank_rows"),
        (n.nas, "not-applicable answer(s) skipped", "warn_na_answers"),
        (n.blanks, "blank answer(s) skipped", "warn_blank_answers"),
    ] {
        if count > 0 {
            sink.warn_words(
                sheet_place.clone(),
                format!("{count} {what}"),
                Phrase::new(key, vec![("n", text(count.to_string()))]),
            );
        }
    }
    for (name, k) in opts.segments.iter().zip(n.no_segment) {
        if k > 0 {
            sink.warn_words(
                sheet_place.clone(),
                format!("{k} respondent(s) have no `{name}` value"),
                Phrase::new(
                    "warn_no_segment_value",
                    vec![("n", text(k.to_string())), ("name", text(name.to_string()))],
                ),
            );
        }
    }
}

/// The submissions read so far, to find a row that repeats an earlier one (a double click on
/// "Submit", a resubmitted form). Rows are keyed by a hash of their answers, segment values
/// and comments; a match is confirmed on the respondents themselves. The e-mail address of
/// an export's e-mail column (a personal column, never kept) is compared by its hash only.
#[derive(Default)]
struct Submissions {
    /// Key → (row, index among the respondents kept, hash of the e-mail address).
    seen: HashMap<u64, Vec<(u32, usize, Option<u64>)>>,
}

impl Submissions {
    /// When `r` repeats an earlier row: that row, and whether `r` is left out (the e-mail
    /// addresses agree, so it is the same person's second submission). Without an e-mail to
    /// confirm, only rows with at least two different answers are compared: two people may
    /// well give the same answer to every question (straight-lining is flagged on its own).
    fn repeat(
        &mut self,
        r: &Respondent,
        email: Option<&grid::Value>,
        kept: &[Respondent],
    ) -> Option<(u32, bool)> {
        use std::hash::{Hash, Hasher};
        let hash = |f: &dyn Fn(&mut std::collections::hash_map::DefaultHasher)| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            f(&mut h);
            h.finish()
        };
        let email = email
            .map(|v| normalize(&v.display()))
            .filter(|e| !e.is_empty())
            .map(|e| hash(&|h| e.hash(h)));
        let values: Vec<i32> = r
            .answers
            .iter()
            .filter_map(|a| match a {
                Answer::Value(v) => Some(*v),
                _ => None,
            })
            .collect();
        let varied = values.iter().any(|v| Some(v) != values.first());
        if values.is_empty() || (email.is_none() && !varied) {
            return None;
        }
        let comments = |p: &Respondent| -> Vec<(String, String)> {
            p.comments
                .iter()
                .map(|c| (c.column.clone(), c.text.clone()))
                .collect()
        };
        let key = hash(&|h| {
            r.answers.hash(h);
            r.segments.hash(h);
            comments(r).hash(h);
        });
        let same = |i: usize| {
            kept.get(i).is_some_and(|p| {
                p.answers == r.answers && p.segments == r.segments && comments(p) == comments(r)
            })
        };
        // Two e-mail addresses that differ are two people, however alike their answers.
        let found = self.seen.get(&key).and_then(|rows| {
            rows.iter()
                .filter(|(_, i, e)| same(*i) && (email.is_none() || e.is_none() || *e == email))
                .min_by_key(|(_, _, e)| e.is_none())
                .copied()
        });
        if let Some((row, _, first_email)) = found {
            return Some((row, email.is_some() && email == first_email));
        }
        // `r` is kept next, at this index.
        self.seen
            .entry(key)
            .or_default()
            .push((r.row, kept.len(), email));
        None
    }
}

/// Most rows listed by number in one warning; the rest are counted.
const MAX_ROWS_LISTED: usize = 20;

/// `rows 4, 5, 6` as Excel shows them (0-based indexes in), at most [`MAX_ROWS_LISTED`]
/// listed and the rest counted.
pub(super) fn row_list(rows: &[u32]) -> String {
    let mut listed: Vec<String> = rows
        .iter()
        .take(MAX_ROWS_LISTED)
        .map(|r| (u64::from(*r) + 1).to_string())
        .collect();
    if rows.len() > MAX_ROWS_LISTED {
        listed.push(format!("and {} more", rows.len() - MAX_ROWS_LISTED));
    }
    let word = if rows.len() == 1 { "row" } else { "rows" };
    format!("{word} {}", listed.join(", "))
}

/// The warnings about rows a survey tool marks: Qualtrics previews, test responses and spam
/// (left out), and responses not finished (kept: partial answers are scored like any other,
/// flagged as incomplete below half the questions; docs/scoring.md).
fn tool_status_warnings(grid: &Grid, n: &Counts, sink: &mut Sink<'_>) {
    if let Some((first, _)) = n.not_respondents.first() {
        let mut statuses: Vec<&str> = Vec::new();
        for (_, s) in &n.not_respondents {
            if !statuses.contains(&s.as_str()) {
                statuses.push(s);
            }
        }
        let rows: Vec<u32> = n.not_respondents.iter().map(|(r, _)| *r).collect();
        sink.warn(
            grid.place(*first, 0),
            format!(
                "{} row(s) are not respondents' answers but Qualtrics previews, test responses or spam (`Status` = {}); left out: {}",
                rows.len(),
                statuses
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                row_list(&rows)
            ),
        );
    }
    if let Some(first) = n.unfinished.first() {
        sink.warn(
            grid.place(*first, 0),
            format!(
                "{} response(s) were not finished (Qualtrics `Finished` = False): {}; kept, as partial answers are (one that answered fewer than half the questions is flagged as incomplete; `exclude: {{incomplete: true}}` leaves those out)",
                n.unfinished.len(),
                row_list(&n.unfinished)
            ),
        );
    }
}

/// Segment values that differ only in spelling (spacing, case, Arabic letter variants)
/// are one group: the most frequent spelling is kept, and a warning lists the others.
fn merge_segment_spellings(
    grid: &Grid,
    opts: &ReadOptions,
    out: &mut Responses,
    sink: &mut Sink<'_>,
) {
    for name in &opts.segments {
        let values = out
            .respondents
            .iter_mut()
            .filter_map(|r| r.segments.get_mut(name));
        for merged in spelling::unify(values) {
            sink.warn(
                grid.sheet_place(),
                format!("segment `{name}`: {}", merged.describe("respondent(s)")),
            );
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn header(col: u32, text: &str) -> Header {
        Header {
            col,
            text: text.to_string(),
            key: normalize(text),
        }
    }

    #[test]
    fn closest_finds_the_likely_header_and_skips_far_lengths_quickly() {
        let near = header(3, "STR-1");
        let other = header(4, "Branch");
        let keys = vec![normalize("STR-01"), normalize("Strategy is written down")];
        assert_eq!(closest(&[&other, &near], &keys).map(|h| h.col), Some(3));
        // Exactly twofold still counts (0.5 is reachable); more is skipped.
        let half = header(5, "ab");
        assert_eq!(
            closest(&[&half], &[normalize("abxx")]).map(|h| h.col),
            Some(5)
        );
        assert_eq!(
            closest(&[&half], &[normalize("abxxx")]).map(|h| h.col),
            None
        );
        // 300 headers of 50,000 letters against four keys of 100: 6·10⁹ steps unpruned
        // (seconds even optimised), none pruned.
        let long: Vec<Header> = (0..300)
            .map(|col| Header {
                col,
                text: String::new(),
                key: "x".repeat(50_000),
            })
            .collect();
        let refs: Vec<&Header> = long.iter().collect();
        let keys: Vec<String> = (0..4).map(|i| format!("{i}").repeat(100)).collect();
        let started = std::time::Instant::now();
        assert!(closest(&refs, &keys).is_none());
        assert!(started.elapsed().as_secs() < 2, "{:?}", started.elapsed());
    }
}
