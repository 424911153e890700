//! `nudj batch`: many engagements' reports in parallel (rayon), fonts loaded once.

use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;

use crate::error::{Diagnostic, Error, Place, Result};
use crate::report::{self, ReportOptions};
use crate::typeset::{self, FontSet, PdfStandard};

use super::Ui;

/// Make the reports of several engagements at once, in parallel. Each PDF is named after
/// its engagement's folder (`acme/engagement.yaml` → `OUT/acme.pdf`).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  nudj batch samples/bank-ar/engagement.yaml samples/telecom-en/engagement.yaml --out-dir reports/\n  nudj batch clients/*/engagement.yaml --out-dir out/ --pdf-standard a-2b"
)]
pub struct Args {
    /// The engagement files.
    #[arg(value_name = "ENGAGEMENT", required = true)]
    pub engagements: Vec<PathBuf>,
    /// Folder the PDFs are written to (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out_dir: PathBuf,
    /// Folder of template files replacing the built-in ones (as for `nudj report`).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// PDF standard: none, a-2b or ua-1.
    #[arg(long, value_name = "STANDARD", default_value = "none")]
    pub pdf_standard: PdfStandard,
}

/// The PDF name for an engagement: its folder's name, else the file stem.
fn pdf_name(engagement: &std::path::Path) -> String {
    let abs = engagement
        .canonicalize()
        .unwrap_or_else(|_| engagement.to_path_buf());
    abs.parent()
        .and_then(|p| p.file_name())
        .or_else(|| abs.file_stem())
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into())
}

/// Runs `nudj batch`.
pub fn run(args: &Args, ui: &mut Ui) -> Result<()> {
    let start = Instant::now();
    let mut names: Vec<String> = args.engagements.iter().map(|e| pdf_name(e)).collect();
    // Two engagements in folders of the same name must not overwrite each other.
    let mut seen = std::collections::BTreeMap::<String, usize>::new();
    for n in &mut names {
        let k = seen.entry(n.clone()).or_default();
        *k += 1;
        if *k > 1 {
            *n = format!("{n}-{k}");
        }
    }
    std::fs::create_dir_all(&args.out_dir).map_err(|e| Error::write(&args.out_dir, e))?;
    let opts = ReportOptions {
        templates: args.templates.clone(),
        theme: None,
        lang: None,
        standard: args.pdf_standard,
        draft: None,
    };
    let fonts = FontSet::embedded();
    let results: Vec<Result<(PathBuf, Vec<Diagnostic>)>> = args
        .engagements
        .par_iter()
        .zip(names.par_iter())
        .map(|(eng, name)| {
            let doc = report::prepare(eng, &opts, fonts.clone())?;
            let mut warnings = doc.warnings;
            let pdf = typeset::compile_pdf(&doc.output)?;
            warnings.extend(pdf.warnings);
            let out = args.out_dir.join(format!("{name}.pdf"));
            std::fs::write(&out, &pdf.output).map_err(|e| Error::write(&out, e))?;
            Ok((out, warnings))
        })
        .collect();
    let mut failed = Vec::new();
    let mut done = 0;
    for (eng, r) in args.engagements.iter().zip(results) {
        match r {
            Ok((out, warnings)) => {
                ui.warnings(&warnings);
                ui.note(&format!("{} → {}", eng.display(), out.display()));
                done += 1;
            }
            Err(e) => {
                ui.error(&e);
                failed.push(Diagnostic::error(
                    eng,
                    Place::File,
                    "no report: see the errors above",
                ));
            }
        }
    }
    ui.note(&format!(
        "{done} report(s) in {:.2} s",
        start.elapsed().as_secs_f64()
    ));
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(failed))
    }
}
