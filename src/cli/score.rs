//! `nudj score`: score an engagement and print the result as a table, JSON or CSV.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::pipeline::{self, Assessment};
use crate::rounding::rounded_text;
use crate::score::{self, ClvMethod, ScoreResult, TargetStatus};
use crate::text::Text;

use super::Ui;
use super::render::sanitize;
use crate::words::Catalogue;

/// Output formats of `nudj score`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A readable summary in the engagement's language.
    Table,
    /// The full result (documented in docs/score-json.md); usable as `previous:` later.
    Json,
    /// One row per dimension and per question, for Excel or a BI tool.
    Csv,
    /// The results workbook (docs/results-workbook.md): every figure at full precision with
    /// Excel number formats, native charts; written to `--output`.
    Xlsx,
}

/// Score an engagement: maturity per question, dimension and overall, segments, CX metrics,
/// comparison with the previous assessment. Warnings go to stderr, the result to stdout.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  nudj score samples/bank-ar/engagement.yaml\n  nudj score acme/engagement.yaml --format json > acme/score-2026.json\n  nudj score acme/engagement.yaml --format csv > acme/scores.csv\n  nudj score acme/engagement.yaml --format xlsx -o acme/results.xlsx\n\nScoring rules: docs/scoring.md. JSON layout: docs/score-json.md. Workbook: docs/results-workbook.md."
)]
pub struct Args {
    /// The engagement file to score.
    #[arg(value_name = "ENGAGEMENT")]
    pub engagement: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write the output to this file instead of standard output (required for `xlsx`).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Runs `nudj score`.
pub fn run(args: &Args, ui: &mut Ui) -> Result<()> {
    if args.format == Format::Xlsx && args.output.is_none() {
        return Err(Error::Usage(
            "`--format xlsx` writes a workbook: give the file with `-o FILE.xlsx`".into(),
        ));
    }
    if let Some(out) = &args.output {
        let inputs = pipeline::watch::inputs(&args.engagement, &Default::default());
        super::refuse_overwriting(out, &inputs)?;
    }
    let loaded = Assessment::load(&args.engagement, &pipeline::Options::default())?;
    if args.format == Format::Xlsx {
        ui.warnings(&loaded.warnings);
        let bytes = loaded.output.results_workbook(&loaded.warnings)?;
        let out = args.output.as_deref().unwrap_or(Path::new("results.xlsx"));
        std::fs::write(out, bytes).map_err(|e| Error::write(out, e))?;
        ui.note(&format!("wrote {}", out.display()));
        return Ok(());
    }
    let a = loaded.output;
    // Every warning (engagement, data, scoring), with the absolute paths of the files.
    let mut result = Arc::unwrap_or_clone(a.result);
    result.warnings = loaded.warnings;
    ui.warnings(&result.warnings);
    let dir = a.engagement.dir;
    // Printed with full paths above; saved relative to the engagement, so a JSON kept as a
    // later `previous:` is the same wherever the folder is.
    result.relative_paths(&dir);
    let text = match args.format {
        Format::Json => to_json(&result)?,
        Format::Csv => to_csv(&result)?,
        Format::Table => {
            let words = crate::words::Catalogue::builtin()?;
            words.require(TABLE_WORDS)?;
            sanitize(&table(&result, words))
        }
        Format::Xlsx => return Err(Error::internal("the workbook is written above")),
    };
    match &args.output {
        Some(out) => std::fs::write(out, text).map_err(|e| Error::write(out, e))?,
        None => ui.out(text.trim_end_matches('\n')),
    }
    Ok(())
}

/// The JSON text (pretty, stable field order).
pub fn to_json(result: &ScoreResult) -> Result<String> {
    serde_json::to_string_pretty(result)
        .map_err(|e| Error::internal(format!("cannot write the result as JSON: {e}")))
}

/// A CSV figure as the report shows it (rounded half away from zero, [`crate::rounding`]);
/// empty when absent. Full precision is in `--format json`.
fn num(x: Option<f64>, decimals: u8) -> String {
    x.map(|x| rounded_text(x, decimals)).unwrap_or_default()
}

/// One row per dimension, then one per question; scores, gaps and standard deviations to two
/// decimals and the index to one, rounded as the report rounds them (the JSON keeps full
/// precision).
pub fn to_csv(r: &ScoreResult) -> Result<String> {
    let lang = r.lang;
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| Error::internal(format!("cannot write CSV: {e}"));
    w.write_record([
        "kind",
        "id",
        "dimension",
        "name",
        "score",
        "index",
        "level",
        "level_name",
        "n",
        "sd",
        "weight",
        "target",
        "gap",
        "priority",
        "status",
    ])
    .map_err(err)?;
    for d in &r.dimensions {
        w.write_record([
            "dimension".to_string(),
            d.id.clone(),
            d.id.clone(),
            d.name.get(lang).to_string(),
            score_text(r, d.score),
            num(d.index, 1),
            d.level.map(|l| l.to_string()).unwrap_or_default(),
            d.level_name
                .as_ref()
                .map(|t| t.get(lang).to_string())
                .unwrap_or_default(),
            d.n.to_string(),
            String::new(),
            d.weight.to_string(),
            num(d.target, 2),
            num(d.gap, 2),
            num(d.priority, 2),
            d.status.map(status_code).unwrap_or_default().to_string(),
        ])
        .map_err(err)?;
    }
    for q in &r.questions {
        w.write_record([
            "question".to_string(),
            q.id.clone(),
            q.dimension.clone(),
            q.text.get(lang).to_string(),
            num(q.mean, 2),
            num(
                q.mean
                    .and_then(|m| score::index_of(m, r.model.scale_min, r.model.scale_max)),
                1,
            ),
            String::new(),
            String::new(),
            q.n.to_string(),
            num(q.sd, 2),
            q.weight.to_string(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ])
        .map_err(err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::internal(format!("cannot write CSV: {e}")))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn status_code(s: TargetStatus) -> &'static str {
    match s {
        TargetStatus::Met => "met",
        TargetStatus::Near => "near",
        TargetStatus::Missed => "missed",
    }
}

/// The catalogue keys the table shows.
const TABLE_WORDS: &[&str] = &[
    "respondents",
    "excluded_short",
    "target",
    "promoters",
    "passives",
    "detractors",
    "by_channel",
    "by_segment",
    "overall_score",
    "level",
    "maturity_index",
    "dimension",
    "score",
    "gap",
    "status",
    "cx_metrics",
    "status_met",
    "status_near",
    "status_missed",
    "top_gaps",
    "compared_previous",
    "significant",
    "not_significant",
    "change_untested",
    "csat",
    "ces",
    "count_warnings.other",
    "small_flag",
    "segments",
    "suppressed",
    "xlsx_hidden_too",
    "churn",
    "clv",
    "clv_weighted_short",
    "clv_unweighted_short",
    "easy",
    "satisfied",
    "mean",
    "list_separator",
];

/// A dimension's or the overall score: two decimals rounded toward its level, as the report
/// rounds it (2.995 under a level from 3.0 is `2.99`; `crate::rounding::round_toward_level`);
/// empty without one.
fn score_text(r: &ScoreResult, x: Option<f64>) -> String {
    let thresholds: Vec<f64> = r.model.levels.iter().map(|l| l.min_score).collect();
    x.and_then(|x| crate::rounding::round_toward_level(x, 2, &thresholds))
        .map(|d| d.to_string())
        .unwrap_or_default()
}

/// A gap with two decimals; a positive one that would show as zero is `<0.01`, as in the
/// report.
fn gap_text(x: f64) -> String {
    if crate::rounding::hidden_positive(x, 2) {
        "<0.01".into()
    } else {
        f2(x)
    }
}

/// `—` for an empty figure (the terminal table's "none").
fn dash(s: String) -> String {
    if s.is_empty() { "—".into() } else { s }
}

/// Two decimals, rounded half away from zero as the report rounds.
fn f2(x: f64) -> String {
    rounded_text(x, 2)
}
/// One decimal, rounded half away from zero as the report rounds.
fn f1(x: f64) -> String {
    rounded_text(x, 1)
}
/// A score that carries its sign as the report writes it: `+16.7`, `-3.2`, `0.0` (no sign
/// when it rounds to zero). NPS and changes.
fn signed(x: f64, decimals: u8) -> String {
    let body = rounded_text(x, decimals);
    if x > 0.0 && body.bytes().any(|b| matches!(b, b'1'..=b'9')) {
        format!("+{body}")
    } else {
        body
    }
}
fn opt(x: Option<f64>, f: fn(f64) -> String) -> String {
    x.map(f).unwrap_or_else(|| "—".into())
}

/// Display width in terminal columns, one character at a time: combining marks (Arabic vowel
/// signs, shadda, Quranic marks) and format characters take none, wide characters two
/// (Unicode's East Asian width, via `unicode-width`). Per character, so lam-alef counts two
/// columns, as terminals lay out Arabic cell by cell.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
        .sum()
}

fn pad(s: &str, w: usize) -> String {
    let mut out = s.to_string();
    for _ in width(s)..w {
        out.push(' ');
    }
    out
}

fn level_text(r: &ScoreResult, level: Option<u32>, name: Option<&Text>) -> String {
    match (level, name) {
        (Some(l), Some(n)) => format!("{l} {}", n.get(r.lang)),
        (Some(l), None) => l.to_string(),
        _ => "—".into(),
    }
}

/// The terminal summary, in the result's language, in the catalogue's words.
pub fn table(r: &ScoreResult, words: &Catalogue) -> String {
    let mut s = String::new();
    head(r, words, &mut s);
    dimension_rows(r, words, &mut s);
    metric_lines(r, words, &mut s);
    segment_lines(r, words, &mut s);
    comparison_lines(r, words, &mut s);
    let lang = r.lang;
    // Info lines (an export layout recognised) are not warnings.
    let warnings = r
        .warnings
        .iter()
        .filter(|w| w.severity == crate::error::Severity::Warning)
        .count();
    if warnings > 0 {
        let n = warnings as u64;
        let phrase = words.count("count_warnings", lang, n, &n.to_string());
        let _ = writeln!(s, "\n{phrase}");
    }
    s
}

/// Model, respondents and the overall result.
fn head(r: &ScoreResult, words: &Catalogue, s: &mut String) {
    let lang = r.lang;
    let l = |k: &str| words.get(k, lang);
    let _ = writeln!(
        s,
        "{} ({} {})",
        r.model.title.get(lang),
        r.model.id,
        r.model.version
    );
    match &r.assessment {
        // An assessment: its assessors and their agreement (the survey beside it, if any,
        // is the self-assessment).
        Some(a) => {
            let _ = writeln!(
                s,
                "{}: {} · {}: {} ({}) · {}: {}",
                l("assessors"),
                a.assessors,
                l("alpha_short"),
                opt(a.alpha, |x| format!("{x:.3}")),
                a.reliability
                    .map(|r| l(match r {
                        crate::score::Reliability::Reliable => "alpha_short_reliable",
                        crate::score::Reliability::Tentative => "alpha_short_tentative",
                        crate::score::Reliability::NotReliable => "alpha_short_not_reliable",
                    }))
                    .unwrap_or_else(|| "—".into()),
                l("disagreements_short"),
                if a.disagreements.is_empty() {
                    "—".to_string()
                } else {
                    a.disagreements.join(", ")
                }
            );
        }
        None => {
            let _ = writeln!(
                s,
                "{}: {} ({}: {})",
                l("respondents"),
                r.respondents,
                l("excluded_short"),
                r.data_quality.excluded
            );
        }
    }
    let _ = writeln!(
        s,
        "{}: {} / {} ({} {}) — {}: {}",
        l("overall_score"),
        dash(score_text(r, r.overall.score)),
        r.model.scale_max,
        l("maturity_index"),
        opt(r.overall.index, f1),
        l("level"),
        level_text(r, r.overall.level, r.overall.level_name.as_ref()),
    );
    s.push('\n');
}

/// One row per dimension, then the largest gaps (the analysis's ranking).
fn dimension_rows(r: &ScoreResult, words: &Catalogue, s: &mut String) {
    let lang = r.lang;
    let l = |k: &str| words.get(k, lang);
    let sep = &words.get("list_separator", lang);
    let names: Vec<String> = r
        .dimensions
        .iter()
        .map(|d| d.name.get(lang).to_string())
        .collect();
    let nw = names
        .iter()
        .map(|n| width(n))
        .chain([width(&l("dimension"))])
        .max()
        .unwrap_or(0);
    let levels: Vec<String> = r
        .dimensions
        .iter()
        .map(|d| level_text(r, d.level, d.level_name.as_ref()))
        .collect();
    let lw = levels
        .iter()
        .map(|x| width(x))
        .chain([width(&l("level"))])
        .max()
        .unwrap_or(0);
    let _ = writeln!(
        s,
        "{}  {}  {}  {}  {}  {}  {}",
        pad(&l("dimension"), nw),
        pad(&l("score"), 7),
        pad(&l("level"), lw),
        pad(&l("target"), 8),
        pad(&l("gap"), 7),
        pad("n", 5),
        l("status")
    );
    for ((d, name), lev) in r.dimensions.iter().zip(&names).zip(&levels) {
        let _ = writeln!(
            s,
            "{}  {}  {}  {}  {}  {}  {}",
            pad(name, nw),
            pad(&dash(score_text(r, d.score)), 7),
            pad(lev, lw),
            pad(&opt(d.target, f2), 8),
            pad(&opt(d.gap, gap_text), 7),
            pad(&d.n.to_string(), 5),
            d.status
                .map(|st| l(&format!("status_{}", status_code(st))))
                .unwrap_or_else(|| "—".into())
        );
    }
    let an = crate::analysis::analyse(r, &[]);
    if !an.gaps.is_empty() {
        let gaps: Vec<String> = an
            .gaps
            .iter()
            .take(5)
            .map(|g| r.dimension_name(&g.id, lang))
            .collect();
        let _ = writeln!(s, "\n{}: {}", l("top_gaps"), gaps.join(sep));
    }
}

/// The CX metrics, one line each.
fn metric_lines(r: &ScoreResult, words: &Catalogue, s: &mut String) {
    let lang = r.lang;
    let l = |k: &str| words.get(k, lang);
    let sep = &words.get("list_separator", lang);
    let m = &r.metrics;
    let st = |x: Option<TargetStatus>| {
        x.map(|x| format!(" [{}]", l(&format!("status_{}", status_code(x)))))
            .unwrap_or_default()
    };
    let tg = |x: Option<f64>| {
        x.map(|x| format!("{sep}{} {}", l("target"), f1(x)))
            .unwrap_or_default()
    };
    if m.nps.is_some()
        || m.csat.is_some()
        || m.ces.is_some()
        || m.churn.is_some()
        || m.clv.is_some()
    {
        let _ = writeln!(s, "\n{}:", l("cx_metrics"));
    }
    if let Some(n) = &m.nps {
        nps_lines(r, words, n, s);
    }
    if let Some(c) = &m.csat {
        let _ = writeln!(
            s,
            "  CSAT: {}% {} ({} {}{sep}n={}{}){}",
            f1(c.score),
            l("satisfied"),
            l("mean"),
            f2(c.mean),
            c.n,
            tg(c.target),
            st(c.status)
        );
    }
    if let Some(c) = &m.ces {
        let _ = writeln!(
            s,
            "  CES: {} / {} ({}% {}{sep}n={}{}){}",
            f2(c.mean),
            c.scale,
            f1(c.easy_share),
            l("easy"),
            c.n,
            tg(c.target),
            st(c.status)
        );
    }
    if let Some(c) = &m.churn {
        let periods: Vec<String> = c
            .periods
            .iter()
            .map(|p| format!("{} {}%", p.period, f1(p.rate)))
            .collect();
        let _ = writeln!(
            s,
            "  {}: {}% ({}{}){}",
            l("churn"),
            f1(c.rate),
            periods.join(sep),
            tg(c.target),
            st(c.status)
        );
    }
    if let Some(c) = &m.clv {
        let method = match c.method {
            ClvMethod::Single => String::new(),
            ClvMethod::Weighted => format!(" ({})", l("clv_weighted_short")),
            ClvMethod::Unweighted => format!(
                " ({})",
                words.fill(
                    "clv_unweighted_short",
                    lang,
                    &[("n", &c.rows.len().to_string())]
                )
            ),
        };
        let _ = writeln!(
            s,
            "  {}: {} {}{method}{}{}",
            l("clv"),
            f2(c.value),
            c.currency.as_deref().unwrap_or(""),
            tg(c.target),
            st(c.status)
        );
    }
}

/// NPS and its breakdowns by channel and customer segment.
fn nps_lines(r: &ScoreResult, words: &Catalogue, n: &score::NpsResult, s: &mut String) {
    let lang = r.lang;
    let l = |k: &str| words.get(k, lang);
    let sep = &words.get("list_separator", lang);
    let st = |x: Option<TargetStatus>| {
        x.map(|x| format!(" [{}]", l(&format!("status_{}", status_code(x)))))
            .unwrap_or_default()
    };
    let tg = |x: Option<f64>| {
        x.map(|x| format!("{sep}{} {}", l("target"), f1(x)))
            .unwrap_or_default()
    };
    let _ = writeln!(
        s,
        "  NPS: {} ±{} (n={}{sep}{} {}{sep}{} {}{sep}{} {}{}){}",
        signed(n.stats.score, 1),
        f1(n.stats.margin_of_error),
        n.stats.n,
        l("promoters"),
        n.stats.promoters,
        l("passives"),
        n.stats.passives,
        l("detractors"),
        n.stats.detractors,
        tg(n.target),
        st(n.status)
    );
    for (key, by, groups) in [
        ("by_channel", score::GroupBy::Channel, &n.by_channel),
        ("by_segment", score::GroupBy::Segment, &n.by_segment),
    ] {
        let hidden: Vec<&score::HiddenGroup> = n.hidden.iter().filter(|g| g.by == by).collect();
        if !groups.is_empty() || !hidden.is_empty() {
            let _ = writeln!(s, "    {}:", l(key));
        }
        for g in groups {
            let _ = writeln!(
                s,
                "      {}: {} ±{} (n={}){}",
                g.value,
                signed(g.stats.score, 1),
                f1(g.stats.margin_of_error),
                g.stats.n,
                if g.small {
                    format!(" [{}]", l("small_flag"))
                } else {
                    String::new()
                }
            );
        }
        // Hidden for anonymity by the score: named with their size, no figure.
        for g in hidden {
            let why = if g.complementary {
                "xlsx_hidden_too"
            } else {
                "suppressed"
            };
            let _ = writeln!(s, "      {}: {} (n={})", g.value, l(why), g.n);
        }
    }
}

/// Each segment's overall score (hidden when suppressed).
fn segment_lines(r: &ScoreResult, words: &Catalogue, s: &mut String) {
    let lang = r.lang;
    let l = |k: &str| words.get(k, lang);
    if !r.segments.is_empty() {
        let _ = writeln!(s, "\n{}:", l("segments"));
        for g in &r.segments {
            let score = if g.complementary {
                l("xlsx_hidden_too")
            } else if g.suppressed {
                l("suppressed")
            } else {
                opt(g.overall.as_ref().and_then(|o| o.score), f2)
            };
            let _ = writeln!(
                s,
                "  {} = {}: {} (n={}){}",
                g.column,
                g.value,
                score,
                g.n,
                if g.small {
                    format!(" [{}]", l("small_flag"))
                } else {
                    String::new()
                }
            );
        }
    }
}

/// The comparison with the previous assessment.
fn comparison_lines(r: &ScoreResult, words: &Catalogue, s: &mut String) {
    let lang = r.lang;
    let l = |k: &str| words.get(k, lang);
    if let Some(c) = &r.comparison {
        let sep = words.get("list_separator", lang);
        let date = c
            .previous_date
            .map(|d| format!("{sep}{d}"))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "\n{} ({} {}{date}):",
            l("compared_previous"),
            c.previous_model,
            c.previous_version
        );
        let overall = c.overall.iter().map(|d| (l("overall_score"), d));
        let dims = c
            .dimensions
            .iter()
            .map(|d| (r.dimension_name(&d.id, lang), d));
        for (name, d) in overall.chain(dims) {
            let _ = writeln!(
                s,
                "  {}: {} → {} ({}){}",
                name,
                f2(d.previous),
                f2(d.current),
                signed(d.delta, 2),
                if d.level_change != 0 {
                    format!(" {} {:+}", l("level"), d.level_change)
                } else {
                    String::new()
                }
            );
        }
        if let Some(n) = &c.nps {
            let _ = writeln!(
                s,
                "  NPS: {} → {} ({}, {})",
                signed(n.delta.previous, 1),
                signed(n.delta.current, 1),
                signed(n.delta.delta, 1),
                if n.significant {
                    l("significant")
                } else {
                    l("not_significant")
                }
            );
        }
        // CSAT (%, the change in points) and CES with the score's significance decision.
        let tested = [
            (l("csat"), c.csat.as_ref(), 1u8),
            (l("ces"), c.ces.as_ref(), 2u8),
        ];
        for (name, d, decimals) in tested {
            let Some(d) = d else { continue };
            let reading = match (d.threshold, d.significant) {
                (None, _) => l("change_untested"),
                (Some(_), true) => l("significant"),
                (Some(_), false) => l("not_significant"),
            };
            let _ = writeln!(
                s,
                "  {name}: {} → {} ({}, {reading})",
                rounded_text(d.delta.previous, decimals),
                rounded_text(d.delta.current, decimals),
                signed(d.delta.delta, decimals),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_has_every_word_of_the_table() {
        let words = crate::words::Catalogue::embedded().unwrap();
        words.require(TABLE_WORDS).unwrap();
    }

    #[test]
    fn width_ignores_arabic_marks() {
        assert_eq!(width("مُعرَّف"), width("معرف"));
        assert_eq!(width("نامٍ"), 3);
        assert_eq!(width("الاستراتيجية"), 12);
        assert_eq!(pad("مُدار", 6), "مُدار  ");
    }

    #[test]
    fn nps_and_changes_are_signed_as_in_the_report() {
        assert_eq!(signed(16.666_666, 1), "+16.7");
        assert_eq!(signed(6.25, 1), "+6.3");
        assert_eq!(signed(-0.25, 1), "-0.3");
        assert_eq!(signed(0.04, 1), "0.0");
        assert_eq!(signed(-0.04, 1), "0.0");
        assert_eq!(f2(3.125), "3.13");
        assert_eq!(f1(56.25), "56.3");
    }
}
