//! The headline CLV and its `customers` weights through the real binary (issue 4).
//!
//! Every CLV row below has purchase frequency 2, lifespan 3 years and margin 0.5, so a row's
//! CLV is its average purchase value × 3:
//!
//! | row | segment | avg purchase | CLV   | customers |
//! |-----|---------|--------------|-------|-----------|
//! | 2   | Retail  | 100          | 300   | 900       |
//! | 3   | Premium | 1,000        | 3,000 | 100       |
//!
//! Weighted headline: (300 · 900 + 3,000 · 100) / (900 + 100) = (270,000 + 300,000) / 1,000
//! = 570. The plain mean would be (300 + 3,000) / 2 = 1,650: almost three times the value
//! of the typical customer, which is why a missing count is warned about.

use std::path::Path;
use std::process::Command;

use rust_xlsxwriter::Workbook;
use serde_json::Value;

use crate::common::{SmallModel, nudj, small_engagement, text};

/// A CLV cell: a number, a text, or nothing.
#[derive(Clone, Copy)]
enum Cell {
    N(f64),
    T(&'static str),
    Empty,
}

/// Writes the workbook: three respondents and the CLV rows (segment, avg purchase value,
/// customers); `customers_header` `None` leaves the column out.
fn setup(rows: &[(&str, f64, Cell)], customers_header: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    SmallModel::new("clv", ("نموذج", "CLV model"))
        .dimension(
            "lead",
            ("القيادة", "Leadership"),
            &[("L1", "سؤال ١", "Question 1")],
        )
        .metrics("clv: {currency: SAR}")
        .write(dir.path());
    std::fs::write(
        dir.path().join("engagement.yaml"),
        small_engagement("en", ""),
    )
    .unwrap();
    let mut wb = Workbook::new();
    let s = wb.add_worksheet().set_name("Responses").unwrap();
    s.write(0, 0, "respondent").unwrap();
    s.write(0, 1, "L1").unwrap();
    for (i, v) in [2, 3, 4].iter().enumerate() {
        s.write(i as u32 + 1, 0, format!("R{}", i + 1)).unwrap();
        s.write(i as u32 + 1, 1, *v).unwrap();
    }
    let s = wb.add_worksheet().set_name("CLV").unwrap();
    let mut headers = vec![
        "segment",
        "avg_purchase_value",
        "purchase_frequency",
        "customer_lifespan_years",
        "gross_margin",
    ];
    headers.extend(customers_header);
    for (c, h) in headers.iter().enumerate() {
        s.write(0, c as u16, *h).unwrap();
    }
    for (i, (segment, apv, customers)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        s.write(r, 0, *segment).unwrap();
        s.write(r, 1, *apv).unwrap();
        s.write(r, 2, 2.0).unwrap();
        s.write(r, 3, 3.0).unwrap();
        s.write(r, 4, 0.5).unwrap();
        if customers_header.is_some() {
            match customers {
                Cell::N(n) => {
                    s.write(r, 5, *n).unwrap();
                }
                Cell::T(t) => {
                    s.write(r, 5, *t).unwrap();
                }
                Cell::Empty => {}
            }
        }
    }
    wb.save(dir.path().join("data.xlsx")).unwrap();
    dir
}

/// `nudj score --format json`: the CLV result and stderr.
fn score(dir: &Path) -> (Value, String) {
    let out = nudj(dir, &["score", "engagement.yaml", "--format", "json"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let v: Value = serde_json::from_str(&text(&out.stdout)).expect("score JSON");
    (v["metrics"]["clv"].clone(), err)
}

#[track_caller]
fn close(v: &Value, expected: f64) {
    let got = v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"));
    assert!(
        (got - expected).abs() < 1e-9,
        "got {got}, expected {expected}"
    );
}

const RETAIL_PREMIUM: [(&str, f64, Cell); 2] = [
    ("Retail", 100.0, Cell::N(900.0)),
    ("Premium", 1000.0, Cell::N(100.0)),
];

#[test]
fn every_row_with_customers_gives_the_weighted_headline() {
    let dir = setup(&RETAIL_PREMIUM, Some("customers"));
    let (clv, err) = score(dir.path());
    close(&clv["rows"][0]["value"], 300.0);
    close(&clv["rows"][1]["value"], 3000.0);
    close(&clv["rows"][0]["customers"], 900.0);
    close(&clv["rows"][1]["customers"], 100.0);
    close(&clv["value"], 570.0);
    assert_eq!(clv["method"], "weighted");
    assert!(!err.contains("CLV"), "{err}");
    // The table names the method beside the figure.
    let out = nudj(dir.path(), &["score", "engagement.yaml"]);
    assert!(
        text(&out.stdout)
            .contains("Customer lifetime value (CLV): 570.00 SAR (weighted by customers)"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn arabic_header_names_the_customers_column_too() {
    let dir = setup(&RETAIL_PREMIUM, Some("عدد العملاء"));
    let (clv, _) = score(dir.path());
    close(&clv["value"], 570.0);
    assert_eq!(clv["method"], "weighted");
}

#[test]
fn a_missing_count_gives_the_plain_mean_and_a_located_warning() {
    let dir = setup(
        &[
            ("Retail", 100.0, Cell::N(900.0)),
            ("Premium", 1000.0, Cell::Empty),
        ],
        Some("customers"),
    );
    let (clv, err) = score(dir.path());
    close(&clv["value"], 1650.0);
    assert_eq!(clv["method"], "unweighted");
    assert_eq!(clv["rows"][1]["customers"], Value::Null);
    // Row 3 of the sheet, column F (the sixth column: `customers`).
    assert!(
        err.contains(
            "data.xlsx: CLV!F3: warning: headline CLV is the unweighted mean of 2 segments: this segment has no `customers` count"
        ),
        "{err}"
    );
    let out = nudj(dir.path(), &["score", "engagement.yaml"]);
    assert!(
        text(&out.stdout)
            .contains("Customer lifetime value (CLV): 1650.00 SAR (unweighted mean of 2 segments)"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn no_customers_column_is_warned_about_on_the_sheet() {
    let dir = setup(&RETAIL_PREMIUM, None);
    let (clv, err) = score(dir.path());
    close(&clv["value"], 1650.0);
    assert_eq!(clv["method"], "unweighted");
    assert!(
        err.contains(
            "data.xlsx: sheet `CLV`: warning: headline CLV is the unweighted mean of 2 segments: the CLV sheet has no `customers` column"
        ),
        "{err}"
    );
}

#[test]
fn one_row_is_its_own_headline_without_a_warning() {
    let dir = setup(&[("All", 100.0, Cell::Empty)], Some("customers"));
    let (clv, err) = score(dir.path());
    close(&clv["value"], 300.0);
    assert_eq!(clv["method"], "single");
    assert!(!err.contains("CLV"), "{err}");
}

#[test]
fn a_count_that_is_not_a_positive_whole_number_is_an_error_with_its_cell() {
    for (bad, shown) in [
        (Cell::N(-5.0), "-5"),
        (Cell::N(0.0), "0"),
        (Cell::N(2.5), "2.5"),
        (Cell::T("many"), "many"),
    ] {
        let dir = setup(
            &[("Retail", 100.0, Cell::N(900.0)), ("Premium", 1000.0, bad)],
            Some("customers"),
        );
        let out = nudj(dir.path(), &["score", "engagement.yaml"]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{shown}: {err}");
        assert!(
            err.contains(&format!(
                "data.xlsx: CLV!F3: error: `customers`: `{shown}` is not a number of customers"
            )),
            "{shown}: {err}"
        );
        assert!(
            err.contains("expected a whole number of customers in the segment, 1 or more"),
            "{err}"
        );
    }
}

/// The report states the method beside the headline, from the same result.
#[test]
fn report_states_the_method() {
    for (customers, expected) in [
        (
            Some("customers"),
            "Customer lifetime value is 570 SAR: the mean of the segments weighted by their number of customers (1,000 in all).",
        ),
        (
            None,
            "Customer lifetime value is 1,650 SAR: the plain mean of 2 segments, not weighted",
        ),
    ] {
        let dir = setup(&RETAIL_PREMIUM, customers);
        let out = nudj(dir.path(), &["report", "engagement.yaml", "-o", "r.pdf"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let pdf = Command::new("pdftotext")
            .arg(dir.path().join("r.pdf"))
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils) must be installed for this test");
        // Without the bidi isolates the report wraps numbers in; lines joined.
        let flat: String = text(&pdf.stdout)
            .chars()
            .filter(|c| !matches!(c, '\u{2066}'..='\u{2069}' | '\u{202a}'..='\u{202e}' | '\u{200e}' | '\u{200f}'))
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(flat.contains(expected), "{expected}\n---\n{flat}");
    }
}

/// A previous wave scored before `method` existed (its JSON has none) reads as the plain mean
/// it was; compared with a weighted headline, the change is computed and the mix of methods
/// is warned about.
#[test]
fn comparing_a_plain_mean_with_a_weighted_headline_is_warned_about() {
    let old = setup(&RETAIL_PREMIUM, None);
    let out = nudj(
        old.path(),
        &["score", "engagement.yaml", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let mut prev: Value = serde_json::from_slice(&out.stdout).unwrap();
    let removed = prev["metrics"]["clv"]
        .as_object_mut()
        .unwrap()
        .remove("method");
    assert_eq!(removed, Some(Value::from("unweighted")));
    let dir = setup(&RETAIL_PREMIUM, Some("customers"));
    std::fs::write(dir.path().join("prev.json"), prev.to_string()).unwrap();
    let e = std::fs::read_to_string(dir.path().join("engagement.yaml")).unwrap();
    std::fs::write(
        dir.path().join("engagement.yaml"),
        e + "previous: prev.json\n",
    )
    .unwrap();
    let out = nudj(
        dir.path(),
        &["score", "engagement.yaml", "--format", "json"],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let c = &r["comparison"]["clv"];
    close(&c["previous"], 1650.0);
    close(&c["current"], 570.0);
    close(&c["delta"], -1080.0);
    assert!(
        err.contains("prev.json: warning: the previous headline CLV is an unweighted mean of the segments, this one weighted by customers; part of the change comes from the method"),
        "{err}"
    );
}
