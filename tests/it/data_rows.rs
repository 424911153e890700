//! Rows that are not respondents, or may not be (tester5 F5, F21, F16): a row hidden in
//! Excel (warned by name, scored), a trailing `Average` / `المجموع` summary row (a located
//! error), a respondent with no valid answer (flagged and left out of every count), and a CSV
//! row longer than its header (a located error: an unquoted comma shifted its cells).

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};

use crate::common::{SmallModel, nudj, ok, small_engagement, text};

/// The tester's s2 model in small: two dimensions, four questions, scale 1-5.
fn model(dir: &Path) {
    SmallModel::new("s-two", ("نموذج اختبار", "Test model"))
        .dimension(
            "alpha",
            ("الاستراتيجية", "Strategy"),
            &[
                ("ALPHA-01", "عبارة 1", "Statement 1"),
                ("ALPHA-02", "عبارة 2", "Statement 2"),
            ],
        )
        .dimension(
            "gamma",
            ("البيانات", "Data"),
            &[
                ("GAMMA-01", "عبارة 3", "Statement 3"),
                ("GAMMA-02", "عبارة 4", "Statement 4"),
            ],
        )
        .write(dir);
}

const HEADER: [&str; 5] = ["respondent", "ALPHA-01", "ALPHA-02", "GAMMA-01", "GAMMA-02"];

/// Writes `data.xlsx`: the header, then `rows` at their 0-based sheet rows (gaps stay
/// blank); the rows in `hidden` are hidden in Excel.
fn workbook(dir: &Path, rows: &[(u32, [&str; 5])], hidden: &[u32]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Responses").unwrap();
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, cells) in rows {
        for (c, v) in cells.iter().enumerate() {
            match v.parse::<f64>() {
                Ok(n) => ws.write_number(*r, c as u16, n),
                Err(_) => ws.write_string(*r, c as u16, *v),
            }
            .unwrap();
        }
    }
    for r in hidden {
        ws.set_row_hidden(*r).unwrap();
    }
    wb.save(dir.join("data.xlsx")).unwrap();
}

fn setup(lang: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    model(tmp.path());
    std::fs::write(
        tmp.path().join("engagement.yaml"),
        small_engagement(lang, ""),
    )
    .unwrap();
    tmp
}

/// stderr of `nudj ARGS`, the folder's path cut to `DIR`, with the exit code.
fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = nudj(dir, args);
    let mut err = text(&out.stderr);
    for d in [dir.canonicalize().unwrap(), dir.to_path_buf()] {
        err = err.replace(&format!("{}/", d.display()), "");
    }
    assert!(!err.contains("panicked"), "{err}");
    (out.status.code(), err, text(&out.stdout))
}

