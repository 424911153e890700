//! The Metrics sheet: one filterable table of every CX metric the result holds: NPS overall,
//! by channel, by customer segment and by journey stage; CSAT and CES overall, by answer,
//! channel, segment and journey stage;
//! churn overall and per period; CLV overall and per input row. Each row's figures carry the
//! number format the report shows them in. No sheet when the result has no metric.

use crate::score::{
    ChurnResult, ClvMethod, ClvResult, Delta, GroupBy, HiddenGroup, NpsGroup, Placement,
    RatingGroup, TestedDelta,
};

use super::Ctx;
use super::sheets::{stage_name, status};
use super::table::{Cell, Table, fmt};

/// The Metrics table, and where the NPS-by-channel rows are (for the chart).
pub(super) struct Built {
    /// The table.
    pub table: Table,
    /// First and last data row (0-based, header excluded) of NPS by channel.
    pub nps_channels: Option<(usize, usize)>,
}

const KEYS: &[&str] = &[
    "metric",
    "xlsx_breakdown",
    "xlsx_group",
    "value",
    "count_short",
    "mean",
    "xlsx_share",
    "xlsx_detractor_share",
    "margin",
    "promoters",
    "passives",
    "detractors",
    "target",
    "status",
    "previous",
    "change",
    "xlsx_significance",
    "sector_median",
    "xlsx_q1",
    "xlsx_q3",
    "percentile",
    "customers_start",
    "xlsx_new_customers",
    "customers_end",
    "lost",
    "avg_purchase",
    "frequency",
    "lifespan",
    "gross_margin",
    "segment_customers",
    "xlsx_note",
];

type Row<'k> = Vec<(&'k str, Cell)>;

/// The sector figures of a metric in its display format.
fn placement(p: Option<&Placement>, format: &str) -> Row<'static> {
    let Some(p) = p else { return Vec::new() };
    vec![
        ("sector_median", Cell::num(p.median, format)),
        ("xlsx_q1", Cell::num(p.q1, format)),
        ("xlsx_q3", Cell::num(p.q3, format)),
        ("percentile", Cell::num(p.percentile, fmt::WHOLE)),
    ]
}

/// The previous value and the change of a metric.
/// The significance column of a change: the score's decision (`None`: too few answers to
/// test it).
fn significance<'a>(c: &Ctx<'_>, significant: Option<bool>) -> (&'a str, Cell) {
    let word = match significant {
        Some(true) => "significant",
        Some(false) => "not_significant",
        None => "change_untested",
    };
    ("xlsx_significance", Cell::text(c.w(word)))
}

/// The previous value, the change and its significance of a tested change (CSAT, CES).
fn compared_tested(
    c: &Ctx<'_>,
    d: Option<&TestedDelta>,
    format: &str,
    signed: &str,
) -> Row<'static> {
    let Some(d) = d else { return Vec::new() };
    let mut row = compared(Some(&d.delta), format, signed);
    row.push(significance(c, d.threshold.map(|_| d.significant)));
    row
}

fn compared(d: Option<&Delta>, format: &str, signed: &str) -> Row<'static> {
    let Some(d) = d else { return Vec::new() };
    vec![
        ("previous", Cell::num(d.previous, format)),
        ("change", Cell::num(d.delta, signed)),
    ]
}

/// Builds the Metrics table.
pub(super) fn metrics(c: &Ctx<'_>) -> Built {
    let mut t = c.table("xlsx_sheet_metrics", KEYS);
    let nps_channels = nps(c, &mut t);
    csat(c, &mut t);
    ces(c, &mut t);
    if let Some(x) = &c.r.metrics.churn {
        churn(c, &mut t, x);
    }
    if let Some(x) = &c.r.metrics.clv {
        clv(c, &mut t, x);
    }
    Built {
        table: t,
        nps_channels,
    }
}

