//! What the numbers mean: every decision the documents present, made once from a
//! [`ScoreResult`]. Which dimensions are the largest gaps and in what order, what the roadmap
//! holds and in which phase, which dimensions and statements are strengths (and whether they
//! are only the *relatively* strongest), and which groups of respondents are too small to be
//! shown. The report, the `score` table (and next the deck) present these decisions; none of
//! them ranks or filters again.
//!
//! Pure functions of the score result: no I/O, no words, no formatting.

use std::collections::BTreeMap;

use serde::Serialize;

pub mod journey;

use crate::score::{DimensionResult, QuestionResult, ScoreResult, TargetStatus};

/// Differences smaller than this are rounding noise, not gaps (as in `score`).
const TOLERANCE: f64 = crate::score::TOLERANCE;

/// How many dimensions the summary's strengths and gaps panels show at most.
pub const SUMMARY_ITEMS: usize = 3;

/// The number of roadmap phases.
pub const PHASES: usize = 3;

/// What a dimension's gap is measured against. Decided per dimension: its target when the
/// engagement set one for it, else its next level (the practices blocking it in a gated
/// model), so a dimension without a target still has a gap and a place on the roadmap.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum GapBasis {
    /// The engagement's target for the dimension: gap = target − score.
    Target,
    /// No target was set in the engagement: gap = the next maturity level's lowest score −
    /// score (a dimension at the top level has no gap).
    NextLevel,
    /// A gated model without targets: gap = the number of practices that block the
    /// dimension's next level (see [`Blocking`]).
    Practices,
}

/// The practices that keep a dimension of a gated model from its next level: those of
/// level `next_level` that are not met (docs/scoring.md, "Gated levels").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Blocking {
    /// Dimension id.
    pub id: String,
    /// The level the dimension would reach next (its level + 1).
    pub next_level: u32,
    /// Ids of the unmet practices at `next_level`, in model order (never empty).
    pub questions: Vec<String>,
}

/// One dimension short of where it should be.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    /// Dimension id.
    pub id: String,
    /// Distance to the target or the next level, in scale units, or the number of
    /// practices blocking the next level (`basis`); > 0.
    pub gap: f64,
    /// gap × the dimension's weight: the order of the gaps and of the roadmap.
    pub priority: f64,
    /// What `gap` measures for this dimension.
    pub basis: GapBasis,
}

/// The statements of one dimension that stand out.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct DimensionFindings {
    /// Dimension id.
    pub id: String,
    /// Highest-mean statements (question ids), best first: one, or two when the dimension
    /// has six statements or more.
    pub strengths: Vec<String>,
    /// Lowest-mean statements, lowest first, as many as `strengths`.
    pub gaps: Vec<String>,
    /// At least one of `strengths` is below the scale's midpoint: they are the relatively
    /// strongest statements, not strengths.
    pub strengths_relative: bool,
}

/// Every decision about a score result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// What gaps are measured against in the engagement: targets when it set any (a
    /// dimension without one falls back to its next level, see [`Gap::basis`]), else the
    /// next level (practices in a gated model).
    pub basis: GapBasis,
    /// Dimensions with a gap, highest priority first; ties go to the lower score, then to
    /// model order. The roadmap holds all of them, in this order.
    pub gaps: Vec<Gap>,
    /// Dimension ids with a score, highest first (ties keep model order).
    pub strengths: Vec<String>,
    /// The summary's "largest gaps" panel (see [`summary_panels`]): with targets, the first
    /// gaps; without, the weakest dimensions that have a gap, lowest score first.
    pub summary_gaps: Vec<String>,
    /// The summary's "strongest dimensions" panel: the first strengths that are not in
    /// `summary_gaps`.
    pub summary_strengths: Vec<String>,
    /// One of `summary_strengths` is below its target (missed or near) or below the scale's
    /// midpoint: call them the relatively strongest.
    pub strengths_relative: bool,
    /// The roadmap: `gaps` in order, cut into at most [`PHASES`] phases of equal size (the
    /// last may be shorter); empty phases are left out, so every phase has items.
    pub roadmap: Vec<Vec<String>>,
    /// Per dimension, in model order: its strongest and weakest statements.
    pub dimensions: Vec<DimensionFindings>,
    /// Segment groups (column, value) with fewer respondents than the engagement's
    /// minimum: their comments are never shown, whatever column they are in.
    pub small_groups: Vec<(String, String)>,
    /// Gated models: per dimension below the top level (model order), the practices that
    /// block its next level. Empty for threshold models.
    pub blocking: Vec<Blocking>,
    /// Shown groups (column → values with enough respondents).
    shown_groups: BTreeMap<String, Vec<String>>,
}

