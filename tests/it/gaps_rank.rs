//! Gaps, their ranking and the summary's panels read the same in the score JSON, the report
//! and the deck (tester 5, findings F2, F3, F4, F24): without targets the largest gaps are the
//! weakest dimensions, gated ties go to the lower score, and a dimension without a target
//! falls back to its gap to the next level.

use std::path::Path;

use serde_json::Value;

use crate::common::{nudj, ok, pdftotext, root, write_workbook};

/// Tester 5's s1 shape: a 0-4 scale, levels at 0/1/2/3, seven respondents. Strategy (alpha)
/// 1.50 level 2, Channels (beta) 15/7 = 2.14 level 3, Data (gamma) 12/7 = 1.71 level 2.
fn write_s1(dir: &Path, lang: &str, extra: &str) {
    let model = "id: s-one\nversion: \"1\"\ntitle: {ar: نموذج, en: Model}\n\
        scale: {min: 0, max: 4}\nlevels:\n\
        \x20 - {name: {ar: المستوى 1, en: Level 1}, min_score: 0}\n\
        \x20 - {name: {ar: المستوى 2, en: Level 2}, min_score: 1}\n\
        \x20 - {name: {ar: المستوى 3, en: Level 3}, min_score: 2}\n\
        \x20 - {name: {ar: المستوى 4, en: Level 4}, min_score: 3}\n\
        dimensions:\n\
        \x20 - id: alpha\n    name: {ar: الاستراتيجية, en: Strategy}\n    questions:\n\
        \x20     - {id: A1, text: {ar: سؤال أ1, en: Question A1}}\n\
        \x20     - {id: A2, text: {ar: سؤال أ2, en: Question A2}}\n\
        \x20 - id: beta\n    name: {ar: القنوات, en: Channels}\n    questions:\n\
        \x20     - {id: B1, text: {ar: سؤال ب1, en: Question B1}}\n\
        \x20 - id: gamma\n    name: {ar: البيانات, en: Data}\n    questions:\n\
        \x20     - {id: G1, text: {ar: سؤال ج1, en: Question G1}}\n";
    std::fs::write(dir.join("model.yaml"), model).unwrap();
    let eng = format!(
        "client: {{name: {{ar: عميل, en: Client}}}}\nmodel: model.yaml\ndata: data.xlsx\n\
         language: {lang}\ndate: \"2026-11-30\"\n{extra}"
    );
    std::fs::write(dir.join("engagement.yaml"), eng).unwrap();
    let b = ["3", "3", "3", "2", "2", "1", "1"];
    let g = ["2", "2", "2", "2", "2", "1", "1"];
    let ids: Vec<String> = (1..=7).map(|i| format!("R{i}")).collect();
    let mut rows: Vec<Vec<&str>> = vec![vec!["Respondent", "A1", "A2", "B1", "G1"]];
    for i in 0..7 {
        rows.push(vec![ids[i].as_str(), "1", "2", b[i], g[i]]);
    }
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    write_workbook(&dir.join("data.xlsx"), &[("Responses", &rows)]);
}

