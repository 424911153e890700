//! The field cases' faults in other shapes, through the binary: formulas in the Responses
//! sheet, `1.250.000` in CLV, implausible metric inputs, CSV rows with CRLF and paragraph
//! answers, Qualtrics and Google Forms exports whose personal columns never reach an output,
//! renamed metric sheets, segment values spelt two ways, near-miss labels.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{CalculationMode, Formula, Workbook, Worksheet};
use serde_json::Value;

use crate::common::{nudj, text};

/// A folder with the field cases' mini model (V1, V2 in `voice`; C1, C2 in `care`; scale
/// 1-5 labelled; NPS, CSAT, churn and CLV reported) and an engagement reading `data`.
fn folder(data: &str, extra: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        crate::common::root().join("tests/fixtures/field-cases/mini-model.yaml"),
        tmp.path().join("mini-model.yaml"),
    )
    .expect("copy model");
    std::fs::write(
        tmp.path().join("e.yaml"),
        format!(
            "client: {{name: Test}}\nmodel: mini-model.yaml\ndata: {data}\nlanguage: en\ndate: 2026-11-01\n{extra}"
        ),
    )
    .expect("write engagement");
    tmp
}

/// `nudj ARGS` in `dir`: (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = nudj(dir, args);
    let err = text(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    (out.status.code(), text(&out.stdout), err)
}

fn score_json(dir: &Path) -> (Value, String) {
    let (code, out, err) = run(dir, &["score", "e.yaml", "--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    (serde_json::from_str(&out).expect("json"), err)
}

fn refused(dir: &Path) -> String {
    let (code, _, err) = run(dir, &["validate", "e.yaml"]);
    assert_eq!(code, Some(1), "{err}");
    err
}

fn header(ws: &mut Worksheet, cols: &[&str]) {
    for (c, h) in cols.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
}

/// A Responses sheet with five respondents answering V1 V2 C1 C2 (the mini scores).
fn responses(wb: &mut Workbook) -> &mut Worksheet {
    let ws = wb.add_worksheet();
    ws.set_name("Responses").expect("name");
    header(ws, &["respondent", "V1", "V2", "C1", "C2"]);
    let rows = [
        [4, 5, 3, 4],
        [3, 4, 2, 3],
        [5, 5, 4, 4],
        [2, 3, 3, 2],
        [4, 4, 5, 3],
    ];
    for (r, answers) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, format!("R{r}")).expect("id");
        for (c, a) in answers.iter().enumerate() {
            ws.write_number(r, c as u16 + 1, f64::from(*a))
                .expect("answer");
        }
    }
    ws
}

fn q_mean(json: &Value, id: &str) -> f64 {
    json["questions"]
        .as_array()
        .and_then(|qs| qs.iter().find(|q| q["id"] == id))
        .and_then(|q| q["mean"].as_f64())
        .unwrap_or(f64::NAN)
}

// ---- formulas -------------------------------------------------------------------------

#[test]
fn formulas_in_the_responses_sheet_of_a_script_written_workbook_are_refused() {
    let tmp = folder("r.xlsx", "");
    let mut wb = Workbook::new(); // rust_xlsxwriter asks for recalculation on opening
    let ws = responses(&mut wb);
    // V1 and V2 of R1..R3 computed by formulas, with placeholder results.
    for r in 1..=3u32 {
        for c in 1..=2u16 {
            ws.write_formula(r, c, Formula::new("=2+2").set_result("4"))
                .expect("formula");
        }
    }
    // A formula in a column nudj does not read is left alone.
    ws.write_string(0, 6, "total").expect("h");
    ws.write_formula(1, 6, Formula::new("=SUM(B2:E2)"))
        .expect("formula");
    wb.save(tmp.path().join("r.xlsx")).expect("save");
    let err = refused(tmp.path());
    assert!(
        err.contains("r.xlsx: Responses!B2:C4: error: these cells are formulas that were never calculated: the workbook asks to be recalculated when opened"),
        "{err}"
    );
    assert_eq!(err.matches("never calculated").count(), 1, "{err}");
}

#[test]
fn calculated_formulas_as_excel_saves_them_are_read() {
    let tmp = folder("r.xlsx", "");
    let mut wb = Workbook::new();
    wb.set_calculation_mode(CalculationMode::Manual); // no fullCalcOnLoad: values trusted
    let ws = responses(&mut wb);
    ws.write_formula(1, 1, Formula::new("=2+2").set_result("4"))
        .expect("formula");
    wb.save(tmp.path().join("r.xlsx")).expect("save");
    let (json, _) = score_json(tmp.path());
    assert!((q_mean(&json, "V1") - 3.6).abs() < 1e-9);
}

/// The field case's openpyxl workbook without `fullCalcOnLoad`: its formulas still store no
/// value, and are refused for that.
#[test]
fn formulas_without_a_stored_value_are_refused_without_the_recalc_flag() {
    let tmp = folder("w.xlsx", "");
    let src =
        crate::common::root().join("tests/fixtures/field-cases/formula-uncached/openpyxl.xlsx");
    let mut zin = zip::ZipArchive::new(std::fs::File::open(src).expect("open")).expect("zip");
    let out = std::fs::File::create(tmp.path().join("w.xlsx")).expect("create");
    let mut zout = zip::ZipWriter::new(out);
    for i in 0..zin.len() {
        let mut part = zin.by_index(i).expect("part");
        let name = part.name().expect("name").to_string();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).expect("read");
        if name == "xl/workbook.xml" {
            let xml = String::from_utf8(bytes).expect("utf8");
            assert!(xml.contains(" fullCalcOnLoad=\"1\""));
            bytes = xml.replace(" fullCalcOnLoad=\"1\"", "").into_bytes();
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        zout.write_all(&bytes).expect("write");
    }
    zout.finish().expect("finish");
    let err = refused(tmp.path());
    assert!(
        err.contains("w.xlsx: NPS!A2:A11: error: these cells are formulas that were never calculated: the file stores no value for them"),
        "{err}"
    );
}

