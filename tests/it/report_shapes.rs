//! Every engagement shape makes a complete report (issue 19): a builder generates small
//! engagements of many shapes (no targets, no metrics, one respondent, a dimension whose
//! answers are all N/A, 2- and 9-level models, a 0-10 scale, 15 dimensions, question weights),
//! renders each report through the binary and asserts on its data (`--emit-typst` writes the
//! `data.json` the template reads) that no section, panel or table is empty, and on its text
//! that the contents page lists exactly the sections present. Also the privacy rule of
//! docs/privacy.md: comments of a group too small to show, in any segment column, stay out.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::Workbook;
use serde_json::Value;

use crate::common::{nudj, ok, pdftotext};

/// One engagement shape (also built by `results_xlsx.rs` for the results workbook).
#[derive(Debug, Clone)]
pub(crate) struct Shape {
    pub(crate) name: &'static str,
    pub(crate) lang: &'static str,
    pub(crate) dims: usize,
    pub(crate) questions: usize,
    pub(crate) levels: usize,
    pub(crate) scale: (i64, i64),
    pub(crate) respondents: usize,
    pub(crate) targets: bool,
    pub(crate) metrics: bool,
    /// Every answer of the first dimension is N/A.
    pub(crate) all_na_dim: bool,
    /// Question weights other than 1.
    pub(crate) weights: bool,
    /// Two segment columns, `Region` and `Role`, and a `Notes` comment column; respondent 1
    /// is alone as `Manager` in `Role`.
    pub(crate) segments: bool,
    /// More engagement YAML, appended as written.
    pub(crate) extra: &'static str,
}

pub(crate) const BASE: Shape = Shape {
    name: "full",
    lang: "en",
    dims: 4,
    questions: 3,
    levels: 4,
    scale: (1, 5),
    respondents: 12,
    targets: true,
    metrics: true,
    all_na_dim: false,
    weights: false,
    segments: true,
    extra: "",
};

/// The comment of the respondent alone in their `Role` group.
const SECRET: &str = "ManagerOnlyRemark";

impl Shape {
    fn model(&self) -> String {
        let (min, max) = self.scale;
        let mut m = format!(
            "id: shape\nversion: \"1\"\ntitle: {{ar: نموذج الاختبار, en: Shape test model}}\nscale: {{min: {min}, max: {max}}}\nlevels:\n"
        );
        let step = (max - min) as f64 / self.levels as f64;
        for l in 0..self.levels {
            m.push_str(&format!(
                "  - {{name: {{ar: مستوى {n}, en: Level {n}}}, min_score: {:.3}}}\n",
                min as f64 + step * l as f64,
                n = l + 1
            ));
        }
        m.push_str("dimensions:\n");
        for d in 0..self.dims {
            m.push_str(&format!(
                "  - id: d{d}\n    name: {{ar: المحور {d}, en: Dimension {d}}}\n    questions:\n"
            ));
            for q in 0..self.questions {
                let weight = if self.weights && q == 0 {
                    ", weight: 2"
                } else {
                    ""
                };
                m.push_str(&format!(
                    "      - {{id: Q{d}-{q}, text: {{ar: العبارة {d}-{q}, en: Statement {d}-{q}}}{weight}}}\n"
                ));
            }
        }
        if self.metrics {
            let target = if self.targets { "{target: 30}" } else { "{}" };
            m.push_str(&format!("metrics:\n  nps: {target}\n"));
        }
        m
    }

    fn engagement(&self) -> String {
        let mut e = format!(
            "client:\n  name: {{ar: عميل الاختبار, en: Shape Client}}\nmodel: model.yaml\ndata: data.xlsx\nlanguage: {}\ndate: \"2026-01-31\"\n",
            self.lang
        );
        if self.targets {
            e.push_str(&format!(
                "targets: {{default: {}}}\n",
                self.scale.1 as f64 - 0.5
            ));
        }
        if self.segments {
            e.push_str("segments: [Region, Role]\ncomments: [Notes]\n");
        }
        e.push_str(self.extra);
        e
    }