/// The small-group note of a breakdown row.
fn small(c: &Ctx<'_>, small: bool) -> Cell {
    if small {
        Cell::text(c.w("small_flag"))
    } else {
        Cell::Empty
    }
}

fn nps(c: &Ctx<'_>, t: &mut Table) -> Option<(usize, usize)> {
    let n = c.r.metrics.nps.as_ref()?;
    let name = c.w("nps_short");
    let delta = c.r.comparison.as_ref().and_then(|x| x.nps.as_ref());
    let mut row: Row<'_> = vec![
        ("metric", Cell::text(&name)),
        ("xlsx_breakdown", Cell::text(c.w("xlsx_overall"))),
        ("value", Cell::num(n.stats.score, fmt::SIGNED_ONE)),
        ("count_short", Cell::count(n.stats.n)),
        ("margin", Cell::num(n.stats.margin_of_error, fmt::MARGIN)),
        ("promoters", Cell::count(n.stats.promoters)),
        ("passives", Cell::count(n.stats.passives)),
        ("detractors", Cell::count(n.stats.detractors)),
        ("target", Cell::opt(n.target, fmt::SIGNED_ONE)),
        ("status", status(c, n.status)),
    ];
    row.extend(compared(
        delta.map(|d| &d.delta),
        fmt::SIGNED_ONE,
        fmt::SIGNED_ONE,
    ));
    if let Some(d) = delta {
        row.push(significance(c, Some(d.significant)));
    }
    row.extend(placement(n.benchmark.as_ref(), fmt::SIGNED_ONE));
    t.push(row);
    let group = |t: &mut Table, by: &str, g: &NpsGroup| {
        t.push(vec![
            ("metric", Cell::text(&name)),
            ("xlsx_breakdown", Cell::text(c.w(by))),
            ("xlsx_group", Cell::text(c.label(&g.value))),
            ("value", Cell::num(g.stats.score, fmt::SIGNED_ONE)),
            ("count_short", Cell::count(g.stats.n)),
            ("margin", Cell::num(g.stats.margin_of_error, fmt::MARGIN)),
            ("promoters", Cell::count(g.stats.promoters)),
            ("passives", Cell::count(g.stats.passives)),
            ("detractors", Cell::count(g.stats.detractors)),
            ("xlsx_note", small(c, g.small)),
        ]);
    };
    let first = t.rows.len();
    for g in &n.by_channel {
        group(t, "by_channel", g);
    }
    let channels = (!n.by_channel.is_empty()).then(|| (first, t.rows.len() - 1));
    for g in &n.by_segment {
        group(t, "by_segment", g);
    }
    for g in &n.by_stage {
        t.push(vec![
            ("metric", Cell::text(&name)),
            ("xlsx_breakdown", Cell::text(c.w("xlsx_by_stage"))),
            ("xlsx_group", Cell::text(stage_name(c, &g.id))),
            ("value", Cell::num(g.stats.score, fmt::SIGNED_ONE)),
            ("count_short", Cell::count(g.stats.n)),
            ("margin", Cell::num(g.stats.margin_of_error, fmt::MARGIN)),
            ("promoters", Cell::count(g.stats.promoters)),
            ("passives", Cell::count(g.stats.passives)),
            ("detractors", Cell::count(g.stats.detractors)),
            (
                "xlsx_detractor_share",
                Cell::num(g.detractor_share, fmt::PERCENT),
            ),
            ("xlsx_note", small(c, g.small)),
        ]);
    }
    hidden_rows(c, t, &name, &n.hidden);
    channels
}

