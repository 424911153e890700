//! Evidence-based assessments through the binary: the hand-computed example end to end
//! (`score --format json`), located errors and warnings of the `Assessment` sheet.
//!
//! Model (gated, scale 0..4, met_at 3, levels L1 / L2 / L3): dimension `gv` with GV1 (level
//! 2), GV2 (level 2), GV3 (level 3); dimension `sv` with SV1 (level 2), SV2 (level 3).
//!
//! | question | Huda | Omar | Sara | consensus | consensus rating      | spread |
//! |----------|------|------|------|-----------|-----------------------|--------|
//! | GV1      | ٣    | 4    | 3    |           | median 3              | 1      |
//! | GV2      | 2    | 4    | N/A  |           | (2 + 4) / 2 = 3       | 2 → disagreement |
//! | GV3      | 1    | 3    | 2    | 2         | the meeting's 2       | 2      |
//! | SV1      | 4    | 4    | Fully implemented (4) | | 4             | 0      |
//! | SV2      | 3    | 3    | 4    |           | median 3              | 1      |
//!
//! Met (≥ 3): GV1, GV2, SV1, SV2; GV3 (2) is not. gv: level 2 passed (GV1, GV2), level 3
//! blocked by GV3 → level 2. sv: SV1 (2) and SV2 (3) met → level 3. Overall = lowest = 2.
//! Scores: gv = (3 + 3 + 2) / 3 = 8/3; sv = (4 + 3) / 2 = 3.5; overall = (8/3 + 3.5) / 2 = 37/12.
//! Alpha (worked out in src/score/assessment.rs): 47/164 ≈ 0.2866, not reliable.
//! Exact agreement: SV1 only, 1 of 5 = 0.2. Disagreements: GV2.
//! Self-assessment (Responses: R1 all 4; R2 3, 3, 3, 4, 4): gv (3.5 + 3.5 + 3.5) / 3 = 3.5,
//! sv 4.

use std::path::Path;

use serde_json::Value;

use crate::common::{nudj, ok, text, write_workbook};

const MODEL: &str = r#"id: gated
version: "1"
title: {ar: نموذج متدرج, en: Gated model}
scale:
  min: 0
  max: 4
  labels:
    0: {ar: غير مطبق, en: Not implemented}
    4: {ar: مطبق بالكامل, en: Fully implemented}
scoring: {levels: gated, met_at: 3}
levels:
  - {name: {ar: أول, en: L1}, min_score: 0}
  - {name: {ar: ثان, en: L2}, min_score: 1.5}
  - {name: {ar: ثالث, en: L3}, min_score: 3}
dimensions:
  - id: gv
    name: {ar: الحوكمة, en: Governance}
    questions:
      - {id: GV1, text: {ar: أ, en: A}, level: 2, evidence: {ar: محضر, en: Minutes}}
      - {id: GV2, text: {ar: ب, en: B}, level: 2}
      - {id: GV3, text: {ar: ج, en: C}, level: 3}
  - id: sv
    name: {ar: الخدمات, en: Services}
    questions:
      - {id: SV1, text: {ar: د, en: D}, level: 2}
      - {id: SV2, text: {ar: هـ, en: E}, level: 3}
"#;

const ENGAGEMENT: &str = "client: {name: {ar: جهة, en: Entity}}\nmodel: model.yaml\n\
    data: data.xlsx\nlanguage: en\ndate: \"2026-01-31\"\nmethod: assessment\n\
    assessors: [Huda, Omar, Sara]\nmin_segment_size: 2\n";

const HEAD: &[&str] = &["المقيّم", "العبارة", "التقييم", "الدليل", "ملاحظة"];