impl Analysis {
    /// May a respondent's comments be shown? Only when, in every segment column, their value
    /// is blank or belongs to a group with enough respondents. A value that forms no known
    /// group (an excluded respondent alone in it, say) counts as too small: privacy fails
    /// closed.
    pub fn comments_shown(&self, segments: &BTreeMap<String, String>) -> bool {
        segments.iter().all(|(column, value)| {
            let value = value.trim();
            value.is_empty()
                || !self.shown_groups.contains_key(column) && !self.has_column(column)
                || self
                    .shown_groups
                    .get(column)
                    .is_some_and(|vs| vs.iter().any(|v| v == value))
        })
    }

    /// Does the score have groups for this segment column (small or not)?
    fn has_column(&self, column: &str) -> bool {
        self.small_groups.iter().any(|(c, _)| c == column) || self.shown_groups.contains_key(column)
    }

    /// The practices blocking a dimension's next level, if any.
    pub fn blocking(&self, id: &str) -> Option<&Blocking> {
        self.blocking.iter().find(|b| b.id == id)
    }

    /// The gap of a dimension, if it has one.
    pub fn gap(&self, id: &str) -> Option<&Gap> {
        self.gaps.iter().find(|g| g.id == id)
    }

    /// The findings of a dimension.
    pub fn dimension(&self, id: &str) -> Option<&DimensionFindings> {
        self.dimensions.iter().find(|d| d.id == id)
    }
}

/// Analyses a score result. `segment_columns` are the engagement's segment columns: a
/// respondent's value in one of them that forms no group hides their comments.
pub fn analyse(r: &ScoreResult, segment_columns: &[String]) -> Analysis {
    let blocking = blocking(r);
    let gated = r.questions.iter().any(|q| q.met.is_some());
    let basis = if r.dimensions.iter().any(|d| d.target.is_some()) {
        GapBasis::Target
    } else if gated {
        GapBasis::Practices
    } else {
        GapBasis::NextLevel
    };
    let gaps = rank_gaps(r, &blocking);
    let strengths = rank_strengths(&r.dimensions);
    let (summary_gaps, summary_strengths) = summary_panels(r, basis, &gaps, &strengths);
    let strengths_relative = summary_strengths
        .iter()
        .filter_map(|id| r.dimensions.iter().find(|d| &d.id == id))
        .any(|d| below_floor(r, d));
    let roadmap = phases(&gaps);
    let dimensions = r
        .dimensions
        .iter()
        .map(|d| dimension_findings(r, d))
        .collect();
    let mut small_groups = Vec::new();
    let mut shown_groups: BTreeMap<String, Vec<String>> = segment_columns
        .iter()
        .map(|c| (c.clone(), Vec::new()))
        .collect();
    for s in &r.segments {
        if s.small {
            small_groups.push((s.column.clone(), s.value.clone()));
        } else {
            shown_groups
                .entry(s.column.clone())
                .or_default()
                .push(s.value.clone());
        }
    }
    Analysis {
        basis,
        gaps,
        strengths,
        summary_gaps,
        summary_strengths,
        strengths_relative,
        roadmap,
        dimensions,
        small_groups,
        shown_groups,
        blocking,
    }
}

/// Gated models: each dimension's unmet practices at the level above its own (dimensions
/// without a level, at the top level, or with nothing blocking are left out).
fn blocking(r: &ScoreResult) -> Vec<Blocking> {
    let top = u32::try_from(r.model.levels.len()).unwrap_or(u32::MAX);
    r.dimensions
        .iter()
        .filter_map(|d| {
            let level = d.level?;
            let next = level.checked_add(1).filter(|n| *n <= top)?;
            let questions: Vec<String> = d
                .questions
                .iter()
                .filter_map(|id| r.questions.iter().find(|q| &q.id == id))
                .filter(|q| q.level == Some(next) && q.met.is_some_and(|m| m != Some(true)))
                .map(|q| q.id.clone())
                .collect();
            (!questions.is_empty()).then(|| Blocking {
                id: d.id.clone(),
                next_level: next,
                questions,
            })
        })
        .collect()
}

