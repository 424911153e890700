//! Whatever the data, charts either draw a well-formed SVG or return an error: they never
//! panic, never print `NaN`, and keep every label isolated and escaped.

use nudj::chart::*;
use proptest::prelude::*;

fn value() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        Just(None),
        Just(Some(f64::NAN)),
        Just(Some(f64::INFINITY)),
        Just(Some(-1e300)),
        (-200.0f64..200.0).prop_map(Some),
    ]
}

fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("<b>&\"'</b>".to_string()),
        Just("\u{2069}\u{202e}\u{0}\u{1b}x".to_string()),
        Just("تجربة العميل الرقمية عبر القنوات كلها".to_string()),
        "\\PC{0,60}",
    ]
}

fn check(chart: Result<Chart, nudj::Error>) {
    if let Ok(c) = chart {
        assert!(c.svg.starts_with("<svg") && c.svg.ends_with("</svg>\n"));
        assert!(!c.svg.contains("NaN") && !c.svg.contains("inf"));
        assert!(!c.svg.contains("<b>"));
        assert!(!c.svg.chars().any(|ch| ch.is_control() && ch != '\n'));
        assert!(c.height > 0 && c.height < 100_000);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn no_chart_panics(
        labels in proptest::collection::vec(label(), 0..9),
        values in proptest::collection::vec(value(), 9),
        min in -10.0f64..10.0,
        span in prop_oneof![Just(0.0), Just(-1.0), 0.1f64..100.0],
        rtl in any::<bool>(),
        current in 0usize..7,
    ) {
        let style = ChartStyle::new(rtl);
        let nf = AsciiNumbers;
        let max = min + span;
        let v = |i: usize| values.get(i).copied().flatten();
        check(radar(&Radar {
            axes: labels.iter().enumerate().map(|(i, l)| RadarAxis {
                label: l.clone(), score: v(i), target: v(i + 1), previous: v(i + 2),
                sector: None,
            }).collect(),
            min, max, legend: Some(RadarLegend {
                score: labels.first().cloned().unwrap_or_default(),
                target: "t".into(), previous: "p".into(), sector: "s".into(),
            }), decimals: 1, target_decimals: 1,
        }, &style, &nf));
        check(bars(&Bars {
            bars: labels.iter().enumerate().map(|(i, l)| Bar {
                label: l.clone(), value: v(i), status: Some(Status::Watch),
            }).collect(),
            min, max, target: v(8).map(|value| TargetLine { value, label: labels.first().cloned().unwrap_or_default(), decimals: 1 }), decimals: 2,
        }, &style, &nf));
        check(heatmap(&Heatmap {
            columns: labels.clone(),
            rows: labels.iter().enumerate().map(|(i, l)| HeatRow {
                label: l.clone(),
                cells: (0..labels.len()).map(|j| match v(i + j) {
                    Some(x) => HeatCell::Value(x),
                    None if j % 2 == 0 => HeatCell::Suppressed,
                    None => HeatCell::Missing,
                }).collect(),
            }).collect(),
            min, max, decimals: 1,
        }, &style, &nf));
        check(nps_stack(&NpsStack {
            rows: labels.iter().enumerate().map(|(i, l)| NpsRow {
                label: l.clone(),
                detractors: v(i).unwrap_or(0.0),
                passives: v(i + 1).unwrap_or(10.0),
                promoters: v(i + 2).unwrap_or(50.0),
            }).collect(),
            names: NpsNames { detractors: "d".into(), passives: "p".into(), promoters: "<x>".into() },
            decimals: 0,
        }, &style, &nf));
        check(columns(&Columns {
            columns: labels.iter().enumerate().map(|(i, l)| Column {
                label: l.clone(), value: v(i), status: None,
            }).collect(),
            kind: ValueKind::Percent { decimals: 1 },
            axis: if span > 50.0 { None } else { Some((min, max)) },
            status_mark: StatusMark::Fill,
            target: None,
        }, &style, &nf));
        check(ladder(&Ladder {
            steps: labels.iter().enumerate().map(|(i, l)| LadderStep {
                name: l.clone(), from: min + i as f64 * span.abs() / 10.0,
            }).collect(),
            max, current, score: v(0).unwrap_or(min), decimals: 1,
        }, &style, &nf));
    }
}
