//! Personal data in the respondent column and comments of hidden groups never reach an
//! output: cases found by trying nudj as a consultant would (names and e-mails typed as
//! respondent ids; a narrative quoting a member of a group of three).

use std::path::Path;

use crate::common::{SmallModel, nudj, ok, pdftotext, small_engagement, text, write_workbook};

/// Eight respondents in two departments (Sales 5, Finance 3); ids as given; a comment each.
fn engagement(dir: &Path, ids: &[&str], narrative: Option<&str>) {
    SmallModel::new("tiny", ("نموذج صغير", "Tiny model"))
        .dimension(
            "lead",
            ("القيادة", "Leadership"),
            &[
                ("L1", "سؤال أول", "First question"),
                ("L2", "سؤال ثان", "Second question"),
            ],
        )
        .write(dir);
    let extra = "segments: [Dept]\ncomments: [Notes]\nmin_segment_size: 5\n";
    std::fs::write(dir.join("engagement.yaml"), small_engagement("en", extra)).unwrap();
    let mut rows: Vec<Vec<String>> = vec![
        ["respondent", "Dept", "L1", "L2", "Notes"]
            .map(String::from)
            .to_vec(),
    ];
    for (i, id) in ids.iter().enumerate() {
        let dept = if i < 5 { "Sales" } else { "Finance" };
        let a = (i % 4 + 2).to_string();
        rows.push(vec![
            id.to_string(),
            dept.into(),
            a.clone(),
            a,
            format!("comment number {i} from {dept}"),
        ]);
    }
    let rows: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    write_workbook(&dir.join("data.xlsx"), &[("Responses", &rows)]);
    if let Some(md) = narrative {
        std::fs::create_dir_all(dir.join("narrative")).unwrap();
        std::fs::write(dir.join("narrative/summary.md"), md).unwrap();
    }
}

/// Respondent codes: kept as they are in every output.
const CODES: [&str; 8] = [
    "R001", "R002", "R003", "R004", "R005", "R006", "R007", "R008",
];

const PEOPLE: [&str; 8] = [
    "Fatima Al-Harbi",
    "R002",
    "sara.k@bank-example.com.sa",
    "R004",
    "0501234567",
    "R006",
    "Khalid Al-Otaibi",
    "R008",
];

#[test]
fn names_and_contacts_in_the_respondent_column_become_row_numbers_everywhere() {
    let tmp = tempfile::tempdir().unwrap();
    engagement(
        tmp.path(),
        &PEOPLE,
        Some("A summary of what we heard.\n\n{{ quote(\"Responses!E2\") }}\n"),
    );
    let out = nudj(
        tmp.path(),
        &["score", "engagement.yaml", "--format", "json"],
    );
    let json = ok(&out);
    let err = text(&out.stderr);
    assert!(
        err.contains("the respondent column holds values that are not codes (the first at row 2)"),
        "{err}"
    );
    let report = nudj(tmp.path(), &["report", "engagement.yaml", "-o", "r.pdf"]);
    ok(&report);
    let pdf = pdftotext(&tmp.path().join("r.pdf"), &[]);
    for person in [
        "Fatima",
        "Harbi",
        "sara.k",
        "bank-example",
        "0501234567",
        "Khalid",
    ] {
        assert!(!json.contains(person), "{person} in the score JSON");
        assert!(!err.contains(person), "{person} in the messages");
        assert!(!pdf.contains(person), "{person} in the report");
    }
    // The quote is attributed to the row, as Excel numbers it.
    assert!(pdf.contains("comment number 0 from Sales"), "{pdf}");
    assert!(pdf.contains("row 2"), "{pdf}");
}

#[test]
fn respondent_codes_are_kept() {
    let tmp = tempfile::tempdir().unwrap();
    engagement(
        tmp.path(),
        &CODES,
        Some("We heard this.\n\n{{ quote(\"R003\") }}\n"),
    );
    let out = nudj(tmp.path(), &["report", "engagement.yaml", "-o", "r.pdf"]);
    ok(&out);
    assert!(!text(&out.stderr).contains("not codes"));
    let pdf = pdftotext(&tmp.path().join("r.pdf"), &[]);
    assert!(pdf.contains("R003"), "{pdf}");
}