    /// Writes the model, the engagement and the workbook into `dir`.
    pub(crate) fn write(&self, dir: &Path) -> PathBuf {
        std::fs::write(dir.join("model.yaml"), self.model()).unwrap();
        std::fs::write(dir.join("engagement.yaml"), self.engagement()).unwrap();
        let mut wb = Workbook::new();
        let s = wb.add_worksheet().set_name("Responses").unwrap();
        let mut headers = vec!["respondent".to_string()];
        if self.segments {
            headers.extend(["Region".into(), "Role".into(), "Notes".into()]);
        }
        for d in 0..self.dims {
            for q in 0..self.questions {
                headers.push(format!("Q{d}-{q}"));
            }
        }
        for (c, h) in headers.iter().enumerate() {
            s.write(0, c as u16, h.as_str()).unwrap();
        }
        let (min, max) = self.scale;
        for r in 0..self.respondents {
            let row = r as u32 + 1;
            s.write(row, 0, format!("R{row}")).unwrap();
            let mut col = 1u16;
            if self.segments {
                s.write(row, 1, if r % 2 == 0 { "North" } else { "South" })
                    .unwrap();
                s.write(row, 2, if r == 0 { "Manager" } else { "Agent" })
                    .unwrap();
                let note = if r == 0 {
                    SECRET.to_string()
                } else {
                    format!("Ordinary remark {row}")
                };
                s.write(row, 3, note).unwrap();
                col = 4;
            }
            for d in 0..self.dims {
                for q in 0..self.questions {
                    if self.all_na_dim && d == 0 {
                        s.write(row, col, "N/A").unwrap();
                    } else {
                        let span = (max - min + 1) as usize;
                        let v = min + ((r * 7 + q * 3 + d * 5) % span) as i64;
                        s.write(row, col, v as f64).unwrap();
                    }
                    col += 1;
                }
            }
        }
        if self.metrics {
            let s = wb.add_worksheet().set_name("NPS").unwrap();
            s.write(0, 0, "score").unwrap();
            for (i, v) in [10, 9, 3, 8, 10, 6, 7, 9].iter().enumerate() {
                s.write(i as u32 + 1, 0, *v).unwrap();
            }
        }
        wb.save(dir.join("data.xlsx")).unwrap();
        dir.join("engagement.yaml")
    }
}

/// Renders the report of a shape: (data.json, PDF text, contents-page text).
fn render(shape: &Shape) -> (Value, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let eng = shape.write(dir.path());
    let pdf = dir.path().join("r.pdf");
    let emit = dir.path().join("emit");
    let out = nudj(
        dir.path(),
        &[
            "report",
            eng.to_str().unwrap(),
            "-o",
            pdf.to_str().unwrap(),
            "--emit-typst",
            emit.to_str().unwrap(),
        ],
    );
    ok(&out);
    let data: Value =
        serde_json::from_str(&std::fs::read_to_string(emit.join("data.json")).unwrap()).unwrap();
    let text = pdftotext(&pdf, &[]);
    let contents = pdftotext(&pdf, &["-f", "2", "-l", "3"]);
    (data, text, contents)
}

fn list<'a>(v: &'a Value, key: &str) -> &'a Vec<Value> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("`{key}` is not a list"))
}

