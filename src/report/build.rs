//! Builds [`ReportData`] section by section from the score result and its [`Analysis`].
//! Nothing here decides: rankings, gaps, phases, strengths and what is hidden come from the
//! analysis; this module formats and words them.

use std::collections::BTreeMap;

use crate::analysis::{Analysis, GapBasis};
use crate::data::ClientData;
use crate::model::Engagement;
use crate::score::{
    ClvMethod, ClvResult, ConsensusSource, Delta, DimensionResult, GroupBy, HiddenGroup, NpsResult,
    QuestionResult, Reliability, ScoreResult, TargetStatus,
};
use crate::text::{Lang, Text};
use crate::typeset::isolate;
use crate::typeset::markdown::DigitStyle;

use super::contract::*;
use super::{Num, RecommendationFile, VERBATIMS_PER_GROUP, client_quote, fill, share_of};

/// What every section builder reads.
pub(super) struct Ctx<'a> {
    /// The score result.
    pub r: &'a ScoreResult,
    /// The decisions about it.
    pub an: &'a Analysis,
    /// The engagement.
    pub e: &'a Engagement,
    /// The report's language.
    pub lang: Lang,
    /// The number formatter.
    pub num: &'a Num,
    /// The word catalogue.
    pub strings: &'a BTreeMap<String, Text>,
    /// The digits of the report's words.
    pub digits: DigitStyle,
    /// Narrative files present (name → Typst markup).
    pub narr: &'a BTreeMap<String, String>,
    /// The consultant's recommendation files, by dimension id.
    pub own_recs: &'a BTreeMap<String, RecommendationFile>,
    /// Keys asked for that the catalogue does not have (reported after building).
    pub missing: std::cell::RefCell<std::collections::BTreeSet<String>>,
}

impl Ctx<'_> {
    /// A value from the data (segment column or value, channel) as the report names it:
    /// its `labels:` entry for the report's language, else as written.
    pub fn label<'v>(&'v self, value: &'v str) -> &'v str {
        super::labels::label(&self.e.labels, value, self.lang)
    }

    /// A word of the catalogue in the report's language and digits. A key the catalogue
    /// lacks is recorded (see [`Ctx::missing_words`]) and shows as the key in brackets,
    /// never as empty text.
    pub fn s(&self, k: &str) -> String {
        match self.strings.get(k) {
            Some(t) => self.digits.apply(t.get(self.lang)).into_owned(),
            None => {
                self.missing.borrow_mut().insert(k.to_string());
                format!("[{k}]")
            }
        }
    }

    /// The keys asked for that the catalogue lacks, as one error naming them.
    pub fn missing_words(&self) -> crate::error::Result<()> {
        let missing = self.missing.borrow();
        if missing.is_empty() {
            return Ok(());
        }
        let keys: Vec<String> = missing.iter().map(|k| format!("`{k}`")).collect();
        Err(crate::error::Error::Invalid(vec![
            crate::error::Diagnostic::error(
                "report-templates/strings.yaml",
                crate::error::Place::File,
                format!("the word catalogue has no text for {}", keys.join(", ")),
            ),
        ]))
    }

    /// A text of the model or engagement in the report's language, with invisible break
    /// opportunities inside words too long for a table cell or a panel
    /// ([`crate::typeset::breaks::breakable`]).
    fn text(&self, t: &Text) -> String {
        crate::typeset::breaks::breakable(t.get(self.lang)).into_owned()
    }

    /// A score as a fraction of the scale (0..1).
    fn frac(&self, x: f64) -> f64 {
        let min = self.r.model.scale_min as f64;
        let span = (self.r.model.scale_max as f64 - min).max(1.0);
        ((x - min) / span).clamp(0.0, 1.0)
    }

    /// A dimension's recommendations: the model's for its level (unless the consultant's
    /// file replaces them), then the consultant's own.
    fn recommendations(&self, d: &DimensionResult) -> Vec<String> {
        let own = self.own_recs.get(&d.id);
        let model = d
            .recommendations
            .iter()
            .filter(|_| !own.is_some_and(|o| o.replace))
            .map(|t| self.text(t));
        model
            .chain(own.into_iter().flat_map(|o| o.items.iter().cloned()))
            .collect()
    }

    fn question(&self, id: &str) -> Option<&QuestionResult> {
        self.r.questions.iter().find(|q| q.id == id)
    }

    fn dimension(&self, id: &str) -> Option<&DimensionResult> {
        self.r.dimensions.iter().find(|d| d.id == id)
    }

    /// A count phrase of the catalogue ("one respondent", "١٥ مشاركًا"): the form of `key`
    /// the language's plural rule picks for `n` (see [`crate::words::plural_form`]), with
    /// the number in the report's digits.
    pub fn counted(&self, key: &str, n: u64) -> String {
        let form = crate::words::plural_key(key, self.lang, n, |k| self.strings.contains_key(k));
        fill(&self.s(&form), &[("n", &self.num.int(n))])
    }

    /// A count that cannot be negative (scale values of a valid model).
    fn count(&self, x: i64) -> String {
        self.num.int(x.max(0) as u64)
    }
}

/// The status of a target comparison.
pub(super) fn status(s: Option<TargetStatus>) -> Status {
    match s {
        Some(TargetStatus::Met) => Status::Met,
        Some(TargetStatus::Near) => Status::Near,
        Some(TargetStatus::Missed) => Status::Missed,
        None => Status::None,
    }
}

/// The overall result and the summary's opening sentence.
pub(super) fn overall(c: &Ctx<'_>) -> (Overall, String) {
    let (r, num) = (c.r, c.num);
    let level_name = r
        .overall
        .level_name
        .as_ref()
        .map(|t| c.text(t))
        .unwrap_or_else(|| "—".into());
    let level = r.overall.level.map(|l| num.int(u64::from(l)));
    let assessors = r.assessment.as_ref().map_or(0, |a| a.assessors);
    let key = match &r.assessment {
        None => "summary_lead",
        Some(_) if assessors == 0 => "summary_lead_assessment_meeting",
        Some(_) => "summary_lead_assessment",
    };
    // Without an overall level (a dimension unscored in a gated model, or no level reached)
    // the sentence says so instead of "level — (—)"; the caveats below say why.
    let key = if level.is_none() && r.overall.score.is_some() {
        format!("{key}_no_level")
    } else {
        key.to_string()
    };
    let mut lead = fill(
        &c.s(&key),
        &[
            ("level", level.as_deref().unwrap_or("—")),
            ("name", &level_name),
            ("score", &num.score(r.overall.score)),
            ("max", &c.count(r.model.scale_max)),
            ("index", &num.opt(r.overall.index, 0)),
            ("hundred", &num.int(100)),
            (
                "respondents",
                &c.counted("count_respondents", r.respondents),
            ),
            ("assessors", &c.counted("count_assessors", assessors)),
        ],
    );
    for sentence in coverage_caveats(c).into_iter().chain(change_sentences(c)) {
        lead.push(' ');
        lead.push_str(&sentence);
    }
    let change = r
        .comparison
        .as_ref()
        .and_then(|c| c.overall.as_ref())
        .map(|d| num.signed(d.delta, 2));
    let overall = Overall {
        since: change.as_ref().and_then(|_| since_previous(c)),
        score: num.score(r.overall.score),
        index: num.opt(r.overall.index, 0),
        level,
        level_name,
        frac: r.overall.score.map(|x| c.frac(x)),
        change,
    };
    (overall, lead)
}

