//! `nudj benchmark build`: an anonymous sector benchmark from past `nudj score --format json`
//! results (docs/benchmark.md).

use std::path::PathBuf;

use crate::benchmark::{self, BuildOptions, DEFAULT_MIN_ORGS, MIN_ORGS_FLOOR};
use crate::error::{Error, Result};

use super::Ui;

/// Build or inspect sector benchmarks.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  nudj benchmark build results/ -o retail-banking.json --name \"Retail banking 2026\"\n  nudj benchmark build a.json b.json c.json d.json e.json -o sector.json\n\nThen name the file in an engagement: `benchmark: ../retail-banking.json`.\nFormat and rules: docs/benchmark.md."
)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub command: Sub,
}

/// The `benchmark` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// Build a benchmark from score results (files, or folders of `.json` files).
    Build(BuildArgs),
}

/// Arguments of `nudj benchmark build`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  nudj benchmark build results/ -o retail-banking.json --name \"Retail banking 2026\"\n  nudj benchmark build a.json b.json c.json d.json e.json -o sector.json --min-orgs 5\n\nEach input is the output of `nudj score ENGAGEMENT --format json` for one organisation,\nall on the same model version. The benchmark keeps no client name, date or file name."
)]
pub struct BuildArgs {
    /// Score results (`nudj score --format json`), or folders whose `.json` files are results.
    #[arg(value_name = "RESULT", required = true)]
    pub inputs: Vec<PathBuf>,
    /// The benchmark file to write.
    #[arg(short, long, value_name = "BENCH.json")]
    pub output: PathBuf,
    /// A name for the benchmark, shown in reports (e.g. "Retail banking, GCC, 2026").
    #[arg(long, value_name = "TEXT")]
    pub name: Option<String>,
    /// Least number of organisations: fewer results is an error, and a figure fewer
    /// organisations report is left out (at least 3).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MIN_ORGS, value_parser = min_orgs)]
    pub min_orgs: u64,
}

/// `--min-orgs`: a whole number, at least [`MIN_ORGS_FLOOR`].
fn min_orgs(s: &str) -> std::result::Result<u64, String> {
    let n: u64 = s
        .parse()
        .map_err(|_| format!("`{s}` is not a whole number"))?;
    if n < MIN_ORGS_FLOOR {
        return Err(format!(
            "at least {MIN_ORGS_FLOOR}: with fewer organisations the figures would reveal them"
        ));
    }
    Ok(n)
}

/// Runs `nudj benchmark`.
pub fn run(args: &Args, ui: &mut Ui) -> Result<()> {
    match &args.command {
        Sub::Build(a) => build(a, ui),
    }
}

fn build(args: &BuildArgs, ui: &mut Ui) -> Result<()> {
    let files = benchmark::collect_inputs(&args.inputs)?;
    super::refuse_overwriting(&args.output, &files)?;
    let inputs = benchmark::read_inputs(&files)?;
    let opts = BuildOptions {
        name: args.name.clone(),
        min_orgs: args.min_orgs,
        output: args.output.clone(),
    };
    let built = benchmark::build(&inputs, &opts)?;
    ui.warnings(&built.warnings);
    let json = benchmark::to_json(&built.output)
        .map_err(|e| Error::write(&args.output, std::io::Error::other(e)))?;
    std::fs::write(&args.output, json).map_err(|e| Error::write(&args.output, e))?;
    ui.note(&format!(
        "{}: benchmark of {} organisations on model `{}` {}",
        args.output.display(),
        built.output.organisations,
        built.output.model.id,
        built.output.model.version
    ));
    Ok(())
}
