//! A sheet as a table of typed cells (text, numbers with their Excel number format, dates),
//! written with a frozen header row, an autofilter and column widths fitted to the content.
//! Columns whose every cell is empty are left out before writing (issue 19: never an empty
//! column), and a table without rows is never written (its sheet is left out).

use chrono::NaiveDate;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};

/// Excel number formats. The cell keeps the full-precision value; the format rounds it for
/// display as the report rounds (half away from zero, as Excel does).
pub mod fmt {
    /// Scores, means, gaps, standard deviations: two decimals.
    pub const SCORE: &str = "0.00";
    /// One decimal (weights, targets, frequencies).
    pub const ONE: &str = "0.0";
    /// Whole numbers shown without decimals (the maturity index, percentiles, levels).
    pub const WHOLE: &str = "0";
    /// Counts, with a thousands separator.
    pub const COUNT: &str = "#,##0";
    /// A change in score, with its sign: `+0.25`, `-0.10`.
    pub const SIGNED_SCORE: &str = "+0.00;-0.00;0.00";
    /// NPS points and their changes, with their sign: `+16.7`, `-3.2`.
    pub const SIGNED_ONE: &str = "+0.0;-0.0;0.0";
    /// A percentage held in percent units (56.25 shows as `56.3%`): the value is the
    /// result's, not divided by 100.
    pub const PERCENT: &str = "0.0\"%\"";
    /// A change of a percentage, in points: `+2.5%`.
    pub const SIGNED_PERCENT: &str = "+0.0\"%\";-0.0\"%\";0.0\"%\"";
    /// A fraction shown as a whole percentage (0.35 shows as `35%`): gross margins.
    pub const FRACTION_PERCENT: &str = "0%";
    /// A margin of error: `±5.5`.
    pub const MARGIN: &str = "\"±\"0.0";
    /// A date.
    pub const DATE: &str = "yyyy-mm-dd";
    /// Excel's general format: as many decimals as the value needs (indicators of any unit).
    pub const GENERAL: &str = "General";
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing (an absent value).
    Empty,
    /// Text, always written as a string (never a formula, whatever it starts with).
    Text(String),
    /// A number at full precision with the number format that displays it.
    Num(f64, String),
    /// A date.
    Date(NaiveDate),
}

impl Cell {
    /// A number with its display format.
    pub fn num(x: f64, format: &str) -> Cell {
        if x.is_finite() {
            Cell::Num(x, format.to_string())
        } else {
            Cell::Empty
        }
    }

    /// A number when there is one.
    pub fn opt(x: Option<f64>, format: &str) -> Cell {
        x.map_or(Cell::Empty, |x| Cell::num(x, format))
    }

    /// A score: two decimals, or as many more as keep it on its own side of every level
    /// threshold (`thresholds`, the levels' lowest scores). A spreadsheet rounds half away
    /// and cannot round toward the level as the report does, so 2.995 under a level at 3.0
    /// gets `0.000` and shows `2.995`, never `3.00` beside level 1. The value stays exact.
    pub fn score(x: Option<f64>, thresholds: &[f64]) -> Cell {
        x.map_or(Cell::Empty, |x| {
            let d = crate::rounding::level_safe_decimals(x, 2, thresholds);
            Cell::num(x, &format!("0.{}", "0".repeat(usize::from(d))))
        })
    }

    /// A gap or priority in score units: two decimals; a positive one that would show as
    /// `0.00` shows `<0.01` (the cell keeps its value).
    pub fn gap(x: Option<f64>) -> Cell {
        x.map_or(Cell::Empty, |x| {
            if crate::rounding::hidden_positive(x, 2) {
                Cell::num(x, "\"<0.01\"")
            } else {
                Cell::num(x, fmt::SCORE)
            }
        })
    }

    /// A value the engagement or model wrote (a target): the decimals it was written with,
    /// at least one (`3.0`, `3.45`; never `3.5` for 3.45).
    pub fn written(x: Option<f64>) -> Cell {
        x.map_or(Cell::Empty, |x| {
            let d = crate::rounding::threshold_decimals(x, 1);
            Cell::num(x, &format!("0.{}", "0".repeat(usize::from(d))))
        })
    }

    /// A count.
    pub fn count(n: u64) -> Cell {
        Cell::num(n as f64, fmt::COUNT)
    }

    /// Text; empty text is an empty cell.
    pub fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    /// Width in characters the cell needs.
    fn width(&self) -> usize {
        match self {
            Cell::Empty => 0,
            Cell::Text(s) => s.lines().map(|l| l.chars().count()).max().unwrap_or(0),
            Cell::Num(..) => 10,
            Cell::Date(_) => 11,
        }
    }
}

