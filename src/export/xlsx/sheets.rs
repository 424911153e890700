//! The Summary, Dimensions, Questions, Segments, Data quality and Warnings sheets.

use crate::analysis::GapBasis;
use crate::error::{Arg, Diagnostic, Phrase, Place, Severity};
use crate::score::{AssessmentSummary, QuestionResult, Reliability, ScoreDelta, TargetStatus};
use crate::text::Lang;

use super::Ctx;
use super::table::{Cell, Table, fmt};

/// The status word of a target comparison.
pub(super) fn status(c: &Ctx<'_>, s: Option<TargetStatus>) -> Cell {
    match s {
        Some(TargetStatus::Met) => Cell::text(c.w("status_met")),
        Some(TargetStatus::Near) => Cell::text(c.w("status_near")),
        Some(TargetStatus::Missed) => Cell::text(c.w("status_missed")),
        None => Cell::Empty,
    }
}

/// The engagement and the overall result, one item a row: client, date, model, respondents,
/// overall score, index and level; the previous overall score and its change, the sector's
/// quartiles and the client's percentile when the engagement has them; and, without
/// targets or with targets for some dimensions only, the sentence saying what gaps are
/// measured against.
pub(super) fn summary(c: &Ctx<'_>) -> Table {
    let (r, e) = (c.r, c.e);
    let mut t = c.table("xlsx_sheet_summary", &["xlsx_item", "value"]);
    let mut item = |key: &str, value: Cell| {
        if value != Cell::Empty {
            t.push(vec![("xlsx_item", Cell::text(c.w(key))), ("value", value)]);
        }
    };
    item("xlsx_client", Cell::text(c.text(&e.client.name)));
    item(
        "xlsx_sector",
        e.client
            .sector
            .as_ref()
            .map_or(Cell::Empty, |s| Cell::text(c.text(s))),
    );
    item("assessment_date", Cell::Date(e.date));
    item("xlsx_model", Cell::text(c.text(&r.model.title)));
    item(
        "xlsx_model_version",
        Cell::text(format!("{} {}", r.model.id, r.model.version)),
    );
    match &r.assessment {
        Some(a) => {
            for (key, value) in assessment_items(c, a) {
                item(key, value);
            }
        }
        None => {
            item("respondents", Cell::count(r.respondents));
            item("dq_total", Cell::count(r.data_quality.total_respondents));
        }
    }
    item(
        "overall_score",
        Cell::score(r.overall.score, &thresholds(r)),
    );
    item("maturity_index", Cell::opt(r.overall.index, fmt::WHOLE));
    item(
        "level",
        Cell::opt(r.overall.level.map(f64::from), fmt::WHOLE),
    );
    item(
        "xlsx_level_name",
        r.overall
            .level_name
            .as_ref()
            .map_or(Cell::Empty, |n| Cell::text(c.text(n))),
    );
    if let Some(cmp) = &r.comparison {
        item(
            "xlsx_previous_respondents",
            Cell::count(cmp.previous_respondents),
        );
        if let Some(o) = &cmp.overall {
            item("xlsx_previous_overall", Cell::num(o.previous, fmt::SCORE));
            item("xlsx_overall_change", Cell::num(o.delta, fmt::SIGNED_SCORE));
        }
    }
    if let Some(b) = &r.benchmark {
        item(
            "xlsx_benchmark",
            b.name.as_deref().map_or(Cell::Empty, Cell::text),
        );
        item("xlsx_organisations", Cell::count(b.organisations));
    }
    if let Some(p) = &r.overall.benchmark {
        item("sector_median", Cell::num(p.median, fmt::SCORE));
        item("xlsx_q1", Cell::num(p.q1, fmt::SCORE));
        item("xlsx_q3", Cell::num(p.q3, fmt::SCORE));
        item("percentile", Cell::num(p.percentile, fmt::WHOLE));
    }
    // What the Dimensions sheet's gaps measure: without targets the next level; with targets
    // for some dimensions only, the others' gaps are to their next level (tester 5, F24).
    let fallback = c.an.gaps.iter().any(|g| g.basis == GapBasis::NextLevel);
    if c.an.basis == GapBasis::NextLevel {
        item("gap", Cell::text(c.w("no_targets_note")));
    } else if c.an.basis == GapBasis::Target && fallback {
        item("gap", Cell::text(c.w("partial_targets_note")));
    }
    t
}

