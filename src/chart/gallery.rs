//! Every chart drawn from sample data in both languages, for a quick look
//! (`cargo run --example chart_gallery`) and for the tests.

use super::*;

/// Sample charts: `(name, chart)` for each chart kind in Arabic (`*_ar`) and English
/// (`*_en`), drawn with [`ChartStyle::new`] and ASCII digits.
pub fn gallery() -> crate::Result<Vec<(String, Chart)>> {
    let mut out = gallery_for(true, &AsciiNumbers)?;
    out.extend(gallery_for(false, &AsciiNumbers)?);
    Ok(out)
}

/// The sample charts in one direction (Arabic labels when `rtl`), numbers written by `nf`.
pub fn gallery_for(rtl: bool, nf: &dyn NumberFormat) -> crate::Result<Vec<(String, Chart)>> {
    let g = Samples { rtl, nf };
    let style = ChartStyle::new(rtl);
    let suffix = if rtl { "ar" } else { "en" };
    let charts = [
        ("radar", radar(&g.radar(), &style, nf)?),
        ("radar_long", radar(&g.radar_long(), &style, nf)?),
        ("bars", bars(&g.bars(), &style, nf)?),
        ("heatmap", heatmap(&g.heatmap(), &style, nf)?),
        ("nps", nps_stack(&g.nps(), &style, nf)?),
        ("nps_channels", columns(&g.nps_channels(), &style, nf)?),
        ("csat", columns(&g.csat(), &style, nf)?),
        ("ces", columns(&g.ces(), &style, nf)?),
        ("ladder", ladder(&g.ladder(), &style, nf)?),
    ];
    Ok(charts
        .into_iter()
        .map(|(name, chart)| (format!("{name}_{suffix}"), chart))
        .collect())
}

/// Six sample dimensions: Arabic name, English name, score, target, previous score.
const DIMS: [(&str, &str, f64, f64, f64); 6] = [
    ("الاستراتيجية والرؤية", "Strategy & Vision", 3.4, 4.0, 2.9),
    ("فهم العميل", "Customer Understanding", 2.7, 3.5, 2.5),
    ("تصميم الرحلة", "Journey Design", 2.2, 3.5, 2.0),
    ("الثقافة والقيادة", "Culture & Leadership", 3.1, 4.0, 3.0),
    (
        "القياس والتحسين",
        "Measurement & Improvement",
        2.5,
        3.5,
        2.1,
    ),
    ("التقنية والبيانات", "Technology & Data", 3.8, 4.0, 3.2),
];

/// The gallery's sample inputs in one language.
struct Samples<'a> {
    rtl: bool,
    nf: &'a dyn NumberFormat,
}

