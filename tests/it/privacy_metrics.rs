//! NPS, CSAT and CES by segment (and by channel and stage) follow the segment scores' privacy
//! rule: a group below `min_segment_size` is hidden, with the smallest groups shown until the
//! hidden ones hold the minimum together (complementary suppression), decided once in the
//! score and absent from the JSON, the report, the workbook and the score table alike.
//!
//! The worked example (minimum 5): NPS by segment, Sales 10 answers 9,10,9,8,7,6,9,10,3,8
//! (P 5, Pa 3, D 2: NPS +30), IT 2 answers 0 and 2 (D 2: NPS −100); overall P 5, Pa 3, D 4,
//! n 12: NPS (5 − 4)/12 × 100 = +8.33…. Shown with Sales, IT is recovered exactly:
//! (12 × 8.33… − 10 × 30)/100 = −2 = IT's promoters − detractors with n 2, so both IT answers
//! are detractors. CSAT: Sales 5,4,4,3,2,5,1,4,5,3 (6 ≥ 4: 60 %, mean 3.6), IT 1,2; overall
//! 50 %, mean 3.25: 12 × 3.25 − 10 × 3.6 = 3 = IT's two answers' sum, 12 × 50 % − 10 × 60 %
//! = 0 satisfied. CES (1-7, easy ≥ 5): Sales 7,6,5,4,3,2,5,6,7,5 (mean 5), IT 1,2.

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};
use serde_json::Value;

use crate::common::{SmallModel, nudj, ok, pdftotext, small_engagement, text, write_workbook};

const SALES_NPS: [&str; 10] = ["9", "10", "9", "8", "7", "6", "9", "10", "3", "8"];
const SALES_CSAT: [&str; 10] = ["5", "4", "4", "3", "2", "5", "1", "4", "5", "3"];
const SALES_CES: [&str; 10] = ["7", "6", "5", "4", "3", "2", "5", "6", "7", "5"];

/// An engagement whose NPS, CSAT and CES sheets have a `segment` column with Sales (the
/// answers above) and the `extra` groups (value, answers, each answer `low`), every NPS answer
/// in channel `App`; `extra_yaml` goes into the engagement.
fn engagement(dir: &Path, lang: &str, extra: &[(&str, &[&str])], extra_yaml: &str) {
    SmallModel::new("m", ("نموذج", "Model"))
        .dimension(
            "alpha",
            ("الاستراتيجية", "Strategy"),
            &[("A1", "سؤال", "Question")],
        )
        .metrics("nps: {}\ncsat: {threshold: 4}\nces: {scale: 7}")
        .write(dir);
    std::fs::write(
        dir.join("engagement.yaml"),
        small_engagement(lang, extra_yaml),
    )
    .unwrap();
    // The extra groups' answers are NPS answers, brought into CSAT's 1-5 and CES's 1-7.
    // Each answer has a comment naming its group.
    let sheet = |sales: &[&'static str], lo: i64, hi: i64| -> Vec<Vec<String>> {
        let mut rows = vec![vec![
            "score".to_string(),
            "segment".into(),
            "channel".into(),
            "comment".into(),
        ]];
        let groups = std::iter::once(("Sales", sales)).chain(extra.iter().copied());
        for (value, answers) in groups {
            for (i, a) in answers.iter().enumerate() {
                let a = a.parse::<i64>().unwrap().clamp(lo, hi);
                let comment = format!("remark {} of {value}", i + 1);
                rows.push(vec![
                    a.to_string(),
                    value.to_string(),
                    "App".into(),
                    comment,
                ]);
            }
        }
        rows
    };
    let (nps, csat, ces) = (
        sheet(&SALES_NPS, 0, 10),
        sheet(&SALES_CSAT, 1, 5),
        sheet(&SALES_CES, 1, 7),
    );
    fn refs(rows: &[Vec<String>]) -> Vec<Vec<&str>> {
        rows.iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect()
    }
    let (nps, csat, ces) = (refs(&nps), refs(&csat), refs(&ces));
    let nps: Vec<&[&str]> = nps.iter().map(Vec::as_slice).collect();
    let csat: Vec<&[&str]> = csat.iter().map(Vec::as_slice).collect();
    let ces: Vec<&[&str]> = ces.iter().map(Vec::as_slice).collect();
    let responses: &[&[&str]] = &[
        &["Respondent", "A1"],
        &["R1", "4"],
        &["R2", "3"],
        &["R3", "5"],
    ];
    write_workbook(
        &dir.join("data.xlsx"),
        &[
            ("Responses", responses),
            ("NPS", &nps),
            ("CSAT", &csat),
            ("CES", &ces),
        ],
    );
}