/// The report of a shape has no empty section, panel or table, and its contents page lists
/// exactly the sections present.
fn assert_complete(shape: &Shape) {
    let (d, text, contents) = render(shape);
    let name = shape.name;
    let t = &d["t"];
    let word = |k: &str| t[k].as_str().unwrap().to_string();
    // Headline metrics and the CX-metrics section: present exactly with metric data.
    let headline = list(&d, "headline");
    assert_eq!(!headline.is_empty(), shape.metrics, "{name}: headline rows");
    // The contents (pages 2-3): without metrics neither heading is listed (nor anywhere);
    // with them both are (checked in English, where the extracted text is in order).
    for key in ["headline_metrics", "cx_metrics"] {
        if !shape.metrics {
            assert!(
                !contents.contains(&word(key)),
                "{name}: `{key}` listed\n{contents}"
            );
        } else if shape.lang == "en" {
            assert!(
                contents.contains(&word(key)),
                "{name}: `{key}` missing\n{contents}"
            );
        }
    }
    // The summary's panels are never empty boxes: a panel is shown only with items, and
    // with or without targets the weakest dimensions show as gaps.
    assert!(!list(&d, "strengths").is_empty(), "{name}: strengths");
    assert!(!list(&d, "gaps").is_empty(), "{name}: gaps");
    let basis = if shape.targets {
        "target"
    } else {
        "next_level"
    };
    assert_eq!(d["gap_basis"], basis, "{name}");
    // Roadmap: phases with items, the same dimensions as the gap ranking's first ones.
    let roadmap = list(&d, "roadmap");
    assert!(!roadmap.is_empty(), "{name}: roadmap");
    for phase in roadmap {
        assert!(!list(phase, "items").is_empty(), "{name}: an empty phase");
    }
    let first_item = &list(&roadmap[0], "items")[0]["name"];
    assert_eq!(
        first_item,
        &list(&d, "gaps")[0]["name"],
        "{name}: one ranking"
    );
    // Every dimension: its statements, and panels only with statements.
    for dim in list(&d, "dimensions") {
        assert!(!list(dim, "questions").is_empty(), "{name}: questions");
        assert_eq!(
            list(dim, "strengths").is_empty(),
            list(dim, "gaps").is_empty(),
            "{name}: panels"
        );
    }
    // A dimension without a valid answer says so, never "no target".
    if shape.all_na_dim {
        assert_eq!(list(&d, "dimensions")[0]["status"], "no_answers", "{name}");
    }
    // Without targets: no "no target" badges, the methodology says so.
    if !shape.targets && shape.lang == "en" {
        let badge = word("status_none");
        let badges = text.matches(&badge).count() - text.matches(&format!("{badge}s")).count();
        assert_eq!(badges, 0, "{name}: a `{badge}` badge");
        assert!(
            text.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .contains("No targets were set"),
            "{name}: methodology note"
        );
    }
    // The appendix's tables and the glossary.
    assert!(!list(&d, "appendix").is_empty(), "{name}: appendix");
    let glossary: Vec<&str> = list(&d, "glossary")
        .iter()
        .filter_map(|g| g["term"].as_str())
        .collect();
    assert_eq!(
        glossary.iter().any(|g| g.contains("NPS")),
        shape.metrics,
        "{name}: glossary lists only the metrics shown: {glossary:?}"
    );
    // One "Gap and priority" entry, defined the way this report's gaps are measured.
    let gap_defs: Vec<&str> = list(&d, "glossary")
        .iter()
        .filter(|g| {
            g["term"]
                .as_str()
                .is_some_and(|t| t.contains("Gap") || t.contains("الفجوة"))
        })
        .filter_map(|g| g["definition"].as_str())
        .collect();
    assert_eq!(gap_defs.len(), 1, "{name}: {gap_defs:?}");
    let by_target = gap_defs[0].contains("target minus") || gap_defs[0].contains("المستهدف ناقص");
    assert_eq!(
        by_target, shape.targets,
        "{name}: gap definition {gap_defs:?}"
    );
    // Question weights: a column only when some differ from 1.
    let weighted = list(&d, "appendix")
        .iter()
        .flat_map(|a| list(a, "questions"))
        .any(|q| !q["weight"].is_null());
    assert_eq!(weighted, shape.weights, "{name}: weights");
}