fn rows() -> Vec<Vec<&'static str>> {
    vec![
        vec!["Huda", "GV1", "٣", "Board minutes 2025", ""],
        vec!["Omar", "GV1", "4", "Board minutes 2025", ""],
        vec!["Sara", "GV1", "3", "", ""],
        vec!["Huda", "GV2", "2", "", ""],
        vec!["Omar", "GV2", "4", "", ""],
        vec!["Sara", "GV2", "N/A", "", "not seen"],
        vec!["Huda", "GV3", "1", "", ""],
        vec!["Omar", "GV3", "3", "", ""],
        vec!["Sara", "GV3", "2", "", ""],
        vec!["إجماع", "GV3", "2", "Draft charter only", ""],
        vec!["Huda", "SV1", "4", "", ""],
        vec!["Omar", "SV1", "4", "", ""],
        vec!["Sara", "SV1", "Fully implemented", "", ""],
        vec!["Huda", "SV2", "3", "", ""],
        vec!["Omar", "SV2", "3", "", ""],
        vec!["Sara", "SV2", "4", "", ""],
    ]
}

/// Writes the example engagement with the Assessment rows `rows` (and the survey beside it).
fn setup(dir: &Path, rows: &[Vec<&str>], engagement: &str) {
    std::fs::write(dir.join("model.yaml"), MODEL).unwrap();
    std::fs::write(dir.join("engagement.yaml"), engagement).unwrap();
    let mut sheet: Vec<&[&str]> = vec![HEAD];
    sheet.extend(rows.iter().map(Vec::as_slice));
    let survey: &[&[&str]] = &[
        &["respondent", "GV1", "GV2", "GV3", "SV1", "SV2"],
        &["R1", "4", "4", "4", "4", "4"],
        &["R2", "3", "3", "3", "4", "4"],
    ];
    write_workbook(
        &dir.join("data.xlsx"),
        &[("التقييم", &sheet), ("Responses", survey)],
    );
}

fn score(dir: &Path) -> Value {
    let out = nudj(dir, &["score", "engagement.yaml", "--format", "json"]);
    ok(&out);
    serde_json::from_str(&text(&out.stdout)).expect("score JSON")
}

fn close(v: &Value, want: f64) {
    let got = v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"));
    assert!((got - want).abs() < 1e-9, "{got} != {want}");
}

#[test]
fn hand_computed_example_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path(), &rows(), ENGAGEMENT);
    let j = score(dir.path());
    let q = |id: &str| {
        j["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["id"] == id)
            .cloned()
            .unwrap()
    };
    for (id, consensus, spread, met) in [
        ("GV1", 3.0, 1.0, true),
        ("GV2", 3.0, 2.0, true),
        ("GV3", 2.0, 2.0, false),
        ("SV1", 4.0, 0.0, true),
        ("SV2", 3.0, 1.0, true),
    ] {
        let q = q(id);
        close(&q["consensus"], consensus);
        close(&q["mean"], consensus);
        close(&q["spread"], spread);
        assert_eq!(q["met"], met, "{id}");
    }
    assert_eq!(q("GV3")["consensus_source"], "meeting");
    assert_eq!(q("GV2")["consensus_source"], "median");
    assert_eq!(
        q("GV1")["ratings"],
        serde_json::json!([
            {"assessor": "Huda", "rating": 3.0},
            {"assessor": "Omar", "rating": 4.0},
            {"assessor": "Sara", "rating": 3.0}
        ])
    );
    assert_eq!(
        q("GV1")["evidence"],
        serde_json::json!(["Board minutes 2025"])
    );
    assert_eq!(
        q("GV3")["evidence"],
        serde_json::json!(["Draft charter only"])
    );
    let dims = j["dimensions"].as_array().unwrap();
    close(&dims[0]["score"], 8.0 / 3.0);
    assert_eq!(dims[0]["level"], 2);
    close(&dims[0]["self_assessment"], 3.5);
    close(&dims[1]["score"], 3.5);
    assert_eq!(dims[1]["level"], 3);
    close(&dims[1]["self_assessment"], 4.0);
    close(&j["overall"]["score"], 37.0 / 12.0);
    assert_eq!(j["overall"]["level"], 2);
    let a = &j["assessment"];
    assert_eq!(a["assessors"], 3);
    close(&a["alpha"], 47.0 / 164.0);
    assert_eq!(a["reliability"], "not_reliable");
    close(&a["exact_agreement"], 0.2);
    assert_eq!(a["disagreements"], serde_json::json!(["GV2"]));
    let warnings: Vec<String> = j["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["message"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("disagreement on `GV2`: the assessors' ratings run from 2 to 4")),
        "{warnings:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("Krippendorff's alpha is 0.287"))
    );
}

