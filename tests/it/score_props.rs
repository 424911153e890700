//! Properties of the scoring rules (proptest): scores stay within the scale, weights are
//! scale-invariant, levels are monotone in the score, NPS stays in [−100, 100], and the
//! order of respondents (and of metric answers) changes nothing.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use nudj::data::{Answer, ClientData, Kind, Rating, Respondent, Responses};
use nudj::error::Place;
use nudj::model::{Model, load_model_str};
use nudj::score::{self, LevelInfo, ScoreOptions, ScoreResult};
use proptest::prelude::*;

/// A generated model: scale, dimension/question weights, level cut points.
#[derive(Debug, Clone)]
struct Shape {
    min: i64,
    span: i64,
    /// Per dimension: (weight, question weights).
    dims: Vec<(f64, Vec<f64>)>,
    /// Fractions of the span where levels 2.. start (sorted, distinct).
    cuts: Vec<f64>,
}

fn shape() -> impl Strategy<Value = Shape> {
    (
        -2i64..=1,
        1i64..=10,
        prop::collection::vec(
            (0.1f64..10.0, prop::collection::vec(0.1f64..10.0, 1..=4)),
            1..=4,
        ),
        prop::collection::btree_set(1u32..100, 1..=4),
    )
        .prop_map(|(min, span, dims, cuts)| Shape {
            min,
            span,
            dims,
            cuts: cuts.into_iter().map(|c| f64::from(c) / 100.0).collect(),
        })
}

fn yaml(s: &Shape, k: f64) -> String {
    let mut y = String::new();
    let _ = writeln!(y, "id: prop\nversion: \"1\"\ntitle: Prop");
    let _ = writeln!(y, "scale: {{min: {}, max: {}}}", s.min, s.min + s.span);
    let _ = writeln!(y, "levels:\n  - {{name: L1, min_score: {}}}", s.min);
    for (i, c) in s.cuts.iter().enumerate() {
        let at = s.min as f64 + c * s.span as f64;
        let _ = writeln!(y, "  - {{name: L{}, min_score: {at}}}", i + 2);
    }
    let _ = writeln!(y, "dimensions:");
    for (di, (w, qs)) in s.dims.iter().enumerate() {
        let _ = writeln!(
            y,
            "  - id: d{di}\n    name: D{di}\n    weight: {}\n    questions:",
            w * k
        );
        for (qi, qw) in qs.iter().enumerate() {
            let _ = writeln!(y, "      - {{id: q{di}-{qi}, text: Q, weight: {}}}", qw * k);
        }
    }
    let _ = writeln!(
        y,
        "metrics:\n  nps: {{target: 20}}\n  csat: {{}}\n  ces: {{}}"
    );
    y
}

fn model(s: &Shape, k: f64) -> Model {
    match load_model_str("prop.yaml", &yaml(s, k)) {
        Ok(m) => m.output,
        Err(e) => panic!("generated model invalid: {e:?}\n{}", yaml(s, k)),
    }
}

fn question_ids(s: &Shape) -> Vec<String> {
    s.dims
        .iter()
        .enumerate()
        .flat_map(|(di, (_, qs))| (0..qs.len()).map(move |qi| format!("q{di}-{qi}")))
        .collect()
}

/// Answers as codes: 0 blank, 1 N/A, 2.. value (scale min + code − 2).
fn data(s: &Shape, codes: &[Vec<u8>], segs: &[u8], nps: &[i32]) -> ClientData {
    let questions = question_ids(s);
    let respondents = codes
        .iter()
        .zip(segs)
        .enumerate()
        .map(|(i, (row, seg))| Respondent {
            id: format!("R{i}"),
            row: i as u32 + 1,
            segments: BTreeMap::from([("Team".to_string(), format!("T{seg}"))]),
            answers: questions
                .iter()
                .enumerate()
                .map(|(qi, _)| match row.get(qi).copied().unwrap_or(0) {
                    0 => Answer::Blank,
                    1 => Answer::NotApplicable,
                    c => Answer::Value((s.min + i64::from(c - 2) % (s.span + 1)) as i32),
                })
                .collect(),
            comments: Vec::new(),
        })
        .collect();
    let rating = |v: i32| Rating {
        score: v,
        channel: Some(if v % 2 == 0 { "even" } else { "odd" }.into()),
        segment: None,
        stage: None,
        date: None,
        comment: None,
        place: Place::File,
    };
    ClientData {
        responses: Responses {
            source: "data.xlsx".into(),
            sheet: "Responses".into(),
            questions,
            segment_columns: vec!["Team".into()],
            respondents,
            kind: Kind::Xlsx,
        },
        nps: Some(nps.iter().map(|&v| rating(v)).collect()),
        csat: Some(nps.iter().map(|&v| rating(v % 5 + 1)).collect()),
        ces: Some(nps.iter().map(|&v| rating(v % 7 + 1)).collect()),
        customers: None,
        clv: None,
        kpis: None,
        assessment: None,
        feeds: Default::default(),
    }
}

fn opts() -> ScoreOptions {
    ScoreOptions {
        min_segment_size: 3,
        ..ScoreOptions::default()
    }
}

/// Everything that is a score (warnings and flag lists keep input order by design).
fn scores(r: &ScoreResult) -> serde_json::Value {
    let mut v = serde_json::to_value(r).unwrap();
    let o = v.as_object_mut().unwrap();
    o.remove("warnings");
    o.remove("data_quality");
    v
}

