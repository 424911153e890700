//! `nudj template --update`: bring a filled answers workbook up to date with a changed model
//! without touching a single answer.
//!
//! The workbook is read cell by cell (after the same container checks as the reader, see
//! [`super::grid`]) and written again with rust_xlsxwriter: every cell of every sheet keeps
//! its position and its value (numbers, text, booleans, dates with their serial number,
//! formulas with their cached result); the Responses sheet keeps its columns where they are
//! and gains a column (header, note, drop-down) for each question of the model that has
//! none; the Questions and Instructions sheets are written afresh for the model; a metric
//! sheet the model now reports and the workbook lacks is added. Formatting (fonts, colours,
//! column widths) is not carried over: it is the values that are the client's work.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

use calamine::{DataRef, Reader, Xlsx};
use rust_xlsxwriter::{Format, Formula, Worksheet, XlsxError};

use super::grid::{self, Kind, Limits};
use super::parse::normalize;
use super::template::{Layout, ResponseColumn, TemplateOptions, template_workbook};
use crate::error::{Diagnostic, Error, Place, Result, Warned, column_letters};
use crate::model::Model;

/// One cell as found in the workbook, kept exactly enough to write it back.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    /// A number (integers included).
    Number(f64),
    /// Text, as written (whitespace included).
    Text(String),
    /// TRUE / FALSE.
    Bool(bool),
    /// A date or date-time: its Excel serial number, and whether it has a time of day.
    Date(f64, bool),
    /// A spreadsheet error such as `#N/A`; written back as its text.
    Error(String),
    /// A formula (without `=`) with its cached result as text.
    Formula(String, String),
}

/// One sheet's cells, in reading order.
#[derive(Debug, Default)]
struct Sheet {
    name: String,
    cells: Vec<(u32, u32, Cell)>,
}

/// What [`update_workbook`] did.
#[derive(Debug)]
pub struct Updated {
    /// The new workbook.
    pub bytes: Vec<u8>,
    /// Ids of the questions that got a new column, in model order.
    pub added: Vec<String>,
    /// Filled cells carried over, over all sheets.
    pub cells: usize,
    /// The sheet that holds the answers.
    pub responses_sheet: String,
}

/// Reads the filled workbook at `path` and lays it out for `model`: every cell kept, one new
/// Responses column per question that has none. Warnings name columns that match no question
/// of the model (kept with their answers: perhaps a renamed question) and error cells
/// written back as text.
///
/// Errors: the file cannot be read, is not an .xlsx (a CSV export has no drop-downs to
/// add), is damaged, exceeds `limits`, or has no answers sheet.
pub fn update_workbook(
    path: &Path,
    model: &Model,
    opts: &TemplateOptions,
    limits: Limits,
) -> Result<Warned<Updated>> {
    let bytes = grid::read_capped(path, &limits)?;
    if grid::kind_of(path, &bytes)? == Kind::Csv {
        return Err(Error::Invalid(vec![
            Diagnostic::error(path, Place::File, "a CSV file cannot be updated")
                .with_help("--update rewrites an .xlsx workbook; write a new template with -o and copy the answers into it"),
        ]));
    }
    grid::check_zip(path, &bytes, &limits)?;
    let mut xlsx = Xlsx::new(Cursor::new(bytes)).map_err(|e| {
        Error::at(
            path,
            Place::File,
            format!("this workbook cannot be opened: {e}"),
        )
    })?;
    let mut sheets = Vec::new();
    for name in xlsx.sheet_names() {
        sheets.push(read_sheet(&mut xlsx, path, &name, &limits)?);
    }
    let mut warnings = Vec::new();
    let responses = responses_sheet_name(path, &sheets, opts)?;
    let resp = sheets
        .iter()
        .find(|s| s.name == responses)
        .ok_or_else(|| Error::internal("the answers sheet vanished"))?;
    let header_row = resp.cells.first().map_or(0, |(r, _, _)| *r);
    let (columns, added) = plan_columns(path, resp, header_row, model, opts, &mut warnings);
    let last_row = resp.cells.last().map_or(0, |(r, _, _)| *r);
    let mut opts = opts.clone();
    opts.sheets.responses = Some(responses.clone());
    opts.rows = opts.rows.max(last_row.saturating_sub(header_row) + 100);
    // Sheets nudj writes afresh for the model; every other sheet is the client's and copied.
    let generated = ["Questions", "Instructions"];
    let layout = Layout {
        responses: Some(columns),
        header_row,
        skip: sheets.iter().map(|s| s.name.clone()).collect(),
    };
    let to_xlsx = |e: XlsxError| Error::internal(format!("cannot build the workbook: {e}"));
    let mut wb = template_workbook(model, &opts, &layout).map_err(to_xlsx)?;
    let mut cells = 0;
    for sheet in &sheets {
        if generated.contains(&sheet.name.as_str()) {
            continue;
        }
        let ws = match wb.worksheet_from_name(&sheet.name) {
            Ok(ws) => ws,
            Err(_) => {
                let ws = wb.add_worksheet();
                ws.set_name(&sheet.name).map_err(to_xlsx)?;
                ws.set_right_to_left(opts.lang.is_rtl());
                ws
            }
        };
        // The header row of the answers sheet was written (with its notes) by the template.
        let skip_row = (sheet.name == responses).then_some(header_row);
        cells += write_cells(ws, sheet, skip_row, path, &mut warnings).map_err(to_xlsx)?;
        if skip_row.is_some() {
            cells += sheet
                .cells
                .iter()
                .filter(|(r, _, _)| *r == header_row)
                .count();
        }
    }
    let bytes = wb.save_to_buffer().map_err(to_xlsx)?;
    Ok(Warned {
        output: Updated {
            bytes,
            added,
            cells,
            responses_sheet: responses,
        },
        warnings,
    })
}