#[test]
fn a_survey_engagement_has_no_assessment_fields() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path(), &rows(), ENGAGEMENT);
    let survey = ENGAGEMENT
        .replace("method: assessment\n", "")
        .replace("assessors: [Huda, Omar, Sara]\n", "");
    std::fs::write(dir.path().join("engagement.yaml"), survey).unwrap();
    let j = score(dir.path());
    assert!(j.get("assessment").is_none());
    assert!(j["dimensions"][0].get("self_assessment").is_none());
    assert!(j["questions"][0].get("consensus").is_none());
    // The model is gated: survey means decide `met` (GV3 mean 3.5 ≥ 3).
    assert_eq!(j["questions"][2]["met"], true);
    assert_eq!(j["dimensions"][0]["level"], 3);
}

#[test]
fn unknown_question_is_located_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = rows();
    r[4][1] = "GV22";
    setup(dir.path(), &r, ENGAGEMENT);
    let out = nudj(dir.path(), &["score", "engagement.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    // Row 6 of the sheet (header in row 1), column B.
    assert!(
        err.contains(
            "data.xlsx: التقييم!B6: error: unknown question `GV22`\n  help: did you mean `GV2`?"
        ),
        "{err}"
    );
}

#[test]
fn bad_rating_and_repeated_row_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = rows();
    r[0][2] = "7";
    r[2][0] = "Huda";
    setup(dir.path(), &r, ENGAGEMENT);
    let out = nudj(dir.path(), &["score", "engagement.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("التقييم!C2: error: rating of GV1 by `Huda`"),
        "{err}"
    );
    assert!(
        err.contains("التقييم!B4: error: `Huda` rated `GV1` again (first in row 2)"),
        "{err}"
    );
}

/// `consensus` and `إجماع` name the same meeting: a second consensus row for a question,
/// in either word, is refused like a repeated assessor.
#[test]
fn consensus_rows_in_both_words_for_one_question_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = rows();
    r.insert(10, vec!["consensus", "GV3", "3", "", ""]);
    setup(dir.path(), &r, ENGAGEMENT);
    let out = nudj(dir.path(), &["score", "engagement.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("التقييم!B12: error: `consensus` rated `GV3` again (first in row 11)\n  help: keep one consensus row per question: `consensus` and `إجماع` both name the consensus meeting"),
        "{err}"
    );
}

/// A survey engagement whose workbook has an Assessment sheet: the sheet is not scored, and
/// a warning at it says how to score it.
#[test]
fn a_survey_with_an_assessment_sheet_warns_at_the_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let survey = ENGAGEMENT.replace("method: assessment\nassessors: [Huda, Omar, Sara]\n", "");
    assert!(survey.contains("min_segment_size"));
    assert!(!survey.contains("method"));
    setup(dir.path(), &rows(), &survey);
    let out = nudj(
        dir.path(),
        &["score", "engagement.yaml", "--format", "json"],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("data.xlsx: sheet `التقييم`: warning: this workbook has an Assessment sheet but the engagement's method is survey: set `method: assessment` to score it"),
        "{err}"
    );
}

/// The staff survey beside the assessment has two respondents: below the engagement's
/// `min_segment_size` of 3 no self-assessment figure is shown (JSON null, a warning, one
/// sentence in the report's method paragraph instead of the perception-gap section).
#[test]
fn a_staff_survey_smaller_than_the_minimum_group_is_withheld() {
    let dir = tempfile::tempdir().unwrap();
    let engagement = ENGAGEMENT.replace("min_segment_size: 2", "min_segment_size: 3");
    setup(dir.path(), &rows(), &engagement);
    let out = nudj(
        dir.path(),
        &["score", "engagement.yaml", "--format", "json"],
    );
    let err = ok(&out);
    let json: Value = serde_json::from_str(&text(&out.stdout)).expect("score JSON");
    for d in json["dimensions"].as_array().unwrap() {
        assert!(d["self_assessment"].is_null(), "{d}");
    }
    assert_eq!(json["assessment"]["self_assessment_withheld"], 2);
    assert!(
        err.contains("data.xlsx: sheet `Responses`: warning: the staff survey has 2 respondent(s), fewer than the engagement's `min_segment_size` of 3; the self-assessment is not shown, for anonymity"),
        "{err}"
    );
    ok(&nudj(
        dir.path(),
        &["report", "engagement.yaml", "-o", "r.pdf"],
    ));
    let pdf = crate::common::pdftotext(&dir.path().join("r.pdf"), &[]).replace('\n', " ");
    assert!(
        pdf.contains("The self-assessment is not shown: the staff survey has 2 respondents, fewer than this engagement's minimum group size of 3, to protect their anonymity."),
        "{pdf}"
    );
    assert!(!pdf.contains("Perception gap"), "{pdf}");
}