/// With a previous assessment (engagement `previous:`), the summary's sentences on the overall
/// change: the score then and now with the signed change (the figure the deck headlines,
/// `comparison.overall` of the analysis, two decimals), and the level's move or its staying.
/// Empty without a previous assessment or without an overall score in both.
fn change_sentences(c: &Ctx<'_>) -> Vec<String> {
    let (r, num) = (c.r, c.num);
    let Some(cmp) = r.comparison.as_ref() else {
        return Vec::new();
    };
    let Some(d) = cmp.overall.as_ref() else {
        return Vec::new();
    };
    let (key, who) = match &r.assessment {
        None => (
            "summary_change",
            c.counted("count_respondents", cmp.previous_respondents),
        ),
        Some(_) => ("summary_change_assessment", String::new()),
    };
    // The previous wave named by its month when its JSON has a date (older ones do not).
    let when = previous_month(c);
    let key = match when {
        Some(_) => format!("{key}_dated"),
        None => key.to_string(),
    };
    let mut out = vec![fill(
        &c.s(&key),
        &[
            ("date", when.as_deref().unwrap_or_default()),
            ("respondents", &who),
            ("change", &num.signed(d.delta, 2)),
            ("previous", &num.n(d.previous, 2)),
            ("current", &num.n(d.current, 2)),
        ],
    )];
    let lvl = |l: u32| num.int(u64::from(l));
    match (d.previous_level, d.level) {
        (Some(from), Some(to)) if from != to => out.push(fill(
            &c.s("summary_change_level"),
            &[("from", &lvl(from)), ("to", &lvl(to))],
        )),
        (Some(_), Some(to)) => out.push(fill(
            &c.s("summary_change_same_level"),
            &[("level", &lvl(to))],
        )),
        _ => {}
    }
    out
}

/// The previous assessment's month and year (`March 2026`), `None` without a previous
/// assessment or when its JSON has no date (written before nudj recorded it).
fn previous_month(c: &Ctx<'_>) -> Option<String> {
    let date = c.r.comparison.as_ref()?.previous_date?;
    c.num.f.month_year(date).ok()
}

/// "since the previous assessment", with its month and year when known: what follows a
/// change (`+0.30 since the previous assessment (March 2026)`). `None` without a comparison.
pub(super) fn since_previous(c: &Ctx<'_>) -> Option<String> {
    c.r.comparison.as_ref()?;
    Some(match previous_month(c) {
        Some(date) => fill(&c.s("since_previous_dated"), &[("date", &date)]),
        None => c.s("since_previous"),
    })
}

/// Sentences that follow the summary's opening sentence when the overall figures rest on
/// less than the whole model: dimensions with no score (left out of the overall score and
/// level), and in an assessment the practices nobody rated yet (found by a tester: an overall
/// score built from 1 of 20 practices was presented without a word).
fn coverage_caveats(c: &Ctx<'_>) -> Vec<String> {
    let r = c.r;
    let mut out = Vec::new();
    let unscored = r.dimensions.iter().filter(|d| d.score.is_none()).count() as u64;
    if unscored > 0 {
        let key = if c.e.model.met_at().is_some() {
            "summary_unscored_gated"
        } else {
            "summary_unscored"
        };
        out.push(fill(
            &c.s(key),
            &[
                ("n", &c.num.int(unscored)),
                ("all", &c.num.int(r.dimensions.len() as u64)),
            ],
        ));
    }
    if r.assessment.is_some() {
        let unrated = r
            .questions
            .iter()
            .filter(|q| matches!(q.consensus, Some(None)))
            .count() as u64;
        if unrated > 0 {
            let key = if c.e.model.met_at().is_some() {
                "summary_unrated_gated"
            } else {
                "summary_unrated"
            };
            out.push(fill(
                &c.s(key),
                &[
                    ("n", &c.num.int(unrated)),
                    ("all", &c.num.int(r.questions.len() as u64)),
                ],
            ));
        }
    }
    out
}

/// The model's levels, the client's marked.
pub(super) fn levels(c: &Ctx<'_>) -> Vec<Level> {
    c.r.model
        .levels
        .iter()
        .map(|l| Level {
            number: c.num.int(u64::from(l.number)),
            name: c.text(&l.name),
            min: c.num.threshold(l.min_score),
            description: l.description.as_ref().map(|t| c.text(t)),
            current: c.r.overall.level == Some(l.number),
        })
        .collect()
}

/// The first [`crate::analysis::SUMMARY_ITEMS`] dimensions of a ranking.
pub(super) fn ranked<'i>(
    c: &Ctx<'_>,
    ids: impl Iterator<Item = &'i String>,
) -> Vec<RankedDimension> {
    ids.take(crate::analysis::SUMMARY_ITEMS)
        .filter_map(|id| c.dimension(id))
        .map(|d| RankedDimension {
            name: c.text(&d.name),
            score: c.num.score(d.score),
            status: status(d.status),
        })
        .collect()
}

/// Every dimension's results.
pub(super) fn dimensions(c: &Ctx<'_>) -> Vec<Dimension> {
    let changes: BTreeMap<&str, f64> =
        c.r.comparison
            .iter()
            .flat_map(|c| c.dimensions.iter().map(|d| (d.id.as_str(), d.delta)))
            .collect();
    c.r.dimensions
        .iter()
        .map(|d| dimension(c, d, changes.get(d.id.as_str()).copied()))
        .collect()
}

