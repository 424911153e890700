//! `nudj score` on a small workbook whose every figure was computed by hand (arithmetic in
//! the comments, not by the code under test). The real binary runs on real files written to
//! a temporary folder; the JSON output is compared to 1e-9.
//!
//! Model: scale 1..5; levels 1.0 / 2.0 / 3.0 / 4.0; dimension `lead` (weight 2) with L1
//! (weight 1) and L2 (weight 3); dimension `care` (weight 1) with C1 and C2 (weight 1).
//!
//! | row | resp | Team | L1 | L2  | C1  | C2  |
//! |-----|------|------|----|-----|-----|-----|
//! | 2   | R1   | A    | 4  | 5   | 3   | N/A |
//! | 3   | R2   | A    | 3  | 4   | 2   | 2   |
//! | 4   | R3   | A    | 5  |     | 4   | 3   |
//! | 5   | R4   | B    | 2  | 3   | N/A | 1   |
//! | 6   | R5   | B    | 4  | 4   | 5   | 2   |
//! | 7   | R6   | B    | 3  | 3   | 3   | 3   |  straight-liner, excluded
//! | 8   | R7   | A    | 5  |     |     |     |  incomplete (1 of 4), kept
//!
//! Scored: R1-R5, R7 (6 respondents; 7 in the data, 1 excluded).
//! L1: 4,3,5,2,4,5: Σ 23, n 6, mean 23/6 = 3.8333…; Σx² = 16+9+25+4+16+25 = 95;
//!     var = (6·95 − 23²)/(6·5) = (570 − 529)/30 = 41/30; sd = √(41/30).
//! L2: 5,4,3,4: Σ 16, n 4, mean 4; Σx² = 66; var = (4·66 − 256)/12 = 8/12; sd = √(2/3).
//! C1: 3,2,4,5: Σ 14, n 4, mean 3.5; Σx² = 54; var = (216 − 196)/12 = 20/12; sd = √(5/3).
//! C2: 2,3,1,2: Σ 8, n 4, mean 2; Σx² = 18; var = (72 − 64)/12 = 8/12; sd = √(2/3).
//! lead = (1·23/6 + 3·4)/(1 + 3) = (95/6)/4 = 95/24 = 3.958333…  → level 3
//! care = (3.5 + 2)/2 = 2.75                                      → level 2
//! overall = (2·95/24 + 1·2.75)/3 = (95/12 + 33/12)/3 = 32/9 = 3.5555… → level 3
//! overall index = (32/9 − 1)/4 × 100 = (23/9)/4 × 100 = 63.8888…
//! Targets: default 3.5, lead 4.2.
//!   lead gap = 4.2 − 95/24 = 0.241666…; near (≤ 10% of 4.2 = 0.42); priority ×2 = 0.48333…
//!   care gap = 3.5 − 2.75 = 0.75; missed (> 0.35); priority ×1 = 0.75 → care ranks first.
//! n per dimension: lead 6 (all scored), care 5 (R7 answered none).
//! Segment Team (min size 3): A = R1,R2,R3,R7 (4); B = R4,R5 (2, R6 excluded) → small,
//!   suppressed; A is then hidden too (overall − A would give B). With suppression off,
//!   A: L1 4,3,5,5 → 4.25; L2 5,4 → 4.5; C1 3,2,4 → 3; C2 2,3 → 2.5;
//!   lead_A = (4.25 + 3·4.5)/4 = 4.4375; care_A = 2.75; overall_A = (8.875 + 2.75)/3 = 3.875.
//!
//! NPS: 10,9,9,8,7 (app) and 6,3,0,10,5 (branch): P 4, Pa 2, D 4, n 10 → NPS 0;
//!   p = d = .4: p + d − (p − d)² = .8; SE = √(.8/10)·100 = √.08·100; MoE = 1.96·SE.
//!   app: P 3, Pa 2, D 0 → 60; branch: P 1, D 4 → −60.
//! CSAT: 5,4,4,3,2,5,1,4: n 8, ≥4: 5 → 62.5%; mean 28/8 = 3.5.
//! CES (1-7, easy ≥ 5): 7,6,5,4,3,2: mean 27/6 = 4.5; easy 3 → 50%.
//! Churn: Q1 1000 → 950 with 30 new: lost 80, 8%; Q2 950 → 940 with 50 new: lost 60,
//!   60/950 = 6.3157…%; overall 140/1950 = 7.1794…%; target 8 → met.
//! CLV: 200 × 4 × 3 × 0.25 = 600; 100 × 2 × 5 × 1 (no margin) = 1000; mean 800.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rust_xlsxwriter::Workbook;
use serde_json::Value;

