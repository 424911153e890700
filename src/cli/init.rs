//! `nudj init DIR`: a ready-to-edit engagement folder, so a new user starts from something
//! that works: an engagement file, a copy of the default model, the data-collection workbook
//! for it, the JSON Schemas that let editors check the YAML as it is typed, and the
//! narrative folder with one stub per section the consultant writes.
//!
//! The stubs are Markdown whose only content is an HTML comment saying what to write there:
//! the converter drops comments, and `nudj report` skips a narrative file that holds nothing
//! else (with a warning), so an untouched scaffold renders and lists what is still to write.
//! Narrative files are the consultant's own work: an existing one is never replaced, not
//! even with `--force`.

use std::path::{Path, PathBuf};

use crate::data::{TemplateOptions, template_bytes};
use crate::error::{Error, Result};
use crate::model::{BUILTIN_MODEL_YAML, EngagementFile, Model, builtin_model, yaml};
use crate::text::Lang;

use super::Ui;
use super::schema::{Format, schema_json};

/// Create an engagement folder: engagement.yaml, model.yaml (a copy of the built-in model to
/// adapt), theme.yaml (a copy of the default theme to brand), responses.xlsx (the workbook respondents fill in), schemas for editors, and
/// narrative/ with a commented stub per dimension plus summary.md and next-steps.md (existing
/// narrative files are always kept). Run again on an engagement folder, it adds what is
/// missing (a stub per new or renamed dimension) and says what it added.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  nudj init acme\n  nudj init acme --client \"شركة أكمي\" --date 2026-11-01\n  nudj init acme --lang en\n  nudj init acme            # again, on an engagement: adds what is missing (stubs for new dimensions)\n  nudj init acme --force     # fresh files; changed ones moved to acme/backup-<date>/ (narrative/ is kept)"
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
    /// Replace engagement.yaml, model.yaml, theme.yaml, responses.xlsx and the schemas with
    /// fresh copies. Existing ones that differ (a filled workbook, an adapted model) are first
    /// moved to DIR/backup-<engagement date>/. Narrative files are never overwritten.
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
theme: theme.yaml          # brand: colours, fonts, logos, cover (docs/theme-format.md)
data: responses.xlsx       # the answers workbook (one row per respondent)
language: {lang}               # ar (right-to-left) | en
date: {date}
targets:
  default: 4               # target score for every dimension, in scale units
# segments: [Department]   # columns to break results down by
# comments: [Comments]     # free-text columns quoted in the report
# narrative: narrative     # your findings in Markdown, one file per dimension (the default)
",
        client = yaml_quote(client),
        lang = lang.code(),
    )
}

/// Runs `nudj init`.
pub fn run(args: &Args, ui: &mut Ui) -> Result<()> {
    let engagement = args.dir.join("engagement.yaml");
    if engagement.is_file() && !args.force {
        return complete(args, &engagement, ui);
    }
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
        .map_err(|e| Error::internal(format!("cannot build the workbook: {e}")))?;
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![
        (
            PathBuf::from("engagement.yaml"),
            engagement_yaml(&client, date, lang).into_bytes(),
        ),
        (PathBuf::from("model.yaml"), model_yaml.into_bytes()),
        // The embedded default theme, to edit into the consultancy's brand.
        (
            PathBuf::from("theme.yaml"),
            crate::report::theme::DEFAULT_THEME.as_bytes().to_vec(),
        ),
        (PathBuf::from("responses.xlsx"), workbook),
    ];
    files.extend(schema_files()?);

    let stubs = narrative_stubs(&model, lang)?;

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
                "refusing to overwrite {}; pass --force to replace {} (the old files are moved to a backup folder)",
                existing.join(", "),
                if existing.len() == 1 { "it" } else { "them" }
            )));
        }
    }
    // --force: a file the user changed (a filled workbook, an adapted model) is moved aside,
    // never overwritten.
    let backup = if args.force {
        back_up(&args.dir, &files)?
    } else {
        None
    };
    for (rel, bytes) in &files {
        write(&args.dir.join(rel), bytes)?;
    }
    let (mut created, mut kept) = (0usize, Vec::new());
    for (rel, text) in &stubs {
        let path = args.dir.join("narrative").join(rel);
        if path.exists() {
            kept.push(format!("narrative/{}", rel.display()));
        } else {
            write(&path, text.as_bytes())?;
            created += 1;
        }
    }
    let kept = if kept.is_empty() {
        String::new()
    } else {
        format!(
            "\nkept {} (narrative files are never overwritten)",
            kept.join(", ")
        )
    };
    let backup = backup
        .map(|(dir, moved)| {
            format!(
                "\nmoved the earlier {} to {} (they differed from the fresh copies)",
                moved.join(", "),
                dir.display()
            )
        })
        .unwrap_or_default();
    ui.out(&format!(
        "created {dir}/engagement.yaml, {dir}/model.yaml, {dir}/theme.yaml, {dir}/responses.xlsx and {created} narrative stub{s} in {dir}/narrative/{kept}{backup}\nnext: collect answers in responses.xlsx (one row per respondent), edit engagement.yaml, write your findings in narrative/*.md, then run\n  nudj validate {dir}/engagement.yaml",
        dir = args.dir.display(),
        s = if created == 1 { "" } else { "s" },
    ));
    Ok(())
}