#[test]
fn unknown_assessor_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = rows();
    r[1][0] = "Khalid";
    setup(dir.path(), &r, ENGAGEMENT);
    let out = nudj(dir.path(), &["score", "engagement.yaml"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("التقييم!A3: warning: assessor `Khalid` is not in the engagement's `assessors:`; their ratings are kept\n"),
        "{err}"
    );
}

/// Tester 6 F4: a listed assessor's name misspelt in some rows (`Omer` for `Omar`) counted
/// as one more assessor ("4 assessors" of 3 people). A near-match of a listed name is an
/// error at its first cell, in validate as in every command.
#[test]
fn a_misspelt_listed_assessor_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = rows();
    r[1][0] = "Omer";
    r[4][0] = "Omer";
    setup(dir.path(), &r, ENGAGEMENT);
    for cmd in ["validate", "score"] {
        let out = nudj(dir.path(), &[cmd, "engagement.yaml"]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{cmd}: {err}");
        assert!(
            err.contains("التقييم!A3: error: assessor `Omer` is not in the engagement's `assessors:`; did you mean `Omar`?\n  help: write `Omar` in every row of `Omer` (a misspelt name would count as one more assessor), or add `Omer` to `assessors:` if it is another person\n"),
            "{cmd}: {err}"
        );
        assert_eq!(
            err.matches("assessor `Omer`").count(),
            1,
            "once per name: {err}"
        );
    }
}