const NUDJ: &str = env!("CARGO_BIN_EXE_nudj");

const MODEL: &str = r#"
id: hand
version: "1"
title: {ar: نموذج يدوي, en: Hand model}
scale: {min: 1, max: 5}
levels:
  - {name: {ar: أول, en: One}, min_score: 1.0}
  - {name: {ar: ثان, en: Two}, min_score: 2.0}
  - {name: {ar: ثالث, en: Three}, min_score: 3.0}
  - {name: {ar: رابع, en: Four}, min_score: 4.0}
dimensions:
  - id: lead
    name: {ar: القيادة, en: Leadership}
    weight: 2
    questions:
      - {id: L1, text: {ar: سؤال ل١, en: Question L1}}
      - {id: L2, text: {ar: سؤال ل٢, en: Question L2}, weight: 3}
    recommendations:
      3:
        - {ar: توصية المستوى الثالث, en: Level three advice}
  - id: care
    name: {ar: الرعاية, en: Care}
    questions:
      - {id: C1, text: {ar: سؤال ر١, en: Question C1}}
      - {id: C2, text: {ar: سؤال ر٢, en: Question C2}}
    recommendations:
      2:
        - {ar: توصية المستوى الثاني, en: Level two advice}
metrics:
  nps: {target: 20}
  csat: {target: 80}
  ces: {target: 5.5, scale: 7}
  churn: {target: 8}
  clv: {target: 750, currency: SAR}
"#;

fn engagement(extra: &str) -> String {
    format!(
        r#"
client: {{name: {{ar: عميل, en: Client}}}}
model: model.yaml
data: data.xlsx
language: en
date: "2026-01-31"
targets: {{default: 3.5, lead: 4.2}}
segments: [Team]
exclude: {{straightliners: true}}
min_segment_size: 3
{extra}
"#
    )
}

