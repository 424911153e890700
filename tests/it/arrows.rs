//! Arrows point one way (docs/architecture.md → DEVELOPERS.md "Pipeline and modules"): each
//! stage of `src/` may use only the stages below it. This test reads every `.rs` file under
//! `src/`, strips comments and string literals, expands every `crate::` path (`use` lines,
//! grouped `use crate::{a::b, c}` trees and paths written inline) and fails on a path a rule
//! forbids, naming the file and the path. It also fails when anything outside `cli` prints,
//! uses clap or raises `Error::Usage`.

use std::path::{Path, PathBuf};

use crate::common::root;

/// A rule: files of `stage` must not use `crate::<forbidden>` (or anything under it).
struct Rule {
    stage: &'static str,
    forbidden: &'static [&'static str],
    why: &'static str,
}

/// Everything above the plain loaders: what they must not reach.
const ABOVE_LOADERS: &[&str] = &["score", "chart", "report", "course", "pipeline", "cli"];

/// Every stage module: what shared infrastructure must not use.
const STAGES: &[&str] = &[
    "model", "data", "score", "analysis", "chart", "report", "course", "pipeline", "cli",
    "typeset", "privacy", "export",
];

const RULES: &[Rule] = &[
    Rule {
        stage: "grid",
        forbidden: STAGES,
        why: "the sheet grid is shared infrastructure",
    },
    Rule {
        stage: "normalize",
        forbidden: STAGES,
        why: "text normalisation is shared infrastructure",
    },
    Rule {
        stage: "words",
        forbidden: STAGES,
        why: "the word catalogue is shared infrastructure (report, course, template, init, score table)",
    },
    Rule {
        stage: "analysis",
        forbidden: &[
            "data", "chart", "report", "course", "pipeline", "cli", "typeset",
        ],
        why: "analysis decides from the score result alone; documents present its decisions",
    },
    Rule {
        stage: "model",
        forbidden: &[
            "data", "score", "chart", "report", "course", "pipeline", "cli", "typeset",
        ],
        why: "the model knows nothing of workbooks, scores or documents",
    },
    Rule {
        stage: "data",
        forbidden: ABOVE_LOADERS,
        why: "data reads workbooks and knows nothing of scoring or documents",
    },
    Rule {
        stage: "score",
        forbidden: &["chart", "report", "course", "pipeline", "cli", "typeset"],
        why: "score is pure functions from the model and the read answers",
    },
    Rule {
        stage: "chart",
        forbidden: &[
            "model", "data", "score", "report", "course", "pipeline", "cli",
        ],
        why: "charts draw the values they are given",
    },
    Rule {
        stage: "typeset",
        forbidden: &[
            "model", "data", "score", "chart", "report", "course", "pipeline", "cli", "privacy",
        ],
        why: "typeset knows nothing of CX: it could be lifted into another project",
    },
    Rule {
        stage: "report",
        forbidden: &["course", "pipeline", "cli"],
        why: "the report assembles what the pipeline loaded",
    },
    Rule {
        stage: "course",
        forbidden: &["report", "cli"],
        why: "course reaches engagements through the pipeline, not report internals",
    },
    Rule {
        stage: "benchmark",
        forbidden: &[
            "data", "chart", "report", "course", "pipeline", "cli", "typeset",
        ],
        why: "the benchmark is figures over score results, read from their JSON",
    },
    Rule {
        stage: "export",
        forbidden: &["chart", "course", "pipeline", "cli", "typeset"],
        why: "the results workbook presents the score result the pipeline loaded, as the report does",
    },
    Rule {
        stage: "pipeline",
        forbidden: &["cli", "course"],
        why: "the pipeline serves the commands",
    },
];

/// Stages that may use only data's plain types (`data::types` and its re-exports), never
/// its reader, grid or template writer.
const DATA_TYPES_ONLY: &[&str] = &["score", "report", "chart", "export"];

