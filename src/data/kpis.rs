//! The KPIs sheet (`المؤشرات التشغيلية`): operational indicators agreed with the owners of
//! each channel (first contact resolution, waiting time …), one row per indicator, period,
//! channel and stage. Values are read with the number rules of the data reader; percentages
//! are held in percent points (a cell formatted as a percentage holding 0.61, the text `61%`
//! and `٦١٪` are all 61). Periods are ordered when they are dates, months, quarters, halves
//! or years (docs/workbook-format.md).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::grid::{Grid, Row, Value};
use super::metrics::{Col, col, metric_columns, resolve_stage, text_of};
use super::parse::{self, ascii_digit, normalize};
use super::read::{ReadOptions, Sink};
use super::types::{Better, KpiRow, Period};
use crate::error::Place;

/// The KPIs sheet's columns, in [`KpiCols`] order.
pub(super) const KPI_COLS: &[Col] = &[
    col("indicator", &["المؤشر", "kpi", "اسم المؤشر"], true),
    col("value", &["القيمة", "actual", "القيمة الفعلية"], true),
    col("target", &["المستهدف", "الهدف", "القيمة المستهدفة"], true),
    col("unit", &["الوحدة", "وحدة القياس"], true),
    col("better", &["الأفضل", "الاتجاه", "direction"], true),
    col("channel", &["القناة"], false),
    col("stage", &["المرحلة", "journey stage"], false),
    col("period", &["الفترة"], false),
];

/// Default names of the KPIs sheet (compared normalised).
pub(super) const KPI_SHEETS: [&str; 2] = ["KPIs", "المؤشرات التشغيلية"];

/// The columns of a KPIs sheet, by [`KPI_COLS`] index.
#[derive(Debug, Clone, Copy)]
pub(super) struct KpiCols {
    pub(super) indicator: Option<u32>,
    pub(super) value: Option<u32>,
    pub(super) target: Option<u32>,
    pub(super) unit: Option<u32>,
    pub(super) better: Option<u32>,
    pub(super) channel: Option<u32>,
    pub(super) stage: Option<u32>,
    pub(super) period: Option<u32>,
}

impl KpiCols {
    /// From the positions [`metric_columns`] found, in [`KPI_COLS`] order.
    pub(super) fn from_found(found: &[Option<u32>]) -> Self {
        let at = |i: usize| found.get(i).copied().flatten();
        KpiCols {
            indicator: at(0),
            value: at(1),
            target: at(2),
            unit: at(3),
            better: at(4),
            channel: at(5),
            stage: at(6),
            period: at(7),
        }
    }
}

/// Reads a KPIs sheet; `percent` lists its percent-formatted cells (0-based, sorted).
pub(super) fn kpi_sheet(
    grid: &Grid,
    percent: &[(u32, u32)],
    opts: &ReadOptions,
    sink: &mut Sink<'_>,
) -> Vec<KpiRow> {
    let Some((_, found)) = metric_columns(grid, KPI_COLS, sink) else {
        return Vec::new();
    };
    let mut cols = KpiCols::from_found(&found);
    cols.stage = cols
        .stage
        .filter(|&c| super::metrics::journey_given(grid, c, opts, sink));
    let is_percent = |r: u32, c: u32| percent.binary_search(&(r, c)).is_ok();
    let mut out = Vec::new();
    for row in grid.rows.iter().skip(1) {
        if let Some(k) = kpi_row(grid, row, &cols, &is_percent, opts, sink) {
            out.push(k);
        }
    }
    check_series(&mut out, &cols, sink);
    out
}