/// An assessment's Summary rows: assessors, Krippendorff's alpha with its reading, the
/// exact-agreement share (0-1, shown as a percentage), the disagreements (question ids), and
/// the respondents of the staff survey beside it (when there is one).
fn assessment_items(c: &Ctx<'_>, a: &AssessmentSummary) -> Vec<(&'static str, Cell)> {
    let reading = a.reliability.map_or(Cell::Empty, |x| {
        Cell::text(c.w(match x {
            Reliability::Reliable => "alpha_short_reliable",
            Reliability::Tentative => "alpha_short_tentative",
            Reliability::NotReliable => "alpha_short_not_reliable",
        }))
    });
    let survey = if c.r.respondents > 0 {
        Cell::count(c.r.respondents)
    } else {
        Cell::Empty
    };
    vec![
        ("dq_assessors", Cell::count(a.assessors)),
        ("alpha_short", Cell::opt(a.alpha, "0.000")),
        ("xlsx_alpha_reading", reading),
        (
            "xlsx_exact_agreement",
            Cell::opt(a.exact_agreement, fmt::FRACTION_PERCENT),
        ),
        (
            "dq_disagreements",
            Cell::count(a.disagreements.len() as u64),
        ),
        (
            "disagreements_title",
            Cell::text(a.disagreements.join(&c.w("list_sep"))),
        ),
        ("dq_survey", survey),
    ]
}

/// One row per dimension in model order: weight, score, index, level, target, gap and
/// priority (to the target, or to the next level without targets, as the analysis measures
/// them), status, respondents; previous score and change; the sector's median, quartiles
/// and the client's percentile.
pub(super) fn dimensions(c: &Ctx<'_>) -> Table {
    let r = c.r;
    let gap_key = match c.an.basis {
        GapBasis::Target => "gap",
        GapBasis::NextLevel => "gap_next_level",
        GapBasis::Practices => "gap_practices",
    };
    let mut t = c.table(
        "xlsx_sheet_dimensions",
        &[
            "xlsx_id",
            "dimension",
            "weight",
            "score",
            "maturity_index",
            "level",
            "xlsx_level_name",
            "target",
            gap_key,
            "priority",
            "status",
            "count_short",
            "previous",
            "change",
            "xlsx_level_change",
            "sector_median",
            "xlsx_q1",
            "xlsx_q3",
            "percentile",
            "self_assessment",
            "perception_gap",
        ],
    );
    let gap_format = if c.an.basis == GapBasis::Practices {
        fmt::WHOLE
    } else {
        fmt::SCORE
    };
    for d in &r.dimensions {
        // The analysis's gap: to the target, else (a dimension without one) to the next level.
        let gap = crate::analysis::dimension_gap(r, d, &c.an.blocking).map(|(_, g)| g);
        let priority = gap.map(|g| g * d.weight);
        let delta: Option<&ScoreDelta> = r
            .comparison
            .as_ref()
            .and_then(|cmp| cmp.dimensions.iter().find(|x| x.id == d.id));
        let b = d.benchmark.as_ref();
        let own = d.self_assessment.flatten();
        let status = if d.score.is_none() {
            Cell::text(c.w("status_no_answers"))
        } else {
            status(c, d.status)
        };
        t.push(vec![
            ("xlsx_id", Cell::text(&d.id)),
            ("dimension", Cell::text(c.text(&d.name))),
            ("weight", Cell::num(d.weight, fmt::ONE)),
            ("score", Cell::score(d.score, &thresholds(r))),
            ("maturity_index", Cell::opt(d.index, fmt::WHOLE)),
            ("level", Cell::opt(d.level.map(f64::from), fmt::WHOLE)),
            (
                "xlsx_level_name",
                d.level_name
                    .as_ref()
                    .map_or(Cell::Empty, |n| Cell::text(c.text(n))),
            ),
            ("target", Cell::written(d.target)),
            (
                gap_key,
                if gap_format == fmt::SCORE {
                    Cell::gap(gap)
                } else {
                    Cell::opt(gap, gap_format)
                },
            ),
            ("priority", Cell::gap(priority)),
            ("status", status),
            ("count_short", Cell::count(d.n)),
            ("previous", Cell::opt(delta.map(|x| x.previous), fmt::SCORE)),
            (
                "change",
                Cell::opt(delta.map(|x| x.delta), fmt::SIGNED_SCORE),
            ),
            (
                "xlsx_level_change",
                Cell::opt(delta.map(|x| x.level_change as f64), "+0;-0;0"),
            ),
            ("sector_median", Cell::opt(b.map(|b| b.median), fmt::SCORE)),
            ("xlsx_q1", Cell::opt(b.map(|b| b.q1), fmt::SCORE)),
            ("xlsx_q3", Cell::opt(b.map(|b| b.q3), fmt::SCORE)),
            ("percentile", Cell::opt(b.map(|b| b.percentile), fmt::WHOLE)),
            ("self_assessment", Cell::opt(own, fmt::SCORE)),
            (
                "perception_gap",
                Cell::opt(own.zip(d.score).map(|(o, s)| o - s), fmt::SIGNED_SCORE),
            ),
        ]);
    }
    t
}

