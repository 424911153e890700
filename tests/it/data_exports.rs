//! Survey tools' exports as they come (tester6 F1, F6, F7): SurveyMonkey's expanded workbook
//! with a matrix header merged across its statements, a Qualtrics export holding preview,
//! test and unfinished responses, the help for a missing question column in a file nudj did
//! not make, and a CSV file saved as UTF-16 without its byte-order mark.

use std::path::Path;

use crate::common::{SmallModel, nudj, small_engagement, text};

/// Two dimensions, four questions (`Statement 1` … `Statement 4` in English), scale 1-5.
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

/// The answers of every case: department and four answers per respondent.
const ANSWERS: [(&str, [u32; 4]); 3] = [
    ("Sales", [4, 3, 2, 5]),
    ("Sales", [2, 2, 3, 1]),
    ("Finance", [5, 4, 4, 3]),
];

/// stderr of `nudj ARGS` with the folder's path cut, the exit code and stdout.
fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = nudj(dir, args);
    let mut err = text(&out.stderr);
    for d in [dir.canonicalize().unwrap(), dir.to_path_buf()] {
        err = err.replace(&format!("{}/", d.display()), "");
    }
    assert!(!err.contains("panicked"), "{err}");
    (out.status.code(), err, text(&out.stdout))
}

/// The overall score of `score --format json` in `dir`.
fn overall(dir: &Path) -> f64 {
    let (code, err, out) = run(dir, &["score", "engagement.yaml", "--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v["overall"]["score"].as_f64().unwrap()
}

/// The same answers in nudj's own layout (question ids as headers), as the reference.
fn plain_overall() -> f64 {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    model(dir);
    std::fs::write(
        dir.join("engagement.yaml"),
        small_engagement("en", "segments: [Department]\n"),
    )
    .unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Responses").unwrap();
    for (c, h) in [
        "respondent",
        "Department",
        "ALPHA-01",
        "ALPHA-02",
        "GAMMA-01",
        "GAMMA-02",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (dept, a)) in ANSWERS.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, format!("R{r}")).unwrap();
        ws.write_string(r, 1, *dept).unwrap();
        for (c, v) in a.iter().enumerate() {
            ws.write_number(r, c as u16 + 2, f64::from(*v)).unwrap();
        }
    }
    wb.save(dir.join("data.xlsx")).unwrap();
    overall(dir)
}

