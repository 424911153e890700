//! The command line: clap types, one file per subcommand, turning arguments into a checked
//! config and calling the library. The only place that prints or chooses exit codes.
//!
//! Adding a subcommand: a file `src/cli/NAME.rs` with `Args` (clap `Args`) and
//! `run(&Args, &mut Ui) -> Result<()>`, then `mod NAME;`, a variant in [`Command`] and an arm
//! in [`run`].

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::{Error, Result};

mod batch;
mod benchmark;
mod course;
mod deck;
mod init;
pub mod render;
mod report;
mod schema;
pub mod score;
mod template;
mod validate;
mod watch;

pub use render::Ui;

/// nudj (نضج, "maturity"): turns a customer-experience maturity assessment into a finished,
/// branded consulting report (PDF, Arabic first, English too).
#[derive(Debug, Parser)]
#[command(
    name = "nudj",
    version,
    about,
    after_help = "Examples:\n  nudj report samples/bank-ar/engagement.yaml -o report.pdf\n  nudj init acme\n  nudj validate acme/engagement.yaml\n  nudj validate --model assessments/cx-maturity.yaml\n\nDocs: README.md and docs/ (model, engagement, workbook, scoring formats)"
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check an engagement file (with its model and paths) or a model file.
    Validate(validate::Args),
    /// Print the JSON Schema of the model or engagement format, for editors.
    Schema(schema::Args),
    /// Create a ready-to-edit engagement folder.
    Init(init::Args),
    /// Make course slides, handouts, answer keys or certificates from a course file.
    Course(course::Args),
    /// Write the Excel workbook a client fills in (data collection).
    Template(template::Args),
    /// Score an engagement: maturity, segments, CX metrics, comparison (table, JSON or CSV).
    Score(score::Args),
    /// Make the branded PDF report of an engagement.
    Report(report::Args),
    /// Make the 16:9 readout deck of an engagement.
    Deck(deck::Args),
    /// Make the reports of several engagements in parallel.
    Batch(batch::Args),
    /// Build an anonymous sector benchmark from past score results.
    Benchmark(benchmark::Args),
}

/// Runs one parsed command line.
pub fn run(cli: &Cli, ui: &mut Ui) -> Result<()> {
    match &cli.command {
        Command::Validate(a) => validate::run(a, ui),
        Command::Schema(a) => schema::run(a, ui),
        Command::Init(a) => init::run(a, ui),
        Command::Course(a) => course::run(a, ui),
        Command::Template(a) => template::run(a, ui),
        Command::Score(a) => score::run(a, ui),
        Command::Report(a) => report::run(a, ui),
        Command::Deck(a) => deck::run(a, ui),
        Command::Batch(a) => batch::run(a, ui),
        Command::Benchmark(a) => benchmark::run(a, ui),
    }
}

/// Exit code for invalid input (and any other failure).
pub const EXIT_INVALID: u8 = 1;
/// Exit code for command-line usage errors (same as clap's).
pub const EXIT_USAGE: u8 = 2;

/// Runs nudj with the process arguments; returns the exit code: 0 ok, 1 invalid input,
/// 2 usage.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version are "errors" to clap that print to stdout and succeed.
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(EXIT_USAGE)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let mut ui = Ui::from_env();
    let result = run(&cli, &mut ui);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            ui.error(&e);
            ExitCode::from(match e {
                Error::Usage(_) => EXIT_USAGE,
                _ => EXIT_INVALID,
            })
        }
    }
}

/// An engagement given to `--model` fails on its first key, `client:`: say so, and how the
/// engagement is passed (`usage`: the command without `--model`, e.g.
/// `nudj validate e.yaml`). Other errors pass through unchanged.
fn engagement_hint(e: Error, spec: &str, usage: &str) -> Error {
    let Error::Invalid(mut ds) = e else {
        return e;
    };
    for d in ds
        .iter_mut()
        .filter(|d| d.message == "unknown key `client`")
    {
        d.help = Some(format!(
            "`{spec}` is an engagement, not a model: pass it without `--model` (`{usage}`)"
        ));
    }
    Error::Invalid(ds)
}

/// Refuses to write `output` (a command's `-o` or `--emit-typst`) where it would destroy one
/// of `inputs` (the files and folders a run reads, [`crate::pipeline::watch::inputs`]): the same file, an
/// existing file inside an input folder (the narrative, the templates), or a folder that
/// is an input. A typing slip would otherwise replace the client's only copy of their
/// answers with a PDF. An output that does not exist yet destroys nothing.
pub(crate) fn refuse_overwriting(
    output: &std::path::Path,
    inputs: &[std::path::PathBuf],
) -> Result<()> {
    let Ok(out) = output.canonicalize() else {
        return Ok(());
    };
    for input in inputs {
        let Ok(inp) = input.canonicalize() else {
            continue;
        };
        let hit = out == inp || (inp.is_dir() && out.starts_with(&inp));
        if hit {
            return Err(Error::Usage(format!(
                "`{}` is an input of this run ({}): writing the output there would destroy it; give another file name",
                output.display(),
                input.display()
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_subcommand_has_an_example() {
        for sub in Cli::command().get_subcommands() {
            let help = sub
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            assert!(
                help.contains("nudj "),
                "`nudj {}` --help has no example",
                sub.get_name()
            );
        }
    }

    #[test]
    fn an_engagement_given_as_model_is_named_as_such() {
        use crate::error::{Diagnostic, Place};
        let d = |m: &str| Diagnostic::error("e.yaml", Place::File, m);
        let e = Error::Invalid(vec![d("unknown key `client`"), d("unknown key `data`")]);
        let Error::Invalid(ds) = engagement_hint(e, "e.yaml", "nudj template e.yaml -o FILE.xlsx")
        else {
            panic!("not Invalid");
        };
        let help = ds[0].help.as_deref().unwrap_or_default();
        assert!(help.contains("pass it without `--model`"), "{help}");
        assert!(help.contains("nudj template e.yaml -o FILE.xlsx"), "{help}");
        assert_eq!(ds[1].help, None);
        let usage = engagement_hint(Error::Usage("x".into()), "e.yaml", "nudj validate e.yaml");
        assert!(matches!(usage, Error::Usage(_)));
    }
}
