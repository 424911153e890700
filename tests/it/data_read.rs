//! Reading real files: the messy survey export (xlsx and CSV, against its ground truth), the
//! committed samples, CSV encodings, and a workbook whose bad cells must all be reported.

use std::path::{Path, PathBuf};

use nudj::data::{Answer, ReadOptions, read_client_data};
use nudj::error::{Error, Severity};
use nudj::model::{EngagementFile, Model};
use rust_xlsxwriter::Workbook;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn model(rel: &str) -> Model {
    let text = std::fs::read_to_string(root().join(rel)).expect("model file");
    serde_saphyr::from_str(&text).expect("model parses")
}

fn expected() -> serde_json::Value {
    let text = std::fs::read_to_string(root().join("tests/fixtures/messy/expected.json"))
        .expect("expected.json");
    serde_json::from_str(&text).expect("json")
}

fn as_json(a: &Answer) -> serde_json::Value {
    match a {
        Answer::Blank => serde_json::Value::Null,
        Answer::NotApplicable => serde_json::Value::from("NA"),
        Answer::Value(v) => serde_json::Value::from(*v),
    }
}

fn check_messy(file: &str) {
    let m = model("assessments/cx-maturity.yaml");
    let path = root().join("tests/fixtures/messy").join(file);
    let read = match read_client_data(&path, &m, &ReadOptions::default()) {
        Ok(r) => r,
        Err(Error::Invalid(d)) => panic!(
            "{file}: {}",
            d.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        ),
        Err(e) => panic!("{file}: {e}"),
    };
    let exp = expected();
    let data = &read.output.responses;
    assert_eq!(
        serde_json::Value::from(data.questions.clone()),
        exp["question_ids"]
    );
    let rows = exp["data"].as_array().expect("data");
    assert_eq!(data.respondents.len(), rows.len());
    for (r, e) in data.respondents.iter().zip(rows) {
        let got: Vec<_> = r.answers.iter().map(as_json).collect();
        assert_eq!(
            serde_json::Value::from(got),
            e["answers"],
            "{file}: respondent {}",
            e["id"]
        );
    }
    // Every ignored column is named in a warning, and the counts are reported.
    let warnings: Vec<String> = read.warnings.iter().map(|w| w.message.clone()).collect();
    // One info line: the Microsoft Forms layout and its metadata columns, the personal ones
    // (Email, Name) never read. Everything else is a warning.
    let infos: Vec<&str> = read
        .warnings
        .iter()
        .filter(|w| w.severity == Severity::Info)
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(
        infos,
        [
            "read as a Microsoft Forms export; its metadata columns ignored (ID, Start time, Completion time); personal columns never read (Email, Name)"
        ],
        "{file}"
    );
    for col in exp["columns_matching_no_question"]
        .as_array()
        .expect("cols")
    {
        let col = col.as_str().expect("str");
        assert!(
            warnings.iter().any(|w| w.contains(&format!("`{col}`")))
                || infos.iter().any(|i| i.contains(col)),
            "{file}: no warning names {col}: {warnings:?}"
        );
    }
    let has = |s: String| {
        assert!(
            warnings.contains(&s),
            "{file}: missing `{s}` in {warnings:?}"
        );
    };
    has(format!("{} blank row(s) skipped", exp["blank_rows"]));
    has(format!(
        "{} not-applicable answer(s) skipped",
        exp["not_applicable_answers"]
    ));
    has(format!("{} blank answer(s) skipped", exp["blank_answers"]));
}

#[test]
fn messy_forms_export_xlsx_matches_ground_truth() {
    check_messy("forms-export.xlsx");
}

#[test]
fn messy_forms_export_csv_matches_ground_truth() {
    check_messy("forms-export.csv");
}

#[test]
fn messy_csv_as_utf16_tab_separated_reads_the_same() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/messy/forms-export.csv")).expect("csv");
    let text = text.trim_start_matches('\u{FEFF}').replace(';', "\t");
    let m = model("assessments/cx-maturity.yaml");
    let utf8 = ReadOptions::default();
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
        be.extend_from_slice(&u.to_be_bytes());
    }
    let baseline = read_client_data(
        &root().join("tests/fixtures/messy/forms-export.csv"),
        &m,
        &utf8,
    )
    .expect("utf-8 reads");
    for (name, bytes) in [("le.txt", le), ("be.csv", be)] {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).expect("write");
        let r = read_client_data(&p, &m, &utf8).expect("utf-16 reads");
        let a: Vec<_> = r
            .output
            .responses
            .respondents
            .iter()
            .map(|r| &r.answers)
            .collect();
        let b: Vec<_> = baseline
            .output
            .responses
            .respondents
            .iter()
            .map(|r| &r.answers)
            .collect();
        assert_eq!(a, b, "{name}");
    }
}