fn dimension(c: &Ctx<'_>, d: &DimensionResult, change: Option<f64>) -> Dimension {
    let num = c.num;
    let questions = d
        .questions
        .iter()
        .filter_map(|id| c.question(id))
        .map(|q| DimensionQuestion {
            id: q.id.clone(),
            text: c.text(&q.text),
            mean: num.opt(q.mean, 2),
            frac: q.mean.map(|x| c.frac(x)),
        })
        .collect();
    let found = c.an.dimension(&d.id);
    let means = |ids: Option<&Vec<String>>| -> Vec<QuestionMean> {
        ids.into_iter()
            .flatten()
            .filter_map(|id| c.question(id))
            .map(|q| QuestionMean {
                text: c.text(&q.text),
                mean: num.opt(q.mean, 2),
            })
            .collect()
    };
    let gap = gap_cell(c, d);
    Dimension {
        id: d.id.clone(),
        name: c.text(&d.name),
        description: d.description.as_ref().map(|t| c.text(t)),
        weight: num.n(d.weight, 1),
        score: num.score(d.score),
        frac: d.score.map(|x| c.frac(x)),
        // As written in the engagement, at least one decimal: 3.45 is not "3.5" beside a
        // gap of 0.05.
        target: d.target.map_or_else(
            || "—".into(),
            |t| num.n(t, crate::rounding::threshold_decimals(t, 1)),
        ),
        target_frac: d.target.map(|x| c.frac(x)),
        gap,
        level: d.level.map(|l| num.int(u64::from(l))),
        level_name: d.level_name.as_ref().map(|t| c.text(t)),
        status: if d.score.is_none() {
            Status::NoAnswers
        } else {
            status(d.status)
        },
        sector_median: d.benchmark.as_ref().map(|b| num.n(b.median, 2)),
        percentile: d.benchmark.as_ref().map(|b| num.n(b.percentile, 0)),
        change: change.map(|x| num.signed(x, 2)),
        change_dir: change.map(|x| {
            if x > 0.005 {
                ChangeDir::Up
            } else if x < -0.005 {
                ChangeDir::Down
            } else {
                ChangeDir::Flat
            }
        }),
        n: num.int(d.n),
        respondents: c.counted("count_respondents", d.n),
        questions,
        strengths: means(found.map(|f| &f.strengths)),
        strengths_relative: found.is_some_and(|f| f.strengths_relative),
        gaps: means(found.map(|f| &f.gaps)),
        recommendations: c.recommendations(d),
        narrative: c.narr.contains_key(&d.id),
    }
}

/// The CX metrics: the headline table's rows and each metric's section.
pub(super) struct Metrics {
    pub headline: Vec<HeadlineMetric>,
    pub nps: Option<Nps>,
    pub csat: Option<Distributed>,
    pub ces: Option<Distributed>,
    pub churn: Option<Churn>,
    pub clv: Option<Clv>,
}

/// The score's decision on a change (`None`: too few answers to test it): the short words
/// of a table ("not significant") and the sentence's ("not significant at 95%").
fn significance(c: &Ctx<'_>, significant: Option<bool>) -> (String, String) {
    let (short, long) = match significant {
        Some(true) => ("significant", "change_significant"),
        Some(false) => ("not_significant", "change_not_significant"),
        None => ("change_untested", "change_untested"),
    };
    (
        c.s(short),
        fill(&c.s(long), &[("level", &c.num.pct(95.0, 0))]),
    )
}

/// A tested change as the headline table's (change, significance) columns.
fn split(
    change: Option<&(&Delta, (String, String))>,
    format: impl Fn(&Delta) -> String,
) -> (Option<String>, Option<String>) {
    match change {
        Some((d, (short, _))) => (Some(format(d)), Some(short.clone())),
        None => (None, None),
    }
}

/// The sentence of a metric's change since the previous assessment with the change's
/// significance ("Change since the previous assessment: +13.5 (from +3.2 to +16.7), not
/// significant at 95%."); `value` formats the metric's values, `signed` its change.
fn change_sentence(
    c: &Ctx<'_>,
    change: Option<(&Delta, (String, String))>,
    value: &dyn Fn(f64) -> String,
    signed: &dyn Fn(f64) -> String,
) -> Option<String> {
    let (d, (_, reading)) = change?;
    Some(fill(
        &c.s("change_line"),
        &[
            ("change", &signed(d.delta)),
            ("previous", &value(d.previous)),
            ("current", &value(d.current)),
            ("reading", &reading),
        ],
    ))
}

pub(super) fn metrics(c: &Ctx<'_>) -> Metrics {
    let (m, num) = (&c.r.metrics, c.num);
    let target = |t: Option<f64>, f: &dyn Fn(f64) -> String| t.map(f).unwrap_or_else(|| "—".into());
    let mut headline = Vec::new();
    let cmp = c.r.comparison.as_ref();
    // The tested changes (NPS, CSAT, CES): the score's significance decision, in words.
    let nps_change = cmp.and_then(|p| p.nps.as_ref()).map(|d| {
        let reading = significance(c, Some(d.significant));
        (&d.delta, reading)
    });
    fn tested<'d>(c: &Ctx<'_>, d: &'d crate::score::TestedDelta) -> (&'d Delta, (String, String)) {
        (
            &d.delta,
            significance(c, d.threshold.map(|_| d.significant)),
        )
    }
    let csat_change = cmp.and_then(|p| p.csat.as_ref()).map(|d| tested(c, d));
    let ces_change = cmp.and_then(|p| p.ces.as_ref()).map(|d| tested(c, d));
    let mut row = |name: &str, value: String, target: String, st: Option<TargetStatus>| {
        // The change since the previous assessment, in the value's own decimals, with the
        // significance of the tested ones.
        let (change, significance) = match name {
            "nps_short" => split(nps_change.as_ref(), |d| num.signed(d.delta, 1)),
            "csat" => split(csat_change.as_ref(), |d| num.signed(d.delta, 1)),
            "ces" => split(ces_change.as_ref(), |d| num.signed(d.delta, 2)),
            "churn" => (
                cmp.and_then(|p| p.churn.as_ref())
                    .map(|d| num.signed(d.delta, 1)),
                None,
            ),
            "clv" => (
                cmp.and_then(|p| p.clv.as_ref())
                    .map(|d| num.signed(d.delta, 0)),
                None,
            ),
            _ => (None, None),
        };
        headline.push(HeadlineMetric {
            name: c.s(name),
            value,
            target,
            status: status(st),
            change,
            significance,
        })
    };
    let nps = m.nps.as_ref().map(|n| {
        row(
            "nps_short",
            num.signed(n.stats.score, 1),
            target(n.target, &|t| num.signed(t, 1)),
            n.status,
        );
        nps(c, n)
    });
    let csat = m.csat.as_ref().map(|x| {
        row(
            "csat",
            num.pct(x.score, 1),
            target(x.target, &|t| num.pct(t, 1)),
            x.status,
        );
        let line = fill(
            &c.s("csat_line"),
            &[
                ("score", &num.pct(x.score, 1)),
                ("threshold", &c.count(x.threshold)),
                ("mean", &num.n(x.mean, 2)),
                ("ratings", &c.counted("count_ratings", x.n)),
            ],
        );
        let change = change_sentence(c, csat_change.clone(), &|v| num.pct(v, 1), &|v| {
            num.signed(v, 1)
        });
        distributed(
            c,
            (line, change),
            &x.distribution,
            &x.by_channel,
            &x.by_segment,
            &x.hidden,
        )
    });
    let ces = m.ces.as_ref().map(|x| {
        row(
            "ces",
            num.n(x.mean, 2),
            target(x.target, &|t| num.n(t, 1)),
            x.status,
        );
        let line = fill(
            &c.s("ces_line"),
            &[
                ("mean", &num.n(x.mean, 2)),
                ("scale", &c.count(x.scale)),
                ("share", &num.pct(x.easy_share, 1)),
                ("easy", &c.count(x.easy_min)),
                ("ratings", &c.counted("count_ratings", x.n)),
            ],
        );
        let change = change_sentence(c, ces_change.clone(), &|v| num.n(v, 2), &|v| {
            num.signed(v, 2)
        });
        distributed(
            c,
            (line, change),
            &x.distribution,
            &x.by_channel,
            &x.by_segment,
            &x.hidden,
        )
    });
    let churn = m.churn.as_ref().map(|x| {
        row(
            "churn",
            num.pct(x.rate, 1),
            target(x.target, &|t| num.pct(t, 1)),
            x.status,
        );
        Churn {
            line: fill(&c.s("churn_line"), &[("rate", &num.pct(x.rate, 1))]),
            periods: x
                .periods
                .iter()
                .map(|p| ChurnPeriod {
                    period: isolate(&p.period, c.lang),
                    start: num.n(p.customers_start, 0),
                    end: num.n(p.customers_end, 0),
                    lost: num.n(p.lost, 0),
                    rate: num.pct(p.rate, 1),
                })
                .collect(),
        }
    });
    let clv = m.clv.as_ref().map(|x| {
        let cur = x.currency.as_deref();
        row(
            "clv",
            num.money(x.value, cur),
            target(x.target, &|t| num.money(t, cur)),
            x.status,
        );
        clv(c, x)
    });
    Metrics {
        headline,
        nps,
        csat,
        ces,
        churn,
        clv,
    }
}