/// The consensus row written with the Arabic article (`الإجماع`), in capitals or as
/// `Consensus rating` is the consensus meeting, not a fourth assessor: the figures are the
/// hand-computed example's (GV3 agreed at 2, 3 assessors, overall 37/12, alpha 47/164).
/// Before, `الإجماع` was pooled as a rater: GV3's rating became the median of 1, 2, 2, 3.
#[test]
fn the_consensus_word_with_the_article_or_in_capitals_is_the_consensus_row() {
    for word in [
        "الإجماع",
        "الاجماع",
        "CONSENSUS",
        "Consensus rating",
        "التوافق",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut r = rows();
        r[9][0] = word;
        setup(dir.path(), &r, ENGAGEMENT);
        let j = score(dir.path());
        let gv3 = j["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["id"] == "GV3")
            .cloned()
            .unwrap();
        close(&gv3["consensus"], 2.0);
        assert_eq!(gv3["consensus_source"], "meeting", "{word}");
        assert_eq!(j["assessment"]["assessors"], 3, "{word}");
        assert_eq!(j["assessment"]["consensus_rows"], 1, "{word}");
        close(&j["assessment"]["alpha"], 47.0 / 164.0);
        close(&j["overall"]["score"], 37.0 / 12.0);
        assert_eq!(j["dimensions"][0]["level"], 2, "{word}");
    }
}

/// A name that reads as the consensus row but is none of its words is refused at its cell,
/// never counted as one more rater.
#[test]
fn a_near_consensus_word_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = rows();
    r[9][0] = "Consensus meeting";
    setup(dir.path(), &r, ENGAGEMENT);
    let out = nudj(dir.path(), &["score", "engagement.yaml"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("التقييم!A11: error: `Consensus meeting` looks like the consensus row but is not one of its words"),
        "{err}"
    );
}

/// An assessor listed in `assessors:` with no row in the sheet is named in a warning.
#[test]
fn a_listed_assessor_without_ratings_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let r: Vec<Vec<&str>> = rows().into_iter().filter(|r| r[0] != "Sara").collect();
    setup(dir.path(), &r, ENGAGEMENT);
    let out = nudj(dir.path(), &["validate", "engagement.yaml"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("sheet `التقييم`: warning: assessor `Sara` is listed in the engagement's `assessors:` but has no rating row in the sheet; the scores rest on the other 2 listed assessor(s)"),
        "{err}"
    );
    assert!(!err.contains("assessor `Huda` is listed"), "{err}");
}

#[test]
fn stray_text_after_a_rating_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = rows();
    r[0][2] = "3abc";
    r[1][2] = "0x3";
    r[3][2] = "٣x";
    r[12][2] = "4 (Fully implemented)";
    setup(dir.path(), &r, ENGAGEMENT);
    let out = nudj(dir.path(), &["score", "engagement.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    for (cell, value) in [("C2", "3abc"), ("C3", "0x3"), ("C5", "٣x")] {
        assert!(
            err.contains(&format!("التقييم!{cell}: error: rating of "))
                && err.contains(&format!(
                    "`{value}` has text after the number that is not a label of this scale"
                )),
            "{cell}: {err}"
        );
    }
    assert!(
        !err.contains("التقييم!C14"),
        "`4 (Fully implemented)` is read: {err}"
    );
}

/// Assessors' names stay on the terminal; the results workbook's Warnings sheet shows
/// `[…]` for them, as for respondent ids.
#[test]
fn assessor_names_never_reach_the_results_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = rows();
    r[1][0] = "Khalid";
    setup(dir.path(), &r, ENGAGEMENT);
    let out = nudj(
        dir.path(),
        &[
            "score",
            "engagement.yaml",
            "--format",
            "xlsx",
            "-o",
            "r.xlsx",
        ],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("assessor `Khalid` is not in"), "{err}");
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(dir.path().join("r.xlsx")).unwrap();
    let mut all = String::new();
    for name in book.sheet_names() {
        if let Ok(range) = book.worksheet_range(&name) {
            for row in range.rows() {
                for cell in row {
                    all.push_str(&cell.to_string());
                    all.push('\n');
                }
            }
        }
    }
    assert!(
        all.contains(
            "assessor `[…]` is not in the engagement's `assessors:`; their ratings are kept"
        ),
        "{all}"
    );
    for name in ["Khalid", "Omar", "Huda", "Sara"] {
        assert!(!all.contains(name), "{name} in the workbook");
    }
}

#[test]
fn missing_assessment_sheet_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("model.yaml"), MODEL).unwrap();
    std::fs::write(dir.path().join("engagement.yaml"), ENGAGEMENT).unwrap();
    write_workbook(
        &dir.path().join("data.xlsx"),
        &[("Responses", &[&["respondent", "GV1"], &["R1", "3"]])],
    );
    let out = nudj(dir.path(), &["score", "engagement.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("the workbook has no `Assessment` (`التقييم`) sheet"),
        "{}",
        text(&out.stderr)
    );
}

/// The gov-ar sample's figures through `score --format json` (docs/samples.md): levels 2, 1,
/// 3, 2 (overall 1, the lowest), alpha tentative, BI4 the one disagreement, the survey
/// beside it above the evidence in every dimension.
#[test]
fn gov_ar_sample_scores() {
    let dir = crate::common::root().join("samples/gov-ar");
    let j = score(&dir);
    let levels: Vec<i64> = j["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["level"].as_i64().unwrap())
        .collect();
    assert_eq!(levels, [2, 1, 3, 2]);
    assert_eq!(j["overall"]["level"], 1);
    let a = &j["assessment"];
    assert_eq!(a["assessors"], 3);
    assert_eq!(a["reliability"], "tentative");
    assert_eq!(a["disagreements"], serde_json::json!(["BI4"]));
    for d in j["dimensions"].as_array().unwrap() {
        assert!(d["self_assessment"].as_f64().unwrap() > d["score"].as_f64().unwrap());
    }
}

/// The gov-ar report (Arabic): the methodology states the assessment and its alpha, each
/// dimension what blocks its next level, the perception gap and the evidence appendix; no
/// assessor's name reaches the document.
#[test]
fn gov_ar_report_shows_the_assessment() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("gov.pdf");
    let dir = crate::common::root().join("samples/gov-ar");
    let out = nudj(
        &dir,
        &["report", "engagement.yaml", "-o", pdf.to_str().unwrap()],
    );
    ok(&out);
    let text: String = crate::common::pdftotext(&pdf, &[])
        .chars()
        .filter(|c| !crate::common::is_bidi_control(*c))
        .collect();
    for want in [
        "التقييم بالأدلة",
        "كريبندورف",
        "0.756",
        "ممارسات اختلف عليها المقيّمون",
        "غير مطبقة بعد",
        "فجوة الإدراك",
        "الأدلة لكل ممارسة",
        "DG3",
    ] {
        assert!(text.contains(want), "no `{want}` in the report");
    }
    for name in ["ليلى", "خالد العتيبي", "الزهراني"] {
        assert!(!text.contains(name), "assessor name `{name}` in the report");
    }
}

