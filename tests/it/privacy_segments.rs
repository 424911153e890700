//! Complementary suppression (tester5 F0): a small group hidden alone is the overall results
//! less the groups shown (12 × mean − 10 × mean_sales) / 2, so the score also hides the
//! smallest shown groups until the hidden ones hold `min_segment_size` respondents, or every
//! group when that leaves none. Checked in the score JSON, the results workbook and the
//! report's data.

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};

use crate::common::{SmallModel, nudj, ok, small_engagement, text, write_workbook};

/// The tester's s9 shape: `Department` with `groups` (value, respondents), answers to
/// ALPHA-01, ALPHA-02 and BETA-01 varying by respondent; `min_segment_size: 5`.
fn engagement(dir: &Path, groups: &[(&str, usize)]) {
    SmallModel::new("seg", ("نموذج", "Model"))
        .dimension(
            "alpha",
            ("الاستراتيجية", "Strategy"),
            &[
                ("ALPHA-01", "عبارة 1", "Statement 1"),
                ("ALPHA-02", "عبارة 2", "Statement 2"),
            ],
        )
        .dimension(
            "beta",
            ("القنوات", "Channels"),
            &[("BETA-01", "عبارة 3", "Statement 3")],
        )
        .write(dir);
    let e = small_engagement("en", "segments: [Department]\nmin_segment_size: 5\n");
    std::fs::write(dir.join("engagement.yaml"), e).unwrap();
    let mut rows: Vec<Vec<String>> = vec![
        [
            "respondent",
            "Department",
            "ALPHA-01",
            "ALPHA-02",
            "BETA-01",
        ]
        .map(String::from)
        .to_vec(),
    ];
    let mut k = 0;
    for (value, n) in groups {
        for _ in 0..*n {
            k += 1;
            let a = |m: usize| ((k * m) % 5 + 1).to_string();
            rows.push(vec![
                format!("R{k:02}"),
                value.to_string(),
                a(1),
                a(2),
                a(3),
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

fn score_json(dir: &Path) -> serde_json::Value {
    let out = nudj(dir, &["score", "engagement.yaml", "--format", "json"]);
    ok(&out);
    serde_json::from_str(&text(&out.stdout)).expect("score JSON")
}

/// The Segments sheet's rows: (group, any number in the score columns, note).
fn segment_rows(dir: &Path) -> Vec<(String, bool, String)> {
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
    let range = wb.worksheet_range("Segments").unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    let header = rows[0];
    let note = header
        .iter()
        .position(|h| matches!(h, Data::String(s) if s == "Note"))
        .expect("Note column");
    rows[1..]
        .iter()
        .map(|r| {
            // Columns: segment, group, n, overall, dimensions, questions, note.
            let numbers = r[3..note]
                .iter()
                .any(|c| matches!(c, Data::Float(_) | Data::Int(_)));
            (r[1].to_string(), numbers, r[note].to_string())
        })
        .collect()
}

/// The report data's segment table (`--emit-typst`).
fn report_segments(dir: &Path) -> serde_json::Value {
    let out = nudj(dir, &["report", "engagement.yaml", "--emit-typst", "typ"]);
    ok(&out);
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("typ/data.json")).unwrap()).unwrap();
    data["segments"][0].clone()
}

#[test]
fn a_lone_small_group_beside_one_shown_group_hides_the_breakdown() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    engagement(dir, &[("المبيعات", 10), ("IT", 2)]);

    let r = score_json(dir);
    let segs = r["segments"].as_array().unwrap();
    let it = segs.iter().find(|s| s["value"] == "IT").unwrap();
    let sales = segs.iter().find(|s| s["value"] == "المبيعات").unwrap();
    assert_eq!(
        (it["small"].clone(), it["suppressed"].clone()),
        (true.into(), true.into())
    );
    assert_eq!(sales["small"], false);
    assert_eq!(
        sales["suppressed"], true,
        "sales shown: IT = overall − sales"
    );
    assert_eq!(sales["complementary"], true);
    assert!(sales.get("questions").is_none() && sales.get("overall").is_none());
    let out = nudj(dir, &["validate", "engagement.yaml"]);
    assert!(
        text(&out.stderr).contains("warning: segment `Department`: every group is hidden: hiding only the small group(s) would let their answers be worked out from the overall results and the groups shown, so the breakdown by `Department` is not shown"),
        "{}",
        text(&out.stderr)
    );

    // Workbook: no group row carries a number, so no question's mean can be subtracted.
    let rows = segment_rows(dir);
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|(_, numbers, _)| !numbers), "{rows:?}");
    let sales = rows.iter().find(|r| r.0 == "المبيعات").unwrap();
    assert_eq!(
        sales.2,
        "Hidden to protect a small group (it could be worked out by subtraction)"
    );

    // Report (and the deck's heatmap, from the same score): every cell empty, and a sentence.
    let t = report_segments(dir);
    for row in t["rows"].as_array().unwrap() {
        assert_eq!(row["suppressed"], true);
        assert!(row["overall"].is_null());
        assert!(
            row["scores"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| c["score"].is_null())
        );
    }
    assert!(
        t["note"]
            .as_str()
            .unwrap()
            .starts_with("No group of \u{2066}Department\u{2069} is shown"),
        "{t}"
    );
}