fn nps(c: &Ctx<'_>, n: &NpsResult) -> Nps {
    let (st, num) = (&n.stats, c.num);
    let share = |k: u64| share_of(k, st.n);
    let group = |g: &crate::score::NpsGroup| NpsGroup {
        value: isolate(c.label(&g.value), c.lang),
        score: num.signed(g.stats.score, 1),
        // Below the engagement's minimum group size a margin of error is false precision
        // (two detractors gave ±0.0, found by a tester): said so instead.
        moe: if g.small {
            c.s("n_too_small")
        } else {
            num.pm(g.stats.margin_of_error, 1)
        },
        n: num.int(g.stats.n),
        small: g.small,
        promoters: num.pct(share_of(g.stats.promoters, g.stats.n), 0),
        detractors: num.pct(share_of(g.stats.detractors, g.stats.n), 0),
    };
    let line = fill(
        &c.s("nps_line"),
        &[
            ("score", &num.signed(st.score, 1)),
            ("moe", &num.pm(st.margin_of_error, 1)),
            ("conf", &num.pct(95.0, 0)),
            ("ratings", &c.counted("count_ratings", st.n)),
            ("p", &num.int(st.promoters)),
            ("pa", &num.int(st.passives)),
            ("d", &num.int(st.detractors)),
        ],
    );
    let change = change_sentence(
        c,
        c.r.comparison
            .as_ref()
            .and_then(|p| p.nps.as_ref())
            .map(|d| (&d.delta, significance(c, Some(d.significant)))),
        &|v| num.signed(v, 1),
        &|v| num.signed(v, 1),
    );
    let shares = [
        ("detractors", st.detractors),
        ("passives", st.passives),
        ("promoters", st.promoters),
    ]
    .into_iter()
    .map(|(key, k)| Share {
        key: key.into(),
        frac: share(k) / 100.0,
        label: num.pct(share(k), 0),
    })
    .collect();
    Nps {
        line,
        change,
        score: num.signed(st.score, 1),
        moe: num.pm(st.margin_of_error, 1),
        target: n.target.map(|t| num.signed(t, 1)),
        status: status(n.status),
        shares,
        by_channel: n.by_channel.iter().map(group).collect(),
        by_segment: n.by_segment.iter().map(group).collect(),
        hidden_channels: hidden_note(c, &n.hidden, GroupBy::Channel, n.by_channel.len()),
        hidden_segments: hidden_note(c, &n.hidden, GroupBy::Segment, n.by_segment.len()),
        sector: n.benchmark.as_ref().map(|b| {
            fill(
                &c.s("nps_sector_line"),
                &[
                    ("median", &num.signed(b.median, 1)),
                    ("q1", &num.signed(b.q1, 1)),
                    ("q3", &num.signed(b.q3, 1)),
                    ("pct", &num.n(b.percentile, 0)),
                    ("organisations", &c.counted("count_organisations", b.n)),
                ],
            )
        }),
    }
}

/// The benchmark the result was placed in, named for the methodology.
pub(super) fn benchmark(c: &Ctx<'_>) -> Option<BenchmarkNote> {
    let b = c.r.benchmark.as_ref()?;
    let num = c.num;
    let organisations = num.int(b.organisations);
    let name = b.name.as_deref().map(|n| isolate(n, c.lang));
    // The model by its title (the benchmark's model id is the result's; see benchmark::place).
    let model = c.text(&c.r.model.title);
    let key = if name.is_some() {
        "benchmark_line"
    } else {
        "benchmark_line_unnamed"
    };
    let line = fill(
        &c.s(key),
        &[
            ("name", name.as_deref().unwrap_or_default()),
            ("model", &model),
            (
                "organisations",
                &c.counted("count_organisations", b.organisations),
            ),
            (
                "min_organisations",
                &c.counted("count_organisations", b.min_orgs),
            ),
        ],
    );
    Some(BenchmarkNote {
        name,
        organisations,
        line,
    })
}

fn clv(c: &Ctx<'_>, x: &ClvResult) -> Clv {
    let (num, cur) = (c.num, x.currency.as_deref());
    let value = num.money(x.value, cur);
    let line = match x.method {
        ClvMethod::Single => fill(&c.s("clv_single"), &[("value", &value)]),
        ClvMethod::Weighted => {
            let customers: f64 = x.rows.iter().filter_map(|r| r.customers).sum();
            fill(
                &c.s("clv_weighted"),
                &[("value", &value), ("customers", &num.n(customers, 0))],
            )
        }
        ClvMethod::Unweighted => fill(
            &c.s("clv_unweighted"),
            &[("value", &value), ("n", &num.int(x.rows.len() as u64))],
        ),
    };
    let rows = x
        .rows
        .iter()
        .map(|row| ClvRow {
            customers: row
                .customers
                .map(|n| num.n(n, 0))
                .unwrap_or_else(|| "—".into()),
            segment: row
                .segment
                .as_deref()
                .map(|s| isolate(c.label(s), c.lang))
                .unwrap_or_else(|| c.s("all_customers")),
            apv: num.money(row.avg_purchase_value, cur),
            freq: num.n(row.purchase_frequency, 1),
            life: num.n(row.customer_lifespan_years, 1),
            margin: num.pct(row.gross_margin * 100.0, 0),
            value: num.money(row.value, cur),
        })
        .collect();
    Clv {
        value,
        line,
        // The customers column is shown only when it weighted the headline.
        weighted: x.method == ClvMethod::Weighted,
        rows,
    }
}

