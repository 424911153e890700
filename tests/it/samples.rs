//! The committed sample engagements and the messy fixture agree with the sample model: the
//! engagement files parse, their paths resolve, and every workbook has the layout of issue 3
//! (docs/samples.md). If the model changes, these fail until `cargo run --example gen_samples`
//! is re-run and the output committed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, open_workbook_auto};
use nudj::model::{EngagementFile, Model};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn model() -> Model {
    serde_saphyr::from_str(&read(&root().join("assessments/cx-maturity.yaml")))
        .expect("model parses")
}

fn question_ids(m: &Model) -> Vec<String> {
    m.dimensions
        .iter()
        .flat_map(|d| d.questions.iter().map(|q| q.id.value.clone()))
        .collect()
}

fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut wb = open_workbook_auto(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let range = wb
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("{}!{name}: {e}", path.display()));
    range.rows().map(<[Data]>::to_vec).collect()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn number(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("expected a number, found {other:?}"),
    }
}

fn check_engagement(dir: &str, respondents: usize, min_nps: usize) {
    let dir = root().join(dir);
    let eng: EngagementFile =
        serde_saphyr::from_str(&read(&dir.join("engagement.yaml"))).expect("engagement parses");
    let m = model();
    let model_path = dir.join(eng.model.as_ref().expect("model path").value.as_str());
    assert_eq!(
        model_path.canonicalize().expect("model path resolves"),
        root()
            .join("assessments/cx-maturity.yaml")
            .canonicalize()
            .expect("model exists")
    );
    let dims: BTreeSet<String> = m.dimensions.iter().map(|d| d.id.value.clone()).collect();
    for key in eng.targets.keys() {
        assert!(
            key.value == "default" || dims.contains(&key.value),
            "target for unknown dimension {}",
            key.value
        );
    }
    let data = dir.join(eng.data.as_ref().expect("data path").value.as_path());

    let rows = sheet(&data, "Responses");
    let header: Vec<String> = rows[0].iter().map(text).collect();
    assert_eq!(header[0], "respondent");
    for col in eng.segments.iter().chain(eng.comments.iter()) {
        assert!(
            header.contains(&col.value),
            "no column {} in {}",
            col.value,
            data.display()
        );
    }
    for q in question_ids(&m) {
        assert_eq!(
            header.iter().filter(|h| **h == q).count(),
            1,
            "question {q} column"
        );
    }
    assert_eq!(rows.len() - 1, respondents);
    // Every segment value must have enough respondents to be reported.
    for seg in &eng.segments {
        let c = header
            .iter()
            .position(|h| *h == seg.value)
            .expect("segment column");
        let mut counts = std::collections::BTreeMap::<String, usize>::new();
        for r in &rows[1..] {
            *counts.entry(text(&r[c])).or_default() += 1;
        }
        assert!(
            counts
                .values()
                .all(|n| *n as u32 >= eng.min_segment_size.value),
            "{}: {counts:?}",
            seg.value
        );
    }

    let nps = sheet(&data, "NPS");
    let mut head = vec!["score", "channel", "segment", "date", "comment"];
    // With a journey, the stage column (named in the report's language) names one of its
    // stages on every row, by id or name.
    let stage_header = if eng.language == nudj::Lang::Ar {
        "المرحلة"
    } else {
        "stage"
    };
    if !eng.journey.is_empty() {
        head.push(stage_header);
        let names: BTreeSet<String> = eng
            .journey
            .iter()
            .flat_map(|j| {
                std::iter::once(j.id.value.clone())
                    .chain(j.name.all().into_iter().map(String::from))
            })
            .collect();
        assert!(nps[1..].iter().all(|r| names.contains(&text(&r[5]))));
    }
    assert_eq!(nps[0].iter().map(text).collect::<Vec<_>>(), head);
    assert!(nps.len() > min_nps, "at least {min_nps} NPS answers");
    assert!(
        nps[1..]
            .iter()
            .all(|r| (0.0..=10.0).contains(&number(&r[0])))
    );
    let channels: BTreeSet<String> = nps[1..].iter().map(|r| text(&r[1])).collect();
    assert_eq!(channels.len(), 4, "{channels:?}");
    for (name, max) in [("CSAT", 5.0), ("CES", 7.0)] {
        let rows = sheet(&data, name);
        assert!(rows.len() > 100);
        assert!(
            rows[1..]
                .iter()
                .all(|r| (1.0..=max).contains(&number(&r[0]))),
            "{name} out of range"
        );
    }

    let customers = sheet(&data, "Customers");
    assert_eq!(customers.len(), 5, "four periods");
    for pair in customers[1..].windows(2) {
        // Each period starts where the previous ended.
        assert_eq!(number(&pair[0][2]), number(&pair[1][1]));
    }
    let clv = sheet(&data, "CLV");
    assert!(clv.len() >= 2);
    assert!(
        clv[1..]
            .iter()
            .all(|r| (0.0..=1.0).contains(&number(&r[4]))),
        "gross margin is a fraction"
    );
}