/// tester6 F1: SurveyMonkey's "All responses data" expanded workbook. Row 1: metadata, the
/// department question, and a matrix question's header merged across its four statement
/// columns (blank but for the first); row 2: `Response` under single questions and each
/// statement's text under the matrix. The statements name the columns, row 2 is skipped, and
/// the score is the one of the same answers in nudj's layout.
#[test]
fn surveymonkey_matrix_under_a_merged_header_is_read_by_its_statements() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    model(dir);
    std::fs::write(
        dir.join("engagement.yaml"),
        small_engagement("en", "segments: [Department]\n"),
    )
    .unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Sheet").unwrap();
    for (c, h) in [
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "Department",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let plain = rust_xlsxwriter::Format::new();
    ws.merge_range(
        0,
        5,
        0,
        8,
        "How far do you agree with each statement?",
        &plain,
    )
    .unwrap();
    ws.write_string(1, 4, "Response").unwrap();
    for i in 0..4u16 {
        ws.write_string(1, 5 + i, format!("Statement {}", i + 1))
            .unwrap();
    }
    for (r, (dept, a)) in ANSWERS.iter().enumerate() {
        let r = r as u32 + 2;
        ws.write_number(r, 0, 114_000_000.0 + f64::from(r)).unwrap();
        ws.write_number(r, 1, 431_000_000.0).unwrap();
        ws.write_string(r, 2, "11/02/2026 09:00:00").unwrap();
        ws.write_string(r, 3, "11/02/2026 09:05:00").unwrap();
        ws.write_string(r, 4, *dept).unwrap();
        for (c, v) in a.iter().enumerate() {
            ws.write_number(r, 5 + c as u16, f64::from(*v)).unwrap();
        }
    }
    wb.save(dir.join("data.xlsx")).unwrap();

    let (code, err, out) = run(dir, &["validate", "engagement.yaml"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("(3 respondents)"), "{out}");
    assert!(err.contains("read as a SurveyMonkey export"), "{err}");
    assert!(
        err.contains("data.xlsx: Sheet!A2: warning: row 2 is the SurveyMonkey export's second header row (`Response` and the matrix questions' statements); skipped"),
        "{err}"
    );
    assert!(!err.contains("no column for question"), "{err}");
    assert!((overall(dir) - plain_overall()).abs() < 1e-12);
}

/// A Qualtrics CSV export (three header rows) whose rows 4-6 carry `rows` as
/// `(Status, Finished, answers)`.
fn qualtrics(dir: &Path, rows: &[(&str, &str, [u32; 4])]) {
    model(dir);
    std::fs::write(
        dir.join("engagement.yaml"),
        small_engagement("en", "").replace("data.xlsx", "data.csv"),
    )
    .unwrap();
    let mut csv = String::from(
        "StartDate,EndDate,Status,Progress,Finished,ResponseId,Q1_1,Q1_2,Q1_3,Q1_4\n\
         Start Date,End Date,Response Type,Progress,Finished,Response ID,Agree - Statement 1,Agree - Statement 2,Agree - Statement 3,Agree - Statement 4\n\
         {\"ImportId\":\"startDate\"},{\"ImportId\":\"endDate\"},{\"ImportId\":\"status\"},{\"ImportId\":\"progress\"},{\"ImportId\":\"finished\"},{\"ImportId\":\"_recordId\"},{\"ImportId\":\"QID1_1\"},{\"ImportId\":\"QID1_2\"},{\"ImportId\":\"QID1_3\"},{\"ImportId\":\"QID1_4\"}\n",
    );
    for (i, (status, finished, a)) in rows.iter().enumerate() {
        csv.push_str(&format!(
            "2026-11-0{d} 09:00,2026-11-0{d} 09:05,{status},100,{finished},R_{i},{},{},{},{}\n",
            a[0],
            a[1],
            a[2],
            a[3],
            d = i % 9 + 1
        ));
    }
    std::fs::write(dir.join("data.csv"), csv).unwrap();
}

/// tester6 F7: Qualtrics previews, test responses and spam (as text or as their numeric
/// codes) are no respondents: left out with one warning naming their rows, and the score is
/// that of the real responses. Unfinished responses are counted in a warning and kept.
#[test]
fn qualtrics_previews_tests_and_spam_are_left_out_unfinished_ones_warned() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let real: Vec<(&str, &str, [u32; 4])> = ANSWERS
        .iter()
        .map(|(_, a)| ("IP Address", "True", *a))
        .collect();
    qualtrics(dir, &real);
    let want = overall(dir);

    let mut rows = real.clone();
    rows.insert(1, ("Survey Preview", "True", [5, 5, 5, 5]));
    rows.insert(2, ("1", "1", [1, 1, 1, 1]));
    rows.push(("Survey Test", "True", [5, 4, 5, 4]));
    rows.push(("Spam", "True", [1, 2, 1, 2]));
    rows.push(("8", "True", [1, 1, 2, 2]));
    qualtrics(dir, &rows);
    let (code, err, out) = run(dir, &["validate", "engagement.yaml"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("(3 respondents)"), "{out}");
    assert!(
        err.contains("data.csv: row 5, column A: warning: 5 row(s) are not respondents' answers but Qualtrics previews, test responses or spam (`Status` = `Survey Preview`, `1`, `Survey Test`, `Spam`, `8`); left out: rows 5, 6, 9, 10, 11"),
        "{err}"
    );
    assert!((overall(dir) - want).abs() < 1e-12);

    // Unfinished responses: kept (partial answers are scored), named in one warning.
    let mut rows = real.clone();
    rows[1].1 = "False";
    rows[2].1 = "0";
    qualtrics(dir, &rows);
    let (code, err, out) = run(dir, &["validate", "engagement.yaml"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("(3 respondents)"), "{out}");
    assert!(
        err.contains("data.csv: row 5, column A: warning: 2 response(s) were not finished (Qualtrics `Finished` = False): rows 5, 6; kept, as partial answers are"),
        "{err}"
    );
}

/// tester6 F6: a question column missing from a Google Forms CSV export. The help names the
/// headers that match nothing and never suggests `template --update` (which cannot rewrite a
/// CSV file, and the model did not change).
#[test]
fn a_missing_column_in_an_export_names_the_unmatched_headers_not_update() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    model(dir);
    std::fs::write(
        dir.join("engagement.yaml"),
        small_engagement("en", "").replace("data.xlsx", "data.csv"),
    )
    .unwrap();
    std::fs::write(
        dir.join("data.csv"),
        "Timestamp,Agree [Statement 1],Agree [Statement 2],Agree [Statement 3],Your branch\n\
         2026/11/02 9:00:00,4,3,2,North\n",
    )
    .unwrap();
    let (code, err, _) = run(dir, &["validate", "engagement.yaml"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("data.csv: error: no column for question GAMMA-02 (Statement 4)\n  help: no header names it; the headers that match nothing are `Your branch` (E): head its column `GAMMA-02` or with the question's text (in either language), or add the column"),
        "{err}"
    );
    assert!(!err.contains("--update"), "{err}");
    assert_eq!(err.matches("error:").count(), 1, "{err}");
}

/// tester6 F6: the same kind of export saved as UTF-16 without its byte-order mark (either
/// byte order) is one error saying so, not one per missing column.
#[test]
fn utf16_without_a_byte_order_mark_is_one_error() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    model(dir);
    std::fs::write(
        dir.join("engagement.yaml"),
        small_engagement("en", "").replace("data.xlsx", "data.csv"),
    )
    .unwrap();
    let csv = "Timestamp,ALPHA-01,ALPHA-02,GAMMA-01,GAMMA-02\r\n2026/11/02 9:00:00,4,3,2,5\r\n";
    for be in [true, false] {
        let bytes: Vec<u8> = csv
            .encode_utf16()
            .flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() })
            .collect();
        std::fs::write(dir.join("data.csv"), bytes).unwrap();
        let (code, err, _) = run(dir, &["validate", "engagement.yaml"]);
        assert_eq!(code, Some(1), "{err}");
        assert!(
            err.contains(
                "data.csv: error: this file looks like UTF-16 text without a byte-order mark"
            ),
            "{err}"
        );
        assert!(err.contains("save it as \"CSV UTF-8\""), "{err}");
        assert_eq!(err.matches("error:").count(), 1, "{err}");
    }
}

