//! `nudj template`: write the data-collection workbook for a model or an engagement.

use std::path::{Path, PathBuf};

use crate::data::{Limits, TemplateOptions, update_workbook, write_template};
use crate::error::{Error, Result};
use crate::model::{self, EngagementFile, yaml};
use crate::text::Lang;

use super::Ui;

/// Write the Excel workbook a client fills in: a Responses sheet with one column per
/// question (drop-downs limited to the scale, question text in a note on each header), the
/// Questions sheet, the metric sheets the model reports, and Arabic/English instructions.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  nudj template --model cx-maturity -o collect.xlsx\n  nudj template --model my-model.yaml --lang en -o collect.xlsx\n  nudj template acme/engagement.yaml -o acme/responses.xlsx\n  nudj template acme/engagement.yaml --update acme/responses.xlsx   # after changing the model\n\nThe layout is described in docs/workbook-format.md."
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
    /// Where to write the workbook (.xlsx). With --update: where to write the updated
    /// workbook (default: in place, the original kept as NAME.before-update.xlsx).
    #[arg(short, long, value_name = "XLSX", required_unless_present = "update")]
    pub output: Option<PathBuf>,
    /// A filled workbook to bring up to date with the model: every cell of every sheet is
    /// kept; each question without a column gets one (header, note, drop-down) after the
    /// last column; Questions and Instructions are rewritten for the model.
    #[arg(long, value_name = "XLSX")]
    pub update: Option<PathBuf>,
    /// Language of notes and instructions, and sheet direction (`ar` is right-to-left).
    /// Default: the engagement's language, else `ar`.
    #[arg(long, value_parser = ["ar", "en"])]
    pub lang: Option<String>,
    /// Data rows prepared with drop-downs (default: every row of the sheet, 1,048,575).
    #[arg(long, default_value_t = crate::data::TEMPLATE_ROWS, value_parser = clap::value_parser!(u32).range(1..=i64::from(crate::data::TEMPLATE_ROWS)))]
    pub rows: u32,
    /// Overwrite OUTPUT if it exists (by default an existing file, perhaps already filled
    /// in, is never replaced).
    #[arg(long)]
    pub force: bool,
}

/// Checks the output path before any work.
fn check_output(output: &Path, force: bool) -> Result<()> {
    let ext = output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if ext.as_deref() != Some("xlsx") {
        return Err(Error::Usage(format!(
            "the output `{}` must end in .xlsx",
            output.display()
        )));
    }
    if output.exists() && !force {
        return Err(Error::Usage(format!(
            "`{}` already exists; it may hold answers. Choose another name or pass --force",
            output.display()
        )));
    }
    Ok(())
}

/// Runs `nudj template`.
pub fn run(args: &Args, ui: &mut Ui) -> Result<()> {
    match (&args.update, &args.output) {
        (Some(_), Some(out)) => check_output(out, args.force)?,
        (Some(_), None) => {}
        (None, Some(out)) => check_output(out, args.force)?,
        (None, None) => {
            return Err(Error::Usage(
                "give -o FILE.xlsx or --update FILE.xlsx".into(),
            ));
        }
    }
    let (model, mut opts) = match (&args.model, &args.engagement) {
        (Some(spec), _) => {
            let cwd = std::env::current_dir().unwrap_or_default();
            let w = model::resolve_model(spec, &cwd).map_err(|e| {
                super::engagement_hint(e, spec, &format!("nudj template {spec} -o FILE.xlsx"))
            })?;
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
    if let Some(filled) = &args.update {
        return update(filled, args.output.as_deref(), &model, &opts, ui);
    }
    let Some(output) = &args.output else {
        return Err(Error::Usage("give -o FILE.xlsx".into()));
    };
    write_template(&model, &opts, output)?;
    let questions: usize = model.dimensions.iter().map(|d| d.questions.len()).sum();
    ui.out(&format!(
        "{}: data-collection workbook for `{}` ({questions} questions, {})",
        output.display(),
        model.id.value,
        opts.lang.code()
    ));
    Ok(())
}

/// `--update FILLED [-o OUT]`: the filled workbook laid out for `model`, every cell kept.
/// Written to OUT, or in place after the original is renamed `NAME.before-update.xlsx`
/// (`NAME.before-update-2.xlsx`, … if that exists): nothing is ever overwritten.
fn update(
    filled: &Path,
    output: Option<&Path>,
    model: &model::Model,
    opts: &TemplateOptions,
    ui: &mut Ui,
) -> Result<()> {
    let w = update_workbook(filled, model, opts, Limits::default())?;
    ui.warnings(&w.warnings);
    let u = w.output;
    let (target, backup) = match output {
        Some(out) => (out.to_path_buf(), None),
        None => {
            let backup = backup_name(filled);
            std::fs::rename(filled, &backup).map_err(|e| Error::write(&backup, e))?;
            (filled.to_path_buf(), Some(backup))
        }
    };
    std::fs::write(&target, &u.bytes).map_err(|e| Error::write(&target, e))?;
    let added = if u.added.is_empty() {
        "no question was missing a column".to_string()
    } else {
        format!(
            "added {} question column{} ({})",
            u.added.len(),
            if u.added.len() == 1 { "" } else { "s" },
            u.added.join(", ")
        )
    };
    ui.out(&format!(
        "{}: {added} to sheet `{}` for `{}`; kept all {} filled cells{}",
        target.display(),
        u.responses_sheet,
        model.id.value,
        u.cells,
        backup
            .map(|b| format!("; the original is kept as {}", b.display()))
            .unwrap_or_default()
    ));
    Ok(())
}

/// `responses.xlsx` → `responses.before-update.xlsx`, or `-2`, `-3`, … when taken.
fn backup_name(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "workbook".into());
    let ext = path
        .extension()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "xlsx".into());
    (1..)
        .map(|n| {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!("-{n}")
            };
            path.with_file_name(format!("{stem}.before-update{suffix}.{ext}"))
        })
        .find(|p| !p.exists())
        .unwrap_or_else(|| path.with_extension("before-update.xlsx"))
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