fn score_json(dir: &Path, eng: &str) -> Value {
    let out = nudj(dir, &["score", eng, "--format", "json"]);
    ok(&out);
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The report's data.json (`--emit-typst`) of an engagement.
fn report_data(dir: &Path, eng: &str, lang: &str) -> Value {
    let emit = dir.join(format!("emit-{lang}"));
    let pdf = dir.join(format!("r-{lang}.pdf"));
    let out = nudj(
        dir,
        &[
            "report",
            eng,
            "--lang",
            lang,
            "-o",
            pdf.to_str().unwrap(),
            "--emit-typst",
            emit.to_str().unwrap(),
        ],
    );
    ok(&out);
    serde_json::from_str(&std::fs::read_to_string(emit.join("data.json")).unwrap()).unwrap()
}

fn names(d: &Value, key: &str) -> Vec<String> {
    d[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap().to_string())
        .collect()
}

fn roadmap(d: &Value) -> Vec<(String, String)> {
    d["roadmap"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["items"].as_array().unwrap().iter())
        .map(|i| {
            (
                i["name"].as_str().unwrap().to_string(),
                i["gap"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn dim<'a>(r: &'a Value, id: &str) -> &'a Value {
    r["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id)
        .unwrap()
}

#[test]
fn without_targets_the_largest_gap_is_the_weakest_dimension_and_the_json_agrees() {
    let dir = tempfile::tempdir().unwrap();
    write_s1(dir.path(), "en", "");
    let r = score_json(dir.path(), "engagement.yaml");
    // The JSON carries the gaps the documents show (it had none: `gap: null`).
    for (id, gap) in [("alpha", 0.5), ("beta", 6.0 / 7.0), ("gamma", 2.0 / 7.0)] {
        let d = dim(&r, id);
        assert!((d["gap"].as_f64().unwrap() - gap).abs() < 1e-9, "{id}: {d}");
        assert!((d["priority"].as_f64().unwrap() - gap).abs() < 1e-9, "{id}");
        assert_eq!(d["gap_basis"], "next_level", "{id}");
    }
    // The roadmap's order: distance to the next level × weight (issue 19).
    assert_eq!(
        r["ranking"]["dimension_gaps"],
        serde_json::json!(["beta", "alpha", "gamma"])
    );
    let d = report_data(dir.path(), "engagement.yaml", "en");
    // Strategy 1.50 is the weakest: the largest gap. Channels 2.14 the strongest. It was
    // "Relatively strongest: Data 1.71 / Largest gaps: Channels 2.14".
    assert_eq!(names(&d, "gaps"), ["Strategy"]);
    assert_eq!(names(&d, "strengths"), ["Channels"]);
    assert_eq!(d["gaps"][0]["score"], "1.50");
    let items = roadmap(&d);
    assert_eq!(
        items,
        [
            ("Channels".to_string(), "0.86".to_string()),
            ("Strategy".to_string(), "0.50".to_string()),
            ("Data".to_string(), "0.29".to_string()),
        ]
    );
}

#[test]
fn a_dimension_without_a_target_falls_back_to_its_next_level() {
    // Tester 5's e13: a target for Strategy only, no default.
    let dir = tempfile::tempdir().unwrap();
    write_s1(dir.path(), "en", "targets: {alpha: 3}\n");
    let r = score_json(dir.path(), "engagement.yaml");
    let basis: Vec<&str> = ["alpha", "beta", "gamma"]
        .iter()
        .map(|id| dim(&r, id)["gap_basis"].as_str().unwrap())
        .collect();
    assert_eq!(basis, ["target", "next_level", "next_level"]);
    assert!((dim(&r, "alpha")["gap"].as_f64().unwrap() - 1.5).abs() < 1e-9);
    assert!((dim(&r, "gamma")["gap"].as_f64().unwrap() - 2.0 / 7.0).abs() < 1e-9);
    assert_eq!(
        r["ranking"]["dimension_gaps"],
        serde_json::json!(["alpha", "beta", "gamma"])
    );
    let d = report_data(dir.path(), "engagement.yaml", "en");
    assert_eq!(d["gap_basis"], "target");
    // All three are on the roadmap (Channels and Data vanished), the fallback said so.
    let items = roadmap(&d);
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(items[0], ("Strategy".to_string(), "1.50".to_string()));
    assert_eq!(
        items[2],
        ("Data".to_string(), "0.29 to next level".to_string())
    );
    let data = d["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == "gamma")
        .unwrap();
    assert_eq!(data["gap"], "0.29 to next level");
}

#[test]
fn gated_ties_go_to_the_weaker_dimension_and_the_weakest_is_never_a_strength() {
    // The gov-ar sample: Direction 2.60 (L2), Beneficiary insight 1.60 (L1), Service
    // delivery 2.80 (L3), Measurement 1.80 (L2); blocking practices 1, 1, 1, 2. The summary
    // called Beneficiary insight, the weakest, "relatively strongest".
    let dir = tempfile::tempdir().unwrap();
    let eng = root().join("samples/gov-ar/engagement.yaml");
    let eng = eng.to_str().unwrap();
    let r = score_json(dir.path(), eng);
    assert_eq!(
        r["ranking"]["dimension_gaps"],
        serde_json::json!(["measurement", "insight", "direction", "delivery"])
    );
    assert_eq!(dim(&r, "insight")["gap_basis"], "practices");
    assert_eq!(dim(&r, "measurement")["gap"], 2.0);
    let d = report_data(dir.path(), eng, "en");
    let gaps = names(&d, "gaps");
    let strengths = names(&d, "strengths");
    assert_eq!(gaps.len(), 2, "{gaps:?}");
    assert!(gaps[0].starts_with("Beneficiary insight"), "{gaps:?}");
    assert!(gaps[1].starts_with("Measurement"), "{gaps:?}");
    assert!(
        strengths[0].starts_with("Service delivery"),
        "{strengths:?}"
    );
    assert!(strengths[1].starts_with("Direction"), "{strengths:?}");
    let items = roadmap(&d);
    assert!(items[0].0.starts_with("Measurement"), "{items:?}");
    assert!(items[1].0.starts_with("Beneficiary insight"), "{items:?}");
}

#[test]
fn the_gated_deck_says_the_gap_is_blocking_practices() {
    let dir = tempfile::tempdir().unwrap();
    let eng = root().join("samples/gov-ar/engagement.yaml");
    let pdf = dir.path().join("d.pdf");
    let out = nudj(
        dir.path(),
        &[
            "deck",
            eng.to_str().unwrap(),
            "--lang",
            "en",
            "-o",
            pdf.to_str().unwrap(),
        ],
    );
    ok(&out);
    let text = pdftotext(&pdf, &[])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("the number of practices blocking its next level"),
        "{text}"
    );
    assert!(!text.contains("distance from its score"), "{text}");
}

#[test]
fn the_workbook_says_an_untargeted_dimension_is_measured_to_its_next_level() {
    let dir = tempfile::tempdir().unwrap();
    write_s1(dir.path(), "en", "targets: {alpha: 3}\n");
    let xlsx = dir.path().join("r.xlsx");
    let out = nudj(
        dir.path(),
        &[
            "score",
            "engagement.yaml",
            "--format",
            "xlsx",
            "-o",
            xlsx.to_str().unwrap(),
        ],
    );
    ok(&out);
    let strings = crate::results_xlsx::part(&xlsx, "xl/sharedStrings.xml").unwrap();
    assert!(
        strings.contains("A dimension without a target of its own is measured to its next level"),
        "{strings}"
    );
    // Data's gap (2/7 to level 3) is in the Dimensions sheet beside Strategy's 1.5.
    let sheet = crate::results_xlsx::part(&xlsx, "xl/worksheets/sheet2.xml").unwrap();
    assert!(sheet.contains("<v>1.5</v>"), "{sheet}");
    assert!(sheet.contains("<v>0.2857142857142"), "{sheet}");
}
