//! Worked examples and exercises computed from an engagement's data with the scoring
//! engine: the participants see the counts to work from, the working shows each step and
//! the result, and every figure comes from `score::score` (the same numbers `nudj score`
//! prints).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Diagnostic, Error, Place, Result};
use crate::pipeline::{self, Assessment};
use crate::score::{ClvMethod, ClvResult, ClvRow, ScoreResult};
use crate::text::Lang;
use crate::typeset::locale::Formatter;

use super::format::{LiveExample, LiveKind};

/// One live example as Markdown: what participants get and the working with the result.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveText {
    /// Data to work from (and, for worked examples, the question).
    pub data: String,
    /// The working and result.
    pub working: String,
}

/// Scores each engagement once.
#[derive(Default)]
pub struct Scores {
    cache: BTreeMap<PathBuf, Arc<ScoreResult>>,
}

impl Scores {
    /// The score of the engagement at `path`, warnings added to `warnings`.
    pub fn get(&mut self, path: &Path, warnings: &mut Vec<Diagnostic>) -> Result<&ScoreResult> {
        if !self.cache.contains_key(path) {
            // Through the same pipeline (and privacy check) as validate, score and report: a
            // live example must not break a personal column down as a segment either. The
            // examples work from this assessment alone, without `previous:`.
            let opts = pipeline::Options {
                without_previous: true,
                ..pipeline::Options::default()
            };
            let loaded = Assessment::load(path, &opts)?;
            warnings.extend(loaded.warnings);
            self.cache.insert(path.to_path_buf(), loaded.output.result);
        }
        self.cache
            .get(path)
            .map(|r| r.as_ref())
            .ok_or_else(|| Error::internal("the score cache lost an entry"))
    }
}

/// The Markdown of one live example.
pub fn live_text(
    ex: &LiveExample,
    course_file: &Path,
    result: &ScoreResult,
    lang: Lang,
    f: &Formatter,
) -> Result<LiveText> {
    let missing = || {
        Error::Invalid(vec![
            Diagnostic::error(
                course_file,
                Place::line(ex.metric.line, ex.metric.column),
                format!(
                    "`{}` has no {} data to build this example from",
                    ex.engagement.value.display(),
                    ex.metric.value
                ),
            )
            .with_help("pick a metric whose sheet the engagement's workbook fills"),
        ])
    };
    let w = Words {
        words: crate::words::Catalogue::builtin()?,
        lang,
        f,
    };
    let m = &result.metrics;
    let text = match ex.metric.as_str() {
        "nps" => nps_text(&m.nps.as_ref().ok_or_else(missing)?.stats, &w),
        "csat" => csat_text(m.csat.as_ref().ok_or_else(missing)?, &w),
        "ces" => ces_text(m.ces.as_ref().ok_or_else(missing)?, &w),
        "churn" => churn_text(m.churn.as_ref().ok_or_else(missing)?, &w),
        "clv" => clv_text(m.clv.as_ref().ok_or_else(missing)?, &w),
        other => {
            return Err(Error::at(
                course_file,
                Place::line(ex.metric.line, ex.metric.column),
                format!("unknown metric `{other}`"),
            ));
        }
    };
    Ok(text)
}

/// The word catalogue and number formatter of a live example.
struct Words<'a> {
    words: &'a crate::words::Catalogue,
    lang: Lang,
    f: &'a Formatter,
}

impl Words<'_> {
    /// A catalogue sentence with its placeholders filled.
    fn fill(&self, key: &str, vars: &[(&str, &str)]) -> String {
        self.words.fill(key, self.lang, vars)
    }
    /// A word of the catalogue.
    fn get(&self, key: &str) -> String {
        self.words.get(key, self.lang)
    }
    /// A number with `d` decimals.
    fn n(&self, x: f64, d: u8) -> String {
        self.f.number(x, d)
    }
    /// A count.
    fn count(&self, x: u64) -> String {
        self.f.number(x as f64, 0)
    }
}

/// NPS: the three groups' counts; the shares, the score and its margin of error.
fn nps_text(s: &crate::score::NpsStats, w: &Words<'_>) -> LiveText {
    let n = s.n.max(1) as f64;
    let p = s.promoters as f64 / n * 100.0;
    let d = s.detractors as f64 / n * 100.0;
    let (count_n, count_p, count_d) = (w.count(s.n), w.count(s.promoters), w.count(s.detractors));
    LiveText {
        data: w.fill(
            "live_nps_data",
            &[
                ("n", &count_n),
                ("p", &count_p),
                ("pa", &w.count(s.passives)),
                ("d", &count_d),
            ],
        ),
        working: w.fill(
            "live_nps_working",
            &[
                ("p", &count_p),
                ("n", &count_n),
                ("pp", &w.n(p, 1)),
                ("d", &count_d),
                ("dp", &w.n(d, 1)),
                ("nps", &w.n(s.score, 1)),
                ("moe", &w.n(s.margin_of_error, 1)),
            ],
        ),
    }
}