/// One row per question in model order: its dimension, text, weight, mean, answers, standard
/// deviation, N/A and blank answers, then the count of each answer on the scale. For an
/// assessment the mean is the consensus (agreed) rating, followed by where it comes from, the
/// spread, whether it is met (gated models) and the practice's level; the answers are the
/// assessors' ratings and the SD is theirs (docs/results-workbook.md).
pub(super) fn questions(c: &Ctx<'_>) -> Table {
    let r = c.r;
    let assessed = r.assessment.is_some();
    let (mean_key, n_key, sd_key, blank_key) = if assessed {
        (
            "consensus",
            "xlsx_ratings_count",
            "xlsx_sd_ratings",
            "xlsx_blank_ratings",
        )
    } else {
        ("mean", "count_short", "sd", "dq_blank")
    };
    let mut keys: Vec<String> = [
        "xlsx_id",
        "dimension",
        "question",
        "weight",
        mean_key,
        "xlsx_consensus_source",
        "spread",
        "in_place",
        "level",
        n_key,
        sd_key,
        "na_short",
        blank_key,
    ]
    .iter()
    .map(|k| k.to_string())
    .collect();
    let values: Vec<i64> = (r.model.scale_min..=r.model.scale_max).collect();
    let mut columns = c.columns(&keys.iter().map(String::as_str).collect::<Vec<_>>());
    for v in &values {
        let key = format!("answer_{v}");
        columns.push((key.clone(), v.to_string()));
        keys.push(key);
    }
    let mut t = Table::new(
        super::table::sheet_name(&c.w("xlsx_sheet_questions")),
        columns,
    );
    let answer_keys: Vec<String> = values.iter().map(|v| format!("answer_{v}")).collect();
    for q in &r.questions {
        let mut cells = vec![
            ("xlsx_id", Cell::text(&q.id)),
            (
                "dimension",
                Cell::text(r.dimension_name(&q.dimension, c.lang)),
            ),
            ("question", Cell::text(c.text(&q.text))),
            ("weight", Cell::num(q.weight, fmt::ONE)),
            (mean_key, Cell::opt(q.mean, fmt::SCORE)),
        ];
        cells.extend(practice_cells(c, q));
        cells.extend([
            (n_key, Cell::count(q.n)),
            (sd_key, Cell::opt(q.sd, fmt::SCORE)),
            ("na_short", Cell::count(q.not_applicable)),
            (blank_key, Cell::count(q.blank)),
        ]);
        for (key, k) in answer_keys.iter().zip(&q.distribution) {
            cells.push((key.as_str(), Cell::count(*k)));
        }
        t.push(cells);
    }
    t
}

