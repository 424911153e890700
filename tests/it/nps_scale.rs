//! Tester 6 F37: an NPS sheet whose answers all lie in 1-5 (a 5-point question pasted into
//! it) would read "NPS −100.0 ±0.0". With at least 20 answers, none of 0 and none above 5,
//! the score leaves NPS out with a warning at the sheet; one answer of 0 makes the same
//! sheet a real (dismal) 0-10 distribution, scored as usual.

use std::path::Path;

use serde_json::Value;

use crate::common::{SmallModel, nudj, ok, small_engagement, text, write_workbook};

/// An engagement whose NPS sheet holds `answers`.
fn engagement(dir: &Path, answers: &[String]) {
    SmallModel::new("m", ("نموذج", "Model"))
        .dimension(
            "alpha",
            ("الاستراتيجية", "Strategy"),
            &[("A1", "سؤال", "Question")],
        )
        .metrics("nps: {}")
        .write(dir);
    std::fs::write(dir.join("engagement.yaml"), small_engagement("en", "")).unwrap();
    let mut nps: Vec<&[&str]> = vec![&["score"]];
    let cells: Vec<[&str; 1]> = answers.iter().map(|a| [a.as_str()]).collect();
    nps.extend(cells.iter().map(|c| c.as_slice()));
    let responses: &[&[&str]] = &[&["Respondent", "A1"], &["R1", "4"], &["R2", "3"]];
    write_workbook(
        &dir.join("data.xlsx"),
        &[("Responses", responses), ("NPS", &nps)],
    );
}

fn score(dir: &Path) -> (Value, String) {
    let out = nudj(dir, &["score", "engagement.yaml", "--format", "json"]);
    ok(&out);
    let json = serde_json::from_str(&text(&out.stdout)).expect("score JSON");
    (json, text(&out.stderr))
}

/// 25 answers cycling 1, 2, 3, 4, 5.
fn five_point() -> Vec<String> {
    (0..25).map(|i| (i % 5 + 1).to_string()).collect()
}

#[test]
fn nps_answers_that_look_like_a_five_point_scale_are_left_out_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    engagement(dir.path(), &five_point());
    let (json, err) = score(dir.path());
    assert!(json["metrics"].get("nps").is_none(), "{}", json["metrics"]);
    assert!(
        err.contains(
            "data.xlsx: sheet `NPS`: warning: the NPS answers look like a 1-5 scale, not the NPS's 0-10: 25 answers, none of 0 and none above 5 (their NPS would read -100); NPS is left out"
        ),
        "{err}"
    );
}

#[test]
fn one_answer_of_zero_makes_it_a_real_nps_distribution() {
    let dir = tempfile::tempdir().unwrap();
    let mut answers = five_point();
    answers.push("0".into());
    engagement(dir.path(), &answers);
    let (json, err) = score(dir.path());
    // 26 answers, every one a detractor (0-6): NPS −100.
    let nps = &json["metrics"]["nps"];
    assert_eq!(nps["n"].as_u64(), Some(26), "{nps}");
    assert_eq!(nps["score"].as_f64(), Some(-100.0), "{nps}");
    assert!(!err.contains("1-5 scale"), "{err}");
}

#[test]
fn fewer_than_twenty_low_answers_are_scored_as_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let answers: Vec<String> = five_point().into_iter().take(19).collect();
    engagement(dir.path(), &answers);
    let (json, err) = score(dir.path());
    assert_eq!(json["metrics"]["nps"]["n"].as_u64(), Some(19));
    assert!(!err.contains("1-5 scale"), "{err}");
}
