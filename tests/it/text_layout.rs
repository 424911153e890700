//! How text and numbers are laid out and rounded in every output, through the binary: the
//! field cases in `tests/fixtures/field-cases/` (rounding ties, mixed Arabic/Latin text,
//! bold on part of an Arabic word).

use std::path::PathBuf;

use crate::common::{nudj, ok, pdftotext, root, text};

fn case(name: &str) -> PathBuf {
    root().join("tests/fixtures/field-cases").join(name)
}

/// `nudj score` output (stdout) for a field case.
fn score(name: &str, format: &str) -> String {
    let out = nudj(
        &case(name),
        &["score", "engagement.yaml", "--format", format],
    );
    ok(&out);
    text(&out.stdout)
}

/// The report of a field case as `pdftotext` text (with `options`, e.g. `-layout`).
fn report_text(name: &str, extra: &[&str], options: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = dir.path().join("report.pdf");
    let pdf_arg = pdf.to_string_lossy().into_owned();
    let mut args = vec!["report", "engagement.yaml", "-o", &pdf_arg];
    args.extend_from_slice(extra);
    ok(&nudj(&case(name), &args));
    pdftotext(&pdf, options)
}

/// nps-rounding-tie: NPS 1/16 = +6.25, CSAT 9/16 = 56.25 %, V1 25/8 = 3.125, shares 43.75 /
/// 18.75 / 37.5 %. Half away from zero, as the client's Excel: +6.3, 56.3 %, 3.13, 44 / 19 /
/// 38 % (half to even would give +6.2, 56.2 %, 3.12).
#[test]
fn ties_round_half_away_from_zero_in_the_terminal_table() {
    let table = score("nps-rounding-tie", "table");
    assert!(table.contains("NPS: +6.3 ±"), "{table}");
    assert!(table.contains("CSAT: 56.3% "), "{table}");
    assert!(!table.contains("6.2") && !table.contains("56.2"), "{table}");
}

#[test]
fn ties_round_half_away_from_zero_in_the_csv() {
    let csv = score("nps-rounding-tie", "csv");
    assert!(
        csv.lines()
            .any(|l| l.starts_with("question,V1,voice,") && l.contains(",3.13,")),
        "{csv}"
    );
    // The dimension: (3.125 + 4) / 2 = 3.5625 → 3.56.
    assert!(
        csv.contains("dimension,voice,voice,Voice of the customer,3.56,"),
        "{csv}"
    );
}

#[test]
fn json_keeps_full_precision() {
    let json: serde_json::Value =
        serde_json::from_str(&score("nps-rounding-tie", "json")).expect("json");
    assert_eq!(json["metrics"]["nps"]["score"], 6.25, "{json}");
    assert_eq!(json["metrics"]["csat"]["score"], 56.25);
    let v1 = json["questions"]
        .as_array()
        .and_then(|q| q.iter().find(|q| q["id"] == "V1"))
        .expect("V1");
    assert_eq!(v1["mean"], 3.125);
}

#[test]
fn ties_round_half_away_from_zero_in_the_report() {
    let pdf = report_text("nps-rounding-tie", &[], &["-layout"]);
    for expected in ["+6.3", "56.3%", "3.13", "44%", "19%", "38%"] {
        assert!(pdf.contains(expected), "`{expected}` missing in:\n{pdf}");
    }
    for wrong in ["+6.2", "56.2%", "3.12", "43%", "18%", "37%"] {
        assert!(!pdf.contains(wrong), "`{wrong}` in:\n{pdf}");
    }
}