#[test]
fn bank_sample_matches_model_and_layout() {
    check_engagement("samples/bank-ar", 120, 800);
}

#[test]
fn bank_previous_wave_matches_model_and_layout() {
    check_engagement("samples/bank-ar/2025", 120, 600);
}

#[test]
fn telecom_sample_matches_model_and_layout() {
    check_engagement("samples/telecom-en", 200, 1000);
}

#[test]
fn messy_fixture_ground_truth_matches_both_files() {
    let dir = root().join("tests/fixtures/messy");
    let expected: serde_json::Value =
        serde_json::from_str(&read(&dir.join("expected.json"))).expect("json");
    let ids: Vec<String> = serde_json::from_value(expected["question_ids"].clone()).expect("ids");
    assert_eq!(
        ids,
        question_ids(&model()),
        "regenerate the fixture after changing the model"
    );
    let respondents = expected["respondents"].as_u64().expect("respondents") as usize;

    let rows = sheet(&dir.join("forms-export.xlsx"), "Form1");
    let csv = read(&dir.join("forms-export.csv"));
    assert!(csv.starts_with('\u{FEFF}'), "CSV starts with a BOM");
    let records: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .from_reader(csv.trim_start_matches('\u{FEFF}').as_bytes())
        .records()
        .map(|r| r.expect("CSV record").iter().map(str::to_string).collect())
        .collect();
    // Header, respondents and one fully blank row, in both files.
    assert_eq!(rows.len(), respondents + 2);
    assert_eq!(records.len(), respondents + 2);
    let blank = expected["blank_row_sheet_row"].as_u64().expect("row") as usize - 1;
    assert!(rows[blank].iter().all(|d| matches!(d, Data::Empty)));
    assert!(records[blank].iter().all(String::is_empty));
    let width = 6 + ids.len() + 1;
    assert_eq!(rows[0].len(), width);
    assert_eq!(records[0].len(), width);
}