fn score_json(dir: &Path) -> Value {
    let out = nudj(dir, &["score", "engagement.yaml", "--format", "json"]);
    ok(&out);
    serde_json::from_str(&text(&out.stdout)).expect("score JSON")
}

fn close(v: &Value, want: f64) {
    let got = v.as_f64().unwrap_or(f64::NAN);
    assert!((got - want).abs() < 1e-9, "{got} != {want}");
}

/// The groups of a breakdown: (value, n).
fn groups(m: &Value, key: &str) -> Vec<(String, u64)> {
    m[key]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|g| {
                    let v = g.get("value").or_else(|| g.get("id")).unwrap();
                    (v.as_str().unwrap().to_string(), g["n"].as_u64().unwrap())
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Every number anywhere in `v`.
fn numbers(v: &Value, out: &mut Vec<f64>) {
    match v {
        Value::Number(n) => out.push(n.as_f64().unwrap_or(f64::NAN)),
        Value::Array(a) => a.iter().for_each(|x| numbers(x, out)),
        Value::Object(o) => o.values().for_each(|x| numbers(x, out)),
        _ => {}
    }
}

const IT: &[(&str, &[&str])] = &[("IT", &["0", "2"])];
const IT_CSAT: &[(&str, &[&str])] = &[("IT", &["1", "2"])];

#[test]
fn shown_beside_sales_two_it_answers_are_recovered_by_subtraction() {
    // The leak the rule closes, with suppression off (the engagement shows small groups).
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    engagement(dir, "en", IT, "suppress_small_segments: false\n");
    let r = score_json(dir);
    let nps = &r["metrics"]["nps"];
    assert_eq!(
        groups(nps, "by_segment"),
        [("IT".into(), 2), ("Sales".into(), 10)]
    );
    close(&nps["score"], 100.0 / 12.0);
    close(&nps["by_segment"][1]["score"], 30.0);
    assert_eq!(nps["by_segment"][0]["small"], true);
    let overall = nps["score"].as_f64().unwrap();
    let sales = nps["by_segment"][1]["score"].as_f64().unwrap();
    // IT's promoters − detractors, from the overall figure and Sales's alone.
    let it_p_minus_d = (12.0 * overall - 10.0 * sales) / 100.0;
    assert!((it_p_minus_d - -2.0).abs() < 1e-9, "{it_p_minus_d}");
    assert!(nps.get("hidden").is_none());
}

#[test]
fn a_small_segment_and_its_complement_are_hidden_in_every_output() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    engagement(dir, "en", IT, "");
    // CSAT and CES sheets carry IT too (engagement() uses the same extra groups for each).
    let r = score_json(dir);
    let m = &r["metrics"];
    for key in ["nps", "csat", "ces"] {
        let x = &m[key];
        // Neither group's figures: with Sales shown, IT = overall − Sales.
        assert!(groups(x, "by_segment").is_empty(), "{key}: {x}");
        assert_eq!(
            x["hidden"],
            serde_json::json!([
                {"by": "segment", "value": "IT", "n": 2},
                {"by": "segment", "value": "Sales", "n": 10, "complementary": true},
            ]),
            "{key}"
        );
        // The channel App holds all 12 answers: shown.
        assert_eq!(groups(x, "by_channel"), [("App".into(), 12)], "{key}");
    }
    // No figure of IT or Sales anywhere in the NPS result: IT's −100 and Sales's +30.
    let mut ns = Vec::new();
    numbers(&m["nps"], &mut ns);
    assert!(
        !ns.iter()
            .any(|n| (n + 100.0).abs() < 1e-9 || (n - 30.0).abs() < 1e-9),
        "{ns:?}"
    );
    close(&m["nps"]["score"], 100.0 / 12.0);
    close(&m["csat"]["score"], 50.0);
    close(&m["csat"]["mean"], 3.25);

    let out = nudj(dir, &["validate", "engagement.yaml"]);
    let err = text(&out.stderr);
    for want in [
        "warning: NPS segment `IT` has 2 answer(s), fewer than 5; its figures are left out for anonymity",
        "warning: NPS by segment: every group is hidden: hiding only the small group(s) would let their answers be worked out from the overall NPS and the groups shown, so the breakdown by segment is not shown",
        "warning: CSAT segment `IT` has 2 answer(s), fewer than 5",
        "warning: CES by segment: every group is hidden",
    ] {
        assert!(err.contains(want), "{want}\n{err}");
    }

    // Score table: the groups named, no figure.
    let out = nudj(dir, &["score", "engagement.yaml"]);
    ok(&out);
    let table = text(&out.stdout);
    assert!(
        table.contains("      IT: Hidden (small group) (n=2)"),
        "{table}"
    );
    assert!(
        table.contains(
            "      Sales: Hidden to protect a small group (it could be worked out by subtraction) (n=10)"
        ),
        "{table}"
    );

    // Workbook: rows for IT and Sales with their n and a note, no figure.
    let rows = metric_rows(dir);
    // IT, small, is counted, never named (tester 6 F14: a customer's name can be a segment).
    assert!(!rows.iter().any(|r| r.group == "IT"), "{rows:#?}");
    let it = "Small groups hidden (not named): 1";
    for (metric, group, note) in [
        ("NPS", it, "Hidden (small group)"),
        (
            "NPS",
            "Sales",
            "Hidden to protect a small group (it could be worked out by subtraction)",
        ),
        ("Customer satisfaction (CSAT)", it, "Hidden (small group)"),
        (
            "Customer effort (CES)",
            "Sales",
            "Hidden to protect a small group (it could be worked out by subtraction)",
        ),
    ] {
        let row = rows
            .iter()
            .find(|r| r.metric == metric && r.group == group)
            .unwrap_or_else(|| panic!("{metric} {group}: {rows:#?}"));
        assert_eq!(row.numbers, 1, "{row:?}: only n");
        assert_eq!(row.note, note);
    }

    // Report: no table by segment, the note instead; the PDF never shows −100.0 or +30.0.
    let d = report_data(dir);
    for key in ["nps", "csat", "ces"] {
        assert_eq!(d[key]["by_segment"], serde_json::json!([]), "{key}");
        let note = d[key]["hidden_segments"].as_str().unwrap();
        assert_eq!(
            note,
            "Groups hidden for anonymity (fewer than 5 ratings each): 1. No group is shown: hiding only the small groups would let their answers be worked out by subtracting the groups shown from the overall figure.",
            "{key}"
        );
        assert!(d[key]["hidden_channels"].is_null(), "{key}");
    }
    let pdf = pdftotext(&dir.join("r.pdf"), &[]);
    assert!(pdf.contains("Groups hidden for anonymity"), "{pdf}");
    assert!(!pdf.contains("−100.0") && !pdf.contains("+30.0"), "{pdf}");
}

#[test]
fn with_more_groups_the_subtraction_gives_only_the_hidden_ones_together() {
    // IT 2 hidden; HR (6, the smallest shown) hidden too: 2 + 6 = 8 ≥ 5. Sales 10 and Ops 7
    // shown: overall − Sales − Ops is IT and HR together (8 answers), not IT.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let extra: &[(&str, &[&str])] = &[
        ("HR", &["9", "9", "7", "6", "10", "8"]),
        ("IT", &["0", "2"]),
        ("Ops", &["10", "9", "9", "9", "8", "2", "7"]),
    ];
    engagement(dir, "ar", extra, "");
    let r = score_json(dir);
    let nps = &r["metrics"]["nps"];
    assert_eq!(
        groups(nps, "by_segment"),
        [("Ops".into(), 7), ("Sales".into(), 10)]
    );
    assert_eq!(
        nps["hidden"],
        serde_json::json!([
            {"by": "segment", "value": "HR", "n": 6, "complementary": true},
            {"by": "segment", "value": "IT", "n": 2},
        ])
    );
    // Ops: P 4 (10, 9, 9, 9), Pa 2, D 1: (4 − 1)/7 × 100.
    close(&nps["by_segment"][0]["score"], 300.0 / 7.0);
    // Overall 25 answers: P 5 + 4 + HR 2 (9, 9, 10 → 3) … counted by the score; what the
    // subtraction leaves is HR and IT pooled: P − D over 8 answers.
    let p = nps["promoters"].as_i64().unwrap();
    let d = nps["detractors"].as_i64().unwrap();
    assert_eq!(nps["n"], 25);
    // Sales P 5 D 2, Ops P 4 D 1 → hidden pool P = p − 9, D = d − 3: HR P 3 D 1 + IT D 2.
    assert_eq!((p - 9, d - 3), (3, 3));

    let out = nudj(dir, &["validate", "engagement.yaml"]);
    let err = text(&out.stderr);
    assert!(
        err.contains("warning: NPS segment `HR` (6 answers) is hidden too: with only the small group(s) hidden, their answers could be worked out from the overall NPS and the groups shown"),
        "{err}"
    );
    // The Arabic report counts the small groups hidden, names the one hidden too, and shows
    // the others.
    let d = report_data(dir);
    let shown: Vec<&str> = d["nps"]["by_segment"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["value"].as_str().unwrap())
        .collect();
    assert_eq!(shown.len(), 2);
    let note = d["nps"]["hidden_segments"].as_str().unwrap();
    assert!(
        note.starts_with("المجموعات المحجوبة حمايةً لسرية الإجابات (أقل من "),
        "{note}"
    );
    // IT (small) counted, not named; HR (hidden too, not small) named.
    assert!(!note.contains("IT") && note.contains("HR"), "{note}");
    assert!(note.contains("وحُجبت أيضًا"), "{note}");
}