/// Streams one sheet's cells (values and formulas), enforcing `limits`.
fn read_sheet(
    xlsx: &mut Xlsx<Cursor<Vec<u8>>>,
    path: &Path,
    name: &str,
    limits: &Limits,
) -> Result<Sheet> {
    let at = |msg: String| {
        Error::at(
            path,
            Place::Sheet {
                sheet: name.to_string(),
            },
            msg,
        )
    };
    let mut reader = xlsx
        .worksheet_cells_reader(name)
        .map_err(|e| at(format!("cannot read this sheet: {e}")))?;
    let mut cells = Vec::new();
    loop {
        let record = match reader.next_cell_with_formula() {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(e) => return Err(at(format!("this sheet is damaged: {e}"))),
        };
        let (row, col) = record.pos;
        if row >= limits.max_rows || col >= limits.max_cols || cells.len() >= limits.max_cells {
            return Err(at(format!(
                "this sheet has a value at {}{} or more cells than nudj reads",
                column_letters(col),
                u64::from(row) + 1
            )));
        }
        let value = convert(&record.value);
        let cell = match (record.formula, value) {
            (Some(f), v) if !f.is_empty() => Cell::Formula(f, v.map(cached).unwrap_or_default()),
            (_, Some(v)) => v,
            (_, None) => continue,
        };
        cells.push((row, col, cell));
    }
    cells.sort_by_key(|(r, c, _)| (*r, *c));
    cells.dedup_by_key(|(r, c, _)| (*r, *c));
    Ok(Sheet {
        name: name.to_string(),
        cells,
    })
}

/// calamine's value → ours; `None` for an empty cell.
fn convert(v: &DataRef<'_>) -> Option<Cell> {
    Some(match v {
        DataRef::Empty => return None,
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            Cell::Text(s.clone())
        }
        DataRef::SharedString(s) => Cell::Text((*s).to_string()),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(d) if d.is_datetime() => {
            let serial = d.as_f64();
            Cell::Date(serial, serial.fract() != 0.0)
        }
        DataRef::DateTime(d) => Cell::Number(d.as_f64()),
        DataRef::Error(e) => Cell::Error(e.to_string()),
    })
}

/// A formula's cached result as rust_xlsxwriter takes it.
fn cached(v: Cell) -> String {
    match v {
        Cell::Number(n) | Cell::Date(n, _) => grid::format_number(n),
        Cell::Text(s) | Cell::Error(s) => s,
        Cell::Bool(b) => if b { "TRUE" } else { "FALSE" }.to_string(),
        Cell::Formula(_, r) => r,
    }
}

/// The answers sheet: as named in the engagement, else `Responses`, else the only sheet.
fn responses_sheet_name(path: &Path, sheets: &[Sheet], opts: &TemplateOptions) -> Result<String> {
    let find = |wanted: &str| {
        sheets
            .iter()
            .find(|s| s.name == wanted)
            .or_else(|| {
                sheets
                    .iter()
                    .find(|s| normalize(&s.name) == normalize(wanted))
            })
            .map(|s| s.name.clone())
    };
    let wanted = opts.sheets.responses.as_deref().unwrap_or("Responses");
    if let Some(name) = find(wanted) {
        return Ok(name);
    }
    if let [only] = sheets {
        return Ok(only.name.clone());
    }
    let names: Vec<String> = sheets.iter().map(|s| format!("`{}`", s.name)).collect();
    Err(Error::Invalid(vec![
        Diagnostic::error(
            path,
            Place::File,
            format!("the workbook has no `{wanted}` sheet to update"),
        )
        .with_help(format!(
            "its sheets are {}; name the answers sheet in the engagement under `sheets: {{responses: ...}}`",
            names.join(", ")
        )),
    ]))
}