/// CSAT or CES groups (channel or segment) for a table.
/// A CSAT or CES section: its sentence, the answers' distribution (scale from 1) and the
/// result per channel and per segment.
fn distributed(
    c: &Ctx<'_>,
    (line, change): (String, Option<String>),
    counts: &[u64],
    by_channel: &[crate::score::RatingGroup],
    by_segment: &[crate::score::RatingGroup],
    hidden: &[HiddenGroup],
) -> Distributed {
    Distributed {
        line,
        change,
        dist: distribution(c.num, counts, 1),
        by_channel: rating_groups(c, by_channel),
        by_segment: rating_groups(c, by_segment),
        hidden_channels: hidden_note(c, hidden, GroupBy::Channel, by_channel.len()),
        hidden_segments: hidden_note(c, hidden, GroupBy::Segment, by_segment.len()),
    }
}

/// The sentences under a metric's breakdown when the score hid groups of it for anonymity
/// (docs/privacy.md): the small groups named with their answers, then the groups hidden
/// with them, or that no group is shown (`shown`: the groups of the breakdown shown). `None`
/// when none is hidden.
fn hidden_note(c: &Ctx<'_>, hidden: &[HiddenGroup], by: GroupBy, shown: usize) -> Option<String> {
    let named = |complementary: bool| -> Vec<String> {
        hidden
            .iter()
            .filter(|g| g.by == by && g.complementary == complementary)
            .map(|g| {
                format!(
                    "{} ({})",
                    isolate(c.label(&g.value), c.lang),
                    c.num.int(g.n)
                )
            })
            .collect()
    };
    let (small, too) = (named(false), named(true));
    if small.is_empty() && too.is_empty() {
        return None;
    }
    // The small groups are counted, never named: a customer's name can be a segment.
    let mut note = hidden_small_note(c, small.len() as u64, "count_ratings");
    if !too.is_empty() {
        note.push(' ');
        if shown > 0 {
            note.push_str(&fill(
                &c.s("segments_hidden_too"),
                &[("groups", &and_list(c, &too))],
            ));
        } else {
            note.push_str(&c.s("metric_all_hidden"));
        }
    }
    Some(note)
}

fn rating_groups(c: &Ctx<'_>, groups: &[crate::score::RatingGroup]) -> Vec<RatingGroup> {
    let num = c.num;
    groups
        .iter()
        .map(|g| RatingGroup {
            value: isolate(c.label(&g.value), c.lang),
            n: num.int(g.n),
            small: g.small,
            mean: num.n(g.mean, 2),
            share: num.pct(g.share, 1),
        })
        .collect()
}

/// A distribution (counts per answer from `first`) as bars with shares.
fn distribution(num: &Num, counts: &[u64], first: i64) -> Vec<ValueBar> {
    let total: u64 = counts.iter().sum();
    counts
        .iter()
        .enumerate()
        .map(|(i, k)| ValueBar {
            value: num.int((first + i as i64).max(0) as u64),
            label: num.pct(share_of(*k, total), 0),
            frac: if total > 0 {
                *k as f64 / total as f64
            } else {
                0.0
            },
        })
        .collect()
}

/// One table per segment column, its rows in the score's order.
pub(super) fn segments(c: &Ctx<'_>) -> Vec<SegmentTable> {
    let num = c.num;
    let mut tables: Vec<SegmentTable> = Vec::new();
    // Groups hidden as small, per column: counted, never named.
    let mut small: Vec<(String, u64)> = Vec::new();
    for seg in &c.r.segments {
        let column = isolate(c.label(&seg.column), c.lang);
        if seg.hidden_as_small() {
            match small.iter_mut().find(|(col, _)| *col == column) {
                Some((_, k)) => *k += 1,
                None => small.push((column, 1)),
            }
            continue;
        }
        let scores =
            c.r.dimensions
                .iter()
                .map(|d| {
                    let sc = seg
                        .dimensions
                        .iter()
                        .find(|x| x.id == d.id)
                        .and_then(|x| x.score);
                    ScoreCell {
                        score: sc.map(|x| num.n(x, 2)),
                        frac: sc.map(|x| c.frac(x)),
                    }
                })
                .collect();
        let row = SegmentRow {
            value: isolate(c.label(&seg.value), c.lang),
            n: num.int(seg.n),
            small: seg.small,
            suppressed: seg.suppressed,
            complementary: seg.complementary,
            overall: seg
                .overall
                .as_ref()
                .and_then(|o| o.score)
                .map(|x| num.n(x, 2)),
            scores,
        };
        match tables.iter_mut().find(|t| t.column == column) {
            Some(t) => t.rows.push(row),
            None => tables.push(SegmentTable {
                column,
                rows: vec![row],
                note: None,
                hidden_small: None,
                heatmaps: Vec::new(),
            }),
        }
    }
    for (i, t) in tables.iter_mut().enumerate() {
        t.heatmaps = super::charts::heatmap_names(i, t.rows.len());
        t.note = complementary_note(c, &t.column, &t.rows);
        let hidden = small.iter().find(|(col, _)| *col == t.column).map(|x| x.1);
        t.hidden_small = hidden.map(|k| hidden_small_note(c, k, "count_respondents"));
    }
    tables
}

/// "Groups hidden for anonymity (fewer than 5 respondents each): 3.": the groups hidden
/// because they are small, counted and never named (a group's value may be a person's
/// name). `unit` is the counted word of the minimum (`count_respondents`, `count_ratings`).
fn hidden_small_note(c: &Ctx<'_>, groups: u64, unit: &str) -> String {
    fill(
        &c.s("groups_hidden_small"),
        &[
            ("count", &c.num.int(groups)),
            ("min", &c.counted(unit, u64::from(c.e.min_segment_size))),
        ],
    )
}

/// A dimension's gap as the results table shows it (the analysis's [`dimension_gap`]): a
/// score distance, a count of blocking practices, `0` for a gated dimension with nothing
/// blocking, `—` without one. In a table of gaps to targets, a dimension without a target
/// shows its gap to the next level, said so ("0.29 to next level").
///
/// [`dimension_gap`]: crate::analysis::dimension_gap
fn gap_cell(c: &Ctx<'_>, d: &DimensionResult) -> String {
    let num = c.num;
    match crate::analysis::dimension_gap(c.r, d, &c.an.blocking) {
        Some((GapBasis::Practices, g)) => num.int(g as u64),
        Some((basis, g)) => gap_text(c, basis, g),
        None if c.an.basis == GapBasis::Practices && d.level.is_some() => num.int(0),
        None => "—".into(),
    }
}