/// A number cell of a KPI row: `(value, written as a percentage)`, in percent points when
/// it was; `Ok(None)` when blank; `Err(())` once the problem is reported.
fn kpi_number(
    grid: &Grid,
    row: &Row,
    col: Option<u32>,
    name: &str,
    is_percent: &dyn Fn(u32, u32) -> bool,
    opts: &ReadOptions,
    sink: &mut Sink<'_>,
) -> Result<Option<(f64, bool)>, ()> {
    let Some(c) = col else { return Ok(None) };
    let Some(v) = row.get(c) else {
        return if grid.is_uncalculated(row.index, c) {
            Err(())
        } else {
            Ok(None)
        };
    };
    let place = grid.place(row.index, c);
    let percent_text = matches!(v, Value::Text(t) if t.trim().ends_with(['%', '\u{066A}']));
    let percent = percent_text || (matches!(v, Value::Number(_)) && is_percent(row.index, c));
    match parse::number(v, &opts.numbers) {
        // 0.61 × 100 is 61.00000000000001 in binary: a percentage is rounded to 1e-9 points.
        Ok(n) if percent => Ok(Some(((n * 100.0 * 1e9).round() / 1e9, true))),
        Ok(n) => Ok(Some((n, false))),
        Err(parse::NotNumber::Ambiguous(why)) => {
            sink.error(
                place,
                format!("`{name}`: {why}"),
                Some(super::metrics::NUMBERS_HELP.into()),
            );
            Err(())
        }
        Err(parse::NotNumber::Invalid) => {
            sink.error(
                place,
                format!("`{name}`: `{}` is not a number", v.display().trim()),
                Some("expected a number such as 61, 61% or 245 (in the row's unit)".into()),
            );
            Err(())
        }
    }
}

/// Is a unit a percentage (`%`, `٪`, `percent`, `نسبة مئوية`)?
fn percent_unit(unit: &str) -> bool {
    const PERCENT: &[&str] = &[
        "%",
        "\u{066A}",
        "percent",
        "percentage",
        "pct",
        "نسبة مئوية",
        "نسبة",
    ];
    let key = normalize(unit);
    PERCENT.iter().any(|p| normalize(p) == key)
}

/// `higher` / `lower` (also `higher is better`, `أعلى`, `الأعلى أفضل`, `أقل`, `أدنى` …): the
/// first word decides, compared normalised.
fn better_of(text: &str) -> Option<Better> {
    const HIGHER: &[&str] = &[
        "higher",
        "high",
        "up",
        "أعلى",
        "الأعلى",
        "أكبر",
        "الأكبر",
        "ارتفاع",
    ];
    const LOWER: &[&str] = &[
        "lower",
        "low",
        "down",
        "أقل",
        "الأقل",
        "أدنى",
        "الأدنى",
        "أصغر",
        "انخفاض",
    ];
    let key = normalize(text);
    let first = key.split(' ').next().unwrap_or("");
    let is = |words: &[&str]| words.iter().any(|w| normalize(w) == first);
    if is(HIGHER) {
        Some(Better::Higher)
    } else if is(LOWER) {
        Some(Better::Lower)
    } else {
        None
    }
}

/// One KPI row, or `None` once its problems are reported.
pub(super) fn kpi_row(
    grid: &Grid,
    row: &Row,
    cols: &KpiCols,
    is_percent: &dyn Fn(u32, u32) -> bool,
    opts: &ReadOptions,
    sink: &mut Sink<'_>,
) -> Option<KpiRow> {
    let at = |c: Option<u32>| grid.place(row.index, c.unwrap_or_default());
    let num = |c, name, sink: &mut Sink<'_>| kpi_number(grid, row, c, name, is_percent, opts, sink);
    let value = num(cols.value, "value", sink);
    let target = num(cols.target, "target", sink);
    let indicator = text_of(row, cols.indicator);
    let unit = text_of(row, cols.unit);
    let better_text = text_of(row, cols.better);
    let mut ok = value.is_ok() && target.is_ok();
    let Some(indicator) = indicator else {
        sink.error(
            at(cols.indicator),
            "`indicator` is missing".into(),
            Some("name the indicator, e.g. `First contact resolution`".into()),
        );
        return None;
    };
    let value = match value {
        Ok(Some(v)) => Some(v),
        Ok(None) => {
            sink.error(
                at(cols.value),
                format!("`value` of `{indicator}` is missing"),
                Some("give the measured value, or delete the row".into()),
            );
            None
        }
        Err(()) => None,
    };
    let better = match better_text.as_deref().map(|t| (t, better_of(t))) {
        Some((_, Some(b))) => Some(b),
        found => {
            let what = match found {
                Some((t, _)) => format!("`better`: `{t}` is neither `higher` nor `lower`"),
                None => format!("`better` of `{indicator}` is missing"),
            };
            sink.error(
                at(cols.better),
                what,
                Some("write `higher` (higher values are better, e.g. first contact resolution) or `lower` (e.g. waiting time); in Arabic أعلى or أقل".into()),
            );
            None
        }
    };
    let stage = match (cols.stage, text_of(row, cols.stage)) {
        (Some(c), Some(text)) => match resolve_stage(&text, &opts.journey) {
            Ok(id) => Some(id.to_string()),
            Err((msg, help)) => {
                sink.error(grid.place(row.index, c), msg, help);
                ok = false;
                None
            }
        },
        _ => None,
    };
    let period = cols.period.and_then(|c| row.get(c)).map(period_of);
    let (Some(value), Some(better), true) = (value, better, ok) else {
        return None;
    };
    let target = target.ok().flatten();
    let unit = percent_unit_check(grid, row, cols, unit, value, target, sink)?;
    Some(KpiRow {
        indicator,
        value: value.0,
        target: target.map(|t| t.0),
        unit,
        better,
        channel: text_of(row, cols.channel),
        stage,
        period,
        place: at(cols.value),
        period_place: at(cols.period.or(cols.value)),
    })
}

