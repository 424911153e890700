//! Semantic checks of a parsed model. Every problem is collected (not only the first), each
//! placed at the YAML line of the value concerned or, for texts (which carry no position),
//! of the item that owns them.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::types::{At, Model};
use crate::error::{Diagnostic, Place};
use crate::normalize::{is_default_not_applicable, normalize};
use crate::text::{Lang, Text};

/// Widest answer scale accepted: more points than this is a mistake (a percentage typed as
/// a scale), and scales index arrays in later stages.
const MAX_SCALE_POINTS: i64 = 100;

/// Position of a text value: texts carry no position of their own (`Text` is a plain
/// value type), so a second, shape-only parse records where each one is.
type P = At<IgnoredAny>;

/// Where the texts of a model are, mirroring [`Model`]'s shape. Unknown keys are ignored
/// here; the typed parse has already refused them.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ModelPos {
    title: Option<P>,
    description: Option<P>,
    scale: ScalePos,
    levels: Vec<LevelPos>,
    dimensions: Vec<DimensionPos>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ScalePos {
    labels: BTreeMap<At<i64>, P>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LevelPos {
    name: Option<P>,
    description: Option<P>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct DimensionPos {
    name: Option<P>,
    description: Option<P>,
    questions: Vec<QuestionPos>,
    recommendations: BTreeMap<At<u32>, Vec<P>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct QuestionPos {
    text: Option<P>,
    anchors: BTreeMap<At<i64>, P>,
    evidence: Option<P>,
}

/// All problems found in `model`, read from `file`, in file order. `pos` places text
/// problems exactly; without it they point at the item that owns the text.
pub(super) fn check(file: &Path, model: &Model, pos: Option<&ModelPos>) -> Vec<Diagnostic> {
    let empty = ModelPos::default();
    let mut c = Checker {
        file,
        out: Vec::new(),
        pos: pos.unwrap_or(&empty),
    };
    c.model(model);
    c.out.sort_by(|a, b| a.place.cmp(&b.place));
    c.out
}

struct Checker<'a> {
    file: &'a Path,
    out: Vec<Diagnostic>,
    pos: &'a ModelPos,
}

fn place<T>(at: &At<T>) -> Place {
    Place::line(at.line, at.column)
}

impl Checker<'_> {
    fn err<T>(&mut self, at: &At<T>, msg: impl Into<String>) -> &mut Diagnostic {
        self.err_at(place(at), msg)
    }

    fn err_at(&mut self, place: Place, msg: impl Into<String>) -> &mut Diagnostic {
        self.out.push(Diagnostic::error(self.file, place, msg));
        let last = self.out.len() - 1;
        &mut self.out[last]
    }

    fn help(d: &mut Diagnostic, help: impl Into<String>) {
        d.help = Some(help.into());
    }

    /// A text must give both languages when it gives one, and must not be empty. Reported
    /// at the text's own position when known, else at its owner's.
    fn text<T>(&mut self, t: &Text, at: Option<&P>, owner: &At<T>, what: &str) {
        let here = match at {
            Some(p) if p.line > 0 => place(p),
            _ => place(owner),
        };
        if let Some(lang) = t.missing_lang() {
            let (has, lacks) = match lang {
                Lang::Ar => ("English", "Arabic"),
                Lang::En => ("Arabic", "English"),
            };
            let d = self.err_at(here, format!("{what} has {has} text but no {lacks}"));
            Self::help(
                d,
                format!(
                    "add `{}:` beside `{}:` (or write one plain string for both languages)",
                    lang.code(),
                    lang.other().code()
                ),
            );
        } else if t.all().iter().all(|s| s.trim().is_empty()) {
            self.err_at(here, format!("{what} is empty"));
        }
    }

    fn weight(&mut self, w: &At<f64>, what: &str) {
        if !(w.value.is_finite() && w.value > 0.0) {
            let d = self.err(w, format!("{what} weight is {}, must be above 0", w.value));
            Self::help(d, "use a positive number such as 1 or 0.5 (default 1)");
        }
    }

    fn model(&mut self, m: &Model) {
        let id_ok = !m.id.value.is_empty()
            && m.id
                .value
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !id_ok {
            let d = self.err(&m.id, format!("model id `{}` is not valid", m.id.value));
            Self::help(
                d,
                "use lowercase letters, digits and `-`, e.g. `cx-maturity`",
            );
        }
        if m.version.value.trim().is_empty() {
            self.err(&m.version, "version is empty");
        }
        let pos = self.pos;
        self.text(&m.title, pos.title.as_ref(), &m.id, "model `title`");
        if let Some(d) = &m.description {
            self.text(d, pos.description.as_ref(), &m.id, "model `description`");
        }
        let scale_ok = self.scale(m);
        self.levels(m, scale_ok);
        self.dimensions(m, scale_ok);
        self.metrics(m);
        self.scoring(m, scale_ok);
    }

    /// `scoring:` and the question `level:`s it relies on. Gated models need `met_at`
    /// within the scale and a `level` on every question; a dimension with no question at
    /// some level can never pass it (a warning).
    fn scoring(&mut self, m: &Model, scale_ok: bool) {
        let n_levels = m.levels.value.len();
        for q in m
            .dimensions
            .value
            .iter()
            .flat_map(|d| d.questions.value.iter())
        {
            if let Some(l) = &q.level
                && (l.value < 2 || l.value as usize > n_levels)
            {
                let d = self.err(
                    l,
                    format!(
                        "question `{}` has level {}, but practices belong to levels 2..{n_levels}",
                        q.id.value, l.value
                    ),
                );
                Self::help(
                    d,
                    "level 1 is the floor every dimension starts at; give the level the practice is needed for",
                );
            }
        }
        let Some(scoring) = &m.scoring else { return };
        if scoring.value.levels.value != super::types::LevelRule::Gated {
            return;
        }
        match &scoring.value.met_at {
            None => {
                let d = self.err(scoring, "gated scoring needs `met_at`");
                Self::help(
                    d,
                    format!(
                        "the score (scale units) at which a practice counts as met, e.g. `met_at: {}`",
                        m.scale.max.value - 1
                    ),
                );
            }
            Some(at) => {
                let (lo, hi) = (m.scale.min.value as f64, m.scale.max.value as f64);
                if scale_ok && !(at.value.is_finite() && (lo..=hi).contains(&at.value)) {
                    self.err(
                        at,
                        format!(
                            "met_at is {}, must be on the scale {}..{}",
                            at.value, m.scale.min.value, m.scale.max.value
                        ),
                    );
                }
            }
        }
        for dim in m.dimensions.value.iter() {
            for q in dim.questions.value.iter().filter(|q| q.level.is_none()) {
                let d = self.err(
                    &q.id,
                    format!(
                        "question `{}` has no `level`: a gated model needs the level of every practice",
                        q.id.value
                    ),
                );
                Self::help(d, format!("add `level: k` with k from 2 to {n_levels}"));
            }
            let missing: Vec<String> = (2..=n_levels)
                .filter(|k| {
                    !dim.questions
                        .value
                        .iter()
                        .any(|q| q.level.as_ref().is_some_and(|l| l.value as usize == *k))
                })
                .map(|k| k.to_string())
                .collect();
            if !missing.is_empty() {
                let mut d = Diagnostic::warning(
                    self.file,
                    place(&dim.id),
                    format!(
                        "dimension `{}` has no question at level {}: it can never pass {}",
                        dim.id.value,
                        missing.join(", "),
                        if missing.len() == 1 { "it" } else { "them" }
                    ),
                );
                d.help = Some(
                    "a gated dimension reaches level k only with at least one practice at level k"
                        .into(),
                );
                self.out.push(d);
            }
        }
    }

    /// Returns whether the scale bounds are usable for range checks elsewhere.
    fn scale(&mut self, m: &Model) -> bool {
        let (min, max) = (&m.scale.min, &m.scale.max);
        let ok = if min.value >= max.value {
            let d = self.err(
                max,
                format!(
                    "scale max ({}) must be above scale min ({})",
                    max.value, min.value
                ),
            );
            Self::help(d, "e.g. `min: 1` and `max: 5`, or `min: 0` and `max: 4`");
            false
        } else if max.value.saturating_sub(min.value) > MAX_SCALE_POINTS {
            self.err(
                max,
                format!(
                    "scale from {} to {} is too wide (at most {MAX_SCALE_POINTS} steps)",
                    min.value, max.value
                ),
            );
            false
        } else {
            true
        };
        let mut seen: HashMap<String, i64> = HashMap::new();
        for (k, label) in &m.scale.labels {
            if ok && !(min.value..=max.value).contains(&k.value) {
                let d = self.err(
                    k,
                    format!(
                        "label for {} is outside the scale {}..{}",
                        k.value, min.value, max.value
                    ),
                );
                Self::help(d, "label keys must be answer values of the scale");
            }
            let at = self.pos.scale.labels.get(k);
            self.text(label, at, k, &format!("scale label {}", k.value));
            // Labels are accepted as answers: two values with one label would be ambiguous.
            for s in label.all() {
                // The reader's own key: labels it would confuse are caught here.
                let norm = normalize(s);
                if norm.is_empty() {
                    continue;
                }
                match seen.get(&norm) {
                    Some(&other) if other != k.value => {
                        self.err(
                            k,
                            format!(
                                "label `{}` is used for both {other} and {}",
                                s.trim(),
                                k.value
                            ),
                        );
                    }
                    _ => {
                        seen.insert(norm, k.value);
                    }
                }
                // A label that is also an N/A word is read as that answer value, never as
                // N/A (the model's words win): say so, since a respondent may have meant N/A.
                if is_default_not_applicable(s) {
                    let mut d = Diagnostic::warning(
                        self.file,
                        place(k),
                        format!(
                            "label `{}` for {} is also a \"not applicable\" word: answers `{}` count as {}, not as N/A",
                            s.trim(),
                            k.value,
                            s.trim(),
                            k.value
                        ),
                    );
                    d.help = Some(
                        "keep it if that is what the answer means; otherwise choose another label"
                            .into(),
                    );
                    self.out.push(d);
                }
            }
        }
        ok
    }

    fn levels(&mut self, m: &Model, scale_ok: bool) {
        let levels = &m.levels.value;
        if levels.len() < 2 {
            let d = self.err(
                &m.levels,
                format!("a model needs at least 2 levels, found {}", levels.len()),
            );
            Self::help(d, "list the levels from lowest to highest");
        }
        let (min, max) = (m.scale.min.value as f64, m.scale.max.value as f64);
        if let Some(first) = levels.first()
            && scale_ok
            && first.min_score.value != min
        {
            let d = self.err(
                &first.min_score,
                format!(
                    "first level's min_score is {}, must equal scale min {}",
                    first.min_score.value, m.scale.min.value
                ),
            );
            Self::help(d, "every score reaches the first level");
        }
        let mut prev: Option<f64> = None;
        for (i, level) in levels.iter().enumerate() {
            let n = i + 1;
            let s = &level.min_score;
            if !s.value.is_finite() {
                self.err(s, format!("level {n} min_score is not a number"));
            } else if scale_ok && !(min..=max).contains(&s.value) {
                self.err(
                    s,
                    format!(
                        "level {n} min_score {} is outside the scale {}..{}",
                        s.value, m.scale.min.value, m.scale.max.value
                    ),
                );
            }
            if let Some(p) = prev
                && s.value <= p
            {
                let d = self.err(
                    s,
                    format!(
                        "level {n} min_score {} is not above level {} ({p})",
                        s.value,
                        n - 1
                    ),
                );
                Self::help(
                    d,
                    "levels go from lowest to highest, min_score strictly rising",
                );
            }
            prev = Some(s.value);
            let lp = self.pos.levels.get(i);
            let name_at = lp.and_then(|l| l.name.as_ref());
            self.text(&level.name, name_at, s, &format!("level {n} `name`"));
            if let Some(d) = &level.description {
                let at = lp.and_then(|l| l.description.as_ref());
                self.text(d, at, s, &format!("level {n} `description`"));
            }
        }
    }

    fn dimensions(&mut self, m: &Model, scale_ok: bool) {
        if m.dimensions.value.is_empty() {
            self.err(&m.dimensions, "a model needs at least one dimension");
        }
        let mut dim_ids: HashMap<&str, &At<String>> = HashMap::new();
        // Question ids and aliases are column headers: compared as the reader compares them.
        let mut headers: HashMap<String, (&str, &At<String>)> = HashMap::new();
        let n_levels = m.levels.value.len();
        for (di, dim) in m.dimensions.value.iter().enumerate() {
            let dp = self.pos.dimensions.get(di);
            let id = &dim.id;
            let id_ok = !id.value.is_empty()
                && id.value.bytes().all(|b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_'
                });
            if !id_ok {
                let d = self.err(id, format!("dimension id `{}` is not valid", id.value));
                Self::help(
                    d,
                    "use lowercase letters, digits, `-` and `_` (it names narrative files)",
                );
            } else if id.value == "default" {
                let d = self.err(id, "dimension id `default` is reserved");
                Self::help(d, "`targets: {default: ...}` means every other dimension");
            }
            if let Some(first) = dim_ids.insert(&id.value, id) {
                let line = first.line;
                let d = self.err(id, format!("duplicate dimension id `{}`", id.value));
                Self::help(d, format!("first defined on line {line}"));
            }
            let what = format!("dimension `{}`", id.value);
            let name_at = dp.and_then(|d| d.name.as_ref());
            self.text(&dim.name, name_at, id, &format!("{what} `name`"));
            if let Some(d) = &dim.description {
                let at = dp.and_then(|d| d.description.as_ref());
                self.text(d, at, id, &format!("{what} `description`"));
            }
            self.weight(&dim.weight, &what);
            if dim.questions.value.is_empty() {
                let d = self.err(&dim.questions, format!("{what} has no questions"));
                Self::help(d, "give every dimension at least one question");
            }
            for (qi, q) in dim.questions.value.iter().enumerate() {
                let qp = dp.and_then(|d| d.questions.get(qi));
                self.question(m, q, qp, &mut headers, scale_ok);
            }
            self.missing_recommendations(dim, &what, n_levels);
            for (level, recs) in &dim.recommendations {
                if level.value == 0 || level.value as usize > n_levels {
                    let d = self.err(
                        level,
                        format!(
                            "{what} has recommendations for level {}, but the model has levels 1..{n_levels}",
                            level.value
                        ),
                    );
                    Self::help(d, "recommendation keys are level numbers, counting from 1");
                }
                for (i, r) in recs.iter().enumerate() {
                    let at = dp
                        .and_then(|d| d.recommendations.get(level))
                        .and_then(|v| v.get(i));
                    self.text(
                        r,
                        at,
                        level,
                        &format!("{what} recommendation {} for level {}", i + 1, level.value),
                    );
                }
            }
        }
    }

    /// A model that gives recommendations but skips some levels below the top leaves a
    /// dimension at those levels without advice: a warning, since the model still works.
    fn missing_recommendations(&mut self, dim: &super::types::Dimension, what: &str, n: usize) {
        if dim.recommendations.is_empty() {
            return;
        }
        let missing: Vec<String> = (1..n)
            .filter(|l| !dim.recommendations.keys().any(|k| k.value as usize == *l))
            .map(|l| l.to_string())
            .collect();
        if !missing.is_empty() {
            let mut d = Diagnostic::warning(
                self.file,
                place(&dim.id),
                format!(
                    "{what} has no recommendations for level {}",
                    missing.join(", ")
                ),
            );
            d.help = Some(format!(
                "recommendations at level k say how to reach k+1; levels 1..{} need them",
                n - 1
            ));
            self.out.push(d);
        }
    }

    fn question<'m>(
        &mut self,
        m: &Model,
        q: &'m super::types::Question,
        qp: Option<&QuestionPos>,
        headers: &mut HashMap<String, (&'m str, &'m At<String>)>,
        scale_ok: bool,
    ) {
        let id = &q.id;
        if id.value.trim().is_empty() || id.value.trim() != id.value {
            let d = self.err(id, format!("question id `{}` is not valid", id.value));
            Self::help(
                d,
                "ids are non-empty with no spaces around them, e.g. `STR-01`",
            );
        }
        let what = format!("question `{}`", id.value);
        // Keyed as the reader matches headers; the value keeps the spelling to show.
        let mut names: BTreeMap<String, (&str, &str)> = BTreeMap::new();
        names.insert(normalize(&id.value), ("id", id.value.as_str()));
        for a in &q.aliases {
            names
                .entry(normalize(a))
                .or_insert(("alias", a.as_str().trim()));
        }
        for (norm, (kind, shown)) in names {
            if norm.is_empty() {
                self.err(id, format!("{what} has an empty alias"));
                continue;
            }
            match headers.get(&norm) {
                Some((_, other)) if other.value == id.value && other.line == id.line => {}
                Some((other_kind, other)) => {
                    let line = other.line;
                    let msg = if kind == "id" && *other_kind == "id" {
                        format!("duplicate question id `{}`", id.value)
                    } else {
                        format!(
                            "{what}: {kind} `{shown}` is already the {other_kind} of question `{}`",
                            other.value
                        )
                    };
                    let d = self.err(id, msg);
                    Self::help(
                        d,
                        format!(
                            "ids and aliases are column headers and must be unique, ignoring case, spacing and Arabic spelling variants (first on line {line})"
                        ),
                    );
                }
                None => {
                    headers.insert(norm, (kind, id));
                }
            }
        }
        let text_at = qp.and_then(|q| q.text.as_ref());
        self.text(&q.text, text_at, id, &format!("{what} `text`"));
        self.weight(&q.weight, &what);
        for (k, t) in &q.anchors {
            if scale_ok && !(m.scale.min.value..=m.scale.max.value).contains(&k.value) {
                let d = self.err(
                    k,
                    format!(
                        "{what} has an anchor for {}, outside the scale {}..{}",
                        k.value, m.scale.min.value, m.scale.max.value
                    ),
                );
                Self::help(d, "anchor keys must be answer values of the scale");
            }
            let at = qp.and_then(|q| q.anchors.get(k));
            self.text(t, at, k, &format!("{what} anchor {}", k.value));
        }
        if let Some(e) = &q.evidence {
            let at = qp.and_then(|q| q.evidence.as_ref());
            self.text(e, at, id, &format!("{what} `evidence`"));
        }
    }

    fn range(&mut self, v: &Option<At<f64>>, lo: f64, hi: f64, what: &str, unit: &str) {
        if let Some(v) = v
            && !(v.value.is_finite() && (lo..=hi).contains(&v.value))
        {
            self.err(
                v,
                format!("{what} is {}, must be from {lo} to {hi}{unit}", v.value),
            );
        }
    }

    fn metrics(&mut self, m: &Model) {
        let mx = &m.metrics;
        if let Some(nps) = &mx.nps {
            self.range(&nps.target, -100.0, 100.0, "NPS target", " NPS points");
        }
        if let Some(csat) = &mx.csat {
            self.range(&csat.target, 0.0, 100.0, "CSAT target", " percent");
            if !(1..=5).contains(&csat.threshold.value) {
                self.err(
                    &csat.threshold,
                    format!(
                        "CSAT threshold is {}, must be an answer from 1 to 5",
                        csat.threshold.value
                    ),
                );
            }
        }
        if let Some(ces) = &mx.ces {
            let top = ces.scale.value;
            if top != 5 && top != 7 {
                let d = self.err(&ces.scale, format!("CES scale is {top}, must be 5 or 7"));
                Self::help(d, "CES 2.0 uses 1..7 (the default); some surveys use 1..5");
            } else {
                self.range(&ces.target, 1.0, top as f64, "CES target", "");
                if let Some(e) = &ces.easy_min
                    && !(1..=top).contains(&e.value)
                {
                    self.err(
                        e,
                        format!("CES easy_min is {}, must be from 1 to {top}", e.value),
                    );
                }
            }
        }
        if let Some(churn) = &mx.churn {
            self.range(&churn.target, 0.0, 100.0, "churn target", " percent");
        }
        if let Some(clv) = &mx.clv
            && let Some(t) = &clv.target
            && !(t.value.is_finite() && t.value >= 0.0)
        {
            self.err(t, format!("CLV target is {}, must be 0 or more", t.value));
        }
    }
}
