//! The sheet grid, shared infrastructure of every reader of spreadsheets (the client data,
//! the course roster); it knows nothing of models or answers.
//!
//! Untrusted files → a sparse grid of cell values, with hard limits checked *before* and
//! *while* reading, so a hostile workbook gives a clean error instead of an abort.
//!
//! Why: calamine's `worksheet_range` allocates the bounding box of the used cells (a lone
//! cell at XFD1048576 asks for ~550 GB and aborts the process), and `Xlsx::new` inflates the
//! shared-strings part whole. So we (1) cap the file size, (2) walk the zip central directory
//! and really inflate every part into a counting sink with a cap (declared sizes can lie),
//! and only then (3) stream cells with `worksheet_cells_reader()` into our own sparse rows,
//! counting cells and bounding rows and columns.

use std::collections::BTreeMap;
use std::io::{BufReader, Cursor, Read};
use std::path::Path;

use calamine::{DataRef, Reader, Xlsx};
use quick_xml::events::Event;

use crate::error::{Diagnostic, Error, Place, Result};

/// Limits for untrusted input. The defaults allow far more than any real assessment
/// (50,000 respondents × 60 questions is 3 M cells) while keeping memory well under 1 GiB.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest file accepted, in bytes.
    pub max_file_bytes: u64,
    /// Most entries in the zip container.
    pub max_zip_entries: usize,
    /// Largest inflated size of one zip part.
    pub max_part_bytes: u64,
    /// Largest inflated size of all parts together.
    pub max_total_bytes: u64,
    /// Largest inflated/compressed ratio for parts above 1 MiB (zip bombs reach 1000:1).
    pub max_ratio: u64,
    /// Most shared strings (distinct texts) a workbook may hold or declare: calamine reserves
    /// room for the count the shared-strings part declares and keeps every string in memory.
    pub max_shared_strings: usize,
    /// Largest inflated size of the shared-strings part (read whole into memory, unlike the
    /// sheets, which are streamed).
    pub max_shared_strings_bytes: u64,
    /// Most non-empty cells read from one sheet.
    pub max_cells: usize,
    /// Most rows (highest row index + 1) in one sheet.
    pub max_rows: u32,
    /// Most columns (highest column index + 1) in one sheet.
    pub max_cols: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 200 * 1024 * 1024,
            max_zip_entries: 10_000,
            max_part_bytes: 1024 * 1024 * 1024,
            max_total_bytes: 2 * 1024 * 1024 * 1024,
            max_ratio: 400,
            max_shared_strings: 2_000_000,
            max_shared_strings_bytes: 256 * 1024 * 1024,
            max_cells: 8_000_000,
            max_rows: 1_048_576,
            max_cols: 1_000,
        }
    }
}

/// One cell value, independent of the source format.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A number (integers included).
    Number(f64),
    /// Text as written.
    Text(String),
    /// TRUE / FALSE.
    Bool(bool),
    /// A date cell (Excel serial with a date format).
    Date(chrono::NaiveDate),
    /// A spreadsheet error such as `#N/A` or `#DIV/0!`.
    Error(String),
}

impl Value {
    /// Is this an empty or whitespace-only value?
    pub fn is_blank(&self) -> bool {
        matches!(self, Value::Text(s) if s.trim().is_empty())
    }

    /// The value as a user would read it, for messages and text columns.
    pub fn display(&self) -> String {
        match self {
            Value::Number(n) => format_number(*n),
            Value::Text(s) => s.clone(),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
            Value::Error(e) => e.clone(),
        }
    }
}

/// `4` rather than `4.0`; other numbers as Rust prints them.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One non-empty row: 0-based row index and its non-empty cells by ascending column.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// 0-based row index in the sheet (for CSV: the record index, header = 0).
    pub index: u32,
    /// `(column, value)` pairs, ascending by column, no blanks.
    pub cells: Vec<(u32, Value)>,
}

impl Row {
    /// The value in column `col`, if any.
    pub fn get(&self, col: u32) -> Option<&Value> {
        self.cells
            .binary_search_by_key(&col, |(c, _)| *c)
            .ok()
            .and_then(|i| self.cells.get(i))
            .map(|(_, v)| v)
    }
}

/// A sheet (or CSV file) read into sparse rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Sheet name (for CSV, the file name).
    pub name: String,
    /// Non-empty rows in ascending order.
    pub rows: Vec<Row>,
    /// True for CSV, whose places print as `row R, column C`.
    pub csv: bool,
    /// Formula cells whose value cannot be trusted, as 0-based `(row, column)` in ascending
    /// order: the file stores no value for them, or the workbook asks to be recalculated when
    /// opened (then every formula counts). They are left out of `rows`; each reader refuses
    /// those in the cells it uses, with [`Grid::uncalculated_errors`].
    pub uncalculated: Vec<(u32, u32)>,
    /// The workbook asks to be recalculated when opened (`fullCalcOnLoad`).
    pub recalc_on_open: bool,
    /// Rows hidden in Excel (`<row hidden="1">`, hidden by hand or by a filter), 0-based,
    /// ascending; empty for CSV. Their cells are read like any other.
    pub hidden_rows: Vec<u32>,
    /// Merged ranges of more than one cell (`<mergeCell ref>`), 0-based and inclusive, by
    /// position (row, then column); empty for CSV. Excel shows a merged range's value (that of its
    /// top-left cell, the only one stored) across the whole range; each reader decides what
    /// that means for the cells it uses.
    pub merged: Vec<CellRange>,
    /// What was recognised in the file's layout and skipped (e.g. Excel's `sep=` line), for
    /// the reader's info line.
    pub notes: Vec<String>,
}

/// A rectangle of cells, 0-based and inclusive: `(first_row, first_col, last_row, last_col)`.
pub type CellRange = (u32, u32, u32, u32);

impl Grid {
    /// The place of the whole sheet (for CSV, the whole file).
    pub fn sheet_place(&self) -> Place {
        if self.csv {
            Place::File
        } else {
            Place::Sheet {
                sheet: self.name.clone(),
            }
        }
    }

    /// The place of a cell, in the form this source uses.
    pub fn place(&self, row: u32, col: u32) -> Place {
        if self.csv {
            Place::Csv {
                row: u64::from(row) + 1,
                col,
            }
        } else {
            Place::Cell {
                sheet: self.name.clone(),
                row,
                col,
            }
        }
    }

    /// Is the cell at 0-based `(row, col)` a never-calculated formula? Such a cell is absent
    /// from `rows` but not empty: its reader has refused it already (see
    /// [`Grid::uncalculated_errors`]) and must not also report it as missing.
    pub fn is_uncalculated(&self, row: u32, col: u32) -> bool {
        self.uncalculated.binary_search(&(row, col)).is_ok()
    }

    /// Does row `row`, or a row above it, hold a never-calculated formula? Up to the header
    /// row, that hides a header (a header row of formulas only is not even in `rows`): a
    /// column it would name is not "missing".
    pub fn uncalculated_up_to(&self, row: u32) -> bool {
        self.uncalculated.first().is_some_and(|&(r, _)| r <= row)
    }

    /// What kind of file the grid came from.
    pub fn kind(&self) -> Kind {
        if self.csv { Kind::Csv } else { Kind::Xlsx }
    }

    /// The never-calculated formula cells that `keep(row, col)` selects, as rectangles: runs
    /// down a column first, then runs over the same rows in neighbouring columns merged, so
    /// a block of formulas gives one range. Ordered by first row, then column.
    pub fn uncalculated_ranges(&self, keep: impl Fn(u32, u32) -> bool) -> Vec<CellRange> {
        let mut cells: Vec<(u32, u32)> = self
            .uncalculated
            .iter()
            .copied()
            .filter(|&(r, c)| keep(r, c))
            .collect();
        cells.sort_by_key(|&(r, c)| (c, r));
        // Runs down each column: (first_row, col, last_row).
        let mut runs: Vec<(u32, u32, u32)> = Vec::new();
        for (r, c) in cells {
            match runs.last_mut() {
                Some(run) if run.1 == c && run.2.checked_add(1) == Some(r) => run.2 = r,
                _ => runs.push((r, c, r)),
            }
        }
        runs.sort_by_key(|&(r0, c, r1)| (r0, r1, c));
        let mut out: Vec<CellRange> = Vec::new();
        for (r0, c, r1) in runs {
            match out.last_mut() {
                Some(rect) if rect.0 == r0 && rect.2 == r1 && rect.3.checked_add(1) == Some(c) => {
                    rect.3 = c;
                }
                _ => out.push((r0, c, r1, c)),
            }
        }
        out.sort_by_key(|&(r0, c0, _, _)| (r0, c0));
        out
    }