#[test]
fn the_next_smallest_group_is_hidden_until_the_hidden_ones_reach_the_minimum() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // IT 2 < 5 hidden; HR (6) hidden too (2 + 6 = 8 ≥ 5); sales (10) shown: overall − sales
    // gives IT and HR together only.
    engagement(dir, &[("Sales", 10), ("HR", 6), ("Ops", 7), ("IT", 2)]);
    let r = score_json(dir);
    let get = |v: &str| {
        r["segments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["value"] == v)
            .unwrap()
            .clone()
    };
    assert_eq!(get("IT")["suppressed"], true);
    assert_eq!(get("HR")["complementary"], true);
    assert_eq!(get("HR")["suppressed"], true);
    for shown in ["Sales", "Ops"] {
        assert_eq!(get(shown)["suppressed"], false, "{shown}");
        assert!(get(shown).get("complementary").is_none());
        assert!(get(shown)["overall"]["score"].is_f64());
    }
    let rows = segment_rows(dir);
    let find = |v: &str| rows.iter().find(|r| r.0 == v).unwrap().clone();
    assert!(!find("HR").1 && find("Sales").1 && find("Ops").1);
    // IT is small: counted, not named (tester 6 F14: a group's value can be a person's name).
    assert!(!rows.iter().any(|r| r.0 == "IT"), "{rows:?}");
    assert_eq!(
        find("Small groups hidden (not named): 1").2,
        "Hidden (small group)"
    );
    let t = report_segments(dir);
    assert_eq!(
        t["note"].as_str().unwrap(),
        "Also hidden, though not small: \u{2066}HR\u{2069} (6), because the small groups' answers could otherwise be worked out by subtracting the groups shown from the overall results."
    );
}

/// Tester 6 F39: in a shown group of 6, one person answered BETA-01 (the other five left it
/// blank). The Segments sheet leaves that question's mean, and the dimension score made of
/// it, blank and names them in the note; the other group's cells (6 answers) stay.
#[test]
fn a_shown_groups_cell_answered_by_fewer_than_the_minimum_is_withheld_in_the_workbook() {
    let dir = tempfile::tempdir().unwrap();
    engagement(dir.path(), &[("Sales", 6), ("Support", 6)]);
    let mut rows: Vec<Vec<String>> = vec![
        [
            "respondent",
            "Department",
            "ALPHA-01",
            "ALPHA-02",
            "BETA-01",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for k in 1..=12 {
        let dept = if k <= 6 { "Sales" } else { "Support" };
        let beta = if k <= 6 && k > 1 {
            String::new()
        } else {
            ((k % 5) + 1).to_string()
        };
        rows.push(vec![
            format!("R{k:02}"),
            dept.into(),
            ((k % 5) + 1).to_string(),
            ((k * 2 % 5) + 1).to_string(),
            beta,
        ]);
    }
    let rows: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    write_workbook(&dir.path().join("data.xlsx"), &[("Responses", &rows)]);
    ok(&nudj(
        dir.path(),
        &[
            "score",
            "engagement.yaml",
            "--format",
            "xlsx",
            "-o",
            "r.xlsx",
        ],
    ));
    let mut wb = open_workbook_auto(dir.path().join("r.xlsx")).unwrap();
    let range = wb.worksheet_range("Segments").unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    let col = |name: &str| {
        rows[0]
            .iter()
            .position(|h| matches!(h, Data::String(s) if s == name))
            .unwrap_or_else(|| panic!("column {name}"))
    };
    let (beta_q, beta_d, alpha_q, note) = (
        col("BETA-01"),
        col("Channels"),
        col("ALPHA-01"),
        col("Note"),
    );
    let row = |group: &str| {
        *rows[1..]
            .iter()
            .find(|r| matches!(&r[1], Data::String(s) if s == group))
            .unwrap_or_else(|| panic!("row {group}"))
    };
    let number = |c: &Data| matches!(c, Data::Float(_) | Data::Int(_));
    let sales = row("Sales");
    assert!(
        !number(&sales[beta_q]),
        "BETA-01 of one answer: {:?}",
        sales[beta_q]
    );
    assert!(
        !number(&sales[beta_d]),
        "beta of one answer: {:?}",
        sales[beta_d]
    );
    assert!(number(&sales[alpha_q]), "ALPHA-01 of 6 answers is shown");
    assert_eq!(
        sales[note].to_string(),
        "Withheld for anonymity (fewer than 5 answers): beta, BETA-01"
    );
    let support = row("Support");
    assert!(number(&support[beta_q]) && number(&support[beta_d]));
    assert_eq!(support[note].to_string(), "");
}