// ---- numbers ---------------------------------------------------------------------------

/// A workbook with the mini Responses and the given Customers and CLV rows (text cells).
fn metric_book(dir: &Path, customers: &[[&str; 4]], clv: &[[&str; 5]]) {
    let mut wb = Workbook::new();
    responses(&mut wb);
    let ws = wb.add_worksheet();
    ws.set_name("Customers").expect("name");
    header(
        ws,
        &[
            "period",
            "customers_start",
            "customers_end",
            "new_customers",
        ],
    );
    for (r, row) in customers.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32 + 1, c as u16, *v).expect("cell");
            }
        }
    }
    let ws = wb.add_worksheet();
    ws.set_name("CLV").expect("name");
    header(
        ws,
        &[
            "avg_purchase_value",
            "purchase_frequency",
            "customer_lifespan_years",
            "gross_margin",
            "customers",
        ],
    );
    for (r, row) in clv.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32 + 1, c as u16, *v).expect("cell");
            }
        }
    }
    wb.save(dir.join("m.xlsx")).expect("save");
}

#[test]
fn dot_grouped_millions_in_clv_and_decimal_commas_are_refused() {
    let tmp = folder("m.xlsx", "");
    metric_book(
        tmp.path(),
        &[["2026-Q1", "12,5", "11900", "850"]],
        &[["1.250.000", "4", "3", "35%", "1.200"]],
    );
    let err = refused(tmp.path());
    assert!(
        err.contains("m.xlsx: CLV!A2: error: `avg_purchase_value`: `1.250.000` is ambiguous: `.` separates thousands here"),
        "{err}"
    );
    assert!(
        err.contains("m.xlsx: CLV!E2: error: `customers`: `1.200` is ambiguous: 1200 if `.` separates thousands, or 1.2 if it is a decimal point"),
        "{err}"
    );
    assert!(
        err.contains("m.xlsx: Customers!B2: error: `customers_start`: `12,5` is ambiguous: `,` is a decimal comma in many countries"),
        "{err}"
    );
    // Stated, the same cells read as the client meant them.
    let tmp = folder("m.xlsx", "numbers: {decimal: \",\", thousands: \".\"}\n");
    metric_book(
        tmp.path(),
        &[["2026-Q1", "12.500", "11.900", "850"]],
        &[["1.250.000", "4", "3", "35%", "1.200"]],
    );
    let (json, _) = score_json(tmp.path());
    let clv = &json["metrics"]["clv"];
    assert_eq!(clv["rows"][0]["avg_purchase_value"], 1_250_000.0);
    assert_eq!(clv["rows"][0]["customers"], 1200.0);
    assert_eq!(clv["value"], 1_250_000.0 * 4.0 * 3.0 * 0.35);
    assert!((json["metrics"]["churn"]["rate"].as_f64().unwrap_or(0.0) - 11.6).abs() < 1e-9);
}

#[test]
fn a_numbers_key_with_one_mark_for_both_is_refused() {
    let tmp = folder("m.xlsx", "numbers: {decimal: \".\", thousands: \".\"}\n");
    metric_book(tmp.path(), &[], &[]);
    let err = refused(tmp.path());
    assert!(
        err.contains("e.yaml:6:10: error: `numbers`: `.` cannot be both the decimal mark and the thousands separator"),
        "{err}"
    );
}

// ---- plausibility ----------------------------------------------------------------------

#[test]
fn implausible_churn_and_clv_inputs_are_located_errors() {
    let tmp = folder("m.xlsx", "");
    metric_book(
        tmp.path(),
        &[
            ["Q1", "100", "120", "10"], // more at the end than start + new
            ["Q2", "100", "50", "200"], // 250 lost of 100
            ["Q3", "0", "10", ""],      // no customers at the start
            ["Q4", "100.5", "90", ""],  // a fraction of a customer
            ["Q5", "100", "90", "5"],   // fine
        ],
        &[
            ["250", "4", "0", "0.35", ""],  // lifespan 0
            ["250", "-4", "3", "0.35", ""], // negative frequency
            ["250", "4", "3", "1.5", ""],   // margin over 100 %
        ],
    );
    let err = refused(tmp.path());
    for want in [
        "Customers!C2: error: period `Q1`: 120 customers at the end is more than the 100 at the start plus 10 new ones",
        "Customers!D3: error: period `Q2`: 250 customers lost is more than the 100 at the start: churn would be over 100 %",
        "Customers!B4: error: period `Q3`: no customers at the start: churn cannot be computed",
        "Customers!B5: error: `customers_start`: `100.5` is not a whole number of customers",
        "CLV!C2: error: `customer_lifespan_years` is 0: the customer lifetime value would be 0",
        "CLV!B3: error: `purchase_frequency`: `-4` is negative",
        "CLV!D4: error: `gross_margin`: `1.5` is more than 100 %",
    ] {
        assert!(err.contains(want), "missing `{want}` in\n{err}");
    }
    assert!(!err.contains("Customers!B6"), "{err}");
}