/// A score-distance gap: the number, or "0.29 to next level" when the engagement measures
/// gaps to targets and this one is to the next level (a dimension without a target).
fn gap_text(c: &Ctx<'_>, basis: GapBasis, g: f64) -> String {
    let zero = c.num.n(0.0, 2);
    // A negative gap that rounds to zero is no gap (never `−0.00`).
    let above = g < 0.0 && c.num.n(-g, 2) != zero;
    let g = if g < 0.0 && !above { 0.0 } else { g };
    let n = c.num.gap(g);
    if basis == GapBasis::Target && above {
        // A score above its target: no negative gap, the distance above it (tester 5 F18).
        fill(&c.s("gap_above_target"), &[("gap", &c.num.n(-g, 2))])
    } else if basis == GapBasis::NextLevel && c.an.basis == GapBasis::Target {
        fill(&c.s("gap_to_next_level_of"), &[("gap", &n)])
    } else {
        n
    }
}

/// The sentence under a segment column's heatmap when groups that are not small are hidden
/// (complementary suppression, decided by the score): every group hidden, or the ones hidden
/// too, named with their respondents. `None` when none is.
fn complementary_note(c: &Ctx<'_>, column: &str, rows: &[SegmentRow]) -> Option<String> {
    let too: Vec<String> = rows
        .iter()
        .filter(|r| r.complementary)
        .map(|r| format!("{} ({})", r.value, r.n))
        .collect();
    if too.is_empty() {
        None
    } else if rows.iter().all(|r| r.suppressed) {
        Some(fill(&c.s("segments_all_hidden"), &[("column", column)]))
    } else {
        Some(fill(
            &c.s("segments_hidden_too"),
            &[("groups", &and_list(c, &too))],
        ))
    }
}

/// The practices-basis gap of a dimension: "2 practices", or `—`.
fn practices_gap(c: &Ctx<'_>, id: &str) -> String {
    c.an.blocking(id)
        .map(|b| c.counted("count_practices", b.questions.len() as u64))
        .unwrap_or_else(|| "—".into())
}

/// The roadmap: the analysis's phases, each dimension with its gap and recommendations.
pub(super) fn roadmap(c: &Ctx<'_>) -> Vec<Phase> {
    ["phase_1", "phase_2", "phase_3"]
        .iter()
        .zip(&c.an.roadmap)
        .map(|(key, ids)| Phase {
            title: c.s(key),
            items: ids
                .iter()
                .filter_map(|id| Some((c.dimension(id)?, c.an.gap(id)?)))
                .map(|(d, g)| RoadmapItem {
                    name: c.text(&d.name),
                    priority: c.num.gap(g.priority),
                    gap: match g.basis {
                        GapBasis::Practices => practices_gap(c, &d.id),
                        basis => gap_text(c, basis, g.gap),
                    },
                    level_name: d.level_name.as_ref().map(|t| c.text(t)),
                    blocking: blocking_lines(c, &d.id),
                    recommendations: c.recommendations(d),
                })
                .collect(),
        })
        .filter(|p| !p.items.is_empty())
        .collect()
}

/// The practices blocking a dimension's next level, `ID: text` each (gated models).
fn blocking_lines(c: &Ctx<'_>, id: &str) -> Vec<String> {
    c.an.blocking(id)
        .into_iter()
        .flat_map(|b| b.questions.iter())
        .filter_map(|q| c.question(q))
        .map(|q| format!("{}: {}", isolate(&q.id, c.lang), c.text(&q.text)))
        .collect()
}

/// A survey (not an assessment) with fewer scored respondents than `min_segment_size`, where
/// the engagement hides small groups: the whole survey is such a group, so its statements'
/// answer distributions and its comments are withheld (tester 6 F32, docs/privacy.md).
pub(crate) fn small_survey(r: &crate::score::ScoreResult, e: &crate::model::Engagement) -> bool {
    r.assessment.is_none()
        && e.suppress_small_segments
        && r.respondents > 0
        && r.respondents < u64::from(e.min_segment_size)
}

/// Every statement's result, by dimension. Weights are shown only when some differ from 1.
/// A survey smaller than the minimum group ([`small_survey`]) has no distributions.
pub(super) fn appendix(c: &Ctx<'_>) -> Vec<AppendixDimension> {
    let weighted = c.r.questions.iter().any(|q| (q.weight - 1.0).abs() > 1e-9);
    let withheld = small_survey(c.r, c.e);
    c.r.dimensions
        .iter()
        .map(|d| AppendixDimension {
            name: c.text(&d.name),
            questions: d
                .questions
                .iter()
                .filter_map(|id| c.question(id))
                .map(|q| {
                    let mut a = appendix_question(c, q, weighted);
                    if withheld {
                        // With the mean and n, the spread would give the answers (2
                        // respondents, mean 3.00, SD 2.83: a 1 and a 5).
                        a.dist.clear();
                        a.sd = c.num.opt(None, 2);
                    }
                    a
                })
                .collect(),
        })
        .collect()
}

fn appendix_question(c: &Ctx<'_>, q: &QuestionResult, weighted: bool) -> AppendixQuestion {
    let num = c.num;
    let total: u64 = q.distribution.iter().sum();
    AppendixQuestion {
        id: isolate(&q.id, c.lang),
        text: c.text(&q.text),
        mean: num.opt(q.mean, 2),
        n: num.int(q.n),
        sd: num.opt(q.sd, 2),
        na: num.int(q.not_applicable),
        weight: weighted.then(|| num.n(q.weight, 1)),
        dist: q
            .distribution
            .iter()
            .map(|k| Bar {
                label: num.pct(share_of(*k, total), 0),
                frac: if total > 0 {
                    *k as f64 / total as f64
                } else {
                    0.0
                },
            })
            .collect(),
    }
}

/// The data-quality table.
pub(super) fn quality(c: &Ctx<'_>) -> Vec<LabelValue> {
    let (r, num) = (c.r, c.num);
    let dq = &r.data_quality;
    let tally = |f: fn(&QuestionResult) -> u64| r.questions.iter().map(f).sum::<u64>();
    if let Some(a) = &r.assessment {
        let agreed = r.questions.iter().filter(|q| q.mean.is_some()).count() as u64;
        return [
            ("dq_assessors", a.assessors),
            ("dq_practices_rated", agreed),
            ("dq_consensus_rows", a.consensus_rows),
            ("dq_disagreements", a.disagreements.len() as u64),
            ("dq_na_ratings", tally(|q| q.not_applicable)),
            ("dq_survey", r.respondents),
        ]
        .into_iter()
        .map(|(k, v)| LabelValue {
            label: c.s(k),
            value: num.int(v),
        })
        .collect();
    }
    [
        ("dq_total", dq.total_respondents),
        ("dq_scored", r.respondents),
        ("dq_excluded", dq.excluded),
        ("dq_straight", dq.straightliners.len() as u64),
        ("dq_incomplete", dq.incomplete.len() as u64),
        ("dq_no_answer", dq.no_answer.len() as u64),
        ("dq_na", tally(|q| q.not_applicable)),
        ("dq_blank", tally(|q| q.blank)),
    ]
    .into_iter()
    // The no-answer row only when there is one (it is part of `dq_excluded`).
    .filter(|(k, v)| *k != "dq_no_answer" || *v > 0)
    .map(|(k, v)| LabelValue {
        label: c.s(k),
        value: num.int(v),
    })
    .collect()
}

