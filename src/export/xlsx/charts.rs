//! The workbook's native Excel charts, on the Summary sheet beside its table: the dimensions
//! against their targets (clustered bars: score, target, previous score, sector median, as
//! the Dimensions sheet has them), and NPS by channel (columns). They reference the cells of
//! the Dimensions and Metrics sheets, so a consultant restyles them in Excel and pastes them
//! into a deck. Titles and axis names are in the engagement's language; for Arabic the axes
//! run right to left.

use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartAxisLabelPosition, ChartType, Worksheet, XlsxError,
};

use super::Ctx;
use super::metrics::Built;
use super::table::{Table, col, row};

/// Height of a chart in rows of the Summary sheet (at the default row height of 20 px).
const CHART_ROWS: u32 = 20;

/// The charts the results have data for.
pub(super) fn charts(c: &Ctx<'_>, dims: &Table, metrics: &Built) -> Result<Vec<Chart>, XlsxError> {
    let mut out = Vec::new();
    out.extend(dimensions(c, dims));
    out.extend(nps_by_channel(c, metrics));
    Ok(out)
}

/// Places the charts one under the other, beside the Summary table.
pub(super) fn place(
    ws: &mut Worksheet,
    summary: &Table,
    charts: Vec<Chart>,
) -> Result<(), XlsxError> {
    let beside = col(summary.columns.len() + 1);
    for (i, chart) in charts.iter().enumerate() {
        ws.insert_chart(row(1) + CHART_ROWS * row(i), beside, chart)?;
    }
    Ok(())
}

/// Dimension scores against targets (and the previous score, the sector median): one series
/// per column of the Dimensions sheet that has them; titled "Dimension scores" when there is
/// no target column. `None` when no dimension has a score.
fn dimensions(c: &Ctx<'_>, t: &Table) -> Option<Chart> {
    if t.rows.is_empty() || c.r.dimensions.iter().all(|d| d.score.is_none()) {
        return None;
    }
    let last = row(t.rows.len());
    let names = t.column("dimension")?;
    let mut chart = Chart::new(ChartType::Bar);
    for key in ["score", "target", "previous", "sector_median"] {
        if let Some(i) = t.column(key) {
            chart
                .add_series()
                .set_name((t.sheet.as_str(), 0, col(i)))
                .set_categories((t.sheet.as_str(), 1, col(names), last, col(names)))
                .set_values((t.sheet.as_str(), 1, col(i), last, col(i)));
        }
    }
    // "against targets" only when the chart has the target series.
    let title = if t.column("target").is_some() {
        c.w("xlsx_chart_dimensions")
    } else {
        c.w("xlsx_chart_scores")
    };
    chart.title().set_name(&title);
    // Bars: the vertical axis holds the categories, in model order from the top.
    chart
        .y_axis()
        .set_name(&c.w("dimension"))
        .set_reverse()
        .set_crossing(ChartAxisCrossing::Max);
    chart
        .x_axis()
        .set_name(&c.w("score"))
        .set_min(c.r.model.scale_min as f64)
        .set_max(c.r.model.scale_max as f64)
        .set_num_format("0");
    if c.lang.is_rtl() {
        chart.x_axis().set_reverse();
    }
    chart.set_width(640).set_height(CHART_ROWS * 20);
    chart.set_alt_text(title);
    Some(chart)
}

/// NPS of each channel, from the Metrics sheet. `None` without channels.
fn nps_by_channel(c: &Ctx<'_>, m: &Built) -> Option<Chart> {
    let (first, last) = m.nps_channels?;
    let t = &m.table;
    let (groups, values) = (t.column("xlsx_group")?, t.column("value")?);
    let (first, last) = (row(first + 1), row(last + 1));
    let mut chart = Chart::new(ChartType::Column);
    chart
        .add_series()
        .set_name(&c.w("nps_short"))
        .set_categories((t.sheet.as_str(), first, col(groups), last, col(groups)))
        .set_values((t.sheet.as_str(), first, col(values), last, col(values)));
    chart.title().set_name(&c.w("nps_channel_alt"));
    // Channel names below the plot, clear of the bars of a negative NPS.
    chart
        .x_axis()
        .set_name(&c.w("by_channel"))
        .set_label_position(ChartAxisLabelPosition::Low);
    chart
        .y_axis()
        .set_name(&c.w("nps_short"))
        .set_num_format("+0;-0;0");
    if c.lang.is_rtl() {
        chart.x_axis().set_reverse();
    }
    chart.legend().set_hidden();
    chart.set_width(640).set_height(CHART_ROWS * 20);
    chart.set_alt_text(c.w("nps_channel_alt"));
    Some(chart)
}