/// An assessed practice's consensus source, spread, met (gated models) and level; empty
/// cells for a survey question without them (the columns are then left out).
fn practice_cells(c: &Ctx<'_>, q: &QuestionResult) -> [(&'static str, Cell); 4] {
    use crate::score::ConsensusSource;
    let source = match q.consensus_source {
        Some(ConsensusSource::Meeting) => Cell::text(c.w("xlsx_source_meeting")),
        Some(ConsensusSource::Median) => Cell::text(c.w("xlsx_source_median")),
        None => Cell::Empty,
    };
    let met = match q.met {
        Some(Some(true)) => Cell::text(c.w("practice_met")),
        Some(Some(false)) => Cell::text(c.w("practice_not_met")),
        Some(None) => Cell::text(c.w("practice_not_rated")),
        None => Cell::Empty,
    };
    [
        ("xlsx_consensus_source", source),
        ("spread", Cell::opt(q.spread.flatten(), fmt::WHOLE)),
        ("in_place", met),
        ("level", Cell::opt(q.level.map(f64::from), fmt::WHOLE)),
    ]
}

/// One row per segment (column and value, in the score's order): respondents, overall score,
/// each dimension's score, then each question's mean (headed by the question id); small
/// groups flagged, suppressed ones without scores (small, or hidden too so that a small
/// group cannot be worked out by subtraction). A shown group's dimension score or question
/// mean answered by fewer than `min_segment_size` is left blank, named in the row's note.
/// No sheet without segment columns.
pub(super) fn segments(c: &Ctx<'_>) -> Table {
    let r = c.r;
    let mut columns = c.columns(&["segment", "xlsx_group", "count_short", "overall_score"]);
    for d in &r.dimensions {
        columns.push((format!("dim_{}", d.id), c.text(&d.name)));
    }
    for q in &r.questions {
        columns.push((format!("q_{}", q.id), q.id.clone()));
    }
    columns.extend(c.columns(&["xlsx_note"]));
    let mut t = Table::new(
        super::table::sheet_name(&c.w("xlsx_sheet_segments")),
        columns,
    );
    let min = u64::from(c.e.min_segment_size);
    // Groups hidden as small are left out: their names may be people's (docs/privacy.md).
    for s in r.segments.iter().filter(|s| !s.hidden_as_small()) {
        let keys: Vec<String> = r
            .dimensions
            .iter()
            .map(|d| format!("dim_{}", d.id))
            .collect();
        let mut cells = vec![
            ("segment", Cell::text(c.label(&s.column))),
            ("xlsx_group", Cell::text(c.label(&s.value))),
            ("count_short", Cell::count(s.n)),
            (
                "overall_score",
                Cell::opt(s.overall.as_ref().and_then(|o| o.score), fmt::SCORE),
            ),
        ];
        let mut withheld: Vec<&str> = Vec::new();
        for (key, d) in keys.iter().zip(&r.dimensions) {
            let score = shown_cell(&s.dimensions, &d.id, min, &mut withheld);
            cells.push((key.as_str(), Cell::opt(score, fmt::SCORE)));
        }
        let qkeys: Vec<String> = r.questions.iter().map(|q| format!("q_{}", q.id)).collect();
        for (key, q) in qkeys.iter().zip(&r.questions) {
            let mean = shown_cell(&s.questions, &q.id, min, &mut withheld);
            cells.push((key.as_str(), Cell::opt(mean, fmt::SCORE)));
        }
        cells.push(("xlsx_note", segment_note(c, s, &withheld)));
        t.push(cells);
    }
    hidden_small_rows(c, &mut t);
    t
}