    /// One located error per range of never-calculated formula cells among those that
    /// `keep(row, col)` selects (the cells a reader uses): their value is unknown, and a
    /// script-written placeholder (often 0) would silently become a figure.
    pub fn uncalculated_errors(
        &self,
        file: &Path,
        keep: impl Fn(u32, u32) -> bool,
    ) -> Vec<Diagnostic> {
        let why = if self.recalc_on_open {
            "the workbook asks to be recalculated when opened, so the values stored in the \
             file cannot be trusted"
        } else {
            "the file stores no value for them"
        };
        self.uncalculated_ranges(keep)
            .into_iter()
            .map(|(row, col, last_row, last_col)| {
                let (place, what) = if (row, col) == (last_row, last_col) {
                    (
                        self.place(row, col),
                        "this cell is a formula that was never calculated",
                    )
                } else {
                    (
                        Place::Range {
                            sheet: self.name.clone(),
                            row,
                            col,
                            last_row,
                            last_col,
                        },
                        "these cells are formulas that were never calculated",
                    )
                };
                Diagnostic::error(file, place, format!("{what}: {why}")).with_help(
                    "open the file in Excel or LibreOffice and save it (that calculates the \
                     formulas), then run nudj again; or paste the values over the formulas",
                )
            })
            .collect()
    }
}

/// A spreadsheet opened after the container checks; sheets are read on demand.
pub struct Workbook {
    path: std::path::PathBuf,
    xlsx: Xlsx<Cursor<Vec<u8>>>,
    limits: Limits,
    /// `fullCalcOnLoad` is set: no formula's stored value is trusted.
    recalc_on_open: bool,
    /// Per sheet name, the rows hidden in Excel (see [`hidden_rows`]).
    hidden: BTreeMap<String, Vec<u32>>,
    /// Per sheet name, its merged ranges (see [`merged_ranges`]).
    merged: BTreeMap<String, Merged>,
}

/// What an input file is, by its content (not trusting the extension alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    /// Office Open XML workbook (.xlsx, .xlsm).
    #[default]
    Xlsx,
    /// Delimited text.
    Csv,
}

/// Reads the whole file, refusing anything above the size cap before reading it.
pub fn read_capped(path: &Path, limits: &Limits) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::read(path, e))?;
    if meta.len() > limits.max_file_bytes {
        return Err(Error::at(
            path,
            Place::File,
            format!(
                "the file is {} MB, more than the {} MB nudj accepts",
                meta.len() / (1024 * 1024),
                limits.max_file_bytes / (1024 * 1024)
            ),
        ));
    }
    let file = std::fs::File::open(path).map_err(|e| Error::read(path, e))?;
    let mut bytes = Vec::new();
    // `take` also guards against a file that grows between the check and the read.
    file.take(limits.max_file_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::read(path, e))?;
    Ok(bytes)
}

/// Decides how to read `path`: by extension, checked against the content.
pub fn kind_of(path: &Path, bytes: &[u8]) -> Result<Kind> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    match ext.as_str() {
        "xlsx" | "xlsm" if is_zip => Ok(Kind::Xlsx),
        "xlsx" | "xlsm" => Err(Error::at(
            path,
            Place::File,
            "this is not a valid .xlsx workbook (it is not a zip container); it may be damaged, \
             truncated or another format renamed",
        )),
        "csv" | "tsv" | "txt" => Ok(Kind::Csv),
        "xls" | "ods" | "xlsb" | "numbers" => Err(Error::Invalid(vec![
            Diagnostic::error(path, Place::File, format!("`.{ext}` files are not read"))
                .with_help("save the workbook as Excel Workbook (.xlsx) or CSV UTF-8 (.csv)"),
        ])),
        _ if is_zip => Ok(Kind::Xlsx),
        _ => Err(Error::Invalid(vec![
            Diagnostic::error(path, Place::File, "unknown data file type")
                .with_help("give an .xlsx workbook or a .csv file"),
        ])),
    }
}

/// Checks the zip container of an .xlsx against `limits` by really inflating every part
/// into a counting sink (never storing it): declared sizes in the central directory can lie.
pub fn check_zip(path: &Path, bytes: &[u8], limits: &Limits) -> Result<()> {
    let bad = |msg: String| Error::at(path, Place::File, msg);
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        bad(format!(
            "this is not a valid .xlsx workbook ({e}); it may be damaged or truncated"
        ))
    })?;
    if archive.len() > limits.max_zip_entries {
        return Err(bad(format!(
            "the workbook container has {} parts, more than the {} allowed",
            archive.len(),
            limits.max_zip_entries
        )));
    }
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let mut part = archive
            .by_index(i)
            .map_err(|e| bad(format!("part {i} of the workbook cannot be read: {e}")))?;
        let name = part
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|_| format!("#{i}"));
        if part.encrypted() {
            return Err(bad("the workbook is encrypted or password-protected".into()));
        }
        let declared = part.size();
        let compressed = part.compressed_size().max(1);
        if declared > limits.max_part_bytes
            || (declared > 1024 * 1024 && declared / compressed > limits.max_ratio)
        {
            return Err(bad(format!(
                "part `{name}` declares {declared} bytes from {compressed} compressed \
                 (a zip bomb?); refused"
            )));
        }
        let shared = is_shared_strings(&name);
        // Inflate with a cap one byte above the limit, so an understated size is caught.
        let mut cap = limits.max_part_bytes.min(limits.max_total_bytes - total) + 1;
        if shared {
            cap = cap.min(limits.max_shared_strings_bytes + 1);
            if declared > limits.max_shared_strings_bytes {
                return Err(shared_strings_too_big(path, &name, limits));
            }
        }
        let mut sink = std::io::sink();
        let n = std::io::copy(&mut (&mut part).take(cap), &mut sink)
            .map_err(|e| bad(format!("part `{name}` of the workbook is damaged: {e}")))?;
        if shared && n > limits.max_shared_strings_bytes {
            return Err(shared_strings_too_big(path, &name, limits));
        }
        if n >= cap || (n > 1024 * 1024 && n / compressed > limits.max_ratio) {
            return Err(bad(format!(
                "part `{name}` inflates to more than it declares or to an implausible size \
                 (a zip bomb?); refused"
            )));
        }
        total += n;
        drop(part);
        if shared {
            check_shared_strings(path, &mut archive, i, &name, limits)?;
        } else {
            // Every part: calamine finds a sheet through the workbook's relationships, which
            // may name any part, with or without `.xml`.
            check_cell_references(path, &mut archive, i, &name)?;
        }
    }
    Ok(())
}

/// Whether zip part `name` is a shared-strings part (calamine reads `<folder of the
/// workbook part>sharedStrings.xml`, looked up without regard to case; any part so named is
/// checked).
fn is_shared_strings(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with("sharedstrings.xml")
}

fn shared_strings_too_big(path: &Path, name: &str, limits: &Limits) -> Error {
    at_help(
        path,
        Place::File,
        format!(
            "the workbook's shared strings (`{name}`) are larger than the {} MiB nudj reads",
            limits.max_shared_strings_bytes / (1024 * 1024)
        ),
        "copy the answers into a new workbook (Excel keeps texts no cell uses any more), or save them as CSV",
    )
}

/// Streams the shared-strings part `name` (entry `i`) and refuses one that holds, or declares
/// in `<sst uniqueCount>`, more than [`Limits::max_shared_strings`] strings: calamine reserves
/// the declared count before reading (a 300-byte file declaring 10^12 strings would abort the
/// process). XML damage is left to calamine, which reports it when it opens the workbook.
fn check_shared_strings(
    path: &Path,
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    i: usize,
    name: &str,
    limits: &Limits,
) -> Result<()> {
    let too_many = |what: String| {
        at_help(
            path,
            Place::File,
            format!(
                "the workbook's shared strings (`{name}`) {what}, more than the {} nudj reads",
                limits.max_shared_strings
            ),
            "copy the answers into a new workbook, or save them as CSV",
        )
    };
    let Ok(part) = archive.by_index(i) else {
        return Ok(());
    };
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(part));
    let mut buf = Vec::new();
    let mut count = 0usize;
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                b"sst" => {
                    for a in e.attributes().flatten() {
                        if a.key.local_name().as_ref() != b"uniqueCount" {
                            continue;
                        }
                        if let Some(n) = declared_count(&a.value)
                            && n > limits.max_shared_strings as u128
                        {
                            return Err(too_many(format!("declare {n} strings")));
                        }
                    }
                }
                b"si" => {
                    count += 1;
                    if count > limits.max_shared_strings {
                        return Err(too_many(format!(
                            "hold more than {} strings",
                            limits.max_shared_strings
                        )));
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => return Ok(()),
            _ => {}
        }
    }
}

/// Highest row or column number accepted in a cell reference of the sheets' XML. Positions
/// past Excel's grid (XFD1048576) but below this are read, then refused at their cell by the
/// grid's own limits ([`Limits::max_rows`], [`Limits::max_cols`]); above it calamine's `u32`
/// arithmetic could overflow.
const MAX_REFERENCE: u64 = 1 << 31;
/// Highest shared-formula index (`<f si>`) accepted: one per cell of a full sheet at most.
const MAX_SHARED_FORMULA_INDEX: u64 = 8_000_000;