#[test]
fn a_row_hidden_in_excel_is_named_in_a_warning_and_scored() {
    let tmp = setup("en");
    let dir = tmp.path();
    // The tester's e2: R1, then `TEST-hidden` with all 4s in hidden row 3.
    workbook(
        dir,
        &[
            (1, ["R1", "2", "3", "1", "2"]),
            (2, ["TEST-hidden", "4", "4", "4", "4"]),
        ],
        &[2],
    );
    let (code, err, out) = run(dir, &["validate", "engagement.yaml"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("data.xlsx: Responses!A3: warning: row 3 is hidden in Excel; scored (unhide it to check it; delete it if it is a test row)"),
        "{err}"
    );
    assert_eq!(err.matches("is hidden in Excel").count(), 1, "{err}");
    assert!(out.contains("(2 respondents)"), "{out}");
}

#[test]
fn a_trailing_summary_row_is_refused_at_its_cell() {
    for (label, lang) in [
        ("Average", "en"),
        ("المتوسط", "ar"),
        ("Total:", "en"),
        ("المجموع", "ar"),
    ] {
        let tmp = setup(lang);
        let dir = tmp.path();
        // R1, R2, two blank rows, then the client's summary row (row 6).
        workbook(
            dir,
            &[
                (1, ["R1", "2", "3", "1", "2"]),
                (2, ["R2", "4", "4", "3", "4"]),
                (5, [label, "3", "3.5", "2", "3"]),
            ],
            &[],
        );
        let (code, err, _) = run(dir, &["validate", "engagement.yaml"]);
        assert_eq!(code, Some(1), "{label}: {err}");
        let want = format!(
            "data.xlsx: Responses!A6: error: row 6 is labelled `{label}`: it looks like a summary row, not a respondent"
        );
        assert!(err.contains(&want), "{label}: {err}");
        assert!(
            err.contains("delete the row (nudj computes the averages and totals itself)"),
            "{err}"
        );
        // The 3.5 of the summary row is not reported as a bad answer: the row is refused whole.
        assert!(!err.contains("3.5"), "{err}");
    }
}

#[test]
fn a_respondent_with_no_valid_answer_is_flagged_and_not_counted() {
    let tmp = setup("en");
    let dir = tmp.path();
    // The tester's e10: R2 answered N/A to everything, R3 one question.
    workbook(
        dir,
        &[
            (1, ["R1", "2", "3", "1", "2"]),
            (2, ["R2", "N/A", "N/A", "N/A", "N/A"]),
            (3, ["R3", "3", "", "", ""]),
        ],
        &[],
    );
    let (code, err, out) = run(dir, &["validate", "engagement.yaml"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("data.xlsx: Responses!A3: warning: respondent `R2` gave no valid answer (every answer is not applicable or blank); not counted as a respondent"),
        "{err}"
    );
    assert!(!err.contains("`R2` answered fewer"), "{err}");
    assert!(out.contains("(2 respondents)"), "{out}");

    // JSON: two respondents, R2 flagged, excluded.
    let o = nudj(dir, &["score", "engagement.yaml", "--format", "json"]);
    ok(&o);
    let r: serde_json::Value = serde_json::from_str(&text(&o.stdout)).unwrap();
    assert_eq!(r["respondents"], 2);
    assert_eq!(r["data_quality"]["total_respondents"], 3);
    assert_eq!(r["data_quality"]["excluded"], 1);
    assert_eq!(r["data_quality"]["no_answer"][0]["id"], "R2");
    assert_eq!(r["data_quality"]["no_answer"][0]["row"], 3);
    // Scores unchanged by R2: ALPHA-01 (2 + 3) / 2.
    let q = r["questions"].as_array().unwrap();
    assert_eq!(q[0]["mean"], 2.5);

    // Report (and deck: the same data): "2" respondents and the data-quality row.
    ok(&nudj(
        dir,
        &["report", "engagement.yaml", "--emit-typst", "typ"],
    ));
    let d: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("typ/data.json")).unwrap()).unwrap();
    assert_eq!(d["respondents"], "2");
    let quality = d["quality"].as_array().unwrap();
    let row = |label: &str| {
        quality
            .iter()
            .find(|x| x["label"] == label)
            .unwrap_or_else(|| panic!("no `{label}` in {quality:?}"))["value"]
            .clone()
    };
    assert_eq!(row("Responses scored"), "2");
    assert_eq!(row("Responses with no valid answer (excluded)"), "1");

    // Workbook: the Data quality sheet says the same.
    ok(&nudj(
        dir,
        &[
            "score",
            "engagement.yaml",
            "--format",
            "xlsx",
            "-o",
            "r.xlsx",
        ],
    ));
    let mut wb = open_workbook_auto(dir.join("r.xlsx")).unwrap();
    let names = wb.sheet_names();
    let sheet = names.iter().find(|n| n.as_str() == "Data quality").unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    let value = |label: &str| {
        range
            .rows()
            .find(|r| r.first() == Some(&Data::String(label.into())))
            .and_then(|r| r.get(1).cloned())
    };
    assert_eq!(value("Responses scored"), Some(Data::Float(2.0)));
    assert_eq!(
        value("Responses with no valid answer (excluded)"),
        Some(Data::Float(1.0))
    );
}

