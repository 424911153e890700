//! Journey stages, operational indicators (KPIs) and metric feeds, through the binary
//! (issue 18): stage columns on the rating sheets, per-stage results, located errors.

use std::path::Path;

use serde_json::Value;

use crate::common::{SmallModel, nudj, ok, small_engagement, text, write_workbook};

/// Journey of three stages: ids `apply`, `onboard`, `help` with Arabic and English names.
const JOURNEY: &str = "journey:\n  - {id: apply, name: {ar: التقديم, en: Apply}}\n  - {id: onboard, name: {ar: التفعيل, en: Onboarding}}\n  - {id: help, name: {ar: طلب المساعدة, en: Get help}}\n";

fn model(dir: &Path) {
    SmallModel::new("j", ("نموذج", "Model"))
        .dimension("lead", ("القيادة", "Leadership"), &[("L1", "س", "Q")])
        .metrics("nps: {target: 20}\ncsat: {target: 80}")
        .write(dir);
}

/// Engagement + workbook with an NPS sheet whose `stage` column holds `stages` (one answer
/// each, scores in `scores`).
fn engagement(dir: &Path, header: &str, rows: &[(&str, &str)]) {
    model(dir);
    std::fs::write(
        dir.join("engagement.yaml"),
        small_engagement("en", &format!("min_segment_size: 2\n{JOURNEY}")),
    )
    .unwrap();
    let mut nps: Vec<Vec<&str>> = vec![vec!["score", header]];
    nps.extend(rows.iter().map(|(s, st)| vec![*s, *st]));
    let nps: Vec<&[&str]> = nps.iter().map(Vec::as_slice).collect();
    write_workbook(
        &dir.join("data.xlsx"),
        &[
            (
                "Responses",
                &[&["respondent", "L1"], &["R1", "4"], &["R2", "3"]],
            ),
            ("NPS", &nps),
        ],
    );
}

#[test]
fn unknown_stage_is_located_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    engagement(
        dir.path(),
        "المرحلة",
        &[("9", "apply"), ("3", "Onbaording"), ("7", "help")],
    );
    let out = nudj(dir.path(), &["score", "engagement.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("data.xlsx: NPS!B3: error: stage `Onbaording` is not a stage of the engagement's journey"),
        "{err}"
    );
    assert!(err.contains("did you mean `Onboarding`?"), "{err}");
}

#[test]
fn stage_column_without_journey_is_refused_at_its_header() {
    let dir = tempfile::tempdir().unwrap();
    engagement(dir.path(), "stage", &[("9", "apply")]);
    std::fs::write(
        dir.path().join("engagement.yaml"),
        small_engagement("en", ""),
    )
    .unwrap();
    let out = nudj(dir.path(), &["score", "engagement.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("NPS!B1: error: this sheet has a `stage` column, but the engagement lists no journey stages"),
        "{err}"
    );
}

#[test]
fn nps_by_stage_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    // Stages named by id, English or Arabic name, in any case and spacing.
    // apply: 10, 9, 6 → P 2, D 1, n 3: NPS (2 − 1)/3 × 100 = 33.33…; help: 8, 0 → −50.
    engagement(
        dir.path(),
        "stage",
        &[
            ("10", "APPLY"),
            ("9", "التقديم"),
            ("6", " apply "),
            ("8", "Get  Help"),
            ("0", "help"),
            ("9", ""),
        ],
    );
    let out = nudj(
        dir.path(),
        &["score", "engagement.yaml", "--format", "json"],
    );
    ok(&out);
    let json: Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    let stages = &json["metrics"]["nps"]["by_stage"];
    let got: Vec<(String, u64, f64, bool)> = stages
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_string(),
                s["n"].as_u64().unwrap(),
                s["score"].as_f64().unwrap(),
                s["small"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(got.len(), 2, "{stages}");
    assert_eq!((got[0].0.as_str(), got[0].1, got[0].3), ("apply", 3, false));
    assert!((got[0].2 - 100.0 / 3.0).abs() < 1e-9, "{}", got[0].2);
    assert_eq!((got[1].0.as_str(), got[1].1, got[1].2), ("help", 2, -50.0));
    // help: p = 0, d = .5: 0 + .5 − (0 − .5)² = .25; SE = √(.25/2) × 100 = 35.355…;
    // MoE = 1.96 × SE = 69.29646455628166.
    let moe = stages[1]["margin_of_error"].as_f64().unwrap();
    assert!((moe - 69.29646455628166).abs() < 1e-9, "{moe}");
    assert_eq!(stages[1]["detractor_share"].as_f64(), Some(50.0));
    assert_eq!(json["metrics"]["nps"]["n"].as_u64(), Some(6));
}