/// CSAT: the answers' distribution; the satisfied share and the mean.
fn csat_text(c: &crate::score::CsatResult, w: &Words<'_>) -> LiveText {
    let (n, satisfied) = (w.count(c.n), w.count(c.satisfied));
    LiveText {
        data: w.fill(
            "live_csat_data",
            &[
                ("n", &n),
                ("dist", &distribution(&c.distribution, w)),
                ("threshold", &w.n(c.threshold as f64, 0)),
            ],
        ),
        working: w.fill(
            "live_csat_working",
            &[
                ("satisfied", &satisfied),
                ("n", &n),
                ("score", &w.n(c.score, 1)),
                ("mean", &w.n(c.mean, 2)),
            ],
        ),
    }
}

/// CES: the answers' distribution; the sum, the mean and the share who found it easy.
fn ces_text(c: &crate::score::CesResult, w: &Words<'_>) -> LiveText {
    let total: u64 = c
        .distribution
        .iter()
        .enumerate()
        .map(|(i, k)| (i as u64 + 1) * k)
        .sum();
    let (n, scale) = (w.count(c.n), w.n(c.scale as f64, 0));
    LiveText {
        data: w.fill(
            "live_ces_data",
            &[
                ("n", &n),
                ("scale", &scale),
                ("dist", &distribution(&c.distribution, w)),
                ("easy_min", &w.n(c.easy_min as f64, 0)),
            ],
        ),
        working: w.fill(
            "live_ces_working",
            &[
                ("total", &w.count(total)),
                ("n", &n),
                ("mean", &w.n(c.mean, 2)),
                ("scale", &scale),
                ("easy", &w.count(c.easy)),
                ("share", &w.n(c.easy_share, 1)),
            ],
        ),
    }
}

/// Churn: the periods as a table; each period's rate and the rate of all periods.
fn churn_text(c: &crate::score::ChurnResult, w: &Words<'_>) -> LiveText {
    let n0 = |x: f64| w.n(x, 0);
    let mut data = w.get("live_churn_header");
    let mut working = String::new();
    let (mut lost, mut start) = (0.0, 0.0);
    for p in &c.periods {
        let period = table_cell(&p.period);
        data.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            period,
            n0(p.customers_start),
            p.new_customers.map(n0).unwrap_or_else(|| "—".into()),
            n0(p.customers_end)
        ));
        lost += p.lost;
        start += p.customers_start;
        working.push_str(&w.fill(
            "live_churn_period",
            &[
                ("period", &period),
                ("start", &n0(p.customers_start)),
                ("new", &n0(p.new_customers.unwrap_or(0.0))),
                ("end", &n0(p.customers_end)),
                ("lost", &n0(p.lost)),
                ("rate", &w.n(p.rate, 1)),
            ],
        ));
    }
    data.push_str(&w.get("live_churn_task"));
    working.push_str(&w.fill(
        "live_churn_all",
        &[
            ("lost", &n0(lost)),
            ("start", &n0(start)),
            ("rate", &w.n(c.rate, 1)),
        ],
    ));
    LiveText { data, working }
}

