//! `nudj validate`: check an engagement file (and everything it points to, the answers
//! workbook included) or a model file.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::model::{self, Model};
use crate::pipeline::{self, Assessment};
use crate::report::ReportOptions;
use crate::typeset::FontSet;

use super::Ui;

/// Check an engagement file or a model, reporting every problem with its file and line.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  nudj validate samples/acme/engagement.yaml\n  nudj validate --model assessments/cx-maturity.yaml\n  nudj validate --model cx-maturity        # the built-in model"
)]
pub struct Args {
    /// The engagement file to check: its keys, its model, every path it names, its theme,
    /// and every cell of its answers workbook.
    #[arg(
        value_name = "ENGAGEMENT",
        required_unless_present = "model",
        conflicts_with = "model"
    )]
    pub engagement: Option<PathBuf>,
    /// Check this model file (or built-in model name) instead of an engagement.
    #[arg(long, value_name = "MODEL")]
    pub model: Option<String>,
}

/// Runs `nudj validate`.
pub fn run(args: &Args, ui: &mut Ui) -> Result<()> {
    if let Some(spec) = &args.model {
        let w = model::resolve_model(spec, std::path::Path::new(""))
            .map_err(|e| super::engagement_hint(e, spec, &format!("nudj validate {spec}")))?;
        ui.warnings(&w.warnings);
        let (m, source) = w.output;
        let shown = match source {
            model::ModelSource::File(_) => spec.clone(),
            builtin => builtin.to_string(),
        };
        ui.out(&format!("{shown}: valid model {}", summary(&m)));
        return Ok(());
    }
    let Some(path) = &args.engagement else {
        return Err(Error::Usage(
            "give an ENGAGEMENT file or --model MODEL".into(),
        ));
    };
    // The same pipeline as `nudj report`, up to the assembled document (narrative, quotes,
    // logos, theme and templates included): what validate passes, report accepts.
    let opts = ReportOptions::default();
    let mut cache = pipeline::watch::Cache::default();
    let loaded = Assessment::load_cached(path, &pipeline::Options::for_report(&opts), &mut cache)?;
    let mut warnings = loaded.warnings;
    let a = loaded.output;
    let doc = a.report(&opts, FontSet::embedded(), &mut cache)?;
    warnings.extend(doc.warnings);
    ui.warnings(&warnings);
    let e = &a.engagement;
    // Rows with no valid answer are not respondents (flagged by the score).
    let respondents = a
        .data
        .responses
        .respondents
        .len()
        .saturating_sub(a.result.data_quality.no_answer.len());
    ui.out(&format!(
        "{}: valid engagement for {} ({}, {})",
        path.display(),
        e.client.name.get(e.language),
        e.date,
        e.language.code()
    ));
    ui.out(&format!(
        "  model: {} {}",
        e.model_source,
        summary(&e.model)
    ));
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let counts = match &a.data.assessment {
        // An assessment: its ratings and assessors, then the staff survey beside it.
        Some(r) => {
            let assessors = a.result.assessment.as_ref().map_or(0, |s| s.assessors);
            format!(
                "{} by {}, {} in the survey beside it",
                plural(r.rows.len(), "rating row", "rating rows"),
                plural(assessors as usize, "assessor", "assessors"),
                plural(respondents, "respondent", "respondents")
            )
        }
        None => plural(respondents, "respondent", "respondents"),
    };
    ui.out(&format!("  data:  {} ({counts})", e.data.display()));
    Ok(())
}

/// "`cx-maturity` 1.0: 8 dimensions, 42 questions, 5 levels, scale 1..5".
fn summary(m: &Model) -> String {
    let questions: usize = m
        .dimensions
        .value
        .iter()
        .map(|d| d.questions.value.len())
        .sum();
    format!(
        "`{}` {}: {} dimensions, {} questions, {} levels, scale {}..{}",
        m.id.value,
        m.version.value,
        m.dimensions.value.len(),
        questions,
        m.levels.value.len(),
        m.scale.min.value,
        m.scale.max.value
    )
}
