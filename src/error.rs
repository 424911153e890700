//! Errors and warnings as values. Every user-facing problem is a [`Diagnostic`]: the file,
//! the place in it (YAML line/column, workbook cell, CSV row/column), what was found and
//! what was expected. They are rendered in one place, `cli::render`.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in a file a problem is.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Place {
    /// The whole file.
    File,
    /// A YAML (or text) position, 1-based.
    Line { line: u64, column: u64 },
    /// A workbook cell, e.g. `Form1!H12`. `row` and `col` are 0-based.
    Cell { sheet: String, row: u32, col: u32 },
    /// A whole workbook sheet.
    Sheet { sheet: String },
    /// A CSV position, 1-based row, 0-based column.
    Csv { row: u64, col: u32 },
    /// A rectangle of workbook cells, e.g. `NPS!A2:A11`. All 0-based, first ≤ last.
    Range {
        sheet: String,
        row: u32,
        col: u32,
        last_row: u32,
        last_col: u32,
    },
}

impl Place {
    /// A YAML position; line 0 means unknown, so it degrades to the whole file.
    pub fn line(line: u64, column: u64) -> Place {
        if line == 0 {
            Place::File
        } else {
            Place::Line { line, column }
        }
    }
}

/// Spreadsheet column letters for a 0-based column index: 0 → A, 26 → AA.
pub fn column_letters(mut col: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A cell reference such as `H12` from 0-based row and column.
pub fn cell_ref(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), u64::from(row) + 1)
}

/// A sheet's name as Excel writes it in a reference: as it is when it is letters, digits
/// and `_` only (`Responses`, `رضا`), else in single quotes with a quote doubled
/// (`'NPS results'`, `'نتائج NPS'`, `'2025'`).
pub fn sheet_ref(sheet: &str) -> std::borrow::Cow<'_, str> {
    let plain = !sheet.is_empty()
        && !sheet.starts_with(|c: char| c.is_numeric())
        && sheet.chars().all(|c| c.is_alphanumeric() || c == '_');
    if plain {
        std::borrow::Cow::Borrowed(sheet)
    } else {
        std::borrow::Cow::Owned(format!("'{}'", sheet.replace('\'', "''")))
    }
}

/// A cell reference without the quotes around its sheet name (`'NPS results'!E3` →
/// `NPS results!E3`), so a reference written either way finds the same cell.
pub fn unquote_sheet(reference: &str) -> String {
    match reference
        .strip_prefix('\'')
        .and_then(|r| r.split_once("'!"))
    {
        Some((sheet, cell)) => format!("{}!{cell}", sheet.replace("''", "'")),
        None => reference.to_string(),
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::File => Ok(()),
            Place::Line { line, column } => write!(f, "{line}:{column}"),
            Place::Cell { sheet, row, col } => {
                write!(f, "{}!{}", sheet_ref(sheet), cell_ref(*row, *col))
            }
            Place::Sheet { sheet } => write!(f, "sheet `{sheet}`"),
            Place::Csv { row, col } => write!(f, "row {row}, column {}", column_letters(*col)),
            Place::Range {
                sheet,
                row,
                col,
                last_row,
                last_col,
            } => write!(
                f,
                "{}!{}:{}",
                sheet_ref(sheet),
                cell_ref(*row, *col),
                cell_ref(*last_row, *last_col)
            ),
        }
    }
}

/// How serious a diagnostic is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Not a problem: what was recognised in an input (an export layout, a skipped hint
    /// line), said once so the user knows how the file was read.
    Info,
    /// Skippable data problem (blank row, N/A answer, ignored column): counted and shown.
    Warning,
    /// The input cannot be used as it is.
    Error,
}

/// One located problem in one input file.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file the problem is in.
    pub file: PathBuf,
    /// Where in the file.
    pub place: Place,
    /// What is wrong, e.g. "answer `7` is outside the scale".
    pub message: String,
    /// Optional hint, e.g. "did you mean `weight`?" or "expected a whole number from 1 to 5".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The message (and hint) as words of the catalogue, for a document in the engagement's
    /// language (the results workbook's Warnings sheet); `message` and `help` are their English.
    /// Not serialised: the score JSON keeps its layout.
    #[serde(skip)]
    pub words: Option<Words>,
}