/// The stage of a file under `src/`: its folder, or its stem for a top-level file.
fn stage_of(rel: &Path) -> String {
    let mut parts = rel.components();
    let first = parts
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    first.trim_end_matches(".rs").to_string()
}

/// The source with comments, string and character literals blanked (so `"crate::x"` in a
/// message or a doc comment does not count).
fn code_only(src: &str) -> String {
    let b: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == '/' && b.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == '*' && b.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c == 'r' && (next == Some('#') || next == Some('"')) && !ident_before(&b, i) {
            // Raw string r"…" or r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == '"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < b.len() && b[i] != '"' {
                if b[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{..}'); otherwise a lifetime.
            if next == Some('\\') {
                let mut j = i + 2;
                while j < b.len() && b[j] != '\'' {
                    j += 1;
                }
                i = j + 1;
                out.push_str("' '");
            } else if b.get(i + 2) == Some(&'\'') {
                i += 3;
                out.push_str("' '");
            } else {
                out.push(c);
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn ident_before(b: &[char], i: usize) -> bool {
    i > 0
        && b.get(i - 1)
            .is_some_and(|c| c.is_alphanumeric() || *c == '_')
}

/// Every path a `crate::` tree names, without the `crate::`: `crate::a::{b::c, d}` gives
/// `a::b::c` and `a::d`.
fn crate_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `nudj_crate::`, not ours
        }
        let chars: Vec<char> = rest.chars().collect();
        let mut pos = 0;
        tree(&chars, &mut pos, String::new(), &mut out);
    }
    out
}

/// Parses one use tree at `pos` under `prefix`, pushing complete paths.
fn tree(c: &[char], pos: &mut usize, prefix: String, out: &mut Vec<String>) {
    let skip_ws = |pos: &mut usize| {
        while c.get(*pos).is_some_and(|ch| ch.is_whitespace()) {
            *pos += 1;
        }
    };
    skip_ws(pos);
    if c.get(*pos) == Some(&'{') {
        *pos += 1;
        loop {
            skip_ws(pos);
            match c.get(*pos) {
                Some('}') => {
                    *pos += 1;
                    break;
                }
                Some(',') => *pos += 1,
                None => break,
                _ => {
                    let before = *pos;
                    tree(c, pos, prefix.clone(), out);
                    if *pos == before {
                        *pos += 1;
                    }
                }
            }
        }
        return;
    }
    let mut seg = String::new();
    while let Some(ch) = c.get(*pos) {
        if ch.is_alphanumeric() || *ch == '_' || *ch == '*' {
            seg.push(*ch);
            *pos += 1;
        } else {
            break;
        }
    }
    if seg.is_empty() {
        if !prefix.is_empty() {
            out.push(prefix);
        }
        return;
    }
    let path = if prefix.is_empty() || seg == "self" {
        if seg == "self" { prefix } else { seg }
    } else {
        format!("{prefix}::{seg}")
    };
    if c.get(*pos) == Some(&':') && c.get(*pos + 1) == Some(&':') {
        *pos += 2;
        tree(c, pos, path, out);
    } else {
        // `as name` and whatever follows ends the path.
        out.push(path);
    }
}

/// Names data's plain types are known by: `types` and the items of data/types.rs.
fn data_type_names() -> Vec<String> {
    let src = std::fs::read_to_string(root().join("src/data/types.rs")).expect("data/types.rs");
    let mut names = vec!["types".to_string()];
    for line in code_only(&src).lines() {
        let t = line.trim_start();
        for kw in ["pub struct ", "pub enum ", "pub type "] {
            if let Some(rest) = t.strip_prefix(kw) {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                names.push(name);
            }
        }
    }
    names
}

/// The problems of one file's code: forbidden paths, printing, clap, `Error::Usage`.
fn problems(stage: &str, code: &str, data_types: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    let under = |path: &str, p: &str| path == p || path.starts_with(&format!("{p}::"));
    for path in crate_paths(code) {
        for rule in RULES.iter().filter(|r| r.stage == stage) {
            if let Some(p) = rule.forbidden.iter().find(|p| under(&path, p)) {
                found.push(format!(
                    "uses `crate::{path}` ({stage} ↛ {p}: {})",
                    rule.why
                ));
            }
        }
        if DATA_TYPES_ONLY.contains(&stage)
            && let Some(inner) = path.strip_prefix("data::")
        {
            let first = inner.split("::").next().unwrap_or_default();
            if !data_types.iter().any(|t| t == first) {
                found.push(format!(
                    "uses `crate::{path}` ({stage} may use data's types only, not its reader)"
                ));
            }
        }
    }
    if stage != "cli" {
        for bad in [
            "println!",
            "eprintln!",
            "print!",
            "eprint!",
            "dbg!",
            "io::stdout",
            "io::stderr",
            "clap::",
            "Usage(",
        ] {
            // error.rs declares the variant; raising it is for cli alone.
            if code.contains(bad) && !(stage == "error" && bad == "Usage(") {
                found.push(format!(
                    "contains `{bad}` (only cli prints, parses arguments and raises usage errors)"
                ));
            }
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src").flatten() {
        let p = entry.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn arrows_point_one_way() {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let data_types = data_type_names();
    assert!(
        data_types.iter().any(|t| t == "ClientData"),
        "{data_types:?}"
    );
    let mut all = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(&src).expect("under src");
        let stage = stage_of(rel);
        if stage == "lib" || stage == "main" {
            continue;
        }
        let code = code_only(&std::fs::read_to_string(f).expect("read"));
        for p in problems(&stage, &code, &data_types) {
            all.push(format!("src/{}: {p}", rel.display()));
        }
    }
    assert!(
        all.is_empty(),
        "arrows pointing the wrong way:\n{}",
        all.join("\n")
    );
    assert!(files.len() > 50, "only {} files under src/", files.len());
}

#[test]
fn the_scanner_sees_what_it_must() {
    let types = vec!["types".to_string(), "ClientData".to_string()];
    let check = |stage: &str, src: &str| problems(stage, &code_only(src), &types);
    // A reader import in score, plainly, grouped, inline and renamed.
    assert_eq!(check("score", "use crate::data::read;\n").len(), 1);
    assert_eq!(
        check(
            "score",
            "use crate::{error::Result, data::{ClientData, read::responses}};"
        )
        .len(),
        1
    );
    assert_eq!(
        check("score", "let x = crate::data::read_client_data(p);").len(),
        1
    );
    assert_eq!(check("score", "use crate::data::grid as g;").len(), 1);
    assert!(check("score", "use crate::data::{ClientData, types::Answer};").is_empty());
    // Shared infrastructure ↛ stages.
    assert_eq!(check("grid", "use crate::data::Answer;").len(), 1);
    // Model ↛ data, typeset ↛ CX, course ↛ report, only cli prints.
    assert_eq!(
        check("model", "use crate::data::parse::normalize;").len(),
        1
    );
    assert_eq!(check("typeset", "use crate::score::ScoreResult;").len(), 1);
    assert_eq!(check("course", "crate::report::privacy::x()").len(), 1);
    assert_eq!(check("report", "println!(\"x\")").len(), 1);
    assert_eq!(check("report", "Err(Error::Usage(m))").len(), 1);
    assert!(check("cli", "println!(\"x\"); use clap::Args;").is_empty());
    // Comments and strings are not code.
    assert!(
        check(
            "score",
            "// use crate::data::read;\n/// crate::data::read\n"
        )
        .is_empty()
    );
    assert!(check("score", "let s = \"crate::data::read println!\";").is_empty());
    assert!(check("score", "let s = r#\"crate::data::read\"#; let c = '\"';").is_empty());
}
