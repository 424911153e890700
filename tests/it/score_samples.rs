//! `nudj score` on the committed sample engagements: the terminal tables (insta snapshots,
//! reviewed by eye), the JSON's internal consistency recomputed here from its own question
//! means, and the bank's comparison with its 2025 wave.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

const NUDJ: &str = env!("CARGO_BIN_EXE_nudj");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> (String, String) {
    let out = Command::new(NUDJ)
        .current_dir(root())
        .args(args)
        .output()
        .expect("run nudj");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    (stdout, stderr)
}

fn json(engagement: &str) -> Value {
    let (out, _) = run(&["score", engagement, "--format", "json"]);
    serde_json::from_str(&out).expect("JSON")
}

#[test]
fn bank_table_in_arabic() {
    let (out, err) = run(&["score", "samples/bank-ar/engagement.yaml"]);
    insta::assert_snapshot!("bank_ar_table", out);
    // Warnings go to stderr with the workbook's path and row.
    assert!(err.contains("samples/bank-ar/responses.xlsx"), "{err}");
    assert!(err.contains("straight-lining"), "{err}");
}

#[test]
fn telecom_table_in_english() {
    let (out, _) = run(&["score", "samples/telecom-en/engagement.yaml"]);
    insta::assert_snapshot!("telecom_en_table", out);
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// Recomputes dimension and overall scores from the JSON's own question means and weights.
fn check_consistency(r: &Value) {
    let qs = r["questions"].as_array().unwrap();
    let mut weighted = (0.0, 0.0);
    for d in r["dimensions"].as_array().unwrap() {
        let (mut num, mut den) = (0.0, 0.0);
        for q in qs.iter().filter(|q| q["dimension"] == d["id"]) {
            if let Some(m) = q["mean"].as_f64() {
                num += f(&q["weight"]) * m;
                den += f(&q["weight"]);
            }
            let dist: u64 = q["distribution"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_u64().unwrap())
                .sum();
            assert_eq!(dist, q["n"].as_u64().unwrap(), "{}", q["id"]);
        }
        let score = num / den;
        assert!((f(&d["score"]) - score).abs() < 1e-12, "{}", d["id"]);
        weighted.0 += f(&d["weight"]) * score;
        weighted.1 += f(&d["weight"]);
        if let Some(t) = d["target"].as_f64() {
            assert!((f(&d["gap"]) - (t - score)).abs() < 1e-12);
        }
    }
    assert!((f(&r["overall"]["score"]) - weighted.0 / weighted.1).abs() < 1e-12);
    let nps = &r["metrics"]["nps"];
    let n = nps["n"].as_u64().unwrap();
    assert_eq!(
        nps["promoters"].as_u64().unwrap()
            + nps["passives"].as_u64().unwrap()
            + nps["detractors"].as_u64().unwrap(),
        n
    );
    let by_channel: u64 = nps["by_channel"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["n"].as_u64().unwrap())
        .sum();
    assert!(by_channel <= n);
    // Saved paths are relative to the engagement: the file is the same on any machine.
    for w in r["warnings"].as_array().unwrap() {
        let file = w["file"].as_str().unwrap();
        assert!(!file.starts_with('/'), "absolute path in JSON: {file}");
    }
}

#[test]
fn sample_results_are_consistent() {
    for e in [
        "samples/bank-ar/engagement.yaml",
        "samples/telecom-en/engagement.yaml",
        "samples/bank-ar/2025/engagement.yaml",
    ] {
        check_consistency(&json(e));
    }
}

#[test]
fn bank_compares_with_its_2025_wave() {
    let r = json("samples/bank-ar/engagement.yaml");
    let c = &r["comparison"];
    assert_eq!(c["previous_model"], "cx-maturity");
    assert_eq!(c["dimensions"].as_array().unwrap().len(), 8);
    let prev: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("samples/bank-ar/2025/score.json")).unwrap(),
    )
    .unwrap();
    let delta = f(&r["overall"]["score"]) - f(&prev["overall"]["score"]);
    assert!((f(&c["overall"]["delta"]) - delta).abs() < 1e-12);
    let (p, q) = (&prev["metrics"]["nps"], &r["metrics"]["nps"]);
    let threshold =
        1.96 * (f(&p["standard_error"]).powi(2) + f(&q["standard_error"]).powi(2)).sqrt();
    assert!((f(&c["nps"]["threshold"]) - threshold).abs() < 1e-9);
    let d = f(&q["score"]) - f(&p["score"]);
    assert_eq!(c["nps"]["significant"], d.abs() > threshold);
}

/// The committed 2025 score is exactly what this version writes (regenerate it with
/// `nudj score samples/bank-ar/2025/engagement.yaml --format json` when this fails).
#[test]
fn committed_previous_wave_is_current() {
    let (out, _) = run(&[
        "score",
        "samples/bank-ar/2025/engagement.yaml",
        "--format",
        "json",
    ]);
    let committed =
        std::fs::read_to_string(root().join("samples/bank-ar/2025/score.json")).unwrap();
    assert_eq!(out.trim_end(), committed.trim_end());
}
