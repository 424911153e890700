//! `nudj template`: write the data-collection workbook for a model or an engagement.

use std::path::{Path, PathBuf};

use crate::data::{TemplateOptions, write_template};
use crate::error::{Error, Result};
use crate::model::{self, EngagementFile, yaml};
use crate::text::Lang;

use super::Ui;

/// Write the Excel workbook a client fills in: a Responses sheet with one column per
/// question (drop-downs limited to the scale, question text in a note on each header), the
/// Questions sheet, the metric sheets the model reports, and Arabic/English instructions.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  nudj template --model cx-maturity -o collect.xlsx\n  nudj template --model my-model.yaml --lang en -o collect.xlsx\n  nudj template acme/engagement.yaml -o acme/responses.xlsx\n\nThe layout is described in docs/workbook-format.md."
)]
pub struct Args {
    /// Engagement file: its model, language, segment and comment columns and sheet names
    /// shape the workbook. Its data file need not exist yet.
    #[arg(
        value_name = "ENGAGEMENT",
        required_unless_present = "model",
        conflicts_with = "model"
    )]
    pub engagement: Option<PathBuf>,
    /// Model file (or built-in model name) to write the workbook for, instead of an engagement.
    #[arg(long, value_name = "MODEL")]
    pub model: Option<String>,
    /// Where to write the workbook (.xlsx).
    #[arg(short, long, value_name = "XLSX")]
    pub output: PathBuf,
    /// Language of notes and instructions, and sheet direction (`ar` is right-to-left).
    /// Default: the engagement's language, else `ar`.
    #[arg(long, value_parser = ["ar", "en"])]
    pub lang: Option<String>,
    /// Data rows prepared with drop-downs.
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub rows: u32,
    /// Overwrite OUTPUT if it exists (by default an existing file, perhaps already filled
    /// in, is never replaced).
    #[arg(long)]
    pub force: bool,
}

/// Checks the arguments before any work.
fn check_output(args: &Args) -> Result<()> {
    let ext = args
        .output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if ext.as_deref() != Some("xlsx") {
        return Err(Error::Usage(format!(
            "the output `{}` must end in .xlsx",
            args.output.display()
        )));
    }
    if args.output.exists() && !args.force {
        return Err(Error::Usage(format!(
            "`{}` already exists; it may hold answers. Choose another name or pass --force",
            args.output.display()
        )));
    }
    Ok(())
}

/// Runs `nudj template`.
pub fn run(args: &Args, ui: &mut Ui) -> Result<()> {
    check_output(args)?;
    let (model, mut opts) = match (&args.model, &args.engagement) {
        (Some(spec), _) => {
            let cwd = std::env::current_dir().unwrap_or_default();
            let w = model::resolve_model(spec, &cwd)?;
            ui.warnings(&w.warnings);
            (w.output.0, TemplateOptions::default())
        }
        (None, Some(path)) => from_engagement(path, ui)?,
        (None, None) => {
            return Err(Error::Usage(
                "give an ENGAGEMENT file or --model MODEL".into(),
            ));
        }
    };
    if let Some(lang) = &args.lang {
        opts.lang = if lang == "en" { Lang::En } else { Lang::Ar };
    }
    opts.rows = args.rows;
    write_template(&model, &opts, &args.output)?;
    let questions: usize = model.dimensions.iter().map(|d| d.questions.len()).sum();
    ui.out(&format!(
        "{}: data-collection workbook for `{}` ({questions} questions, {})",
        args.output.display(),
        model.id.value,
        opts.lang.code()
    ));
    Ok(())
}

/// The model and options an engagement implies. Only the engagement's own keys and its
/// model are read: the data file is what the template is for, so it may not exist yet.
fn from_engagement(path: &Path, ui: &mut Ui) -> Result<(model::Model, TemplateOptions)> {
    let src = yaml::read_yaml_file(path)?;
    let raw: EngagementFile = yaml::parse(path, &src)?;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let spec = raw
        .model
        .as_ref()
        .map(|m| m.value.clone())
        .unwrap_or_else(|| model::BUILTIN_MODEL_NAME.to_string());
    let w = model::resolve_model(&spec, &dir)?;
    ui.warnings(&w.warnings);
    Ok((w.output.0, TemplateOptions::from_engagement(&raw)))
}