fn engagement(dir: &str) -> (EngagementFile, PathBuf) {
    let dir = root().join(dir);
    let text = std::fs::read_to_string(dir.join("engagement.yaml")).expect("engagement");
    let e: EngagementFile = serde_saphyr::from_str(&text).expect("engagement parses");
    let data = dir.join(e.data.as_ref().map(|d| d.value.clone()).expect("data"));
    (e, data)
}

#[test]
fn samples_read_without_errors() {
    let m = model("assessments/cx-maturity.yaml");
    for (dir, n) in [("samples/bank-ar", 120), ("samples/telecom-en", 200)] {
        let (e, data) = engagement(dir);
        let opts = ReadOptions::from_file(&e);
        let r = match read_client_data(&data, &m, &opts) {
            Ok(r) => r,
            Err(Error::Invalid(d)) => panic!(
                "{dir}: {}",
                d.iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
            Err(e) => panic!("{dir}: {e}"),
        };
        let d = r.output;
        assert_eq!(d.responses.respondents.len(), n, "{dir}");
        for seg in &opts.segments {
            assert!(
                d.responses
                    .respondents
                    .iter()
                    .all(|r| r.segments.contains_key(seg)),
                "{dir}: {seg}"
            );
        }
        assert!(
            d.responses
                .respondents
                .iter()
                .any(|r| !r.comments.is_empty())
        );
        let nps = d.nps.expect("nps");
        assert!(nps.len() > 500, "{dir}");
        assert!(nps.iter().all(|r| (0..=10).contains(&r.score)));
        assert!(
            nps.iter()
                .all(|r| r.date.as_deref().is_some_and(|d| d.len() == 10))
        );
        assert!(
            d.csat
                .expect("csat")
                .iter()
                .all(|r| (1..=5).contains(&r.score))
        );
        assert!(
            d.ces
                .expect("ces")
                .iter()
                .all(|r| (1..=7).contains(&r.score))
        );
        assert_eq!(d.customers.expect("customers").len(), 4);
        assert!(!d.clv.expect("clv").is_empty());
    }
}

/// Writes `rows` (header first) as the only sheet `Form1` of a workbook.
fn workbook(path: &Path, rows: &[Vec<&str>]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Form1").expect("name");
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            let (r, c) = (r as u32, c as u16);
            match v.parse::<f64>() {
                Ok(n) => ws.write_number(r, c, n),
                Err(_) => ws.write_string(r, c, *v),
            }
            .expect("write");
        }
    }
    wb.save(path).expect("save");
}

#[test]
fn every_bad_cell_is_reported_with_its_place() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("bad.xlsx");
    workbook(
        &p,
        &[
            vec!["respondent", "A1", "A2", "B1", "B2"],
            vec!["r1", "4", "Complete", "7", "2"],
            vec!["r2", "maybe", "2", "3", "-1"],
            vec!["r3", "2.5", "N/A", "", "٣"],
            vec!["r4", "3 - Absent", "1", "1", "TRUE"],
        ],
    );
    let m = model("tests/fixtures/data/model-0-4.yaml");
    let Err(Error::Invalid(diags)) = read_client_data(&p, &m, &ReadOptions::default()) else {
        panic!("bad cells must fail");
    };
    let lines: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    let all = lines.join("\n");
    for cell in ["D2", "B3", "E3", "B4", "B5", "E5"] {
        assert!(
            all.contains(&format!("Form1!{cell}:")),
            "{cell} not reported:\n{all}"
        );
    }
    assert_eq!(diags.len(), 6, "{all}");
    assert!(all.contains("`7` is outside the scale 0..4"), "{all}");
    assert!(all.contains("`maybe` is not an answer"), "{all}");
    assert!(all.contains("`2.5` is not a whole number"), "{all}");
    assert!(
        all.contains("`3 - Absent` gives the number 3 but the label of 0"),
        "{all}"
    );
    assert!(all.contains("expected a whole number from 0 to 4"), "{all}");
}

#[test]
fn header_problems_name_question_and_closest_header() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("typo.xlsx");
    workbook(
        &p,
        &[
            vec!["respondent", "A1", "A-2", "B1", "B2", "Plan", "Email"],
            vec!["r1", "4", "3", "2", "1", "4", "x@y.z"],
        ],
    );
    let m = model("tests/fixtures/data/model-0-4.yaml");
    let Err(Error::Invalid(diags)) = read_client_data(&p, &m, &ReadOptions::default()) else {
        panic!("must fail");
    };
    let all: String = diags.iter().map(|d| format!("{d}\n")).collect();
    assert!(all.contains("no column for question A2"), "{all}");
    assert!(
        all.contains("closest unmatched header is `A-2` in column C"),
        "{all}"
    );
    // `Plan` is an alias of A1, which already has column B.
    assert!(all.contains("has two columns: B and F"), "{all}");
}