/// The row's unit, checked against how its numbers were written: a percentage (`61%` or a
/// percent-formatted cell) under another unit is an error; under no unit it makes the unit
/// `%`; a plain fraction such as 0.61 under unit `%` reads as 0.61 % and is warned about.
fn percent_unit_check(
    grid: &Grid,
    row: &Row,
    cols: &KpiCols,
    unit: Option<String>,
    value: (f64, bool),
    target: Option<(f64, bool)>,
    sink: &mut Sink<'_>,
) -> Option<Option<String>> {
    let any_percent = value.1 || target.is_some_and(|t| t.1);
    let unit_is_percent = unit.as_deref().is_some_and(percent_unit);
    if let (Some(u), true, false) = (&unit, any_percent, unit_is_percent) {
        sink.error(
            grid.place(row.index, cols.unit.unwrap_or_default()),
            format!("`unit` is `{u}`, but the row's value or target is written as a percentage"),
            Some("write the unit `%`, or the numbers without `%` in the unit given".into()),
        );
        return None;
    }
    if unit_is_percent || any_percent {
        for (n, name, col) in [
            (Some(value), "value", cols.value),
            (target, "target", cols.target),
        ] {
            if let Some((x, false)) = n
                && x != 0.0
                && x.abs() < 1.0
            {
                let shown = crate::grid::format_number(x);
                sink.warn(
                    grid.place(row.index, col.unwrap_or_default()),
                    format!(
                        "`{name}` {shown} in a percentage indicator is read as {shown} %; if {} % was meant, write `{}%` or format the cell as a percentage",
                        crate::grid::format_number((x * 100.0 * 1e9).round() / 1e9),
                        crate::grid::format_number((x * 100.0 * 1e9).round() / 1e9),
                    ),
                );
            }
        }
    }
    Some(if any_percent && unit.is_none() {
        Some("%".to_string())
    } else {
        unit
    })
}

/// A period cell: its label, and the days it covers when it can be ordered.
pub(super) fn period_of(v: &Value) -> Period {
    match v {
        Value::Date(d) => Period {
            label: d.format("%Y-%m-%d").to_string(),
            span: Some((*d, *d)),
        },
        _ => {
            let label = v.display().trim().to_string();
            Period {
                span: span_of(&label),
                label,
            }
        }
    }
}

