//! `nudj schema`: the JSON Schema of a YAML format, generated from the same Rust types the
//! loader uses, so editors can check and complete files as they are typed.

use crate::error::{Error, Result};
use crate::model::{EngagementFile, Model};

use super::Ui;

/// Print the JSON Schema of the model or engagement format, or of the data a report template
/// receives.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  nudj schema model > model.schema.json\n  nudj schema engagement > engagement.schema.json\n  nudj schema report-data > report-data.schema.json\n\nThen put this first line in the YAML file (VS Code YAML extension and other\nyaml-language-server editors):\n  # yaml-language-server: $schema=model.schema.json"
)]
pub struct Args {
    /// Which format.
    #[arg(value_enum)]
    pub format: Format,
}

/// A YAML format nudj reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A maturity model (docs/model-format.md).
    Model,
    /// An engagement file (docs/engagement-format.md).
    Engagement,
    /// The data a report template receives as `data.json` (docs/report-data.md).
    ReportData,
}

/// The schema of `format` as pretty JSON.
pub fn schema_json(format: Format) -> Result<String> {
    let schema = match format {
        Format::Model => schemars::schema_for!(Model),
        Format::Engagement => schemars::schema_for!(EngagementFile),
        Format::ReportData => schemars::schema_for!(crate::report::contract::ReportData),
    };
    serde_json::to_string_pretty(&schema)
        .map_err(|e| Error::internal(format!("cannot write the schema: {e}")))
}

/// Runs `nudj schema`.
pub fn run(args: &Args, ui: &mut Ui) -> Result<()> {
    ui.out(&schema_json(args.format)?);
    Ok(())
}