/// One row per segment column with groups hidden because they are small: how many, and
/// their respondents together; never their names.
fn hidden_small_rows(c: &Ctx<'_>, t: &mut Table) {
    let mut columns: Vec<(&str, usize, u64)> = Vec::new();
    for s in c.r.segments.iter().filter(|s| s.hidden_as_small()) {
        match columns.iter_mut().find(|x| x.0 == s.column) {
            Some(x) => {
                x.1 += 1;
                x.2 += s.n;
            }
            None => columns.push((&s.column, 1, s.n)),
        }
    }
    for (column, groups, n) in columns {
        let group = crate::words::fill(
            &c.w("xlsx_groups_hidden_small"),
            &[("count", &groups.to_string())],
        );
        t.push(vec![
            ("segment", Cell::text(c.label(column))),
            ("xlsx_group", Cell::text(group)),
            ("count_short", Cell::count(n)),
            ("xlsx_note", Cell::text(c.w("suppressed"))),
        ]);
    }
}

/// A segment's score or mean for one dimension or question, or `None` (a blank cell) when
/// fewer than `min` (the engagement's `min_segment_size`) answered it: a shown group's
/// per-question mean from one or two answers is those people's answers. The withheld id is
/// added to `withheld`, for the row's note.
fn shown_cell<'s>(
    scores: &'s [crate::score::SegmentScore],
    id: &str,
    min: u64,
    withheld: &mut Vec<&'s str>,
) -> Option<f64> {
    let x = scores.iter().find(|x| x.id == id)?;
    let score = x.score?;
    if x.n < min {
        withheld.push(&x.id);
        return None;
    }
    Some(score)
}

/// The note of one segment row: why the group is hidden or flagged, and which of its cells
/// are withheld because fewer than `min_segment_size` answered them.
fn segment_note(c: &Ctx<'_>, s: &crate::score::SegmentResult, withheld: &[&str]) -> Cell {
    let mut parts = Vec::new();
    if s.complementary {
        parts.push(c.w("xlsx_hidden_too"));
    } else if s.suppressed {
        parts.push(c.w("suppressed"));
    } else if s.small {
        parts.push(c.w("small_flag"));
    }
    if !withheld.is_empty() {
        let min = c.e.min_segment_size.to_string();
        let ids = withheld.join(", ");
        parts.push(c.words.fill(
            "xlsx_few_answers",
            c.lang,
            &[("min", min.as_str()), ("ids", ids.as_str())],
        ));
    }
    if parts.is_empty() {
        Cell::Empty
    } else {
        Cell::text(parts.join("; "))
    }
}

/// The operational indicators (`kpis[]`), one row per indicator, channel, stage and period
/// in the result's order: value and target in the indicator's unit (percent points shown as
/// `61.0%`, other units as Excel's General with the unit beside), which way is better, the
/// status, and whether the row is the series' latest period (`kpis_latest[]`). No sheet
/// without indicators.
pub(super) fn indicators(c: &Ctx<'_>) -> Table {
    let mut t = c.table(
        "xlsx_sheet_indicators",
        &[
            "xlsx_indicator",
            "xlsx_channel",
            "xlsx_stage",
            "period",
            "value",
            "xlsx_unit",
            "target",
            "xlsx_better",
            "status",
            "xlsx_latest",
        ],
    );
    for k in &c.r.kpis {
        let format = if k.unit.as_deref().map(str::trim) == Some("%") {
            fmt::PERCENT
        } else {
            fmt::GENERAL
        };
        let better = match k.better {
            crate::data::Better::Higher => "xlsx_better_higher",
            crate::data::Better::Lower => "xlsx_better_lower",
        };
        let latest = if c.r.kpis_latest.contains(k) {
            Cell::text(c.w("xlsx_latest"))
        } else {
            Cell::Empty
        };
        t.push(vec![
            ("xlsx_indicator", Cell::text(&k.indicator)),
            (
                "xlsx_channel",
                k.channel
                    .as_deref()
                    .map_or(Cell::Empty, |v| Cell::text(c.label(v))),
            ),
            (
                "xlsx_stage",
                k.stage
                    .as_deref()
                    .map_or(Cell::Empty, |s| Cell::text(stage_name(c, s))),
            ),
            (
                "period",
                k.period.as_deref().map_or(Cell::Empty, Cell::text),
            ),
            ("value", Cell::num(k.value, format)),
            (
                "xlsx_unit",
                k.unit.as_deref().map_or(Cell::Empty, Cell::text),
            ),
            ("target", Cell::opt(k.target, format)),
            ("xlsx_better", Cell::text(c.w(better))),
            ("status", status(c, k.status)),
            ("xlsx_latest", latest),
        ]);
    }
    t
}