/// Streams the XML part `name` (entry `i`) and refuses a cell reference calamine would misread:
/// calamine 0.38 computes positions in unchecked `u32` arithmetic, so a reference past
/// 2^31 (`A99999999999`), a range whose end comes before its start (`Q1:E9` in
/// `<dimension>`), or a huge shared-formula index (`<f si>`, which sizes a vector) wraps around
/// silently in a release build (a cell lands in another row) and panics in a debug build.
/// Checked: `<c r>`, `<row r>`, `<dimension ref>`, `<mergeCell ref>`, `<hyperlink ref>`,
/// `<f ref>` and `<f si>`. No spreadsheet program writes such references; XML damage is left to
/// calamine. Found by the `xlsx_parts` fuzz target (fuzz/README.md, finding 8).
fn check_cell_references(
    path: &Path,
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    i: usize,
    name: &str,
) -> Result<()> {
    let Ok(part) = archive.by_index(i) else {
        return Ok(());
    };
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(part));
    // Read as calamine reads (`xlsx::xml_reader`), so both see the same elements.
    let config = reader.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                let element = e.local_name();
                for (key, value) in raw_attributes(e.attributes_raw()) {
                    let key = key.rsplit(|b| *b == b':').next().unwrap_or(key);
                    if !reference_is_valid(element.as_ref(), key, value) {
                        return Err(bad_reference(path, name, element.as_ref(), key, value));
                    }
                }
            }
            Ok(Event::Eof) | Err(_) => return Ok(()),
            _ => {}
        }
    }
}

/// An element's attributes as calamine 0.38 reads them (its `RawAttrIter`, mirrored): a key
/// runs to the next `=` (trailing spaces trimmed), a value between single or double quotes
/// (to the end when unclosed); reading stops at the first malformed attribute. Duplicates are
/// all kept. quick-xml's own attribute parser is stricter, so it would skip values calamine
/// goes on to parse.
fn raw_attributes(raw: &[u8]) -> Vec<(&[u8], &[u8])> {
    let mut out = Vec::new();
    let mut pos = 0;
    let skip_spaces = |mut pos: usize| {
        while raw.get(pos).is_some_and(u8::is_ascii_whitespace) {
            pos += 1;
        }
        pos
    };
    loop {
        pos = skip_spaces(pos);
        let Some(eq) = raw[pos.min(raw.len())..].iter().position(|b| *b == b'=') else {
            return out;
        };
        let key = raw[pos..pos + eq].trim_ascii_end();
        pos = skip_spaces(pos + eq + 1);
        let Some(&quote) = raw.get(pos).filter(|q| matches!(q, b'"' | b'\'')) else {
            return out;
        };
        let start = pos + 1;
        let end = raw[start..]
            .iter()
            .position(|b| *b == quote)
            .map_or(raw.len(), |n| start + n);
        out.push((key, &raw[start..end]));
        pos = end + 1;
    }
}

/// Whether attribute `key` of element `element` is a reference calamine reads safely (other
/// attributes are not references and always pass).
fn reference_is_valid(element: &[u8], key: &[u8], value: &[u8]) -> bool {
    match (element, key) {
        (b"row", b"r") => row_number(value).is_some(),
        (b"c", b"r") => cell_position(value).is_some(),
        (b"dimension" | b"mergeCell" | b"hyperlink" | b"f", b"ref") => range_is_valid(value),
        (b"f", b"si") => std::str::from_utf8(value)
            .ok()
            .and_then(|v| v.parse::<u64>().ok())
            .is_none_or(|n| n <= MAX_SHARED_FORMULA_INDEX),
        _ => true,
    }
}

/// The error for an invalid reference, at the file, naming the part and the attribute.
fn bad_reference(path: &Path, name: &str, element: &[u8], key: &[u8], value: &[u8]) -> Error {
    let shown: String = String::from_utf8_lossy(value).chars().take(40).collect();
    at_help(
        path,
        Place::File,
        format!(
            "part `{name}` of the workbook has `<{} {}=\"{shown}\">`, which is not a valid cell \
             or range reference (a row or column past 2^31, or a range ending before it \
             starts); the workbook is damaged or was not written by a spreadsheet program",
            String::from_utf8_lossy(element),
            String::from_utf8_lossy(key),
        ),
        "open it in Excel and save it again, or export the sheet as CSV",
    )
}

/// A row number from 1 to [`MAX_REFERENCE`], as written in `<row r>`.
fn row_number(value: &[u8]) -> Option<u64> {
    if value.is_empty() || value.len() > 10 || !value.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let row: u64 = std::str::from_utf8(value).ok()?.parse().ok()?;
    (1..=MAX_REFERENCE).contains(&row).then_some(row)
}

/// `(row, column)`, both 1-based and at most [`MAX_REFERENCE`], of an A1 reference (letters
/// in either case, as calamine reads them, then the row); `None` otherwise.
fn cell_position(value: &[u8]) -> Option<(u64, u64)> {
    let letters = value.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if !(1..=7).contains(&letters) {
        return None;
    }
    let column = value[..letters].iter().fold(0u64, |acc, b| {
        acc * 26 + u64::from(b.to_ascii_uppercase() - b'A') + 1
    });
    let row = row_number(&value[letters..])?;
    (column <= MAX_REFERENCE).then_some((row, column))
}

