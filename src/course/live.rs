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
    let ar = lang == Lang::Ar;
    let n0 = |x: f64| f.number(x, 0);
    let n1 = |x: f64| f.number(x, 1);
    let count = |x: u64| f.number(x as f64, 0);
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
    let m = &result.metrics;
    let text = match ex.metric.as_str() {
        "nps" => {
            let s = &m.nps.as_ref().ok_or_else(missing)?.stats;
            let n = s.n.max(1) as f64;
            let p = s.promoters as f64 / n * 100.0;
            let d = s.detractors as f64 / n * 100.0;
            if ar {
                LiveText {
                    data: format!(
                        "أجاب {} عميلًا عن سؤال التوصية: {} أعطوا ٩ أو ١٠، و{} أعطوا ٧ أو ٨، و{} أعطوا ٦ أو أقل.\n\nاحسب صافي نقاط الترويج وهامش الخطأ.",
                        count(s.n),
                        count(s.promoters),
                        count(s.passives),
                        count(s.detractors)
                    ),
                    working: format!(
                        "- نسبة المروّجين = {} ÷ {} = {}٪\n- نسبة المنتقدين = {} ÷ {} = {}٪\n- صافي نقاط الترويج = {} − {} = **{}**\n- هامش الخطأ (بثقة ٩٥٪) = ± {} نقطة",
                        count(s.promoters),
                        count(s.n),
                        n1(p),
                        count(s.detractors),
                        count(s.n),
                        n1(d),
                        n1(p),
                        n1(d),
                        n1(s.score),
                        n1(s.margin_of_error)
                    ),
                }
            } else {
                LiveText {
                    data: format!(
                        "{} customers answered the recommendation question: {} gave 9 or 10, {} gave 7 or 8 and {} gave 6 or less.\n\nWork out the NPS and its margin of error.",
                        count(s.n),
                        count(s.promoters),
                        count(s.passives),
                        count(s.detractors)
                    ),
                    working: format!(
                        "- Promoters = {} ÷ {} = {}%\n- Detractors = {} ÷ {} = {}%\n- NPS = {} − {} = **{}**\n- Margin of error (95%) = ± {} points",
                        count(s.promoters),
                        count(s.n),
                        n1(p),
                        count(s.detractors),
                        count(s.n),
                        n1(d),
                        n1(p),
                        n1(d),
                        n1(s.score),
                        n1(s.margin_of_error)
                    ),
                }
            }
        }
        "csat" => {
            let c = m.csat.as_ref().ok_or_else(missing)?;
            let dist = distribution(&c.distribution, f, ar);
            if ar {
                LiveText {
                    data: format!(
                        "{} إجابة على سؤال الرضا (من ١ إلى ٥): {dist}.\n\nاحسب نسبة رضا العملاء (من أجابوا {} أو أكثر).",
                        count(c.n),
                        n0(c.threshold as f64)
                    ),
                    working: format!(
                        "- الراضون = {} من {}\n- رضا العملاء = {} ÷ {} = **{}٪**\n- متوسط الإجابات = {}",
                        count(c.satisfied),
                        count(c.n),
                        count(c.satisfied),
                        count(c.n),
                        n1(c.score),
                        f.number(c.mean, 2)
                    ),
                }
            } else {
                LiveText {
                    data: format!(
                        "{} answers to the satisfaction question (1 to 5): {dist}.\n\nWork out CSAT (the share answering {} or more).",
                        count(c.n),
                        n0(c.threshold as f64)
                    ),
                    working: format!(
                        "- Satisfied = {} of {}\n- CSAT = {} ÷ {} = **{}%**\n- Mean answer = {}",
                        count(c.satisfied),
                        count(c.n),
                        count(c.satisfied),
                        count(c.n),
                        n1(c.score),
                        f.number(c.mean, 2)
                    ),
                }
            }
        }
        "ces" => {
            let c = m.ces.as_ref().ok_or_else(missing)?;
            let dist = distribution(&c.distribution, f, ar);
            let total: u64 = c
                .distribution
                .iter()
                .enumerate()
                .map(|(i, k)| (i as u64 + 1) * k)
                .sum();
            if ar {
                LiveText {
                    data: format!(
                        "{} إجابة على سؤال سهولة التعامل (من ١ إلى {}): {dist}.\n\nاحسب المتوسط ونسبة من وجدوها سهلة ({} أو أكثر).",
                        count(c.n),
                        n0(c.scale as f64),
                        n0(c.easy_min as f64)
                    ),
                    working: format!(
                        "- مجموع الإجابات = {}\n- المتوسط = {} ÷ {} = **{} من {}**\n- وجدوها سهلة = {} ÷ {} = **{}٪**",
                        count(total),
                        count(total),
                        count(c.n),
                        f.number(c.mean, 2),
                        n0(c.scale as f64),
                        count(c.easy),
                        count(c.n),
                        n1(c.easy_share)
                    ),
                }
            } else {
                LiveText {
                    data: format!(
                        "{} answers to the effort question (1 to {}): {dist}.\n\nWork out the mean and the share who found it easy ({} or more).",
                        count(c.n),
                        n0(c.scale as f64),
                        n0(c.easy_min as f64)
                    ),
                    working: format!(
                        "- Sum of answers = {}\n- Mean = {} ÷ {} = **{} out of {}**\n- Found it easy = {} ÷ {} = **{}%**",
                        count(total),
                        count(total),
                        count(c.n),
                        f.number(c.mean, 2),
                        n0(c.scale as f64),
                        count(c.easy),
                        count(c.n),
                        n1(c.easy_share)
                    ),
                }
            }
        }
        "churn" => {
            let c = m.churn.as_ref().ok_or_else(missing)?;
            let mut data = if ar {
                "| الفترة | في البداية | الجدد | في النهاية |\n|---|--:|--:|--:|\n".to_string()
            } else {
                "| Period | Start | New | End |\n|---|--:|--:|--:|\n".to_string()
            };
            let mut working = String::new();
            let (mut lost, mut start) = (0.0, 0.0);
            for p in &c.periods {
                data.push_str(&format!(
                    "| {} | {} | {} | {} |\n",
                    table_cell(&p.period),
                    n0(p.customers_start),
                    p.new_customers.map(n0).unwrap_or_else(|| "—".into()),
                    n0(p.customers_end)
                ));
                lost += p.lost;
                start += p.customers_start;
                working.push_str(&if ar {
                    format!(
                        "- {}: المغادرون = {} + {} − {} = {}؛ معدل الفقد = {}٪\n",
                        table_cell(&p.period),
                        n0(p.customers_start),
                        n0(p.new_customers.unwrap_or(0.0)),
                        n0(p.customers_end),
                        n0(p.lost),
                        n1(p.rate)
                    )
                } else {
                    format!(
                        "- {}: lost = {} + {} − {} = {}; churn = {}%\n",
                        table_cell(&p.period),
                        n0(p.customers_start),
                        n0(p.new_customers.unwrap_or(0.0)),
                        n0(p.customers_end),
                        n0(p.lost),
                        n1(p.rate)
                    )
                });
            }
            data.push_str(if ar {
                "\nاحسب معدل الفقد لكل فترة وللفترات كلها."
            } else {
                "\nWork out the churn rate of each period and of all periods together."
            });
            working.push_str(&if ar {
                format!(
                    "- للفترات كلها = {} ÷ {} = **{}٪**",
                    n0(lost),
                    n0(start),
                    n1(c.rate)
                )
            } else {
                format!(
                    "- All periods = {} ÷ {} = **{}%**",
                    n0(lost),
                    n0(start),
                    n1(c.rate)
                )
            });
            LiveText { data, working }
        }
        "clv" => clv_text(m.clv.as_ref().ok_or_else(missing)?, ar, f),
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

/// CLV: the segments' inputs as a table, each row's product and the headline the way
/// `nudj score` forms it (its `method`: customer-weighted, plain mean or the single row).
fn clv_text(c: &ClvResult, ar: bool, f: &Formatter) -> LiveText {
    // Inputs as written (12.5 stays 12.5; 185 has no decimals); values to the unit.
    let amount = |x: f64| f.number(x, if x.fract() == 0.0 { 0 } else { 2 });
    let n0 = |x: f64| f.number(x, 0);
    let money = |x: f64| match c.currency.as_deref() {
        Some(cur) if !cur.trim().is_empty() => format!("{} {}", n0(x), table_cell(cur)),
        _ => n0(x),
    };
    let weighted = c.method == ClvMethod::Weighted;
    let all = if ar {
        "جميع العملاء"
    } else {
        "All customers"
    };
    let segment = |r: &ClvRow| table_cell(r.segment.as_deref().unwrap_or(all));
    let mut data = match (ar, weighted) {
        (true, true) => "| الشريحة | متوسط قيمة الشراء | مرات الشراء سنويًا | مدة العلاقة (سنوات) | هامش الربح | عدد العملاء |\n|---|--:|--:|--:|--:|--:|\n",
        (true, false) => "| الشريحة | متوسط قيمة الشراء | مرات الشراء سنويًا | مدة العلاقة (سنوات) | هامش الربح |\n|---|--:|--:|--:|--:|\n",
        (false, true) => "| Segment | Average purchase | Purchases per year | Lifespan (years) | Gross margin | Customers |\n|---|--:|--:|--:|--:|--:|\n",
        (false, false) => "| Segment | Average purchase | Purchases per year | Lifespan (years) | Gross margin |\n|---|--:|--:|--:|--:|\n",
    }
    .to_string();
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
    data.push_str(match (ar, c.method) {
        (true, ClvMethod::Weighted) => "\nاحسب القيمة الدائمة لعميل كل شريحة (متوسط قيمة الشراء × مرات الشراء × مدة العلاقة × هامش الربح)، ثم القيمة الإجمالية مرجّحة بعدد عملاء كل شريحة.",
        (true, ClvMethod::Unweighted) => "\nاحسب القيمة الدائمة لعميل كل شريحة (متوسط قيمة الشراء × مرات الشراء × مدة العلاقة × هامش الربح)، ثم متوسطها (لا يُعرف عدد عملاء كل شريحة).",
        (true, ClvMethod::Single) => "\nاحسب القيمة الدائمة للعميل (متوسط قيمة الشراء × مرات الشراء × مدة العلاقة × هامش الربح).",
        (false, ClvMethod::Weighted) => "\nWork out each segment's CLV (average purchase × purchases per year × lifespan × gross margin), then the overall CLV weighted by each segment's customers.",
        (false, ClvMethod::Unweighted) => "\nWork out each segment's CLV (average purchase × purchases per year × lifespan × gross margin), then their mean (the segments' customer counts are not known).",
        (false, ClvMethod::Single) => "\nWork out the CLV (average purchase × purchases per year × lifespan × gross margin).",
    });
    let values = |sep: &str| {
        c.rows
            .iter()
            .map(|r| n0(r.value))
            .collect::<Vec<_>>()
            .join(sep)
    };
    match c.method {
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
            working.push_str(&if ar {
                format!(
                    "- مرجّحة بعدد العملاء = ({products}) ÷ {total} = **{}**",
                    money(c.value)
                )
            } else {
                format!(
                    "- Weighted by customers = ({products}) ÷ {total} = **{}**",
                    money(c.value)
                )
            });
        }
        ClvMethod::Unweighted => {
            let n = n0(c.rows.len() as f64);
            working.push_str(&if ar {
                format!(
                    "- المتوسط البسيط = ({}) ÷ {n} = **{}** (غير مرجّح بعدد العملاء)",
                    values(" + "),
                    money(c.value)
                )
            } else {
                format!(
                    "- Plain mean = ({}) ÷ {n} = **{}** (not weighted by customers)",
                    values(" + "),
                    money(c.value)
                )
            });
        }
        ClvMethod::Single => {
            working.push_str(&if ar {
                format!("- القيمة الدائمة للعميل = **{}**", money(c.value))
            } else {
                format!("- CLV = **{}**", money(c.value))
            });
        }
    }
    LiveText { data, working }
}

/// `5: 90, 4: 85, ...` from the highest answer down.
fn distribution(counts: &[u64], f: &Formatter, ar: bool) -> String {
    let sep = if ar { "، " } else { ", " };
    counts
        .iter()
        .enumerate()
        .rev()
        .map(|(i, k)| {
            if ar {
                format!(
                    "{} ({})",
                    f.number(i as f64 + 1.0, 0),
                    f.number(*k as f64, 0)
                )
            } else {
                format!("{}: {}", i + 1, f.number(*k as f64, 0))
            }
        })
        .collect::<Vec<_>>()
        .join(sep)
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
            false,
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
            false,
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
        let t = clv_text(
            &result(ClvMethod::Single, 300.0, vec![row("أفراد|x", 100.0, None)]),
            true,
            &ar,
        );
        assert!(t.data.contains("| أفراد\\|x | ١٠٠ |"), "{}", t.data);
        assert!(t.working.contains("**٣٠٠ SAR**"), "{}", t.working);
    }
}
