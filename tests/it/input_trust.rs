//! Inputs that would print a wrong figure or lose data are refused (or warned about) at
//! their place, through the binary: a previous result on another scale or with impossible
//! figures, summary rows and overlapping periods on the Customers and CLV sheets, a CSV
//! quote never closed, an output naming an input, an implausible assessment date, a second
//! answers sheet (tester6 F16, F29, F33, F22, F23, F34, F25).

use std::path::Path;

use serde_json::Value;

use crate::common::{nudj, ok, root, text, write_workbook};

/// A folder with the field-cases mini model (scale 1-5, V1 V2 C1 C2, NPS/CSAT/churn/CLV)
/// and `e.yaml` reading `data`, then `extra` lines.
fn folder(data: &str, extra: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        root().join("tests/fixtures/field-cases/mini-model.yaml"),
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

const ANSWERS: &[&[&str]] = &[
    &["respondent", "V1", "V2", "C1", "C2"],
    &["R1", "4", "5", "3", "4"],
    &["R2", "3", "4", "2", "3"],
    &["R3", "5", "5", "4", "4"],
];

fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = nudj(dir, args);
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

fn score_json(dir: &Path) -> Value {
    let out = nudj(dir, &["score", "e.yaml", "--format", "json"]);
    ok(&out);
    serde_json::from_str(&text(&out.stdout)).expect("score JSON")
}

// ---- previous: (F16, F29) ------------------------------------------------------------

/// A previous result with a score outside the scale, an overall score its dimensions do
/// not give, or an NPS outside ±100 is refused, naming the file and the JSON path; the
/// comparison is never printed.
#[test]
fn a_previous_result_with_impossible_figures_is_refused_with_its_path() {
    let tmp = folder("d.xlsx", "previous: prev.json\n");
    let nps: &[&[&str]] = &[&["score"], &["10"], &["9"], &["3"], &["7"]];
    write_workbook(
        &tmp.path().join("d.xlsx"),
        &[("Responses", ANSWERS), ("NPS", nps)],
    );
    let plain = folder("d.xlsx", "");
    std::fs::copy(tmp.path().join("d.xlsx"), plain.path().join("d.xlsx")).expect("copy");
    let genuine = score_json(plain.path());
    // The genuine result compares cleanly.
    std::fs::write(tmp.path().join("prev.json"), genuine.to_string()).expect("write");
    let (code, out, err) = run(tmp.path(), &["score", "e.yaml"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("→"), "{out}");

    let mut edited = genuine.clone();
    edited["dimensions"][0]["score"] = serde_json::json!(7.0);
    edited["overall"]["score"] = serde_json::json!(4.9);
    edited["metrics"]["nps"]["score"] = serde_json::json!(250.0);
    std::fs::write(tmp.path().join("prev.json"), edited.to_string()).expect("write");
    let (code, out, err) = run(tmp.path(), &["score", "e.yaml"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(!out.contains("→"), "{out}");
    for want in [
        "prev.json: error: `dimensions[voice].score` is 7, outside 1 … 5",
        "prev.json: error: `metrics.nps.score` is 250, outside -100 … 100",
    ] {
        assert!(err.contains(want), "{want}\n{err}");
    }
    // Within range but not the mean of its dimensions: a hand edit.
    let mut edited = genuine.clone();
    edited["overall"]["score"] = serde_json::json!(4.9);
    let overall = genuine["overall"]["score"].as_f64().expect("overall");
    let index = (4.9 - 1.0) / 4.0 * 100.0;
    edited["overall"]["index"] = serde_json::json!(index);
    std::fs::write(tmp.path().join("prev.json"), edited.to_string()).expect("write");
    let (code, _, err) = run(tmp.path(), &["score", "e.yaml"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "prev.json: error: `overall.score` is 4.9, but the dimensions' scores and weights give {overall}"
        )),
        "{err}"
    );
}

/// A previous result scored on another scale, or with another model, is not comparable:
/// an error instead of a delta between a 0-10 and a 1-5 score.
#[test]
fn a_previous_result_on_another_scale_or_model_is_refused() {
    let tmp = folder("d.xlsx", "previous: prev.json\n");
    write_workbook(&tmp.path().join("d.xlsx"), &[("Responses", ANSWERS)]);
    // The same answers scored by the model with its scale widened to 0-10.
    let wide = folder("d.xlsx", "");
    std::fs::copy(tmp.path().join("d.xlsx"), wide.path().join("d.xlsx")).expect("copy");
    let model = std::fs::read_to_string(wide.path().join("mini-model.yaml")).expect("model");
    let model = model
        .replacen("  min: 1\n  max: 5\n", "  min: 0\n  max: 10\n", 1)
        .replacen("min_score: 1.0", "min_score: 0.0", 1);
    assert!(model.contains("max: 10"));
    std::fs::write(wide.path().join("mini-model.yaml"), &model).expect("write");
    let prev = score_json(wide.path());
    std::fs::write(tmp.path().join("prev.json"), prev.to_string()).expect("write");
    let (code, out, err) = run(tmp.path(), &["score", "e.yaml"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(!out.contains("→"), "{out}");
    assert!(
        err.contains("prev.json: error: the previous result cannot be compared with this assessment: the scale is 0-10, this engagement's 1-5"),
        "{err}"
    );
    let genuine = {
        let plain = folder("d.xlsx", "");
        std::fs::copy(tmp.path().join("d.xlsx"), plain.path().join("d.xlsx")).expect("copy");
        score_json(plain.path())
    };
    let mut renamed = genuine;
    renamed["model"]["id"] = serde_json::json!("another-model");
    std::fs::write(tmp.path().join("prev.json"), renamed.to_string()).expect("write");
    let (code, _, err) = run(tmp.path(), &["score", "e.yaml"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("the model is `another-model`, this engagement's `field-mini`"),
        "{err}"
    );
}

// ---- Customers and CLV sheets (F33) --------------------------------------------------

/// The client's own total row under the periods is refused at its cell; without it the
/// churn rate is the pooled one, 9,000 / 238,000 (before: the total was pooled as a third
/// period, 18,000 / 358,000 = 5.03 %).
#[test]
fn a_total_row_on_the_customers_sheet_is_a_located_error() {
    let head: &[&str] = &[
        "period",
        "customers_start",
        "customers_end",
        "new_customers",
    ];
    let q1: &[&str] = &["2026-Q1", "120000", "118000", "3000"];
    let q2: &[&str] = &["2026-Q2", "118000", "117000", "3000"];
    let total: &[&str] = &["الإجمالي", "120000", "117000", "6000"];
    let tmp = folder("d.xlsx", "");
    write_workbook(
        &tmp.path().join("d.xlsx"),
        &[
            ("Responses", ANSWERS),
            ("Customers", &[head, q1, q2, total]),
        ],
    );
    let (code, _, err) = run(tmp.path(), &["score", "e.yaml"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(
            "d.xlsx: Customers!A4: error: period `الإجمالي` looks like a summary row, not a period"
        ),
        "{err}"
    );
    write_workbook(
        &tmp.path().join("d.xlsx"),
        &[("Responses", ANSWERS), ("Customers", &[head, q1, q2])],
    );
    let j = score_json(tmp.path());
    let rate = j["metrics"]["churn"]["rate"].as_f64().expect("rate");
    assert!((rate - 9000.0 / 238000.0 * 100.0).abs() < 1e-9, "{rate}");
}

/// Overlapping or repeated periods would count the same customers twice: each is an error
/// at its cell naming the period it overlaps.
#[test]
fn overlapping_and_repeated_periods_are_located_errors() {
    let head: &[&str] = &["period", "customers_start", "customers_end"];
    let rows: &[&[&str]] = &[
        head,
        &["2026-Q1", "1000", "950"],
        &["2026-Q2", "950", "930"],
        &["2026-H1", "1000", "930"],
        &["2026-Q2", "950", "930"],
    ];
    let tmp = folder("d.xlsx", "");
    write_workbook(
        &tmp.path().join("d.xlsx"),
        &[("Responses", ANSWERS), ("Customers", rows)],
    );
    let (code, _, err) = run(tmp.path(), &["validate", "e.yaml"]);
    assert_eq!(code, Some(1), "{err}");
    for want in [
        "Customers!A4: error: period `2026-H1` overlaps period `2026-Q1` (both cover 2026-01-01 … 2026-03-31): pooled into the churn rate, its customers would be counted twice",
        "Customers!A5: error: period `2026-Q2` is given twice (also `2026-Q2`)",
    ] {
        assert!(err.contains(want), "{want}\n{err}");
    }
}

/// A CLV total row would be weighted as one more segment holding every customer again.
#[test]
fn a_total_row_on_the_clv_sheet_is_a_located_error() {
    let rows: &[&[&str]] = &[
        &[
            "segment",
            "avg_purchase_value",
            "purchase_frequency",
            "customer_lifespan_years",
            "customers",
        ],
        &["Retail", "200", "4", "3", "1000"],
        &["Corporate", "900", "6", "5", "100"],
        &["Total", "263", "4.2", "3.2", "1100"],
    ];
    let tmp = folder("d.xlsx", "");
    write_workbook(
        &tmp.path().join("d.xlsx"),
        &[("Responses", ANSWERS), ("CLV", rows)],
    );
    let (code, _, err) = run(tmp.path(), &["validate", "e.yaml"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("CLV!A4: error: segment `Total` looks like a summary row, not a segment"),
        "{err}"
    );
}

// ---- a CSV quote never closed (F22) ----------------------------------------------------

/// One stray quote at the start of a comment used to swallow every later row into that
/// comment (the file then had 2 respondents, and the raw rows were printed as a comment):
/// now an error at the row and column where the quote opens.
#[test]
fn a_csv_quote_never_closed_is_refused_where_it_opens() {
    let tmp = folder("r.csv", "comments: [comment]\n");
    let mut csv = String::from("respondent,V1,V2,C1,C2,comment\n");
    csv.push_str("R1,4,5,3,4,fine\n");
    csv.push_str("R2,3,4,2,3,\"good but\n");
    for i in 3..=12 {
        csv.push_str(&format!("R{i},4,4,3,3,ok\n"));
    }
    std::fs::write(tmp.path().join("r.csv"), &csv).expect("write");
    let (code, _, err) = run(tmp.path(), &["validate", "e.yaml"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("r.csv: row 3, column F: error: a quote opened here is never closed: the 10 line(s) after it, to the end of the file, would be read as this one cell"),
        "{err}"
    );
    // Closed, the same file has its 12 respondents.
    std::fs::write(
        tmp.path().join("r.csv"),
        csv.replace("\"good but", "\"good, but\""),
    )
    .expect("write");
    assert_eq!(score_json(tmp.path())["respondents"], 12);
}

/// The same in a streamed metric feed: the NPS was computed from the rows before the quote.
#[test]
fn a_feed_quote_never_closed_is_refused_where_it_opens() {
    let tmp = folder("d.xlsx", "metric_files: {nps: nps.csv}\n");
    write_workbook(&tmp.path().join("d.xlsx"), &[("Responses", ANSWERS)]);
    let mut csv = String::from("score,channel,comment\n9,app,\n3,web,\"slow\n");
    for i in 0..20 {
        csv.push_str(&format!("{},app,\n", i % 11));
    }
    std::fs::write(tmp.path().join("nps.csv"), &csv).expect("write");
    let (code, _, err) = run(tmp.path(), &["score", "e.yaml"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("nps.csv: row 3, column C: error: a quote opened here is never closed: this cell runs over 20 line(s) that look like whole rows"),
        "{err}"
    );
}

// ---- outputs over inputs (F23) ---------------------------------------------------------

/// `-o` naming the engagement's own workbook or engagement file is refused before anything
/// is written: the client's answers are kept.
#[test]
fn an_output_naming_an_input_is_refused_and_the_input_kept() {
    let tmp = folder("d.xlsx", "");
    write_workbook(&tmp.path().join("d.xlsx"), &[("Responses", ANSWERS)]);
    let before = std::fs::read(tmp.path().join("d.xlsx")).expect("read");
    let engagement = std::fs::read(tmp.path().join("e.yaml")).expect("read");
    for args in [
        &["score", "e.yaml", "--format", "xlsx", "-o", "d.xlsx"][..],
        &["score", "e.yaml", "--format", "json", "-o", "./e.yaml"],
        &["report", "e.yaml", "-o", "e.yaml"],
        &["deck", "e.yaml", "-o", "d.xlsx"],
        &["report", "e.yaml", "-o", "mini-model.yaml"],
    ] {
        let (code, _, err) = run(tmp.path(), args);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert!(
            err.contains("is an input of this run") && err.contains("give another file name"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(
        std::fs::read(tmp.path().join("d.xlsx")).expect("read"),
        before
    );
    assert_eq!(
        std::fs::read(tmp.path().join("e.yaml")).expect("read"),
        engagement
    );
}

// ---- the assessment date (F34) --------------------------------------------------------

/// A Hijri date typed as `date:` (1448 AH) and dates far outside any assessment are
/// refused at the engagement line, the Hijri one with its own help.
#[test]
fn implausible_assessment_dates_are_refused_at_their_line() {
    for (date, want) in [
        (
            "1448-05-25",
            "e.yaml:5:7: error: date `1448-05-25` looks like a Hijri (AH) date: `date` is Gregorian",
        ),
        (
            "9999-12-31",
            "e.yaml:5:7: error: date `9999-12-31` is after 2099-12-31",
        ),
        (
            "1985-03-01",
            "e.yaml:5:7: error: date `1985-03-01` is before 1990-01-01",
        ),
    ] {
        let tmp = folder("d.xlsx", "");
        write_workbook(&tmp.path().join("d.xlsx"), &[("Responses", ANSWERS)]);
        let e = std::fs::read_to_string(tmp.path().join("e.yaml")).expect("read");
        std::fs::write(
            tmp.path().join("e.yaml"),
            e.replace("date: 2026-11-01", &format!("date: {date}")),
        )
        .expect("write");
        let (code, _, err) = run(tmp.path(), &["validate", "e.yaml"]);
        assert_eq!(code, Some(1), "{err}");
        assert!(err.contains(want), "{want}\n{err}");
    }
}

// ---- a second answers sheet (F25) -----------------------------------------------------

/// A copy of the answers sheet holding more rows (`Responses (2)`) is not read: a warning
/// names it and its rows.
#[test]
fn a_second_answers_sheet_is_warned_about() {
    let tmp = folder("d.xlsx", "");
    let more: &[&[&str]] = &[
        &["respondent", "V1", "V2", "C1", "C2"],
        &["W1", "1", "1", "1", "1"],
        &["W2", "2", "1", "2", "1"],
    ];
    write_workbook(
        &tmp.path().join("d.xlsx"),
        &[("Responses", ANSWERS), ("Responses (2)", more)],
    );
    let (code, _, err) = run(tmp.path(), &["validate", "e.yaml"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("sheet `Responses (2)`: warning: sheet `Responses (2)` has 5 of the 5 columns of the answers sheet `Responses` and 2 row(s) under them, but is not read"),
        "{err}"
    );
}