#[test]
fn single_sheet_csv_with_segments_and_comments() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("r.csv");
    std::fs::write(
        &p,
        "Respondent,الإدارة,Notes,A1,A2,B1,B2\nr1,المبيعات,\"good, thanks\",4,٠,2,N/A\nr2,,,1,2,3,4\n",
    )
    .expect("write");
    let m = model("tests/fixtures/data/model-0-4.yaml");
    let opts = ReadOptions {
        segments: vec!["الإدارات".into()], // another word
        comments: vec!["notes".into()],
        ..ReadOptions::default()
    };
    // A segment name that does not match is an error with a suggestion, not silence.
    let Err(Error::Invalid(d)) = read_client_data(&p, &m, &opts) else {
        panic!("unknown segment must fail");
    };
    assert!(
        d[0].to_string()
            .contains("no column for the segment `الإدارات`")
    );
    assert!(d[0].to_string().contains("did you mean `الإدارة`"));
    // Written without hamza and with ه for ة: the same header (one normalisation).
    let opts = ReadOptions {
        segments: vec!["الاداره".into()],
        ..opts
    };
    assert!(read_client_data(&p, &m, &opts).is_ok());
    let opts = ReadOptions {
        segments: vec!["الإدارة".into()],
        ..opts
    };
    let r = read_client_data(&p, &m, &opts).expect("reads");
    let resp = &r.output.responses;
    assert_eq!(resp.respondents[0].answers[1], Answer::Value(0));
    assert_eq!(resp.respondents[0].answers[3], Answer::NotApplicable);
    assert_eq!(resp.respondents[0].segments["الإدارة"], "المبيعات");
    assert_eq!(resp.respondents[0].comments[0].text, "good, thanks");
    assert_eq!(
        resp.respondents[0].comments[0].place.to_string(),
        "row 2, column C"
    );
    assert!(resp.respondents[1].segments.is_empty());
    let w: Vec<_> = r.warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(
        w.contains(&"1 respondent(s) have no `الإدارة` value"),
        "{w:?}"
    );
}

#[test]
fn surveymonkey_second_header_row_is_skipped_with_a_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("monkey.csv");
    std::fs::write(
        &p,
        "Respondent ID,Is there a written plan?,A2,B1,B2\n,Response,Response,Response,Response\n\n1,4,3,2,1\n",
    )
    .expect("write");
    let m = model("tests/fixtures/data/model-0-4.yaml");
    let r = read_client_data(&p, &m, &ReadOptions::default()).expect("reads");
    assert_eq!(r.output.responses.respondents.len(), 1);
    assert_eq!(r.output.responses.respondents[0].id, "1");
    let w: Vec<_> = r.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        w.iter()
            .any(|w| w.contains("row 2, column A") && w.contains("second header row")),
        "{w:?}"
    );
    assert!(
        w.iter().any(|w| w.contains("1 blank row(s) skipped")),
        "{w:?}"
    );
}

#[test]
fn formula_cells_are_read_by_their_cached_values_and_dates_by_serial() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("formulas.xlsx");
    let mut wb = Workbook::new();
    // As Excel saves: calculated values stored, no request to recalculate on opening
    // (rust_xlsxwriter's default asks for it, which makes every formula untrusted).
    wb.set_calculation_mode(rust_xlsxwriter::CalculationMode::Manual);
    let ws = wb.add_worksheet();
    ws.set_name("Responses").expect("name");
    for (c, h) in ["respondent", "A1", "A2", "B1", "B2"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("h");
    }
    ws.write_string(1, 0, "r1").expect("w");
    ws.write_formula(1, 1, rust_xlsxwriter::Formula::new("=1+2").set_result("3"))
        .expect("formula");
    for c in 2..5u16 {
        ws.write_number(1, c, 1.0).expect("w");
    }
    let nps = wb.add_worksheet();
    nps.set_name("NPS").expect("name");
    nps.write_string(0, 0, "score").expect("h");
    nps.write_string(0, 1, "date").expect("h");
    nps.write_number(1, 0, 9.0).expect("w");
    nps.write_number(1, 1, 46_095.0).expect("serial"); // a plain number: an Excel serial
    let date_fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    let when = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 2, 18).expect("date");
    nps.write_number(2, 0, 0.0).expect("w");
    nps.write_datetime_with_format(2, 1, &when, &date_fmt)
        .expect("date cell");
    wb.save(&p).expect("save");
    let m = model("tests/fixtures/data/model-0-4.yaml");
    let r = read_client_data(&p, &m, &ReadOptions::default()).expect("reads");
    assert_eq!(
        r.output.responses.respondents[0].answers[0],
        Answer::Value(3)
    );
    let nps = r.output.nps.expect("nps");
    assert_eq!(nps[0].date.as_deref(), Some("2026-03-14"));
    assert_eq!(nps[1].date.as_deref(), Some("2026-02-18"));
    assert_eq!(nps[1].score, 0);
}
