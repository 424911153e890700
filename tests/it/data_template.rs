//! `nudj template` through the real binary: the workbook's layout, then the round trip
//! template → filled in by a spreadsheet library → read back = exactly the answers written.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, open_workbook_auto};
use nudj::data::{Answer, ReadOptions, read_client_data};
use nudj::model::Model;
use rust_xlsxwriter::Workbook;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn nudj(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_nudj"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs")
}

fn model(rel: &str) -> Model {
    let text = std::fs::read_to_string(root().join(rel)).expect("model file");
    serde_saphyr::from_str(&text).expect("model parses")
}

/// Our own template is trusted, so reading it whole with calamine is fine here.
fn sheets(path: &Path) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut wb = open_workbook_auto(path).expect("opens");
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|n| {
            let r = wb.worksheet_range(&n).expect("sheet");
            (n, r.rows().map(<[Data]>::to_vec).collect())
        })
        .collect()
}

fn zip_part(path: &Path, name: &str) -> String {
    let file = std::fs::File::open(path).expect("open");
    let mut z = zip::ZipArchive::new(file).expect("zip");
    let mut s = String::new();
    z.by_name(name)
        .expect("part")
        .read_to_string(&mut s)
        .expect("read");
    s
}

/// A tiny deterministic generator (xorshift), so the filled answers are reproducible.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Fills a copy of the template's layout (header rows as written by `nudj template`) with
/// answers in every accepted form; returns the answers as the reader must see them.
fn fill(template: &Path, out: &Path, m: &Model, respondents: u32, seed: u64) -> Vec<Vec<Answer>> {
    let (min, max) = (m.scale.min.value, m.scale.max.value);
    let label = |v: i64, en: bool| {
        m.scale
            .labels
            .iter()
            .find(|(k, _)| k.value == v)
            .map(|(_, t)| {
                t.get(if en { nudj::Lang::En } else { nudj::Lang::Ar })
                    .to_string()
            })
    };
    let mut rng = Rng(seed);
    let mut wb = Workbook::new();
    let mut truth = Vec::new();
    for (name, rows) in sheets(template) {
        let ws = wb.add_worksheet();
        ws.set_name(&name).expect("name");
        let header: Vec<String> = rows
            .first()
            .map(|r| r.iter().map(|d| d.to_string()).collect())
            .unwrap_or_default();
        for (c, h) in header.iter().enumerate() {
            ws.write_string(0, c as u16, h).expect("header");
        }
        match name.as_str() {
            "Responses" => {
                for r in 1..=respondents {
                    let mut answers = Vec::new();
                    for (c, h) in header.iter().enumerate() {
                        let c = c as u16;
                        if h == "respondent" {
                            ws.write_string(r, c, format!("R{r:03}")).expect("id");
                            continue;
                        }
                        if h == "Department" {
                            ws.write_string(r, c, ["Sales", "IT", "المالية"][r as usize % 3])
                                .expect("seg");
                            continue;
                        }
                        let v = min + rng.below((max - min + 1) as u64) as i64;
                        let a = match rng.below(20) {
                            0 => {
                                ws.write_string(r, c, "N/A").expect("w");
                                Answer::NotApplicable
                            }
                            1 => Answer::Blank,
                            2 => {
                                ws.write_string(r, c, v.to_string()).expect("w");
                                Answer::Value(v as i32)
                            }
                            3 | 4 => match label(v, rng.below(2) == 0) {
                                Some(l) => {
                                    ws.write_string(r, c, l).expect("w");
                                    Answer::Value(v as i32)
                                }
                                None => {
                                    ws.write_number(r, c, v as f64).expect("w");
                                    Answer::Value(v as i32)
                                }
                            },
                            _ => {
                                ws.write_number(r, c, v as f64).expect("w");
                                Answer::Value(v as i32)
                            }
                        };
                        answers.push(a);
                    }
                    truth.push(answers);
                }
            }
            "NPS" | "CSAT" | "CES" => {
                let top = match name.as_str() {
                    "NPS" => 10,
                    "CSAT" => 5,
                    _ => m.metrics.ces.as_ref().map_or(7, |c| c.scale.value as u64),
                };
                let bottom = u64::from(name != "NPS");
                for r in 1..=30u32 {
                    ws.write_number(r, 0, (bottom + rng.below(top - bottom + 1)) as f64)
                        .expect("score");
                    ws.write_string(r, 1, ["App", "Branch"][r as usize % 2])
                        .expect("ch");
                    ws.write_string(r, 3, "2026-03-14").expect("date");
                }
            }
            "Customers" => {
                for (r, (p, s, e)) in [("2026-Q1", 1000.0, 980.0), ("2026-Q2", 980.0, 1010.0)]
                    .into_iter()
                    .enumerate()
                {
                    let r = r as u32 + 1;
                    ws.write_string(r, 0, p).expect("p");
                    ws.write_number(r, 1, s).expect("s");
                    ws.write_number(r, 2, e).expect("e");
                    ws.write_number(r, 3, 40.0).expect("n");
                }
            }
            "CLV" => {
                ws.write_string(1, 0, "Retail").expect("seg");
                ws.write_number(1, 1, 250.0).expect("apv");
                ws.write_number(1, 2, 4.0).expect("f");
                ws.write_number(1, 3, 6.5).expect("l");
                ws.write_string(1, 4, "35%").expect("m");
                // The template's sixth CLV column: the segment's customers.
                ws.write_number(1, 5, 52000.0).expect("customers");
            }
            _ => {}
        }
    }
    wb.save(out).expect("save");
    truth
}

