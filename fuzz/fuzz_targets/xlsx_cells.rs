//! A workbook written by rust_xlsxwriter from arbitrary sheets and cells (numbers, text,
//! dates, booleans, formulas with and without a stored value, headers of the model's question
//! ids and metric columns), then read: structure-aware, so every input is a valid workbook and
//! the fuzzer explores the readers of answers and metric sheets rather than the container.
#![no_main]
mod common;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

const SHEETS: &[&str] = &[
    "Responses",
    "NPS",
    "CSAT",
    "CES",
    "Customers",
    "CLV",
    "Sheet1",
    "الردود",
    "responses ",
];
const WORDS: &[&str] = &[
    "respondent",
    "Respondent ID",
    "id",
    "score",
    "rating",
    "channel",
    "segment",
    "date",
    "comment",
    "period",
    "customers start",
    "customers end",
    "new customers",
    "average purchase value",
    "purchase frequency",
    "customer lifespan years",
    "gross margin",
    "number of customers",
    "Branch",
    "Comment",
    "N/A",
    "NA",
    "لا ينطبق",
    "#N/A",
    "٥",
    "4,5",
    "1.234,5",
    "10",
    "0",
    "-1",
    "  ",
    "R1",
    "R1",
    "2026-11-01",
    "01/11/2026",
    "Q1 2026",
];

#[derive(Arbitrary, Debug)]
enum Cell {
    Number(f64),
    Int(i16),
    Text(String),
    Word(u8),
    /// A question id of the model (index into its questions).
    Question(u8),
    Bool(bool),
    Date(u16),
    Formula(u8, Option<f64>),
    Blank,
}

#[derive(Arbitrary, Debug)]
struct Sheet {
    name: u8,
    /// Write every question id of the model across the first row.
    model_header: bool,
    cells: Vec<(u8, u8, Cell)>,
}

#[derive(Arbitrary, Debug)]
struct Book {
    sel: u8,
    manual_calc: bool,
    sheets: Vec<Sheet>,
}

fn question_ids(sel: u8) -> Vec<String> {
    let models = common::models();
    let model = &models[usize::from(sel) % models.len()];
    model
        .dimensions
        .value
        .iter()
        .flat_map(|d| d.questions.iter().map(|q| q.id.value.clone()))
        .collect()
}

fn build(book: &Book) -> Option<Vec<u8>> {
    let ids = question_ids(book.sel);
    let mut wb = Workbook::new();
    if book.manual_calc {
        wb.set_calculation_mode(rust_xlsxwriter::CalculationMode::Manual);
    }
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    let mut used = Vec::new();
    for sheet in book.sheets.iter().take(4) {
        let name = SHEETS[usize::from(sheet.name) % SHEETS.len()];
        if used.contains(&name) {
            continue;
        }
        used.push(name);
        let ws = wb.add_worksheet();
        ws.set_name(name).ok()?;
        if sheet.model_header {
            let _ = ws.write_string(0, 0, "respondent");
            for (c, id) in ids.iter().enumerate() {
                let _ = ws.write_string(0, u16::try_from(c + 1).ok()?, id);
            }
        }
        for (row, col, cell) in sheet.cells.iter().take(400) {
            let (r, c) = (u32::from(*row), u16::from(*col % 64));
            let _ = match cell {
                Cell::Number(n) => ws.write_number(r, c, *n).map(|_| ()),
                Cell::Int(i) => ws.write_number(r, c, f64::from(*i)).map(|_| ()),
                Cell::Text(s) => ws.write_string(r, c, s).map(|_| ()),
                Cell::Word(w) => ws
                    .write_string(r, c, WORDS[usize::from(*w) % WORDS.len()])
                    .map(|_| ()),
                Cell::Question(q) if !ids.is_empty() => ws
                    .write_string(r, c, &ids[usize::from(*q) % ids.len()])
                    .map(|_| ()),
                Cell::Question(_) => Ok(()),
                Cell::Bool(b) => ws.write_boolean(r, c, *b).map(|_| ()),
                Cell::Date(d) => {
                    let Ok(dt) = ExcelDateTime::from_serial_datetime(f64::from(*d)) else {
                        continue;
                    };
                    ws.write_datetime_with_format(r, c, &dt, &date_fmt)
                        .map(|_| ())
                }
                Cell::Formula(k, value) => {
                    let f = Formula::new(format!("=A1+{k}"));
                    let f = match value {
                        Some(v) => f.set_result(v.to_string()),
                        None => f,
                    };
                    ws.write_formula(r, c, f).map(|_| ())
                }
                Cell::Blank => ws.write_blank(r, c, &Format::new()).map(|_| ()),
            };
        }
    }
    wb.save_to_buffer().ok()
}

fuzz_target!(|book: Book| {
    if let Some(bytes) = build(&book) {
        common::read_data("responses.xlsx", bytes, book.sel);
    }
});