/// The JSON Schemas for editors, by path relative to the engagement folder.
fn schema_files() -> Result<Vec<(PathBuf, Vec<u8>)>> {
    Ok(vec![
        (
            PathBuf::from("schemas/engagement.schema.json"),
            schema_json(Format::Engagement)?.into_bytes(),
        ),
        (
            PathBuf::from("schemas/model.schema.json"),
            schema_json(Format::Model)?.into_bytes(),
        ),
    ])
}

/// Before `--force` writes `files`: every existing one whose content differs from the fresh
/// copy (a filled workbook, an adapted model, a branded theme) is moved into
/// `DIR/backup-<date>/` under the same relative path, `<date>` being the existing
/// engagement's `date:` (so the name is the same on every machine), or `DIR/backup/` when it
/// has none; `-2`, `-3`, … when that folder exists. Returns the folder and what was moved.
fn back_up(dir: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<Option<(PathBuf, Vec<String>)>> {
    let changed: Vec<&PathBuf> = files
        .iter()
        .filter(|(rel, bytes)| {
            std::fs::read(dir.join(rel)).is_ok_and(|old| old.as_slice() != bytes.as_slice())
        })
        .map(|(rel, _)| rel)
        .collect();
    if changed.is_empty() {
        return Ok(None);
    }
    let base = match engagement_date(&dir.join("engagement.yaml")) {
        Some(date) => format!("backup-{date}"),
        None => "backup".to_string(),
    };
    let folder = (1..)
        .map(|n| {
            if n == 1 {
                dir.join(&base)
            } else {
                dir.join(format!("{base}-{n}"))
            }
        })
        .find(|p| !p.exists())
        .unwrap_or_else(|| dir.join(&base));
    let mut moved = Vec::new();
    for rel in changed {
        let to = folder.join(rel);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
        }
        std::fs::rename(dir.join(rel), &to).map_err(|e| Error::write(&to, e))?;
        moved.push(rel.display().to_string());
    }
    Ok(Some((folder, moved)))
}

/// The `date:` of an engagement file, when it reads as YYYY-MM-DD.
fn engagement_date(path: &Path) -> Option<chrono::NaiveDate> {
    let src = yaml::read_yaml_file(path).ok()?;
    let raw: EngagementFile = yaml::parse(path, &src).ok()?;
    let date = raw.date?;
    chrono::NaiveDate::parse_from_str(date.value.trim(), "%Y-%m-%d").ok()
}