#[test]
fn a_csv_row_longer_than_its_header_is_refused_at_that_row() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // The tester's c1 verbatim: s2's model (8 questions, scale 0-4), row 3 with two cells
    // past the header's last column.
    let q = |id: &'static str| (id, "عبارة", "Statement");
    let yaml = SmallModel::new("s-two", ("نموذج اختبار", "Test model"))
        .levels(&[0.0, 2.0])
        .dimension(
            "alpha",
            ("الاستراتيجية", "Strategy"),
            &[q("ALPHA-01"), q("ALPHA-02"), q("ALPHA-03")],
        )
        .dimension("beta", ("القنوات", "Channels"), &[q("BETA-01")])
        .dimension(
            "gamma",
            ("البيانات", "Data"),
            &[q("GAMMA-01"), q("GAMMA-02"), q("GAMMA-03"), q("GAMMA-04")],
        )
        .yaml()
        .replace("scale: {min: 1, max: 5}", "scale: {min: 0, max: 4}");
    std::fs::write(dir.join("model.yaml"), yaml).unwrap();
    std::fs::write(
        dir.join("engagement.yaml"),
        small_engagement("en", "").replace("data.xlsx", "responses.csv"),
    )
    .unwrap();
    std::fs::write(
        dir.join("responses.csv"),
        "respondent,ALPHA-01,ALPHA-02,ALPHA-03,BETA-01,GAMMA-01,GAMMA-02,GAMMA-03,GAMMA-04\n\
         R1,1,2,3,4,0,1,2,3\nR2,1,2,3,4,0,1,2,3,4,4\nR3,1,2,3\nR4,\"2\",2,2,2,2,2,2,1\nR5,1,1,1,1,1,1,1,2,,\n",
    )
    .unwrap();
    let (code, err, _) = run(dir, &["validate", "engagement.yaml"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("responses.csv: row 3, column J: error: row 3 has 11 cells, the header 9: a comma inside an unquoted answer or comment has probably shifted the cells after it"),
        "{err}"
    );
    assert!(!err.contains("no header; ignored"), "{err}");
    // Empty cells past the header (R5) are no error.
    assert_eq!(err.matches("error:").count(), 1, "{err}");
}

/// tester6 F2: rows whose answers are all blank (a survey tool's export read with its answers
/// in the wrong columns) leave nothing to report. `validate`, `score`, `report` and `deck` all
/// refuse it at the sheet, saying why, instead of a document of dashes with exit 0.
#[test]
fn nothing_to_report_is_an_error_in_every_command() {
    let tmp = setup("en");
    let dir = tmp.path();
    workbook(
        dir,
        &[
            (1, ["R1", "", "", "", ""]),
            (2, ["R2", "N/A", "", "", ""]),
            (3, ["R3", "", "", " ", ""]),
        ],
        &[],
    );
    let want = "data.xlsx: sheet `Responses`: error: no respondent can be scored: every one of the 3 data row(s) has only blank or not-applicable answers in the 4 question columns; there is nothing to report";
    for args in [
        &["validate", "engagement.yaml"][..],
        &["score", "engagement.yaml"],
        &[
            "score",
            "engagement.yaml",
            "--format",
            "xlsx",
            "-o",
            "r.xlsx",
        ],
        &["report", "engagement.yaml", "-o", "r.pdf"],
        &["deck", "engagement.yaml", "-o", "d.pdf"],
    ] {
        let (code, err, out) = run(dir, args);
        assert_eq!(code, Some(1), "{args:?}: {err}");
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(!out.contains("valid engagement"), "{out}");
    }
    for f in ["r.xlsx", "r.pdf", "d.pdf"] {
        assert!(!dir.join(f).exists(), "{f} written");
    }
    // One scored respondent is enough to report.
    workbook(
        dir,
        &[(1, ["R1", "", "", "", ""]), (2, ["R2", "3", "", "", ""])],
        &[],
    );
    let (code, err, out) = run(dir, &["validate", "engagement.yaml"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("(1 respondent)"), "{out}");
}

/// tester6 F2: every respondent with answers left out by the engagement's `exclude:` is the
/// same dead end, said as such.
#[test]
fn every_respondent_excluded_is_an_error_naming_exclude() {
    let tmp = setup("en");
    let dir = tmp.path();
    std::fs::write(
        dir.join("engagement.yaml"),
        small_engagement("en", "exclude: {incomplete: true}\n"),
    )
    .unwrap();
    workbook(
        dir,
        &[(1, ["R1", "3", "", "", ""]), (2, ["R2", "", "", "", ""])],
        &[],
    );
    let (code, err, _) = run(dir, &["score", "engagement.yaml"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("error: no respondent is scored: of the 2 data row(s), 1 have no valid answer and 1 are left out by the engagement's `exclude:`"),
        "{err}"
    );
}