fn round_trip(model_rel: &str, extra: &[&str], segments: Vec<String>, seed: u64) {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = dir.path().join("collect.xlsx");
    let t_str = t.to_str().expect("utf-8 path");
    let model_path = root().join(model_rel);
    let mut args = vec!["template"];
    args.extend_from_slice(extra);
    if extra.is_empty() {
        args.extend(["--model", model_path.to_str().expect("path")]);
    }
    args.extend(["-o", t_str]);
    let out = nudj(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let m = model(model_rel);
    let filled = dir.path().join("filled.xlsx");
    let truth = fill(&t, &filled, &m, 60, seed);
    let opts = ReadOptions {
        segments,
        ..ReadOptions::default()
    };
    let read = read_client_data(&filled, &m, &opts).unwrap_or_else(|e| match e {
        nudj::Error::Invalid(d) => panic!(
            "{}",
            d.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        ),
        e => panic!("{e}"),
    });
    let data = read.output;
    let got: Vec<Vec<Answer>> = data
        .responses
        .respondents
        .iter()
        .map(|r| r.answers.clone())
        .collect();
    assert_eq!(got, truth);
    assert_eq!(data.responses.respondents[4].id, "R005");
    assert_eq!(
        data.nps.as_ref().map(Vec::len),
        m.metrics.nps.as_ref().map(|_| 30)
    );
    if m.metrics.clv.is_some() {
        let clv = data.clv.expect("clv");
        assert_eq!(clv[0].gross_margin, Some(0.35));
        assert_eq!(
            clv[0].customers,
            nudj::data::SegmentCustomers::Count(52000.0)
        );
    }
    if m.metrics.churn.is_some() {
        assert_eq!(data.customers.expect("customers")[1].customers_end, 1010.0);
    }
}

#[test]
fn round_trip_sample_model() {
    round_trip("assessments/cx-maturity.yaml", &[], vec![], 7);
}

#[test]
fn round_trip_zero_to_four_scale() {
    round_trip("tests/fixtures/data/model-0-4.yaml", &[], vec![], 11);
}

#[test]
fn round_trip_from_an_engagement_with_a_segment() {
    let dir = tempfile::tempdir().expect("tempdir");
    let model = root().join("tests/fixtures/data/model-0-4.yaml");
    let eng = dir.path().join("engagement.yaml");
    std::fs::write(
        &eng,
        format!(
            "client: {{name: Acme}}\nmodel: {}\ndata: not-yet.xlsx\nlanguage: en\ndate: 2026-01-01\nsegments: [Department]\n",
            model.display()
        ),
    )
    .expect("write");
    let eng = eng.to_str().expect("path").to_string();
    round_trip(
        "tests/fixtures/data/model-0-4.yaml",
        &[&eng],
        vec!["Department".into()],
        13,
    );
}

#[test]
fn template_layout() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = dir.path().join("t.xlsx");
    let out = nudj(&[
        "template",
        "--model",
        "cx-maturity",
        "-o",
        t.to_str().expect("p"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let all = sheets(&t);
    let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Instructions",
            "Responses",
            "Questions",
            "NPS",
            "CSAT",
            "CES",
            "Customers",
            "CLV",
        ]
    );
    let m = model("assessments/cx-maturity.yaml");
    let ids: Vec<String> = m
        .dimensions
        .iter()
        .flat_map(|d| d.questions.iter().map(|q| q.id.value.clone()))
        .collect();
    let header: Vec<String> = all[1].1[0].iter().map(|d| d.to_string()).collect();
    assert_eq!(header[0], "respondent");
    assert_eq!(&header[1..], &ids[..]);
    // The Instructions sheet is first; the answers sheet second.
    let sheet1 = zip_part(&t, "xl/worksheets/sheet2.xml");
    assert!(
        sheet1.contains("rightToLeft=\"1\""),
        "Arabic sheets are right-to-left"
    );
    assert!(sheet1.contains("ySplit=\"1\""), "frozen header row");
    assert_eq!(sheet1.matches("<dataValidation ").count(), ids.len());
    assert!(sheet1.contains("<formula1>\"1,2,3,4,5,N/A\"</formula1>"));
    let notes = zip_part(&t, "xl/comments1.xml");
    let first_q = m.dimensions[0].questions[0]
        .text
        .get(nudj::Lang::Ar)
        .to_string();
    assert!(notes.contains(&first_q), "question text in the header note");
    // Same input, same bytes.
    let t2 = dir.path().join("t2.xlsx");
    let out = nudj(&[
        "template",
        "--model",
        "cx-maturity",
        "-o",
        t2.to_str().expect("p"),
    ]);
    assert!(out.status.success());
    assert_eq!(std::fs::read(&t).ok(), std::fs::read(&t2).ok());
    // English: left-to-right, and only the metric sheets the model asks for.
    let en = dir.path().join("en.xlsx");
    let m04 = root().join("tests/fixtures/data/model-0-4.yaml");
    let out = nudj(&[
        "template",
        "--model",
        m04.to_str().expect("p"),
        "--lang",
        "en",
        "-o",
        en.to_str().expect("p"),
    ]);
    assert!(out.status.success());
    assert!(!zip_part(&en, "xl/worksheets/sheet1.xml").contains("rightToLeft"));
}

#[test]
fn template_refuses_to_overwrite_and_bad_output_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = dir.path().join("filled.xlsx");
    std::fs::write(&t, b"answers").expect("write");
    let out = nudj(&[
        "template",
        "--model",
        "cx-maturity",
        "-o",
        t.to_str().expect("p"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read(&t).ok().as_deref(), Some(&b"answers"[..]));
    let out = nudj(&["template", "--model", "cx-maturity", "-o", "x.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("must end in .xlsx"));
    let out = nudj(&[
        "template",
        "--model",
        "cx-maturity",
        "--force",
        "-o",
        t.to_str().expect("p"),
    ]);
    assert!(out.status.success());
}
