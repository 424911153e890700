//! A segment group's value can be a person's name (tester 6 F14: a column `الموظف` holding
//! each respondent's name, a B2B NPS `segment` holding each customer's). (1) A segment column
//! whose values identify respondents (10 or more with a value, more distinct values than
//! half of them) is refused at the engagement's line that names it. (2) Whatever the cause,
//! the groups hidden because they are small are counted, never named, in the report, the
//! deck and the results workbook; the terminal's warnings still name them.

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};

use crate::common::{SmallModel, nudj, ok, pdftotext, small_engagement, text, write_workbook};

/// Writes an engagement with `segments` (YAML list) over `rows` (respondent, A1 answer, then
/// one value per segment column named in `header`), and an NPS sheet of `nps` (score,
/// segment) rows when given.
fn engagement(
    dir: &Path,
    segments: &str,
    header: &[&str],
    rows: &[Vec<String>],
    nps: &[(&str, &str)],
) {
    let metrics = if nps.is_empty() { "{}" } else { "nps: {}" };
    SmallModel::new("m", ("نموذج", "Model"))
        .dimension(
            "alpha",
            ("الاستراتيجية", "Strategy"),
            &[("A1", "سؤال", "Question")],
        )
        .metrics(metrics)
        .write(dir);
    std::fs::write(
        dir.join("engagement.yaml"),
        small_engagement("en", &format!("segments: {segments}\n")),
    )
    .unwrap();
    let mut all: Vec<Vec<&str>> = vec![[&["Respondent", "A1"][..], header].concat()];
    all.extend(rows.iter().map(|r| r.iter().map(String::as_str).collect()));
    let responses: Vec<&[&str]> = all.iter().map(Vec::as_slice).collect();
    let mut nps_rows: Vec<Vec<&str>> = vec![vec!["score", "segment"]];
    nps_rows.extend(nps.iter().map(|(s, g)| vec![*s, *g]));
    let nps_sheet: Vec<&[&str]> = nps_rows.iter().map(Vec::as_slice).collect();
    let mut sheets: Vec<(&str, &[&[&str]])> = vec![("Responses", &responses)];
    if !nps.is_empty() {
        sheets.push(("NPS", &nps_sheet));
    }
    write_workbook(&dir.join("data.xlsx"), &sheets);
}

/// Respondent rows: R1…Rn, answers cycling 1-5, then the given segment values.
fn rows(values: &[&[&str]]) -> Vec<Vec<String>> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let mut r = vec![format!("R{}", i + 1), ((i % 5) + 1).to_string()];
            r.extend(v.iter().map(|s| s.to_string()));
            r
        })
        .collect()
}

const NAMES: [&str; 12] = [
    "فاطمة الحربي",
    "نورة القحطاني",
    "خالد العتيبي",
    "ريم الدوسري",
    "أحمد الشمري",
    "سارة المطيري",
    "محمد الغامدي",
    "هند الزهراني",
    "عمر السبيعي",
    "لطيفة العنزي",
    "يوسف المالكي",
    "منى الشهري",
];

#[test]
fn a_segment_column_of_names_is_refused_at_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let depts = ["Sales", "Ops", "HR"];
    let values: Vec<[&str; 2]> = NAMES
        .iter()
        .enumerate()
        .map(|(i, n)| [depts[i % 3], *n])
        .collect();
    let values: Vec<&[&str]> = values.iter().map(|v| &v[..]).collect();
    engagement(
        dir,
        "[Dept, الموظف]",
        &["Dept", "الموظف"],
        &rows(&values),
        &[],
    );
    for args in [
        &["validate", "engagement.yaml"][..],
        &["report", "engagement.yaml", "-o", "r.pdf"][..],
    ] {
        let out = nudj(dir, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = text(&out.stderr);
        assert!(
            err.contains("engagement.yaml:6:18: error: segment column `الموظف` (sheet Responses) holds personal data: its values identify respondents"),
            "{err}"
        );
        assert!(err.contains("help: personal data"), "{err}");
        // Dept (3 groups of 4) is a breakdown, not an identifier.
        assert!(!err.contains("`Dept`"), "{err}");
        assert!(!dir.join("r.pdf").exists());
    }
    // The same column with the Dept column alone is accepted.
    engagement(dir, "[Dept]", &["Dept", "الموظف"], &rows(&values), &[]);
    ok(&nudj(dir, &["validate", "engagement.yaml"]));
}

