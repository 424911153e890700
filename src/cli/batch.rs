//! `nudj batch`: many engagements' reports in parallel, fonts loaded once.
//!
//! Reports are shared out to `--jobs` plain worker threads, not to rayon: Typst lays pages
//! out on rayon's pool, and a rayon worker that waits for that inner work steals other
//! queued reports and nests them on its stack, so many reports were in flight at once and
//! none could release its memory (measured: 16 reports, 1 thread, 502 MB peak; see
//! `run`).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use crate::error::{Diagnostic, Error, Place, Result};
use crate::pipeline;
use crate::report::ReportOptions;
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
    #[arg(short, long, value_name = "DIR")]
    pub out_dir: PathBuf,
    /// Folder of template files replacing the built-in ones (as for `nudj report`).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// PDF standard: none, a-2b or ua-1.
    #[arg(long, value_name = "STANDARD", default_value = "none")]
    pub pdf_standard: PdfStandard,
    /// How many reports to make at once (default: the number of CPUs).
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
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

/// One engagement's outcome: the PDF written and its warnings, or why there is none.
type Made = Result<(PathBuf, Vec<Diagnostic>)>;

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
    let make = |eng: &Path, name: &str| -> Made {
        let doc = pipeline::prepare_report(eng, &opts, fonts.clone())?;
        let mut warnings = doc.warnings;
        let pdf = typeset::compile_pdf(&doc.output);
        // Layout work unused during the last two reports is dropped, so memory stays flat.
        typeset::forget_unused_layout(2);
        let pdf = pdf?;
        warnings.extend(pdf.warnings);
        let out = args.out_dir.join(format!("{name}.pdf"));
        std::fs::write(&out, &pdf.output).map_err(|e| Error::write(&out, e))?;
        Ok((out, warnings))
    };
    let jobs = args.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    );
    let jobs = jobs.clamp(1, args.engagements.len().max(1));
    let next = AtomicUsize::new(0);
    let mut done_by_worker: Vec<Vec<(usize, Made)>> = Vec::with_capacity(jobs);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let (Some(eng), Some(name)) = (args.engagements.get(i), names.get(i))
                        else {
                            break mine;
                        };
                        mine.push((i, make(eng, name)));
                    }
                })
            })
            .collect();
        for w in workers {
            // A worker only ends by panicking on a bug; its reports then count as failed.
            done_by_worker.push(w.join().unwrap_or_default());
        }
    });
    let mut results: Vec<Option<Made>> = (0..args.engagements.len()).map(|_| None).collect();
    for (i, r) in done_by_worker.into_iter().flatten() {
        if let Some(slot) = results.get_mut(i) {
            *slot = Some(r);
        }
    }
    let results = results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(Error::internal("this report's worker stopped"))));
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