#[test]
fn comments_of_hidden_groups_are_neither_shown_nor_quoted() {
    // NPS rows: header 1, Sales 2-11, HR 12-17, IT 18-19, Ops 20-26. HR and IT are hidden:
    // a quote names its group and rating ("Detractor (0)"), so quoting IT's row would give
    // the answer; their comments stay out of the appendix too.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let extra: &[(&str, &[&str])] = &[
        ("HR", &["9", "9", "7", "6", "10", "8"]),
        ("IT", &["0", "2"]),
        ("Ops", &["10", "9", "9", "9", "8", "2", "7"]),
    ];
    engagement(dir, "en", extra, "");
    std::fs::create_dir_all(dir.join("narrative")).unwrap();
    let md = "We heard this.\n\n{{ quote(\"NPS!D18\") }}\n\n{{ quote(\"NPS!D12\") }}\n";
    std::fs::write(dir.join("narrative/summary.md"), md).unwrap();
    for args in [
        &["validate", "engagement.yaml"][..],
        &["report", "engagement.yaml", "-o", "r.pdf"],
    ] {
        let out = nudj(dir, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = text(&out.stderr);
        for (line, reference) in [(3, "NPS!D18"), (5, "NPS!D12")] {
            let want = format!(
                "summary.md:{line}:1: error: `{reference}` is the comment of an answer in a group hidden for anonymity"
            );
            assert!(err.contains(&want), "{want}\n{err}");
        }
    }
    // Ops is shown: its row may be quoted.
    let md = "We heard this.\n\n{{ quote(\"NPS!D20\") }}\n";
    std::fs::write(dir.join("narrative/summary.md"), md).unwrap();
    ok(&nudj(dir, &["report", "engagement.yaml", "-o", "r.pdf"]));
    let pdf = pdftotext(&dir.join("r.pdf"), &[]);
    assert!(pdf.contains("remark 1 of Ops"), "{pdf}");
    assert!(pdf.contains("of Sales"), "{pdf}");
    assert!(
        !pdf.contains("of IT") && !pdf.contains("of HR"),
        "a hidden group's comment in the report:\n{pdf}"
    );
}

