//! Journey stages, operational indicators (KPIs) and metric feeds, through the binary
//! (issue 18): stage columns on the rating sheets, per-stage results, located errors.

use std::path::Path;

use serde_json::Value;

use crate::common::{SmallModel, nudj, ok, small_engagement, text, write_workbook};
use crate::report_cli::line_has_words;

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
fn stage_column_without_journey_is_ignored_with_a_warning_at_its_header() {
    let dir = tempfile::tempdir().unwrap();
    engagement(dir.path(), "stage", &[("9", "apply")]);
    std::fs::write(
        dir.path().join("engagement.yaml"),
        small_engagement("en", ""),
    )
    .unwrap();
    let out = nudj(dir.path(), &["score", "engagement.yaml"]);
    let err = ok(&out);
    assert!(
        err.contains("NPS!B1: warning: this sheet has a `stage` column, but the engagement lists no journey stages: the column is ignored"),
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

/// A workbook with a Responses sheet and a KPIs sheet named `sheet` whose cells are
/// `(text, percent format?)`: numbers are written as numbers (with the `0%` format when
/// asked), anything else as text.
fn kpi_workbook(path: &Path, sheet: &str, rows: &[&[(&str, bool)]]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let pct = rust_xlsxwriter::Format::new().set_num_format("0%");
    let ws = wb.add_worksheet();
    ws.set_name("Responses").unwrap();
    for (r, row) in [["respondent", "L1"], ["R1", "4"], ["R2", "3"]]
        .iter()
        .enumerate()
    {
        for (c, v) in row.iter().enumerate() {
            match v.parse::<f64>() {
                Ok(n) => ws.write_number(r as u32, c as u16, n),
                Err(_) => ws.write_string(r as u32, c as u16, *v),
            }
            .unwrap();
        }
    }
    let ws = wb.add_worksheet();
    ws.set_name(sheet).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, (v, percent)) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match (v.parse::<f64>(), percent) {
                _ if v.is_empty() => continue,
                (Ok(n), true) => ws.write_number_with_format(r, c, n, &pct),
                (Ok(n), false) => ws.write_number(r, c, n),
                (Err(_), _) => ws.write_string(r, c, *v),
            }
            .unwrap();
        }
    }
    wb.save(path).unwrap();
}

fn kpi_engagement(dir: &Path, rows: &[&[(&str, bool)]]) {
    model(dir);
    std::fs::write(dir.join("engagement.yaml"), small_engagement("ar", JOURNEY)).unwrap();
    kpi_workbook(&dir.join("data.xlsx"), "المؤشرات التشغيلية", rows);
}

const KPI_HEAD: &[(&str, bool)] = &[
    ("المؤشر", false),
    ("القيمة", false),
    ("المستهدف", false),
    ("الوحدة", false),
    ("الأفضل", false),
    ("القناة", false),
    ("المرحلة", false),
    ("الفترة", false),
];

#[test]
fn kpis_with_percent_text_percent_cells_and_arabic_digits() {
    let dir = tempfile::tempdir().unwrap();
    let p = |s| (s, true);
    let t = |s| (s, false);
    kpi_engagement(
        dir.path(),
        &[
            KPI_HEAD,
            // 61 % as Arabic text, target 0.75 in a percent-formatted cell: 61 against 75,
            // 14 points short (more than 7.5) → missed. No unit: the percentages make it %.
            &[
                t("حل المشكلة من أول اتصال"),
                t("٦١٪"),
                p("0.75"),
                t(""),
                t("أعلى"),
                t("مركز الاتصال"),
                t("طلب المساعدة"),
                t("2026-Q1"),
            ],
            // The quarter before: 0.58 in a percent cell and `75%` text: 58 → missed.
            &[
                t("حل المشكلة من أول اتصال"),
                p("0.58"),
                t("75%"),
                t("%"),
                t("higher"),
                t("مركز الاتصال"),
                t("help"),
                t("٢٠٢٥-Q4"),
            ],
            // Waiting time in seconds, lower is better: ٣٢٠ against 300, 20 s over (at most
            // 10 % of 300 = 30) → near.
            &[
                t("مدة الانتظار"),
                t("٣٢٠"),
                t("300"),
                t("ثانية"),
                t("الأقل أفضل"),
                t("مركز الاتصال"),
                t(""),
                t("2026-Q1"),
            ],
        ],
    );
    let out = nudj(
        dir.path(),
        &["score", "engagement.yaml", "--format", "json"],
    );
    // 2025-Q4 has 92 days and 2026-Q1 90: both quarters, no warning about mixed periods.
    assert!(!ok(&out).contains("mixes periods"), "{}", text(&out.stderr));
    let json: Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    let row = |k: &Value| {
        (
            k["period"].as_str().unwrap().to_string(),
            k["value"].as_f64().unwrap(),
            k["target"].as_f64().unwrap(),
            k["unit"].as_str().unwrap().to_string(),
            k["better"].as_str().unwrap().to_string(),
            k["status"].as_str().unwrap().to_string(),
        )
    };
    let all: Vec<_> = json["kpis"].as_array().unwrap().iter().map(row).collect();
    let s = String::from;
    assert_eq!(
        all,
        [
            (s("٢٠٢٥-Q4"), 58.0, 75.0, s("%"), s("higher"), s("missed")),
            (s("2026-Q1"), 61.0, 75.0, s("%"), s("higher"), s("missed")),
            (
                s("2026-Q1"),
                320.0,
                300.0,
                s("ثانية"),
                s("lower"),
                s("near")
            ),
        ]
    );
    let latest: Vec<_> = json["kpis_latest"]
        .as_array()
        .unwrap()
        .iter()
        .map(row)
        .collect();
    assert_eq!(latest, [all[1].clone(), all[2].clone()]);
    assert_eq!(json["kpis"][0]["stage"].as_str(), Some("help"));
    assert_eq!(json["kpis"][0]["channel"].as_str(), Some("مركز الاتصال"));
    assert!(json["kpis"][2]["stage"].is_null());
}