/// A journey stage by its name in the workbook's language (the id when the engagement does
/// not list it).
pub(super) fn stage_name(c: &Ctx<'_>, id: &str) -> String {
    c.e.journey
        .iter()
        .find(|s| s.id == id)
        .map_or_else(|| id.to_string(), |s| c.text(&s.name))
}

/// The report's data-quality figures: responses received, scored and excluded, straight-lined
/// and incomplete responses, N/A and blank answers (counts only: no respondent is named).
/// For an assessment: assessors, practices with an agreed rating, consensus-meeting ratings,
/// disagreements, N/A and blank ratings as the `Assessment` reader counts them, and the staff
/// survey's respondents.
pub(super) fn quality(c: &Ctx<'_>) -> Table {
    let r = c.r;
    let dq = &r.data_quality;
    let mut t = c.table("xlsx_sheet_quality", &["xlsx_item", "value"]);
    let tally = |f: fn(&QuestionResult) -> u64| r.questions.iter().map(f).sum::<u64>();
    let rows: Vec<(&str, u64)> = match &r.assessment {
        Some(a) => vec![
            ("dq_assessors", a.assessors),
            ("dq_practices_rated", tally(|q| u64::from(q.mean.is_some()))),
            ("dq_consensus_rows", a.consensus_rows),
            ("dq_disagreements", a.disagreements.len() as u64),
            ("dq_na_ratings", tally(|q| q.not_applicable)),
            ("xlsx_blank_ratings", tally(|q| q.blank)),
            ("dq_survey", r.respondents),
        ],
        None => vec![
            ("dq_total", dq.total_respondents),
            ("dq_scored", r.respondents),
            ("dq_excluded", dq.excluded),
            ("dq_straight", dq.straightliners.len() as u64),
            ("dq_incomplete", dq.incomplete.len() as u64),
            ("dq_no_answer", dq.no_answer.len() as u64),
            ("dq_na", tally(|q| q.not_applicable)),
            ("dq_blank", tally(|q| q.blank)),
        ],
    };
    // The no-answer row only when there is one (it is part of `dq_excluded`).
    let rows = rows
        .into_iter()
        .filter(|(key, n)| *key != "dq_no_answer" || *n > 0);
    for (key, n) in rows {
        t.push(vec![
            ("xlsx_item", Cell::text(c.w(key))),
            ("value", Cell::count(n)),
        ]);
    }
    t
}

/// Every warning of the run: severity, file (relative to the engagement's folder, else its
/// name alone), place, message and help. Respondent ids are masked as `[…]`, and e-mail
/// addresses and phone numbers too (docs/privacy.md). No sheet without warnings.
pub(super) fn warnings(c: &Ctx<'_>, warnings: &[Diagnostic], ids: &[&str]) -> Table {
    let mut t = c.table(
        "xlsx_sheet_warnings",
        &[
            "xlsx_severity",
            "xlsx_file",
            "xlsx_place",
            "xlsx_message",
            "xlsx_help",
        ],
    );
    for w in warnings {
        let severity = match w.severity {
            Severity::Info => "xlsx_severity_info",
            Severity::Warning => "xlsx_severity_warning",
            Severity::Error => "xlsx_severity_error",
        };
        let file = w
            .file
            .strip_prefix(&c.e.dir)
            .ok()
            .map(|p| p.to_path_buf())
            .or_else(|| w.file.file_name().map(std::path::PathBuf::from))
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let (message, help) = localized(c, w);
        t.push(vec![
            ("xlsx_severity", Cell::text(c.w(severity))),
            ("xlsx_file", Cell::text(file)),
            ("xlsx_place", Cell::text(place(c, &w.place))),
            ("xlsx_message", Cell::text(private(&message, ids))),
            (
                "xlsx_help",
                help.as_deref()
                    .map_or(Cell::Empty, |h| Cell::text(private(h, ids))),
            ),
        ]);
    }
    t
}