/// The scale's midpoint, the floor of a strength.
fn midpoint(r: &ScoreResult) -> f64 {
    (r.model.scale_min + r.model.scale_max) as f64 / 2.0
}

/// A dimension too weak to be called a strength: short of its target, or below the scale's
/// midpoint.
fn below_floor(r: &ScoreResult, d: &DimensionResult) -> bool {
    matches!(d.status, Some(TargetStatus::Missed | TargetStatus::Near))
        || d.score.is_some_and(|s| s < midpoint(r) - TOLERANCE)
}

/// A dimension's gap and what it measures: target − score when the engagement set a target
/// for it (negative when beyond it), except in a gated model when the score meets the target
/// and practices block the next level: then, as without a target, the number of practices
/// blocking its next level; else the distance to its next level. `None` without a score, at the top
/// level, or (gated) with nothing blocking.
pub fn dimension_gap(
    r: &ScoreResult,
    d: &DimensionResult,
    blocking: &[Blocking],
) -> Option<(GapBasis, f64)> {
    let gated = r.questions.iter().any(|q| q.met.is_some());
    let practices = || {
        blocking
            .iter()
            .find(|b| b.id == d.id)
            .map(|b| (GapBasis::Practices, b.questions.len() as f64))
    };
    if let Some(t) = d.target {
        let gap = d.score.map(|s| t - s);
        // Gated scoring: a dimension whose score meets its target while practices block its
        // next level keeps them as its gap (tester 6 F41: the roadmap lost it).
        if gated
            && gap.is_some_and(|g| g <= TOLERANCE)
            && let Some(p) = practices()
        {
            return Some(p);
        }
        return gap.map(|g| (GapBasis::Target, g));
    }
    if gated {
        return practices();
    }
    next_level_gap(r, d).map(|g| (GapBasis::NextLevel, g))
}

/// The one gap ranking: dimensions whose gap (see [`dimension_gap`]) is beyond rounding
/// noise, highest priority first; equal priorities go to the lower score (found by a
/// tester: three gated dimensions each blocked by one practice kept model order, and the
/// weakest came last), then to model order.
fn rank_gaps(r: &ScoreResult, blocking: &[Blocking]) -> Vec<Gap> {
    let mut gaps: Vec<(Gap, f64)> = r
        .dimensions
        .iter()
        .filter_map(|d| {
            let (basis, gap) = dimension_gap(r, d, blocking)?;
            (gap > TOLERANCE).then(|| {
                let g = Gap {
                    id: d.id.clone(),
                    gap,
                    priority: gap * d.weight,
                    basis,
                };
                (g, d.score.unwrap_or(f64::INFINITY))
            })
        })
        .collect();
    // Stable: full ties keep model order. Blocking practices of a dimension that meets its
    // target (a count, not a score distance) come after the dimensions short of theirs.
    let beside_target = |g: &Gap| {
        g.basis == GapBasis::Practices
            && r.dimensions
                .iter()
                .any(|d| d.id == g.id && d.target.is_some())
    };
    gaps.sort_by(|(a, sa), (b, sb)| {
        beside_target(a)
            .cmp(&beside_target(b))
            .then_with(|| b.priority.total_cmp(&a.priority))
            .then_with(|| sa.total_cmp(sb))
    });
    gaps.into_iter().map(|(g, _)| g).collect()
}

/// Writes the analysis's gaps into the score result, so its JSON says what the documents
/// say: every dimension's `gap`, `priority` and `gap_basis` (see [`dimension_gap`]), and
/// `ranking.dimension_gaps` in the roadmap's order. Idempotent (reads targets and scores
/// only).
pub fn settle_gaps(r: &mut ScoreResult) {
    let blocking = blocking(r);
    let settled: Vec<Option<(GapBasis, f64)>> = r
        .dimensions
        .iter()
        .map(|d| dimension_gap(r, d, &blocking))
        .collect();
    let order: Vec<String> = rank_gaps(r, &blocking).into_iter().map(|g| g.id).collect();
    for (d, g) in r.dimensions.iter_mut().zip(settled) {
        d.gap_basis = g.map(|(b, _)| b);
        d.gap = g.map(|(_, x)| x);
        d.priority = d.gap.map(|x| x * d.weight);
    }
    r.ranking.dimension_gaps = order;
}