#[test]
fn unused_dates_are_warnings_that_say_which_forms_are_read() {
    let tmp = folder("n.xlsx", "");
    let mut wb = Workbook::new();
    responses(&mut wb);
    let ws = wb.add_worksheet();
    ws.set_name("NPS").expect("name");
    header(ws, &["score", "date"]);
    for (r, (score, date)) in [
        (9.0, "03/04/2026"),
        (10.0, "1990-01-05"),
        (7.0, "2026-10-01"),
        (8.0, "٢٠٣٠/٠١/٠١"),
    ]
    .iter()
    .enumerate()
    {
        ws.write_number(r as u32 + 1, 0, *score).expect("score");
        ws.write_string(r as u32 + 1, 1, *date).expect("date");
    }
    wb.save(tmp.path().join("n.xlsx")).expect("save");
    let (json, err) = score_json(tmp.path());
    assert_eq!(json["metrics"]["nps"]["n"], 4, "{err}");
    assert!(
        err.contains("n.xlsx: NPS!B2: warning: date: `03/04/2026` is not a date in the form YYYY-MM-DD; ignored (dates are not used in the scores). Dates are read as date cells or as YYYY-MM-DD text"),
        "{err}"
    );
    assert!(
        err.contains("n.xlsx: NPS!B3: warning: date `1990-01-05` is more than 10 years before the assessment date 2026-11-01"),
        "{err}"
    );
    assert!(!err.contains("NPS!B4"), "{err}");
    // Quoted as written, not as the `2030-01-01` it was read as.
    assert!(
        err.contains("n.xlsx: NPS!B5: warning: date `٢٠٣٠/٠١/٠١` is more than a year after the assessment date 2026-11-01"),
        "{err}"
    );
}

// ---- CSV rows --------------------------------------------------------------------------

#[test]
fn crlf_csv_with_paragraph_answers_numbers_rows_as_excel() {
    let tmp = folder("r.csv", "comments: [Notes]\n");
    // Row 2's note spans three lines; the bad answer is in Excel row 4 (file line 6).
    std::fs::write(
        tmp.path().join("r.csv"),
        "V1,V2,C1,C2,Notes\r\n4,5,3,4,\"first line\r\nsecond line\r\nthird\"\r\n3,4,2,3,ok\r\n5,5,4,9,\"a \"\"quoted\"\" word\nand a new line\"\r\n",
    )
    .expect("write");
    let err = refused(tmp.path());
    assert!(
        err.contains("r.csv: row 4, column D: error: answer to C2: `9` is outside the scale 1..5"),
        "{err}"
    );
    // Fixed, the same file's straight-liner is named by its Excel row, in every output.
    std::fs::write(
        tmp.path().join("r.csv"),
        "V1,V2,C1,C2,Notes\r\n4,5,3,4,\"first line\r\nsecond line\"\r\n\r\n4,4,4,4,\"x\ny\"\r\n2,3,3,2,z\r\n",
    )
    .expect("write");
    let (json, err) = score_json(tmp.path());
    let dq = &json["data_quality"]["straightliners"];
    assert_eq!(dq[0]["id"], "row 4", "{err}");
    assert_eq!(dq[0]["row"], 4);
    assert!(err.contains("r.csv: row 4, column A: warning:"), "{err}");
}

// ---- exports ---------------------------------------------------------------------------

const QUALTRICS_HEAD: [&str; 9] = [
    "StartDate",
    "IPAddress",
    "ResponseId",
    "RecipientEmail",
    "LocationLatitude",
    "QID1",
    "QID2",
    "QID3",
    "QID4",
];
const QUALTRICS_TEXTS: [&str; 9] = [
    "Start Date",
    "IP Address",
    "Response ID",
    "Recipient Email",
    "Location Latitude",
    "We collect customer feedback after every contact.",
    "Feedback reaches the team concerned.",
    "Care - We resolve complaints at first contact.",
    "We follow up after a complaint is resolved.",
];
const ANSWERS: [[&str; 4]; 5] = [
    ["4", "5", "3", "4"],
    ["3", "4", "2", "3"],
    ["5 (Strongly agree)", "5", "4", "4"],
    ["2", "3", "3", "2"],
    ["Agree", "4", "5", "3"],
];

fn qualtrics_rows() -> Vec<Vec<String>> {
    let mut rows = vec![
        QUALTRICS_HEAD.iter().map(|s| s.to_string()).collect(),
        QUALTRICS_TEXTS.iter().map(|s| s.to_string()).collect(),
        QUALTRICS_HEAD
            .iter()
            .map(|h| format!("{{\"ImportId\":\"{h}\"}}"))
            .collect::<Vec<_>>(),
    ];
    for (i, a) in ANSWERS.iter().enumerate() {
        let mut row = vec![
            "2026-10-01 10:00:00".to_string(),
            format!("10.20.30.{i}"),
            format!("R_{i}"),
            format!("person{i}@example.com"),
            "24.7136".to_string(),
        ];
        row.extend(a.iter().map(|s| s.to_string()));
        rows.push(row);
    }
    rows
}