/// A sample's narrative has one file per dimension (and no stray ones; recommendation files
/// name a real dimension), and every quoted
/// verbatim is really in the workbook at the place its attribution names: `(R058)` for a
/// respondent's comment, `(NPS!E62)` for an NPS comment; or is a `{{ quote("R058") }}` call
/// naming a comment that exists.
fn check_narrative(sample: &str, comment_column: &str) {
    let dir = root().join(sample);
    let m = model();
    let mut expected: BTreeSet<String> = m
        .dimensions
        .iter()
        .map(|d| format!("{}.md", d.id.value))
        .collect();
    expected.insert("summary.md".into());
    expected.insert("next-steps.md".into());
    // Beside the journey map (both samples have journey stages).
    expected.insert("journey.md".into());
    let found: BTreeSet<String> = std::fs::read_dir(dir.join("narrative"))
        .expect("narrative folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        // The consultant's own recommendations (`<dimension>.recommendations.md`) are
        // optional and hold no quotes; the dimension must exist.
        .filter(|f| {
            let Some(dim) = f.strip_suffix(".recommendations.md") else {
                return true;
            };
            assert!(
                expected.contains(&format!("{dim}.md")),
                "{f}: no such dimension"
            );
            false
        })
        .collect();
    assert_eq!(found, expected);

    let data = dir.join("responses.xlsx");
    let responses = sheet(&data, "Responses");
    let comment_col = responses[0]
        .iter()
        .position(|h| text(h) == comment_column)
        .expect("comment column");
    let nps = sheet(&data, "NPS");
    let mut quotes = 0;
    for file in &found {
        let md = read(&dir.join("narrative").join(file));
        let mut quote = String::new();
        for line in md.lines() {
            // A quote tied to the data: `nudj report` resolves it (and fails on an unknown
            // reference); here the referenced comment must exist and be non-empty.
            if let Some(reference) = line
                .trim()
                .strip_prefix("{{ quote(\"")
                .and_then(|r| r.strip_suffix("\") }}"))
            {
                let cell = if let Some(row) = reference.strip_prefix("NPS!E") {
                    let row: usize = row.parse().expect("row number");
                    text(&nps[row - 1][4])
                } else {
                    let r = responses
                        .iter()
                        .find(|r| text(&r[0]) == reference)
                        .unwrap_or_else(|| panic!("{file}: no respondent {reference}"));
                    text(&r[comment_col])
                };
                assert!(
                    !cell.trim().is_empty(),
                    "{file}: {reference} has no comment"
                );
                quotes += 1;
                continue;
            }
            let Some(rest) = line.strip_prefix('>') else {
                assert!(
                    quote.is_empty(),
                    "{file}: quote without attribution: {quote}"
                );
                continue;
            };
            let rest = rest.trim();
            if let Some(attribution) = rest.strip_prefix('—') {
                let reference = attribution
                    .rsplit_once('(')
                    .and_then(|(_, r)| r.strip_suffix(')'))
                    .unwrap_or_else(|| {
                        panic!("{file}: attribution without reference: {attribution}")
                    });
                let cell = if let Some(row) = reference.strip_prefix("NPS!E") {
                    let row: usize = row.parse().expect("row number");
                    text(&nps[row - 1][4])
                } else {
                    let r = responses
                        .iter()
                        .find(|r| text(&r[0]) == reference)
                        .unwrap_or_else(|| panic!("{file}: no respondent {reference}"));
                    text(&r[comment_col])
                };
                assert!(
                    cell.contains(quote.trim()),
                    "{file}: {reference} says {cell:?}, quoted {quote:?}"
                );
                quote.clear();
                quotes += 1;
            } else {
                quote.push_str(rest);
                quote.push(' ');
            }
        }
    }
    assert!(quotes >= 15, "only {quotes} quoted verbatims");
}

#[test]
fn bank_narrative_covers_every_dimension_and_quotes_real_comments() {
    check_narrative("samples/bank-ar", "ملاحظات");
}

#[test]
fn telecom_narrative_covers_every_dimension_and_quotes_real_comments() {
    check_narrative("samples/telecom-en", "Comments");
}

/// Each course module exists in Arabic and English with the same slides (`## `), and the
/// worked examples' arithmetic holds (these numbers are typed by hand in the Markdown).
#[test]
fn course_modules_are_paired_and_worked_examples_add_up() {
    let dir = root().join("samples/course/modules");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("modules folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 10, "{names:?}");
    for ar in names.iter().filter(|n| n.ends_with(".ar.md")) {
        let en = ar.replace(".ar.md", ".en.md");
        let slides = |f: &str| {
            let md = read(&dir.join(f));
            assert_eq!(
                md.lines().filter(|l| l.starts_with("# ")).count(),
                1,
                "{f}: one title"
            );
            md.lines().filter(|l| l.starts_with("## ")).count()
        };
        assert_eq!(slides(ar), slides(&en), "{ar} and {en} differ in slides");
    }

    // Module 3's worked examples.
    let nps = |p: f64, d: f64| 100.0 * (p - d);
    assert_eq!(nps(200.0 / 400.0, 80.0 / 400.0).round(), 30.0);
    let moe = 1.96 * 100.0 * ((0.5 + 0.2 - (0.5f64 - 0.2).powi(2)) / 400.0).sqrt();
    assert_eq!((moe * 10.0).round() / 10.0, 7.7);
    assert_eq!(100.0 * (90.0 + 85.0) / 250.0, 70.0);
    let ces = [(7, 30), (6, 35), (5, 25), (4, 12), (3, 8), (2, 6), (1, 4)];
    let n: i32 = ces.iter().map(|c| c.1).sum();
    let sum: i32 = ces.iter().map(|c| c.0 * c.1).sum();
    assert_eq!((n, sum), (120, 633));
    assert_eq!(
        ((f64::from(sum) / f64::from(n)) * 100.0).round() / 100.0,
        5.28
    );
    assert_eq!(
        ces.iter().filter(|c| c.0 >= 5).map(|c| c.1).sum::<i32>() * 100 / n,
        75
    );
    assert_eq!((10_000 + 1_200 - 10_400) * 100 / 10_000, 8);
    assert_eq!(250.0 * 6.0 * 4.0 * 0.3, 1800.0);
    assert_eq!(((250.0 * 6.0 * 0.3) / 0.25_f64).round(), 1800.0);
    assert_eq!(nps(45.0 / 150.0, 45.0 / 150.0), 0.0);
    let md = read(&dir.join("03-metrics.en.md"));
    for figure in [
        "**+30**",
        "**7.7 points**",
        "**70%**",
        "**5.28 out of 7**",
        "**75%**",
        "**8%**",
        "**SAR 1,800 of profit**",
    ] {
        assert!(
            md.contains(figure),
            "03-metrics.en.md no longer shows {figure}"
        );
    }
}

/// The bank's previous assessment (`previous: 2025/score.json`) loads, and the comparison says
/// what the narrative's summary says: one level up overall, the gains in technology, voice of
/// the customer and strategy, governance and journeys flat. Regenerate `2025/score.json`
/// (docs/samples.md) if the score JSON layout changes.
#[test]
fn bank_comparison_with_2025_supports_the_narrative() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_nudj"))
        .args(["score", "--format", "json"])
        .arg(root().join("samples/bank-ar/engagement.yaml"))
        .output()
        .expect("run nudj");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("score JSON");
    let cmp = &json["comparison"];
    assert_eq!(cmp["overall"]["previous_level"], 2, "{cmp}");
    assert_eq!(cmp["overall"]["level"], 3, "{cmp}");
    let delta = |id: &str| {
        cmp["dimensions"]
            .as_array()
            .and_then(|ds| ds.iter().find(|d| d["id"] == id))
            .and_then(|d| d["delta"].as_f64())
            .unwrap_or_else(|| panic!("no delta for {id}: {cmp}"))
    };
    for id in ["technology", "voc", "strategy"] {
        assert!(delta(id) > 0.25, "{id} gained {}", delta(id));
    }
    for id in ["governance", "journeys"] {
        assert!(delta(id).abs() < 0.1, "{id} moved {}", delta(id));
    }
}

/// The government sample (docs/samples.md): the Assessment sheet has a row per assessor per
/// practice of the gov-cx model (plus consensus rows), the survey beside it a column per
/// practice.
#[test]
fn gov_ar_sample_matches_the_gov_model() {
    let dir = root().join("samples/gov-ar");
    let eng: EngagementFile =
        serde_saphyr::from_str(&read(&dir.join("engagement.yaml"))).expect("engagement parses");
    assert_eq!(eng.model.as_ref().map(|m| m.value.as_str()), Some("gov-cx"));
    assert_eq!(eng.method.value, nudj::model::Method::Assessment);
    let m: Model = serde_saphyr::from_str(&read(&root().join("assessments/gov-cx.yaml")))
        .expect("gov model parses");
    let ids = question_ids(&m);
    assert_eq!(ids.len(), 20);
    let data = dir.join(eng.data.as_ref().expect("data path").value.as_path());
    let rows = sheet(&data, "التقييم");
    assert_eq!(
        rows[0].iter().map(text).collect::<Vec<_>>(),
        ["المقيّم", "العبارة", "التقييم", "الدليل", "ملاحظة"]
    );
    let names: Vec<String> = eng.assessors.iter().map(|a| a.value.clone()).collect();
    assert_eq!(names.len(), 3);
    for q in &ids {
        for a in &names {
            let n = rows[1..]
                .iter()
                .filter(|r| text(&r[0]) == *a && text(&r[1]) == *q)
                .count();
            assert_eq!(n, 1, "{a} rates {q} once");
        }
    }
    let consensus = rows[1..].iter().filter(|r| text(&r[0]) == "إجماع").count();
    assert_eq!(rows.len() - 1, 60 + consensus);
    let survey = sheet(&data, "Responses");
    let header: Vec<String> = survey[0].iter().map(text).collect();
    assert_eq!(header[0], "respondent");
    assert_eq!(&header[1..], ids.as_slice());
    assert_eq!(survey.len() - 1, 15);
}