fn write_workbook(path: &Path) {
    let mut wb = Workbook::new();
    let s = wb.add_worksheet().set_name("Responses").unwrap();
    for (c, h) in ["respondent", "Team", "L1", "L2", "C1", "C2"]
        .iter()
        .enumerate()
    {
        s.write(0, c as u16, *h).unwrap();
    }
    let rows: [(&str, &str, [&str; 4]); 7] = [
        ("R1", "A", ["4", "5", "3", "N/A"]),
        ("R2", "A", ["3", "4", "2", "2"]),
        ("R3", "A", ["5", "", "4", "3"]),
        ("R4", "B", ["2", "3", "N/A", "1"]),
        ("R5", "B", ["4", "4", "5", "2"]),
        ("R6", "B", ["3", "3", "3", "3"]),
        ("R7", "A", ["5", "", "", ""]),
    ];
    for (i, (id, team, answers)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        s.write(r, 0, *id).unwrap();
        s.write(r, 1, *team).unwrap();
        for (j, a) in answers.iter().enumerate() {
            let c = j as u16 + 2;
            match a.parse::<f64>() {
                Ok(v) => {
                    s.write(r, c, v).unwrap();
                }
                Err(_) if a.is_empty() => {}
                Err(_) => {
                    s.write(r, c, *a).unwrap();
                }
            }
        }
    }
    let s = wb.add_worksheet().set_name("NPS").unwrap();
    s.write(0, 0, "score").unwrap();
    s.write(0, 1, "channel").unwrap();
    for (i, v) in [10, 9, 9, 8, 7, 6, 3, 0, 10, 5].iter().enumerate() {
        s.write(i as u32 + 1, 0, *v).unwrap();
        s.write(i as u32 + 1, 1, if i < 5 { "app" } else { "branch" })
            .unwrap();
    }
    let s = wb.add_worksheet().set_name("CSAT").unwrap();
    s.write(0, 0, "score").unwrap();
    for (i, v) in [5, 4, 4, 3, 2, 5, 1, 4].iter().enumerate() {
        s.write(i as u32 + 1, 0, *v).unwrap();
    }
    let s = wb.add_worksheet().set_name("CES").unwrap();
    s.write(0, 0, "score").unwrap();
    for (i, v) in [7, 6, 5, 4, 3, 2].iter().enumerate() {
        s.write(i as u32 + 1, 0, *v).unwrap();
    }
    let s = wb.add_worksheet().set_name("Customers").unwrap();
    for (c, h) in [
        "period",
        "customers_start",
        "customers_end",
        "new_customers",
    ]
    .iter()
    .enumerate()
    {
        s.write(0, c as u16, *h).unwrap();
    }
    s.write(1, 0, "Q1").unwrap();
    s.write(1, 1, 1000).unwrap();
    s.write(1, 2, 950).unwrap();
    s.write(1, 3, 30).unwrap();
    s.write(2, 0, "Q2").unwrap();
    s.write(2, 1, 950).unwrap();
    s.write(2, 2, 940).unwrap();
    s.write(2, 3, 50).unwrap();
    let s = wb.add_worksheet().set_name("CLV").unwrap();
    for (c, h) in [
        "segment",
        "avg_purchase_value",
        "purchase_frequency",
        "customer_lifespan_years",
        "gross_margin",
    ]
    .iter()
    .enumerate()
    {
        s.write(0, c as u16, *h).unwrap();
    }
    for (r, row) in [[200.0, 4.0, 3.0, 0.25], [100.0, 2.0, 5.0, f64::NAN]]
        .iter()
        .enumerate()
    {
        let r = r as u32 + 1;
        s.write(r, 0, if r == 1 { "Gold" } else { "Basic" })
            .unwrap();
        for (c, v) in row.iter().enumerate() {
            if !v.is_nan() {
                s.write(r, c as u16 + 1, *v).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

fn setup(extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("model.yaml"), MODEL).unwrap();
    std::fs::write(dir.path().join("engagement.yaml"), engagement(extra)).unwrap();
    write_workbook(&dir.path().join("data.xlsx"));
    dir
}

fn nudj(dir: &Path, args: &[&str]) -> Output {
    Command::new(NUDJ)
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run nudj")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn ok(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "stdout:\n{}\nstderr:\n{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

fn json(dir: &Path) -> Value {
    let out = nudj(dir, &["score", "engagement.yaml", "--format", "json"]);
    serde_json::from_str(&ok(&out)).expect("score JSON")
}

#[track_caller]
fn close(v: &Value, expected: f64) {
    let got = v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"));
    assert!(
        (got - expected).abs() < 1e-9,
        "got {got}, expected {expected}"
    );
}

fn find<'a>(arr: &'a Value, id: &str) -> &'a Value {
    arr.as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == id)
        .unwrap_or_else(|| panic!("no `{id}`"))
}

#[test]
fn maturity_scores_match_hand_arithmetic() {
    let dir = setup("");
    let r = json(dir.path());
    assert_eq!(r["schema_version"], 1);
    assert_eq!(r["model"]["id"], "hand");
    assert_eq!(r["respondents"], 6);
    assert_eq!(r["data_quality"]["total_respondents"], 7);
    assert_eq!(r["data_quality"]["excluded"], 1);
    assert_eq!(r["data_quality"]["straightliners"][0]["id"], "R6");
    assert_eq!(r["data_quality"]["straightliners"][0]["row"], 7);
    assert_eq!(r["data_quality"]["straightliners"][0]["excluded"], true);
    assert_eq!(r["data_quality"]["incomplete"][0]["id"], "R7");
    assert_eq!(r["data_quality"]["incomplete"][0]["excluded"], false);

    let q = &r["questions"];
    close(&find(q, "L1")["mean"], 23.0 / 6.0);
    close(&find(q, "L1")["sd"], (41.0f64 / 30.0).sqrt());
    assert_eq!(find(q, "L1")["n"], 6);
    assert_eq!(
        find(q, "L1")["distribution"],
        serde_json::json!([0, 1, 1, 2, 2])
    );
    close(&find(q, "L2")["mean"], 4.0);
    close(&find(q, "L2")["sd"], (2.0f64 / 3.0).sqrt());
    assert_eq!(find(q, "L2")["blank"], 2);
    close(&find(q, "C1")["mean"], 3.5);
    close(&find(q, "C1")["sd"], (5.0f64 / 3.0).sqrt());
    assert_eq!(find(q, "C1")["not_applicable"], 1);
    close(&find(q, "C2")["mean"], 2.0);
    assert_eq!(find(q, "C2")["dimension"], "care");

    let d = &r["dimensions"];
    let lead = find(d, "lead");
    close(&lead["score"], 95.0 / 24.0);
    assert_eq!(lead["level"], 3);
    assert_eq!(lead["level_name"]["en"], "Three");
    close(&lead["target"], 4.2);
    close(&lead["gap"], 4.2 - 95.0 / 24.0);
    close(&lead["priority"], 2.0 * (4.2 - 95.0 / 24.0));
    assert_eq!(lead["status"], "near");
    assert_eq!(lead["n"], 6);
    assert_eq!(lead["recommendations"][0]["en"], "Level three advice");
    let care = find(d, "care");
    close(&care["score"], 2.75);
    assert_eq!(care["level"], 2);
    close(&care["gap"], 0.75);
    assert_eq!(care["status"], "missed");
    assert_eq!(care["n"], 5);
    assert_eq!(care["recommendations"][0]["en"], "Level two advice");

    close(&r["overall"]["score"], 32.0 / 9.0);
    close(&r["overall"]["index"], (32.0 / 9.0 - 1.0) / 4.0 * 100.0);
    assert_eq!(r["overall"]["level"], 3);
    assert_eq!(
        r["ranking"]["dimension_gaps"],
        serde_json::json!(["care", "lead"])
    );
    assert_eq!(
        r["ranking"]["dimension_strengths"],
        serde_json::json!(["lead", "care"])
    );
    assert_eq!(
        r["ranking"]["question_gaps"],
        serde_json::json!(["C2", "C1", "L1", "L2"])
    );

    // B (2) is below the minimum of 3 and hidden; A alone shown would give B away
    // (overall − A = B), so A is hidden too (complementary suppression): no group shown.
    let segs = r["segments"].as_array().unwrap();
    assert_eq!(segs.len(), 2);
    assert_eq!(segs[0]["value"], "A");
    assert_eq!(segs[0]["n"], 4);
    assert_eq!(segs[0]["small"], false);
    assert_eq!(segs[0]["suppressed"], true);
    assert_eq!(segs[0]["complementary"], true);
    assert!(segs[0].get("overall").is_none(), "A's scores give B away");
    assert_eq!(segs[1]["value"], "B");
    assert_eq!(segs[1]["n"], 2);
    assert_eq!(segs[1]["small"], true);
    assert_eq!(segs[1]["suppressed"], true);
    assert!(segs[1].get("complementary").is_none());
    assert!(segs[1].get("overall").is_none(), "suppressed scores leak");

    let w: Vec<String> = r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["message"].as_str().unwrap().to_string())
        .collect();
    assert!(
        w.iter()
            .any(|m| m.contains("`R6`") && m.contains("straight-lining"))
    );
    assert!(
        w.iter()
            .any(|m| m.contains("`R7`") && m.contains("fewer than half"))
    );
    assert!(
        w.iter()
            .any(|m| m.contains("`Team` = `B` has 2 respondent(s)"))
    );
}

/// Without suppression every group keeps its scores: team A by hand (see the file's head).
#[test]
fn segment_scores_match_hand_arithmetic_when_not_suppressed() {
    let dir = setup("suppress_small_segments: false");
    let r = json(dir.path());
    let segs = r["segments"].as_array().unwrap();
    assert_eq!(segs[0]["value"], "A");
    assert_eq!(segs[0]["suppressed"], false);
    close(&segs[0]["overall"]["score"], 3.875);
    close(&find(&segs[0]["dimensions"], "lead")["score"], 4.4375);
    close(&find(&segs[0]["dimensions"], "care")["score"], 2.75);
    close(&find(&segs[0]["questions"], "L1")["score"], 4.25);
    assert_eq!(segs[1]["small"], true);
    assert_eq!(segs[1]["suppressed"], false);
}

#[test]
fn metrics_match_hand_arithmetic() {
    let dir = setup("");
    let r = json(dir.path());
    let m = &r["metrics"];
    let nps = &m["nps"];
    close(&nps["score"], 0.0);
    assert_eq!(nps["promoters"], 4);
    assert_eq!(nps["passives"], 2);
    assert_eq!(nps["detractors"], 4);
    assert_eq!(nps["n"], 10);
    close(&nps["standard_error"], 0.08f64.sqrt() * 100.0);
    close(&nps["margin_of_error"], 1.96 * 0.08f64.sqrt() * 100.0);
    assert_eq!(nps["status"], "missed");
    assert_eq!(nps["by_channel"][0]["value"], "app");
    close(&nps["by_channel"][0]["score"], 60.0);
    assert_eq!(nps["by_channel"][0]["small"], false);
    close(&nps["by_channel"][1]["score"], -60.0);

    close(&m["csat"]["score"], 62.5);
    close(&m["csat"]["mean"], 3.5);
    assert_eq!(
        m["csat"]["distribution"],
        serde_json::json!([1, 1, 1, 3, 2])
    );
    assert_eq!(m["csat"]["status"], "missed");

    close(&m["ces"]["mean"], 4.5);
    close(&m["ces"]["easy_share"], 50.0);
    assert_eq!(m["ces"]["easy_min"], 5);

    close(&m["churn"]["rate"], 140.0 / 1950.0 * 100.0);
    close(&m["churn"]["periods"][0]["rate"], 8.0);
    close(&m["churn"]["periods"][1]["rate"], 60.0 / 950.0 * 100.0);
    close(&m["churn"]["periods"][1]["lost"], 60.0);
    assert_eq!(m["churn"]["status"], "met");

    close(&m["clv"]["rows"][0]["value"], 600.0);
    close(&m["clv"]["rows"][1]["value"], 1000.0);
    assert_eq!(m["clv"]["rows"][1]["margin_given"], false);
    close(&m["clv"]["value"], 800.0);
    assert_eq!(m["clv"]["method"], "unweighted");
    assert_eq!(m["clv"]["status"], "met");
    assert_eq!(m["clv"]["currency"], "SAR");
}

/// The previous wave is this run's JSON with hand-set figures: overall 3.0 (level 3 → same),
/// lead 3.5 (level 3), NPS −40 from P 2, Pa 2, D 6 (SE = √((.2 + .6 − .16)/10)·100 = √.064·100).
/// NPS Δ = 40; threshold = 1.96·√(800 + 640) = 1.96·√1440 = 74.3767…: not significant.
#[test]
fn comparison_with_previous_wave() {
    let dir = setup("previous: previous.json");
    let first = setup("");
    let mut prev = json(first.path());
    prev["model"]["version"] = "0.9".into();
    // A consistent previous wave (a previous result is checked: every figure in range and
    // consistent with those it is computed from): lead 3.75 (both questions 3.75), care 1.5
    // (both 1.5), overall (2 × 3.75 + 1.5) / 3 = 3.0; NPS −40 from 2 / 2 / 6 of 10.
    prev["overall"]["score"] = 3.0.into();
    prev["overall"]["index"] = 50.0.into();
    prev["overall"]["level"] = 3.into();
    for q in prev["questions"].as_array_mut().unwrap() {
        let mean = if q["dimension"] == "lead" { 3.75 } else { 1.5 };
        q["mean"] = mean.into();
    }
    let lead = prev["dimensions"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|d| d["id"] == "lead")
        .unwrap();
    lead["score"] = 3.75.into();
    lead["index"] = 68.75.into();
    lead["level"] = 3.into();
    let care = prev["dimensions"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|d| d["id"] == "care")
        .unwrap();
    care["score"] = 1.5.into();
    care["index"] = 12.5.into();
    care["level"] = 1.into();
    let nps = &mut prev["metrics"]["nps"];
    nps["score"] = (-40.0).into();
    nps["promoters"] = 2.into();
    nps["passives"] = 2.into();
    nps["detractors"] = 6.into();
    nps["n"] = 10.into();
    nps["standard_error"] = (0.064f64.sqrt() * 100.0).into();
    // CSAT then: 1 of 10 satisfied (10%); CES then: four answers of 2 (mean 2, SD 0).
    let csat = &mut prev["metrics"]["csat"];
    csat["score"] = 10.0.into();
    csat["n"] = 10.into();
    csat["satisfied"] = 1.into();
    let ces = &mut prev["metrics"]["ces"];
    ces["mean"] = 2.0.into();
    ces["n"] = 4.into();
    ces["distribution"] = serde_json::json!([0, 4, 0, 0, 0, 0, 0]);
    // Consistent with the distribution (a previous result is checked): no answer is easy.
    ces["easy"] = 0.into();
    ces["easy_share"] = 0.0.into();
    std::fs::write(
        dir.path().join("previous.json"),
        serde_json::to_string(&prev).unwrap(),
    )
    .unwrap();

    let r = json(dir.path());
    let c = &r["comparison"];
    close(&c["overall"]["previous"], 3.0);
    close(&c["overall"]["delta"], 32.0 / 9.0 - 3.0);
    assert_eq!(c["overall"]["level_change"], 0);
    let lead = find(&c["dimensions"], "lead");
    close(&lead["delta"], 95.0 / 24.0 - 3.75);
    let care = find(&c["dimensions"], "care");
    close(&care["delta"], 1.25);
    assert_eq!(care["level_change"], 1);
    close(&c["nps"]["delta"], 40.0);
    close(&c["nps"]["threshold"], 1.96 * 1440f64.sqrt());
    assert_eq!(c["nps"]["significant"], false);
    // Tester 6 F5: CSAT and CES changes are tested as the NPS's is.
    // CSAT: SE then = 100·√(.1·.9/10) = √.009·100, now = 100·√(.625·.375/8);
    // threshold = 1.96·√(90 + 292.96875) = 38.356…; Δ = 52.5 → significant.
    close(&c["csat"]["delta"], 52.5);
    close(
        &c["csat"]["threshold"],
        1.96 * (90.0f64 + 0.625 * 0.375 / 8.0 * 10000.0).sqrt(),
    );
    assert_eq!(c["csat"]["significant"], true);
    // CES: SE then 0 (four equal answers), now √(17.5/5)/√6; Δ = 2.5 > 1.96·√(3.5/6).
    close(&c["ces"]["delta"], 2.5);
    close(&c["ces"]["threshold"], 1.96 * (3.5f64 / 6.0).sqrt());
    assert_eq!(c["ces"]["significant"], true);

    // The table shows the comparison in the engagement's language; the model change is
    // reported against the previous file.
    let out = nudj(dir.path(), &["score", "engagement.yaml"]);
    let table = ok(&out);
    assert!(
        text(&out.stderr).contains(
            "previous.json: warning: the previous assessment used model `hand` 0.9, this one `hand` 1"
        ),
        "{}",
        text(&out.stderr)
    );
    assert!(
        table.contains("Compared with the previous assessment"),
        "{table}"
    );
    assert!(
        table.contains("Care: 1.50 → 2.75 (+1.25) Level +1"),
        "{table}"
    );
    assert!(
        table.contains("NPS: -40.0 → 0.0 (+40.0, not significant)"),
        "{table}"
    );
    assert!(
        table.contains(": 10.0 → 62.5 (+52.5, significant)"),
        "{table}"
    );
    assert!(
        table.contains(": 2.00 → 4.50 (+2.50, significant)"),
        "{table}"
    );

    // The report and the deck show every tested change with its significance, never bare
    // (the deck showed "Change +13.5" for a change the score found not significant).
    let pdf_text = |args: &[&str], pdf: &str| {
        ok(&nudj(dir.path(), args));
        crate::common::pdftotext(&dir.path().join(pdf), &[])
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let report = pdf_text(&["report", "engagement.yaml", "-o", "r.pdf"], "r.pdf");
    assert!(
        report.contains("(from −40.0 to 0.0), not significant at 95%."),
        "{report}"
    );
    assert!(
        report.contains("(from 10.0% to 62.5%), significant at 95%."),
        "{report}"
    );
    assert!(
        report.contains("(from 2.00 to 4.50), significant at 95%."),
        "{report}"
    );
    // The headline table: the change and its reading.
    assert!(report.contains("+40.0 not significant"), "{report}");
    let deck = pdf_text(&["deck", "engagement.yaml", "-o", "d.pdf"], "d.pdf");
    // The deck's table cells come out of the text layer in no fixed order: count them.
    assert_eq!(deck.matches("not significant").count(), 1, "{deck}");
    assert_eq!(deck.matches("significant").count(), 3, "{deck}");
    assert!(deck.contains("+52.5") && deck.contains("+2.50"), "{deck}");
}

#[test]
fn same_input_same_bytes() {
    let dir = setup("");
    let a = nudj(
        dir.path(),
        &["score", "engagement.yaml", "--format", "json"],
    );
    let b = nudj(
        dir.path(),
        &["score", "engagement.yaml", "--format", "json"],
    );
    assert_eq!(ok(&a), ok(&b));
}

#[test]
fn csv_has_a_row_per_dimension_and_question() {
    let dir = setup("");
    let out = ok(&nudj(
        dir.path(),
        &["score", "engagement.yaml", "--format", "csv"],
    ));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1 + 2 + 4, "{out}");
    assert!(lines[0].starts_with("kind,id,dimension,name,score,"));
    assert!(lines[1].starts_with("dimension,lead,lead,Leadership,3.96,"));
    assert!(lines[6].starts_with("question,C2,care,Question C2,2.00,"));
}

#[test]
fn table_is_in_the_engagement_language() {
    let dir = setup("");
    let en = ok(&nudj(dir.path(), &["score", "engagement.yaml"]));
    assert!(en.contains("Respondents: 6 (excluded: 1)"), "{en}");
    assert!(
        en.contains("Overall score: 3.56 / 5 (Maturity index 63.9) — Level: 3 Three"),
        "{en}"
    );
    assert!(en.contains("Leadership"));
    let ar_eng = engagement("").replace("language: en", "language: ar");
    std::fs::write(dir.path().join("engagement.yaml"), ar_eng).unwrap();
    let ar = ok(&nudj(dir.path(), &["score", "engagement.yaml"]));
    assert!(ar.contains("المشاركون: 6"), "{ar}");
    assert!(ar.contains("القيادة"), "{ar}");
    assert!(ar.contains("3 ثالث"), "{ar}");
}

fn fails(dir: &Path, expected: &str) {
    let out = nudj(dir, &["score", "engagement.yaml"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains(expected), "expected `{expected}` in:\n{err}");
}

#[test]
fn bad_previous_files_are_refused_with_their_place() {
    let dir = setup("previous: previous.json");
    let prev: PathBuf = dir.path().join("previous.json");
    std::fs::write(&prev, "{\"schema_version\": 1,\n  \"model\": 3").unwrap();
    fails(dir.path(), "previous.json:2:");
    std::fs::write(&prev, "{\"schema_version\": 99}").unwrap();
    fails(
        dir.path(),
        "score JSON schema_version 99 is not supported (this nudj reads 1)",
    );
    std::fs::write(&prev, "{\"overall\": {}}").unwrap();
    fails(dir.path(), "no `schema_version`");
    std::fs::write(&prev, "{\"schema_version\": 1, \"model\": {}}").unwrap();
    fails(dir.path(), "score JSON does not match schema_version 1");
}

#[test]
fn missing_engagement_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let out = nudj(dir.path(), &["score", "nope.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("nope.yaml"));
}

/// The same answers as a CSV export: no metric sheets, so each metric the model reports is
/// left out with a warning; flagged respondents are located by CSV row.
#[test]
fn csv_data_scores_the_same_and_warns_about_missing_metrics() {
    let dir = setup("");
    let csv = "respondent,Team,L1,L2,C1,C2\n\
               R1,A,4,5,3,N/A\nR2,A,3,4,2,2\nR3,A,5,,4,3\nR4,B,2,3,N/A,1\n\
               R5,B,4,4,5,2\nR6,B,3,3,3,3\nR7,A,5,,,\n";
    std::fs::write(dir.path().join("data.csv"), csv).unwrap();
    let e = engagement("").replace("data.xlsx", "data.csv");
    std::fs::write(dir.path().join("engagement.yaml"), e).unwrap();
    let out = nudj(
        dir.path(),
        &["score", "engagement.yaml", "--format", "json"],
    );
    let r: Value = serde_json::from_str(&ok(&out)).unwrap();
    close(&r["overall"]["score"], 32.0 / 9.0);
    assert!(
        r["metrics"].as_object().unwrap().is_empty(),
        "{}",
        r["metrics"]
    );
    let err = text(&out.stderr);
    for m in ["NPS", "CSAT", "CES", "churn", "CLV"] {
        assert!(
            err.contains(&format!(
                "the model reports {m} but the data has no {m} rows"
            )),
            "{m}: {err}"
        );
    }
    assert!(
        err.contains("data.csv: row 7, column A: warning: respondent `R6` gave the same answer"),
        "{err}"
    );
}