/// Writes `data.xlsx`: respondent, `Branch`, the four answers; `merges` are merged ranges
/// `(first row, column, last row, last column, value)`, written after the cells.
fn merged_workbook(dir: &Path, rows: &[[&str; 6]], merges: &[(u32, u16, u32, u16, &str)]) {
    model(dir);
    std::fs::write(
        dir.join("engagement.yaml"),
        small_engagement("en", "segments: [Branch]\ncomments: [Notes]\n"),
    )
    .unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Responses").unwrap();
    let head = [
        "respondent",
        "Branch",
        "ALPHA-01",
        "ALPHA-02",
        "GAMMA-01",
        "GAMMA-02",
        "Notes",
    ];
    for (c, h) in head.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, cells) in rows.iter().enumerate() {
        for (c, v) in cells.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match v.parse::<f64>() {
                Ok(n) => ws.write_number(r, c, n).map(|_| ()),
                Err(_) if v.is_empty() => Ok(()),
                Err(_) => ws.write_string(r, c, *v).map(|_| ()),
            }
            .unwrap();
        }
    }
    let plain = rust_xlsxwriter::Format::new();
    for (r1, c1, r2, c2, v) in merges {
        ws.merge_range(*r1, *c1, *r2, *c2, v, &plain).unwrap();
    }
    wb.save(dir.join("data.xlsx")).unwrap();
}