#[test]
fn kpi_periods_that_cannot_be_ordered_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let t = |s| (s, false);
    kpi_engagement(
        dir.path(),
        &[
            KPI_HEAD,
            &[
                t("FCR"),
                t("61"),
                t("75"),
                t("%"),
                t("higher"),
                t(""),
                t(""),
                t("March"),
            ],
            &[
                t("FCR"),
                t("64"),
                t("75"),
                t("%"),
                t("higher"),
                t(""),
                t(""),
                t("2026-04"),
            ],
            &[
                t("FCR"),
                t("66"),
                t("75"),
                t("%"),
                t("sideways"),
                t(""),
                t(""),
                t("2026-05"),
            ],
        ],
    );
    let out = nudj(dir.path(), &["score", "engagement.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("'المؤشرات التشغيلية'!H2: error: period `March` of `FCR` cannot be ordered"),
        "{err}"
    );
    assert!(
        err.contains("help: write periods as a year (2026)"),
        "{err}"
    );
    assert!(
        err.contains(
            "'المؤشرات التشغيلية'!E4: error: `better`: `sideways` is neither `higher` nor `lower`"
        ),
        "{err}"
    );
}

/// An engagement whose NPS comes from `nps.csv` (`csv` its text) beside a workbook of
/// responses only.
fn feed_engagement(dir: &Path, csv: &str) {
    model(dir);
    std::fs::write(
        dir.join("engagement.yaml"),
        small_engagement(
            "en",
            &format!("min_segment_size: 2\nmetric_files: {{nps: nps.csv}}\n{JOURNEY}"),
        ),
    )
    .unwrap();
    write_workbook(
        &dir.join("data.xlsx"),
        &[(
            "Responses",
            &[&["respondent", "L1"], &["R1", "4"], &["R2", "3"]],
        )],
    );
    std::fs::write(dir.join("nps.csv"), csv).unwrap();
}

#[test]
fn nps_from_a_csv_feed_with_stages() {
    let dir = tempfile::tempdir().unwrap();
    // apply: 10, 9, 6 → 33.33…; help: 8, 0 → −50 (as the sheet test above); a blank row,
    // an empty line and a multi-line quoted comment do not shift the rows.
    feed_engagement(
        dir.path(),
        "score,stage,comment\r\n10,apply,\r\n9,التقديم,\"fast and\r\nclear\"\r\n\r\n6,apply,\r\n8,Get help,\r\n0,help,the agent never called me back\r\n,help,\r\n",
    );
    let out = nudj(
        dir.path(),
        &["score", "engagement.yaml", "--format", "json"],
    );
    let err = ok(&out);
    assert!(
        err.contains("nps.csv: warning: 1 row(s) without a score skipped"),
        "{err}"
    );
    let json: Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    let nps = &json["metrics"]["nps"];
    assert_eq!(nps["n"].as_u64(), Some(5));
    assert_eq!(nps["by_stage"][0]["id"].as_str(), Some("apply"));
    assert_eq!(nps["by_stage"][0]["n"].as_u64(), Some(3));
    assert_eq!(nps["by_stage"][1]["score"].as_f64(), Some(-50.0));
}