fn input() -> impl Strategy<Value = (Shape, Vec<Vec<u8>>, Vec<u8>, Vec<i32>)> {
    shape().prop_flat_map(|s| {
        let nq = s.dims.iter().map(|d| d.1.len()).sum::<usize>();
        let n = 0usize..40;
        (
            Just(s),
            n.prop_flat_map(move |n| {
                (
                    prop::collection::vec(prop::collection::vec(0u8..14, nq), n),
                    prop::collection::vec(0u8..4, n),
                )
            }),
            prop::collection::vec(0i32..=10, 0..60),
        )
            .prop_map(|(s, (codes, segs), nps)| (s, codes, segs, nps))
    })
}

fn in_scale(x: Option<f64>, s: &Shape) -> bool {
    x.is_none_or(|x| x >= s.min as f64 - 1e-9 && x <= (s.min + s.span) as f64 + 1e-9)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn scores_stay_within_the_scale((s, codes, segs, nps) in input()) {
        let m = model(&s, 1.0);
        let r = score::score(&m, &data(&s, &codes, &segs, &nps), &opts()).output;
        prop_assert!(in_scale(r.overall.score, &s));
        prop_assert!(r.overall.index.is_none_or(|i| (-1e-9..=100.0 + 1e-9).contains(&i)));
        for d in &r.dimensions {
            prop_assert!(in_scale(d.score, &s));
            prop_assert_eq!(d.level.is_some(), d.score.is_some());
        }
        for q in &r.questions {
            prop_assert!(in_scale(q.mean, &s));
            prop_assert_eq!(q.distribution.iter().sum::<u64>(), q.n);
            prop_assert!(q.sd.is_none_or(|sd| sd >= 0.0 && sd <= s.span as f64));
        }
        for g in &r.segments {
            for d in &g.dimensions {
                prop_assert!(in_scale(d.score, &s));
            }
        }
        // Rows with no valid answer (codes 0 and 1: blank, N/A) are no respondents.
        let answered = codes.iter().filter(|row| row.iter().any(|&c| c >= 2)).count();
        prop_assert_eq!(r.respondents as usize, answered);
        prop_assert_eq!(r.data_quality.no_answer.len(), codes.len() - answered);
    }

    #[test]
    fn multiplying_all_weights_changes_nothing(
        (s, codes, segs, nps) in input(),
        k in prop::sample::select(vec![0.5, 2.0, 3.0, 10.0, 0.01, 7.25]),
    ) {
        let d = data(&s, &codes, &segs, &nps);
        let a = score::score(&model(&s, 1.0), &d, &opts()).output;
        let b = score::score(&model(&s, k), &d, &opts()).output;
        let close = |x: Option<f64>, y: Option<f64>| match (x, y) {
            (Some(x), Some(y)) => (x - y).abs() < 1e-9,
            (None, None) => true,
            _ => false,
        };
        prop_assert!(close(a.overall.score, b.overall.score));
        prop_assert_eq!(a.overall.level, b.overall.level);
        for (x, y) in a.dimensions.iter().zip(&b.dimensions) {
            prop_assert!(close(x.score, y.score), "{:?} vs {:?}", x.score, y.score);
        }
    }

    #[test]
    fn level_is_monotone_in_score(
        cuts in prop::collection::btree_set(1u32..1000, 0..6),
        a in 0.0f64..10.0,
        b in 0.0f64..10.0,
    ) {
        let mut levels = vec![LevelInfo { number: 1, name: "l".into(), min_score: 0.0, description: None }];
        for (i, c) in cuts.iter().enumerate() {
            levels.push(LevelInfo {
                number: i as u32 + 2,
                name: "l".into(),
                min_score: f64::from(*c) / 100.0,
                description: None,
            });
        }
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        prop_assert!(score::level_of(&levels, lo) <= score::level_of(&levels, hi));
        prop_assert!(score::level_of(&levels, lo).is_some());
    }

    #[test]
    fn nps_stays_within_bounds(p in 0u64..5000, pa in 0u64..5000, d in 0u64..5000) {
        if let Some(s) = score::nps_stats(p, pa, d) {
            prop_assert!((-100.0..=100.0).contains(&s.score));
            prop_assert!(s.margin_of_error >= 0.0 && s.margin_of_error.is_finite());
            prop_assert_eq!(s.n, p + pa + d);
        } else {
            prop_assert_eq!(p + pa + d, 0);
        }
    }

    #[test]
    fn respondent_order_changes_nothing(
        (s, codes, segs, nps) in input(),
        seed in any::<u64>(),
    ) {
        let m = model(&s, 1.0);
        let a = score::score(&m, &data(&s, &codes, &segs, &nps), &opts()).output;
        // A seeded Fisher-Yates shuffle of respondents and of metric answers alike.
        let mut order: Vec<usize> = (0..codes.len()).collect();
        let mut x = seed | 1;
        for i in (1..order.len()).rev() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            order.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let codes2: Vec<_> = order.iter().map(|&i| codes[i].clone()).collect();
        let segs2: Vec<_> = order.iter().map(|&i| segs[i]).collect();
        let mut nps2 = nps.clone();
        nps2.reverse();
        let b = score::score(&m, &data(&s, &codes2, &segs2, &nps2), &opts()).output;
        prop_assert_eq!(scores(&a), scores(&b));
        if let Some(n) = &a.metrics.nps {
            prop_assert!((-100.0..=100.0).contains(&n.stats.score));
        }
    }
}
