//! The results workbook (`nudj score --format xlsx`, docs/results-workbook.md) read back with
//! calamine: every number equals `nudj score --format json` (dimensions, questions, segments,
//! metrics, comparison, benchmark) for both samples; headers and sheet names in the
//! engagement's language; charts present and pointing at the right cells; Arabic sheets right
//! to left; the same bytes twice; client text never a formula; no respondent id; every
//! engagement shape gives a workbook without an empty sheet.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use calamine::{Data, Range, Reader, open_workbook_auto};
use nudj::Lang;
use nudj::words::Catalogue;
use serde_json::Value;

use crate::common::{SmallModel, nudj, ok, root, small_engagement, write_workbook};

/// A workbook read back: sheets by name, in order.
struct Book {
    names: Vec<String>,
    sheets: BTreeMap<String, Range<Data>>,
    lang: Lang,
    words: Catalogue,
}

impl Book {
    fn open(path: &Path, lang: Lang) -> Book {
        let mut wb = open_workbook_auto(path).unwrap();
        let names = wb.sheet_names();
        let sheets = names
            .iter()
            .map(|n| (n.clone(), wb.worksheet_range(n).unwrap()))
            .collect();
        Book {
            names,
            sheets,
            lang,
            words: Catalogue::embedded().unwrap(),
        }
    }

    fn word(&self, key: &str) -> String {
        self.words.get(key, self.lang)
    }

    /// The sheet named by the catalogue key.
    fn sheet(&self, key: &str) -> Sheet<'_> {
        let name = self.word(key);
        Sheet {
            range: self
                .sheets
                .get(&name)
                .unwrap_or_else(|| panic!("no sheet `{name}` in {:?}", self.names)),
            book: self,
        }
    }

    fn has(&self, key: &str) -> bool {
        self.sheets.contains_key(&self.word(key))
    }
}

struct Sheet<'a> {
    range: &'a Range<Data>,
    book: &'a Book,
}

impl Sheet<'_> {
    /// The column headed by the catalogue word `key` (or by `key` itself).
    fn col(&self, key: &str) -> Option<u32> {
        let header = self.book.word(key);
        let header = if header.starts_with('[') {
            key.to_string()
        } else {
            header
        };
        let width = self.range.width() as u32;
        (0..width).find(|c| self.cell(0, *c) == Data::String(header.clone()))
    }

    fn cell(&self, row: u32, col: u32) -> Data {
        self.range
            .get_value((row, col))
            .cloned()
            .unwrap_or(Data::Empty)
    }

    /// The number in data row `row` (1-based: row 0 is the header) of column `key`.
    fn num(&self, row: usize, key: &str) -> Option<f64> {
        let col = self.col(key)?;
        match self.cell(row as u32, col) {
            Data::Float(x) => Some(x),
            Data::Int(x) => Some(x as f64),
            Data::Empty => None,
            other => panic!("{key} row {row}: not a number: {other:?}"),
        }
    }

    fn text(&self, row: usize, key: &str) -> String {
        let col = self.col(key).unwrap_or_else(|| panic!("no column {key}"));
        match self.cell(row as u32, col) {
            Data::String(s) => s,
            Data::Empty => String::new(),
            other => panic!("{key} row {row}: not text: {other:?}"),
        }
    }

    fn rows(&self) -> usize {
        self.range.height().saturating_sub(1)
    }

    /// The data row whose first column holds the catalogue word `key` (key/value sheets).
    fn item(&self, key: &str) -> Option<usize> {
        let word = self.book.word(key);
        (1..=self.rows()).find(|r| self.cell(*r as u32, 0) == Data::String(word.clone()))
    }

    /// The value of the key/value row `key`.
    fn value(&self, key: &str) -> Option<f64> {
        self.item(key).and_then(|r| self.num(r, "value"))
    }
}

/// A JSON number (or null).
fn j(v: &Value) -> Option<f64> {
    v.as_f64()
}

/// Exactly equal: the workbook keeps full precision.
fn same(got: Option<f64>, want: Option<f64>, what: &str) {
    assert_eq!(got, want, "{what}");
}