/// Respondents' comments grouped by the first segment column's value, at most
/// [`VERBATIMS_PER_GROUP`] distinct ones per group, masked. Respondents in a group too small
/// to show, in any segment column, are left out (docs/privacy.md).
pub(super) fn verbatims(c: &Ctx<'_>, data: &ClientData) -> Vec<VerbatimGroup> {
    if small_survey(c.r, c.e) {
        return Vec::new();
    }
    let first_seg = c.e.segments.first();
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for resp in &data.responses.respondents {
        if !c.an.comments_shown(&resp.segments) {
            continue;
        }
        for comment in &resp.comments {
            let text = comment.text.trim();
            if text.is_empty() {
                continue;
            }
            let key = first_seg
                .and_then(|col| resp.segments.get(col))
                .cloned()
                .unwrap_or_default();
            let list = groups.entry(key).or_default();
            if list.len() < VERBATIMS_PER_GROUP && !list.iter().any(|t| t == text) {
                list.push(text.to_string());
            }
        }
    }
    groups
        .into_iter()
        .map(|(k, v)| VerbatimGroup {
            group: (!k.is_empty()).then(|| isolate(c.label(&k), c.lang)),
            comments: v.iter().map(|t| client_quote(t, c.lang)).collect(),
        })
        .collect()
}

/// NPS comments (the NPS sheet's `comment` column) grouped promoters / passives /
/// detractors, each masked, at most [`VERBATIMS_PER_GROUP`] distinct ones per group.
pub(super) fn nps_verbatims(c: &Ctx<'_>, data: &ClientData) -> Vec<NpsVerbatimGroup> {
    let Some(ratings) = &data.nps else {
        return Vec::new();
    };
    let groups = [
        ("promoters", 9..=10),
        ("passives", 7..=8),
        ("detractors", 0..=6),
    ];
    groups
        .iter()
        .filter_map(|(key, range)| {
            let mut list: Vec<String> = Vec::new();
            let mut total = 0u64;
            // An answer in a group hidden for anonymity keeps its comment out too.
            let hidden = c.r.metrics.nps.as_ref().map_or(&[][..], |n| &n.hidden);
            let shown = ratings
                .iter()
                .filter(|r| !crate::score::in_hidden_group(hidden, r));
            for r in shown.filter(|r| range.contains(&r.score)) {
                let Some(text) = r.comment.as_deref().map(str::trim) else {
                    continue;
                };
                if text.is_empty() {
                    continue;
                }
                total += 1;
                let masked = client_quote(text, c.lang);
                if list.len() < VERBATIMS_PER_GROUP && !list.contains(&masked) {
                    list.push(masked);
                }
            }
            (!list.is_empty()).then(|| NpsVerbatimGroup {
                key: (*key).into(),
                group: c.s(key),
                comments: list,
                total,
            })
        })
        .collect()
}

/// The methodology's model description.
pub(super) fn model_intro(c: &Ctx<'_>) -> String {
    let (r, num) = (c.r, c.num);
    let key = if r.assessment.is_some() {
        "model_intro_assessment"
    } else {
        "model_intro"
    };
    fill(
        &c.s(key),
        &[
            (
                "dimensions",
                &c.counted("count_dimensions", r.dimensions.len() as u64),
            ),
            ("min", &c.count(r.model.scale_min)),
            ("max", &c.count(r.model.scale_max)),
            ("hundred", &num.int(100)),
            ("zero", &num.int(0)),
        ],
    )
}

/// The scale's labels and values.
pub(super) fn scale(c: &Ctx<'_>) -> (Vec<ScalePoint>, Vec<String>) {
    let r = c.r;
    let labels = r
        .model
        .scale_labels
        .iter()
        .map(|l| ScalePoint {
            value: c.count(l.value),
            label: c.text(&l.label),
        })
        .collect();
    let values = (r.model.scale_min..=r.model.scale_max)
        .map(|v| c.count(v))
        .collect();
    (labels, values)
}

/// `a, b and c` with the catalogue's `list_and`.
fn and_list(c: &Ctx<'_>, items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{}{}{last}", init.join(&c.s("list_sep")), c.s("list_and")),
    }
}

/// The practices fewer than all `assessors` rated, grouped by how many did ("1 practice by
/// one assessor only, 1 by none"), from each question's assessor ratings and N/A ratings
/// (consensus rows left out, but a consensus N/A counts); `None` when every assessor rated
/// every practice.
fn coverage(c: &Ctx<'_>, assessors: u64) -> Option<String> {
    let mut by_count: BTreeMap<u64, u64> = BTreeMap::new();
    for q in &c.r.questions {
        // An assessor's N/A is a rating given (the practice was looked at).
        let n = q.ratings.as_ref().map_or(0, |r| r.len() as u64) + q.not_applicable;
        if n < assessors {
            *by_count.entry(n).or_default() += 1;
        }
    }
    if by_count.is_empty() {
        return None;
    }
    // Most ratings first: "1 practice by two assessors only, 2 by one assessor only, 1 by none".
    let parts: Vec<String> = by_count
        .iter()
        .rev()
        .map(|(&k, &n)| {
            let practices = c.counted("count_practices", n);
            match k {
                0 => fill(&c.s("coverage_by_none"), &[("practices", &practices)]),
                1 => fill(&c.s("coverage_by_one"), &[("practices", &practices)]),
                _ => fill(
                    &c.s("coverage_by_some"),
                    &[
                        ("practices", &practices),
                        ("assessors", &c.counted("count_assessors", k)),
                    ],
                ),
            }
        })
        .collect();
    Some(and_list(c, &parts))
}