/// `nudj template` for an assessment writes the Assessment sheet: per question a row for
/// each assessor and a consensus row; unfilled, it reads back as blank rows, and filled
/// ratings score.
#[test]
fn template_writes_the_assessment_sheet_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("model.yaml"), MODEL).unwrap();
    std::fs::write(dir.path().join("engagement.yaml"), ENGAGEMENT).unwrap();
    let out = nudj(
        dir.path(),
        &["template", "engagement.yaml", "-o", "data.xlsx"],
    );
    ok(&out);
    let mut wb = calamine::open_workbook_auto(dir.path().join("data.xlsx")).unwrap();
    use calamine::Reader;
    assert!(wb.sheet_names().contains(&"Assessment".to_string()));
    let range = wb.worksheet_range("Assessment").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        rows[0],
        ["assessor", "question", "rating", "evidence", "note"]
    );
    // 5 questions × (3 assessors + consensus).
    assert_eq!(rows.len() - 1, 20);
    assert_eq!(&rows[1][..2], ["Huda", "GV1"]);
    assert_eq!(&rows[4][..2], ["consensus", "GV1"]);
    // Unfilled: every row is blank, so there is no rating at all (an error, not a score).
    let out = nudj(dir.path(), &["score", "engagement.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("the assessment sheet has headers but no ratings"),
        "{}",
        text(&out.stderr)
    );
}

/// The `score` table of an assessment names its assessors and their agreement instead of
/// respondents.
#[test]
fn score_table_shows_the_agreement() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path(), &rows(), ENGAGEMENT);
    let out = nudj(dir.path(), &["score", "engagement.yaml"]);
    ok(&out);
    let table = text(&out.stdout);
    assert!(
        table.contains(
            "Assessors: 3 · Krippendorff's alpha: 0.287 (not reliable) · disagreements: GV2"
        ),
        "{table}"
    );
}

/// A CSV file is the Assessment sheet itself: same figures as the workbook, cells placed
/// as `row R, column C`.
#[test]
fn csv_assessment_scores_like_the_workbook() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path(), &rows(), ENGAGEMENT);
    let mut csv = String::from("assessor,question,rating,evidence,note\n");
    for r in rows() {
        csv.push_str(&r.join(","));
        csv.push('\n');
    }
    std::fs::write(dir.path().join("data.csv"), csv).unwrap();
    std::fs::write(
        dir.path().join("engagement.yaml"),
        ENGAGEMENT.replace("data.xlsx", "data.csv"),
    )
    .unwrap();
    let j = score(dir.path());
    close(&j["assessment"]["alpha"], 47.0 / 164.0);
    assert_eq!(j["overall"]["level"], 2);
    // No survey beside a CSV: no self-assessment.
    assert!(j["dimensions"][0]["self_assessment"].is_null());
    let out = nudj(dir.path(), &["validate", "engagement.yaml"]);
    let said = text(&out.stdout);
    assert!(
        said.contains("(16 rating rows by 3 assessors, 0 respondents in the survey beside it)"),
        "{said}"
    );
}