impl Samples<'_> {
    /// The Arabic or the English text.
    fn t(&self, ar: &str, en: &str) -> String {
        if self.rtl {
            ar.to_string()
        } else {
            en.to_string()
        }
    }

    /// Years in labels are numbers too: written by `nf`, never by hand.
    fn year(&self, y: f64) -> String {
        self.nf.number(y, 0).replace(['٬', ','], "")
    }

    /// A scale range such as 0–6.
    fn range(&self, a: f64, b: f64) -> String {
        format!("{}–{}", self.nf.number(a, 0), self.nf.number(b, 0))
    }

    /// Six dimensions with targets and a previous assessment.
    fn radar(&self) -> Radar {
        Radar {
            axes: DIMS
                .iter()
                .map(|(ar, en, s, tg, p)| RadarAxis {
                    label: self.t(ar, en),
                    score: Some(*s),
                    target: Some(*tg),
                    previous: Some(*p),
                    sector: None,
                })
                .collect(),
            min: 1.0,
            max: 5.0,
            legend: Some(RadarLegend {
                score: self.t(
                    &format!("تقييم {}", self.year(2026.0)),
                    &format!("{} assessment", self.year(2026.0)),
                ),
                target: self.t("المستهدف", "Target"),
                previous: self.t(
                    &format!("تقييم {}", self.year(2025.0)),
                    &format!("{} assessment", self.year(2025.0)),
                ),
                sector: self.t("وسيط القطاع", "Sector median"),
            }),
            decimals: 1,
            target_decimals: 1,
        }
    }

    /// Long dimension names on many spokes: labels wrap, shrink and move apart, never cut.
    fn radar_long(&self) -> Radar {
        let long = [
            (
                "الاستراتيجية والقيادة والحوكمة المؤسسية",
                "Strategy, leadership and corporate governance",
            ),
            (
                "فهم العميل واحتياجاته",
                "Understanding customers and their needs",
            ),
            (
                "تصميم الرحلات والخدمات عبر جميع القنوات",
                "Journey and service design across every channel",
            ),
            ("صوت العميل", "Voice of the customer"),
            (
                "القياس والمؤشرات التشغيلية والمالية",
                "Operational and financial measurement",
            ),
            ("الثقافة والموظفون", "Culture and people"),
            ("الحوكمة والمساءلة", "Governance and accountability"),
            (
                "القنوات الرقمية والبيانات والتقنية والذكاء الاصطناعي",
                "Digital channels, data, technology and artificial intelligence",
            ),
            ("إدارة الشكاوى", "Complaint handling"),
            (
                "الاستدامة والمسؤولية الاجتماعية",
                "Sustainability and social responsibility",
            ),
        ];
        Radar {
            axes: long
                .iter()
                .zip([3.4, 2.7, 2.2, 3.1, 2.5, 3.8, 1.9, 3.0, 2.6, 2.2])
                .map(|((ar, en), s)| RadarAxis {
                    label: self.t(ar, en),
                    score: Some(s),
                    target: Some(3.5),
                    previous: None,
                    sector: None,
                })
                .collect(),
            ..self.radar()
        }
    }

    /// Question bars against a target, one without answers.
    fn bars(&self) -> Bars {
        Bars {
            bars: vec![
                Bar {
                    label: self.t(
                        "لدينا رؤية معلنة لتجربة العميل",
                        "We have a stated CX vision",
                    ),
                    value: Some(3.9),
                    status: Some(Status::Good),
                },
                Bar {
                    label: self.t(
                        "يعرف الموظفون دورهم في تحقيق الرؤية ويُقاس أداؤهم عليها",
                        "Employees know their part in the vision and are measured on it",
                    ),
                    value: Some(2.8),
                    status: Some(Status::Watch),
                },
                Bar {
                    label: self.t(
                        "ميزانية مخصصة لتحسين التجربة (CX)",
                        "A budget for CX improvement",
                    ),
                    value: Some(1.9),
                    status: Some(Status::Poor),
                },
                Bar {
                    label: self.t("لا توجد إجابات", "No answers"),
                    value: None,
                    status: None,
                },
            ],
            min: 1.0,
            max: 5.0,
            target: Some(TargetLine {
                value: 3.5,
                label: self.t("المستهدف", "Target"),
                decimals: 1,
            }),
            decimals: 1,
        }
    }

    /// Segments × dimensions, with a missing and a suppressed (hostile-named) row.
    fn heatmap(&self) -> Heatmap {
        Heatmap {
            columns: DIMS.iter().map(|(ar, en, ..)| self.t(ar, en)).collect(),
            rows: vec![
                HeatRow {
                    label: self.t("الرياض", "Riyadh"),
                    cells: vec![
                        HeatCell::Value(3.6),
                        HeatCell::Value(2.9),
                        HeatCell::Value(2.1),
                        HeatCell::Value(3.3),
                        HeatCell::Value(2.4),
                        HeatCell::Value(4.1),
                    ],
                },
                HeatRow {
                    label: self.t("جدة", "Jeddah"),
                    cells: vec![
                        HeatCell::Value(3.1),
                        HeatCell::Value(2.4),
                        HeatCell::Value(1.6),
                        HeatCell::Value(2.9),
                        HeatCell::Missing,
                        HeatCell::Value(3.5),
                    ],
                },
                HeatRow {
                    label: "<b>&\"' #x(\"y\")".to_string(),
                    cells: vec![HeatCell::Suppressed; 6],
                },
            ],
            min: 1.0,
            max: 5.0,
            decimals: 1,
        }
    }

    /// NPS groups for all customers and one segment.
    fn nps(&self) -> NpsStack {
        NpsStack {
            rows: vec![
                NpsRow {
                    label: self.t("الإجمالي", "Overall"),
                    detractors: 28.0,
                    passives: 31.0,
                    promoters: 41.0,
                },
                NpsRow {
                    label: self.t("الفروع", "Branches"),
                    detractors: 35.5,
                    passives: 30.0,
                    promoters: 34.5,
                },
            ],
            names: NpsNames {
                detractors: format!(
                    "{} ({})",
                    self.t("المنتقدون", "Detractors"),
                    self.range(0.0, 6.0)
                ),
                passives: format!(
                    "{} ({})",
                    self.t("المحايدون", "Passives"),
                    self.range(7.0, 8.0)
                ),
                promoters: format!(
                    "{} ({})",
                    self.t("المروّجون", "Promoters"),
                    self.range(9.0, 10.0)
                ),
            },
            decimals: 0,
        }
    }

    /// NPS by channel against a target, one channel without answers.
    fn nps_channels(&self) -> Columns {
        Columns {
            columns: vec![
                Column {
                    label: self.t("الفروع", "Branches"),
                    value: Some(-9.5),
                    status: Some(Status::Poor),
                },
                Column {
                    label: self.t("مركز الاتصال", "Call centre"),
                    value: Some(12.3),
                    status: Some(Status::Watch),
                },
                Column {
                    label: self.t("التطبيق (iOS)", "App (iOS)"),
                    value: Some(38.04),
                    status: Some(Status::Good),
                },
                Column {
                    label: self.t("الموقع الإلكتروني", "Website"),
                    value: Some(21.0),
                    status: Some(Status::Watch),
                },
                Column {
                    label: self.t("واتساب", "WhatsApp"),
                    value: None,
                    status: None,
                },
            ],
            kind: ValueKind::Signed { decimals: 1 },
            axis: None,
            status_mark: StatusMark::Dot,
            target: Some(TargetLine {
                value: 30.0,
                label: self.t("المستهدف", "Target"),
                decimals: 1,
            }),
        }
    }

    /// A CSAT distribution with labelled scale points.
    fn csat(&self) -> Columns {
        let csat_labels = [
            ("غير راضٍ إطلاقًا", "Very dissatisfied"),
            ("غير راضٍ", "Dissatisfied"),
            ("محايد", "Neutral"),
            ("راضٍ", "Satisfied"),
            ("راضٍ جدًا", "Very satisfied"),
        ];
        let shares = [6.0, 9.5, 18.0, 38.5, 28.0];
        let statuses = [
            Status::Poor,
            Status::Poor,
            Status::Watch,
            Status::Good,
            Status::Good,
        ];
        Columns {
            columns: csat_labels
                .iter()
                .zip(shares)
                .zip(statuses)
                .enumerate()
                .map(|(i, ((l, v), s))| Column {
                    label: format!("{} {}", self.nf.number((i + 1) as f64, 0), self.t(l.0, l.1)),
                    value: Some(v),
                    status: Some(s),
                })
                .collect(),
            kind: ValueKind::Percent { decimals: 1 },
            axis: Some((0.0, 50.0)),
            status_mark: StatusMark::Fill,
            target: None,
        }
    }

    /// A CES distribution on a 1-7 scale.
    fn ces(&self) -> Columns {
        Columns {
            columns: (1..=7)
                .zip([3.0, 5.0, 9.0, 14.0, 22.0, 27.0, 20.0])
                .map(|(k, v)| Column {
                    label: self.nf.number(f64::from(k), 0),
                    value: Some(v),
                    status: Some(if k <= 3 {
                        Status::Poor
                    } else if k <= 5 {
                        Status::Watch
                    } else {
                        Status::Good
                    }),
                })
                .collect(),
            kind: ValueKind::Percent { decimals: 0 },
            axis: None,
            status_mark: StatusMark::Fill,
            target: None,
        }
    }

    /// The maturity ladder, at level 3.
    fn ladder(&self) -> Ladder {
        let names = [
            ("ناشئ", "Initial"),
            ("نامٍ", "Developing"),
            ("محدد", "Defined"),
            ("مُدار", "Managed"),
            ("رائد", "Leading"),
        ];
        Ladder {
            steps: names
                .iter()
                .zip([1.0, 1.8, 2.6, 3.4, 4.2])
                .map(|(n, from)| LadderStep {
                    name: self.t(n.0, n.1),
                    from,
                })
                .collect(),
            max: 5.0,
            current: 2,
            score: 2.95,
            decimals: 2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text content of every `<text>` element, in document order.
    fn texts(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .filter_map(|t| {
                t.split_once('>')
                    .and_then(|(_, rest)| rest.split_once("</text>"))
            })
            .map(|(body, _)| body.trim().to_string())
            .collect()
    }

    #[test]
    fn every_label_is_isolated_and_uses_our_font() {
        let fonts = crate::typeset::FontSet::embedded().families();
        for (name, chart) in gallery().expect("gallery draws") {
            assert!(chart.svg.starts_with("<svg"), "{name}");
            assert!(!chart.alt.is_empty(), "{name}: alt text");
            let family = ChartStyle::new(true).font_family;
            assert!(fonts.contains(&family), "{family} not in {fonts:?}");
            let all = texts(&chart.svg);
            assert!(!all.is_empty(), "{name} has no text");
            for t in all {
                assert!(
                    (t.starts_with('\u{2066}') || t.starts_with('\u{2067}'))
                        && t.ends_with('\u{2069}'),
                    "{name}: label not isolated: {t:?}"
                );
            }
            for line in chart.svg.lines().filter(|l| l.starts_with("<text")) {
                assert!(
                    line.contains("font-family=\"IBM Plex Sans Arabic\""),
                    "{name}: {line}"
                );
            }
        }
    }

    #[test]
    fn arabic_labels_are_rtl_isolated_and_hostile_text_escaped() {
        let charts = gallery().expect("gallery draws");
        let heat = &charts
            .iter()
            .find(|(n, _)| n == "heatmap_ar")
            .expect("heatmap_ar")
            .1;
        assert!(heat.svg.contains("\u{2067}الرياض\u{2069}"));
        // The hostile segment name is escaped, isolated LTR (its first letter is Latin).
        assert!(
            heat.svg
                .contains("\u{2066}&lt;b&gt;&amp;&quot;&apos; #x(&quot;y&quot;)\u{2069}")
        );
        assert!(!heat.svg.contains("<b>"));
        // Numbers in ASCII digits are LTR-isolated so "-1" never reads "1-".
        let ch = &charts
            .iter()
            .find(|(n, _)| n == "nps_channels_ar")
            .expect("channels")
            .1;
        assert!(ch.svg.contains("\u{2066}\u{2212}9.5\u{2069}"));
    }

    /// Arabic-Indic digits for the test: ASCII formatting with the digits swapped.
    struct Indic;

    impl NumberFormat for Indic {
        fn number(&self, value: f64, decimals: u8) -> String {
            AsciiNumbers
                .number(value, decimals)
                .chars()
                .map(|c| match c.to_digit(10) {
                    Some(d) => char::from_u32(0x0660 + d).unwrap_or(c),
                    None if c == '.' => '٫',
                    None => c,
                })
                .collect()
        }
        fn percent(&self, value: f64, decimals: u8) -> String {
            format!("{}٪", self.number(value, decimals))
        }
    }

    /// With Arabic-Indic digits, every number on every chart (ticks, values, legends, level
    /// numbers) comes through the formatter: no ASCII digit is left in any label.
    #[test]
    fn every_number_follows_the_digit_setting() {
        for (name, chart) in gallery_for(true, &Indic).expect("gallery draws") {
            for t in texts(&chart.svg) {
                assert!(
                    !t.chars().any(|c| c.is_ascii_digit()),
                    "{name}: ASCII digit in {t:?}"
                );
            }
            assert!(
                !chart.alt.chars().any(|c| c.is_ascii_digit()),
                "{name}: {}",
                chart.alt
            );
            let arabic_digits = texts(&chart.svg)
                .iter()
                .filter(|t| t.chars().any(|c| ('٠'..='٩').contains(&c)))
                .count();
            assert!(arabic_digits > 0, "{name}: no number at all?");
        }
        for (name, chart) in gallery_for(true, &AsciiNumbers).expect("gallery draws") {
            assert!(
                !chart.svg.chars().any(|c| ('٠'..='٩').contains(&c)),
                "{name}: Arabic-Indic digit with Latin digits on"
            );
        }
    }

    #[test]
    fn same_input_same_bytes() {
        assert_eq!(gallery().expect("first"), gallery().expect("second"));
    }

    /// Every chart goes through Typst's SVG reader (usvg, strict XML) and embeds in a page.
    #[test]
    fn typst_accepts_every_chart() {
        use crate::typeset::{Document, compile_pdf};
        let charts = gallery().expect("gallery draws");
        let mut source = String::from("#set page(width: 20cm, height: auto)\n");
        for (name, chart) in &charts {
            source.push_str(&format!("#image(\"{name}.svg\", width: 16cm)\n"));
            assert!(
                chart.svg.contains(&format!("width=\"{}\"", chart.width)),
                "{name}"
            );
            assert!(
                chart.svg.contains(&format!("height=\"{}\"", chart.height)),
                "{name}"
            );
        }
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("date");
        let mut doc = Document::new(source, "charts.typ", date);
        for (name, chart) in &charts {
            doc.add_file(&format!("{name}.svg"), chart.svg.clone(), None)
                .expect("add");
        }
        let pdf = compile_pdf(&doc).expect("Typst compiles every chart");
        assert!(pdf.warnings.is_empty(), "{:?}", pdf.warnings);
        assert!(pdf.output.starts_with(b"%PDF"));
    }
}