/// Whether `value` is a cell (`B2`) or a range (`A1:C9`) whose end is not
/// before its start, in rows and in columns.
fn range_is_valid(value: &[u8]) -> bool {
    let mut parts = value.split(|b| *b == b':');
    let (Some(first), second, None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let Some(start) = cell_position(first) else {
        return false;
    };
    match second {
        None => true,
        Some(end) => cell_position(end).is_some_and(|end| end.0 >= start.0 && end.1 >= start.1),
    }
}

/// A count attribute as calamine reads it (ASCII digits, any number of leading zeros); values
/// too long for a `u128` saturate. `None` when it is not a number (calamine then ignores it).
fn declared_count(value: &[u8]) -> Option<u128> {
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let digits = value
        .iter()
        .skip_while(|&&b| b == b'0')
        .fold(0u128, |n, &b| {
            n.saturating_mul(10).saturating_add(u128::from(b - b'0'))
        });
    Some(digits)
}

impl Workbook {
    /// Opens an .xlsx held in memory; call [`check_zip`] first.
    pub fn open(path: &Path, bytes: Vec<u8>, limits: Limits) -> Result<Workbook> {
        let recalc_on_open = full_calc_on_load(&bytes);
        let hidden = hidden_rows(&bytes);
        let merged = merged_ranges(&bytes);
        let xlsx = Xlsx::new(Cursor::new(bytes)).map_err(|e| {
            Error::at(
                path,
                Place::File,
                format!("this workbook cannot be opened: {e}"),
            )
        })?;
        Ok(Workbook {
            path: path.to_path_buf(),
            xlsx,
            limits,
            recalc_on_open,
            hidden,
            merged,
        })
    }

    /// Whether the workbook asks to be recalculated when opened (see [`full_calc_on_load`]).
    pub fn recalc_on_open(&self) -> bool {
        self.recalc_on_open
    }

    /// Sheet names in workbook order.
    pub fn sheet_names(&self) -> Vec<String> {
        self.xlsx.sheet_names()
    }

    /// Streams one sheet into a [`Grid`], enforcing the cell/row/column limits.
    pub fn grid(&mut self, sheet: &str) -> Result<Grid> {
        let path = self.path.clone();
        let limits = self.limits;
        let sheet_err = |msg: String| {
            Error::at(
                &path,
                Place::Sheet {
                    sheet: sheet.to_string(),
                },
                msg,
            )
        };
        let merged = match self.merged.get(sheet) {
            Some(Merged {
                ranges,
                over: false,
            }) => ranges.clone(),
            Some(Merged { over: true, .. }) => {
                return Err(sheet_err(format!(
                    "this sheet has more than {MAX_MERGED_RANGES} merged ranges, more than nudj reads"
                )));
            }
            None => Vec::new(),
        };
        let mut reader = self
            .xlsx
            .worksheet_cells_reader(sheet)
            .map_err(|e| sheet_err(format!("cannot read this sheet: {e}")))?;
        let mut cells: Vec<(u32, u32, Value)> = Vec::new();
        let mut uncalculated: Vec<(u32, u32)> = Vec::new();
        let mut sorted = true;
        let mut last = (0u32, 0u32);
        loop {
            let cell = match reader.next_cell_with_formula_metadata() {
                Ok(Some(c)) => c,
                Ok(None) => break,
                Err(e) => return Err(sheet_err(format!("this sheet is damaged: {e}"))),
            };
            let (row, col) = cell.pos;
            // A formula without a stored value, or any formula in a workbook that asks to
            // be recalculated on opening (script writers store a placeholder such as 0).
            let untrusted = cell.formula.is_some()
                && (self.recalc_on_open || matches!(cell.value, DataRef::Empty));
            let value = if untrusted {
                None
            } else {
                match convert(&cell.value) {
                    Some(v) => Some(v),
                    None => continue,
                }
            };
            if col >= limits.max_cols {
                return Err(at_help(
                    &path,
                    Place::Cell {
                        sheet: sheet.to_string(),
                        row,
                        col,
                    },
                    format!(
                        "this sheet has a value in column {}, beyond the {} columns nudj reads",
                        crate::error::column_letters(col),
                        limits.max_cols
                    ),
                    "delete the stray cells far to the right, or copy the data to a new sheet",
                ));
            }
            if row >= limits.max_rows {
                return Err(at_help(
                    &path,
                    Place::Cell {
                        sheet: sheet.to_string(),
                        row,
                        col,
                    },
                    format!(
                        "this sheet has a value in row {}, beyond the {} rows nudj reads",
                        u64::from(row) + 1,
                        limits.max_rows
                    ),
                    "delete the stray cells far below, or split the data",
                ));
            }
            if cells.len() + uncalculated.len() >= limits.max_cells {
                return Err(sheet_err(format!(
                    "this sheet has more than {} filled cells, more than nudj reads",
                    limits.max_cells
                )));
            }
            let Some(value) = value else {
                uncalculated.push((row, col));
                continue;
            };
            if (row, col) < last {
                sorted = false;
            }
            last = (row, col);
            cells.push((row, col, value));
        }
        if !sorted {
            cells.sort_by_key(|(r, c, _)| (*r, *c));
        }
        uncalculated.sort_unstable();
        uncalculated.dedup();
        Ok(Grid {
            name: sheet.to_string(),
            rows: group(cells),
            csv: false,
            uncalculated,
            recalc_on_open: self.recalc_on_open,
            hidden_rows: self.hidden.get(sheet).cloned().unwrap_or_default(),
            merged,
            notes: Vec::new(),
        })
    }
}

impl Workbook {
    /// The cells of `sheet` whose number format shows a percentage (`0%`, `0.0%`, a custom
    /// format with `%` outside quotes), as 0-based `(row, column)` in ascending order: such
    /// a cell holding 0.61 is shown as 61 %. A second pass over the sheet's XML, reading
    /// style ids only (calamine gives a cell's value or its style, not both at once).
    pub fn percent_cells(&mut self, sheet: &str) -> Result<Vec<(u32, u32)>> {
        let path = self.path.clone();
        let limits = self.limits;
        let mut reader = self.xlsx.worksheet_cells_reader(sheet).map_err(|e| {
            Error::at(
                &path,
                Place::Sheet {
                    sheet: sheet.to_string(),
                },
                format!("cannot read this sheet: {e}"),
            )
        })?;
        let percent: Vec<bool> = reader
            .styles()
            .iter()
            .map(|s| {
                s.number_format
                    .as_ref()
                    .is_some_and(|f| is_percent_format(&f.format_code))
            })
            .collect();
        let mut out = Vec::new();
        let mut seen = 0usize;
        loop {
            let next = reader.next_style_id().map_err(|e| {
                Error::at(
                    &path,
                    Place::Sheet {
                        sheet: sheet.to_string(),
                    },
                    format!("this sheet is damaged: {e}"),
                )
            })?;
            let Some((row, col, style)) = next else { break };
            seen += 1;
            // The value pass enforced the limits; this one only stops on a lying file.
            if seen > limits.max_cells.saturating_mul(2) {
                break;
            }
            if percent.get(style).copied().unwrap_or(false) {
                out.push((row, col));
            }
        }
        out.sort_unstable();
        out.dedup();
        Ok(out)
    }
}

/// Does an Excel number format show its number as a percentage: a `%` outside quoted text,
/// backslash escapes and `[...]` sections (`0%`, `0.00%`, `#,##0.0%;[Red]-0.0%`)?
pub fn is_percent_format(code: &str) -> bool {
    let (mut quoted, mut bracket, mut escaped) = (false, false, false);
    for ch in code.chars() {
        match ch {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            '%' if !quoted && !bracket => return true,
            _ => {}
        }
    }
    false
}

/// Whether the workbook asks to be fully recalculated when opened (`<calcPr
/// fullCalcOnLoad="1">` in its workbook part). Script writers (openpyxl, XlsxWriter,
/// rust_xlsxwriter) set it because they store no computed value, or a placeholder 0, for
/// formulas; Excel and LibreOffice calculate and clear it when they save. A part that cannot
/// be found or parsed counts as `false` (calamine reports real damage when it opens the file).
/// Call after [`check_zip`]: the part is streamed, never held whole.
pub fn full_calc_on_load(bytes: &[u8]) -> bool {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    let part = office_document(&mut zip).unwrap_or_else(|| "xl/workbook.xml".to_string());
    let mut found = false;
    let _ = first_element(&mut zip, &part, b"calcPr", |e| {
        found = e.attributes().flatten().any(|a| {
            a.key.local_name().as_ref() == b"fullCalcOnLoad"
                && matches!(a.value.as_ref(), b"1" | b"true")
        });
    });
    found
}

/// The rows hidden in Excel of every worksheet, by sheet name: 0-based, ascending. Sheets are
/// found as Excel finds them (the workbook part's `<sheet name r:id>`, then its
/// relationships' targets) and each worksheet part is streamed for `<row hidden="1">` (a row
/// without `r` follows the one before). calamine gives no row visibility. A part that cannot
/// be found or parsed gives no hidden rows (calamine reports real damage). Call after
/// [`check_zip`]: the parts are streamed, never held whole.
pub fn hidden_rows(bytes: &[u8]) -> BTreeMap<String, Vec<u32>> {
    let mut out = BTreeMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    for (name, path) in worksheet_parts(&mut zip) {
        let mut rows = Vec::new();
        let mut next = 0u32;
        let _ = each_element(&mut zip, &path, b"row", &mut |e| {
            let index = attribute(e, b"r")
                .and_then(|r| r.trim().parse::<u32>().ok())
                .and_then(|r| r.checked_sub(1))
                .unwrap_or(next);
            next = index.saturating_add(1);
            if attribute(e, b"hidden").is_some_and(|h| h == "1" || h == "true") {
                rows.push(index);
            }
            false
        });
        if !rows.is_empty() {
            rows.sort_unstable();
            rows.dedup();
            out.insert(name, rows);
        }
    }
    out
}

/// Most merged ranges read from one sheet: a hand-formatted sheet has tens or hundreds (a
/// merge per group of rows); more is refused at the sheet rather than held.
pub const MAX_MERGED_RANGES: usize = 100_000;

/// The merged ranges of one sheet.
#[derive(Debug, Clone, Default)]
struct Merged {
    /// Ranges of more than one cell, 0-based, by position (row, then column).
    ranges: Vec<CellRange>,
    /// The sheet has more than [`MAX_MERGED_RANGES`]: refused when the sheet is read.
    over: bool,
}

/// The merged ranges of every worksheet (`<mergeCell ref="B2:B7">`), by sheet name, found as
/// [`hidden_rows`] finds sheets and streamed the same way; at most [`MAX_MERGED_RANGES`] are
/// kept per sheet. calamine's own `load_merged_regions` keeps every range with two strings
/// each, unbounded. Single cells and references that do not parse are skipped
/// ([`check_zip`] has already refused references calamine would misread). Call after
/// [`check_zip`].
fn merged_ranges(bytes: &[u8]) -> BTreeMap<String, Merged> {
    let mut out = BTreeMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    for (name, path) in worksheet_parts(&mut zip) {
        let mut merged = Merged::default();
        let _ = each_element(&mut zip, &path, b"mergeCell", &mut |e| {
            let Some(range) = attribute(e, b"ref").and_then(|r| parse_range(&r)) else {
                return false;
            };
            if range.0 == range.2 && range.1 == range.3 {
                return false;
            }
            if merged.ranges.len() >= MAX_MERGED_RANGES {
                merged.over = true;
                return true;
            }
            merged.ranges.push(range);
            false
        });
        if !merged.ranges.is_empty() {
            merged.ranges.sort_unstable();
            out.insert(name, merged);
        }
    }
    out
}

/// `B2:C7` (or a single cell `B2`) as a 0-based inclusive [`CellRange`].
fn parse_range(text: &str) -> Option<CellRange> {
    let (a, b) = text
        .trim()
        .split_once(':')
        .unwrap_or((text.trim(), text.trim()));
    let zero = |(r, c): (u64, u64)| Some((u32::try_from(r - 1).ok()?, u32::try_from(c - 1).ok()?));
    let (r1, c1) = zero(cell_position(a.as_bytes())?)?;
    let (r2, c2) = zero(cell_position(b.as_bytes())?)?;
    (r2 >= r1 && c2 >= c1).then_some((r1, c1, r2, c2))
}

/// The worksheets of a workbook as `(sheet name, zip part)`, found as Excel finds them: the
/// workbook part's `<sheet name r:id>`, then its relationships' targets.
fn worksheet_parts(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let part = office_document(zip).unwrap_or_else(|| "xl/workbook.xml".to_string());
    let mut sheets: Vec<(String, String)> = Vec::new();
    let _ = each_element(zip, &part, b"sheet", &mut |e| {
        if let (Some(name), Some(id)) = (attribute(e, b"name"), attribute(e, b"id")) {
            sheets.push((name, id));
        }
        false
    });
    let (dir, file) = part.rsplit_once('/').unwrap_or(("", part.as_str()));
    let rels = if dir.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{dir}/_rels/{file}.rels")
    };
    let mut targets: BTreeMap<String, String> = BTreeMap::new();
    let _ = each_element(zip, &rels, b"Relationship", &mut |e| {
        if let (Some(id), Some(target)) = (attribute(e, b"Id"), attribute(e, b"Target")) {
            targets.insert(id, target);
        }
        false
    });
    for (name, id) in sheets {
        let Some(target) = targets.get(&id) else {
            continue;
        };
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None if dir.is_empty() => target.clone(),
            None => format!("{dir}/{target}"),
        };
        out.push((name, path));
    }
    out
}