fn assert_no_personal_data(json: &str, err: &str) {
    for secret in ["@example.com", "10.20.30.", "24.7136"] {
        assert!(!json.contains(secret), "`{secret}` reached the JSON");
        assert!(!err.contains(secret), "`{secret}` reached stderr");
    }
}

fn assert_qualtrics_read(dir: &Path, file: &str) {
    let (code, out, err) = run(dir, &["score", "e.yaml", "--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    let json: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(json["respondents"], 5, "{err}");
    for (id, mean) in [("V1", 3.6), ("V2", 4.2), ("C1", 3.4), ("C2", 3.2)] {
        assert!((q_mean(&json, id) - mean).abs() < 1e-9, "{id}: {err}");
    }
    assert!(
        err.contains("info: read as a Qualtrics export; its metadata columns ignored (StartDate, ResponseId); personal columns never read (IPAddress, RecipientEmail, LocationLatitude)")
            && err.contains(file),
        "{err}"
    );
    assert!(
        err.contains("warning: rows 2 and 3 hold the Qualtrics export's question texts and import ids; skipped"),
        "{err}"
    );
    assert_no_personal_data(&out, &err);
}

#[test]
fn qualtrics_csv_export_is_read_and_its_personal_columns_never_output() {
    let tmp = folder("q.csv", "");
    let mut w = csv::Writer::from_path(tmp.path().join("q.csv")).expect("csv");
    for row in qualtrics_rows() {
        w.write_record(&row).expect("row");
    }
    w.flush().expect("flush");
    assert_qualtrics_read(tmp.path(), "q.csv");
}

#[test]
fn qualtrics_xlsx_export_is_read_and_its_personal_columns_never_output() {
    let tmp = folder("q.xlsx", "");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Sheet0").expect("name");
    for (r, row) in qualtrics_rows().iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, v).expect("cell");
        }
    }
    wb.save(tmp.path().join("q.xlsx")).expect("save");
    assert_qualtrics_read(tmp.path(), "q.xlsx");
}

