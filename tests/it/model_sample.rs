//! The shipped sample model `assessments/cx-maturity.yaml` parses into `Model` and has the
//! shape the report, the template and the samples rely on. Structural validation of any model
//! is the model module's job; this checks the content we ship.

use std::collections::BTreeSet;

use nudj::model::Model;
use nudj::text::{Localized, Text};

const SAMPLE: &str = include_str!("../../assessments/cx-maturity.yaml");

fn model() -> Model {
    match serde_saphyr::from_str::<Model>(SAMPLE) {
        Ok(m) => m,
        Err(e) => panic!("assessments/cx-maturity.yaml does not parse:\n{e}"),
    }
}

/// Both languages present and non-blank: the sample is bilingual everywhere.
fn assert_bilingual(t: &Text, what: &str) {
    match t {
        Text::Localized(Localized {
            ar: Some(ar),
            en: Some(en),
        }) => {
            assert!(!ar.trim().is_empty(), "{what}: empty Arabic text");
            assert!(!en.trim().is_empty(), "{what}: empty English text");
            assert!(
                ar.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
                "{what}: Arabic text has no Arabic letters: {ar}"
            );
            assert!(
                en.chars().all(|c| !('\u{0600}'..='\u{06FF}').contains(&c)),
                "{what}: English text contains Arabic letters: {en}"
            );
        }
        other => panic!("{what}: expected {{ar, en}}, got {other:?}"),
    }
}

#[test]
fn sample_model_parses_with_expected_header_and_scale() {
    let m = model();
    assert_eq!(m.id.value, "cx-maturity");
    assert_eq!(m.version.value, "1.0");
    assert_bilingual(&m.title, "title");
    assert_bilingual(m.description.as_ref().expect("description"), "description");
    assert_eq!((m.scale.min.value, m.scale.max.value), (1, 5));
    let keys: Vec<i64> = m.scale.labels.keys().map(|k| k.value).collect();
    assert_eq!(keys, vec![1, 2, 3, 4, 5]);
    for (k, label) in &m.scale.labels {
        assert_bilingual(label, &format!("scale label {}", k.value));
    }
    // Survey exports answer with these labels; the messy fixture relies on "موافق".
    let agree = m
        .scale
        .labels
        .iter()
        .find(|(k, _)| k.value == 4)
        .map(|(_, t)| t);
    assert_eq!(agree.map(|t| t.get(nudj::Lang::Ar)), Some("موافق"));
    assert_eq!(agree.map(|t| t.get(nudj::Lang::En)), Some("Agree"));
}

#[test]
fn sample_model_has_five_ascending_levels_with_the_usual_cut_points() {
    let m = model();
    let cuts: Vec<f64> = m.levels.iter().map(|l| l.min_score.value).collect();
    assert_eq!(cuts, vec![1.0, 1.8, 2.6, 3.4, 4.2]);
    assert_eq!(cuts.first().copied(), Some(m.scale.min.value as f64));
    for (i, l) in m.levels.iter().enumerate() {
        assert_bilingual(&l.name, &format!("level {} name", i + 1));
        assert_bilingual(
            l.description.as_ref().expect("level description"),
            "level description",
        );
    }
}

#[test]
fn sample_model_dimensions_questions_and_recommendations() {
    let m = model();
    assert_eq!(m.dimensions.len(), 8);
    let dim_ids: BTreeSet<&str> = m.dimensions.iter().map(|d| d.id.value.as_str()).collect();
    assert_eq!(dim_ids.len(), 8, "dimension ids must be unique");
    let top_level = m.levels.len() as u32;

    let mut question_ids = BTreeSet::new();
    let mut headers = BTreeSet::new();
    for d in m.dimensions.iter() {
        let id = d.id.value.as_str();
        assert!(
            id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "dimension id {id} is not [a-z0-9-]"
        );
        assert_bilingual(&d.name, &format!("{id} name"));
        assert_bilingual(d.description.as_ref().expect("dimension description"), id);
        assert!(d.weight.value > 0.0);
        assert!(
            (4..=6).contains(&d.questions.len()),
            "{id} has {} questions",
            d.questions.len()
        );
        for q in d.questions.iter() {
            assert!(
                question_ids.insert(q.id.value.clone()),
                "duplicate question {}",
                q.id.value
            );
            assert_bilingual(&q.text, &q.id.value);
            assert!(q.weight.value > 0.0);
            // Header matching accepts texts and aliases: none may mean two questions.
            for h in q
                .text
                .all()
                .into_iter()
                .chain(q.aliases.iter().map(String::as_str))
            {
                assert!(headers.insert(h.to_lowercase()), "header {h} is used twice");
            }
            for (k, anchor) in &q.anchors {
                assert!(
                    (1..=5).contains(&k.value),
                    "{} anchor {} off scale",
                    q.id.value,
                    k.value
                );
                assert_bilingual(anchor, &format!("{} anchor {}", q.id.value, k.value));
            }
        }
        // A recommendation for every level below the top (what to do to reach the next).
        let levels: Vec<u32> = d.recommendations.keys().map(|k| k.value).collect();
        assert_eq!(
            levels,
            (1..top_level).collect::<Vec<_>>(),
            "{id} recommendation levels"
        );
        for (level, recs) in &d.recommendations {
            assert!(
                (2..=3).contains(&recs.len()),
                "{id} level {}: {} recommendations",
                level.value,
                recs.len()
            );
            for r in recs {
                assert_bilingual(r, &format!("{id} recommendation at level {}", level.value));
            }
        }
    }
    let with_aliases = m
        .dimensions
        .iter()
        .flat_map(|d| d.questions.iter())
        .filter(|q| !q.aliases.is_empty());
    assert!(
        with_aliases.count() >= 3,
        "a few questions carry survey-export aliases"
    );
    let with_anchors = m
        .dimensions
        .iter()
        .flat_map(|d| d.questions.iter())
        .filter(|q| !q.anchors.is_empty());
    assert!(
        with_anchors.count() >= 3,
        "some questions have anchored answers"
    );
}

#[test]
fn sample_model_metric_targets() {
    let m = model();
    let target = |t: Option<&nudj::model::At<f64>>| t.map(|a| a.value);
    let nps = m.metrics.nps.as_ref().expect("nps");
    assert_eq!(target(nps.target.as_ref()), Some(30.0));
    let csat = m.metrics.csat.as_ref().expect("csat");
    assert_eq!(target(csat.target.as_ref()), Some(80.0));
    assert_eq!(csat.threshold.value, 4);
    let ces = m.metrics.ces.as_ref().expect("ces");
    assert_eq!(target(ces.target.as_ref()), Some(5.5));
    assert_eq!(ces.scale.value, 7);
    let churn = m.metrics.churn.as_ref().expect("churn");
    assert_eq!(target(churn.target.as_ref()), Some(8.0));
    let clv = m.metrics.clv.as_ref().expect("clv");
    assert_eq!(clv.currency.as_deref(), Some("SAR"));
}