/// The value of an element's attribute by local name (`r:id` is `id`), unescaped lossily.
fn attribute(e: &quick_xml::events::BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| String::from_utf8_lossy(a.value.as_ref()).into_owned())
}

/// The workbook part named by the package's `officeDocument` relationship (`_rels/.rels`).
fn office_document(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Option<String> {
    let mut target = None;
    let mut search = |e: &quick_xml::events::BytesStart<'_>| {
        let attr = |name: &[u8]| {
            e.attributes()
                .flatten()
                .find(|a| a.key.local_name().as_ref() == name)
                .map(|a| String::from_utf8_lossy(a.value.as_ref()).into_owned())
        };
        if attr(b"Type").is_some_and(|t| t.ends_with("/officeDocument")) {
            target = attr(b"Target");
            true
        } else {
            false
        }
    };
    each_element(zip, "_rels/.rels", b"Relationship", &mut search)?;
    target.map(|t| t.trim_start_matches('/').to_string())
}

/// Calls `f` on the first `name` element of zip part `part`; `None` when absent.
fn first_element(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    part: &str,
    name: &[u8],
    mut f: impl FnMut(&quick_xml::events::BytesStart<'_>),
) -> Option<()> {
    each_element(zip, part, name, &mut |e| {
        f(e);
        true
    })
}

/// Streams zip part `part` and calls `f` on each `name` element until it returns true.
fn each_element(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    part: &str,
    name: &[u8],
    f: &mut dyn FnMut(&quick_xml::events::BytesStart<'_>) -> bool,
) -> Option<()> {
    let entry = zip.by_name(part).ok()?;
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(entry));
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == name && f(&e) => {
                return Some(());
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

/// A single located error with a hint.
pub(crate) fn at_help(path: &Path, place: Place, msg: String, help: &str) -> Error {
    Error::Invalid(vec![Diagnostic::error(path, place, msg).with_help(help)])
}

/// Groups sorted `(row, col, value)` triples into rows; a duplicate position keeps the last.
fn group(cells: Vec<(u32, u32, Value)>) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    for (r, c, v) in cells {
        match rows.last_mut() {
            Some(row) if row.index == r => {
                if let Some(prev) = row.cells.last_mut().filter(|(pc, _)| *pc == c) {
                    prev.1 = v;
                } else {
                    row.cells.push((c, v));
                }
            }
            _ => rows.push(Row {
                index: r,
                cells: vec![(c, v)],
            }),
        }
    }
    rows
}

/// A text cell's value without the explicit bidi controls U+202A-202E (embeddings and
/// overrides) and U+2066-2069 (isolates): nudj sets the direction of every piece of client
/// text itself (see docs/report.md), and a stray override (RLO) in a cell would reverse the
/// letters of the report's line, the terminal table or the PDF's title around it.
pub(crate) fn text_value(s: &str) -> Value {
    Value::Text(crate::normalize::drop_explicit_bidi(s).into_owned())
}

/// calamine's cell value → ours; `None` for empty cells.
fn convert(v: &DataRef<'_>) -> Option<Value> {
    Some(match v {
        DataRef::Empty => return None,
        DataRef::Int(i) => Value::Number(*i as f64),
        DataRef::Float(f) => Value::Number(*f),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            if s.trim().is_empty() {
                return None;
            }
            text_value(s)
        }
        DataRef::SharedString(s) => {
            if s.trim().is_empty() {
                return None;
            }
            text_value(s)
        }
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(d) => match d.as_datetime() {
            Some(dt) if d.is_datetime() => Value::Date(dt.date()),
            _ => Value::Number(d.as_f64()),
        },
        DataRef::Error(e) => Value::Error(e.to_string()),
    })
}

/// Reads a CSV export: UTF-8 with or without BOM, or UTF-16 LE/BE with BOM (Excel's
/// "Unicode text"). The delimiter is Excel's hint line `sep=;` (`sep=,`, `sep=\t`) when the
/// file starts with one (the line is then skipped, as Excel hides it), else the most frequent
/// of comma, semicolon and tab in the first line. Rows are numbered as Excel and LibreOffice
/// show them: LF, CRLF and CR-only (Excel for Mac) line ends each end a row, empty lines
/// count, and a quoted field with line breaks inside stays one row.
pub fn read_csv(path: &Path, bytes: &[u8], limits: &Limits) -> Result<Grid> {
    let text = decode(path, bytes)?;
    let (body, hint) = split_sep_line(&text);
    let delimiter = hint.unwrap_or_else(|| detect_delimiter(body));
    // Capped: a file of nothing but line ends must not grow an offset per line; rows past
    // the cap are refused below anyway.
    let starts = row_starts(body.as_bytes(), delimiter, limits.max_rows as usize + 1);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(body.as_bytes());
    if let Some(open) = unclosed_quote(body.as_bytes(), delimiter) {
        return Err(open.error(path));
    }
    let mut rows = Vec::new();
    let mut cells = 0usize;
    let mut width = 0usize;
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let row = e.position().map_or(i as u64 + 1, |p| {
                excel_row(body.as_bytes(), &starts, p.byte())
            });
            Error::at(
                path,
                Place::Csv { row, col: 0 },
                format!("this CSV row cannot be read: {e}"),
            )
        })?;
        let line = record.position().map_or(i as u64 + 1, |p| {
            excel_row(body.as_bytes(), &starts, p.byte())
        });
        let index = u32::try_from(line.saturating_sub(1)).unwrap_or(u32::MAX);
        if index >= limits.max_rows {
            return Err(Error::at(
                path,
                Place::Csv { row: line, col: 0 },
                format!("more than {} rows, more than nudj reads", limits.max_rows),
            ));
        }
        let mut row = Row {
            index,
            cells: Vec::new(),
        };
        if i == 0 {
            width = record.len();
        }
        for (c, field) in record.iter().enumerate() {
            if field.trim().is_empty() {
                continue;
            }
            let col = u32::try_from(c).unwrap_or(u32::MAX);
            if let Some(open) = OpenQuote::swallowing(field.as_bytes(), delimiter, width, line, col)
            {
                return Err(open.error(path));
            }
            if col >= limits.max_cols {
                return Err(Error::at(
                    path,
                    Place::Csv { row: line, col },
                    format!(
                        "more than {} columns, more than nudj reads",
                        limits.max_cols
                    ),
                ));
            }
            cells += 1;
            if cells > limits.max_cells {
                return Err(Error::at(
                    path,
                    Place::File,
                    format!(
                        "more than {} filled cells, more than nudj reads",
                        limits.max_cells
                    ),
                ));
            }
            row.cells.push((col, text_value(field)));
        }
        if !row.cells.is_empty() {
            rows.push(row);
        }
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let notes = hint
        .map(|d| {
            let shown = if d == b'\t' {
                "\\t".to_string()
            } else {
                char::from(d).to_string()
            };
            vec![format!(
                "line 1 is Excel's delimiter line `sep={shown}`: honoured and skipped (rows are numbered from the header, as Excel shows them)"
            )]
        })
        .unwrap_or_default();
    Ok(Grid {
        name,
        rows,
        csv: true,
        uncalculated: Vec::new(),
        hidden_rows: Vec::new(),
        merged: Vec::new(),
        recalc_on_open: false,
        notes,
    })
}

/// Excel's delimiter hint: a first line `sep=X` (also quoted, or followed by more
/// delimiters as Excel writes it back). Returns the text after that line and the delimiter.
pub(crate) fn split_sep_line(text: &str) -> (&str, Option<u8>) {
    let end = text.find(['\r', '\n']).unwrap_or(text.len());
    let first = text.get(..end).unwrap_or("");
    // Not `trim()`: the delimiter itself may be a tab at the end of the line.
    let line = first.trim_start().trim_end_matches(' ').trim_matches('"');
    let Some(rest) = line
        .get(..4)
        .filter(|p| p.eq_ignore_ascii_case("sep="))
        .and_then(|_| line.get(4..))
    else {
        return (text, None);
    };
    let delimiter = match rest {
        r if r.starts_with("\\t") => Some(b'\t'),
        r => r
            .bytes()
            .next()
            .filter(|b| matches!(b, b',' | b';' | b'\t' | b'|')),
    };
    let Some(d) = delimiter else {
        return (text, None);
    };
    let tail_ok = rest
        .bytes()
        .skip(if rest.starts_with("\\t") { 2 } else { 1 })
        .all(|b| b == d || b == b'"' || b.is_ascii_whitespace());
    if !tail_ok {
        return (text, None);
    }
    let mut after = end;
    if text.as_bytes().get(after) == Some(&b'\r') {
        after += 1;
    }
    if text.as_bytes().get(after) == Some(&b'\n') {
        after += 1;
    }
    (text.get(after..).unwrap_or(""), Some(d))
}