#[test]
fn every_shape_makes_a_complete_report() {
    let shapes = [
        BASE,
        Shape {
            name: "no targets, no metrics, no segments",
            targets: false,
            metrics: false,
            segments: false,
            ..BASE
        },
        Shape {
            name: "one respondent, arabic",
            lang: "ar",
            respondents: 1,
            segments: false,
            ..BASE
        },
        Shape {
            name: "a dimension of N/A only, weights",
            all_na_dim: true,
            weights: true,
            ..BASE
        },
        Shape {
            name: "2 levels, one question per dimension",
            levels: 2,
            questions: 1,
            ..BASE
        },
        Shape {
            name: "9 levels on 0-10, no targets",
            levels: 9,
            scale: (0, 10),
            targets: false,
            ..BASE
        },
        Shape {
            name: "15 dimensions, arabic, no metrics",
            lang: "ar",
            dims: 15,
            metrics: false,
            ..BASE
        },
    ];
    for shape in &shapes {
        assert_complete(shape);
    }
}

/// Count phrases agree with their number (strings.yaml `count_*`): "(fewer than 1
/// respondents)" with `min_segment_size: 1` was the tester's case; in Arabic the counted word
/// takes the dual, the plural (3-10) or the singular accusative (11-99).
#[test]
fn count_phrases_agree_with_their_number() {
    let cases = [
        // (shape, sentences that must hold the phrase: summary, model, segments intro)
        (
            Shape {
                lang: "ar",
                respondents: 2,
                dims: 15,
                questions: 1,
                segments: false,
                extra: "min_segment_size: 1\n",
                ..BASE
            },
            ["إجابات مشاركَين", "عبر 15 محورًا", "(أقل من مشارك واحد)"],
        ),
        (
            Shape {
                lang: "ar",
                respondents: 12,
                extra: "min_segment_size: 3\n",
                ..BASE
            },
            ["إجابات 12 مشاركًا", "عبر 4 محاور", "(أقل من 3 مشاركين)"],
        ),
        (
            Shape {
                respondents: 1,
                dims: 2,
                segments: false,
                extra: "min_segment_size: 1\n",
                ..BASE
            },
            [
                "answers of one respondent.",
                "across 2 dimensions,",
                "(fewer than one respondent)",
            ],
        ),
    ];
    for (shape, [summary, model, intro]) in cases {
        let (d, _, _) = render(&shape);
        // Numbers are isolated for the reading direction; compare without the marks.
        let plain = |k: &str| {
            d[k].as_str()
                .unwrap()
                .chars()
                .filter(|c| !matches!(c, '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}'))
                .collect::<String>()
        };
        assert!(
            plain("summary_lead").contains(summary),
            "{}",
            plain("summary_lead")
        );
        assert!(
            plain("model_intro").contains(model),
            "{}",
            plain("model_intro")
        );
        assert!(
            plain("segments_intro").contains(intro),
            "{}",
            plain("segments_intro")
        );
    }
}

#[test]
fn comments_of_a_small_group_in_any_segment_column_stay_out() {
    // Respondent 1 is one of six in `Region = North` but alone as `Role = Manager`: their
    // comment would name them. Their group in the first column is large, so before this the
    // appendix printed it.
    for lang in ["en", "ar"] {
        let (d, text, _) = render(&Shape { lang, ..BASE });
        let comments: Vec<&str> = list(&d, "verbatims")
            .iter()
            .flat_map(|g| list(g, "comments"))
            .filter_map(Value::as_str)
            .collect();
        assert!(!comments.is_empty(), "{lang}: other comments are shown");
        assert!(
            comments.iter().all(|c| !c.contains(SECRET)),
            "{lang}: {comments:?}"
        );
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains("Ordinary remark"),
            "{lang}: appendix comments"
        );
        assert!(
            !flat.contains(SECRET),
            "{lang}: the small group's comment is printed"
        );
    }
}