/// The days a period label covers: `2026` (year), `2026-H1`, `2026-Q1` / `Q1 2026`,
/// `2026-03` (also `/` or `.` between), `2026-03-15`; digits in any script.
fn span_of(label: &str) -> Option<(NaiveDate, NaiveDate)> {
    let text: String = label
        .chars()
        .map(ascii_digit)
        .collect::<String>()
        .to_lowercase();
    let parts: Vec<&str> = text
        .split(['-', '/', '.', ' ', '_'])
        .filter(|p| !p.is_empty())
        .collect();
    let year = |p: &str| {
        (p.len() == 4)
            .then(|| p.parse::<i32>().ok())
            .flatten()
            .filter(|y| (1..=9999).contains(y))
    };
    let months = |y: i32, first: u32, last: u32| {
        let start = NaiveDate::from_ymd_opt(y, first, 1)?;
        let next = if last == 12 {
            NaiveDate::from_ymd_opt(y + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(y, last + 1, 1)
        };
        Some((
            start,
            next.map_or(NaiveDate::from_ymd_opt(y, 12, 31), |n| n.pred_opt())?,
        ))
    };
    let part = |p: &str, letter: char, count: u32| {
        p.strip_prefix(letter)
            .and_then(|n| n.parse::<u32>().ok())
            .filter(|n| (1..=count).contains(n))
    };
    match parts.as_slice() {
        [y] => months(year(y)?, 1, 12),
        [a, b] => {
            let (y, other) = match (year(a), year(b)) {
                (Some(y), None) => (y, *b),
                (None, Some(y)) => (y, *a),
                _ => return None,
            };
            if let Some(q) = part(other, 'q', 4) {
                months(y, 3 * q - 2, 3 * q)
            } else if let Some(h) = part(other, 'h', 2) {
                months(y, 6 * h - 5, 6 * h)
            } else if year(a).is_some() && (1..=2).contains(&other.len()) {
                let m = other.parse::<u32>().ok().filter(|m| (1..=12).contains(m))?;
                months(y, m, m)
            } else {
                None
            }
        }
        [y, m, d] => {
            let day = NaiveDate::from_ymd_opt(year(y)?, m.parse().ok()?, d.parse().ok()?)?;
            Some((day, day))
        }
        _ => None,
    }
}

/// Describes a series for messages: `indicator` (channel `x`, stage `y`).
fn series_name(k: &KpiRow) -> String {
    let mut s = format!("`{}`", k.indicator);
    if let Some(c) = &k.channel {
        s.push_str(&format!(" (channel `{c}`)"));
    }
    if let Some(st) = &k.stage {
        s.push_str(&format!(" (stage `{st}`)"));
    }
    s
}

/// Every series (indicator, channel, stage) with more than one row must have periods that
/// can be ordered, each once: otherwise its trend and its latest value cannot be told. Rows
/// that join a series under another spelling of its indicator or channel (compared
/// normalised) take its first row's spelling. A series is measured one way: a `better` or
/// `unit` other than its first row's is refused at that cell (`cols` locates it). Periods of
/// different kinds (day, month, quarter, half, year) in one series are warned about.
pub(super) fn check_series(rows: &mut [KpiRow], cols: &KpiCols, sink: &mut Sink<'_>) {
    let mut series: BTreeMap<(String, String, String), Vec<usize>> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        series.entry(r.series_key()).or_default().push(i);
    }
    for list in series.values() {
        same_spelling(rows, list);
        let list: Vec<&KpiRow> = list.iter().filter_map(|&i| rows.get(i)).collect();
        if list.len() > 1 {
            same_measure(&list, cols, sink);
            check_periods(&list, sink);
        }
    }
}

/// The indicator and channel of the series' first row (`list`: indexes into `rows`, in sheet
/// order) on every row of it, so that one series is shown under one name.
fn same_spelling(rows: &mut [KpiRow], list: &[usize]) {
    let Some(first) = list.first().and_then(|&i| rows.get(i)) else {
        return;
    };
    let (indicator, channel) = (first.indicator.clone(), first.channel.clone());
    for &i in list.iter().skip(1) {
        if let Some(r) = rows.get_mut(i) {
            r.indicator.clone_from(&indicator);
            r.channel.clone_from(&channel);
        }
    }
}

/// Refuses a row whose `better` or `unit` (compared normalised) differs from the series'
/// first row: its statuses and trend would compare values measured differently.
fn same_measure(list: &[&KpiRow], cols: &KpiCols, sink: &mut Sink<'_>) {
    let Some((first, rest)) = list.split_first() else {
        return;
    };
    let unit = |r: &KpiRow| r.unit.as_deref().map(normalize).unwrap_or_default();
    let shown = |r: &KpiRow| r.unit.clone().unwrap_or_else(|| "(none)".into());
    for r in rest {
        let name = series_name(r);
        if r.better != first.better {
            sink.error(
                at_column(&r.place, cols.better),
                format!(
                    "{name}: `better` is `{}` here but `{}` in its first row ({})",
                    better_word(r.better),
                    better_word(first.better),
                    at_column(&first.place, cols.better)
                ),
                Some(MEASURE_HELP.into()),
            );
        }
        if unit(r) != unit(first) {
            sink.error(
                at_column(&r.place, cols.unit),
                format!(
                    "{name}: `unit` is `{}` here but `{}` in its first row ({})",
                    shown(r),
                    shown(first),
                    at_column(&first.place, cols.unit)
                ),
                Some(MEASURE_HELP.into()),
            );
        }
    }
}

