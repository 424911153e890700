//! The one place that renders errors and warnings. Plain `file:line:col: error: message`
//! lines when stderr is not a terminal (for scripts, editors and CI logs); with the offending
//! line and a caret under the column when it is.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Place, Severity};
use crate::model;

/// Where and how messages are printed. Built once per run from the environment.
#[derive(Debug, Default)]
pub struct Ui {
    /// Show source lines with a caret (stderr is a terminal).
    pub pretty: bool,
    /// Use ANSI colours (pretty and `NO_COLOR` unset).
    pub color: bool,
    /// Source lines of files already shown, so each file is read once.
    sources: HashMap<PathBuf, Option<String>>,
}

impl Ui {
    /// Pretty output when stderr is a terminal; colours unless `NO_COLOR` is set.
    pub fn from_env() -> Ui {
        let pretty = std::io::stderr().is_terminal();
        Ui {
            pretty,
            color: pretty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            sources: HashMap::new(),
        }
    }

    /// Plain output, as when stderr is redirected.
    pub fn plain() -> Ui {
        Ui::default()
    }

    /// Prints a result line on stdout (summaries, generated text).
    pub fn out(&mut self, text: &str) {
        let mut stdout = std::io::stdout().lock();
        // A closed pipe (`nudj schema model | head`) is not an error worth reporting.
        let _ = writeln!(stdout, "{text}");
    }

    /// Prints a progress or status note on stderr (control characters neutralised).
    pub fn note(&mut self, text: &str) {
        self.raw(&sanitize(text));
    }

    /// Writes a line we composed ourselves (it may hold our own colour codes).
    fn raw(&mut self, line: &str) {
        let _ = writeln!(std::io::stderr().lock(), "{line}");
    }

    /// Prints warnings (also on success), then a count when there are several.
    pub fn warnings(&mut self, warnings: &[Diagnostic]) {
        for w in warnings {
            self.diagnostic(w);
        }
        let count = warnings
            .iter()
            .filter(|w| w.severity == Severity::Warning)
            .count();
        if count > 1 {
            let line = format!("{count} warnings");
            let line = self.paint(Severity::Warning, &line);
            self.raw(&format!("{line} (see above)"));
        }
    }

    /// Prints one diagnostic on stderr.
    pub fn diagnostic(&mut self, d: &Diagnostic) {
        let text = if self.pretty {
            let line = match d.place {
                Place::Line { line, .. } => self.source_line(&d.file, line),
                _ => None,
            };
            // A blank line between diagnostics, as rustc does, keeps snippets apart.
            pretty(d, line.as_deref(), self.color) + "\n"
        } else {
            plain(d)
        };
        let _ = writeln!(std::io::stderr().lock(), "{text}");
    }

    /// Prints an error (every diagnostic it holds, then a count).
    pub fn error(&mut self, e: &Error) {
        match e {
            Error::Invalid(ds) => {
                for d in ds {
                    self.diagnostic(d);
                }
                let errors = ds.iter().filter(|d| d.severity == Severity::Error).count();
                if errors > 1 {
                    let head = self.paint(Severity::Error, "error");
                    self.raw(&format!("{head}: {errors} problems found"));
                }
            }
            other => {
                let head = self.paint(Severity::Error, "error");
                self.raw(&format!("{head}: {}", sanitize(&other.to_string())));
            }
        }
    }

    fn paint(&self, sev: Severity, text: &str) -> String {
        paint(self.color, sev, text)
    }

    /// Line `line` (1-based) of `file`, read once per file; built-in models come from the
    /// binary.
    fn source_line(&mut self, file: &Path, line: u64) -> Option<String> {
        let text = self
            .sources
            .entry(file.to_path_buf())
            .or_insert_with(|| read_source(file));
        let index = usize::try_from(line.checked_sub(1)?).ok()?;
        text.as_deref()?.lines().nth(index).map(str::to_string)
    }
}

fn read_source(file: &Path) -> Option<String> {
    for (name, src) in model::builtin_models() {
        if file == model::builtin_path(name) {
            return Some((*src).to_string());
        }
    }
    model::yaml::read_yaml_file(file).ok()
}

/// The plain form: `file:line:col: error: message` and an indented help line.
pub fn plain(d: &Diagnostic) -> String {
    sanitize(&d.to_string())
}

fn label(sev: Severity) -> &'static str {
    match sev {
        Severity::Info => "info",
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}

fn paint(color: bool, sev: Severity, text: &str) -> String {
    if !color {
        return text.to_string();
    }
    let code = match sev {
        Severity::Info => "1;36",
        Severity::Warning => "1;33",
        Severity::Error => "1;31",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

/// The terminal form, rustc style:
///
/// ```text
/// error: unknown key `wieght`
///   --> model.yaml:11:5
///    |
/// 11 |     wieght: 2
///    |     ^
///    = help: did you mean `weight`?
/// ```
pub fn pretty(d: &Diagnostic, source_line: Option<&str>, color: bool) -> String {
    let mut out = format!(
        "{}: {}\n",
        paint(color, d.severity, label(d.severity)),
        sanitize(&d.message)
    );
    let location = match &d.place {
        Place::File => d.file.display().to_string(),
        p @ Place::Line { .. } => format!("{}:{p}", d.file.display()),
        p => format!("{}: {p}", d.file.display()),
    };
    let gutter_width = match &d.place {
        Place::Line { line, .. } if source_line.is_some() => line.to_string().len(),
        _ => 1,
    };
    let pad = " ".repeat(gutter_width);
    out.push_str(&format!("{pad}--> {}\n", sanitize(&location)));
    if let (Place::Line { line, column }, Some(src)) = (&d.place, source_line) {
        // Tabs would shift the caret; show them as one space each, like the column count.
        let shown: String = sanitize(&src.replace('\t', " "));
        let before = usize::try_from(column.saturating_sub(1)).unwrap_or(0);
        let caret_pad = " ".repeat(before.min(shown.chars().count()));
        out.push_str(&format!("{pad} |\n{line} | {shown}\n"));
        out.push_str(&format!(
            "{pad} | {caret_pad}{}\n",
            paint(color, d.severity, "^")
        ));
    }
    if let Some(help) = &d.help {
        out.push_str(&format!("{pad} = help: {}\n", sanitize(help)));
    }
    out.pop();
    out
}

/// Replaces control characters (other than newline) so file contents echoed in messages
/// cannot drive the terminal.
pub fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() && c != '\n' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag() -> Diagnostic {
        Diagnostic::error("m.yaml", Place::line(11, 5), "unknown key `wieght`")
            .with_help("did you mean `weight`?")
    }

    #[test]
    fn pretty_shows_line_and_caret() {
        let got = pretty(&diag(), Some("    wieght: 2"), false);
        assert_eq!(
            got,
            "error: unknown key `wieght`\n  --> m.yaml:11:5\n   |\n11 |     wieght: 2\n   |     ^\n   = help: did you mean `weight`?"
        );
    }

    #[test]
    fn pretty_without_source_still_locates() {
        let got = pretty(&diag(), None, false);
        assert_eq!(
            got,
            "error: unknown key `wieght`\n --> m.yaml:11:5\n  = help: did you mean `weight`?"
        );
    }

    #[test]
    fn plain_is_one_line_per_problem_and_control_chars_are_neutralised() {
        let d = Diagnostic::error("m.yaml", Place::line(2, 1), "bad `\x1b[31m`");
        assert_eq!(plain(&d), "m.yaml:2:1: error: bad `\u{FFFD}[31m`");
    }
}
