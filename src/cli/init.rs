//! `nudj init DIR`: a ready-to-edit engagement folder, so a new user starts from something
//! that works: an engagement file, a copy of the default model, the data-collection workbook
//! for it, and the JSON Schemas that let editors check the YAML as it is typed.

use std::path::{Path, PathBuf};

use crate::data::{TemplateOptions, template_bytes};
use crate::error::{Error, Result};
use crate::model::{BUILTIN_MODEL_YAML, builtin_model};
use crate::text::Lang;

use super::Ui;
use super::schema::{Format, schema_json};

/// Create an engagement folder: engagement.yaml, model.yaml (a copy of the built-in model to
/// adapt), responses.xlsx (the workbook respondents fill in) and schemas for editors.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  nudj init acme\n  nudj init acme --client \"شركة أكمي\" --date 2026-11-01\n  nudj init acme --lang en\n  nudj init acme --force     # overwrite files nudj init wrote before"
)]
pub struct Args {
    /// The folder to create (or fill, if it exists).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Client name written into engagement.yaml; default: the folder's name.
    #[arg(long, value_name = "NAME")]
    pub client: Option<String>,
    /// Assessment date (YYYY-MM-DD) written into engagement.yaml; default: today.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<chrono::NaiveDate>,
    /// Report language written into engagement.yaml; also the workbook's language.
    #[arg(long, value_parser = ["ar", "en"], default_value = "ar")]
    pub lang: String,
    /// Overwrite files that already exist.
    #[arg(long)]
    pub force: bool,
}

fn parse_date(s: &str) -> std::result::Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date in the form YYYY-MM-DD"))
}

/// A YAML double-quoted string: any client name is safe to embed.
fn yaml_quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn engagement_yaml(client: &str, date: chrono::NaiveDate, lang: Lang) -> String {
    format!(
        "# yaml-language-server: $schema=schemas/engagement.schema.json
# One client assessment. Format: docs/engagement-format.md; check with
#   nudj validate engagement.yaml
# Relative paths are relative to this folder.
client:
  name: {client}
  # sector: {{ar: التجزئة, en: Retail}}
  # logo: logo.png
model: model.yaml          # or `cx-maturity` for the built-in model
data: responses.xlsx       # the answers workbook (one row per respondent)
language: {lang}               # ar (right-to-left) | en
date: {date}
targets:
  default: 4               # target score for every dimension, in scale units
# segments: [Department]   # columns to break results down by
# comments: [Comments]     # free-text columns quoted in the report
",
        client = yaml_quote(client),
        lang = lang.code(),
    )
}

/// Runs `nudj init`.
pub fn run(args: &Args, ui: &mut Ui) -> Result<()> {
    let client = match &args.client {
        Some(c) => c.clone(),
        None => args
            .dir
            .canonicalize()
            .unwrap_or_else(|_| args.dir.clone())
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Client".into()),
    };
    let date = args
        .date
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let lang = if args.lang == "en" {
        Lang::En
    } else {
        Lang::Ar
    };
    let model_yaml =
        format!("# yaml-language-server: $schema=schemas/model.schema.json\n{BUILTIN_MODEL_YAML}");
    let model = builtin_model()?.output;
    let opts = TemplateOptions {
        lang,
        ..TemplateOptions::default()
    };
    let workbook = template_bytes(&model, &opts)
        .map_err(|e| Error::Usage(format!("cannot build the workbook: {e}")))?;
    let files: Vec<(PathBuf, Vec<u8>)> = vec![
        (
            PathBuf::from("engagement.yaml"),
            engagement_yaml(&client, date, lang).into_bytes(),
        ),
        (PathBuf::from("model.yaml"), model_yaml.into_bytes()),
        (PathBuf::from("responses.xlsx"), workbook),
        (
            PathBuf::from("schemas/engagement.schema.json"),
            schema_json(Format::Engagement)?.into_bytes(),
        ),
        (
            PathBuf::from("schemas/model.schema.json"),
            schema_json(Format::Model)?.into_bytes(),
        ),
    ];

    // Check everything before writing anything: a refused init leaves the folder untouched.
    if !args.force {
        let existing: Vec<String> = files
            .iter()
            .map(|(rel, _)| args.dir.join(rel))
            .filter(|p| p.exists())
            .map(|p| p.display().to_string())
            .collect();
        if !existing.is_empty() {
            return Err(Error::Usage(format!(
                "refusing to overwrite {}; pass --force to replace {}",
                existing.join(", "),
                if existing.len() == 1 { "it" } else { "them" }
            )));
        }
    }
    for (rel, bytes) in &files {
        write(&args.dir.join(rel), bytes)?;
    }
    ui.out(&format!(
        "created {dir}/engagement.yaml, {dir}/model.yaml and {dir}/responses.xlsx\nnext: collect answers in responses.xlsx (one row per respondent), edit engagement.yaml, then run\n  nudj validate {dir}/engagement.yaml",
        dir = args.dir.display()
    ));
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
    }
    std::fs::write(path, bytes).map_err(|e| Error::write(path, e))
}