/// Every string cell of every sheet of the workbook at `path`.
fn workbook_text(path: &Path) -> String {
    let mut wb = open_workbook_auto(path).unwrap();
    let mut all = String::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        for row in range.rows() {
            for c in row {
                if let Data::String(s) = c {
                    all.push_str(s);
                    all.push('\n');
                }
            }
        }
    }
    all
}

#[test]
fn groups_hidden_as_small_are_counted_never_named_in_any_document() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // Sales 8, Ops 6, and two one-person groups named after their person: both hidden as
    // small, Ops (6) hidden with them (2 < 5). The NPS sheet's segments are customers' names
    // (3 ratings each) beside Jarir (8): all three names hidden as small, Jarir hidden too.
    let mut values: Vec<&[&str]> = vec![&["Sales"]; 8];
    values.extend(vec![&["Ops"][..]; 6]);
    values.push(&["Nora Alharbi"]);
    values.push(&["Khalid Alotaibi"]);
    let mut nps: Vec<(&str, &str)> = vec![("9", "Jarir"); 8];
    for name in ["Reem Aldosari", "Omar Alsubaie", "Hind Alzahrani"] {
        nps.extend([("2", name), ("5", name), ("9", name)]);
    }
    engagement(dir, "[Dept]", &["Dept"], &rows(&values), &nps);
    let secret = [
        "Nora", "Khalid", "Reem", "Omar", "Hind", "Alharbi", "Alotaibi",
    ];

    // The terminal names them (the consultant has the data anyway).
    let out = nudj(dir, &["validate", "engagement.yaml"]);
    let err = ok(&out);
    assert!(
        err.contains("`Nora Alharbi`") && err.contains("`Reem Aldosari`"),
        "{err}"
    );

    for (lang, counted) in [
        (
            "en",
            "Groups hidden for anonymity (fewer than 5 respondents each): 2.",
        ),
        ("ar", "المجموعات المحجوبة حمايةً لسرية الإجابات"),
    ] {
        let pdf = dir.join(format!("r-{lang}.pdf"));
        let out = nudj(
            dir,
            &[
                "report",
                "engagement.yaml",
                "--lang",
                lang,
                "-o",
                pdf.to_str().unwrap(),
            ],
        );
        ok(&out);
        let t = pdftotext(&pdf, &[]);
        let flat = t.split_whitespace().collect::<Vec<_>>().join(" ");
        for s in secret {
            assert!(!flat.contains(s), "{lang} report names {s}:\n{flat}");
        }
        assert!(flat.contains(counted), "{lang}: {counted}\n{flat}");
        // Ops, hidden though not small, is named with why.
        if lang == "en" {
            assert!(flat.contains("Ops"), "{flat}");
            assert!(
                flat.contains("Groups hidden for anonymity (fewer than 5 ratings each): 3."),
                "{flat}"
            );
        }
        let deck = dir.join(format!("d-{lang}.pdf"));
        ok(&nudj(
            dir,
            &[
                "deck",
                "engagement.yaml",
                "--lang",
                lang,
                "-o",
                deck.to_str().unwrap(),
            ],
        ));
        let t = pdftotext(&deck, &[]);
        for s in secret {
            assert!(!t.contains(s), "{lang} deck names {s}:\n{t}");
        }
    }

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
    let wb = workbook_text(&dir.join("r.xlsx"));
    for s in secret {
        assert!(!wb.contains(s), "workbook names {s}:\n{wb}");
    }
    assert!(wb.contains("Small groups hidden (not named): 2"), "{wb}");
    assert!(wb.contains("Small groups hidden (not named): 3"), "{wb}");
}
