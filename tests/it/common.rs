//! Helpers shared by the integration tests: run the real binary in a folder, read a PDF's
//! text with `pdftotext` (poppler-utils; `.ci/run` installs it).

// Each test module uses a different subset of these.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary under test, built by cargo for the integration tests.
pub const NUDJ: &str = env!("CARGO_BIN_EXE_nudj");

/// The repository root (samples, assessments, docs).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `nudj ARGS` in `dir`, without colour, and returns what it did.
pub fn nudj(dir: &Path, args: &[&str]) -> Output {
    Command::new(NUDJ)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run nudj")
}

/// Lossy UTF-8 text of a process stream.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Asserts the run succeeded (stderr in the failure message) and returns its stderr.
pub fn ok(out: &Output) -> String {
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    err
}

/// Whether `c` is one of the bidi isolates, embeddings and marks the report wraps free text
/// and numbers in (invisible on the page, but present in extracted text).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The PDF's text by `pdftotext [OPTIONS] PDF -`, without bidi controls.
pub fn pdftotext(pdf: &Path, options: &[&str]) -> String {
    let out = Command::new("pdftotext")
        .args(options)
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed for this test");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    text(&out.stdout)
        .chars()
        .filter(|c| !is_bidi_control(*c))
        .collect()
}

/// Level names of the small models, in order.
const LEVEL_NAMES: [(&str, &str); 5] = [
    ("أول", "One"),
    ("ثان", "Two"),
    ("ثالث", "Three"),
    ("رابع", "Four"),
    ("خامس", "Five"),
];

/// A small maturity model for a test, written as YAML: a 1..5 scale, levels named One, Two…
/// at the given minimum scores, the dimensions and questions given, optional metrics.
///
/// ```ignore
/// let yaml = SmallModel::new("voice", ("نموذج", "Voice model"))
///     .levels(&[1.0, 2.5])
///     .dimension("lead", ("القيادة", "Leadership"), &[("L1", "سؤال أ", "Question L1")])
///     .metrics("nps: {target: 20}")
///     .yaml();
/// ```
#[derive(Debug, Clone)]
pub struct SmallModel {
    id: String,
    title: (String, String),
    levels: Vec<f64>,
    dimensions: Vec<String>,
    metrics: Option<String>,
}

impl SmallModel {
    /// A model with id `id` and title `(ar, en)`, levels at 1.0 and 3.0, no dimensions yet.
    pub fn new(id: &str, title: (&str, &str)) -> SmallModel {
        SmallModel {
            id: id.into(),
            title: (title.0.into(), title.1.into()),
            levels: vec![1.0, 3.0],
            dimensions: Vec::new(),
            metrics: None,
        }
    }

    /// The levels' minimum scores (at most five).
    pub fn levels(mut self, min_scores: &[f64]) -> SmallModel {
        self.levels = min_scores.to_vec();
        self
    }

    /// A dimension `id` named `(ar, en)` with questions `(id, ar text, en text)`.
    pub fn dimension(
        mut self,
        id: &str,
        name: (&str, &str),
        questions: &[(&str, &str, &str)],
    ) -> SmallModel {
        let mut d = format!(
            "  - id: {id}\n    name: {{ar: {}, en: {}}}\n    questions:\n",
            name.0, name.1
        );
        for (q, ar, en) in questions {
            d.push_str(&format!(
                "      - {{id: {q}, text: {{ar: {ar}, en: {en}}}}}\n"
            ));
        }
        self.dimensions.push(d);
        self
    }

    /// The `metrics:` block's entries, one per line (`nps: {target: 20}`).
    pub fn metrics(mut self, metrics: &str) -> SmallModel {
        self.metrics = Some(metrics.into());
        self
    }

    /// The model file's text.
    pub fn yaml(&self) -> String {
        let mut y = format!(
            "id: {}\nversion: \"1\"\ntitle: {{ar: {}, en: {}}}\nscale: {{min: 1, max: 5}}\nlevels:\n",
            self.id, self.title.0, self.title.1
        );
        for (min, (ar, en)) in self.levels.iter().zip(LEVEL_NAMES) {
            y.push_str(&format!(
                "  - {{name: {{ar: {ar}, en: {en}}}, min_score: {min:?}}}\n"
            ));
        }
        y.push_str("dimensions:\n");
        for d in &self.dimensions {
            y.push_str(d);
        }
        if let Some(m) = &self.metrics {
            y.push_str("metrics:\n");
            for line in m.lines() {
                y.push_str(&format!("  {line}\n"));
            }
        }
        y
    }

    /// Writes the model to `DIR/model.yaml`.
    pub fn write(&self, dir: &Path) {
        std::fs::write(dir.join("model.yaml"), self.yaml()).expect("write model.yaml");
    }
}

/// The engagement file of a small test engagement: client عميل / Client, `model.yaml` and
/// `data.xlsx` beside it, language `lang`, dated 2026-01-31, then `extra` lines.
pub fn small_engagement(lang: &str, extra: &str) -> String {
    format!(
        "client: {{name: {{ar: عميل, en: Client}}}}\nmodel: model.yaml\ndata: data.xlsx\n\
         language: {lang}\ndate: \"2026-01-31\"\n{extra}"
    )
}

/// Writes a workbook of `sheets` (name, rows) to `path`. A cell that reads as a number is
/// written as a number, an empty one is left out, anything else is text.
pub fn write_workbook(path: &Path, sheets: &[(&str, &[&[&str]])]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).expect("sheet name");
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                if v.is_empty() {
                    continue;
                }
                match v.parse::<f64>() {
                    Ok(n) => ws.write_number(r, c, n),
                    Err(_) => ws.write_string(r, c, *v),
                }
                .expect("write cell");
            }
        }
    }
    wb.save(path).expect("save workbook");
}

/// One word of `pdftotext -bbox`: its page (from 1), text, box (points, y downwards) and its
/// page's size.
#[derive(Debug, Clone)]
pub struct WordBox {
    pub page: usize,
    pub text: String,
    pub x_min: f64,
    pub x_max: f64,
    pub y_min: f64,
    pub y_max: f64,
    pub page_w: f64,
    pub page_h: f64,
}

/// Every word of the PDF with its box, page by page (poppler's `pdftotext -bbox`).
pub fn word_boxes(pdf: &Path) -> Vec<WordBox> {
    let out = std::process::Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed for this test");
    let attr = |line: &str, name: &str| -> f64 {
        line.split(&format!(" {name}=\""))
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(f64::NAN)
    };
    let (mut page, mut page_w, mut page_h) = (0, 0.0, 0.0);
    let mut words = Vec::new();
    for line in text(&out.stdout).lines().map(str::trim_start) {
        if line.starts_with("<page ") {
            page += 1;
            (page_w, page_h) = (attr(line, "width"), attr(line, "height"));
        } else if line.starts_with("<word ") {
            words.push(WordBox {
                page,
                text: line
                    .split('>')
                    .nth(1)
                    .and_then(|t| t.split('<').next())
                    .unwrap_or_default()
                    .to_string(),
                x_min: attr(line, "xMin"),
                x_max: attr(line, "xMax"),
                y_min: attr(line, "yMin"),
                y_max: attr(line, "yMax"),
                page_w,
                page_h,
            });
        }
    }
    words
}
