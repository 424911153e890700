//! A survey with fewer respondents than `min_segment_size` (tester 6 F32: 2 respondents were
//! reported in full, each statement's answers and a comment) is one small group: warned by
//! `validate`; the report shows the scores with a caution, but no statement's answer
//! distribution, no comment, and a narrative quote of a comment is refused.

use std::path::Path;

use crate::common::{SmallModel, nudj, ok, pdftotext, small_engagement, text, write_workbook};

fn engagement(dir: &Path, extra: &str, narrative: Option<&str>) {
    SmallModel::new("m", ("نموذج", "Model"))
        .dimension(
            "alpha",
            ("الاستراتيجية", "Strategy"),
            &[("A1", "سؤال", "Question")],
        )
        .write(dir);
    std::fs::write(
        dir.join("engagement.yaml"),
        small_engagement("en", &format!("comments: [Comment]\n{extra}")),
    )
    .unwrap();
    let responses: &[&[&str]] = &[
        &["Respondent", "A1", "Comment"],
        &["R1", "1", "my manager never listens"],
        &["R2", "5", ""],
    ];
    write_workbook(&dir.join("data.xlsx"), &[("Responses", responses)]);
    if let Some(md) = narrative {
        std::fs::create_dir_all(dir.join("narrative")).unwrap();
        std::fs::write(dir.join("narrative/summary.md"), md).unwrap();
    }
}

#[test]
fn a_survey_of_two_shows_scores_with_a_caution_and_no_answers_or_comments() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    engagement(dir, "", None);
    let err = ok(&nudj(dir, &["validate", "engagement.yaml"]));
    assert!(
        err.contains("warning: the survey has 2 respondent(s), fewer than the engagement's `min_segment_size` of 5"),
        "{err}"
    );
    ok(&nudj(
        dir,
        &[
            "report",
            "engagement.yaml",
            "-o",
            "r.pdf",
            "--emit-typst",
            "typ",
        ],
    ));
    let flat = pdftotext(&dir.join("r.pdf"), &[])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(!flat.contains("never listens"), "{flat}");
    assert!(
        flat.contains("Only 2 respondents answered the survey, fewer than 5 respondents"),
        "{flat}"
    );
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("typ/data.json")).unwrap()).unwrap();
    let q = &data["appendix"][0]["questions"][0];
    assert_eq!(q["dist"], serde_json::json!([]), "{q}");
    // The mean (1 and 5: 3.00) is shown, not the SD (2.83: with n and the mean, the answers).
    assert_eq!(q["mean"], "3.00");
    assert_eq!(q["sd"], "—");
    assert!(!flat.contains("2.83"), "{flat}");
    assert_eq!(data["verbatims"], serde_json::json!([]));

    // With the minimum at 2 the survey is reported in full.
    engagement(dir, "min_segment_size: 2\n", None);
    ok(&nudj(dir, &["report", "engagement.yaml", "-o", "r2.pdf"]));
    let t = pdftotext(&dir.join("r2.pdf"), &[]);
    assert!(t.contains("never listens"), "{t}");
}

#[test]
fn a_quote_from_a_survey_of_two_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    engagement(dir, "", Some("We heard:\n\n{{ quote(\"R1\") }}\n"));
    let out = nudj(dir, &["validate", "engagement.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains(
            "summary.md:3:1: error: `R1` is a comment from a group of respondents too small to show"
        ),
        "{err}"
    );
}
