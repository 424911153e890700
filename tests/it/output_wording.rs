//! What the outputs say about the engagement itself (tester5 F13, F7, F20): the glossary
//! gives the engagement's own CSAT threshold and CES scale; the results workbook's chart is
//! "against targets" only with targets; the template's drop-downs run to the sheet's end.

use std::io::Read;
use std::path::Path;

use crate::common::{SmallModel, nudj, ok, small_engagement, write_workbook};

fn setup(dir: &Path, lang: &str, metrics: &str, extra: &str) {
    SmallModel::new("s-four", ("نموذج", "Model"))
        .dimension(
            "alpha",
            ("الاستراتيجية", "Strategy"),
            &[("ALPHA-01", "عبارة 1", "Statement 1")],
        )
        .metrics(metrics)
        .write(dir);
    std::fs::write(dir.join("engagement.yaml"), small_engagement(lang, extra)).unwrap();
    let survey: &[&[&str]] = &[&["respondent", "ALPHA-01"], &["R1", "4"], &["R2", "2"]];
    // CSAT: 7 fives of 23 answers (the tester's e7: 30.4% at threshold 5); CES on 1-5.
    let mut csat: Vec<Vec<&str>> = vec![vec!["score"]];
    for (v, n) in [("5", 7), ("4", 5), ("3", 6), ("2", 4), ("1", 1)] {
        csat.extend(std::iter::repeat_n(vec![v], n));
    }
    let mut ces: Vec<Vec<&str>> = vec![vec!["score"]];
    for (v, n) in [("5", 4), ("4", 6), ("3", 5), ("2", 3), ("1", 1)] {
        ces.extend(std::iter::repeat_n(vec![v], n));
    }
    let csat: Vec<&[&str]> = csat.iter().map(Vec::as_slice).collect();
    let ces: Vec<&[&str]> = ces.iter().map(Vec::as_slice).collect();
    write_workbook(
        &dir.join("data.xlsx"),
        &[("Responses", survey), ("CSAT", &csat), ("CES", &ces)],
    );
}

/// The report's glossary: (term, definition).
fn glossary(dir: &Path) -> Vec<(String, String)> {
    ok(&nudj(
        dir,
        &["report", "engagement.yaml", "--emit-typst", "typ"],
    ));
    let d: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("typ/data.json")).unwrap()).unwrap();
    d["glossary"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["term"].as_str().unwrap().to_string(),
                g["definition"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn definition(g: &[(String, String)], term: &str) -> String {
    g.iter()
        .find(|(t, _)| t.contains(term))
        .unwrap_or_else(|| panic!("no `{term}` in {g:?}"))
        .1
        .clone()
}

#[test]
fn the_glossary_states_the_engagements_csat_threshold_and_ces_scale() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(dir, "en", "csat: {threshold: 5}\nces: {scale: 5}", "");
    let g = glossary(dir);
    assert_eq!(
        definition(&g, "CSAT"),
        "The share of customers answering with the top answer (5) on the 1-5 scale when asked how satisfied they were with a specific interaction or service."
    );
    let ces = definition(&g, "CES");
    assert_eq!(
        ces,
        "How easy it was for the customer to get done what they wanted, on a 1-5 scale, where an answer of 4 or above counts as easy; higher means less effort."
    );

    // Threshold 3 on a 1-7 CES, in Arabic.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(dir, "ar", "csat: {threshold: 3}\nces: {scale: 7}", "");
    let g = glossary(dir);
    let csat = definition(&g, "CSAT");
    assert!(
        csat.contains("أجابوا 3 فأعلى على مقياس من 1 إلى 5"),
        "{csat}"
    );
    assert!(!csat.contains("أعلى درجتين"), "{csat}");
    let ces = definition(&g, "CES");
    assert!(
        ces.contains("على مقياس من 1 إلى 7، وتُعد الإجابة 5 فأعلى سهلة"),
        "{ces}"
    );
}

/// The text of zip part `name` of the file at `path`.
fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn the_workbook_chart_is_against_targets_only_with_targets() {
    for (extra, lang, title, not) in [
        ("", "en", "Dimension scores", "against targets"),
        ("", "ar", "نتائج المحاور", "مقابل المستهدفات"),
        (
            "targets: {default: 4}\n",
            "en",
            "Dimension scores against targets",
            "\u{0}",
        ),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        setup(dir, lang, "csat: {}", extra);
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
        let chart = part(&dir.join("r.xlsx"), "xl/charts/chart1.xml");
        assert!(
            chart.contains(&format!("<a:t>{title}</a:t>")),
            "{extra}{lang}"
        );
        assert!(!chart.contains(not), "{extra}{lang}");
    }
}

#[test]
fn template_drop_downs_run_to_the_last_row_the_reader_accepts() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(dir, "en", "nps: {}", "");
    ok(&nudj(dir, &["template", "engagement.yaml", "-o", "t.xlsx"]));
    let path = dir.join("t.xlsx");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let names: Vec<String> = (1..20)
        .map(|i| format!("xl/worksheets/sheet{i}.xml"))
        .filter(|n| zip.by_name(n).is_ok())
        .collect();
    let mut sqrefs = Vec::new();
    for name in &names {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        for (i, _) in s.match_indices("sqref=\"") {
            let rest = &s[i + 7..];
            sqrefs.push(rest[..rest.find('"').unwrap()].to_string());
        }
    }
    // The answer column (Responses B) and the NPS score column (A).
    assert!(sqrefs.contains(&"B2:B1048576".to_string()), "{sqrefs:?}");
    assert!(sqrefs.contains(&"A2:A1048576".to_string()), "{sqrefs:?}");
    assert!(!sqrefs.iter().any(|s| s.ends_with("501")), "{sqrefs:?}");
    // One rule per column: the file stays small.
    assert!(std::fs::metadata(&path).unwrap().len() < 40_000);
}
