//! A displayed figure never contradicts its level (tester 5, F1 and F1b): level thresholds are
//! printed with the decimals the model wrote (at least two), a score is rounded toward its
//! level, and a positive gap is never `0.00`.

use std::path::Path;

use serde_json::Value;

use crate::common::{SmallModel, nudj, ok, small_engagement, write_workbook};
use crate::results_xlsx::number_format;

/// One dimension `alpha` of one question on a 1-5 scale with levels at `levels`, answered
/// `answers` (one respondent each).
fn write(dir: &Path, levels: &[f64], answers: &[&str]) {
    SmallModel::new("m", ("نموذج", "Model"))
        .levels(levels)
        .dimension(
            "alpha",
            ("الاستراتيجية", "Strategy"),
            &[("A1", "سؤال", "Question")],
        )
        .write(dir);
    std::fs::write(dir.join("engagement.yaml"), small_engagement("en", "")).unwrap();
    let ids: Vec<String> = (1..=answers.len()).map(|i| format!("R{i}")).collect();
    let mut rows: Vec<Vec<&str>> = vec![vec!["Respondent", "A1"]];
    for (id, a) in ids.iter().zip(answers) {
        rows.push(vec![id.as_str(), a]);
    }
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    write_workbook(&dir.join("data.xlsx"), &[("Responses", &rows)]);
}

/// The report's data.json (`--emit-typst`).
fn report_data(dir: &Path) -> Value {
    let emit = dir.join("emit");
    let pdf = dir.join("r.pdf");
    let out = nudj(
        dir,
        &[
            "report",
            "engagement.yaml",
            "-o",
            pdf.to_str().unwrap(),
            "--emit-typst",
            emit.to_str().unwrap(),
        ],
    );
    ok(&out);
    serde_json::from_str(&std::fs::read_to_string(emit.join("data.json")).unwrap()).unwrap()
}

fn mins(d: &Value) -> Vec<&str> {
    d["levels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["min"].as_str().unwrap())
        .collect()
}

#[test]
fn thresholds_keep_the_decimals_the_model_wrote() {
    // Tester 5's s6: level 3 from 3.44; Strategy 3,3,4,4,3 → 3.40, level 2. The levels
    // table said "From 3.4" beside "3.40 · Level 2".
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[1.0, 2.0, 3.44, 4.5],
        &["3", "3", "4", "4", "3"],
    );
    let d = report_data(dir.path());
    assert_eq!(mins(&d), ["1.00", "2.00", "3.44", "4.50"]);
    let dim = &d["dimensions"][0];
    assert_eq!(dim["score"], "3.40");
    assert_eq!(dim["level"], "2");
    assert_eq!(dim["gap"], "0.04");
}