/// A sheet's table: a header row of named columns, then the rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The sheet's name (in the engagement's language).
    pub sheet: String,
    /// Column keys (stable, for charts to find a column) and headers.
    pub columns: Vec<(String, String)>,
    /// Rows of cells, as many as the columns.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// An empty table with these columns (key, header).
    pub fn new(sheet: String, columns: Vec<(String, String)>) -> Table {
        Table {
            sheet,
            columns,
            rows: Vec::new(),
        }
    }

    /// Adds a row: `cells` by column key; columns not named stay empty.
    pub fn push(&mut self, cells: Vec<(&str, Cell)>) {
        let mut row = vec![Cell::Empty; self.columns.len()];
        for (key, cell) in cells {
            if let Some(slot) = self.column(key).and_then(|i| row.get_mut(i)) {
                *slot = cell;
            }
        }
        self.rows.push(row);
    }

    /// The index of a column by key.
    pub fn column(&self, key: &str) -> Option<usize> {
        self.columns.iter().position(|(k, _)| k == key)
    }

    /// Leaves out every column whose cells are all empty.
    pub fn prune(&mut self) {
        let keep: Vec<bool> = (0..self.columns.len())
            .map(|i| {
                self.rows
                    .iter()
                    .any(|r| r.get(i).is_some_and(|c| !c.is_empty()))
            })
            .collect();
        let mut k = keep.iter();
        self.columns.retain(|_| k.next().copied().unwrap_or(false));
        for row in &mut self.rows {
            let mut k = keep.iter();
            row.retain(|_| k.next().copied().unwrap_or(false));
        }
    }
}

/// Column index as rust_xlsxwriter counts it.
pub fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

/// Row index as rust_xlsxwriter counts it.
pub fn row(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// A valid sheet name: Excel refuses `[]:*?/\`, more than 31 characters and a leading or
/// trailing apostrophe.
pub fn sheet_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .take(31)
        .collect();
    let cleaned = cleaned.trim_matches('\'').trim().to_string();
    if cleaned.is_empty() {
        "-".into()
    } else {
        cleaned
    }
}

/// Writes a table as a new sheet (right to left when `rtl`): bold header row, frozen, with
/// an autofilter over the table, and columns as wide as their content (within bounds).
/// Returns the sheet for the caller to add to (charts).
pub fn write<'w>(
    wb: &'w mut Workbook,
    t: &Table,
    rtl: bool,
) -> Result<&'w mut Worksheet, XlsxError> {
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color("#E8EEF4");
    let ws = wb.add_worksheet();
    ws.set_name(&t.sheet)?;
    ws.set_right_to_left(rtl);
    for (i, (_, h)) in t.columns.iter().enumerate() {
        ws.write_string_with_format(0, col(i), h, &header)?;
        let content = t
            .rows
            .iter()
            .filter_map(|r| r.get(i))
            .map(Cell::width)
            .max()
            .unwrap_or(0);
        let head = h.chars().count().min(24);
        let width = content.max(head).clamp(6, 60) + 2;
        ws.set_column_width(col(i), width as f64)?;
    }
    let mut formats: std::collections::BTreeMap<&str, Format> = Default::default();
    for (r, cells) in t.rows.iter().enumerate() {
        let r = row(r + 1);
        for (c, cell) in cells.iter().enumerate() {
            let c = col(c);
            match cell {
                Cell::Empty => {}
                Cell::Text(s) => {
                    ws.write_string(r, c, s)?;
                }
                Cell::Num(x, f) => {
                    let format = formats
                        .entry(f.as_str())
                        .or_insert_with(|| Format::new().set_num_format(f.as_str()));
                    ws.write_number_with_format(r, c, *x, format)?;
                }
                Cell::Date(d) => {
                    let format = formats
                        .entry(fmt::DATE)
                        .or_insert_with(|| Format::new().set_num_format(fmt::DATE));
                    let date = excel_date(*d)?;
                    ws.write_datetime_with_format(r, c, &date, format)?;
                }
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    if !t.rows.is_empty() && !t.columns.is_empty() {
        ws.autofilter(0, 0, row(t.rows.len()), col(t.columns.len() - 1))?;
    }
    Ok(ws)
}

/// A date as Excel holds it.
pub fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    let month = u8::try_from(d.month()).unwrap_or(1);
    let day = u8::try_from(d.day()).unwrap_or(1);
    let year = u16::try_from(d.year()).unwrap_or(1900);
    ExcelDateTime::from_ymd(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_columns_are_left_out() {
        let mut t = Table::new(
            "S".into(),
            vec![
                ("a".into(), "A".into()),
                ("b".into(), "B".into()),
                ("c".into(), "C".into()),
            ],
        );
        t.push(vec![("a", Cell::text("x")), ("c", Cell::count(3))]);
        t.push(vec![
            ("a", Cell::text("y")),
            ("b", Cell::opt(None, fmt::SCORE)),
        ]);
        t.prune();
        assert_eq!(t.columns.len(), 2);
        assert_eq!(t.column("c"), Some(1));
        assert_eq!(t.rows[0], vec![Cell::text("x"), Cell::count(3)]);
    }

    #[test]
    fn sheet_names_are_valid() {
        assert_eq!(sheet_name("a/b: c?"), "a-b- c-");
        assert_eq!(sheet_name(&"x".repeat(40)).chars().count(), 31);
        assert_eq!(sheet_name("''"), "-");
        assert_eq!(sheet_name("جودة البيانات"), "جودة البيانات");
    }

    #[test]
    fn not_a_number_is_an_empty_cell() {
        assert_eq!(Cell::num(f64::NAN, fmt::SCORE), Cell::Empty);
        assert_eq!(Cell::text(""), Cell::Empty);
    }
}