/// The assessment section (engagement `method: assessment`); `None` for a survey.
pub(super) fn assessment(c: &Ctx<'_>) -> Option<AssessmentData> {
    let a = c.r.assessment.as_ref()?;
    let num = c.num;
    let coverage = coverage(c, a.assessors);
    let method_key = match a.assessors {
        0 => "assessment_method_meeting",
        1 => "assessment_method_one",
        // Arabic verbs and nouns take the dual: `اجتمعا`, not `اجتمعوا`.
        2 => "assessment_method_two",
        _ => "assessment_method",
    };
    // "rated each of the practices" only when every assessor rated every practice.
    let method_key = match (&coverage, a.assessors) {
        (Some(_), 1..) => format!("{method_key}_partial"),
        _ => method_key.to_string(),
    };
    let mut method = fill(
        &c.s(&method_key),
        &[
            ("assessors", &c.counted("count_assessors", a.assessors)),
            (
                "practices",
                &c.counted("count_practices", c.r.questions.len() as u64),
            ),
            ("agreed", &c.counted("count_practices", a.consensus_rows)),
            ("coverage", coverage.as_deref().unwrap_or_default()),
        ],
    );
    if let Some(met_at) = c.e.model.met_at() {
        method.push(' ');
        method.push_str(&fill(
            &c.s("assessment_gated_rule"),
            &[("met_at", &num.n(met_at, 0))],
        ));
    }
    if let Some(staff) = a.self_assessment_withheld {
        method.push(' ');
        method.push_str(&fill(
            &c.s("assessment_self_withheld"),
            &[
                ("respondents", &c.counted("count_respondents", staff)),
                ("min", &num.int(u64::from(c.e.min_segment_size))),
            ],
        ));
    }
    let reading = a.reliability.map(|r| match r {
        Reliability::Reliable => "reliable",
        Reliability::Tentative => "tentative",
        Reliability::NotReliable => "not_reliable",
    });
    let agreement = match (a.alpha, reading) {
        (Some(alpha), Some(reading)) => fill(
            &c.s(if a.assessors == 2 {
                "assessment_agreement_two"
            } else {
                "assessment_agreement"
            }),
            &[
                ("alpha", &num.n(alpha, 3)),
                ("reading", &c.s(&format!("alpha_{reading}"))),
                (
                    "exact",
                    &num.pct(a.exact_agreement.unwrap_or(0.0) * 100.0, 0),
                ),
                ("paired", &c.counted("count_practices", a.paired_questions)),
            ],
        ),
        _ => c.s("assessment_agreement_none"),
    };
    Some(AssessmentData {
        method,
        agreement,
        assessors: num.int(a.assessors),
        alpha: a.alpha.map(|x| num.n(x, 3)),
        reliability: reading.map(str::to_string),
        disagreements: a
            .disagreements
            .iter()
            .filter_map(|id| c.question(id))
            .map(|q| disagreement(c, q))
            .collect(),
        dimensions: c
            .r
            .dimensions
            .iter()
            .map(|d| assessed_dimension(c, d))
            .collect(),
        perception: perception(c),
        evidence: c
            .r
            .dimensions
            .iter()
            .map(|d| EvidenceDimension {
                name: c.text(&d.name),
                practices: d
                    .questions
                    .iter()
                    .filter_map(|id| c.question(id))
                    .map(|q| evidence_item(c, q))
                    .collect(),
            })
            .collect(),
    })
}

fn disagreement(c: &Ctx<'_>, q: &QuestionResult) -> Disagreement {
    let values: Vec<f64> = q.ratings.iter().flatten().map(|r| r.rating).collect();
    let lo = values.iter().copied().reduce(f64::min);
    let hi = values.iter().copied().reduce(f64::max);
    Disagreement {
        id: isolate(&q.id, c.lang),
        text: c.text(&q.text),
        range: c.num.wrap(format!(
            "{}–{}",
            c.num.f.number(lo.unwrap_or(0.0), 0),
            c.num.f.number(hi.unwrap_or(0.0), 0)
        )),
        consensus: c.num.opt(q.mean, 1),
    }
}

/// A dimension's practices and what blocks its next level.
fn assessed_dimension(c: &Ctx<'_>, d: &DimensionResult) -> AssessedDimension {
    let blocking = c.an.blocking(&d.id).map(|b| {
        let ids: Vec<String> = b.questions.iter().map(|id| isolate(id, c.lang)).collect();
        let name =
            c.r.model
                .levels
                .iter()
                .find(|l| l.number == b.next_level)
                .map(|l| c.text(&l.name))
                .unwrap_or_default();
        fill(
            &c.s(if ids.len() == 1 {
                "blocking_one"
            } else {
                "blocking_many"
            }),
            &[
                ("level", &c.num.int(u64::from(b.next_level))),
                ("name", &name),
                ("ids", &and_list(c, &ids)),
            ],
        )
    });
    AssessedDimension {
        id: d.id.clone(),
        blocking,
        practices: d
            .questions
            .iter()
            .filter_map(|id| c.question(id))
            .map(|q| practice(c, q))
            .collect(),
    }
}

fn practice(c: &Ctx<'_>, q: &QuestionResult) -> Practice {
    let met = q.met.map(|m| match m {
        Some(true) => "met",
        Some(false) => "not_met",
        None => "not_rated",
    });
    Practice {
        id: isolate(&q.id, c.lang),
        text: c.text(&q.text),
        level: q.level.map(|l| c.num.int(u64::from(l))),
        consensus: c.num.opt(q.mean, 1),
        spread: c.num.opt(q.spread.flatten(), 0),
        met: met.map(str::to_string),
        met_label: met.map(|m| c.s(&format!("practice_{m}"))),
        agreed: q.consensus_source == Some(ConsensusSource::Meeting),
        evidence: q
            .evidence
            .iter()
            .flatten()
            .map(|t| client_quote(t, c.lang))
            .collect(),
    }
}

/// Assessed and self-assessed scores per dimension; empty without a survey beside it.
fn perception(c: &Ctx<'_>) -> Vec<PerceptionRow> {
    let dims = &c.r.dimensions;
    if !dims
        .iter()
        .any(|d| matches!(d.self_assessment, Some(Some(_))))
    {
        return Vec::new();
    }
    dims.iter()
        .map(|d| {
            let own = d.self_assessment.flatten();
            PerceptionRow {
                name: c.text(&d.name),
                assessed: c.num.score(d.score),
                self_assessment: c.num.opt(own, 2),
                gap: match (own, d.score) {
                    (Some(s), Some(a)) => c.num.signed(s - a, 2),
                    _ => "—".into(),
                },
            }
        })
        .collect()
}

/// A practice's evidence guidance (from the model) and the evidence cited in the sheet.
fn evidence_item(c: &Ctx<'_>, q: &QuestionResult) -> EvidenceItem {
    let guidance =
        c.e.model
            .dimensions
            .iter()
            .flat_map(|d| d.questions.iter())
            .find(|m| m.id.value == q.id)
            .and_then(|m| m.evidence.as_ref())
            .map(|t| c.text(t));
    EvidenceItem {
        id: isolate(&q.id, c.lang),
        text: c.text(&q.text),
        guidance,
        cited: q
            .evidence
            .iter()
            .flatten()
            .map(|t| client_quote(t, c.lang))
            .collect(),
    }
}