/// `nudj init DIR` where DIR holds an engagement: nothing is overwritten; what is missing is
/// added and named: a narrative stub for each dimension of the engagement's model without one
/// (a dimension added or renamed since), the editor schemas, the answers workbook and the
/// theme file the engagement names when they do not exist. Narrative files that name no
/// dimension of the model are listed with the closest dimension id.
fn complete(args: &Args, engagement: &Path, ui: &mut Ui) -> Result<()> {
    let src = yaml::read_yaml_file(engagement)?;
    let raw: EngagementFile = yaml::parse(engagement, &src)?;
    let dir = &args.dir;
    let spec = raw
        .model
        .as_ref()
        .map(|m| m.value.clone())
        .unwrap_or_else(|| crate::model::BUILTIN_MODEL_NAME.to_string());
    let w = crate::model::resolve_model(&spec, dir)?;
    ui.warnings(&w.warnings);
    let model = w.output.0;
    let lang = raw.language;
    let mut added: Vec<String> = Vec::new();
    let mut add = |path: PathBuf, bytes: &[u8], why: &str| -> Result<()> {
        if path.exists() {
            return Ok(());
        }
        write(&path, bytes)?;
        added.push(format!("{} ({why})", path.display()));
        Ok(())
    };
    for (rel, bytes) in schema_files()? {
        add(dir.join(rel), &bytes, "editor schema")?;
    }
    if let Some(theme) = &raw.theme {
        add(
            dir.join(&theme.value),
            crate::report::theme::DEFAULT_THEME.as_bytes(),
            "the default theme, to brand",
        )?;
    }
    if let Some(data) = &raw.data
        && data
            .value
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        let workbook = template_bytes(&model, &TemplateOptions::from_engagement(&raw))
            .map_err(|e| Error::internal(format!("cannot build the workbook: {e}")))?;
        add(
            dir.join(&data.value),
            &workbook,
            "the collection workbook for the model",
        )?;
    }
    let narrative = dir.join(
        raw.narrative
            .as_ref()
            .map(|n| n.value.clone())
            .unwrap_or_else(|| PathBuf::from("narrative")),
    );
    for (rel, text) in narrative_stubs(&model, lang)? {
        add(narrative.join(rel), text.as_bytes(), "narrative stub")?;
    }
    let stale = stale_narrative(&narrative, &model);
    if added.is_empty() {
        ui.out(&format!(
            "{} is complete: nothing was missing, nothing was changed",
            dir.display()
        ));
    } else {
        ui.out(&format!(
            "{} holds an engagement: nothing was overwritten; added\n  {}",
            dir.display(),
            added.join("\n  ")
        ));
    }
    ui.warnings(&stale);
    Ok(())
}

/// Narrative files named after no dimension of `model` (a dimension renamed or removed):
/// warnings with the closest dimension id.
fn stale_narrative(dir: &Path, model: &Model) -> Vec<crate::error::Diagnostic> {
    let ids: Vec<&str> = model
        .dimensions
        .iter()
        .map(|d| d.id.value.as_str())
        .collect();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    files
        .into_iter()
        .filter_map(|path| {
            let stem = path.file_stem()?.to_str()?.to_string();
            let stem = stem.strip_suffix(".recommendations").unwrap_or(&stem);
            let stem = [".ar", ".en"]
                .iter()
                .find_map(|l| stem.strip_suffix(l))
                .unwrap_or(stem);
            if ["summary", "next-steps", "journey"].contains(&stem) || ids.contains(&stem) {
                return None;
            }
            let d = crate::error::Diagnostic::warning(
                &path,
                crate::error::Place::File,
                format!("`{stem}` is no dimension of the model `{}`", model.id.value),
            );
            Some(match crate::model::yaml::suggest(stem, &ids) {
                Some(s) => d.with_help(format!(
                    "rename the file after dimension `{s}` (and merge it with the new stub), or delete it"
                )),
                None => d.with_help(format!("the dimensions are {}", ids.join(", "))),
            })
        })
        .collect()
}

/// The narrative stubs, relative to the narrative folder: `summary.md`, one per dimension (by id, in model order) and
/// `next-steps.md`, each only an HTML comment saying what to write there.
fn narrative_stubs(model: &Model, lang: Lang) -> Result<Vec<(PathBuf, String)>> {
    let words = crate::words::Catalogue::builtin()?;
    // The sheet name the scaffold's workbook uses (the template's default).
    let quote_help = words.fill("init_quote_help", lang, &[("sheet", "Responses")]);
    let markdown_help = words.get("init_markdown_help", lang);
    let stub = |title: String, what: &str| {
        format!("<!--\n{title}\n\n{what}\n\n{quote_help}\n\n{markdown_help}\n-->\n")
    };
    let mut out = vec![(
        PathBuf::from("summary.md"),
        stub(
            words.get("init_summary_title", lang),
            &words.get("init_summary_what", lang),
        ),
    )];
    for d in model.dimensions.value.iter() {
        let covers = d
            .description
            .as_ref()
            .map(|t| t.get(lang).trim().to_string())
            .unwrap_or_default();
        let covers = if covers.is_empty() {
            String::new()
        } else {
            words.fill("init_dimension_covers", lang, &[("covers", &covers)])
        };
        let title = words.fill(
            "init_dimension_title",
            lang,
            &[("name", d.name.get(lang)), ("id", &d.id.value)],
        );
        let what = format!("{covers}{}", words.get("init_dimension_what", lang));
        out.push((
            PathBuf::from(format!("{}.md", d.id.value)),
            stub(title, &what),
        ));
    }
    out.push((
        PathBuf::from("next-steps.md"),
        stub(
            words.get("init_next_title", lang),
            &words.get("init_next_what", lang),
        ),
    ));
    Ok(out)
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
    }
    std::fs::write(path, bytes).map_err(|e| Error::write(path, e))
}