/// Byte offsets where each row starts, as a spreadsheet counts rows: after every line end
/// (CRLF, CR or LF) outside quoted fields; at most `cap` of them. Quote handling follows the
/// csv crate: a quote opens a quoted field only at the start of a field; `""` inside one is
/// an escaped quote.
fn row_starts(bytes: &[u8], delimiter: u8, cap: usize) -> Vec<usize> {
    #[derive(PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut starts = vec![0usize];
    let mut state = State::FieldStart;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        i += 1;
        let line_end = matches!(b, b'\r' | b'\n') && state != State::Quoted;
        if line_end {
            if b == b'\r' && bytes.get(i) == Some(&b'\n') {
                i += 1;
            }
            if starts.len() >= cap {
                break;
            }
            starts.push(i);
            state = State::FieldStart;
            continue;
        }
        state = match (state, b) {
            (State::FieldStart, b'"') => State::Quoted,
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            (State::QuoteInQuoted, b'"') => State::Quoted,
            (_, d) if d == delimiter => State::FieldStart,
            _ => State::Unquoted,
        };
    }
    starts
}

/// A quoted CSV field whose closing quote is missing, so that the rows after it were read
/// into it: one stray `"` at the start of a comment otherwise turns the rest of the file
/// into that one cell, silently dropping every later respondent.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OpenQuote {
    /// 1-based row (as a spreadsheet shows it) where the quote opens.
    pub row: u64,
    /// 0-based column of the field.
    pub col: u32,
    /// Lines read into the field after the one where it opens.
    pub lines: u64,
    /// Whether the quote is still open at the end of the file (else: the field holds lines
    /// that look like whole rows).
    pub at_end: bool,
}

/// A field holding at least this many lines that look like whole rows (as many delimiters
/// as the header has, less one, and at least two) is taken for rows swallowed by a quote
/// that was never closed; a comment of several lines rarely has so many delimiters on each.
pub(crate) const SWALLOWED_ROWS: u64 = 3;

impl OpenQuote {
    /// The problem of field `field` (its text, quotes removed) of the record at `row`,
    /// column `col`, in a file of `width` header columns: `Some` when at least
    /// [`SWALLOWED_ROWS`] of its lines after the first look like whole rows.
    pub(crate) fn swallowing(
        field: &[u8],
        delimiter: u8,
        width: usize,
        row: u64,
        col: u32,
    ) -> Option<OpenQuote> {
        if !field.iter().any(|&b| b == b'\n' || b == b'\r') {
            return None;
        }
        let need = width.saturating_sub(1).max(2);
        let rows = field
            .split(|&b| b == b'\n' || b == b'\r')
            .skip(1)
            .filter(|line| line.iter().filter(|&&b| b == delimiter).count() >= need)
            .count() as u64;
        (rows >= SWALLOWED_ROWS).then_some(OpenQuote {
            row,
            col,
            lines: rows,
            at_end: false,
        })
    }

    /// The error at the quote's place.
    pub(crate) fn error(&self, path: &Path) -> Error {
        let msg = if self.at_end {
            format!(
                "a quote opened here is never closed: the {} line(s) after it, to the end of the file, would be read as this one cell",
                self.lines
            )
        } else {
            format!(
                "a quote opened here is never closed: this cell runs over {} line(s) that look like whole rows",
                self.lines
            )
        };
        at_help(
            path,
            Place::Csv {
                row: self.row,
                col: self.col,
            },
            msg,
            "close the quote or delete it (a quote inside an answer is written twice: \"\"), or export the file again",
        )
    }
}

/// The quoted field still open at the end of `bytes` (RFC 4180 quoting: a quote opens only
/// at the start of a field, `""` inside is one quote), when at least one non-blank line
/// follows the one where it opens; `None` otherwise (a last field missing only its closing
/// quote loses nothing).
pub(crate) fn unclosed_quote(bytes: &[u8], delimiter: u8) -> Option<OpenQuote> {
    #[derive(PartialEq, Clone, Copy)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let (mut row, mut col) = (1u64, 0u32);
    let mut opened = (1u64, 0u32);
    // Non-blank lines after the opening one inside the open quote; whether the current
    // line (inside it) has no letter yet.
    let mut lines = 0u64;
    let mut new_line = false;
    let mut state = State::FieldStart;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        i += 1;
        let line_end = matches!(b, b'\r' | b'\n');
        if line_end && b == b'\r' && bytes.get(i) == Some(&b'\n') {
            i += 1;
        }
        if state == State::Quoted {
            if line_end {
                new_line = true;
            } else if b == b'"' {
                state = State::QuoteInQuoted;
            } else if new_line && !b.is_ascii_whitespace() {
                lines += 1;
                new_line = false;
            }
            continue;
        }
        if line_end {
            row += 1;
            col = 0;
            state = State::FieldStart;
            continue;
        }
        state = match (state, b) {
            (State::FieldStart, b'"') => {
                opened = (row, col);
                lines = 0;
                new_line = false;
                State::Quoted
            }
            (State::QuoteInQuoted, b'"') => State::Quoted,
            (_, d) if d == delimiter => {
                col = col.saturating_add(1);
                State::FieldStart
            }
            _ => State::Unquoted,
        };
    }
    (state == State::Quoted && lines > 0).then_some(OpenQuote {
        row: opened.0,
        col: opened.1,
        lines,
        at_end: true,
    })
}

/// The 1-based spreadsheet row of the record the csv crate places at byte `pos` (it gives
/// the end of the previous record, before any empty lines: those are stepped over).
fn excel_row(bytes: &[u8], starts: &[usize], pos: u64) -> u64 {
    let mut at = usize::try_from(pos).unwrap_or(usize::MAX).min(bytes.len());
    while let Some(b'\r' | b'\n') = bytes.get(at) {
        at += 1;
    }
    starts.partition_point(|&s| s <= at) as u64
}