#[test]
fn a_quote_from_a_hidden_group_is_refused_at_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    // R007 is in Finance: 3 respondents, fewer than 5, so the group is hidden.
    engagement(
        tmp.path(),
        &CODES,
        Some("We heard this.\n\n{{ quote(\"Responses!E8\") }}\n\n{{ quote(\"R006\") }}\n"),
    );
    for cmd in ["report", "validate"] {
        let args: &[&str] = if cmd == "report" {
            &["report", "engagement.yaml", "-o", "r.pdf"]
        } else {
            &["validate", "engagement.yaml"]
        };
        let out = nudj(tmp.path(), args);
        assert_eq!(out.status.code(), Some(1), "{cmd}");
        let err = text(&out.stderr);
        for (line, reference) in [(3, "Responses!E8"), (5, "R006")] {
            let want = format!(
                "summary.md:{line}:1: error: `{reference}` is a comment from a group of respondents too small to show"
            );
            assert!(err.contains(&want), "{cmd}: {want}\n{err}");
        }
        assert!(!tmp.path().join("r.pdf").exists());
    }
}

#[test]
fn quote_tags_do_not_make_an_arabic_narrative_english() {
    let tmp = tempfile::tempdir().unwrap();
    engagement(
        tmp.path(),
        &CODES,
        // 23 Arabic letters; the four tags hold 60 Latin ones.
        Some(
            "ملخص الاختبار في هذا التقرير.\n\n{{ quote(\"Responses!E2\") }}\n\n\
             {{ quote(\"Responses!E3\") }}\n\n{{ quote(\"Responses!E4\") }}\n\n\
             {{ quote(\"Responses!E5\") }}\n",
        ),
    );
    let e = std::fs::read_to_string(tmp.path().join("engagement.yaml")).unwrap();
    std::fs::write(
        tmp.path().join("engagement.yaml"),
        e.replace("language: en", "language: ar"),
    )
    .unwrap();
    let out = nudj(tmp.path(), &["report", "engagement.yaml", "-o", "r.pdf"]);
    ok(&out);
    assert!(
        !text(&out.stderr).contains("is written in English"),
        "{}",
        text(&out.stderr)
    );
}

/// Comments holding dates, times, counts and ids (kept) and phone numbers (masked): the
/// tester's sentences, through the report's appendix of verbatims.
#[test]
fn dates_counts_and_ids_in_comments_are_kept_and_phones_masked() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    engagement(dir, &CODES, None);
    let comments = [
        "decision dated 2026-11-15 signed",
        "dated 15/11/2026 signed",
        "E20 12345 complaints in 2025",
        "time 2026-11-15T10:00 logged",
        "قرار بتاريخ 2026-11-15 صادر",
        "phone 050 123 4567 listed",
        "جوالي ٠٥٥١٢٣٤٥٦٧ شكرا",
        "office (04) 123 4567 closed",
    ];
    let mut rows: Vec<Vec<String>> = vec![
        ["respondent", "Dept", "L1", "L2", "Notes"]
            .map(String::from)
            .to_vec(),
    ];
    for (i, c) in comments.iter().enumerate() {
        rows.push([CODES[i], "Sales", "3", "4", c].map(String::from).to_vec());
    }
    let rows: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    write_workbook(&dir.join("data.xlsx"), &[("Responses", &rows)]);
    ok(&nudj(dir, &["report", "engagement.yaml", "-o", "r.pdf"]));
    let pdf = pdftotext(&dir.join("r.pdf"), &[]);
    for kept in [
        "decision dated 2026-11-15 signed",
        "dated 15/11/2026 signed",
        "E20 12345 complaints in 2025",
        "time 2026-11-15T10:00 logged",
    ] {
        assert!(pdf.contains(kept), "{kept} lost: {pdf}");
    }
    for phone in ["123 4567", "٠٥٥١٢٣٤٥٦٧", "0551234567"] {
        assert!(!pdf.contains(phone), "{phone} reached the report");
    }
    assert!(pdf.contains("phone […] listed"), "{pdf}");
}