/// The groups the score hid for anonymity: their breakdown, name and size, no figure, and
/// why they are hidden (small, or hidden with a small group: docs/privacy.md). The channels
/// and segments hidden because they are small are not named (a customer's name can be a
/// segment): one row per breakdown counts them, with their answers together.
fn hidden_rows(c: &Ctx<'_>, t: &mut Table, name: &str, hidden: &[HiddenGroup]) {
    for (by, key) in [
        (GroupBy::Channel, "by_channel"),
        (GroupBy::Segment, "by_segment"),
    ] {
        let small: Vec<&HiddenGroup> = hidden
            .iter()
            .filter(|g| g.by == by && !g.complementary)
            .collect();
        if small.is_empty() {
            continue;
        }
        let group = crate::words::fill(
            &c.w("xlsx_groups_hidden_small"),
            &[("count", &small.len().to_string())],
        );
        t.push(vec![
            ("metric", Cell::text(name)),
            ("xlsx_breakdown", Cell::text(c.w(key))),
            ("xlsx_group", Cell::text(group)),
            ("count_short", Cell::count(small.iter().map(|g| g.n).sum())),
            ("xlsx_note", Cell::text(c.w("suppressed"))),
        ]);
    }
    let named = hidden
        .iter()
        .filter(|g| g.complementary || g.by == GroupBy::Stage);
    for g in named {
        let (by, group) = match g.by {
            GroupBy::Channel => ("by_channel", c.label(&g.value)),
            GroupBy::Segment => ("by_segment", c.label(&g.value)),
            GroupBy::Stage => ("xlsx_by_stage", stage_name(c, &g.value)),
        };
        let note = if g.complementary {
            "xlsx_hidden_too"
        } else {
            "suppressed"
        };
        t.push(vec![
            ("metric", Cell::text(name)),
            ("xlsx_breakdown", Cell::text(c.w(by))),
            ("xlsx_group", Cell::text(group)),
            ("count_short", Cell::count(g.n)),
            ("xlsx_note", Cell::text(c.w(note))),
        ]);
    }
}

/// One journey stage of CSAT or CES: its id, n, small flag, and (value, other) cells.
struct StageRow<'a> {
    id: &'a str,
    n: u64,
    small: bool,
    value: Cell,
    other: (&'static str, Cell),
}

fn stage_rows(c: &Ctx<'_>, t: &mut Table, name: &str, rows: Vec<StageRow<'_>>) {
    for s in rows {
        t.push(vec![
            ("metric", Cell::text(name)),
            ("xlsx_breakdown", Cell::text(c.w("xlsx_by_stage"))),
            ("xlsx_group", Cell::text(stage_name(c, s.id))),
            ("value", s.value),
            ("count_short", Cell::count(s.n)),
            s.other,
            ("xlsx_note", small(c, s.small)),
        ]);
    }
}

/// The rows of a CSAT or CES breakdown: by answer (count), channel and segment.
struct Breakdown<'a> {
    name: String,
    first_answer: i64,
    distribution: &'a [u64],
    by_channel: &'a [RatingGroup],
    by_segment: &'a [RatingGroup],
    /// CSAT: the group's value is its share of satisfied answers; CES: its mean.
    value_is_share: bool,
}

fn breakdown(c: &Ctx<'_>, t: &mut Table, b: &Breakdown<'_>) {
    for (i, k) in b.distribution.iter().enumerate() {
        t.push(vec![
            ("metric", Cell::text(&b.name)),
            ("xlsx_breakdown", Cell::text(c.w("xlsx_answer"))),
            (
                "xlsx_group",
                Cell::num((b.first_answer + i as i64) as f64, fmt::WHOLE),
            ),
            ("count_short", Cell::count(*k)),
        ]);
    }
    for (by, groups) in [("by_channel", b.by_channel), ("by_segment", b.by_segment)] {
        for g in groups {
            let (value, other) = if b.value_is_share {
                (
                    Cell::num(g.share, fmt::PERCENT),
                    ("mean", Cell::num(g.mean, fmt::SCORE)),
                )
            } else {
                (
                    Cell::num(g.mean, fmt::SCORE),
                    ("xlsx_share", Cell::num(g.share, fmt::PERCENT)),
                )
            };
            t.push(vec![
                ("metric", Cell::text(&b.name)),
                ("xlsx_breakdown", Cell::text(c.w(by))),
                ("xlsx_group", Cell::text(c.label(&g.value))),
                ("value", value),
                ("count_short", Cell::count(g.n)),
                other,
                ("xlsx_note", small(c, g.small)),
            ]);
        }
    }
}