/// Bytes → text by BOM; without a BOM the text must be UTF-8 (we do not guess code pages,
/// which would silently garble Arabic).
fn decode(path: &Path, bytes: &[u8]) -> Result<String> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or_default();
        let (text, had_errors) = enc.decode_without_bom_handling(body);
        if had_errors {
            return Err(Error::at(
                path,
                Place::File,
                format!("this {} file holds invalid characters", enc.name()),
            ));
        }
        return Ok(text.into_owned());
    }
    if looks_like_utf16(bytes) {
        return Err(at_help(
            path,
            Place::File,
            "this file looks like UTF-16 text without a byte-order mark (a zero byte beside every Latin letter, digit and comma), which nudj does not guess".into(),
            "save it as \"CSV UTF-8\" from Excel (or as \"Unicode Text\", which has the mark)",
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => Err(Error::Invalid(vec![
            Diagnostic::error(
                path,
                Place::File,
                format!(
                    "this CSV file is not UTF-8 (invalid byte at offset {})",
                    e.valid_up_to()
                ),
            )
            .with_help("save it as \"CSV UTF-8\" or \"Unicode Text\" from Excel"),
        ])),
    }
}

/// Whether `bytes` look like UTF-16 text without a byte-order mark: the first 4 KiB hold at
/// least four zero bytes, nine in ten of them on even offsets (big-endian) or on odd ones
/// (little-endian) and paired with a printable ASCII byte or a tab or line end, as Latin
/// letters, digits, commas and line ends are written in UTF-16 (Arabic letters' high byte is
/// 0x06, so an Arabic header has few zeros). Text in UTF-8 has no zero byte; other binary
/// data has them on both offsets or beside other bytes.
pub fn looks_like_utf16(bytes: &[u8]) -> bool {
    let sample = bytes.get(..4096).unwrap_or(bytes);
    let text = |b: Option<&u8>| b.is_some_and(|b| matches!(b, b'\t' | b'\n' | b'\r' | 0x20..=0x7E));
    // (zeros, zeros paired with ASCII text) on even offsets (big-endian), on odd ones.
    let (mut be, mut le) = ((0usize, 0usize), (0usize, 0usize));
    for (i, _) in sample.iter().enumerate().filter(|(_, b)| **b == 0) {
        if i % 2 == 0 {
            be.0 += 1;
            be.1 += usize::from(text(sample.get(i + 1)));
        } else {
            le.0 += 1;
            le.1 += usize::from(text(sample.get(i - 1)));
        }
    }
    let zeros = be.0 + le.0;
    let (on, paired) = if be.0 >= le.0 { be } else { le };
    zeros >= 4 && on * 10 >= zeros * 9 && paired * 10 >= on * 9
}

/// The most frequent of `,` `;` tab in the first line, counting only outside quotes.
pub(crate) fn detect_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for ch in text.chars() {
        match ch {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let [comma, semi, tab] = counts;
    if tab > comma && tab >= semi {
        b'\t'
    } else if semi > comma {
        b';'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_formats() {
        for yes in ["0%", "0.00%", "#,##0.0%;[Red]-0.0%", "0.0\"x\"%"] {
            assert!(is_percent_format(yes), "{yes}");
        }
        for no in ["General", "0.00", "0\"%\"", "0\\%", "[$%-409]0", "#,##0"] {
            assert!(!is_percent_format(no), "{no}");
        }
    }

    #[test]
    fn bidi_overrides_in_text_cells_are_dropped() {
        assert_eq!(
            text_value("\u{202E}Acme\u{202C} بنك \u{2067}x\u{2069}"),
            Value::Text("Acme بنك x".into())
        );
        assert_eq!(text_value("plain"), Value::Text("plain".into()));
    }

    #[test]
    fn delimiter_detection_ignores_quoted() {
        assert_eq!(detect_delimiter("a;b;c\n1,2;3"), b';');
        assert_eq!(detect_delimiter("\"a,b,c\";d;e\n"), b';');
        assert_eq!(detect_delimiter("a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter("a,b"), b',');
        assert_eq!(detect_delimiter("only"), b',');
    }

    fn rows_of(text: &str) -> Vec<(u32, String)> {
        let grid = read_csv(Path::new("r.csv"), text.as_bytes(), &Limits::default())
            .unwrap_or_else(|e| panic!("{e:?}"));
        grid.rows
            .iter()
            .map(|r| {
                (
                    r.index + 1,
                    r.get(0).map(Value::display).unwrap_or_default(),
                )
            })
            .collect()
    }

    #[test]
    fn csv_rows_are_numbered_as_excel_shows_them() {
        let want = |rows: &[(u32, &str)]| -> Vec<(u32, String)> {
            rows.iter().map(|(r, s)| (*r, s.to_string())).collect()
        };
        let expected = want(&[(1, "id"), (2, "R1"), (3, "R2"), (5, "R3")]);
        for eol in ["\n", "\r\n", "\r"] {
            let text = ["id,q", "R1,4", "R2,3", "", "R3,5", ""].join(eol);
            assert_eq!(rows_of(&text), expected, "{eol:?}");
        }
        // A quoted paragraph answer with line breaks inside is one row.
        let text = "id,c\r\nR1,\"line one\r\nline two\r\n\r\nline four\"\r\nR2,\"a \"\"quoted\"\"\nword\"\r\nR3,x\r\n";
        assert_eq!(
            rows_of(text),
            want(&[(1, "id"), (2, "R1"), (3, "R2"), (4, "R3")])
        );
        // Mac line ends with a multi-line field.
        let text = "id,c\rR1,\"a\rb\"\rR2,x\r";
        assert_eq!(rows_of(text), want(&[(1, "id"), (2, "R1"), (3, "R2")]));
    }

    #[test]
    fn a_quote_never_closed_is_refused_at_the_row_where_it_opens() {
        let text = "id,q,c\nR1,4,ok\nR2,3,\"great but\nR3,5,fine\nR4,2,bad\n";
        let Err(Error::Invalid(d)) =
            read_csv(Path::new("r.csv"), text.as_bytes(), &Limits::default())
        else {
            panic!("must be refused");
        };
        assert_eq!(d[0].place, Place::Csv { row: 3, col: 2 }, "{:?}", d[0]);
        assert!(
            d[0].message
                .contains("never closed: the 2 line(s) after it"),
            "{:?}",
            d[0]
        );
        // A multi-line comment, closed, and a last field missing only its closing quote,
        // are read.
        let ok = "id,q,c\nR1,4,\"one, two\nthree\"\nR2,3,\"a \"\"b\"\" c\"\nR3,5,\"unfinished\n";
        assert_eq!(unclosed_quote(ok.as_bytes(), b','), None);
        assert_eq!(rows_of(ok).len(), 4);
        // Closed much later by another quote: the cell holds lines that look like rows.
        let late = "id,q,c\nR1,4,\"great but\nR2,3,x\nR3,5,y\nR4,2,z\nR5,1,said \"no\"\n";
        let Err(Error::Invalid(d)) =
            read_csv(Path::new("r.csv"), late.as_bytes(), &Limits::default())
        else {
            panic!("must be refused");
        };
        assert_eq!(d[0].place, Place::Csv { row: 2, col: 2 }, "{:?}", d[0]);
        assert!(d[0].message.contains("look like whole rows"), "{:?}", d[0]);
    }

    #[test]
    fn empty_lines_count_against_the_row_limit() {
        let limits = Limits {
            max_rows: 10,
            ..Limits::default()
        };
        let text = format!("id,q{}R1,4\n", "\r\n".repeat(100));
        let Err(Error::Invalid(d)) = read_csv(Path::new("r.csv"), text.as_bytes(), &limits) else {
            panic!("must be refused");
        };
        assert!(d[0].message.contains("more than 10 rows"), "{:?}", d[0]);
    }

    #[test]
    fn excel_sep_line_is_honoured_and_skipped() {
        for (line, d) in [
            ("sep=;", b';'),
            ("sep=,", b','),
            ("sep=\t", b'\t'),
            ("sep=\\t", b'\t'),
            ("\"sep=;\"", b';'),
            ("SEP=;;;", b';'),
        ] {
            let text = format!("{line}\r\nid;q\r\n");
            let (body, hint) = split_sep_line(&text);
            assert_eq!((body, hint), ("id;q\r\n", Some(d)), "{line}");
        }
        for line in ["sep", "sep=x", "separator;q", "sep=;a"] {
            assert_eq!(split_sep_line(line).1, None, "{line}");
        }
        let grid = read_csv(
            Path::new("r.csv"),
            b"sep=;\nid;q\nR1;4\n",
            &Limits::default(),
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(grid.rows.len(), 2);
        assert_eq!(grid.rows[1].index, 1);
        assert_eq!(grid.rows[1].get(1), Some(&Value::Text("4".into())));
        assert_eq!(grid.notes.len(), 1);
    }

    #[test]
    fn utf16_and_bom_decoding() {
        let mut le = vec![0xFF, 0xFE];
        for u in "ق1,x".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(
            decode(Path::new("a.csv"), &le).ok().as_deref(),
            Some("ق1,x")
        );
        let mut be = vec![0xFE, 0xFF];
        for u in "ق1".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(Path::new("a.csv"), &be).ok().as_deref(), Some("ق1"));
        let bom = b"\xEF\xBB\xBFid,q".to_vec();
        assert_eq!(
            decode(Path::new("a.csv"), &bom).ok().as_deref(),
            Some("id,q")
        );
        assert!(decode(Path::new("a.csv"), b"\xC8\xE1").is_err());
        // UTF-16 without its mark, either byte order: one error saying so.
        for be in [true, false] {
            let units: Vec<u8> = "ق1,ق2\r\n4,5\r\n"
                .encode_utf16()
                .flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() })
                .collect();
            assert!(looks_like_utf16(&units), "be={be}");
            let err = match decode(Path::new("a.csv"), &units) {
                Err(Error::Invalid(d)) => d.iter().map(|d| d.message.clone()).collect(),
                other => vec![format!("{other:?}")],
            };
            assert!(
                matches!(err.as_slice(), [one] if one.contains("UTF-16 text without a byte-order mark")),
                "{err:?}"
            );
        }
        assert!(!looks_like_utf16("ق1,ق2\n4,5\n".as_bytes()));
        assert_eq!(parse_range("B2:B7"), Some((1, 1, 6, 1)));
        assert_eq!(parse_range("C3"), Some((2, 2, 2, 2)));
        assert_eq!(parse_range("B7:B2"), None);
        assert_eq!(parse_range("B:B"), None);
        assert!(!looks_like_utf16(b"a,b\n\0"));
        // Binary data with zeros at regular (even) offsets, beside control bytes.
        let binary: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
        assert!(!looks_like_utf16(&binary));
    }

    #[test]
    fn uncalculated_formulas_group_into_rectangles() {
        let grid = Grid {
            name: "NPS".into(),
            rows: Vec::new(),
            csv: false,
            // A2:A11; B2:C3 (two columns, same rows); D5 alone; D7:D8.
            uncalculated: (1..=10)
                .map(|r| (r, 0))
                .chain([(1, 1), (2, 1), (1, 2), (2, 2), (4, 3), (6, 3), (7, 3)])
                .collect(),
            recalc_on_open: false,
            hidden_rows: Vec::new(),
            merged: Vec::new(),
            notes: Vec::new(),
        };
        let shown: Vec<String> = grid
            .uncalculated_errors(Path::new("w.xlsx"), |_, _| true)
            .iter()
            .map(|d| d.place.to_string())
            .collect();
        assert_eq!(shown, ["NPS!A2:A11", "NPS!B2:C3", "NPS!D5", "NPS!D7:D8"]);
        // Only the cells a reader uses.
        let kept = grid.uncalculated_ranges(|r, c| c == 0 && r >= 5);
        assert_eq!(kept, [(5, 0, 10, 0)]);
    }

    #[test]
    fn full_calc_on_load_is_read_from_the_workbook_part() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let _ = wb.add_worksheet();
        let scripted = wb.save_to_buffer().unwrap_or_default();
        assert!(full_calc_on_load(&scripted));
        wb.set_calculation_mode(rust_xlsxwriter::CalculationMode::Manual);
        let saved = wb.save_to_buffer().unwrap_or_default();
        assert!(!saved.is_empty());
        assert!(!full_calc_on_load(&saved));
        assert!(!full_calc_on_load(b"not a zip"));
    }

    /// A one-sheet workbook whose shared-strings part is `sst`.
    fn with_shared_strings(sst: &str) -> Vec<u8> {
        with_part("xl/sharedStrings.xml", |_| sst.to_string())
    }

    /// A one-cell workbook written by rust_xlsxwriter whose part `target` is replaced by
    /// `edit` of its text.
    fn with_part(target: &str, edit: impl Fn(&str) -> String) -> Vec<u8> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        let _ = ws.write_string(0, 0, "id");
        let saved = wb.save_to_buffer().unwrap_or_default();
        rewrite_parts(&saved, |name, body| {
            let body = if name == target {
                edit(&String::from_utf8_lossy(&body)).into_bytes()
            } else {
                body
            };
            (name, body)
        })
    }

    /// `bytes` with its part `from` renamed `to`.
    fn rename_part(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
        rewrite_parts(bytes, |name, body| {
            (if name == from { to.to_string() } else { name }, body)
        })
    }

    /// The zip `bytes` with each part's name and contents passed through `f`.
    fn rewrite_parts(bytes: &[u8], f: impl Fn(String, Vec<u8>) -> (String, Vec<u8>)) -> Vec<u8> {
        use std::io::Write;
        let mut src = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        for i in 0..src.len() {
            let mut part = src.by_index(i).unwrap();
            let mut body = Vec::new();
            part.read_to_end(&mut body).unwrap();
            let (name, body) = f(part.name().unwrap().into_owned(), body);
            out.start_file(name, opts).unwrap();
            out.write_all(&body).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    fn zip_error(bytes: &[u8], limits: &Limits) -> Option<String> {
        match check_zip(Path::new("w.xlsx"), bytes, limits) {
            Ok(()) => None,
            Err(Error::Invalid(d)) => Some(d[0].message.clone()),
            Err(e) => Some(format!("{e:?}")),
        }
    }

    #[test]
    fn cell_references_calamine_would_misread_are_refused() {
        let sheet = "xl/worksheets/sheet1.xml";
        let swap = |from: &'static str, to: &'static str| {
            with_part(sheet, move |xml| {
                assert!(xml.contains(from), "{xml}");
                xml.replacen(from, to, 1)
            })
        };
        // Found by the xlsx_parts fuzz target with overflow checks: calamine's get_dimension
        // subtracts the start from the end (`attempt to subtract with overflow`).
        let reversed = swap("<dimension ref=\"A1\"/>", "<dimension ref=\"Q1:E9\"/>");
        let msg = zip_error(&reversed, &Limits::default()).unwrap_or_default();
        assert_eq!(
            msg,
            "part `xl/worksheets/sheet1.xml` of the workbook has `<dimension ref=\"Q1:E9\">`, \
             which is not a valid cell or range reference (a row or column past 2^31, or a range \
             ending before it starts); the workbook is damaged or was not written by a \
             spreadsheet program"
        );
        for (from, to) in [
            ("<c r=\"A1\"", "<c r=\"A99999999999\""),
            ("<c r=\"A1\"", "<c r=\"AAAAAAAA1\""),
            ("<c r=\"A1\"", "<c r=\"A2147483649\""),
            ("<row r=\"1\"", "<row r=\"0\""),
            ("<row r=\"1\"", "<row r=\"4294967295\""),
            ("<dimension ref=\"A1\"/>", "<dimension ref=\"A2:A1\"/>"),
        ] {
            let msg = zip_error(&swap(from, to), &Limits::default()).unwrap_or_default();
            assert!(
                msg.contains("not a valid cell or range reference"),
                "{to}: {msg}"
            );
        }
        // The edges of the grid, either case, and the untouched workbook are accepted.
        for (from, to) in [
            (
                "<dimension ref=\"A1\"/>",
                "<dimension ref=\"a1:XFD1048576\"/>",
            ),
            ("<c r=\"A1\"", "<c r=\"A1\" data-x=\"A0\""),
        ] {
            assert_eq!(zip_error(&swap(from, to), &Limits::default()), None, "{to}");
        }
        // Read as calamine reads: a duplicate attribute, a prefixed key, no space between
        // attributes, a sheet part without `.xml` in its name.
        for (from, to) in [
            ("<row r=\"1\"", "<row r=\"1\" r=\"99999999999\""),
            ("<row r=\"1\"", "<row x:r=\"99999999999\""),
            ("<c r=\"A1\"", "<c s=\"0\"r=\"A99999999999\""),
        ] {
            let msg = zip_error(&swap(from, to), &Limits::default()).unwrap_or_default();
            assert!(
                msg.contains("not a valid cell or range reference"),
                "{to}: {msg}"
            );
        }
        assert_eq!(
            raw_attributes(b" r=\"1\" s = '2'r=\"3\" t=\"unclosed"),
            vec![
                (&b"r"[..], &b"1"[..]),
                (&b"s"[..], &b"2"[..]),
                (&b"r"[..], &b"3"[..]),
                (&b"t"[..], &b"unclosed"[..])
            ]
        );
        assert_eq!(raw_attributes(b" r=1 s=\"2\""), vec![]);
        let renamed = with_part("xl/_rels/workbook.xml.rels", |rels| {
            rels.replace("worksheets/sheet1.xml", "worksheets/sheet1")
        });
        let renamed = rename_part(&renamed, "xl/worksheets/sheet1.xml", "xl/worksheets/sheet1");
        assert_eq!(zip_error(&renamed, &Limits::default()), None);
        let bad = rename_part(
            &with_part(sheet, |xml| {
                xml.replacen("<c r=\"A1\"", "<c r=\"A99999999999\"", 1)
            }),
            "xl/worksheets/sheet1.xml",
            "xl/worksheets/sheet1",
        );
        let msg = zip_error(&bad, &Limits::default()).unwrap_or_default();
        assert!(
            msg.contains("part `xl/worksheets/sheet1` of the workbook"),
            "{msg}"
        );
        let si = with_part(sheet, |xml| {
            xml.replacen(
                "</c>",
                "<f t=\"shared\" si=\"4000000000\" ref=\"A1:A2\">1</f></c>",
                1,
            )
        });
        let msg = zip_error(&si, &Limits::default()).unwrap_or_default();
        assert!(msg.contains("<f si=\"4000000000\">"), "{msg}");
    }

    #[test]
    fn shared_strings_declared_or_held_beyond_the_limit_are_refused() {
        const NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        let sst = |attrs: &str, n: usize| {
            format!(
                "<sst xmlns=\"{NS}\"{attrs}>{}</sst>",
                "<si><t>id</t></si>".repeat(n)
            )
        };
        let limits = Limits {
            max_shared_strings: 3,
            ..Limits::default()
        };
        // Found while writing the xlsx_parts fuzz target (reading calamine's shared-strings
        // reader): it reserves `uniqueCount` strings before reading one.
        let bomb = with_shared_strings(&sst(" uniqueCount=\"000999999999999\"", 1));
        let msg = zip_error(&bomb, &Limits::default()).unwrap_or_default();
        assert!(
            msg.contains("declare 999999999999 strings, more than the 2000000"),
            "{msg}"
        );
        let many = with_shared_strings(&sst(" uniqueCount=\"3\"", 4));
        let msg = zip_error(&many, &limits).unwrap_or_default();
        assert!(msg.contains("hold more than 3 strings"), "{msg}");
        assert_eq!(
            zip_error(&with_shared_strings(&sst(" uniqueCount=\"3\"", 3)), &limits),
            None
        );
        // Not a number: calamine ignores it too.
        assert_eq!(
            zip_error(
                &with_shared_strings(&sst(" uniqueCount=\"+9e99\"", 1)),
                &limits
            ),
            None
        );
        let big = with_shared_strings(&sst("", 2000));
        let tight = Limits {
            max_shared_strings_bytes: 1024,
            ..Limits::default()
        };
        let msg = zip_error(&big, &tight).unwrap_or_default();
        assert!(msg.contains("larger than the 0 MiB"), "{msg}");
    }

    #[test]
    fn grouping_keeps_order_and_last_duplicate() {
        let rows = group(vec![
            (0, 0, Value::Number(1.0)),
            (0, 2, Value::Number(2.0)),
            (0, 2, Value::Number(3.0)),
            (4, 1, Value::Bool(true)),
        ]);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].get(2), Some(&Value::Number(3.0)));
        assert_eq!(rows[0].get(1), None);
        assert_eq!(rows[1].index, 4);
    }
}
