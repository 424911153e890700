use serde_json::{Value, json};

use super::*;

/// A score result on a 1-5 scale with levels at 1, 2, 3, 4, 4.5 and the given dimensions:
/// (id, score, target, weight). Gap, priority and status are computed as `score` does.
pub(crate) fn result(dims: &[(&str, Option<f64>, Option<f64>, f64)]) -> ScoreResult {
    let dimensions: Vec<Value> = dims
        .iter()
        .map(|(id, score, target, weight)| {
            let gap = target.zip(*score).map(|(t, s)| t - s);
            let status = target
                .zip(*score)
                .map(|(t, s)| crate::score::status(s, t, true));
            json!({
                "id": id, "name": id, "weight": weight, "score": score, "index": null,
                "level": null, "level_name": null, "target": target, "gap": gap,
                "priority": gap.map(|g| g * weight), "status": status, "n": 10,
                "questions": [], "recommendations": [],
            })
        })
        .collect();
    let levels: Vec<Value> = [1.0, 2.0, 3.0, 4.0, 4.5]
        .iter()
        .enumerate()
        .map(|(i, m)| json!({"number": i + 1, "name": format!("L{}", i + 1), "min_score": m}))
        .collect();
    serde_json::from_value(json!({
        "schema_version": 1, "lang": "en",
        "model": {"id": "m", "version": "1", "title": "M", "scale_min": 1, "scale_max": 5,
                  "scale_labels": [], "levels": levels},
        "respondents": 10,
        "overall": {"score": null, "index": null, "level": null, "level_name": null},
        "dimensions": dimensions, "questions": [],
        "ranking": {"dimension_strengths": [], "dimension_gaps": [], "question_strengths": [], "question_gaps": []},
        "segments": [], "metrics": {}, "data_quality": {"total_respondents": 10, "excluded": 0,
            "straightliners": [], "incomplete": []},
        "warnings": [],
    }))
    .unwrap()
}

fn ids(gaps: &[Gap]) -> Vec<&str> {
    gaps.iter().map(|g| g.id.as_str()).collect()
}

#[test]
fn the_roadmap_and_the_largest_gaps_are_one_ranking() {
    // `b` is short of its target by float noise only (3.6 − 3.5999999999999996): today's
    // roadmap took it (priority > 0) while the gap ranking did not (gap > tolerance).
    let r = result(&[
        ("a", Some(3.0), Some(4.0), 1.0),
        ("b", Some(3.5999999999999996), Some(3.6), 1.0),
        ("c", Some(2.0), Some(4.0), 1.0),
        ("d", Some(4.2), Some(4.0), 1.0),
    ]);
    let a = analyse(&r, &[]);
    assert_eq!(ids(&a.gaps), ["c", "a"]);
    let roadmap: Vec<&str> = a.roadmap.iter().flatten().map(String::as_str).collect();
    assert_eq!(roadmap, ids(&a.gaps));
    assert_eq!(a.basis, GapBasis::Target);
}

#[test]
fn gaps_rank_by_gap_times_weight_ties_to_the_lower_score_then_model_order() {
    let r = result(&[
        ("a", Some(3.0), Some(4.0), 1.0),
        ("b", Some(3.5), Some(4.0), 3.0),
        ("c", Some(2.5), Some(4.0), 1.0),
        ("d", Some(3.0), Some(4.0), 1.0),
    ]);
    let a = analyse(&r, &[]);
    // b and c tie at 1.5: c scores lower; a and d tie at 1.0 with equal scores: model order.
    assert_eq!(ids(&a.gaps), ["c", "b", "a", "d"]);
    assert!((a.gaps[0].priority - 1.5).abs() < 1e-12);
    // Four gaps in three phases of two: the last phase is empty and left out.
    assert_eq!(a.roadmap, vec![vec!["c", "b"], vec!["a", "d"]]);
}

