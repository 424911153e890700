//! Segment tables and heatmaps of any length stay on the page: a column with many values (a
//! bank's 40 branches) is drawn in parts, each with the dimension headers.

use std::path::Path;

use crate::common::{SmallModel, nudj, ok, small_engagement, write_workbook};

/// An engagement whose `Branch` column has `branches` values, two respondents each.
fn engagement(dir: &Path, branches: usize, lang: &str) {
    SmallModel::new("tiny", ("نموذج صغير", "Tiny model"))
        .dimension(
            "lead",
            ("القيادة", "Leadership"),
            &[("L1", "سؤال أول", "First question")],
        )
        .dimension(
            "care",
            ("الرعاية", "Care"),
            &[("C1", "سؤال ثالث", "Third question")],
        )
        .dimension(
            "voice",
            ("صوت العميل", "Voice"),
            &[("V1", "سؤال رابع", "Fourth question")],
        )
        .write(dir);
    let e = small_engagement(lang, "segments: [Branch]\nmin_segment_size: 1\n");
    std::fs::write(dir.join("engagement.yaml"), e).unwrap();
    let mut rows: Vec<Vec<String>> = vec![vec![
        "respondent".into(),
        "Branch".into(),
        "L1".into(),
        "C1".into(),
        "V1".into(),
    ]];
    for b in 0..branches {
        for k in 0..2 {
            let a = ((b + k) % 5 + 1).to_string();
            rows.push(vec![
                format!("R{b:02}{k}"),
                format!("Site{:02}", b + 1),
                a.clone(),
                a.clone(),
                a,
            ]);
        }
    }
    let rows: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    write_workbook(&dir.join("data.xlsx"), &[("Responses", &rows)]);
}

/// Every word of the PDF with its page and its box's bottom, from `pdftotext -bbox`.
fn words_with_bottom(pdf: &Path) -> Vec<(String, f64, f64)> {
    let out = std::process::Command::new("pdftotext")
        .args(["-bbox"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    let html = String::from_utf8_lossy(&out.stdout).to_string();
    let mut page_h = 0.0;
    let mut words = Vec::new();
    for line in html.lines() {
        let attr = |name: &str| -> Option<f64> {
            let i = line.find(&format!("{name}=\""))? + name.len() + 2;
            line[i..].split('"').next()?.parse().ok()
        };
        if line.trim_start().starts_with("<page") {
            page_h = attr("height").unwrap_or(0.0);
        } else if line.trim_start().starts_with("<word") {
            let text = line
                .split('>')
                .nth(1)
                .and_then(|t| t.split('<').next())
                .unwrap_or("")
                .to_string();
            words.push((text, attr("yMax").unwrap_or(0.0), page_h));
        }
    }
    words
}

#[test]
fn forty_branches_are_drawn_in_parts_that_stay_on_the_page() {
    for lang in ["ar", "en"] {
        let tmp = tempfile::tempdir().unwrap();
        engagement(tmp.path(), 40, lang);
        let typ = tmp.path().join("typ");
        ok(&nudj(
            tmp.path(),
            &[
                "report",
                "engagement.yaml",
                "-o",
                "r.pdf",
                "--emit-typst",
                "typ",
            ],
        ));
        // 40 values: 18 + 18 + 4.
        for name in ["heatmap-0", "heatmap-0-2", "heatmap-0-3"] {
            assert!(
                typ.join(format!("charts/{name}.svg")).exists(),
                "{lang}: {name}"
            );
        }
        assert!(!typ.join("charts/heatmap-0-4.svg").exists(), "{lang}");
        let words = words_with_bottom(&tmp.path().join("r.pdf"));
        for b in 1..=40 {
            let name = format!("Site{b:02}");
            let found: Vec<_> = words.iter().filter(|(w, ..)| w.contains(&name)).collect();
            assert!(!found.is_empty(), "{lang}: {name} is not in the report");
            for (w, bottom, page_h) in found {
                assert!(
                    bottom <= page_h,
                    "{lang}: `{w}` is drawn below the page ({bottom} > {page_h})"
                );
            }
        }
    }
}

#[test]
fn a_short_column_keeps_one_chart() {
    let tmp = tempfile::tempdir().unwrap();
    engagement(tmp.path(), 18, "en");
    ok(&nudj(
        tmp.path(),
        &[
            "report",
            "engagement.yaml",
            "-o",
            "r.pdf",
            "--emit-typst",
            "typ",
        ],
    ));
    let charts = tmp.path().join("typ/charts");
    assert!(charts.join("heatmap-0.svg").exists());
    assert!(!charts.join("heatmap-0-2.svg").exists());
}