/// The distance from a dimension's score to the lowest score of the level above its own;
/// `None` without a score or at the top level.
pub fn next_level_gap(r: &ScoreResult, d: &DimensionResult) -> Option<f64> {
    let score = d.score?;
    r.model
        .levels
        .iter()
        .map(|l| l.min_score)
        .filter(|m| *m > score + TOLERANCE)
        .min_by(f64::total_cmp)
        .map(|m| m - score)
}

/// Dimension ids with a score, highest first, ties in model order.
fn rank_strengths(dims: &[DimensionResult]) -> Vec<String> {
    let mut scored: Vec<&DimensionResult> = dims.iter().filter(|d| d.score.is_some()).collect();
    scored.sort_by(|a, b| b.score.unwrap_or(0.0).total_cmp(&a.score.unwrap_or(0.0)));
    scored.into_iter().map(|d| d.id.clone()).collect()
}

/// The summary's two panels, decided once: the largest gaps and the strongest dimensions,
/// never one dimension in both (found by a tester: with four dimensions, or with tied
/// scores, a dimension was listed as a strength and a gap). With targets the largest gaps
/// are the roadmap's first; without (issue 19), the weakest dimensions that have a gap,
/// lowest score first (found by a tester: ranked by the distance to the next level, the
/// best-scoring dimension was called the largest gap and the weakest was in neither panel).
/// The strongest are the highest scores not among the gaps. Ties keep model order. Each
/// panel holds [`SUMMARY_ITEMS`]; with fewer than twice that many scored dimensions, half of
/// them each (at least one), the gaps chosen first.
fn summary_panels(
    r: &ScoreResult,
    basis: GapBasis,
    gaps: &[Gap],
    strengths: &[String],
) -> (Vec<String>, Vec<String>) {
    let per = if strengths.len() >= 2 * SUMMARY_ITEMS {
        SUMMARY_ITEMS
    } else {
        (strengths.len() / 2).max(1)
    };
    let shown_gaps: Vec<String> = if basis == GapBasis::Target {
        gaps.iter().take(per).map(|g| g.id.clone()).collect()
    } else {
        // Stable sort: equal scores keep model order.
        let mut weakest: Vec<&DimensionResult> = r
            .dimensions
            .iter()
            .filter(|d| d.score.is_some() && gaps.iter().any(|g| g.id == d.id))
            .collect();
        weakest.sort_by(|a, b| {
            a.score
                .unwrap_or(f64::INFINITY)
                .total_cmp(&b.score.unwrap_or(f64::INFINITY))
        });
        weakest.iter().take(per).map(|d| d.id.clone()).collect()
    };
    let shown_strengths = strengths
        .iter()
        .filter(|id| !shown_gaps.contains(id))
        .take(per)
        .cloned()
        .collect();
    (shown_gaps, shown_strengths)
}

/// The roadmap's phases: the ranked gaps cut into [`PHASES`] runs of equal size.
fn phases(gaps: &[Gap]) -> Vec<Vec<String>> {
    let per_phase = gaps.len().div_ceil(PHASES).max(1);
    gaps.chunks(per_phase)
        .map(|c| c.iter().map(|g| g.id.clone()).collect())
        .collect()
}

/// A dimension's strongest and weakest statements: by mean, ties by question id; none when
/// fewer than two statements have an answer.
fn dimension_findings(r: &ScoreResult, d: &DimensionResult) -> DimensionFindings {
    let mut qs: Vec<&QuestionResult> = d
        .questions
        .iter()
        .filter_map(|id| r.questions.iter().find(|q| &q.id == id))
        .filter(|q| q.mean.is_some())
        .collect();
    qs.sort_by(|a, b| {
        b.mean
            .unwrap_or(0.0)
            .total_cmp(&a.mean.unwrap_or(0.0))
            .then(a.id.cmp(&b.id))
    });
    // One answered statement is neither a strength nor a gap of its dimension: both panels
    // would name it (its bar says it all).
    let take = match qs.len() {
        0 | 1 => 0,
        2..=5 => 1,
        _ => 2,
    };
    let strengths: Vec<&QuestionResult> = qs.iter().take(take).copied().collect();
    let floor = midpoint(r) - TOLERANCE;
    DimensionFindings {
        id: d.id.clone(),
        strengths_relative: strengths.iter().any(|q| q.mean.is_some_and(|m| m < floor)),
        strengths: strengths.iter().map(|q| q.id.clone()).collect(),
        gaps: qs.iter().rev().take(take).map(|q| q.id.clone()).collect(),
    }
}

#[cfg(test)]
mod tests;