#[test]
fn without_targets_gaps_are_the_distance_to_the_next_level() {
    let r = result(&[
        ("a", Some(2.5), None, 1.0), // next level 3.0: gap 0.5
        ("b", Some(3.9), None, 2.0), // next level 4.0: gap 0.1, priority 0.2
        ("c", Some(4.7), None, 1.0), // top level: no gap
        ("d", None, None, 1.0),      // no score: no gap
        ("e", Some(1.0), None, 1.0), // exactly at level 1: next is 2.0
    ]);
    let a = analyse(&r, &[]);
    assert_eq!(a.basis, GapBasis::NextLevel);
    assert_eq!(ids(&a.gaps), ["e", "a", "b"]);
    assert!((a.gap("b").unwrap().gap - 0.1).abs() < 1e-9);
    assert!(a.gap("c").is_none());
}

#[test]
fn strengths_below_target_or_midpoint_are_relative() {
    let good = result(&[
        ("a", Some(4.2), Some(4.0), 1.0),
        ("b", Some(3.4), None, 1.0),
    ]);
    assert!(!analyse(&good, &[]).strengths_relative);
    // 2.40 of 5: below the midpoint (3).
    let low = result(&[("a", Some(2.4), None, 1.0), ("b", Some(2.0), None, 1.0)]);
    let a = analyse(&low, &[]);
    assert_eq!(a.strengths, ["a", "b"]);
    assert!(a.strengths_relative);
    // Above the midpoint but short of its target.
    let short = result(&[
        ("a", Some(3.5), Some(4.0), 1.0),
        ("b", Some(2.0), Some(4.0), 1.0),
    ]);
    assert!(analyse(&short, &[]).strengths_relative);
}

#[test]
fn comments_of_small_groups_in_any_column_are_hidden() {
    let mut r = result(&[("a", Some(3.0), None, 1.0)]);
    let seg = |column: &str, value: &str, n: u64, small: bool| crate::score::SegmentResult {
        column: column.into(),
        value: value.into(),
        n,
        small,
        suppressed: small,
        complementary: false,
        overall: None,
        dimensions: vec![],
        questions: vec![],
    };
    r.segments = vec![
        seg("region", "North", 8, false),
        seg("region", "South", 7, false),
        seg("role", "Agent", 11, false),
        seg("role", "Manager", 4, true),
    ];
    let cols = vec!["region".to_string(), "role".to_string()];
    let a = analyse(&r, &cols);
    let who = |region: &str, role: &str| {
        BTreeMap::from([
            ("region".to_string(), region.to_string()),
            ("role".to_string(), role.to_string()),
        ])
    };
    assert!(a.comments_shown(&who("North", "Agent")));
    assert!(a.comments_shown(&who(" South ", "")));
    // Small in the second column.
    assert!(!a.comments_shown(&who("North", "Manager")));
    // A value that forms no group at all (an excluded respondent alone in it).
    assert!(!a.comments_shown(&who("East", "Agent")));
    // A column that is not a segment column does not hide anything.
    let mut other = who("North", "Agent");
    other.insert("note".into(), "x".into());
    assert!(a.comments_shown(&other));
}

#[test]
fn no_dimension_is_both_a_strength_and_a_gap_in_the_summary() {
    // Four dimensions, all short of their targets (the gov-ar shape): two gaps, two
    // strengths, disjoint.
    let r = result(&[
        ("a", Some(2.6), Some(3.0), 1.0),
        ("b", Some(1.6), Some(3.0), 1.0),
        ("c", Some(2.8), Some(3.0), 1.0),
        ("d", Some(1.8), Some(3.0), 1.0),
    ]);
    let a = analyse(&r, &[]);
    assert_eq!(a.summary_gaps, ["b", "d"]);
    assert_eq!(a.summary_strengths, ["c", "a"]);
    // Eight tied dimensions (every score 2.92, the same target): three and three, disjoint.
    let tied: Vec<(String, Option<f64>, Option<f64>, f64)> = (0..8)
        .map(|i| (format!("d{i}"), Some(2.92), Some(3.5), 1.0))
        .collect();
    let tied: Vec<(&str, Option<f64>, Option<f64>, f64)> = tied
        .iter()
        .map(|(id, s, t, w)| (id.as_str(), *s, *t, *w))
        .collect();
    let a = analyse(&result(&tied), &[]);
    assert_eq!(a.summary_gaps, ["d0", "d1", "d2"]);
    assert_eq!(a.summary_strengths, ["d3", "d4", "d5"]);
    // One dimension: it is the gap; no strengths panel.
    let a = analyse(&result(&[("a", Some(2.0), Some(3.0), 1.0)]), &[]);
    assert_eq!((a.summary_gaps.len(), a.summary_strengths.len()), (1, 0));
}