/// CLV: the segments' inputs as a table, each row's product and the headline the way
/// `nudj score` forms it (its `method`: customer-weighted, plain mean or the single row).
fn clv_text(c: &ClvResult, w: &Words<'_>) -> LiveText {
    let f = w.f;
    // Inputs as written (12.5 stays 12.5; 185 has no decimals); values to the unit.
    let amount = |x: f64| f.number(x, if x.fract() == 0.0 { 0 } else { 2 });
    let n0 = |x: f64| f.number(x, 0);
    let money = |x: f64| match c.currency.as_deref() {
        Some(cur) if !cur.trim().is_empty() => format!("{} {}", n0(x), table_cell(cur)),
        _ => n0(x),
    };
    let weighted = c.method == ClvMethod::Weighted;
    let all = w.get("all_customers");
    let segment = |r: &ClvRow| table_cell(r.segment.as_deref().unwrap_or(&all));
    let mut columns = vec![
        "segment",
        "avg_purchase",
        "frequency",
        "lifespan",
        "gross_margin",
    ];
    if weighted {
        columns.push("segment_customers");
    }
    let header: Vec<String> = columns.iter().map(|k| w.get(k)).collect();
    let mut data = format!(
        "| {} |\n|---|{}\n",
        header.join(" | "),
        "--:|".repeat(columns.len() - 1)
    );
    let mut working = String::new();
    for r in &c.rows {
        data.push_str(&format!(
            "| {} | {} | {} | {} | {} |",
            segment(r),
            amount(r.avg_purchase_value),
            amount(r.purchase_frequency),
            amount(r.customer_lifespan_years),
            f.number(r.gross_margin, 2),
        ));
        if weighted {
            data.push_str(&format!(" {} |", r.customers.map(n0).unwrap_or_default()));
        }
        data.push('\n');
        working.push_str(&format!(
            "- {}: {} × {} × {} × {} = {}\n",
            segment(r),
            amount(r.avg_purchase_value),
            amount(r.purchase_frequency),
            amount(r.customer_lifespan_years),
            f.number(r.gross_margin, 2),
            money(r.value)
        ));
    }
    data.push_str(&w.get(match c.method {
        ClvMethod::Weighted => "live_clv_task_weighted",
        ClvMethod::Unweighted => "live_clv_task_unweighted",
        ClvMethod::Single => "live_clv_task_single",
    }));
    let value = money(c.value);
    working.push_str(&match c.method {
        ClvMethod::Weighted => {
            let products = c
                .rows
                .iter()
                .map(|r| {
                    format!(
                        "{} × {}",
                        n0(r.value),
                        r.customers.map(n0).unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
                .join(" + ");
            let total = n0(c.rows.iter().filter_map(|r| r.customers).sum());
            w.fill(
                "live_clv_weighted",
                &[
                    ("products", &products),
                    ("total", &total),
                    ("value", &value),
                ],
            )
        }
        ClvMethod::Unweighted => {
            let values: Vec<String> = c.rows.iter().map(|r| n0(r.value)).collect();
            w.fill(
                "live_clv_unweighted",
                &[
                    ("values", &values.join(" + ")),
                    ("n", &n0(c.rows.len() as f64)),
                    ("value", &value),
                ],
            )
        }
        ClvMethod::Single => w.fill("live_clv_single", &[("value", &value)]),
    });
    LiveText { data, working }
}

/// `5: 90, 4: 85, ...` (Arabic `٥ (٩٠)، ...`) from the highest answer down.
fn distribution(counts: &[u64], w: &Words<'_>) -> String {
    counts
        .iter()
        .enumerate()
        .rev()
        .map(|(i, k)| {
            w.fill(
                "live_dist_item",
                &[("value", &w.n(i as f64 + 1.0, 0)), ("count", &w.count(*k))],
            )
        })
        .collect::<Vec<_>>()
        .join(&w.get("list_separator"))
}

/// A period label from the client's workbook inside a Markdown table cell: the converter
/// escapes it for Typst, but `|` would end the cell and a backslash would escape the next
/// character, so neutralise Markdown's own syntax.
fn table_cell(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        if c == '\n' || c == '\r' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether participants see the working (worked examples) or only the data (exercises).
pub fn shows_working(kind: LiveKind) -> bool {
    kind == LiveKind::Worked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::locale::Digits;

    fn row(segment: &str, apv: f64, customers: Option<f64>) -> ClvRow {
        ClvRow {
            segment: Some(segment.into()),
            avg_purchase_value: apv,
            purchase_frequency: 2.0,
            customer_lifespan_years: 3.0,
            gross_margin: 0.5,
            margin_given: true,
            value: apv * 3.0,
            customers,
        }
    }

    fn result(method: ClvMethod, value: f64, rows: Vec<ClvRow>) -> ClvResult {
        ClvResult {
            benchmark: None,
            value,
            method,
            rows,
            currency: Some("SAR".into()),
            target: None,
            status: None,
        }
    }

    #[test]
    fn clv_working_follows_the_method() {
        let en = Formatter::new("en", Digits::Latin).unwrap();
        let words = crate::words::Catalogue::builtin().unwrap();
        let en = Words {
            words,
            lang: Lang::En,
            f: &en,
        };
        // (300 × 900 + 3,000 × 100) ÷ 1,000 = 570.
        let t = clv_text(
            &result(
                ClvMethod::Weighted,
                570.0,
                vec![
                    row("Retail", 100.0, Some(900.0)),
                    row("Premium", 1000.0, Some(100.0)),
                ],
            ),
            &en,
        );
        assert!(
            t.data.contains("| Retail | 100 | 2 | 3 | 0.50 | 900 |"),
            "{}",
            t.data
        );
        assert!(
            t.working
                .contains("- Premium: 1,000 × 2 × 3 × 0.50 = 3,000 SAR"),
            "{}",
            t.working
        );
        assert!(
            t.working.contains(
                "Weighted by customers = (300 × 900 + 3,000 × 100) ÷ 1,000 = **570 SAR**"
            ),
            "{}",
            t.working
        );
        // Without counts: the plain mean, said so, and no customers column.
        let t = clv_text(
            &result(
                ClvMethod::Unweighted,
                1650.0,
                vec![row("Retail", 100.0, None), row("Premium", 1000.0, None)],
            ),
            &en,
        );
        assert!(!t.data.contains("Customers"), "{}", t.data);
        assert!(
            t.working.contains(
                "Plain mean = (300 + 3,000) ÷ 2 = **1,650 SAR** (not weighted by customers)"
            ),
            "{}",
            t.working
        );
        // Arabic-Indic digits in Arabic material; a `|` in a segment name cannot end the cell.
        let ar = Formatter::new("ar", Digits::ArabicIndic).unwrap();
        let ar = Words {
            words,
            lang: Lang::Ar,
            f: &ar,
        };
        let t = clv_text(
            &result(ClvMethod::Single, 300.0, vec![row("أفراد|x", 100.0, None)]),
            &ar,
        );
        assert!(t.data.contains("| أفراد\\|x | ١٠٠ |"), "{}", t.data);
        assert!(t.working.contains("**٣٠٠ SAR**"), "{}", t.working);
    }
}