/// A diagnostic's message in the word catalogue's terms (report-templates/strings.yaml):
/// its key with the values of its `{name}` placeholders, and its hint's.
#[derive(Debug, Clone, PartialEq)]
pub struct Words {
    /// The message's key and placeholder values.
    pub message: Phrase,
    /// The hint's, when it has one.
    pub help: Option<Phrase>,
}

/// A catalogue key and the values of its `{name}` placeholders.
#[derive(Debug, Clone, PartialEq)]
pub struct Phrase {
    /// The catalogue key.
    pub key: &'static str,
    /// Placeholder name → value.
    pub vars: Vec<(&'static str, Arg)>,
}

/// A placeholder's value: text as it is (an id, a number), or another word of the catalogue.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// Written as it is.
    Text(String),
    /// The catalogue's word for this key, in the document's language.
    Word(&'static str),
}

impl Phrase {
    /// The phrase of `key` with `vars`.
    pub fn new(key: &'static str, vars: Vec<(&'static str, Arg)>) -> Self {
        Phrase { key, vars }
    }
}

impl Diagnostic {
    /// An error at `place` in `file`.
    pub fn error(file: impl AsRef<Path>, place: Place, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.as_ref().to_path_buf(),
            place,
            message: message.into(),
            help: None,
            words: None,
        }
    }

    /// A warning at `place` in `file`.
    pub fn warning(file: impl AsRef<Path>, place: Place, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, place, message)
        }
    }

    /// An informational note at `place` in `file` (printed with the warnings, never fatal).
    pub fn info(file: impl AsRef<Path>, place: Place, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Info,
            ..Diagnostic::warning(file, place, message)
        }
    }

    /// Adds a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds the message in the catalogue's terms ([`Words`]), so a document in another
    /// language than English can show it.
    pub fn with_words(mut self, message: Phrase) -> Self {
        self.words = Some(Words {
            message,
            help: None,
        });
        self
    }

    /// Adds the hint in the catalogue's terms (after [`Diagnostic::with_words`]).
    pub fn with_help_words(mut self, help: Phrase) -> Self {
        if let Some(w) = &mut self.words {
            w.help = Some(help);
        }
        self
    }
}

impl fmt::Display for Diagnostic {
    /// `file:line:col: error: message (help)`, the plain form used when stderr is not a terminal.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{}", self.file.display())?;
        match &self.place {
            Place::File => {}
            p @ Place::Line { .. } => write!(f, ":{p}")?,
            p => write!(f, ": {p}")?,
        }
        write!(f, ": {sev}: {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// The one error type of the library. The CLI renders it and picks the exit code.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {action}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What we tried: "cannot read", "cannot write".
        action: &'static str,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// One or more located problems in the inputs; all are reported together.
    #[error("{} problem(s) found", .0.len())]
    Invalid(Vec<Diagnostic>),
    /// A command-line usage problem found before any work. Raised only by `cli` (exit code 2).
    #[error("{0}")]
    Usage(String),
    /// Typst could not typeset or export the document (a template error, or a PDF standard
    /// the document does not meet).
    #[error("typesetting failed:\n{0}")]
    Typeset(String),
    /// A date outside the range the calendars or Typst can show (the input is well formed,
    /// but no document can carry it).
    #[error("{0}")]
    DateRange(String),
    /// A chart could not be drawn from the data it was given (a bug in the caller).
    #[error("chart failed: {0}")]
    Chart(String),
    /// A bug in nudj: a state the code should never reach (after just's `Error::Internal`).
    #[error("internal error, this may indicate a bug in nudj: {0}\n  please report it")]
    Internal(String),
}

impl Error {
    /// Reading `path` failed.
    pub fn read(path: impl AsRef<Path>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.as_ref().to_path_buf(),
            action: "cannot read",
            source,
        }
    }

    /// Writing `path` failed.
    pub fn write(path: impl AsRef<Path>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.as_ref().to_path_buf(),
            action: "cannot write",
            source,
        }
    }

    /// A bug in nudj (see [`Error::Internal`]).
    pub fn internal(message: impl Into<String>) -> Error {
        Error::Internal(message.into())
    }

    /// A single located error.
    pub fn at(file: impl AsRef<Path>, place: Place, message: impl Into<String>) -> Error {
        Error::Invalid(vec![Diagnostic::error(file, place, message)])
    }
}

