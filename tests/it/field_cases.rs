//! The field cases (tests/fixtures/field-cases/, copied from the files people who run surveys
//! reported): every right value of each `EXPECTED.md` asserted through the binary.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{nudj, text};

fn case(name: &str) -> PathBuf {
    crate::common::root()
        .join("tests/fixtures/field-cases")
        .join(name)
}

/// `nudj score ENGAGEMENT --format json` in the case's folder: the JSON and stderr.
fn score_json(dir: &Path, engagement: &str) -> (Value, String) {
    let out = nudj(dir, &["score", engagement, "--format", "json"]);
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {err}"));
    (json, err)
}

/// `nudj validate ENGAGEMENT` that must fail: its stderr.
fn refused(dir: &Path, engagement: &str) -> String {
    let out = nudj(dir, &["validate", engagement]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

fn close(v: &Value, want: f64, what: &str) {
    let got = v
        .as_f64()
        .unwrap_or_else(|| panic!("{what}: not a number: {v}"));
    assert!((got - want).abs() < 1e-9, "{what}: {got} != {want}");
}

/// The Responses values every case shares: V1 3.6, V2 4.2, voice 3.9, C1 3.4, C2 3.2,
/// care 3.3, overall 3.6, 5 respondents (means kept at full precision in JSON).
fn assert_mini_scores(json: &Value) {
    assert_eq!(json["respondents"], 5);
    let q = |id: &str| {
        json["questions"]
            .as_array()
            .and_then(|qs| qs.iter().find(|q| q["id"] == id))
            .map(|q| q["mean"].clone())
            .unwrap_or_else(|| panic!("no question {id}"))
    };
    let d = |id: &str| {
        json["dimensions"]
            .as_array()
            .and_then(|ds| ds.iter().find(|d| d["id"] == id))
            .map(|d| d["score"].clone())
            .unwrap_or_else(|| panic!("no dimension {id}"))
    };
    close(&q("V1"), 3.6, "V1");
    close(&q("V2"), 4.2, "V2");
    close(&d("voice"), 3.9, "voice");
    close(&q("C1"), 3.4, "C1");
    close(&q("C2"), 3.2, "C2");
    close(&d("care"), 3.3, "care");
    close(&json["overall"]["score"], 3.6, "overall");
}

#[test]
fn formula_uncached_is_refused_naming_the_range() {
    let err = refused(&case("formula-uncached"), "engagement-openpyxl.yaml");
    assert!(
        err.contains(
            "openpyxl.xlsx: NPS!A2:A11: error: these cells are formulas that were never calculated"
        ),
        "{err}"
    );
    assert!(
        err.contains("open the file in Excel or LibreOffice and save it"),
        "{err}"
    );
    // One error for the block, not one per cell; nothing else refused.
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    // `score` and `report` refuse it the same way: no NPS from placeholders.
    let out = nudj(
        &case("formula-uncached"),
        &["score", "engagement-openpyxl.yaml"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("NPS!A2:A11"));
}

#[test]
fn dot_thousands_text_is_refused_naming_each_cell() {
    let err = refused(&case("dot-thousands-text"), "engagement.yaml");
    for cell in ["Customers!B2", "Customers!C2", "CLV!B2"] {
        assert!(
            err.contains(&format!("responses.xlsx: {cell}: error:"))
                && err.contains("is ambiguous"),
            "{cell} not named: {err}"
        );
    }
    assert!(
        err.contains("`12.500` is ambiguous: 12500 if `.` separates thousands, or 12.5 if it is a decimal point"),
        "{err}"
    );
    assert!(
        err.contains("numbers: {decimal: \",\", thousands: \".\"}"),
        "{err}"
    );
}

#[test]
fn dot_thousands_text_reads_right_when_the_engagement_states_it() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("dot-thousands-text");
    std::fs::create_dir(&dir).expect("mkdir");
    std::fs::copy(
        case("dot-thousands-text/responses.xlsx"),
        dir.join("responses.xlsx"),
    )
    .expect("copy");
    std::fs::copy(case("mini-model.yaml"), tmp.path().join("mini-model.yaml")).expect("copy");
    let e = std::fs::read_to_string(case("dot-thousands-text/engagement.yaml")).expect("read");
    std::fs::write(
        dir.join("engagement.yaml"),
        format!("{e}numbers: {{decimal: \",\", thousands: \".\"}}\n"),
    )
    .expect("write");
    let (json, err) = score_json(&dir, "engagement.yaml");
    // churn = (12500 + 850 - 11900) / 12500 = 11.6 %; CLV = 1250 × 4 × 3 × 0.35 = 5250 SAR.
    close(&json["metrics"]["churn"]["rate"], 11.6, "churn");
    close(
        &json["metrics"]["churn"]["periods"][0]["customers_start"],
        12500.0,
        "start",
    );
    close(&json["metrics"]["clv"]["value"], 5250.0, "clv");
    assert!(!err.contains("error"), "{err}");
}

#[test]
fn excel_sep_line_is_honoured() {
    let (json, err) = score_json(&case("excel-sep-line"), "engagement.yaml");
    assert_mini_scores(&json);
    assert!(
        err.contains("info: line 1 is Excel's delimiter line `sep=;`: honoured and skipped"),
        "{err}"
    );
}

#[test]
fn mac_cr_csv_reads_and_numbers_rows_as_excel() {
    let dir = case("mac-cr-csv");
    let (json, _) = score_json(&dir, "engagement.yaml");
    assert_mini_scores(&json);
    // R4's C2 is 6: row 5 (the 5th line of the file), column E.
    let err = refused(&dir, "engagement-bad.yaml");
    assert!(
        err.contains(
            "responses-bad.csv: row 5, column E: error: answer to C2: `6` is outside the scale 1..5"
        ),
        "{err}"
    );
    // No respondent column: respondents are named by their Excel row; the third answer line
    // (file row 4) answers 4 to everything and is flagged as a straight-liner `row 4`.
    let (json, _) = score_json(&dir, "engagement-dq.yaml");
    let dq = &json["data_quality"]["straightliners"];
    assert_eq!(dq.as_array().map(Vec::len), Some(1), "{dq}");
    assert_eq!(dq[0]["id"], "row 4");
    assert_eq!(dq[0]["row"], 4);
    let (json, _) = score_json(&dir, "engagement-noid.yaml");
    assert_mini_scores(&json);
}

#[test]
fn mac_cr_csv_without_ids_names_respondents_by_excel_row() {
    let dir = case("mac-cr-csv");
    let m: nudj::model::Model = serde_saphyr::from_str(
        &std::fs::read_to_string(dir.join("../mini-model.yaml")).expect("model"),
    )
    .expect("model parses");
    let r = nudj::data::read_client_data(
        &dir.join("responses-noid.csv"),
        &m,
        &nudj::data::ReadOptions::default(),
    )
    .expect("reads");
    let ids: Vec<&str> = r
        .output
        .responses
        .respondents
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(ids, ["row 2", "row 3", "row 4", "row 5", "row 6"]);
}

#[test]
fn nps_paren_labels_read_as_their_numbers() {
    let (json, err) = score_json(&case("nps-paren-label"), "engagement.yaml");
    assert_mini_scores(&json);
    let nps = &json["metrics"]["nps"];
    assert_eq!(nps["promoters"], 5, "{err}");
    assert_eq!(nps["passives"], 2);
    assert_eq!(nps["detractors"], 3);
    assert_eq!(nps["n"], 10);
    close(&nps["score"], 20.0, "nps");
}

#[test]
fn first_strong_comment_scores() {
    let (json, _) = score_json(&case("first-strong-comment"), "engagement.yaml");
    assert_mini_scores(&json);
}

#[test]
fn rounding_tie_inputs_are_read_exactly() {
    // The display rounding is checked with the report; here the figures read: exact ties.
    let (json, _) = score_json(&case("nps-rounding-tie"), "engagement.yaml");
    let nps = &json["metrics"]["nps"];
    close(&nps["score"], 6.25, "nps");
    assert_eq!(nps["promoters"], 7);
    assert_eq!(nps["passives"], 3);
    assert_eq!(nps["detractors"], 6);
    close(&json["metrics"]["csat"]["score"], 56.25, "csat");
    assert_eq!(json["metrics"]["csat"]["satisfied"], 9);
    let v1 = json["questions"]
        .as_array()
        .and_then(|qs| qs.iter().find(|q| q["id"] == "V1"))
        .map(|q| q["mean"].clone())
        .unwrap_or_default();
    close(&v1, 3.125, "V1");
    let voice = json["dimensions"]
        .as_array()
        .and_then(|ds| ds.iter().find(|d| d["id"] == "voice"))
        .map(|d| d["score"].clone())
        .unwrap_or_default();
    close(&voice, 3.5625, "voice");
}