#[test]
fn csat_and_ces_small_groups_carry_the_flag_in_the_report_tables() {
    // With small groups shown, a CSAT or CES group of two answers says so beside its n, as
    // NPS's do.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    engagement(dir, "en", IT_CSAT, "suppress_small_segments: false\n");
    let d = report_data(dir);
    for key in ["csat", "ces"] {
        let it = &d[key]["by_segment"][0];
        assert_eq!(
            (&it["n"], &it["small"]),
            (&"2".into(), &true.into()),
            "{key}"
        );
    }
    let pdf = pdftotext(&dir.join("r.pdf"), &["-layout"]);
    let flagged = pdf
        .lines()
        .filter(|l| l.contains("IT") && l.contains("2 · small group"))
        .count();
    // NPS, CSAT and CES tables by segment.
    assert_eq!(flagged, 3, "{pdf}");
}

/// The report's data.json (`--emit-typst`), the PDF written to `r.pdf`.
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

#[derive(Debug)]
struct MetricRow {
    metric: String,
    group: String,
    /// Cells holding a number.
    numbers: usize,
    note: String,
}

/// The results workbook's Metrics rows.
fn metric_rows(dir: &Path) -> Vec<MetricRow> {
    ok(&nudj(
        dir,
        &[
            "score",
            "engagement.yaml",
            "--format",
            "xlsx",
            "-o",
            "r.xlsx",
        ],
    ));
    let mut wb = open_workbook_auto(dir.join("r.xlsx")).unwrap();
    let range = wb.worksheet_range("Metrics").unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    let col = |name: &str| {
        rows[0]
            .iter()
            .position(|h| matches!(h, Data::String(s) if s == name))
            .unwrap_or_else(|| panic!("no column {name}: {:?}", rows[0]))
    };
    let (metric, group, note) = (col("Metric"), col("Group"), col("Note"));
    rows[1..]
        .iter()
        .map(|r| MetricRow {
            metric: r[metric].to_string(),
            group: r[group].to_string(),
            numbers: r
                .iter()
                .filter(|c| matches!(c, Data::Float(_) | Data::Int(_)))
                .count(),
            note: r[note].to_string(),
        })
        .collect()
}