#[test]
fn feed_errors_are_located_in_the_csv() {
    let dir = tempfile::tempdir().unwrap();
    feed_engagement(
        dir.path(),
        "score,stage\n10,apply\n9,apply\n\n11,apply\n7,renew\n",
    );
    let out = nudj(dir.path(), &["score", "engagement.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("nps.csv: row 5, column A: error: score: `11` is outside the scale 0..10"),
        "{err}"
    );
    assert!(
        err.contains("nps.csv: row 6, column B: error: stage `renew` is not a stage of the engagement's journey"),
        "{err}"
    );
}

#[test]
fn a_metric_given_both_ways_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    feed_engagement(dir.path(), "score\n9\n");
    write_workbook(
        &dir.path().join("data.xlsx"),
        &[
            ("Responses", &[&["respondent", "L1"], &["R1", "4"]]),
            ("NPS", &[&["score"], &["7"]]),
        ],
    );
    let out = nudj(dir.path(), &["score", "engagement.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("data.xlsx: sheet `NPS`: error: NPS is given twice: by this sheet and by the engagement's `metric_files.nps`"),
        "{err}"
    );
}

/// The sample's report as text (`pdftotext -layout` off), with its data.json.
fn sample_report(sample: &str) -> (String, Value) {
    let dir = tempfile::tempdir().unwrap();
    let eng = crate::common::root().join(format!("samples/{sample}/engagement.yaml"));
    let pdf = dir.path().join("r.pdf");
    let emit = dir.path().join("emit");
    ok(&nudj(
        dir.path(),
        &[
            "report",
            eng.to_str().unwrap(),
            "-o",
            pdf.to_str().unwrap(),
            "--emit-typst",
            emit.to_str().unwrap(),
        ],
    ));
    let data: Value =
        serde_json::from_str(&std::fs::read_to_string(emit.join("data.json")).unwrap()).unwrap();
    (crate::common::pdftotext(&pdf, &[]), data)
}

#[test]
fn both_sample_reports_show_the_journey_map_and_the_indicators() {
    for (sample, title, truth, indicator, stage) in [
        (
            "telecom-en",
            "The customer journey",
            "Moment of truth",
            "First contact resolution",
            "Bill and pay",
        ),
        (
            "bank-ar",
            "رحلة العميل",
            "لحظة الحقيقة",
            "حل المشكلة من أول اتصال",
            "طلب المساعدة",
        ),
    ] {
        let (text, data) = sample_report(sample);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let has = |w: &str| line_has_words(&text, w) || flat.contains(w);
        for w in [title, truth, indicator, stage] {
            assert!(has(w), "{sample}: `{w}` missing from the report text");
        }
        let j = &data["journey"];
        assert_eq!(j["stages"].as_array().unwrap().len(), 5, "{sample}");
        let truths: Vec<&Value> = j["stages"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["truth"] == true)
            .collect();
        assert_eq!(truths.len(), 1, "{sample}: one moment of truth");
        assert!(
            data["charts"]["journey"].is_string(),
            "{sample}: journey chart"
        );
        let kpis = data["kpis"]["rows"].as_array().unwrap();
        assert_eq!(kpis.len(), 5, "{sample}");
        assert!(
            kpis.iter().all(|k| k["trend"].is_string()),
            "{sample}: trends"
        );
        assert!(
            !data["kpis"]["side_by_side"].as_array().unwrap().is_empty(),
            "{sample}: voice and operations"
        );
    }
}

/// A KPI row of the Arabic sheet: indicator, value, target, unit, better, channel, stage,
/// period (all written as text or numbers, no percent format).
fn kpi_text_row(cells: [&str; 8]) -> Vec<(&str, bool)> {
    cells.iter().map(|c| (*c, false)).collect()
}

#[test]
fn months_and_quarters_of_different_days_are_not_mixed_periods() {
    // Months of 31, 28, 31 and 30 days; quarters of 90, 91 and 92 days: one kind each, no
    // warning. A year after quarters is another kind: warned at its period cell.
    let dir = tempfile::tempdir().unwrap();
    let mut rows = vec![KPI_HEAD.to_vec()];
    for m in ["2026-01", "2026-02", "2026-03", "2026-04"] {
        rows.push(kpi_text_row(["AHT", "300", "280", "s", "lower", "", "", m]));
    }
    for q in ["2026-Q1", "2026-Q2", "2026-Q3"] {
        rows.push(kpi_text_row(["FCR", "70", "75", "%", "higher", "", "", q]));
    }
    for p in ["2026-Q1", "2026"] {
        rows.push(kpi_text_row(["CSI", "70", "75", "%", "higher", "", "", p]));
    }
    let rows: Vec<&[(&str, bool)]> = rows.iter().map(Vec::as_slice).collect();
    kpi_engagement(dir.path(), &rows);
    let out = nudj(dir.path(), &["score", "engagement.yaml"]);
    let err = ok(&out);
    assert_eq!(err.matches("mixes periods").count(), 1, "{err}");
    assert!(
        err.contains("'المؤشرات التشغيلية'!H10: warning: period `2026` of `CSI` is a year but its first period `2026-Q1` is a quarter"),
        "{err}"
    );
}

#[test]
fn a_series_that_changes_better_or_unit_is_refused_at_the_cell() {
    // The tester's case: FCR Q1 and Q2 `higher %` (Q2 spelt `fcr ` in `call  centre`: the
    // same series), Q3 `lower` (it would be met at 65 against 80), Q4 in seconds.
    let dir = tempfile::tempdir().unwrap();
    let rows = [
        KPI_HEAD.to_vec(),
        kpi_text_row([
            "FCR",
            "60",
            "75",
            "%",
            "higher",
            "Call centre",
            "",
            "2026-Q1",
        ]),
        kpi_text_row([
            "fcr ",
            "70",
            "75",
            "%",
            "higher",
            "call  centre",
            "",
            "2026-Q2",
        ]),
        kpi_text_row([
            "FCR",
            "65",
            "80",
            "%",
            "lower",
            "Call centre",
            "",
            "2026-Q3",
        ]),
        kpi_text_row([
            "FCR",
            "65",
            "80",
            "seconds",
            "higher",
            "Call centre",
            "",
            "2026-Q4",
        ]),
    ];
    let rows: Vec<&[(&str, bool)]> = rows.iter().map(Vec::as_slice).collect();
    kpi_engagement(dir.path(), &rows);
    let out = nudj(dir.path(), &["score", "engagement.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("'المؤشرات التشغيلية'!E4: error: `FCR` (channel `Call centre`): `better` is `lower` here but `higher` in its first row ('المؤشرات التشغيلية'!E2)"),
        "{err}"
    );
    assert!(
        err.contains("'المؤشرات التشغيلية'!D5: error: `FCR` (channel `Call centre`): `unit` is `seconds` here but `%` in its first row ('المؤشرات التشغيلية'!D2)"),
        "{err}"
    );
    assert_eq!(err.matches(": error: ").count(), 2, "{err}");
}

#[test]
fn a_series_spelt_two_ways_is_one_series_under_its_first_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let rows = [
        KPI_HEAD.to_vec(),
        kpi_text_row([
            "FCR",
            "60",
            "75",
            "%",
            "higher",
            "Call centre",
            "",
            "2026-Q1",
        ]),
        kpi_text_row([
            "fcr ",
            "70",
            "75",
            "%",
            "higher",
            "call  centre",
            "",
            "2026-Q2",
        ]),
    ];
    let rows: Vec<&[(&str, bool)]> = rows.iter().map(Vec::as_slice).collect();
    kpi_engagement(dir.path(), &rows);
    let out = nudj(
        dir.path(),
        &["score", "engagement.yaml", "--format", "json"],
    );
    ok(&out);
    let json: Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    let names: Vec<(&str, &str)> = json["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            (
                k["indicator"].as_str().unwrap(),
                k["channel"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(names, [("FCR", "Call centre"), ("FCR", "Call centre")]);
    let latest = json["kpis_latest"].as_array().unwrap();
    assert_eq!(latest.len(), 1);
    assert_eq!(latest[0]["value"].as_f64(), Some(70.0));
}

#[test]
fn kpi_stage_without_journey_says_how_to_add_one() {
    // The tester's j4: KPIs with a stage and no `journey:` listed the journey's stages as an
    // empty list at every cell. Now one warning at the header, saying how to add a journey.
    let dir = tempfile::tempdir().unwrap();
    let rows = [
        KPI_HEAD.to_vec(),
        kpi_text_row(["FCR", "60", "75", "%", "higher", "", "help", "2026-Q1"]),
    ];
    let rows: Vec<&[(&str, bool)]> = rows.iter().map(Vec::as_slice).collect();
    kpi_engagement(dir.path(), &rows);
    std::fs::write(
        dir.path().join("engagement.yaml"),
        small_engagement("ar", ""),
    )
    .unwrap();
    let out = nudj(dir.path(), &["score", "engagement.yaml"]);
    let err = ok(&out);
    assert!(
        err.contains("'المؤشرات التشغيلية'!G1: warning: this sheet has a `stage` column, but the engagement lists no journey stages: the column is ignored (to use it, list the stages in the engagement, in order: `journey: [{id: apply"),
        "{err}"
    );
    assert!(!err.contains("stages are  ("), "{err}");
}