fn csat(c: &Ctx<'_>, t: &mut Table) {
    let Some(x) = &c.r.metrics.csat else { return };
    let name = c.w("csat");
    let delta = c.r.comparison.as_ref().and_then(|d| d.csat.as_ref());
    let mut row: Row<'_> = vec![
        ("metric", Cell::text(&name)),
        ("xlsx_breakdown", Cell::text(c.w("xlsx_overall"))),
        ("value", Cell::num(x.score, fmt::PERCENT)),
        ("count_short", Cell::count(x.n)),
        ("mean", Cell::num(x.mean, fmt::SCORE)),
        ("target", Cell::opt(x.target, fmt::PERCENT)),
        ("status", status(c, x.status)),
    ];
    row.extend(compared_tested(c, delta, fmt::PERCENT, fmt::SIGNED_PERCENT));
    row.extend(placement(x.benchmark.as_ref(), fmt::PERCENT));
    t.push(row);
    breakdown(
        c,
        t,
        &Breakdown {
            name,
            first_answer: 1,
            distribution: &x.distribution,
            by_channel: &x.by_channel,
            by_segment: &x.by_segment,
            value_is_share: true,
        },
    );
    let stages = x
        .by_stage
        .iter()
        .map(|g| StageRow {
            id: &g.id,
            n: g.n,
            small: g.small,
            value: Cell::num(g.score, fmt::PERCENT),
            other: ("mean", Cell::num(g.mean, fmt::SCORE)),
        })
        .collect();
    stage_rows(c, t, &c.w("csat"), stages);
    hidden_rows(c, t, &c.w("csat"), &x.hidden);
}

fn ces(c: &Ctx<'_>, t: &mut Table) {
    let Some(x) = &c.r.metrics.ces else { return };
    let name = c.w("ces");
    let delta = c.r.comparison.as_ref().and_then(|d| d.ces.as_ref());
    let mut row: Row<'_> = vec![
        ("metric", Cell::text(&name)),
        ("xlsx_breakdown", Cell::text(c.w("xlsx_overall"))),
        ("value", Cell::num(x.mean, fmt::SCORE)),
        ("count_short", Cell::count(x.n)),
        ("xlsx_share", Cell::num(x.easy_share, fmt::PERCENT)),
        ("target", Cell::opt(x.target, fmt::ONE)),
        ("status", status(c, x.status)),
    ];
    row.extend(compared_tested(c, delta, fmt::SCORE, fmt::SIGNED_SCORE));
    row.extend(placement(x.benchmark.as_ref(), fmt::SCORE));
    t.push(row);
    breakdown(
        c,
        t,
        &Breakdown {
            name,
            first_answer: 1,
            distribution: &x.distribution,
            by_channel: &x.by_channel,
            by_segment: &x.by_segment,
            value_is_share: false,
        },
    );
    let stages = x
        .by_stage
        .iter()
        .map(|g| StageRow {
            id: &g.id,
            n: g.n,
            small: g.small,
            value: Cell::num(g.mean, fmt::SCORE),
            other: ("xlsx_share", Cell::num(g.easy_share, fmt::PERCENT)),
        })
        .collect();
    stage_rows(c, t, &c.w("ces"), stages);
    hidden_rows(c, t, &c.w("ces"), &x.hidden);
}