#[test]
fn without_targets_the_largest_gaps_are_the_weakest_scores() {
    // Next level at 2, 3, 4, 4.5: a 2.9 (gap 0.1), b 3.0 (gap 1.0), c 2.2 (gap 0.8),
    // d 2.2 (gap 0.8), e 4.6 (top level: no gap), f 1.5 (gap 0.5).
    let r = result(&[
        ("a", Some(2.9), None, 1.0),
        ("b", Some(3.0), None, 1.0),
        ("c", Some(2.2), None, 1.0),
        ("d", Some(2.2), None, 1.0),
        ("e", Some(4.6), None, 1.0),
        ("f", Some(1.5), None, 1.0),
    ]);
    let a = analyse(&r, &[]);
    // The roadmap: distance to the next level × weight; c and d tie (score too): model order.
    assert_eq!(ids(&a.gaps), ["b", "c", "d", "f", "a"]);
    assert!(a.gaps.iter().all(|g| g.basis == GapBasis::NextLevel));
    // The panel: lowest scores first (c and d tie: model order), never b (3.0), the
    // roadmap's first; the strongest by score, not among the gaps.
    assert_eq!(a.summary_gaps, ["f", "c", "d"]);
    assert_eq!(a.summary_strengths, ["e", "b", "a"]);
}

#[test]
fn settled_gaps_are_written_to_the_score_result_and_settling_again_changes_nothing() {
    let mut r = result(&[
        ("a", Some(3.0), Some(4.0), 2.0),
        ("b", Some(2.5), None, 1.0),
        ("c", Some(4.6), None, 1.0),
    ]);
    settle_gaps(&mut r);
    let once = r.clone();
    settle_gaps(&mut r);
    assert_eq!(r, once);
    let d = |id: &str| r.dimensions.iter().find(|d| d.id == id).unwrap();
    assert_eq!(d("a").gap_basis, Some(GapBasis::Target));
    assert_eq!((d("a").gap, d("a").priority), (Some(1.0), Some(2.0)));
    assert_eq!(d("b").gap_basis, Some(GapBasis::NextLevel));
    assert!((d("b").gap.unwrap() - 0.5).abs() < 1e-12);
    assert_eq!((d("c").gap, d("c").gap_basis), (None, None));
    assert_eq!(r.ranking.dimension_gaps, ["a", "b"]);
}

/// Tester 6 F41: gated scoring with targets 3. `a` meets its target (3.0, level 2) but
/// practice A3 (level 3, not in place) blocks its next level; `b` (2.6) misses its target.
/// Both are on the roadmap: `b` first (short of its target), then `a` with its practice.
#[test]
fn a_gated_dimension_meeting_its_target_keeps_its_blocking_practices_on_the_roadmap() {
    let mut r = result(&[
        ("a", Some(3.0), Some(3.0), 1.0),
        ("b", Some(2.6), Some(3.0), 1.0),
    ]);
    r.dimensions[0].level = Some(2);
    r.dimensions[0].questions = vec!["A3".into()];
    r.dimensions[1].level = Some(1);
    r.questions = vec![
        serde_json::from_value(json!({
            "id": "A3", "dimension": "a", "text": "A3", "weight": 1.0, "mean": 2.0, "n": 3,
            "sd": null, "distribution": [], "not_applicable": 0, "blank": 0,
            "level": 3, "met": false,
        }))
        .unwrap(),
    ];
    let a = analyse(&r, &[]);
    assert_eq!(ids(&a.gaps), ["b", "a"]);
    assert_eq!(a.gaps[0].basis, GapBasis::Target);
    assert_eq!(a.gaps[1].basis, GapBasis::Practices);
    assert_eq!(a.gaps[1].gap, 1.0);
    // Practice A3 in place: `a` meets its target with nothing blocking, no gap.
    r.questions[0].met = Some(Some(true));
    let a = analyse(&r, &[]);
    assert_eq!(ids(&a.gaps), ["b"]);
}
