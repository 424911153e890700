//! `nudj benchmark build` through the binary: figures by hand, the minimum, the same bytes for
//! any order, nothing identifying in the file, mismatching results refused.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::common::{nudj, ok, root, text};

/// The bank's 2025 result (a real `nudj score --format json`) with its figures replaced by
/// known ones: organisation `k` scores 1.5 + 0.5k overall, 1 + 0.5k + 0.125i on dimension i,
/// NPS 10k − 10; only the first two report CLV. A client name is added to show that nothing
/// of the input beyond the figures reaches the benchmark.
fn variant(k: usize) -> Value {
    let text = fs::read_to_string(root().join("samples/bank-ar/2025/score.json")).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    let kf = k as f64;
    let overall = 1.5 + 0.5 * kf;
    v["overall"]["score"] = json!(overall);
    v["overall"]["index"] = json!((overall - 1.0) / 4.0 * 100.0);
    for (i, d) in v["dimensions"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .enumerate()
    {
        let s = 1.0 + 0.5 * kf + 0.125 * i as f64;
        d["score"] = json!(s);
        d["index"] = json!((s - 1.0) / 4.0 * 100.0);
    }
    v["metrics"]["nps"]["score"] = json!(10.0 * kf - 10.0);
    if k >= 2 {
        v["metrics"].as_object_mut().unwrap().remove("clv");
    }
    v["client"] = json!({"name": "مصرف الواحة السري", "date": "2026-11-01"});
    v
}

/// Writes `n` variants as `org-a.json`, `org-b.json`, … in `dir/results`.
fn results(dir: &Path, n: usize) -> Vec<PathBuf> {
    let folder = dir.join("results");
    fs::create_dir_all(&folder).unwrap();
    (0..n)
        .map(|k| {
            let p = folder.join(format!("org-{}.json", (b'a' + k as u8) as char));
            fs::write(&p, serde_json::to_string_pretty(&variant(k)).unwrap()).unwrap();
            p
        })
        .collect()
}

fn build(dir: &Path, inputs: &[&str], extra: &[&str]) -> std::process::Output {
    let mut args = vec!["benchmark", "build"];
    args.extend_from_slice(inputs);
    args.extend_from_slice(&["-o", "bench.json"]);
    args.extend_from_slice(extra);
    nudj(dir, &args)
}

fn close(a: &Value, b: f64) -> bool {
    (a.as_f64().unwrap() - b).abs() < 1e-12
}

#[test]
fn build_gives_hand_computed_quartiles_and_leaves_out_thin_figures() {
    let t = tempfile::tempdir().unwrap();
    results(t.path(), 6);
    let err = ok(&build(
        t.path(),
        &["results"],
        &["--name", "Retail banking 2026"],
    ));
    // CLV: 2 of 6 organisations, below the default minimum of 5.
    assert!(
        err.contains("CLV is reported by 2 of 6 organisations, fewer than --min-orgs 5; left out"),
        "{err}"
    );
    let b: Value =
        serde_json::from_str(&fs::read_to_string(t.path().join("bench.json")).unwrap()).unwrap();
    assert_eq!(b["name"], "Retail banking 2026");
    assert_eq!(b["organisations"], 6);
    assert_eq!(b["min_orgs"], 5);
    assert_eq!(b["model"], json!({"id": "cx-maturity", "version": "1.0"}));
    // Overall 1.5, 2, 2.5, 3, 3.5, 4: h = 5p + 1. q1: h = 2.25 → 2 + .25 × .5 = 2.125;
    // median: h = 3.5 → 2.75; q3: h = 4.75 → 3 + .75 × .5 = 3.375; mean 16.5 / 6 = 2.75.
    let o = &b["overall"]["score"];
    assert_eq!(o["n"], 6);
    assert!(close(&o["q1"], 2.125) && close(&o["median"], 2.75) && close(&o["q3"], 3.375));
    assert!(close(&o["min"], 1.5) && close(&o["max"], 4.0) && close(&o["mean"], 2.75));
    assert_eq!(o["values"], json!([1.5, 2.0, 2.5, 3.0, 3.5, 4.0]));
    // Dimension 2 (journeys): 1.25, 1.75, … 3.75: median (2.25 + 2.75) / 2 = 2.5, index
    // (2.5 − 1) / 4 × 100 = 37.5.
    let j = &b["dimensions"][2];
    assert_eq!(j["id"], "journeys");
    assert!(close(&j["score"]["median"], 2.5));
    assert!(close(&j["index"]["median"], 37.5));
    // NPS −10 … 40: median 15, q1 2.5, q3 27.5.
    let n = &b["metrics"]["nps"]["score"];
    assert!(close(&n["median"], 15.0) && close(&n["q1"], 2.5) && close(&n["q3"], 27.5));
    assert!(b["metrics"].get("clv").is_none());
    assert!(b["metrics"]["csat"]["threshold"].is_i64());
    assert_eq!(b["metrics"]["ces"]["mean"]["n"], 6);
}

#[test]
fn fewer_results_than_the_minimum_are_refused() {
    let t = tempfile::tempdir().unwrap();
    results(t.path(), 4);
    let out = build(t.path(), &["results"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("4 organisation result(s) given; a benchmark needs at least 5 (--min-orgs)"),
        "{err}"
    );
    assert!(!t.path().join("bench.json").exists());
    // Lowering the minimum is allowed down to 3, not below.
    ok(&build(t.path(), &["results"], &["--min-orgs", "4"]));
    let out = build(t.path(), &["results"], &["--min-orgs", "2"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("at least 3"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn the_same_inputs_in_any_order_give_the_same_bytes() {
    let t = tempfile::tempdir().unwrap();
    let files = results(t.path(), 6);
    let names: Vec<String> = files
        .iter()
        .map(|f| f.strip_prefix(t.path()).unwrap().display().to_string())
        .collect();
    let forward: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut backward = forward.clone();
    backward.reverse();
    let mut shuffled = forward.clone();
    shuffled.swap(0, 4);
    shuffled.swap(1, 3);
    let mut outputs = Vec::new();
    for inputs in [vec!["results"], forward, backward, shuffled] {
        ok(&build(t.path(), &inputs, &[]));
        outputs.push(fs::read(t.path().join("bench.json")).unwrap());
    }
    assert!(outputs.windows(2).all(|w| w[0] == w[1]));
    // The same file given twice (directly and through its folder) counts once.
    let err = ok(&build(t.path(), &["results", "results/org-a.json"], &[]));
    assert_eq!(
        fs::read(t.path().join("bench.json")).unwrap(),
        outputs[0],
        "{err}"
    );
}

#[test]
fn nothing_identifying_reaches_the_benchmark() {
    let t = tempfile::tempdir().unwrap();
    results(t.path(), 5);
    ok(&build(t.path(), &["results"], &[]));
    let bench = fs::read_to_string(t.path().join("bench.json")).unwrap();
    let input: Value = variant(0);
    let mut secrets: Vec<String> = vec![
        "مصرف الواحة".into(),
        "2026-11-01".into(),
        // The assessment's own date, which the score JSON records.
        input["date"].as_str().unwrap().into(),
        "org-a".into(),
        "results".into(),
        "responses.xlsx".into(),
    ];
    for s in input["segments"].as_array().unwrap() {
        secrets.push(s["value"].as_str().unwrap().to_string());
        secrets.push(s["column"].as_str().unwrap().to_string());
    }
    for f in input["data_quality"]["straightliners"].as_array().unwrap() {
        secrets.push(f["id"].as_str().unwrap().to_string());
    }
    for c in input["metrics"]["nps"]["by_channel"].as_array().unwrap() {
        secrets.push(c["value"].as_str().unwrap().to_string());
    }
    assert!(secrets.len() > 10);
    for s in &secrets {
        assert!(!bench.contains(s.as_str()), "`{s}` is in the benchmark");
    }
    // Only these keys at the top (serde_json's map lists them sorted).
    let b: Value = serde_json::from_str(&bench).unwrap();
    let keys: Vec<&String> = b.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "benchmark_version",
            "dimensions",
            "metrics",
            "min_orgs",
            "model",
            "organisations",
            "overall"
        ]
    );
}

#[test]
fn a_result_of_another_model_is_refused_with_its_file_named() {
    let t = tempfile::tempdir().unwrap();
    let files = results(t.path(), 5);
    let mut v = variant(3);
    v["model"]["id"] = json!("other-model");
    fs::write(&files[3], serde_json::to_string(&v).unwrap()).unwrap();
    let mut v = variant(4);
    v["dimensions"].as_array_mut().unwrap().pop();
    fs::write(&files[4], serde_json::to_string(&v).unwrap()).unwrap();
    let out = build(t.path(), &["results"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("org-d.json: error: scored against model `other-model` 1.0"),
        "{err}"
    );
    assert!(
        err.contains("org-e.json: error: scored against model `cx-maturity` 1.0"),
        "{err}"
    );
    assert!(
        err.contains("but results/org-a.json was scored against model `cx-maturity`"),
        "{err}"
    );
    assert!(!t.path().join("bench.json").exists());
}

/// An adapted model that kept the built-in id and version (what `nudj init` copies) weighs
/// its dimensions differently: its figures cannot be set beside the others.
#[test]
fn a_result_scored_with_other_weights_under_the_same_model_is_refused() {
    let t = tempfile::tempdir().unwrap();
    let files = results(t.path(), 5);
    let mut v = variant(2);
    v["dimensions"][0]["weight"] = json!(5.0);
    fs::write(&files[2], serde_json::to_string(&v).unwrap()).unwrap();
    let mut v = variant(3);
    v["questions"][1]["weight"] = json!(10.0);
    fs::write(&files[3], serde_json::to_string(&v).unwrap()).unwrap();
    let out = build(t.path(), &["results"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    let first_dim = variant(0)["dimensions"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let second_q = variant(0)["questions"][1]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        err.contains(&format!(
            "org-c.json: error: scored with other weights than results/org-a.json under the same model `cx-maturity` 1.0: dimension `{first_dim}` weighs 5 here and 1 there"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("org-d.json: error: scored with other weights than results/org-a.json under the same model `cx-maturity` 1.0: question `{second_q}` weighs 10 here and 1 there")),
        "{err}"
    );
    assert!(!t.path().join("bench.json").exists());
}

#[test]
fn a_figure_out_of_range_or_not_a_result_is_refused() {
    let t = tempfile::tempdir().unwrap();
    let files = results(t.path(), 5);
    let mut v = variant(1);
    v["metrics"]["nps"]["score"] = json!(140.0);
    fs::write(&files[1], serde_json::to_string(&v).unwrap()).unwrap();
    fs::write(&files[2], "{\"hello\": 1}").unwrap();
    let out = build(t.path(), &["results"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("org-c.json: error: not a `nudj score --format json` result"),
        "{err}"
    );
    // Reading stops at unreadable files; the range check runs once all parse.
    fs::write(&files[2], serde_json::to_string(&variant(2)).unwrap()).unwrap();
    let err = text(&build(t.path(), &["results"], &[]).stderr);
    assert!(
        err.contains("org-b.json: error: `metrics.nps.score` is 140, outside -100 … 100"),
        "{err}"
    );
}

/// The bank sample copied to `dir/bank` (model path made absolute), naming `benchmark`.
fn bank_with_benchmark(dir: &Path, benchmark: &str) -> PathBuf {
    let src = root().join("samples/bank-ar");
    let bank = dir.join("bank");
    fs::create_dir_all(bank.join("2025")).unwrap();
    fs::copy(src.join("responses.xlsx"), bank.join("responses.xlsx")).unwrap();
    fs::copy(src.join("2025/score.json"), bank.join("2025/score.json")).unwrap();
    let model = root().join("assessments/cx-maturity.yaml");
    let yaml = fs::read_to_string(src.join("engagement.yaml"))
        .unwrap()
        .replace(
            "../../assessments/cx-maturity.yaml",
            model.to_str().unwrap(),
        )
        .lines()
        .filter(|l| !l.starts_with("benchmark:"))
        .collect::<Vec<_>>()
        .join("\n");
    let e = bank.join("engagement.yaml");
    fs::write(&e, format!("{yaml}\nbenchmark: {benchmark}\n")).unwrap();
    e
}

#[test]
fn the_client_is_placed_in_the_benchmark() {
    let t = tempfile::tempdir().unwrap();
    results(t.path(), 6);
    ok(&build(
        t.path(),
        &["results"],
        &["--name", "Retail banking 2026"],
    ));
    bank_with_benchmark(t.path(), "../bench.json");
    let out = nudj(
        t.path(),
        &["score", "bank/engagement.yaml", "--format", "json"],
    );
    ok(&out);
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        r["benchmark"],
        json!({"name": "Retail banking 2026", "model_id": "cx-maturity", "model_version": "1.0",
               "organisations": 6, "min_orgs": 5})
    );
    // Overall values 1.5 … 4 (step 0.5): the bank's score s has #{v < s} + ½ #{v = s} of 6
    // below it.
    let s = r["overall"]["score"].as_f64().unwrap();
    let vals = [1.5, 2.0, 2.5, 3.0, 3.5, 4.0];
    let below = vals.iter().filter(|v| **v < s).count() as f64;
    let equal = vals.iter().filter(|v| **v == s).count() as f64;
    let o = &r["overall"]["benchmark"];
    assert!(
        close(&o["percentile"], 100.0 * (below + equal / 2.0) / 6.0),
        "{o}"
    );
    assert!(close(&o["median"], 2.75) && close(&o["q1"], 2.125) && close(&o["q3"], 3.375));
    assert_eq!(o["n"], 6);
    for d in r["dimensions"].as_array().unwrap() {
        assert_eq!(d["benchmark"]["n"], 6, "{}", d["id"]);
    }
    // NPS −10 … 40: median 15.
    assert!(close(&r["metrics"]["nps"]["benchmark"]["median"], 15.0));
    assert!(r["metrics"]["churn"]["benchmark"]["percentile"].is_f64());
    // CLV was left out of the benchmark (2 organisations): no placement.
    assert!(r["metrics"]["clv"].get("benchmark").is_none());
    assert!(r["metrics"]["clv"]["value"].is_f64());
}

#[test]
fn a_benchmark_of_another_model_is_an_error_naming_both() {
    let t = tempfile::tempdir().unwrap();
    let files = results(t.path(), 5);
    for (k, f) in files.iter().enumerate() {
        let mut v = variant(k);
        v["model"]["id"] = json!("retail-cx");
        fs::write(f, serde_json::to_string(&v).unwrap()).unwrap();
    }
    ok(&build(t.path(), &["results"], &[]));
    bank_with_benchmark(t.path(), "../bench.json");
    let out = nudj(
        t.path(),
        &["score", "bank/engagement.yaml", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains(
            "bench.json: error: the benchmark is of model `retail-cx`, the engagement uses model `cx-maturity`"
        ),
        "{err}"
    );
    // A benchmark edited by hand is refused with the field named.
    results(t.path(), 5);
    ok(&build(t.path(), &["results"], &[]));
    let mut b: Value =
        serde_json::from_str(&fs::read_to_string(t.path().join("bench.json")).unwrap()).unwrap();
    b["dimensions"][0]["score"]["median"] = json!(4.5);
    fs::write(t.path().join("bench.json"), b.to_string()).unwrap();
    let out = nudj(t.path(), &["validate", "bank/engagement.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("`dimensions[strategy].score`: `median` is 4.5 but its values give"),
        "{err}"
    );
}

/// The sample benchmark is what the command builds from the sample results (so the generator
/// and `nudj benchmark build` agree), and the bank sample is placed in it.
#[test]
fn the_sample_benchmark_is_rebuilt_byte_for_byte() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("rb.json");
    let results = root().join("samples/benchmark/results");
    ok(&nudj(
        t.path(),
        &[
            "benchmark",
            "build",
            results.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--name",
            "مصارف التجزئة، عينة تجريبية",
        ],
    ));
    let sample = root().join("samples/benchmark/retail-banking.json");
    assert_eq!(fs::read(&out).unwrap(), fs::read(&sample).unwrap());
    let out = nudj(
        &root(),
        &[
            "score",
            "samples/bank-ar/engagement.yaml",
            "--format",
            "json",
        ],
    );
    ok(&out);
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["benchmark"]["organisations"], 12);
    assert_eq!(r["overall"]["benchmark"]["n"], 12);
}

/// The bank report places the bank in the sample benchmark, in both languages: the
/// methodology names the benchmark, the results table and each dimension page give the
/// sector median and percentile, the NPS is placed in the sector.
#[test]
fn the_bank_report_shows_its_place_in_the_sector() {
    let t = tempfile::tempdir().unwrap();
    let eng = root().join("samples/bank-ar/engagement.yaml");
    for (lang, words) in [
        (
            "en",
            [
                "Sector benchmark",
                "from the results of 12 organisations",
                "Position in the sector",
                "Sector median",
                "Sector median +10.1 (first quartile +3.9, third quartile +15.6)",
            ],
        ),
        (
            "ar",
            [
                "المقارنة القطاعية",
                "منظمة دون ذكر أسمائها",
                "الموقع في القطاع",
                "وسيط القطاع",
                "المئين",
            ],
        ),
    ] {
        let pdf = t.path().join(format!("{lang}.pdf"));
        ok(&nudj(
            t.path(),
            &[
                "report",
                eng.to_str().unwrap(),
                "--lang",
                lang,
                "-o",
                pdf.to_str().unwrap(),
            ],
        ));
        let text = crate::common::pdftotext(&pdf, &[])
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for w in words {
            assert!(text.contains(w), "{lang}: `{w}` missing");
        }
    }
}