#[test]
fn google_forms_email_addresses_never_reach_the_json_or_the_pdf() {
    let tmp = folder("g.csv", "comments: [Comments]\n");
    let mut w = csv::Writer::from_path(tmp.path().join("g.csv")).expect("csv");
    w.write_record([
        "Timestamp",
        "Email Address",
        "How far do you agree? [We collect customer feedback after every contact.]",
        "How far do you agree? [Feedback reaches the team concerned.]",
        "C1",
        "C2",
        "Comments",
    ])
    .expect("head");
    for (i, a) in ANSWERS.iter().enumerate() {
        let mut row = vec![
            format!("2026/10/0{} 10:00:00 AM GMT+3", i + 1),
            format!("person{i}@example.com"),
        ];
        row.extend(a.iter().map(|s| s.to_string()));
        row.push(format!("Comment number {i} about the service."));
        w.write_record(&row).expect("row");
    }
    w.flush().expect("flush");
    let (code, out, err) = run(tmp.path(), &["score", "e.yaml", "--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("g.csv: info: read as a Google Forms export; its metadata columns ignored (Timestamp); personal columns never read (Email Address)"),
        "{err}"
    );
    assert_no_personal_data(&out, &err);
    let json: Value = serde_json::from_str(&out).expect("json");
    assert!((q_mean(&json, "V2") - 4.2).abs() < 1e-9);
    let (code, _, err) = run(tmp.path(), &["report", "e.yaml", "-o", "r.pdf"]);
    assert_eq!(code, Some(0), "{err}");
    let pdf = crate::common::pdftotext(&tmp.path().join("r.pdf"), &[]);
    assert!(pdf.contains("Comment number 1"), "comments are quoted");
    assert!(!pdf.contains("example.com"), "an address reached the PDF");
    assert!(!pdf.contains("person1"), "an address reached the PDF");
}

// ---- renamed sheets, spellings, labels, headers ---------------------------------------

fn rating_sheet(wb: &mut Workbook, name: &str, scores: &[f64], channels: &[&str]) {
    let ws = wb.add_worksheet();
    ws.set_name(name).expect("name");
    header(ws, &["score", "channel"]);
    for (r, s) in scores.iter().enumerate() {
        ws.write_number(r as u32 + 1, 0, *s).expect("score");
        if let Some(c) = channels.get(r) {
            ws.write_string(r as u32 + 1, 1, *c).expect("channel");
        }
    }
}

#[test]
fn a_renamed_metric_sheet_is_an_error_naming_it() {
    let tmp = folder("s.xlsx", "");
    let mut wb = Workbook::new();
    responses(&mut wb);
    rating_sheet(&mut wb, "NPS results", &[10.0, 9.0, 3.0, 7.0], &[]);
    rating_sheet(&mut wb, "رضا", &[5.0, 4.0, 2.0], &[]);
    wb.save(tmp.path().join("s.xlsx")).expect("save");
    let err = refused(tmp.path());
    assert!(
        err.contains("s.xlsx: error: the model reports NPS, but the workbook has no `NPS` sheet; sheet `NPS results` holds its columns\n  help: name it in the engagement: `sheets: {nps: \"NPS results\"}`"),
        "{err}"
    );
    assert!(
        err.contains("s.xlsx: error: the model reports CSAT, but the workbook has no `CSAT` sheet; sheet `رضا` holds its columns\n  help: name it in the engagement: `sheets: {csat: \"رضا\"}`"),
        "{err}"
    );
    // Named as the help says, both are read.
    let tmp2 = folder("s.xlsx", "sheets: {nps: \"NPS results\", csat: \"رضا\"}\n");
    std::fs::copy(tmp.path().join("s.xlsx"), tmp2.path().join("s.xlsx")).expect("copy");
    let (json, _) = score_json(tmp2.path());
    assert_eq!(json["metrics"]["nps"]["n"], 4);
    assert_eq!(json["metrics"]["csat"]["n"], 3);
}

#[test]
fn a_sheet_that_cannot_hold_the_metric_gives_a_warning_naming_the_sheets() {
    let tmp = folder("s.xlsx", "");
    let mut wb = Workbook::new();
    responses(&mut wb);
    let ws = wb.add_worksheet();
    ws.set_name("NPS notes").expect("name");
    ws.write_string(0, 0, "remark").expect("h");
    wb.save(tmp.path().join("s.xlsx")).expect("save");
    let (_, err) = score_json(tmp.path());
    assert!(
        err.contains("s.xlsx: warning: the model reports NPS, CSAT, churn, CLV, but no sheet is named `NPS` or `CSAT` or `Customers` or `CLV` and none of the other sheets (`NPS notes`) holds its columns"),
        "{err}"
    );
    assert!(
        err.contains("the closest by name: `NPS notes` for NPS"),
        "{err}"
    );
}

#[test]
fn segment_and_channel_values_spelt_two_ways_are_one_group() {
    let tmp = folder("h.xlsx", "segments: [Hospital]\nmin_segment_size: 1\n");
    let mut wb = Workbook::new();
    let ws = responses(&mut wb);
    ws.write_string(0, 5, "Hospital").expect("h");
    for (r, h) in [
        "مستشفى الرياض",
        "مستشفى  الرياض",
        "مستشفي الرياض",
        "مستشفى الرياض",
        "مستشفى جدة",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(r as u32 + 1, 5, *h).expect("segment");
    }
    rating_sheet(
        &mut wb,
        "NPS",
        &[10.0, 9.0, 3.0],
        &["Branch", "branch", "BRANCH"],
    );
    wb.save(tmp.path().join("h.xlsx")).expect("save");
    let (json, err) = score_json(tmp.path());
    let segs: Vec<(String, u64)> = json["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .map(|s| {
            (
                s["value"].as_str().unwrap_or("").to_string(),
                s["n"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        segs,
        [
            ("مستشفى الرياض".to_string(), 4),
            ("مستشفى جدة".to_string(), 1)
        ]
    );
    assert!(
        err.contains("h.xlsx: sheet `Responses`: warning: segment `Hospital`: `مستشفى الرياض` (2 respondent(s)) is also written `مستشفى  الرياض` (1), `مستشفي الرياض` (1); counted as one group"),
        "{err}"
    );
    let channels = &json["metrics"]["nps"]["by_channel"];
    assert_eq!(channels.as_array().map(Vec::len), Some(1), "{channels}");
    assert_eq!(channels[0]["value"], "Branch");
    assert!(
        err.contains("`channel` values: `Branch` (1 answer(s)) is also written `branch` (1), `BRANCH` (1); counted as one group"),
        "{err}"
    );
}

#[test]
fn near_miss_labels_get_a_suggestion() {
    let tmp = folder("r.csv", "");
    std::fs::write(
        tmp.path().join("r.csv"),
        "V1,V2,C1,C2\n4,موافق جدا,3,4\n3,4,Strongly agre,3\n",
    )
    .expect("write");
    let err = refused(tmp.path());
    assert!(
        err.contains("r.csv: row 2, column B: error: answer to V2: `موافق جدا` is not an answer on this scale; did you mean `موافق بشدة` (5)?"),
        "{err}"
    );
    assert!(
        err.contains("r.csv: row 3, column C: error: answer to C1: `Strongly agre` is not an answer on this scale; did you mean `Strongly agree` (5)?"),
        "{err}"
    );
}

#[test]
fn headers_copying_question_texts_without_their_full_stop_match() {
    let tmp = folder("r.csv", "");
    std::fs::write(
        tmp.path().join("r.csv"),
        "We collect customer feedback after every contact,Feedback reaches the team concerned,نحل الشكوى من أول تواصل,We follow up after a complaint is resolved.\n4,5,3,4\n3,4,2,3\n",
    )
    .expect("write");
    let (json, err) = score_json(tmp.path());
    assert_eq!(json["respondents"], 2, "{err}");
    assert!(!err.contains("matches no question"), "{err}");
}

#[test]
fn labels_the_reader_would_confuse_are_refused_by_model_validation() {
    let tmp = folder("r.csv", "");
    let model = std::fs::read_to_string(tmp.path().join("mini-model.yaml")).expect("model");
    // `موافق بشده` (ه for ة) reads as `موافق بشدة`: two values with one label.
    let edited = model.replace("4: {ar: موافق,", "4: {ar: موافق بشده,");
    assert_ne!(edited, model);
    std::fs::write(tmp.path().join("mini-model.yaml"), edited).expect("write");
    std::fs::write(tmp.path().join("r.csv"), "V1,V2,C1,C2\n4,5,3,4\n").expect("write");
    let err = refused(tmp.path());
    assert!(
        err.contains("error: label `موافق بشدة` is used for both 4 and 5"),
        "{err}"
    );
}

#[test]
fn the_template_offers_the_engagements_own_not_applicable_words() {
    let tmp = folder("r.csv", "not_applicable: [\"لا أعرف\", \"n/k\"]\n");
    std::fs::write(tmp.path().join("r.csv"), "V1,V2,C1,C2\n4,5,3,4\n").expect("write");
    let (code, _, err) = run(tmp.path(), &["template", "e.yaml", "-o", "t.xlsx"]);
    assert_eq!(code, Some(0), "{err}");
    let path: PathBuf = tmp.path().join("t.xlsx");
    let mut z = zip::ZipArchive::new(std::fs::File::open(&path).expect("open")).expect("zip");
    let mut wb = String::new();
    z.by_name("xl/workbook.xml")
        .expect("workbook")
        .read_to_string(&mut wb)
        .expect("read");
    let first = wb
        .find("<sheet ")
        .and_then(|i| wb.get(i..i + 40))
        .unwrap_or("");
    assert!(first.contains("name=\"Instructions\""), "{wb}");
    let mut sheet = String::new();
    z.by_name("xl/worksheets/sheet2.xml")
        .expect("responses")
        .read_to_string(&mut sheet)
        .expect("read");
    assert!(
        sheet.contains("<formula1>\"1,2,3,4,5,لا أعرف,n/k\"</formula1>"),
        "{sheet}"
    );
}

#[test]
fn naming_a_personal_metadata_column_as_a_comment_column_is_refused() {
    let tmp = folder("q.csv", "comments: [RecipientEmail]\n");
    let mut w = csv::Writer::from_path(tmp.path().join("q.csv")).expect("csv");
    for row in qualtrics_rows() {
        w.write_record(&row).expect("row");
    }
    w.flush().expect("flush");
    let err = refused(tmp.path());
    assert!(
        err.contains("error: comment column `RecipientEmail` (sheet q.csv) holds personal data"),
        "{err}"
    );
    assert!(!err.contains("@example.com"), "{err}");
}

#[test]
fn arabic_microsoft_forms_export_keeps_names_and_addresses_out() {
    let tmp = folder("f.xlsx", "");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Form1").expect("name");
    header(
        ws,
        &[
            "المعرف",
            "وقت البدء",
            "وقت الإكمال",
            "البريد الإلكتروني",
            "الاسم",
            "نجمع آراء العملاء بعد كل تواصل.",
            "تصل الآراء إلى الفريق المعني.",
            "نحل الشكوى من أول تواصل.",
            "نتابع العميل بعد حل الشكوى.",
        ],
    );
    for (r, a) in ANSWERS.iter().enumerate() {
        let r32 = r as u32 + 1;
        ws.write_number(r32, 0, f64::from(r32)).expect("id");
        ws.write_string(r32, 1, "2026-10-01 10:00").expect("start");
        ws.write_string(r32, 2, "2026-10-01 10:05").expect("end");
        ws.write_string(r32, 3, format!("person{r}@example.com"))
            .expect("mail");
        ws.write_string(r32, 4, format!("الاسم السري {r}"))
            .expect("name");
        for (c, v) in a.iter().enumerate() {
            ws.write_string(r32, c as u16 + 5, *v).expect("answer");
        }
    }
    wb.save(tmp.path().join("f.xlsx")).expect("save");
    let (code, out, err) = run(tmp.path(), &["score", "e.yaml", "--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("info: read as a Microsoft Forms export; its metadata columns ignored (المعرف, وقت البدء, وقت الإكمال); personal columns never read (البريد الإلكتروني, الاسم)"),
        "{err}"
    );
    assert_no_personal_data(&out, &err);
    assert!(!out.contains("الاسم السري") && !err.contains("الاسم السري"));
    let json: Value = serde_json::from_str(&out).expect("json");
    assert!((q_mean(&json, "C2") - 3.2).abs() < 1e-9);
}

// ---- faults found after issue 11 -------------------------------------------------------

/// A workbook with the mini Responses and a CLV sheet (segment, avg_purchase_value,
/// purchase_frequency, customer_lifespan_years) whose B2 is `=50*4` as openpyxl writes it:
/// no cached value; rust_xlsxwriter also asks for recalculation on opening.
#[test]
fn a_refused_formula_cell_is_not_also_reported_missing() {
    let tmp = folder("f.xlsx", "");
    let mut wb = Workbook::new();
    responses(&mut wb);
    let ws = wb.add_worksheet();
    ws.set_name("CLV").expect("name");
    header(
        ws,
        &[
            "segment",
            "avg_purchase_value",
            "purchase_frequency",
            "customer_lifespan_years",
        ],
    );
    ws.write_string(1, 0, "Retail").expect("segment");
    ws.write_formula(1, 1, Formula::new("=50*4"))
        .expect("formula");
    ws.write_number(1, 2, 4.0).expect("frequency");
    ws.write_number(1, 3, 3.0).expect("lifespan");
    let ws = wb.add_worksheet();
    ws.set_name("Customers").expect("name");
    header(ws, &["period", "customers_start", "customers_end"]);
    ws.write_formula(1, 0, Formula::new("=\"2026-Q\"&1"))
        .expect("formula");
    ws.write_number(1, 1, 100.0).expect("start");
    ws.write_formula(1, 2, Formula::new("=100-10"))
        .expect("formula");
    let ws = wb.add_worksheet();
    ws.set_name("NPS").expect("name");
    header(ws, &["score"]);
    ws.write_formula(1, 0, Formula::new("=5+4"))
        .expect("formula");
    ws.write_number(2, 0, 10.0).expect("score");
    wb.save(tmp.path().join("f.xlsx")).expect("save");
    let err = refused(tmp.path());
    for want in [
        "f.xlsx: CLV!B2: error: this cell is a formula that was never calculated",
        "f.xlsx: Customers!A2: error: this cell is a formula that was never calculated",
        "f.xlsx: Customers!C2: error: this cell is a formula that was never calculated",
        "f.xlsx: NPS!A2: error: this cell is a formula that was never calculated",
    ] {
        assert!(err.contains(want), "missing `{want}` in\n{err}");
    }
    assert!(!err.contains("is missing"), "{err}");
    assert_eq!(err.matches(": error:").count(), 4, "{err}");
}

#[test]
fn errors_quote_the_cell_as_written_not_its_normalised_digits() {
    let tmp = folder("d.xlsx", "");
    let mut wb = Workbook::new();
    let ws = responses(&mut wb);
    ws.write_string(2, 3, "٤٫٥").expect("answer");
    let ws = wb.add_worksheet();
    ws.set_name("NPS").expect("name");
    header(ws, &["score"]);
    ws.write_string(1, 0, "٫5").expect("score");
    ws.write_string(2, 0, "١١").expect("score");
    ws.write_number(3, 0, 9.0).expect("score");
    let ws = wb.add_worksheet();
    ws.set_name("CLV").expect("name");
    header(
        ws,
        &[
            "avg_purchase_value",
            "purchase_frequency",
            "customer_lifespan_years",
            "gross_margin",
        ],
    );
    for (c, v) in ["250", "4", "3", "١٥٠٪"].iter().enumerate() {
        ws.write_string(1, c as u16, *v).expect("clv");
    }
    wb.save(tmp.path().join("d.xlsx")).expect("save");
    let err = refused(tmp.path());
    for want in [
        "d.xlsx: NPS!A2: error: score: `٫5` is not a whole number",
        "d.xlsx: NPS!A3: error: score: `١١` is outside the scale 0..10",
        "d.xlsx: Responses!D3: error: answer to C1",
        "`٤٫٥` is not a whole number",
        "d.xlsx: CLV!D2: error: `gross_margin`: `١٥٠٪` is more than 100 %",
    ] {
        assert!(err.contains(want), "missing `{want}` in\n{err}");
    }
    for normalised in ["`0.5`", "`11`", "`4.5`", "1.5"] {
        assert!(!err.contains(normalised), "{normalised} quoted in\n{err}");
    }
}

#[test]
fn a_rating_sheet_whose_scores_are_all_not_applicable_is_not_called_empty() {
    let tmp = folder("n.xlsx", "");
    let mut wb = Workbook::new();
    responses(&mut wb);
    for name in ["NPS", "CSAT"] {
        let ws = wb.add_worksheet();
        ws.set_name(name).expect("name");
        header(ws, &["score"]);
        for r in 1..=14u32 {
            ws.write_string(r, 0, if r % 2 == 0 { "N/A" } else { "لا ينطبق" })
                .expect("score");
        }
    }
    wb.save(tmp.path().join("n.xlsx")).expect("save");
    let (json, err) = score_json(tmp.path());
    assert!(json["metrics"]["nps"].is_null(), "{}", json["metrics"]);
    assert!(json["metrics"]["csat"].is_null(), "{}", json["metrics"]);
    for sheet in ["NPS", "CSAT"] {
        let want = format!(
            "n.xlsx: sheet `{sheet}`: warning: the sheet has 14 row(s) but no score: every score is not applicable (N/A)"
        );
        assert!(err.contains(&want), "missing `{want}` in\n{err}");
        let said = format!(
            "the model reports {sheet} but its sheet gives no {sheet} value to compute from; {sheet} is left out"
        );
        assert!(err.contains(&said), "missing `{said}` in\n{err}");
    }
    assert!(!err.contains("no NPS rows"), "{err}");
    assert!(!err.contains("no CSAT rows"), "{err}");
    assert!(!err.contains("not-applicable score(s) skipped"), "{err}");
}

/// A Qualtrics export whose department and comment columns are named in the engagement by
/// their question text in row 2 (`الإدارة`, `ملاحظات`), as its questions are matched.
fn qualtrics_with_dept(path: &Path) {
    let mut rows = qualtrics_rows();
    for (i, row) in rows.iter_mut().enumerate() {
        let (dept, note) = match i {
            0 => ("Q_dept".to_string(), "Q_note".to_string()),
            1 => ("الإدارة".to_string(), "ملاحظات".to_string()),
            2 => (
                "{\"ImportId\":\"QID9\"}".to_string(),
                "{\"ImportId\":\"QID10_TEXT\"}".to_string(),
            ),
            _ => (
                if i % 2 == 0 {
                    "المبيعات"
                } else {
                    "الخدمة"
                }
                .to_string(),
                format!("ملاحظة {i}"),
            ),
        };
        row.push(dept);
        row.push(note);
    }
    let mut w = csv::Writer::from_path(path).expect("csv");
    for row in rows {
        w.write_record(&row).expect("row");
    }
    w.flush().expect("flush");
}

#[test]
fn qualtrics_segment_and_comment_columns_match_their_row_two_text() {
    let tmp = folder(
        "q.csv",
        "segments: [الإدارة]\ncomments: [ملاحظات]\nmin_segment_size: 1\n",
    );
    qualtrics_with_dept(&tmp.path().join("q.csv"));
    let (json, err) = score_json(tmp.path());
    assert!(!err.contains("no column for"), "{err}");
    let mut segs: Vec<(String, u64)> = json["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .map(|s| {
            (
                s["value"].as_str().unwrap_or("").to_string(),
                s["n"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    segs.sort();
    assert_eq!(
        segs,
        [("الخدمة".to_string(), 3), ("المبيعات".to_string(), 2)],
        "{err}"
    );
    // The row-1 id works as before.
    let tmp = folder("q.csv", "segments: [Q_dept]\nmin_segment_size: 1\n");
    qualtrics_with_dept(&tmp.path().join("q.csv"));
    let (json, err) = score_json(tmp.path());
    assert_eq!(json["segments"].as_array().map(Vec::len), Some(2), "{err}");
}

/// A tab-separated export named `.tsv` or `.txt` is a CSV: the score's places say `row R,
/// column C`, never `r.tsv!A5`.
#[test]
fn tsv_and_txt_exports_get_csv_places_in_the_score() {
    for name in ["r.tsv", "r.txt"] {
        let tmp = folder(name, "");
        std::fs::write(
            tmp.path().join(name),
            "V1\tV2\tC1\tC2\n4\t5\t3\t4\n3\t4\t2\t3\n4\t4\t4\t4\n2\t3\t3\t2\n",
        )
        .expect("write");
        let (json, err) = score_json(tmp.path());
        assert_eq!(json["data_quality"]["straightliners"][0]["row"], 4, "{err}");
        assert!(
            err.contains(&format!("{name}: row 4, column A: warning:")),
            "{name}: {err}"
        );
        assert!(!err.contains(&format!("{name}!")), "{name}: {err}");
    }
}

/// A header cell that is a never-calculated formula is refused once: the column it would
/// name is not also reported missing (Responses and metric sheets).
#[test]
fn a_formula_header_is_not_also_a_missing_column() {
    let tmp = folder("h.xlsx", "");
    let mut wb = Workbook::new();
    let ws = responses(&mut wb);
    ws.write_formula(0, 1, Formula::new("=\"V\"&1"))
        .expect("formula");
    let ws = wb.add_worksheet();
    ws.set_name("NPS").expect("name");
    ws.write_formula(0, 0, Formula::new("=\"sco\"&\"re\""))
        .expect("formula");
    ws.write_number(1, 0, 9.0).expect("score");
    wb.save(tmp.path().join("h.xlsx")).expect("save");
    let err = refused(tmp.path());
    for want in [
        "h.xlsx: Responses!B1: error: this cell is a formula that was never calculated",
        "h.xlsx: NPS!A1: error: this cell is a formula that was never calculated",
    ] {
        assert!(err.contains(want), "missing `{want}` in\n{err}");
    }
    assert!(!err.contains("no column"), "{err}");
    assert!(!err.contains("no `score` column"), "{err}");
    assert_eq!(err.matches(": error:").count(), 2, "{err}");
}

#[test]
fn stray_text_after_a_number_is_a_located_error_not_the_number() {
    let tmp = folder("r.csv", "");
    std::fs::write(
        tmp.path().join("r.csv"),
        "V1,V2,C1,C2\n1abc,5x,4 - Agree,3\n3,2 apples,٣x,(4) Agree\n",
    )
    .expect("write");
    let err = refused(tmp.path());
    for (place, cell) in [
        ("row 2, column A", "1abc"),
        ("row 2, column B", "5x"),
        ("row 3, column B", "2 apples"),
        ("row 3, column C", "٣x"),
    ] {
        assert!(
            err.contains(&format!("r.csv: {place}: error: answer to "))
                && err.contains(&format!(
                    "`{cell}` has text after the number that is not a label of this scale"
                )),
            "{place} {cell}: {err}"
        );
    }
    assert!(
        !err.contains("row 2, column C"),
        "`4 - Agree` is read: {err}"
    );
    assert!(
        !err.contains("row 3, column D"),
        "`(4) Agree` is read: {err}"
    );
    // NPS: the same rule; a known end label or a bracketed label is read.
    let tmp = folder("s.xlsx", "");
    let mut wb = Workbook::new();
    responses(&mut wb);
    let ws = wb.add_worksheet();
    ws.set_name("NPS").expect("name");
    header(ws, &["score"]);
    for (r, s) in ["10x", "0 promoters", "10 - Extremely likely", "9 (great)"]
        .iter()
        .enumerate()
    {
        ws.write_string(r as u32 + 1, 0, *s).expect("score");
    }
    wb.save(tmp.path().join("s.xlsx")).expect("save");
    let err = refused(tmp.path());
    assert!(
        err.contains("NPS!A2: error: score: `10x` has text after the number"),
        "{err}"
    );
    assert!(
        err.contains("NPS!A3: error: score: `0 promoters` has text after the number"),
        "{err}"
    );
    assert!(!err.contains("NPS!A4") && !err.contains("NPS!A5"), "{err}");
}