/// Scores an engagement as JSON and as a workbook (in a temporary folder).
fn score_both(engagement: &Path, out: &Path) -> Value {
    let dir = engagement.parent().unwrap();
    let json = nudj(
        dir,
        &["score", engagement.to_str().unwrap(), "--format", "json"],
    );
    ok(&json);
    let xlsx = nudj(
        dir,
        &[
            "score",
            engagement.to_str().unwrap(),
            "--format",
            "xlsx",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    ok(&xlsx);
    serde_json::from_slice(&json.stdout).unwrap()
}

fn check_summary(b: &Book, r: &Value) {
    let s = b.sheet("xlsx_sheet_summary");
    same(
        s.value("overall_score"),
        j(&r["overall"]["score"]),
        "overall score",
    );
    same(
        s.value("maturity_index"),
        j(&r["overall"]["index"]),
        "index",
    );
    same(s.value("level"), j(&r["overall"]["level"]), "level");
    same(s.value("respondents"), j(&r["respondents"]), "respondents");
    same(
        s.value("dq_total"),
        j(&r["data_quality"]["total_respondents"]),
        "received",
    );
    if let Some(o) = r["comparison"]["overall"].as_object() {
        same(
            s.value("xlsx_previous_overall"),
            j(&o["previous"]),
            "previous overall",
        );
        same(
            s.value("xlsx_overall_change"),
            j(&o["delta"]),
            "overall change",
        );
    }
    if let Some(p) = r["overall"]["benchmark"].as_object() {
        same(s.value("sector_median"), j(&p["median"]), "median");
        same(s.value("xlsx_q1"), j(&p["q1"]), "q1");
        same(s.value("xlsx_q3"), j(&p["q3"]), "q3");
        same(s.value("percentile"), j(&p["percentile"]), "percentile");
    }
}

fn check_dimensions(b: &Book, r: &Value) {
    let s = b.sheet("xlsx_sheet_dimensions");
    let dims = r["dimensions"].as_array().unwrap();
    assert_eq!(s.rows(), dims.len());
    let gap = if dims.iter().any(|d| !d["target"].is_null()) {
        "gap"
    } else {
        "gap_next_level"
    };
    for (i, d) in dims.iter().enumerate() {
        let row = i + 1;
        let id = d["id"].as_str().unwrap();
        assert_eq!(s.text(row, "xlsx_id"), id);
        for (col, key) in [
            ("weight", "weight"),
            ("score", "score"),
            ("maturity_index", "index"),
            ("level", "level"),
            ("target", "target"),
            ("count_short", "n"),
        ] {
            same(s.num(row, col), j(&d[key]), &format!("{id} {key}"));
        }
        if gap == "gap" {
            same(s.num(row, gap), j(&d["gap"]), &format!("{id} gap"));
            same(
                s.num(row, "priority"),
                j(&d["priority"]),
                &format!("{id} priority"),
            );
        }
        if let Some(p) = d["benchmark"].as_object() {
            same(
                s.num(row, "sector_median"),
                j(&p["median"]),
                "dimension median",
            );
            same(s.num(row, "xlsx_q1"), j(&p["q1"]), "dimension q1");
            same(s.num(row, "xlsx_q3"), j(&p["q3"]), "dimension q3");
            same(
                s.num(row, "percentile"),
                j(&p["percentile"]),
                "dimension pct",
            );
        }
        let delta = r["comparison"]["dimensions"]
            .as_array()
            .and_then(|ds| ds.iter().find(|x| x["id"] == d["id"]));
        if let Some(x) = delta {
            same(s.num(row, "previous"), j(&x["previous"]), "previous");
            same(s.num(row, "change"), j(&x["delta"]), "change");
            same(
                s.num(row, "xlsx_level_change"),
                j(&x["level_change"]),
                "levels",
            );
        }
    }
}

fn check_questions(b: &Book, r: &Value) {
    let s = b.sheet("xlsx_sheet_questions");
    let qs = r["questions"].as_array().unwrap();
    assert_eq!(s.rows(), qs.len());
    let min = r["model"]["scale_min"].as_i64().unwrap();
    for (i, q) in qs.iter().enumerate() {
        let row = i + 1;
        let id = q["id"].as_str().unwrap();
        assert_eq!(s.text(row, "xlsx_id"), id);
        for (col, key) in [
            ("weight", "weight"),
            ("mean", "mean"),
            ("count_short", "n"),
            ("sd", "sd"),
            ("na_short", "not_applicable"),
            ("dq_blank", "blank"),
        ] {
            same(s.num(row, col), j(&q[key]), &format!("{id} {key}"));
        }
        for (k, count) in q["distribution"].as_array().unwrap().iter().enumerate() {
            let header = (min + k as i64).to_string();
            same(
                s.num(row, &header),
                j(count),
                &format!("{id} answers {header}"),
            );
        }
    }
}

fn check_segments(b: &Book, r: &Value) {
    let segs = r["segments"].as_array().unwrap();
    assert_eq!(b.has("xlsx_sheet_segments"), !segs.is_empty());
    if segs.is_empty() {
        return;
    }
    let s = b.sheet("xlsx_sheet_segments");
    assert_eq!(s.rows(), segs.len());
    let lang = b.lang;
    for (i, g) in segs.iter().enumerate() {
        let row = i + 1;
        same(s.num(row, "count_short"), j(&g["n"]), "segment n");
        same(
            s.num(row, "overall_score"),
            j(&g["overall"]["score"]),
            "segment overall",
        );
        for d in r["dimensions"].as_array().unwrap() {
            let name = d["name"][lang.code()]
                .as_str()
                .or(d["name"].as_str())
                .unwrap();
            let want = g["dimensions"]
                .as_array()
                .and_then(|ds| ds.iter().find(|x| x["id"] == d["id"]))
                .and_then(|x| j(&x["score"]));
            same(s.num(row, name), want, &format!("segment {row} {name}"));
        }
        for q in r["questions"].as_array().unwrap() {
            let id = q["id"].as_str().unwrap();
            let want = g["questions"]
                .as_array()
                .and_then(|qs| qs.iter().find(|x| x["id"] == q["id"]))
                .and_then(|x| j(&x["score"]));
            same(s.num(row, id), want, &format!("segment {row} {id}"));
        }
    }
}

/// The Metrics rows of one metric (by its catalogue word), breakdown word → rows.
fn metric_rows(s: &Sheet<'_>, metric: &str, breakdown: &str) -> Vec<usize> {
    let (m, by) = (s.book.word(metric), s.book.word(breakdown));
    (1..=s.rows())
        .filter(|r| s.text(*r, "metric") == m && s.text(*r, "xlsx_breakdown") == by)
        .collect()
}

fn check_groups(s: &Sheet<'_>, metric: &str, groups: &[(&str, &Value)], nps: bool) {
    for (by, list) in groups {
        let rows = metric_rows(s, metric, by);
        let list = list.as_array().map(Vec::as_slice).unwrap_or_default();
        assert_eq!(rows.len(), list.len(), "{metric} {by}");
        for (row, g) in rows.iter().zip(list) {
            same(s.num(*row, "count_short"), j(&g["n"]), "group n");
            if nps {
                same(s.num(*row, "value"), j(&g["score"]), "nps group");
                same(s.num(*row, "margin"), j(&g["margin_of_error"]), "moe");
                same(s.num(*row, "promoters"), j(&g["promoters"]), "p");
                same(s.num(*row, "detractors"), j(&g["detractors"]), "d");
            } else if metric == "csat" {
                same(s.num(*row, "value"), j(&g["share"]), "csat group share");
                same(s.num(*row, "mean"), j(&g["mean"]), "csat group mean");
            } else {
                same(s.num(*row, "value"), j(&g["mean"]), "ces group mean");
                same(s.num(*row, "xlsx_share"), j(&g["share"]), "ces group share");
            }
        }
    }
}

fn check_metrics(b: &Book, r: &Value) {
    let m = &r["metrics"];
    let c = &r["comparison"];
    let s = b.sheet("xlsx_sheet_metrics");
    let overall = |metric: &str| metric_rows(&s, metric, "xlsx_overall")[0];
    let n = &m["nps"];
    let row = overall("nps_short");
    same(s.num(row, "value"), j(&n["score"]), "nps");
    same(s.num(row, "count_short"), j(&n["n"]), "nps n");
    same(s.num(row, "margin"), j(&n["margin_of_error"]), "nps moe");
    same(s.num(row, "passives"), j(&n["passives"]), "nps passives");
    same(s.num(row, "target"), j(&n["target"]), "nps target");
    same(
        s.num(row, "previous"),
        j(&c["nps"]["previous"]),
        "nps previous",
    );
    same(s.num(row, "change"), j(&c["nps"]["delta"]), "nps change");
    same(
        s.num(row, "sector_median"),
        j(&n["benchmark"]["median"]),
        "nps median",
    );
    check_groups(
        &s,
        "nps_short",
        &[
            ("by_channel", &n["by_channel"]),
            ("by_segment", &n["by_segment"]),
        ],
        true,
    );
    let row = overall("csat");
    same(s.num(row, "value"), j(&m["csat"]["score"]), "csat");
    same(s.num(row, "mean"), j(&m["csat"]["mean"]), "csat mean");
    same(s.num(row, "target"), j(&m["csat"]["target"]), "csat target");
    same(s.num(row, "change"), j(&c["csat"]["delta"]), "csat change");
    let row = overall("ces");
    same(s.num(row, "value"), j(&m["ces"]["mean"]), "ces");
    same(
        s.num(row, "xlsx_share"),
        j(&m["ces"]["easy_share"]),
        "ces easy",
    );
    for (metric, key) in [("csat", "csat"), ("ces", "ces")] {
        let x = &m[key];
        check_groups(
            &s,
            metric,
            &[
                ("by_channel", &x["by_channel"]),
                ("by_segment", &x["by_segment"]),
            ],
            false,
        );
        let rows = metric_rows(&s, metric, "xlsx_answer");
        let dist = x["distribution"].as_array().unwrap();
        assert_eq!(rows.len(), dist.len());
        for (row, k) in rows.iter().zip(dist) {
            same(s.num(*row, "count_short"), j(k), "distribution");
        }
    }
    let row = overall("churn");
    same(s.num(row, "value"), j(&m["churn"]["rate"]), "churn");
    let periods = m["churn"]["periods"].as_array().unwrap();
    for (row, p) in metric_rows(&s, "churn", "period").iter().zip(periods) {
        same(s.num(*row, "value"), j(&p["rate"]), "period rate");
        same(
            s.num(*row, "customers_start"),
            j(&p["customers_start"]),
            "start",
        );
        same(s.num(*row, "lost"), j(&p["lost"]), "lost");
        assert_eq!(s.text(*row, "xlsx_group"), p["period"].as_str().unwrap());
    }
    let row = overall("clv");
    same(s.num(row, "value"), j(&m["clv"]["value"]), "clv");
    let rows = m["clv"]["rows"].as_array().unwrap();
    let got = metric_rows(&s, "clv", "xlsx_clv_segment");
    assert_eq!(got.len(), rows.len());
    for (row, x) in got.iter().zip(rows) {
        same(s.num(*row, "value"), j(&x["value"]), "clv row");
        same(s.num(*row, "gross_margin"), j(&x["gross_margin"]), "margin");
        same(
            s.num(*row, "avg_purchase"),
            j(&x["avg_purchase_value"]),
            "apv",
        );
    }
}

fn check_quality_and_warnings(b: &Book, r: &Value) {
    let s = b.sheet("xlsx_sheet_quality");
    let dq = &r["data_quality"];
    same(s.value("dq_excluded"), j(&dq["excluded"]), "excluded");
    let count = |k: &str| Some(dq[k].as_array().unwrap().len() as f64);
    same(s.value("dq_straight"), count("straightliners"), "straight");
    same(s.value("dq_incomplete"), count("incomplete"), "incomplete");
    let w = b.sheet("xlsx_sheet_warnings");
    assert_eq!(w.rows(), r["warnings"].as_array().unwrap().len());
}

/// Every text cell of every sheet.
fn texts(b: &Book) -> Vec<String> {
    b.sheets
        .values()
        .flat_map(|r| r.used_cells())
        .filter_map(|(_, _, v)| match v {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

/// A file inside the workbook's zip.
pub(crate) fn part(path: &Path, name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut f = zip.by_name(name).ok()?;
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    Some(s)
}

fn check_sample(name: &str, lang: Lang) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("results.xlsx");
    let eng = root().join("samples").join(name).join("engagement.yaml");
    let r = score_both(&eng, &out);
    let b = Book::open(&out, lang);
    let kpis = r["kpis"].as_array().is_some_and(|k| !k.is_empty());
    let expected: Vec<String> = [
        "xlsx_sheet_summary",
        "xlsx_sheet_dimensions",
        "xlsx_sheet_questions",
        "xlsx_sheet_segments",
        "xlsx_sheet_metrics",
        "xlsx_sheet_indicators",
        "xlsx_sheet_quality",
        "xlsx_sheet_warnings",
    ]
    .iter()
    .filter(|k| kpis || **k != "xlsx_sheet_indicators")
    .map(|k| b.word(k))
    .collect();
    assert_eq!(b.names, expected);
    check_summary(&b, &r);
    check_dimensions(&b, &r);
    check_questions(&b, &r);
    check_segments(&b, &r);
    check_metrics(&b, &r);
    check_quality_and_warnings(&b, &r);
    // No respondent id anywhere (warnings name them `[…]`).
    let dq = &r["data_quality"];
    let ids: Vec<&str> = ["straightliners", "incomplete"]
        .iter()
        .flat_map(|k| dq[k].as_array().unwrap())
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert!(!ids.is_empty());
    for t in texts(&b) {
        for id in &ids {
            assert!(!t.contains(id), "respondent id {id} in `{t}`");
        }
    }
    // Right to left exactly for Arabic, on every sheet.
    for i in 1..=b.names.len() {
        let xml = part(&out, &format!("xl/worksheets/sheet{i}.xml")).unwrap();
        assert_eq!(
            xml.contains("rightToLeft=\"1\""),
            lang == Lang::Ar,
            "sheet{i}"
        );
        assert!(
            xml.contains("<pane ") && xml.contains("state=\"frozen\""),
            "sheet{i}"
        );
        assert!(!xml.contains("<f>"), "a formula in sheet{i}");
    }
    // The charts: dimensions (score and target columns of the Dimensions sheet) and NPS by
    // channel (the channel rows of the Metrics sheet).
    let dims = b.word("xlsx_sheet_dimensions");
    let n = r["dimensions"].as_array().unwrap().len() + 1;
    let chart1 = part(&out, "xl/charts/chart1.xml").expect("chart1");
    assert!(
        chart1.contains(&format!("<c:f>{dims}!$B$2:$B${n}</c:f>")),
        "{chart1}"
    );
    assert!(
        chart1.contains(&format!("<c:f>{dims}!$D$2:$D${n}</c:f>")),
        "{chart1}"
    );
    assert!(chart1.contains(&b.word("xlsx_chart_dimensions")));
    let chart2 = part(&out, "xl/charts/chart2.xml").expect("chart2");
    let metrics = b.sheet("xlsx_sheet_metrics");
    let rows = metric_rows(&metrics, "nps_short", "by_channel");
    let (first, last) = (rows[0] + 1, rows[rows.len() - 1] + 1);
    let sheet = b.word("xlsx_sheet_metrics");
    assert!(
        chart2.contains(&format!("<c:f>{sheet}!$C${first}:$C${last}</c:f>")),
        "{chart2}"
    );
    assert!(
        chart2.contains(&format!("<c:f>{sheet}!$D${first}:$D${last}</c:f>")),
        "{chart2}"
    );
    // Display rounding is the format's, never the value's.
    let styles = part(&out, "xl/styles.xml").unwrap();
    for code in ["0.00", "+0.0;-0.0;0.0", "0.0&quot;%&quot;"] {
        assert!(styles.contains(&format!("formatCode=\"{code}\"")), "{code}");
    }
    let score = b.sheet("xlsx_sheet_dimensions").num(1, "score").unwrap();
    assert_ne!(
        score,
        (score * 100.0).round() / 100.0,
        "a pre-rounded score"
    );
}

#[test]
fn arabic_sample_workbook_equals_the_score_json() {
    check_sample("bank-ar", Lang::Ar);
}

#[test]
fn english_sample_workbook_equals_the_score_json() {
    check_sample("telecom-en", Lang::En);
}

#[test]
fn the_same_engagement_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let eng = root().join("samples/bank-ar/engagement.yaml");
    let (a, b) = (dir.path().join("a.xlsx"), dir.path().join("b.xlsx"));
    for out in [&a, &b] {
        ok(&nudj(
            dir.path(),
            &[
                "score",
                eng.to_str().unwrap(),
                "--format",
                "xlsx",
                "-o",
                out.to_str().unwrap(),
            ],
        ));
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    // The creation date is the engagement's, not the clock's.
    let core = part(&a, "docProps/core.xml").unwrap();
    assert!(core.contains("2026-"), "{core}");
}

#[test]
fn xlsx_needs_an_output_file() {
    let eng = root().join("samples/telecom-en/engagement.yaml");
    let out = nudj(
        &root(),
        &["score", eng.to_str().unwrap(), "--format", "xlsx"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(crate::common::text(&out.stderr).contains("-o FILE.xlsx"));
}

/// Client text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`) is written as
/// text: client name, segment values, NPS channels.
#[test]
fn hostile_client_text_is_never_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    SmallModel::new("m", ("نموذج", "Model"))
        .dimension("a", ("أ", "A"), &[("A1", "س", "Q1"), ("A2", "س", "Q2")])
        .metrics("nps: {}")
        .write(d);
    let hostile = [
        "=HYPERLINK(\"http://x\",\"y\")",
        "+SUM(1,2)",
        "-2+3",
        "@cmd",
    ];
    let eng = small_engagement("en", "segments: [Team]\nmin_segment_size: 1\n")
        .replace("en: Client", "en: \"=1+1\"");
    std::fs::write(d.join("engagement.yaml"), eng).unwrap();
    let mut rows: Vec<Vec<String>> = vec![vec![
        "respondent".into(),
        "Team".into(),
        "A1".into(),
        "A2".into(),
    ]];
    let mut nps: Vec<Vec<String>> = vec![vec!["score".into(), "channel".into()]];
    for (i, h) in hostile.iter().enumerate() {
        rows.push(vec![format!("R{i}"), h.to_string(), "3".into(), "4".into()]);
        nps.push(vec!["9".into(), h.to_string()]);
    }
    let r1: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let r2: Vec<Vec<&str>> = nps
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let r1: Vec<&[&str]> = r1.iter().map(Vec::as_slice).collect();
    let r2: Vec<&[&str]> = r2.iter().map(Vec::as_slice).collect();
    write_workbook(&d.join("data.xlsx"), &[("Responses", &r1), ("NPS", &r2)]);
    let out = d.join("r.xlsx");
    let eng = d.join("engagement.yaml");
    ok(&nudj(
        d,
        &[
            "score",
            eng.to_str().unwrap(),
            "--format",
            "xlsx",
            "-o",
            out.to_str().unwrap(),
        ],
    ));
    let b = Book::open(&out, Lang::En);
    let all = texts(&b);
    for h in hostile.iter().chain(&["=1+1"]) {
        assert!(
            all.iter().any(|t| t == h),
            "`{h}` not written as text: {all:?}"
        );
    }
    for i in 1..=b.names.len() {
        let xml = part(&out, &format!("xl/worksheets/sheet{i}.xml")).unwrap();
        assert!(!xml.contains("<f>"), "a formula in sheet{i}: {xml}");
    }
}

/// `nudj batch --xlsx` writes each engagement's workbook beside its PDF, the same bytes as
/// `nudj score --format xlsx`.
#[test]
fn batch_writes_the_workbook_beside_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let eng = root().join("samples/telecom-en/engagement.yaml");
    let out = dir.path().join("out");
    ok(&nudj(
        dir.path(),
        &[
            "batch",
            eng.to_str().unwrap(),
            "--out-dir",
            out.to_str().unwrap(),
            "--xlsx",
        ],
    ));
    assert!(out.join("telecom-en.pdf").exists());
    let single = dir.path().join("single.xlsx");
    ok(&nudj(
        dir.path(),
        &[
            "score",
            eng.to_str().unwrap(),
            "--format",
            "xlsx",
            "-o",
            single.to_str().unwrap(),
        ],
    ));
    assert_eq!(
        std::fs::read(out.join("telecom-en.xlsx")).unwrap(),
        std::fs::read(single).unwrap()
    );
}

/// Every data column of every sheet has a value, and every sheet has rows (issue 19).
fn assert_no_empty_sheet_or_column(b: &Book, what: &str) {
    for (name, range) in &b.sheets {
        assert!(range.height() > 1, "{what}: sheet `{name}` has no rows");
        for c in 0..range.width() as u32 {
            let filled = (1..range.height() as u32)
                .any(|r| !matches!(range.get_value((r, c)), None | Some(Data::Empty)));
            assert!(filled, "{what}: sheet `{name}` column {c} is empty");
        }
    }
}

/// The engagement shapes of the report's matrix (no metrics, no targets, one respondent, a
/// dimension of N/A only, 2 and 9 levels, 15 dimensions) give a workbook equal to their
/// score JSON, without an empty sheet or column.
#[test]
fn every_shape_makes_a_workbook_without_empty_sheets() {
    use crate::report_shapes::Shape;
    // The ordinary shapes of the matrix, as this test has always taken them (not the 2-level one).
    let shapes: Vec<Shape> = crate::report_shapes::core_shapes()
        .into_iter()
        .filter(|s| s.name != "2 levels, one question per dimension")
        .collect();
    for shape in &shapes {
        let dir = tempfile::tempdir().unwrap();
        let eng = shape.write(dir.path());
        let out = dir.path().join("r.xlsx");
        let r = score_both(&eng, &out);
        let lang = if shape.lang == "ar" {
            Lang::Ar
        } else {
            Lang::En
        };
        let b = Book::open(&out, lang);
        let name = shape.name;
        assert_no_empty_sheet_or_column(&b, name);
        check_summary(&b, &r);
        check_dimensions(&b, &r);
        check_questions(&b, &r);
        check_segments(&b, &r);
        assert_eq!(b.has("xlsx_sheet_metrics"), shape.metrics, "{name}");
        let dims = b.sheet("xlsx_sheet_dimensions");
        assert_eq!(dims.col("target").is_some(), shape.targets, "{name}");
        assert_eq!(
            dims.col("gap_next_level").is_some(),
            !shape.targets,
            "{name}"
        );
        if shape.all_na_dim {
            assert_eq!(dims.num(1, "score"), None, "{name}");
            assert_eq!(
                dims.text(1, "status"),
                b.word("status_no_answers"),
                "{name}"
            );
        }
        // The comment column is never read into the workbook.
        assert!(
            texts(&b)
                .iter()
                .all(|t| !t.contains("remark") && !t.contains("Remark"))
        );
        // Charts only for data: the dimensions chart always, NPS by channel never (no
        // channel column in these shapes).
        assert!(part(&out, "xl/charts/chart1.xml").is_some(), "{name}");
        assert!(part(&out, "xl/charts/chart2.xml").is_none(), "{name}");
    }
}

/// Journey stages (`journey:` and the metric sheets' `stage` column) are Metrics rows named
/// by the stage's name, with the JSON's figures.
#[test]
fn journey_stages_are_metrics_rows() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    SmallModel::new("m", ("نموذج", "Model"))
        .dimension("a", ("أ", "A"), &[("A1", "س", "Q1")])
        .metrics("nps: {}\ncsat: {}")
        .write(d);
    let journey = "journey:\n  - {id: buy, name: {ar: الشراء, en: Buying}}\n  - {id: help, name: {ar: الدعم, en: Support}}\nmin_segment_size: 1\n";
    std::fs::write(d.join("engagement.yaml"), small_engagement("ar", journey)).unwrap();
    let responses: &[&[&str]] = &[&["respondent", "A1"], &["R1", "3"], &["R2", "4"]];
    let nps: &[&[&str]] = &[
        &["score", "stage"],
        &["9", "buy"],
        &["3", "buy"],
        &["10", "help"],
    ];
    let csat: &[&[&str]] = &[&["score", "stage"], &["5", "buy"], &["2", "help"]];
    write_workbook(
        &d.join("data.xlsx"),
        &[("Responses", responses), ("NPS", nps), ("CSAT", csat)],
    );
    let out = d.join("r.xlsx");
    let r = score_both(&d.join("engagement.yaml"), &out);
    let b = Book::open(&out, Lang::Ar);
    let s = b.sheet("xlsx_sheet_metrics");
    let rows = metric_rows(&s, "nps_short", "xlsx_by_stage");
    let stages = r["metrics"]["nps"]["by_stage"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    for ((row, g), name) in rows.iter().zip(stages).zip(["الشراء", "الدعم"]) {
        assert_eq!(s.text(*row, "xlsx_group"), name);
        same(s.num(*row, "value"), j(&g["score"]), "stage nps");
        same(
            s.num(*row, "xlsx_detractor_share"),
            j(&g["detractor_share"]),
            "detractor share",
        );
    }
    let rows = metric_rows(&s, "csat", "xlsx_by_stage");
    let stages = r["metrics"]["csat"]["by_stage"].as_array().unwrap();
    assert_eq!(rows.len(), stages.len());
    for (row, g) in rows.iter().zip(stages) {
        same(s.num(*row, "value"), j(&g["score"]), "stage csat");
        same(s.num(*row, "mean"), j(&g["mean"]), "stage csat mean");
    }
}

/// Operational indicators (the KPIs sheet) are the Indicators sheet: every `kpis[]` row with
/// its value and target at full precision, the latest period marked; hostile indicator names
/// stay text.
#[test]
fn operational_indicators_are_a_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    SmallModel::new("m", ("نموذج", "Model"))
        .dimension("a", ("أ", "A"), &[("A1", "س", "Q1")])
        .write(d);
    std::fs::write(d.join("engagement.yaml"), small_engagement("en", "")).unwrap();
    let responses: &[&[&str]] = &[&["respondent", "A1"], &["R1", "3"]];
    let kpis: &[&[&str]] = &[
        &["indicator", "value", "target", "unit", "better", "period"],
        &[
            "First contact resolution",
            "61.25",
            "70",
            "%",
            "higher",
            "2026-Q1",
        ],
        &[
            "First contact resolution",
            "66.5",
            "70",
            "%",
            "higher",
            "2026-Q2",
        ],
        &[
            "=Waiting time",
            "183.333",
            "",
            "seconds",
            "lower",
            "2026-Q2",
        ],
    ];
    write_workbook(
        &d.join("data.xlsx"),
        &[("Responses", responses), ("KPIs", kpis)],
    );
    let out = d.join("r.xlsx");
    let r = score_both(&d.join("engagement.yaml"), &out);
    let b = Book::open(&out, Lang::En);
    let s = b.sheet("xlsx_sheet_indicators");
    let rows = r["kpis"].as_array().unwrap();
    assert_eq!(s.rows(), rows.len());
    let latest = r["kpis_latest"].as_array().unwrap();
    for (i, k) in rows.iter().enumerate() {
        let row = i + 1;
        assert_eq!(
            s.text(row, "xlsx_indicator"),
            k["indicator"].as_str().unwrap()
        );
        same(s.num(row, "value"), j(&k["value"]), "kpi value");
        same(s.num(row, "target"), j(&k["target"]), "kpi target");
        assert_eq!(
            s.text(row, "xlsx_latest").is_empty(),
            !latest.contains(k),
            "row {row}"
        );
    }
    assert_no_empty_sheet_or_column(&b, "indicators");
    assert!(!b.has("xlsx_sheet_metrics"));
}

/// The assessment's Questions columns equal `questions[]` of the JSON: the consensus (not a
/// mean beside the assessors' SD), its source, spread, met, level, the assessors' ratings.
fn check_assessed_questions(b: &Book, r: &Value) {
    let s = b.sheet("xlsx_sheet_questions");
    assert!(s.col("mean").is_none(), "an assessment has no Mean column");
    assert!(s.col("sd").is_none() && s.col("xlsx_sd_ratings").is_some());
    for (i, q) in r["questions"].as_array().unwrap().iter().enumerate() {
        let (row, id) = (i + 1, q["id"].as_str().unwrap());
        same(s.num(row, "consensus"), j(&q["consensus"]), id);
        same(s.num(row, "spread"), j(&q["spread"]), id);
        same(s.num(row, "level"), j(&q["level"]), id);
        same(s.num(row, "xlsx_sd_ratings"), j(&q["sd"]), id);
        same(s.num(row, "xlsx_blank_ratings"), j(&q["blank"]), id);
        let n = q["ratings"].as_array().unwrap().len() as f64;
        same(s.num(row, "xlsx_ratings_count"), Some(n), id);
        let source = match q["consensus_source"].as_str() {
            Some("meeting") => b.word("xlsx_source_meeting"),
            Some("median") => b.word("xlsx_source_median"),
            _ => String::new(),
        };
        assert_eq!(s.text(row, "xlsx_consensus_source"), source, "{id}");
        let met = match q["met"].as_bool() {
            Some(true) => b.word("practice_met"),
            Some(false) => b.word("practice_not_met"),
            None => b.word("practice_not_rated"),
        };
        assert_eq!(s.text(row, "in_place"), met, "{id}");
    }
}

/// The Summary's assessment rows equal the JSON's `assessment` object; no respondent count
/// beside the assessed score.
fn check_assessed_summary(b: &Book, r: &Value) {
    let (s, a) = (b.sheet("xlsx_sheet_summary"), &r["assessment"]);
    assert!(s.item("respondents").is_none() && s.item("dq_total").is_none());
    same(s.value("dq_assessors"), j(&a["assessors"]), "assessors");
    same(s.value("alpha_short"), j(&a["alpha"]), "alpha");
    same(
        s.value("xlsx_exact_agreement"),
        j(&a["exact_agreement"]),
        "exact agreement",
    );
    let reading = format!("alpha_short_{}", a["reliability"].as_str().unwrap());
    let row = s.item("xlsx_alpha_reading").unwrap();
    assert_eq!(s.text(row, "value"), b.word(&reading));
    let ids: Vec<&str> = a["disagreements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let row = s.item("disagreements_title");
    assert_eq!(
        row.map(|r| s.text(r, "value")).unwrap_or_default(),
        ids.join(&b.word("list_sep"))
    );
    let survey = r["respondents"].as_f64().filter(|n| *n > 0.0);
    same(s.value("dq_survey"), survey, "survey respondents");
}

#[test]
fn gov_assessment_workbook_equals_the_score_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("results.xlsx");
    let eng = root().join("samples/gov-ar/engagement.yaml");
    let r = score_both(&eng, &out);
    let b = Book::open(&out, Lang::Ar);
    check_assessed_questions(&b, &r);
    check_assessed_summary(&b, &r);
    // The staff survey beside it: its respondents are labelled as such (15 in the sample).
    assert_eq!(r["respondents"].as_f64(), Some(15.0));
    let d = b.sheet("xlsx_sheet_dimensions");
    for (i, dim) in r["dimensions"].as_array().unwrap().iter().enumerate() {
        let own = j(&dim["self_assessment"]);
        same(d.num(i + 1, "self_assessment"), own, "self-assessment");
        let gap = own.zip(j(&dim["score"])).map(|(o, s)| o - s);
        same(d.num(i + 1, "perception_gap"), gap, "perception gap");
    }
    // The practices blocking the next level are a count, shown as a whole number.
    let col = d.col("gap_practices").expect("practices column");
    let cell = format!("{}2", char::from(b'A' + col as u8));
    assert_eq!(number_format(&out, 2, &cell), "0");
    let q = b.sheet("xlsx_sheet_quality");
    let blanks: f64 = r["questions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|q| q["blank"].as_f64())
        .sum();
    same(q.value("xlsx_blank_ratings"), Some(blanks), "blank ratings");
    same(q.value("dq_survey"), Some(15.0), "survey respondents");
}

#[test]
fn an_assessor_who_rated_one_question_leaves_no_blank_ratings() {
    // Alice and Bob rate all twenty practices of gov-cx, Carol only DG1; Alice's DG2 row has
    // evidence but no rating: one blank rating, as the reader says (not 19 + 1 for the
    // practices Carol has no row for).
    let dir = tempfile::tempdir().unwrap();
    let ids = [
        "DG1", "DG2", "DG3", "DG4", "DG5", "BI1", "BI2", "BI3", "BI4", "BI5", "SD1", "SD2", "SD3",
        "SD4", "SD5", "MI1", "MI2", "MI3", "MI4", "MI5",
    ];
    let mut rows: Vec<Vec<&str>> = vec![vec!["assessor", "question", "rating", "evidence"]];
    for id in ids {
        let alice = if id == "DG2" { "" } else { "2" };
        rows.push(vec!["Alice", id, alice, "seen"]);
        rows.push(vec!["Bob", id, "3", ""]);
    }
    rows.push(vec!["Carol", "DG1", "0", ""]);
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    write_workbook(&dir.path().join("data.xlsx"), &[("Assessment", &rows)]);
    let eng = dir.path().join("engagement.yaml");
    std::fs::write(
        &eng,
        "client: {name: {ar: جهة, en: Entity}}\nmodel: gov-cx\ndata: data.xlsx\n\
         method: assessment\nassessors: [Alice, Bob, Carol]\nlanguage: en\ndate: \"2026-11-20\"\n",
    )
    .unwrap();
    let out = dir.path().join("results.xlsx");
    let r = score_both(&eng, &out);
    let blank: Vec<f64> = r["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["blank"].as_f64().unwrap())
        .collect();
    assert_eq!(blank.iter().sum::<f64>(), 1.0, "{blank:?}");
    assert_eq!(blank[1], 1.0);
    let b = Book::open(&out, Lang::En);
    let q = b.sheet("xlsx_sheet_quality");
    same(q.value("xlsx_blank_ratings"), Some(1.0), "blank ratings");
    assert!(q.item("dq_blank").is_none());
    check_assessed_questions(&b, &r);
    check_assessed_summary(&b, &r);
    // BI4-like: DG1's consensus is the median of 2, 3, 0 (2), next to its assessors' SD.
    let s = b.sheet("xlsx_sheet_questions");
    same(s.num(1, "consensus"), Some(2.0), "DG1 consensus");
    same(s.num(1, "spread"), Some(3.0), "DG1 spread");
    same(s.num(1, "xlsx_ratings_count"), Some(3.0), "DG1 ratings");
}

/// The number format of cell `cell` (e.g. `H2`) of the `sheet`-th worksheet: its style's
/// `numFmtId` in `cellXfs`, read in `numFmts` (built-in ids: `1` is `0`, `2` is `0.00`).
pub(crate) fn number_format(path: &Path, sheet: usize, cell: &str) -> String {
    let attr = |tag: &str, name: &str| -> Option<String> {
        tag.split(&format!("{name}=\""))
            .nth(1)?
            .split('"')
            .next()
            .map(String::from)
    };
    let xml = part(path, &format!("xl/worksheets/sheet{sheet}.xml")).unwrap();
    let at = xml.find(&format!("<c r=\"{cell}\"")).expect("cell");
    let tag = &xml[at..at + xml[at..].find('>').unwrap()];
    let style: usize = attr(tag, "s").map_or(0, |x| x.parse().unwrap());
    let styles = part(path, "xl/styles.xml").unwrap();
    let xfs = &styles[styles.find("<cellXfs").unwrap()..];
    let xf = xfs.split("<xf ").nth(style + 1).expect("style");
    let id = attr(xf, "numFmtId").unwrap();
    match id.as_str() {
        "0" => "General".into(),
        "1" => "0".into(),
        "2" => "0.00".into(),
        _ => styles
            .split("<numFmt ")
            .find(|f| attr(f, "numFmtId").as_deref() == Some(id.as_str()))
            .and_then(|f| attr(f, "formatCode"))
            .expect("numFmt"),
    }
}

/// The names of a zip's parts.
fn part_names(zip: &mut zip::ZipArchive<std::fs::File>) -> Vec<String> {
    (0..zip.len())
        .filter_map(|i| zip.by_index(i).ok()?.name().ok().map(|n| n.to_string()))
        .collect()
}

/// The texts a reader reads in a workbook's parts: cell strings (shared and inline), notes,
/// drop-down prompts and chart titles, by part name.
fn readable_texts(path: &Path) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let names: Vec<String> = part_names(&mut zip)
        .into_iter()
        .filter(|n| n.ends_with(".xml") && n.starts_with("xl/"))
        .collect();
    let mut out = Vec::new();
    for name in names {
        let mut xml = String::new();
        zip.by_name(&name)
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        // Element text (`<t>`, `<a:t>`) and the prompts of drop-downs.
        for piece in xml.split('<').skip(1) {
            let Some((tag, text)) = piece.split_once('>') else {
                continue;
            };
            let element = tag.split_whitespace().next().unwrap_or("");
            if matches!(element, "t" | "a:t") && !text.trim().is_empty() {
                out.push((name.clone(), text.to_string()));
            }
            for attr in ["promptTitle=\"", "prompt=\"", "errorTitle=\"", "error=\""] {
                if let Some(rest) = tag.split(attr).nth(1) {
                    let value = rest.split('"').next().unwrap_or("");
                    out.push((name.clone(), value.to_string()));
                }
            }
        }
    }
    out
}

/// Whether `s` holds an English sentence: three Latin words or more in a row (ids such as
/// `STR-01`, codes such as `(CSAT)`, file names and numbers are not words here).
fn english_sentence(s: &str) -> bool {
    let mut run = 0;
    for token in s.split_whitespace() {
        let word = token.trim_matches(|c: char| ",.;:()'\"`!?".contains(c));
        if word.len() >= 2 && word.chars().all(|c| c.is_ascii_alphabetic()) {
            run += 1;
            if run >= 3 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// An Arabic engagement's workbooks have no English sentence in what a reader reads: the
/// results workbook (its warnings included: N/A and blank answers, straight-lining,
/// incomplete respondents, the assessors' disagreement) of the bank and government samples,
/// and their collection workbooks (instructions, question sheet, header notes, drop-downs);
/// every sheet right to left. The English workbooks keep their English messages.
#[test]
fn an_arabic_engagements_workbooks_have_no_english_sentence() {
    assert!(english_sentence(
        "120 not-applicable answer(s) skipped and more"
    ));
    assert!(!english_sentence(
        "نص (CSAT) STR-01 responses.xlsx cx-maturity 1.0"
    ));
    let dir = tempfile::tempdir().unwrap();
    for sample in ["bank-ar", "gov-ar"] {
        let eng = root().join("samples").join(sample).join("engagement.yaml");
        let results = dir.path().join(format!("{sample}.xlsx"));
        let template = dir.path().join(format!("{sample}.template.xlsx"));
        let eng_s = eng.to_str().unwrap();
        ok(&nudj(
            dir.path(),
            &[
                "score",
                eng_s,
                "--format",
                "xlsx",
                "-o",
                results.to_str().unwrap(),
            ],
        ));
        ok(&nudj(
            dir.path(),
            &["template", eng_s, "-o", template.to_str().unwrap()],
        ));
        for book in [&results, &template] {
            let texts = readable_texts(book);
            assert!(
                texts.len() > 20,
                "{}: {} texts",
                book.display(),
                texts.len()
            );
            let english: Vec<&(String, String)> =
                texts.iter().filter(|(_, t)| english_sentence(t)).collect();
            assert!(english.is_empty(), "{}: {english:#?}", book.display());
            let mut zip = zip::ZipArchive::new(std::fs::File::open(book).unwrap()).unwrap();
            let sheets: Vec<String> = part_names(&mut zip)
                .into_iter()
                .filter(|n| n.starts_with("xl/worksheets/sheet"))
                .collect();
            for s in sheets {
                let mut xml = String::new();
                zip.by_name(&s).unwrap().read_to_string(&mut xml).unwrap();
                assert!(xml.contains("rightToLeft=\"1\""), "{}: {s}", book.display());
            }
        }
        // The warnings the samples raise are in the workbook, in Arabic.
        let texts: Vec<String> = readable_texts(&results).into_iter().map(|t| t.1).collect();
        let want = if sample == "bank-ar" {
            [
                "إجابات «لا ينطبق» تم تجاوزها: 120",
                "إجابة نمطية",
                "ورقة `Responses`",
            ]
        } else {
            ["اختلاف على `BI4`", "اعتُمد الوسيط 1", "إجماع"]
        };
        for w in want {
            assert!(
                texts.iter().any(|t| t.contains(w)),
                "{sample}: `{w}` in {texts:#?}"
            );
        }
    }
    // An English engagement's warnings are as the terminal prints them.
    let eng = root().join("samples/telecom-en/engagement.yaml");
    let results = dir.path().join("telecom.xlsx");
    let out = nudj(
        dir.path(),
        &[
            "score",
            eng.to_str().unwrap(),
            "--format",
            "xlsx",
            "-o",
            results.to_str().unwrap(),
        ],
    );
    ok(&out);
    let printed = String::from_utf8_lossy(&out.stderr).to_string();
    let texts: Vec<String> = readable_texts(&results).into_iter().map(|t| t.1).collect();
    let skipped = printed
        .lines()
        .find_map(|l| {
            l.split("warning: ")
                .nth(1)
                .filter(|m| m.contains("skipped"))
        })
        .expect("the English sample skips some answers");
    assert!(
        texts.iter().any(|t| t == skipped),
        "`{skipped}` in {texts:#?}"
    );
}