/// The help of [`same_measure`]'s errors.
const MEASURE_HELP: &str = "an indicator's values over periods are compared with each other: give every row of it the same `better` and `unit`, or name a different measure differently";

/// `better` as the sheet writes it.
fn better_word(b: Better) -> &'static str {
    match b {
        Better::Higher => "higher",
        Better::Lower => "lower",
    }
}

/// The cell of column `col` in the row of `place` (a sheet cell or a CSV position); `place`
/// itself without that column.
fn at_column(place: &Place, col: Option<u32>) -> Place {
    match (place, col) {
        (Place::Cell { sheet, row, .. }, Some(col)) => Place::Cell {
            sheet: sheet.clone(),
            row: *row,
            col,
        },
        (Place::Csv { row, .. }, Some(col)) => Place::Csv { row: *row, col },
        _ => place.clone(),
    }
}

/// A series' periods: each given, orderable and once; of one kind (warned otherwise).
fn check_periods(list: &[&KpiRow], sink: &mut Sink<'_>) {
    let mut seen: BTreeMap<(NaiveDate, NaiveDate), &str> = BTreeMap::new();
    let mut first_kind: Option<(PeriodKind, &str)> = None;
    for r in list {
        let name = series_name(r);
        let Some(p) = &r.period else {
            sink.error(
                r.period_place.clone(),
                format!("{name} has several values, and this one has no `period`"),
                Some(
                    "give each value its period (2026-Q1, 2026-03 …) so the values can be ordered"
                        .into(),
                ),
            );
            continue;
        };
        let Some(span) = p.span else {
            sink.error(
                r.period_place.clone(),
                format!("period `{}` of {name} cannot be ordered", p.label),
                Some(PERIOD_HELP.into()),
            );
            continue;
        };
        if let Some(first) = seen.insert(span, &p.label) {
            sink.error(
                r.period_place.clone(),
                format!(
                    "{name} has two values for period `{}` (also `{first}`)",
                    p.label
                ),
                Some("keep one value per indicator, channel, stage and period".into()),
            );
        }
        let kind = PeriodKind::of(span);
        match first_kind {
            None => first_kind = Some((kind, &p.label)),
            Some((k, label)) if k != kind => sink.warn(
                r.period_place.clone(),
                format!(
                    "period `{}` of {name} is {} but its first period `{label}` is {}: its trend mixes periods of different lengths",
                    p.label,
                    kind.name(),
                    k.name()
                ),
            ),
            Some(_) => {}
        }
    }
}

/// The kind of period a span covers, as [`span_of`] reads labels: months of different
/// lengths are all months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PeriodKind {
    Day,
    Month,
    Quarter,
    Half,
    Year,
    /// Any other span (not read from a label today).
    Other,
}

impl PeriodKind {
    /// The kind of `(first day, last day)`: one day, or whole calendar months from the first of
    /// a month (1 a month, 3 a quarter, 6 a half, 12 a year).
    fn of((start, end): (NaiveDate, NaiveDate)) -> PeriodKind {
        use chrono::Datelike;
        if start == end {
            return PeriodKind::Day;
        }
        let Some(next) = end.succ_opt() else {
            return PeriodKind::Other;
        };
        if start.day() != 1 || next.day() != 1 {
            return PeriodKind::Other;
        }
        let months = (next.year() - start.year()) * 12 + next.month() as i32 - start.month() as i32;
        match months {
            1 => PeriodKind::Month,
            3 => PeriodKind::Quarter,
            6 => PeriodKind::Half,
            12 => PeriodKind::Year,
            _ => PeriodKind::Other,
        }
    }

    /// The kind in a message: "a month".
    fn name(self) -> &'static str {
        match self {
            PeriodKind::Day => "a day",
            PeriodKind::Month => "a month",
            PeriodKind::Quarter => "a quarter",
            PeriodKind::Half => "a half-year",
            PeriodKind::Year => "a year",
            PeriodKind::Other => "another span",
        }
    }
}