/// The Responses columns after the update: the existing ones where they are (a header that
/// names a question by id, text or alias gets its note and drop-down), then one new column
/// per question without one. Returns the columns and the ids of the added questions.
fn plan_columns(
    path: &Path,
    sheet: &Sheet,
    header_row: u32,
    model: &Model,
    opts: &TemplateOptions,
    warnings: &mut Vec<Diagnostic>,
) -> (Vec<ResponseColumn>, Vec<String>) {
    let questions: Vec<&crate::model::Question> = model
        .dimensions
        .iter()
        .flat_map(|d| d.questions.iter())
        .collect();
    let mut keys: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, q) in questions.iter().enumerate() {
        let names = std::iter::once(q.id.value.as_str())
            .chain(q.text.all())
            .chain(q.aliases.iter().map(String::as_str));
        for k in names {
            let e = keys.entry(normalize(k)).or_default();
            if !e.contains(&i) {
                e.push(i);
            }
        }
    }
    let known: Vec<String> = ["respondent", "respondent id", "respondent_id", "المشارك"]
        .iter()
        .map(|s| s.to_string())
        .chain(opts.segments.iter().cloned())
        .chain(opts.comments.iter().cloned())
        .map(|s| normalize(&s))
        .collect();
    let mut has_column = vec![false; questions.len()];
    let mut columns = Vec::new();
    let mut last_col = None;
    for (_, col, cell) in sheet.cells.iter().filter(|(r, _, _)| *r == header_row) {
        last_col = Some(*col);
        let header = cached(cell.clone());
        let key = normalize(&header);
        let question = match keys.get(&key).map(Vec::as_slice) {
            Some([i]) if !has_column.get(*i).copied().unwrap_or(true) => Some(*i),
            _ => None,
        };
        if let Some(i) = question
            && let Some(slot) = has_column.get_mut(i)
        {
            *slot = true;
        } else if !key.is_empty() && !known.contains(&key) && !keys.contains_key(&key) {
            warnings.push(Diagnostic::warning(
                path,
                Place::Cell {
                    sheet: sheet.name.clone(),
                    row: header_row,
                    col: *col,
                },
                format!(
                    "column `{header}` matches no question of the model; kept with its answers (a renamed question? rename the header to the new id)"
                ),
            ));
        }
        columns.push(ResponseColumn {
            col: u16::try_from(*col).unwrap_or(u16::MAX),
            header,
            question,
        });
    }
    let mut next = last_col.map_or(0, |c| c + 1);
    let mut added = Vec::new();
    for (i, q) in questions.iter().enumerate() {
        if has_column.get(i).copied().unwrap_or(true) {
            continue;
        }
        columns.push(ResponseColumn {
            col: u16::try_from(next).unwrap_or(u16::MAX),
            header: q.id.value.clone(),
            question: Some(i),
        });
        added.push(q.id.value.clone());
        next += 1;
    }
    (columns, added)
}

/// Writes `sheet`'s cells into `ws` (except row `skip_row`); returns how many were written.
fn write_cells(
    ws: &mut Worksheet,
    sheet: &Sheet,
    skip_row: Option<u32>,
    path: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> std::result::Result<usize, XlsxError> {
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let date_time = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let mut n = 0;
    for (row, col, cell) in &sheet.cells {
        if Some(*row) == skip_row {
            continue;
        }
        let c = u16::try_from(*col).unwrap_or(u16::MAX);
        match cell {
            Cell::Number(v) => ws.write_number(*row, c, *v).map(|_| ())?,
            Cell::Text(s) => ws.write_string(*row, c, s).map(|_| ())?,
            Cell::Bool(b) => ws.write_boolean(*row, c, *b).map(|_| ())?,
            Cell::Date(v, false) => ws
                .write_number_with_format(*row, c, *v, &date)
                .map(|_| ())?,
            Cell::Date(v, true) => ws
                .write_number_with_format(*row, c, *v, &date_time)
                .map(|_| ())?,
            Cell::Error(e) => {
                warnings.push(Diagnostic::warning(
                    path,
                    Place::Cell {
                        sheet: sheet.name.clone(),
                        row: *row,
                        col: *col,
                    },
                    format!("this cell held the error value {e}; written back as text"),
                ));
                ws.write_string(*row, c, e).map(|_| ())?
            }
            Cell::Formula(f, result) => ws
                .write_formula(*row, c, Formula::new(f).set_result(result))
                .map(|_| ())?,
        }
        n += 1;
    }
    Ok(n)
}