/// The report's words follow how the assessment was done (found by a tester): one assessor
/// (no meeting, no agreement to measure), only consensus-meeting ratings recorded, and an
/// overall score resting on a few rated practices, which the summary says.
#[test]
fn report_words_follow_the_assessors_and_the_coverage() {
    let report = |rows: &[Vec<&str>], engagement: &str| {
        let tmp = tempfile::tempdir().unwrap();
        setup(tmp.path(), rows, engagement);
        let pdf = tmp.path().join("r.pdf");
        ok(&nudj(
            tmp.path(),
            &["report", "engagement.yaml", "-o", pdf.to_str().unwrap()],
        ));
        // One line per paragraph is not needed: join the lines into running text.
        crate::common::pdftotext(&pdf, &[])
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let one: Vec<Vec<&str>> = rows().into_iter().filter(|r| r[0] == "Huda").collect();
    let text = report(&one, ENGAGEMENT);
    assert!(
        text.contains("One assessor rated each of 5 practices"),
        "{text}"
    );
    assert!(!text.contains("then met to agree"), "{text}");
    let meeting: Vec<Vec<&str>> = ["GV1", "GV2", "GV3", "SV1", "SV2"]
        .iter()
        .map(|q| vec!["consensus", q, "3", "", ""])
        .collect();
    let text = report(&meeting, ENGAGEMENT);
    assert!(
        text.contains("only the ratings agreed in the consensus meeting"),
        "{text}"
    );
    assert!(!text.contains("0 assessors"), "{text}");
    let few: Vec<Vec<&str>> = rows().into_iter().filter(|r| r[1] == "GV1").collect();
    let text = report(&few, ENGAGEMENT);
    assert!(
        text.contains("Dimensions with no score (1 of 2) are left out of the overall score, and no overall level is awarded"),
        "{text}"
    );
    assert!(
        text.contains("Practices not yet rated (4 of 5) are left out of the scores"),
        "{text}"
    );
    // Tester 6 F4: "rated each of" only when every assessor rated every practice.
    assert!(
        text.contains("3 assessors rated the 5 practices on their own (4 practices by none),"),
        "{text}"
    );
    let partial: Vec<Vec<&str>> = rows()
        .into_iter()
        .filter(|r| !(r[1] == "SV2" && r[0] != "Huda"))
        .filter(|r| !(r[1] == "GV3" && r[0] != "إجماع"))
        .collect();
    let text = report(&partial, ENGAGEMENT);
    assert!(
        text.contains("3 assessors rated the 5 practices on their own (one practice by one assessor only and one practice by none), against documented evidence"),
        "{text}"
    );
    assert!(!text.contains("rated each of"), "{text}");
    // The median column is the rating used, not an "agreed" one (it was not agreed).
    let full = report(&rows(), ENGAGEMENT);
    assert!(
        full.contains("3 assessors rated each of 5 practices"),
        "{full}"
    );
    assert!(
        full.contains("Rating used") && !full.contains("Agreed rating"),
        "{full}"
    );
}

/// tester5 F14: the score JSON (passed around as `previous:` and to `benchmark build`) masks
/// the evidence as the documents do: the tester's gov2 texts, a phone and e-mails.
#[test]
fn evidence_in_the_score_json_is_masked() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = rows();
    r[0][3] = "مقابلة مع مدير الإدارة (0551234567، manager@waha.gov.sa) ومحضر اجتماع";
    r[1][3] = "Interview with Ahmed, ahmed@waha.gov.sa, +966 55 765 4321";
    r[1][4] = "call 0551234567";
    setup(dir.path(), &r, ENGAGEMENT);
    let out = nudj(
        dir.path(),
        &["score", "engagement.yaml", "--format", "json"],
    );
    ok(&out);
    let json = text(&out.stdout);
    for personal in ["0551234567", "waha.gov.sa", "765 4321"] {
        assert!(!json.contains(personal), "`{personal}` in the score JSON");
    }
    let j: Value = serde_json::from_str(&json).unwrap();
    let gv1 = j["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "GV1")
        .unwrap();
    assert_eq!(
        gv1["evidence"],
        serde_json::json!([
            // As the documents mask it (the phone's opening parenthesis goes with it).
            "مقابلة مع مدير الإدارة […]، […]) ومحضر اجتماع",
            "Interview with Ahmed, […], […]"
        ])
    );
}