/// tester6 F12: a branch's cells merged down the segment column (as hand-made sheets are
/// formatted) are read as Excel shows them: every row of the range has the branch, and a
/// warning names the ranges. The same in a comment column.
#[test]
fn merged_segment_and_comment_cells_fill_every_row_they_cover() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let rows = [
        ["R1", "", "4", "3", "2", "5"],
        ["R2", "", "2", "2", "3", "1"],
        ["R3", "", "5", "4", "4", "3"],
        ["R4", "", "3", "3", "3", "4"],
        ["R5", "South", "1", "2", "2", "3"],
    ];
    merged_workbook(
        dir,
        &rows,
        &[(1, 1, 4, 1, "North"), (2, 6, 3, 6, "late replies")],
    );
    let (code, err, _) = run(dir, &["validate", "engagement.yaml"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("have no `Branch` value"), "{err}");
    assert!(
        err.contains("data.xlsx: sheet `Responses`: warning: 2 merged range(s) in segment or comment columns read as Excel shows them, their value on every row they cover: Responses!B2:B5, Responses!G3:G4"),
        "{err}"
    );
    let (code, err, out) = run(dir, &["score", "engagement.yaml", "--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let groups: Vec<(String, u64)> = v["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["value"].as_str().unwrap().to_string(),
                s["n"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        groups,
        vec![("North".to_string(), 4), ("South".to_string(), 1)]
    );
}

/// tester6 F12: a merged range over answer cells cannot be read row by row: an error naming
/// the range, not answers silently blank below its first row.
#[test]
fn merged_answer_cells_are_an_error_at_the_range() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let rows = [
        ["R1", "North", "", "3", "2", "5"],
        ["R2", "North", "", "2", "3", "1"],
        ["R3", "South", "", "4", "4", "3"],
    ];
    merged_workbook(dir, &rows, &[(1, 2, 3, 2, "4")]);
    let (code, err, _) = run(dir, &["validate", "engagement.yaml"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("data.xlsx: Responses!C2:C4: error: this is a merged cell that covers answer cells: Excel shows one value across it, but only its first cell holds it, so the other rows' values are unknown"),
        "{err}"
    );
    assert!(err.contains("unmerge the cells"), "{err}");
}

/// A Google Forms CSV export: Timestamp, (Email Address when `email`), the four answers.
fn forms(dir: &Path, email: bool, rows: &[(&str, [u32; 4])]) {
    model(dir);
    std::fs::write(
        dir.join("engagement.yaml"),
        small_engagement("en", "").replace("data.xlsx", "data.csv"),
    )
    .unwrap();
    let mut csv = String::from("Timestamp,");
    if email {
        csv.push_str("Email Address,");
    }
    csv.push_str(
        "Agree [Statement 1],Agree [Statement 2],Agree [Statement 3],Agree [Statement 4]\n",
    );
    for (i, (mail, a)) in rows.iter().enumerate() {
        csv.push_str(&format!("2026/11/02 9:{:02}:00,", i * 2));
        if email {
            csv.push_str(&format!("{mail},"));
        }
        csv.push_str(&format!("{},{},{},{}\n", a[0], a[1], a[2], a[3]));
    }
    std::fs::write(dir.join("data.csv"), csv).unwrap();
}

/// tester6 F3: a Google Forms submission sent twice (same answers, same e-mail, a later
/// timestamp) is left out the second time, with a warning naming both rows and never the
/// e-mail. Without an e-mail column to confirm, both rows are kept and the warning asks.
#[test]
fn a_double_submission_is_named_and_left_out_when_the_email_agrees() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let rows = [
        ("a@example.com", [4, 3, 2, 5]),
        ("b@example.com", [2, 2, 3, 1]),
        ("b@example.com", [2, 2, 3, 1]),
        ("c@example.com", [5, 5, 5, 5]),
        ("d@example.com", [5, 5, 5, 5]),
        ("e@example.com", [4, 3, 2, 5]),
    ];
    forms(dir, true, &rows);
    let (code, err, out) = run(dir, &["validate", "engagement.yaml"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("(5 respondents)"), "{out}");
    assert!(
        err.contains("data.csv: row 4, column A: warning: rows 3 and 4 hold the same answers to every question, segment and comment, and the same e-mail address: a double submission; row 4 is left out"),
        "{err}"
    );
    // Another e-mail with the same answers: another person, kept, no warning; nor for two
    // straight-liners.
    assert_eq!(err.matches("hold the same answers").count(), 1, "{err}");
    assert!(!err.contains("example.com"), "{err}");

    forms(dir, false, &rows);
    let (code, err, out) = run(dir, &["validate", "engagement.yaml"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("(6 respondents)"), "{out}");
    for (a, b) in [(2, 7), (3, 4)] {
        assert!(
            err.contains(&format!("warning: rows {a} and {b} hold the same answers to every question, segment and comment: if row {b} is a double submission, delete it; both are kept")),
            "{err}"
        );
    }
    assert_eq!(err.matches("hold the same answers").count(), 2, "{err}");
}

/// tester6 F26: a form worded otherwise than the model (the Arabic verb forms `أوافق بشدة`,
/// `أوافق` … that Google and Microsoft Forms users type) is declared once in the
/// engagement's `answers:`, not edited cell by cell; the score is that of the numbers.
#[test]
fn answer_wordings_are_declared_in_the_engagement() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    model(dir);
    let words = ["لا أوافق بشدة", "لا أوافق", "محايد", "أوافق", "أوافق بشدة"];
    let mut csv = String::from("respondent,ALPHA-01,ALPHA-02,GAMMA-01,GAMMA-02\n");
    let mut numbers = csv.clone();
    for (r, (_, a)) in ANSWERS.iter().enumerate() {
        let cells: Vec<&str> = a.iter().map(|v| words[*v as usize - 1]).collect();
        csv.push_str(&format!("R{r},{}\n", cells.join(",")));
        numbers.push_str(&format!("R{r},{},{},{},{}\n", a[0], a[1], a[2], a[3]));
    }
    let engagement = |extra: &str| {
        std::fs::write(
            dir.join("engagement.yaml"),
            small_engagement("en", extra).replace("data.xlsx", "data.csv"),
        )
        .unwrap();
    };
    std::fs::write(dir.join("data.csv"), &numbers).unwrap();
    engagement("");
    let want = overall(dir);

    std::fs::write(dir.join("data.csv"), &csv).unwrap();
    let (code, err, _) = run(dir, &["validate", "engagement.yaml"]);
    assert_eq!(code, Some(1), "{err}");
    engagement("answers: {لا أوافق بشدة: 1, لا أوافق: 2, محايد: 3, أوافق: 4, أوافق بشدة: 5}\n");
    let (code, err, out) = run(dir, &["validate", "engagement.yaml"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("(3 respondents)"), "{out}");
    assert!((overall(dir) - want).abs() < 1e-12);

    // Off the scale, a not-applicable word, a wording given two values: errors at the line.
    engagement("answers: {أوافق: 7, N/A: 3}\n");
    let (code, err, _) = run(dir, &["validate", "engagement.yaml"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("engagement.yaml:6:")
            && err.contains("error: answer `أوافق` means 7, outside the scale 1..5"),
        "{err}"
    );
    assert!(
        err.contains("error: answer `N/A` is a \"not applicable\" word; it cannot also mean 3"),
        "{err}"
    );
    engagement("answers: {أوافق: 4, اوافق: 5}\n");
    let (code, err, _) = run(dir, &["validate", "engagement.yaml"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("already means"), "{err}");
}
