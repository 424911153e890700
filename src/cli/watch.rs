//! `nudj report --watch`: re-render the report whenever one of its inputs changes.
//!
//! One process, one font set, so Typst's memoisation (comemo) is shared between renders:
//! after a narrative edit only what depends on the changed file is laid out again. The read
//! workbook, the score and the charts are kept in a [`watch::Cache`] keyed on the content of
//! the files they come from, so a narrative edit does not read or score anything again.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::error::Result;
use crate::pipeline::watch;
use crate::report::ReportOptions;
use crate::typeset::FontSet;

use super::Ui;
use super::report::{Args, render};

/// How often the inputs are checked.
const POLL: Duration = Duration::from_millis(150);
/// How long the inputs must stay unchanged before rendering (editors write in several steps).
const SETTLE: Duration = Duration::from_millis(100);

/// Renders, then watches the inputs and renders again on every change, until interrupted.
/// A failed render (a typo in the narrative) is reported and the watch goes on.
pub fn run(args: &Args, opts: &ReportOptions, fonts: Arc<FontSet>, ui: &mut Ui) -> Result<()> {
    let mut paths = watch::inputs(&args.engagement, opts);
    let mut seen = watch::fingerprint(&paths);
    let mut cache = watch::Cache::default();
    // Warnings are printed once; later renders print only what changed.
    let mut shown = Vec::new();
    if let Err(e) = render(
        args,
        opts,
        Arc::clone(&fonts),
        ui,
        Instant::now(),
        &mut cache,
        Some(&mut shown),
    ) {
        ui.error(&e);
    }
    ui.note(&format!(
        "watching {} inputs of {} (Ctrl-C stops)",
        seen.len(),
        args.engagement.display()
    ));
    loop {
        std::thread::sleep(POLL);
        let now = watch::fingerprint(&paths);
        if now == seen {
            continue;
        }
        // Wait until the change settles.
        let mut settled = now;
        loop {
            std::thread::sleep(SETTLE);
            let again = watch::fingerprint(&paths);
            if again == settled {
                break;
            }
            settled = again;
        }
        let changed: Vec<String> = settled
            .iter()
            .filter(|s| !seen.contains(s))
            .map(|(p, _)| p.display().to_string())
            .collect();
        ui.note(&format!("changed: {}", changed.join(", ")));
        if let Err(e) = render(
            args,
            opts,
            Arc::clone(&fonts),
            ui,
            Instant::now(),
            &mut cache,
            Some(&mut shown),
        ) {
            ui.error(&e);
        }
        // The engagement may now name other files (a new theme, another workbook). The state
        // compared next is the one rendered (taken before rendering), so an edit saved during
        // the render is seen at the next poll.
        // While the engagement cannot load (a file it names is missing for a moment), the
        // inputs watched so far stay watched: the file's return re-renders.
        let now_paths = watch::inputs_after(&args.engagement, opts, &paths);
        seen = if now_paths == paths {
            settled
        } else {
            watch::fingerprint(&now_paths)
        };
        paths = now_paths;
    }
}