/// The period forms nudj orders, for messages.
const PERIOD_HELP: &str = "write periods as a year (2026), a half (2026-H1), a quarter (2026-Q1), a month (2026-03) or a date (2026-03-31 or a date cell)";

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn periods_are_ordered_by_the_days_they_cover() {
        assert_eq!(span_of("2026-Q1"), Some((d(2026, 1, 1), d(2026, 3, 31))));
        assert_eq!(span_of("Q4 2025"), Some((d(2025, 10, 1), d(2025, 12, 31))));
        assert_eq!(span_of("٢٠٢٦-٠٣"), Some((d(2026, 3, 1), d(2026, 3, 31))));
        assert_eq!(span_of("2026/02"), Some((d(2026, 2, 1), d(2026, 2, 28))));
        assert_eq!(span_of("2026-H2"), Some((d(2026, 7, 1), d(2026, 12, 31))));
        assert_eq!(span_of("2026"), Some((d(2026, 1, 1), d(2026, 12, 31))));
        assert_eq!(
            span_of("2026-03-15"),
            Some((d(2026, 3, 15), d(2026, 3, 15)))
        );
        for bad in ["March", "2026-Q5", "2026-13", "Q1", "26-03", "الربع الأول"] {
            assert_eq!(span_of(bad), None, "{bad}");
        }
    }

    #[test]
    fn months_and_quarters_of_different_days_are_one_kind() {
        let kind = |l: &str| PeriodKind::of(span_of(l).unwrap());
        // 28 and 31 days, 90 and 92 days: one kind each.
        assert_eq!(kind("2026-02"), kind("2026-03"));
        assert_eq!(kind("2026-02"), PeriodKind::Month);
        assert_eq!(kind("2026-Q1"), kind("2026-Q3"));
        assert_eq!(kind("2026-Q1"), PeriodKind::Quarter);
        assert_eq!(kind("2024-H1"), kind("2026-H2"));
        assert_eq!(kind("2024-H1"), PeriodKind::Half);
        assert_eq!(kind("2024"), kind("2026"));
        assert_eq!(kind("2024"), PeriodKind::Year);
        assert_eq!(kind("2026-03-31"), PeriodKind::Day);
        assert_ne!(kind("2026-Q1"), kind("2026-03"));
        assert_eq!(
            PeriodKind::of((d(2026, 1, 5), d(2026, 2, 4))),
            PeriodKind::Other
        );
    }

    fn kpi(indicator: &str, channel: &str) -> KpiRow {
        KpiRow {
            indicator: indicator.into(),
            value: 1.0,
            target: None,
            unit: Some("%".into()),
            better: Better::Higher,
            channel: Some(channel.into()),
            stage: None,
            period: None,
            place: Place::Cell {
                sheet: "KPIs".into(),
                row: 1,
                col: 1,
            },
            period_place: Place::File,
        }
    }

    #[test]
    fn a_series_is_shown_under_its_first_spelling() {
        let mut rows = vec![
            kpi("FCR", "Call centre"),
            kpi("fcr ", "call  centre"),
            kpi("AHT", "call centre"),
        ];
        same_spelling(&mut rows, &[0, 1]);
        assert_eq!(rows[1].indicator, "FCR");
        assert_eq!(rows[1].channel.as_deref(), Some("Call centre"));
        assert_eq!(rows[2].channel.as_deref(), Some("call centre"));
    }

    #[test]
    fn the_cell_of_another_column_in_the_same_row() {
        let cell = at_column(&kpi("x", "y").place, Some(4));
        assert_eq!(cell.to_string(), "KPIs!E2");
        let csv = at_column(&Place::Csv { row: 5, col: 1 }, Some(3));
        assert_eq!(csv, Place::Csv { row: 5, col: 3 });
        assert_eq!(at_column(&Place::File, Some(3)), Place::File);
    }

    #[test]
    fn better_in_both_languages() {
        assert_eq!(better_of("Higher"), Some(Better::Higher));
        assert_eq!(better_of("lower is better"), Some(Better::Lower));
        assert_eq!(better_of("أعلى"), Some(Better::Higher));
        assert_eq!(better_of("الأقل أفضل"), Some(Better::Lower));
        assert_eq!(better_of("same"), None);
    }
}