#[test]
fn a_score_just_under_a_threshold_is_shown_under_it() {
    // Tester 5's s7: 199 × 3 and 1 × 2 → 599/200 = 2.995, level 1 under level 2 from 3.0,
    // gap 0.005 (0.004999999999999893 in binary). Shown "3.00 · Level 1 · gap 0.00" beside
    // "Level 2 from 3.0", and a roadmap item "Gap 0.00".
    let dir = tempfile::tempdir().unwrap();
    let mut answers = vec!["3"; 199];
    answers.push("2");
    write(dir.path(), &[1.0, 3.0], &answers);
    let out = nudj(
        dir.path(),
        &["score", "engagement.yaml", "--format", "json"],
    );
    ok(&out);
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let dim = &r["dimensions"][0];
    assert!((dim["score"].as_f64().unwrap() - 2.995).abs() < 1e-12);
    assert_eq!(dim["level"], 1);
    let gap = dim["gap"].as_f64().unwrap();
    assert!(gap > 0.0 && gap < 0.005, "{gap}");

    let d = report_data(dir.path());
    assert_eq!(mins(&d), ["1.00", "3.00"]);
    let shown = &d["dimensions"][0];
    assert_eq!(shown["score"], "2.99");
    assert_eq!(shown["level"], "1");
    assert_eq!(shown["gap"], "<0.01");
    assert_eq!(d["overall"]["score"], "2.99");
    let item = &d["roadmap"][0]["items"][0];
    assert_eq!(
        (&item["gap"], &item["priority"]),
        (&"<0.01".into(), &"<0.01".into())
    );

    // The workbook keeps the exact value; its format shows 2.995 (a spreadsheet cannot round
    // toward the level) and the gap as <0.01, never 3.00 and 0.00.
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
    // Dimensions sheet (the second): D score, H gap to next level, I priority.
    assert_eq!(number_format(&xlsx, 2, "D2"), "0.000");
    assert_eq!(number_format(&xlsx, 2, "H2"), "&quot;&lt;0.01&quot;");
    assert_eq!(number_format(&xlsx, 2, "I2"), "&quot;&lt;0.01&quot;");
    // The terminal table and the CSV round as the report does.
    let out = nudj(dir.path(), &["score", "engagement.yaml"]);
    ok(&out);
    let table = String::from_utf8_lossy(&out.stdout).into_owned();
    let row = table.lines().find(|l| l.starts_with("Strategy")).unwrap();
    assert!(row.contains("2.99") && row.contains("<0.01"), "{table}");
    assert!(table.contains("Overall score: 2.99 "), "{table}");
    let out = nudj(dir.path(), &["score", "engagement.yaml", "--format", "csv"]);
    ok(&out);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(",Strategy,2.99,"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // Summary's overall score (the same figure) likewise.
    let summary = crate::results_xlsx::part(&xlsx, "xl/worksheets/sheet1.xml").unwrap();
    assert!(summary.contains("<v>2.995</v>"), "{summary}");
}

#[test]
fn a_small_nps_channel_shows_its_n_and_no_margin() {
    // Tester 5's e8: a channel of two detractors showed "−100.0 ±0.0" with no n and no flag
    // in the report (the workbook flagged it). App: 5 ratings, Branch: 2 (minimum 5). The
    // engagement shows small groups (`suppress_small_segments: false`); by default Branch is
    // hidden, App with it (tests/it/privacy_metrics.rs).
    let dir = tempfile::tempdir().unwrap();
    SmallModel::new("m", ("نموذج", "Model"))
        .dimension(
            "alpha",
            ("الاستراتيجية", "Strategy"),
            &[("A1", "سؤال", "Question")],
        )
        .metrics("nps: {}")
        .write(dir.path());
    std::fs::write(
        dir.path().join("engagement.yaml"),
        small_engagement("en", "suppress_small_segments: false\n"),
    )
    .unwrap();
    let nps: &[&[&str]] = &[
        &["score", "channel"],
        &["9", "App"],
        &["10", "App"],
        &["3", "App"],
        &["8", "App"],
        &["9", "App"],
        &["5", "Branch"],
        &["1", "Branch"],
    ];
    let responses: &[&[&str]] = &[&["Respondent", "A1"], &["R1", "4"], &["R2", "3"]];
    write_workbook(
        &dir.path().join("data.xlsx"),
        &[("Responses", responses), ("NPS", nps)],
    );
    let d = report_data(dir.path());
    let groups = d["nps"]["by_channel"].as_array().unwrap();
    let branch = groups
        .iter()
        .find(|g| g["value"].as_str().unwrap().contains("Branch"))
        .unwrap();
    assert_eq!(branch["score"], "−100.0");
    assert_eq!(branch["n"], "2");
    assert_eq!(branch["small"], true);
    assert_eq!(branch["moe"], "n too small");
    let app = groups
        .iter()
        .find(|g| g["value"].as_str().unwrap().contains("App"))
        .unwrap();
    assert!(app["moe"].as_str().unwrap().starts_with('±'), "{app}");
    // The report's table and the deck's chart say it.
    let text = crate::common::pdftotext(&dir.path().join("r.pdf"), &["-layout"]);
    let row = text
        .lines()
        .find(|l| l.contains("Branch") && l.contains("−100.0"));
    let row = row.unwrap_or_else(|| panic!("{text}"));
    assert!(
        row.contains("n too small") && row.contains("2 · small group"),
        "{row}"
    );
    let deck = dir.path().join("d.pdf");
    let out = nudj(
        dir.path(),
        &["deck", "engagement.yaml", "-o", deck.to_str().unwrap()],
    );
    ok(&out);
    let text = crate::common::pdftotext(&deck, &[]);
    assert!(text.contains("Branch · small group, n = 2"), "{text}");
}

#[test]
fn a_target_keeps_the_decimals_it_was_written_with() {
    // A target of 3.45 was shown "3.5" beside a score of 3.40 and a gap of 0.05.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[1.0, 2.0, 3.44, 4.5],
        &["3", "3", "4", "4", "3"],
    );
    std::fs::write(
        dir.path().join("engagement.yaml"),
        small_engagement("en", "targets: {alpha: 3.45}\n"),
    )
    .unwrap();
    let d = report_data(dir.path());
    let dim = &d["dimensions"][0];
    assert_eq!(
        (&dim["target"], &dim["gap"]),
        (&"3.45".into(), &"0.05".into())
    );
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
    // Dimensions sheet: H target.
    let sheet = crate::results_xlsx::part(&xlsx, "xl/worksheets/sheet2.xml").unwrap();
    assert!(sheet.contains("<v>3.45</v>"), "{sheet}");
    assert!(sheet.contains("<c r=\"H2\""), "{sheet}");
    assert_eq!(number_format(&xlsx, 2, "H2"), "0.00");
}