/// Writes every shape's engagement under `$NUDJ_SHAPES_DIR` for looking at the reports
/// (`cargo test --test it report_shapes::write -- --ignored`).
#[test]
#[ignore]
fn write_shapes_for_inspection() {
    let Ok(root) = std::env::var("NUDJ_SHAPES_DIR") else {
        return;
    };
    let shapes = [
        Shape {
            name: "no-targets-no-metrics-en",
            targets: false,
            metrics: false,
            segments: false,
            ..BASE
        },
        Shape {
            name: "no-targets-no-metrics-ar",
            lang: "ar",
            targets: false,
            metrics: false,
            segments: false,
            ..BASE
        },
        Shape {
            name: "weights-na-ar",
            lang: "ar",
            all_na_dim: true,
            weights: true,
            ..BASE
        },
        Shape {
            name: "fifteen-ar",
            lang: "ar",
            dims: 15,
            levels: 9,
            scale: (0, 10),
            ..BASE
        },
    ];
    for shape in &shapes {
        let dir = Path::new(&root).join(shape.name);
        std::fs::create_dir_all(&dir).unwrap();
        shape.write(&dir);
    }
}

/// A bidi override or isolate typed into the engagement, the model or the narrative (copied
/// from a web page or a word processor) is dropped with a warning at its line, as in workbook
/// cells: a stray RLO would otherwise reverse the title it sits in, in the PDF's title, on
/// the cover and in the running header.
#[test]
fn bidi_controls_in_engagement_model_and_narrative_are_dropped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let shape = Shape {
        extra: "title: {ar: \"\u{202E}عنوان التقرير\", en: \"\u{202E}Mirror Title Check\u{202C}\"}\n",
        ..BASE
    };
    let eng = shape.write(dir.path());
    let e = std::fs::read_to_string(&eng).unwrap();
    std::fs::write(
        &eng,
        e.replace("en: Shape Client", "en: \"Shape \u{2067}Client\u{2069}\""),
    )
    .unwrap();
    let m = std::fs::read_to_string(dir.path().join("model.yaml")).unwrap();
    let m = m.replace("en: Dimension 1}", "en: \"\u{202D}Dimension\u{202C} 1\"}");
    std::fs::write(dir.path().join("model.yaml"), m).unwrap();
    std::fs::create_dir(dir.path().join("narrative")).unwrap();
    std::fs::write(
        dir.path().join("narrative/summary.md"),
        "Our reading.\n\n\u{202E}Backwards sentence here.\n",
    )
    .unwrap();
    let pdf = dir.path().join("r.pdf");
    let emit = dir.path().join("emit");
    let out = nudj(
        dir.path(),
        &[
            "report",
            eng.to_str().unwrap(),
            "-o",
            pdf.to_str().unwrap(),
            "--emit-typst",
            emit.to_str().unwrap(),
        ],
    );
    let err = ok(&out);
    // One warning per line, at the first control, in each file.
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("bidi control")).collect();
    assert_eq!(lines.len(), 4, "{err}");
    assert!(
        err.contains("engagement.yaml:10:") && err.contains("U+202E"),
        "{err}"
    );
    assert!(err.contains("engagement.yaml:2:"), "{err}");
    assert!(
        err.contains("model.yaml:") && err.contains("U+202D"),
        "{err}"
    );
    assert!(err.contains("summary.md:3:1"), "{err}");
    // Nothing of them reaches the document's data, its text or its title.
    let data = std::fs::read_to_string(emit.join("data.json")).unwrap();
    let explicit = |c: char| matches!(c, '\u{202A}'..='\u{202E}');
    assert!(!data.contains(explicit), "an override in data.json");
    let d: Value = serde_json::from_str(&data).unwrap();
    let plain = |v: &Value| {
        v.as_str()
            .unwrap()
            .chars()
            .filter(|c| !crate::common::is_bidi_control(*c))
            .collect::<String>()
    };
    assert_eq!(plain(&d["title"]), "Mirror Title Check");
    assert_eq!(plain(&d["client"]), "Shape Client");
    let info = std::process::Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.contains("Mirror Title Check") && !info.contains(explicit),
        "{info}"
    );
    let text = pdftotext(&pdf, &[]);
    for words in [
        "Mirror Title Check",
        "Backwards sentence here.",
        "Dimension 1",
    ] {
        assert!(text.contains(words), "`{words}` not in reading order");
    }
}
