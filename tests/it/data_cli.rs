//! Data-reading messages through the real binary (`nudj validate ENGAGEMENT` reads the data
//! file): exit codes, every bad cell listed, warnings printed on success.

use std::path::{Path, PathBuf};

use crate::common::{nudj, root, text, write_workbook};

fn validate(engagement: &Path) -> (Option<i32>, String, String) {
    let out = nudj(Path::new("."), &["validate", &engagement.to_string_lossy()]);
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

fn engagement(dir: &Path, data: &str, extra: &str) -> PathBuf {
    let model = root().join("tests/fixtures/data/model-0-4.yaml");
    let p = dir.join("engagement.yaml");
    std::fs::write(
        &p,
        format!(
            "client: {{name: Acme}}\nmodel: {}\ndata: {data}\nlanguage: en\ndate: 2026-01-01\n{extra}",
            model.display()
        ),
    )
    .expect("write");
    p
}

fn workbook(path: &Path, sheet: &str, rows: &[&[&str]]) {
    write_workbook(path, &[(sheet, rows)]);
}

#[test]
fn bad_cells_are_all_reported_and_exit_non_zero() {
    let dir = tempfile::tempdir().expect("tempdir");
    workbook(
        &dir.path().join("answers.xlsx"),
        "Form1",
        &[
            &["respondent", "A1", "A2", "B1", "B2"],
            &["r1", "4", "5", "Complete", "x"],
            &["r2", "٤", "", "N/A", "1 - Absent"],
        ],
    );
    let (code, _, err) = validate(&engagement(dir.path(), "answers.xlsx", ""));
    assert_eq!(code, Some(1), "{err}");
    for needle in [
        "Form1!C2",
        "answer to A2: `5` is outside the scale 0..4",
        "Form1!E2",
        "answer to B2: `x` is not an answer on this scale",
        "Form1!E3",
        "`1 - Absent` gives the number 1 but the label of 0",
        "expected a whole number from 0 to 4, a scale label, N/A, or blank",
    ] {
        assert!(err.contains(needle), "missing `{needle}` in:\n{err}");
    }
}

#[test]
fn missing_question_column_suggests_the_typo() {
    let dir = tempfile::tempdir().expect("tempdir");
    workbook(
        &dir.path().join("answers.xlsx"),
        "Responses",
        &[
            &["respondent", "A1", "A2", "B 1", "B2"],
            &["r1", "4", "3", "2", "1"],
        ],
    );
    let (code, _, err) = validate(&engagement(dir.path(), "answers.xlsx", ""));
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("no column for question B1"), "{err}");
    assert!(
        err.contains("the closest unmatched header is `B 1` in column D"),
        "{err}"
    );
}

#[test]
fn warnings_are_printed_on_success() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("answers.csv"),
        "\u{FEFF}ID;Email;Plan;A2;B1;B2\n1;a@b.c;4;N/A;2;\n\n2;;1;2;3;4\n",
    )
    .expect("write");
    let (code, out, err) = validate(&engagement(dir.path(), "answers.csv", ""));
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("valid engagement"), "{out}");
    for needle in [
        "column `ID` matches no question, segment or comment; ignored",
        "column `Email` matches no question",
        "1 blank row(s) skipped",
        "1 not-applicable answer(s) skipped",
        "1 blank answer(s) skipped",
    ] {
        assert!(err.contains(needle), "missing `{needle}` in:\n{err}");
    }
}

#[test]
fn hostile_workbook_through_the_cli() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "respondent").expect("w");
    ws.write_string(1_048_575, 16_383, "far").expect("w");
    wb.save(dir.path().join("far.xlsx")).expect("save");
    let (code, _, err) = validate(&engagement(dir.path(), "far.xlsx", ""));
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("Sheet1!XFD1048576"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn sheet_mapping_names_a_missing_sheet() {
    let dir = tempfile::tempdir().expect("tempdir");
    workbook(
        &dir.path().join("answers.xlsx"),
        "Answers",
        &[
            &["respondent", "A1", "A2", "B1", "B2"],
            &["r1", "1", "2", "3", "4"],
        ],
    );
    let (code, _, err) = validate(&engagement(
        dir.path(),
        "answers.xlsx",
        "sheets: {responses: Survey}\n",
    ));
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("the workbook has no sheet `Survey`") && err.contains("`Answers`"),
        "{err}"
    );
}

/// `0 (Extremely likely)`: the number and the standard NPS end label disagree (0 is "not at
/// all likely"). The export coded the scale the other way round, or the cell was edited: the
/// answer would count as a detractor when the respondent meant a promoter. Refused at the
/// cell, in English and Arabic; labels that agree, and ordinary labels, are read.
#[test]
fn an_nps_end_label_contradicting_its_number_is_refused_at_the_cell() {
    let dir = tempfile::tempdir().expect("tempdir");
    crate::common::SmallModel::new("nps", ("نموذج", "NPS model"))
        .dimension("d", ("محور", "Dimension"), &[("Q1", "عبارة", "Statement")])
        .metrics("nps: {}")
        .write(dir.path());
    let eng = dir.path().join("engagement.yaml");
    std::fs::write(&eng, crate::common::small_engagement("en", "")).expect("write");
    write_workbook(
        &dir.path().join("data.xlsx"),
        &[
            ("Responses", &[&["respondent", "Q1"], &["R1", "4"]]),
            (
                "NPS",
                &[
                    &["score"],
                    &["10 (Extremely likely)"],
                    &["0 (Extremely likely)"],
                    &["0 - Not at all likely"],
                    &["10 (غير محتمل على الإطلاق)"],
                    &["7 (Neutral)"],
                ],
            ),
        ],
    );
    let (code, _, err) = validate(&eng);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("NPS!A3") && err.contains("`0 (Extremely likely)` gives the number 0, but its label is the scale's label of 10"),
        "{err}"
    );
    assert!(
        err.contains("NPS!A5") && err.contains("the scale's label of 0"),
        "{err}"
    );
    for fine in ["NPS!A2", "NPS!A4", "NPS!A6"] {
        assert!(!err.contains(fine), "{fine} refused:\n{err}");
    }
}