fn churn(c: &Ctx<'_>, t: &mut Table, x: &ChurnResult) {
    let name = c.w("churn");
    let delta = c.r.comparison.as_ref().and_then(|d| d.churn.as_ref());
    let mut row: Row<'_> = vec![
        ("metric", Cell::text(&name)),
        ("xlsx_breakdown", Cell::text(c.w("xlsx_overall"))),
        ("value", Cell::num(x.rate, fmt::PERCENT)),
        ("target", Cell::opt(x.target, fmt::PERCENT)),
        ("status", status(c, x.status)),
    ];
    row.extend(compared(delta, fmt::PERCENT, fmt::SIGNED_PERCENT));
    row.extend(placement(x.benchmark.as_ref(), fmt::PERCENT));
    t.push(row);
    for p in &x.periods {
        t.push(vec![
            ("metric", Cell::text(&name)),
            ("xlsx_breakdown", Cell::text(c.w("period"))),
            ("xlsx_group", Cell::text(&p.period)),
            ("value", Cell::num(p.rate, fmt::PERCENT)),
            ("customers_start", Cell::num(p.customers_start, fmt::COUNT)),
            ("xlsx_new_customers", Cell::opt(p.new_customers, fmt::COUNT)),
            ("customers_end", Cell::num(p.customers_end, fmt::COUNT)),
            ("lost", Cell::num(p.lost, fmt::COUNT)),
        ]);
    }
}

/// An amount in the model's currency, without decimals as the report shows it: `#,##0 "SAR"`.
fn money(currency: Option<&str>) -> String {
    let code: String = currency
        .unwrap_or_default()
        .chars()
        .filter(|ch| *ch != '"' && *ch != '\\' && !ch.is_control())
        .collect();
    let code = code.trim();
    if code.is_empty() {
        fmt::COUNT.to_string()
    } else {
        format!("#,##0 \"{code}\"")
    }
}

fn clv(c: &Ctx<'_>, t: &mut Table, x: &ClvResult) {
    let name = c.w("clv");
    let money = money(x.currency.as_deref());
    let signed = format!("+{money};-{money};{money}");
    let delta = c.r.comparison.as_ref().and_then(|d| d.clv.as_ref());
    let method = match x.method {
        ClvMethod::Single => Cell::Empty,
        ClvMethod::Weighted => Cell::text(c.w("clv_weighted_short")),
        ClvMethod::Unweighted => Cell::text(c.words.fill(
            "clv_unweighted_short",
            c.lang,
            &[("n", &x.rows.len().to_string())],
        )),
    };
    let mut row: Row<'_> = vec![
        ("metric", Cell::text(&name)),
        ("xlsx_breakdown", Cell::text(c.w("xlsx_overall"))),
        ("value", Cell::num(x.value, &money)),
        ("target", Cell::opt(x.target, &money)),
        ("status", status(c, x.status)),
        ("xlsx_note", method),
    ];
    row.extend(compared(delta, &money, &signed));
    row.extend(placement(x.benchmark.as_ref(), &money));
    t.push(row);
    for r in &x.rows {
        let segment = r
            .segment
            .as_deref()
            .map_or_else(|| c.w("all_customers"), |s| c.label(s));
        t.push(vec![
            ("metric", Cell::text(&name)),
            ("xlsx_breakdown", Cell::text(c.w("xlsx_clv_segment"))),
            ("xlsx_group", Cell::text(segment)),
            ("value", Cell::num(r.value, &money)),
            ("avg_purchase", Cell::num(r.avg_purchase_value, &money)),
            ("frequency", Cell::num(r.purchase_frequency, fmt::ONE)),
            ("lifespan", Cell::num(r.customer_lifespan_years, fmt::ONE)),
            (
                "gross_margin",
                Cell::num(r.gross_margin, fmt::FRACTION_PERCENT),
            ),
            ("segment_customers", Cell::opt(r.customers, fmt::COUNT)),
        ]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currency_goes_into_the_format_quoted() {
        assert_eq!(money(Some("SAR")), "#,##0 \"SAR\"");
        assert_eq!(money(Some("ر.س")), "#,##0 \"ر.س\"");
        assert_eq!(money(Some("a\"b\\")), "#,##0 \"ab\"");
        assert_eq!(money(None), "#,##0");
        assert_eq!(money(Some("  ")), "#,##0");
    }
}
