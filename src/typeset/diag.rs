//! Typst diagnostics → our located [`Diagnostic`]s: the file a problem is in (the user's
//! template, not an in-memory name), its line and column, the message and Typst's hints.

use typst::WorldExt;
use typst::diag::{Severity as TypstSeverity, SourceDiagnostic};
use typst::syntax::Lines;

use super::world::SandboxWorld;
use crate::error::{Diagnostic, Error, Place};

/// Converts Typst diagnostics, in their order.
pub(crate) fn to_diagnostics(
    world: &SandboxWorld<'_>,
    list: &[SourceDiagnostic],
) -> Vec<Diagnostic> {
    list.iter().map(|d| convert(world, d)).collect()
}

/// Errors from a compile or export as one [`Error::Invalid`].
pub(crate) fn to_error(world: &SandboxWorld<'_>, list: &[SourceDiagnostic]) -> Error {
    if list.is_empty() {
        return Error::Typeset("Typst failed without a message".into());
    }
    Error::Invalid(to_diagnostics(world, list))
}

fn convert(world: &SandboxWorld<'_>, d: &SourceDiagnostic) -> Diagnostic {
    let id = d.span.id();
    let file = id
        .map(|id| world.display_name(id))
        .unwrap_or_else(|| world.document_name());
    let place = id
        .and_then(|id| {
            let start = world.range(d.span)?.start;
            let text = world.text_of(id)?;
            let (line, col) = Lines::new(text).byte_to_line_column(start)?;
            Some(Place::line(line as u64 + 1, col as u64 + 1))
        })
        .unwrap_or(Place::File);
    // Typst's hints about its own command line (`--root`, `--font-path`) do not apply here.
    let mut help: Vec<String> = d
        .hints
        .iter()
        .map(|h| h.v.to_string())
        .filter(|h| !h.contains("--"))
        .collect();
    // Where the failing code was called from helps when the error is inside a helper.
    for point in d.trace.iter().take(3) {
        if let Some(tid) = point.span.id().filter(|t| !world.is_entry(*t)) {
            let at = world
                .range(point.span)
                .and_then(|r| {
                    let text = world.text_of(tid)?;
                    Lines::new(text).byte_to_line(r.start)
                })
                .map(|l| format!(":{}", l + 1))
                .unwrap_or_default();
            help.push(format!(
                "{} ({}{at})",
                point.v,
                world.display_name(tid).display()
            ));
        }
    }
    let diag = match d.severity {
        TypstSeverity::Error => Diagnostic::error(file, place, d.message.to_string()),
        TypstSeverity::Warning => Diagnostic::warning(file, place, d.message.to_string()),
    };
    if help.is_empty() {
        diag
    } else {
        diag.with_help(help.join("\n  "))
    }
}
