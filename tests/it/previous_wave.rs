//! The previous wave's date: the score JSON records the assessment's date (the engagement's
//! `date`), a later wave's report names the previous one by its month ("since the previous
//! assessment (March 2025)") in both languages, and a JSON written before the date was
//! recorded is still read (the sentence then has no date).

use std::path::Path;

use serde_json::Value;

use crate::common::{SmallModel, nudj, ok, pdftotext, small_engagement, text, write_workbook};

/// A one-dimension engagement in `lang` dated 2026-01-31 (answers 4, 3, 5: overall 4.0),
/// with `extra` engagement lines.
fn engagement(dir: &Path, lang: &str, extra: &str) {
    SmallModel::new("m", ("نموذج", "Model"))
        .dimension(
            "alpha",
            ("الاستراتيجية", "Strategy"),
            &[("A1", "سؤال", "Question")],
        )
        .write(dir);
    std::fs::write(dir.join("engagement.yaml"), small_engagement(lang, extra)).unwrap();
    let rows: &[&[&str]] = &[
        &["Respondent", "A1"],
        &["R1", "4"],
        &["R2", "3"],
        &["R3", "5"],
    ];
    write_workbook(&dir.join("data.xlsx"), &[("Responses", rows)]);
}

fn score_json(dir: &Path) -> Value {
    let out = nudj(dir, &["score", "engagement.yaml", "--format", "json"]);
    ok(&out);
    serde_json::from_str(&text(&out.stdout)).unwrap()
}

/// This engagement's JSON as a previous wave: overall 3.5 (a change of +0.50; its dimension
/// and question at 3.5 too), dated `date`
/// (the key removed when `None`), written to `previous.json`; the engagement then names it.
fn previous(dir: &Path, lang: &str, date: Option<&str>) {
    engagement(dir, lang, "");
    let mut r = score_json(dir);
    // Consistent, as a previous result is checked: the dimension and its one question at
    // 3.5 too, each index (3.5 − 1) / 4 × 100.
    r["overall"]["score"] = 3.5.into();
    r["overall"]["index"] = 62.5.into();
    r["dimensions"][0]["score"] = 3.5.into();
    r["dimensions"][0]["index"] = 62.5.into();
    r["questions"][0]["mean"] = 3.5.into();
    match date {
        Some(d) => r["date"] = d.into(),
        None => {
            r.as_object_mut().unwrap().remove("date");
        }
    }
    std::fs::write(dir.join("previous.json"), r.to_string()).unwrap();
    engagement(dir, lang, "previous: previous.json\n");
}

fn report_data(dir: &Path) -> Value {
    let out = nudj(
        dir,
        &[
            "report",
            "engagement.yaml",
            "-o",
            "r.pdf",
            "--emit-typst",
            "emit",
        ],
    );
    ok(&out);
    serde_json::from_str(&std::fs::read_to_string(dir.join("emit/data.json")).unwrap()).unwrap()
}

/// The summary's lead without bidi controls.
fn lead(d: &Value) -> String {
    d["summary_lead"]
        .as_str()
        .unwrap()
        .chars()
        .filter(|c| !crate::common::is_bidi_control(*c))
        .collect()
}

#[test]
fn the_score_json_records_the_assessment_date() {
    let tmp = tempfile::tempdir().unwrap();
    engagement(tmp.path(), "en", "");
    let r = score_json(tmp.path());
    assert_eq!(r["date"], "2026-01-31");
    assert!(r.get("comparison").is_none());
}

#[test]
fn the_change_sentence_names_the_previous_assessment_by_its_month() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    previous(dir, "en", Some("2025-03-15"));
    let r = score_json(dir);
    assert_eq!(r["comparison"]["previous_date"], "2025-03-15");
    let d = report_data(dir);
    let lead = lead(&d);
    assert!(
        lead.contains("Since the previous assessment (March 2025, 3 respondents), the overall score has changed by +0.50, from 3.50 to 4.00."),
        "{lead}"
    );
    assert_eq!(
        d["overall"]["since"],
        "since the previous assessment (March 2025)"
    );
    let pdf = pdftotext(&dir.join("r.pdf"), &[]).replace('\n', " ");
    assert!(pdf.contains("(March 2025, 3 respondents)"), "{pdf}");

    // The deck's headline slide: the change and when the previous wave was.
    ok(&nudj(dir, &["deck", "engagement.yaml", "-o", "d.pdf"]));
    let deck = pdftotext(&dir.join("d.pdf"), &[]).replace('\n', " ");
    assert!(
        deck.contains("+0.50 since the previous assessment (March 2025)"),
        "{deck}"
    );

    // The score table.
    let out = nudj(dir, &["score", "engagement.yaml"]);
    ok(&out);
    assert!(
        text(&out.stdout).contains("Compared with the previous assessment (m 1, 2025-03-15):"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn the_arabic_change_sentence_names_the_month_in_arabic() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    previous(dir, "ar", Some("2025-03-15"));
    let d = report_data(dir);
    let lead = lead(&d);
    assert!(
        lead.contains("ومنذ التقييم السابق (مارس 2025، 3 مشاركين)، تغيّرت النتيجة الكلية بمقدار"),
        "{lead}"
    );
    assert_eq!(d["overall"]["since"], "منذ التقييم السابق (مارس 2025)");
}

#[test]
fn a_previous_json_without_a_date_is_read_and_the_sentence_has_none() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    previous(dir, "en", None);
    let r = score_json(dir);
    assert!(r["comparison"].get("previous_date").is_none(), "{r}");
    let d = report_data(dir);
    let lead = lead(&d);
    assert!(
        lead.contains(
            "Since the previous assessment (3 respondents), the overall score has changed by +0.50"
        ),
        "{lead}"
    );
    assert_eq!(d["overall"]["since"], "since the previous assessment");
}

#[test]
fn a_previous_wave_dated_after_this_one_is_warned_and_a_bad_date_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    previous(dir, "en", Some("2026-06-01"));
    let out = nudj(dir, &["validate", "engagement.yaml"]);
    let err = text(&out.stderr);
    assert!(
        err.contains("previous.json: warning: the previous assessment is dated 2026-06-01, not before this one (2026-01-31); check `previous:` and the engagement's `date`"),
        "{err}"
    );

    previous(dir, "en", Some("2025-13-01"));
    let out = nudj(dir, &["score", "engagement.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("previous.json:")
            && err.contains("error: score JSON does not match schema_version 1"),
        "{err}"
    );
}