/// A warning's place in the workbook's language: `sheet `Responses`` / `ورقة `Responses``,
/// a CSV row and column; cell references (`Responses!A26`) and YAML lines as they are.
fn place(c: &Ctx<'_>, p: &Place) -> String {
    match p {
        Place::Sheet { sheet } => c
            .words
            .fill("xlsx_place_sheet", c.lang, &[("sheet", sheet)]),
        Place::Csv { row, col } => c.words.fill(
            "xlsx_place_row",
            c.lang,
            &[
                ("row", &row.to_string()),
                ("col", &crate::error::column_letters(*col)),
            ],
        ),
        _ => p.to_string(),
    }
}

/// A warning's message and hint in the workbook's language: in English as nudj prints
/// them; in Arabic the catalogue's words when the warning carries them
/// ([`Diagnostic::words`]), else as printed (a warning not yet in the catalogue).
fn localized(c: &Ctx<'_>, d: &Diagnostic) -> (String, Option<String>) {
    match &d.words {
        Some(w) if c.lang != Lang::En => {
            let help = match &w.help {
                Some(h) => Some(phrase(c, h)),
                None => d.help.clone(),
            };
            (phrase(c, &w.message), help)
        }
        _ => (d.message.clone(), d.help.clone()),
    }
}

/// A catalogue phrase in the workbook's language, its placeholders filled.
fn phrase(c: &Ctx<'_>, p: &Phrase) -> String {
    let vars: Vec<(&str, String)> = p
        .vars
        .iter()
        .map(|(k, a)| {
            let v = match a {
                Arg::Text(t) => t.clone(),
                Arg::Word(key) => c.w(key),
            };
            (*k, v)
        })
        .collect();
    let refs: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    c.words.fill(p.key, c.lang, &refs)
}

/// `text` with every quoted respondent id (`` `R025` ``) replaced by `` `[…]` ``, then e-mail
/// addresses and phone numbers masked.
pub(super) fn private(text: &str, ids: &[&str]) -> String {
    let mut out = text.to_string();
    for id in ids {
        if !id.is_empty() {
            out = out.replace(&format!("`{id}`"), "`[…]`");
        }
    }
    crate::privacy::mask_personal(&out)
}

/// The model's levels' lowest scores: a score cell never shows across one.
fn thresholds(r: &crate::score::ScoreResult) -> Vec<f64> {
    r.model.levels.iter().map(|l| l.min_score).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn respondent_ids_and_contacts_are_masked() {
        let ids = ["R025", "R1"];
        assert_eq!(
            private("respondent `R025` gave the same answer; see `R1`", &ids),
            "respondent `[…]` gave the same answer; see `[…]`"
        );
        // Only quoted ids: `R1` inside another word is not an id.
        assert_eq!(private("Row R10", &ids), "Row R10");
        assert_eq!(private("call 0551234567", &[]), "call […]");
        // Assessors' names, with spaces, and the names a suggestion quotes.
        let names = ["Fatima Al-Harbi", "Omar Al-Otaibi"];
        assert_eq!(
            private(
                "assessor `Fatima Al-Harbi` is not listed (did you mean `Omar Al-Otaibi`?)",
                &names
            ),
            "assessor `[…]` is not listed (did you mean `[…]`?)"
        );
    }
}