/// The problems of stages that do not depend on each other, gathered so that one run reports
/// all of them (as a compiler reports every error of a file, not the first).
#[derive(Debug, Default)]
pub struct Problems {
    /// Located problems of every stage, in stage order.
    diags: Vec<Diagnostic>,
    /// The first failure that is not a located problem (a file that cannot be read, a bug).
    other: Option<Error>,
}

impl Problems {
    /// The stage's value, or `None` with its problems kept.
    pub fn take<T>(&mut self, result: Result<T>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(Error::Invalid(diags)) => {
                self.diags.extend(diags);
                None
            }
            Err(e) => {
                self.other.get_or_insert(e);
                None
            }
        }
    }

    /// `Ok` when no stage failed; else the first failure that is not a located problem, or
    /// every located problem together.
    pub fn into_result(self) -> Result<()> {
        match self.other {
            Some(e) => Err(e),
            None if self.diags.is_empty() => Ok(()),
            None => Err(Error::Invalid(self.diags)),
        }
    }
}

/// Result alias for the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A value with the warnings produced while making it (after typst's `Warned`): warnings
/// travel beside results and are printed even on success.
#[derive(Debug, Clone)]
pub struct Warned<T> {
    /// The result.
    pub output: T,
    /// Skippable problems met on the way, in input order.
    pub warnings: Vec<Diagnostic>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_quoted_as_excel_writes_them() {
        let cell = |sheet: &str| {
            Place::Cell {
                sheet: sheet.into(),
                row: 12,
                col: 0,
            }
            .to_string()
        };
        assert_eq!(cell("Responses"), "Responses!A13");
        assert_eq!(cell("رضا"), "رضا!A13");
        assert_eq!(cell("NPS results"), "'NPS results'!A13");
        assert_eq!(cell("نتائج NPS"), "'نتائج NPS'!A13");
        assert_eq!(cell("O'Brien"), "'O''Brien'!A13");
        assert_eq!(cell("2025"), "'2025'!A13");
        assert_eq!(unquote_sheet("'O''Brien'!A13"), "O'Brien!A13");
        assert_eq!(unquote_sheet("Responses!K14"), "Responses!K14");
    }

    #[test]
    fn column_letters_roll_over() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(7), "H");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(16383), "XFD");
        assert_eq!(cell_ref(11, 7), "H12");
    }

    #[test]
    fn problems_of_every_stage_are_kept() {
        let mut p = Problems::default();
        assert_eq!(p.take(Ok::<_, Error>(3)), Some(3));
        assert_eq!(
            p.take::<()>(Err(Error::at("a.yaml", Place::File, "one"))),
            None
        );
        assert_eq!(
            p.take::<()>(Err(Error::at("b.yaml", Place::File, "two"))),
            None
        );
        let Err(Error::Invalid(d)) = p.into_result() else {
            panic!("both problems expected");
        };
        assert_eq!(d.len(), 2);
        let mut p = Problems::default();
        p.take::<()>(Err(Error::at("a.yaml", Place::File, "one")));
        p.take::<()>(Err(Error::internal("bug")));
        assert!(matches!(p.into_result(), Err(Error::Internal(_))));
        assert!(Problems::default().into_result().is_ok());
    }

    #[test]
    fn an_internal_error_says_it_is_a_bug() {
        assert_eq!(
            Error::internal("the score cache lost an entry").to_string(),
            "internal error, this may indicate a bug in nudj: the score cache lost an entry\n  please report it"
        );
    }

    #[test]
    fn display_names_file_and_cell() {
        let d = Diagnostic::error(
            "a.xlsx",
            Place::Cell {
                sheet: "Form1".into(),
                row: 11,
                col: 7,
            },
            "bad",
        );
        assert_eq!(d.to_string(), "a.xlsx: Form1!H12: error: bad");
        let d = Diagnostic::error("m.yaml", Place::line(3, 5), "dup").with_help("rename it");
        assert_eq!(d.to_string(), "m.yaml:3:5: error: dup\n  help: rename it");
        let range = Place::Range {
            sheet: "NPS".into(),
            row: 1,
            col: 0,
            last_row: 10,
            last_col: 1,
        };
        let d = Diagnostic::info("a.xlsx", range, "formulas");
        assert_eq!(d.to_string(), "a.xlsx: NPS!A2:B11: info: formulas");
    }
}
