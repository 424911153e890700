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
//!
//! Run again on an engagement (after the model changed), it brings what it wrote itself up to
//! date and leaves what the user wrote alone. It tells them apart by `.nudj-init.json`, the
//! record of every file it wrote with the fingerprint of its bytes ([`Record`]): a file whose
//! bytes are still those is untouched, and may be updated (a stub for a renamed dimension, the
//! empty workbook for the new questions) or removed (the stub of a dimension the model no
//! longer has); any other file is kept, and named with the reason.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

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
/// missing (a stub per new or renamed dimension), updates or removes only files it wrote that
/// nobody edited (recorded in DIR/.nudj-init.json), keeps the rest, and says what and why.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  nudj init acme\n  nudj init acme --client \"شركة أكمي\" --date 2026-11-01\n  nudj init acme --lang en\n  nudj init acme            # again, after a model change: adds what is missing, updates what nobody edited\n  nudj init acme --force     # fresh files; changed ones moved to acme/backup-<date>/ (narrative/ is kept)"
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
    let mut record = Record::read(&args.dir);
    for (rel, bytes) in &files {
        let path = args.dir.join(rel);
        write(&path, bytes)?;
        record.note(&args.dir, &path, bytes);
    }
    let (mut created, mut kept) = (0usize, Vec::new());
    for (rel, text) in &stubs {
        let path = args.dir.join("narrative").join(rel);
        if path.exists() {
            kept.push(format!("narrative/{}", rel.display()));
        } else {
            write(&path, text.as_bytes())?;
            record.note(&args.dir, &path, text.as_bytes());
            created += 1;
        }
    }
    record.save(&args.dir)?;
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

/// `nudj init DIR` where DIR holds an engagement, typically after its model changed. Each
/// file `nudj init` makes for the model (the editor schemas, the theme and the answers
/// workbook the engagement names, a narrative stub per section) is created when missing,
/// updated when `nudj init` wrote it and nobody edited it since ([`Record`]) but the model
/// now asks for other bytes, and otherwise kept. A stub `nudj init` wrote for a dimension the
/// model no longer has (removed, or its id renamed) is removed when untouched, and named in a
/// warning when edited (the report refuses a narrative file named after no dimension). What
/// was added, updated, removed and kept is said, with the reason; an edited workbook that has
/// no column for some questions of the model is named with the command that adds them.
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
    let mut record = Record::read(dir);
    let had_record = dir.join(RECORD).is_file();
    let mut done = Done::default();
    for (rel, bytes) in schema_files()? {
        sync(
            &mut record,
            dir,
            &dir.join(rel),
            &bytes,
            "editor schema",
            &mut done,
        )?;
    }
    if let Some(theme) = &raw.theme {
        let fresh = crate::report::theme::DEFAULT_THEME.as_bytes();
        sync(
            &mut record,
            dir,
            &dir.join(&theme.value),
            fresh,
            "the default theme, to brand",
            &mut done,
        )?;
    }
    let mut workbook_kept = None;
    if let Some(data) = &raw.data
        && data
            .value
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        let opts = TemplateOptions::from_engagement(&raw);
        let workbook = template_bytes(&model, &opts)
            .map_err(|e| Error::internal(format!("cannot build the workbook: {e}")))?;
        let path = dir.join(&data.value);
        let what = "the collection workbook for the model";
        if !sync(&mut record, dir, &path, &workbook, what, &mut done)? {
            workbook_kept =
                missing_columns(&path, &model, &opts).map(|m| (path.display().to_string(), m));
        }
    }
    let narrative = dir.join(
        raw.narrative
            .as_ref()
            .map(|n| n.value.clone())
            .unwrap_or_else(|| PathBuf::from("narrative")),
    );
    for (rel, text) in narrative_stubs(&model, lang)? {
        sync(
            &mut record,
            dir,
            &narrative.join(rel),
            text.as_bytes(),
            "narrative stub",
            &mut done,
        )?;
    }
    let mut stale = Vec::new();
    for (path, stem) in stale_narrative(&narrative, &model) {
        let untouched = std::fs::read(&path).is_ok_and(|b| record.untouched(dir, &path, &b));
        if untouched {
            std::fs::remove_file(&path).map_err(|e| Error::write(&path, e))?;
            record.forget(dir, &path);
            done.removed.push(format!(
                "{} (the stub nudj wrote for `{stem}`, which the model no longer has; never edited)",
                path.display()
            ));
        } else {
            stale.push(stale_warning(&path, &stem, &model));
        }
    }
    if done.changed() || had_record {
        record.save(dir)?;
    }
    ui.out(&done.say(dir, workbook_kept.as_ref(), engagement));
    ui.warnings(&stale);
    Ok(())
}

/// What [`complete`] did to each file, for its message.
#[derive(Debug, Default)]
struct Done {
    added: Vec<String>,
    updated: Vec<String>,
    removed: Vec<String>,
    /// Files that differ from what `nudj init` would write now, with the reason they were kept.
    kept: Vec<String>,
}

impl Done {
    fn changed(&self) -> bool {
        !(self.added.is_empty() && self.updated.is_empty() && self.removed.is_empty())
    }

    /// The message: what was added, updated, removed and kept, or that nothing was missing.
    /// `workbook`: the kept answers workbook and the questions it has no column for.
    fn say(&self, dir: &Path, workbook: Option<&(String, String)>, engagement: &Path) -> String {
        let mut out = if self.changed() {
            format!(
                "{} holds an engagement: nothing you edited was overwritten",
                dir.display()
            )
        } else {
            format!(
                "{}: nothing was missing, nothing was changed",
                dir.display()
            )
        };
        for (verb, list) in [
            ("added", &self.added),
            (
                "updated (untouched since nudj wrote it; now for the model)",
                &self.updated,
            ),
            ("removed", &self.removed),
            ("kept", &self.kept),
        ] {
            if !list.is_empty() {
                out.push_str(&format!("\n{verb}\n  {}", list.join("\n  ")));
            }
        }
        if let Some((path, missing)) = workbook {
            out.push_str(&format!(
                "\n{path} has no column for {missing} of the model: add them, keeping every answer, with\n  nudj template {} --update {path}",
                engagement.display(),
            ));
        }
        out
    }
}

/// Brings `path` to `fresh` when that is safe: creates it when missing, rewrites it when
/// `nudj init` wrote it and it is untouched, else keeps it (and says why when it differs).
/// Returns whether the file now holds `fresh`.
fn sync(
    record: &mut Record,
    dir: &Path,
    path: &Path,
    fresh: &[u8],
    what: &str,
    done: &mut Done,
) -> Result<bool> {
    let Ok(old) = std::fs::read(path) else {
        if path.exists() {
            done.kept
                .push(format!("{} (cannot be read)", path.display()));
            return Ok(false);
        }
        write(path, fresh)?;
        record.note(dir, path, fresh);
        done.added.push(format!("{} ({what})", path.display()));
        return Ok(true);
    };
    if old == fresh {
        record.note(dir, path, fresh);
        return Ok(true);
    }
    if record.untouched(dir, path, &old) {
        write(path, fresh)?;
        record.note(dir, path, fresh);
        done.updated.push(format!("{} ({what})", path.display()));
        return Ok(true);
    }
    let why = if record.knows(dir, path) {
        "edited since nudj wrote it"
    } else {
        "not written by nudj init, or before it kept a record"
    };
    done.kept.push(format!("{} ({why})", path.display()));
    Ok(false)
}

/// The questions of `model` that the filled workbook at `path` has no column for, as
/// `3 questions (DIG-01, DIG-02, DIG-03)`; `None` when it has one for each or cannot be read.
fn missing_columns(path: &Path, model: &Model, opts: &TemplateOptions) -> Option<String> {
    let w = crate::data::update_workbook(path, model, opts, crate::data::Limits::default()).ok()?;
    let added = w.output.added;
    match added.len() {
        0 => None,
        1 => Some(format!("1 question ({})", added.join(", "))),
        n => Some(format!("{n} questions ({})", added.join(", "))),
    }
}

/// The name of the record `nudj init` keeps in the engagement folder.
const RECORD: &str = ".nudj-init.json";

/// What `nudj init` wrote into an engagement folder (`DIR/.nudj-init.json`): each file by its
/// path relative to the folder (`/`-separated), with the fingerprint of the bytes written.
/// A file whose bytes still have that fingerprint is untouched. A missing or unreadable
/// record knows no file: every file then counts as edited, and is kept.
#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
struct Record {
    /// What the file is, for a user who opens it.
    #[serde(default)]
    about: String,
    /// Path → fingerprint ([`fingerprint`]).
    #[serde(default)]
    files: BTreeMap<String, String>,
}

/// The record's file is small; a larger one is not ours and is ignored.
const RECORD_MAX_BYTES: u64 = 1 << 20;

impl Record {
    fn read(dir: &Path) -> Record {
        let path = dir.join(RECORD);
        let small = std::fs::metadata(&path).is_ok_and(|m| m.len() <= RECORD_MAX_BYTES);
        if !small {
            return Record::default();
        }
        std::fs::read(&path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    fn save(&mut self, dir: &Path) -> Result<()> {
        self.about = "What `nudj init` wrote here, with a fingerprint of each file, so that running it again updates or removes only files nobody edited. Safe to delete: nudj then keeps every file.".into();
        let json = serde_json::to_string_pretty(self)
            .map_err(|e| Error::internal(format!("cannot write the init record: {e}")))?;
        write(&dir.join(RECORD), format!("{json}\n").as_bytes())
    }

    /// `path`'s key: relative to `dir` with `/`, or the whole path outside it.
    fn key(dir: &Path, path: &Path) -> String {
        match path.strip_prefix(dir) {
            Ok(rel) => rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/"),
            Err(_) => path.display().to_string(),
        }
    }

    fn note(&mut self, dir: &Path, path: &Path, bytes: &[u8]) {
        self.files
            .insert(Record::key(dir, path), fingerprint(bytes));
    }

    fn forget(&mut self, dir: &Path, path: &Path) {
        self.files.remove(&Record::key(dir, path));
    }

    fn knows(&self, dir: &Path, path: &Path) -> bool {
        self.files.contains_key(&Record::key(dir, path))
    }

    /// Whether `bytes`, read from `path`, are what `nudj init` wrote there.
    fn untouched(&self, dir: &Path, path: &Path, bytes: &[u8]) -> bool {
        self.files.get(&Record::key(dir, path)) == Some(&fingerprint(bytes))
    }
}

/// A fingerprint of `bytes`: their 64-bit FNV-1a hash and their length, `fnv1a64:HEX:LEN`
/// (stable across builds and machines; not a defence against a forger, only against edits).
fn fingerprint(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("fnv1a64:{h:016x}:{}", bytes.len())
}

/// Narrative files named after no dimension of `model` (a dimension renamed or removed),
/// with the name they give (without `.recommendations`, `.ar`, `.en`), in file-name order.
fn stale_narrative(dir: &Path, model: &Model) -> Vec<(PathBuf, String)> {
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
                .unwrap_or(stem)
                .to_string();
            if ["summary", "next-steps", "journey"].contains(&stem.as_str())
                || ids.contains(&stem.as_str())
            {
                return None;
            }
            Some((path, stem))
        })
        .collect()
}

/// The warning for a narrative file the user wrote under `stem`, no dimension of `model`:
/// the report refuses it until it is renamed or deleted; the closest dimension id, if any.
fn stale_warning(path: &Path, stem: &str, model: &Model) -> crate::error::Diagnostic {
    let ids: Vec<&str> = model
        .dimensions
        .iter()
        .map(|d| d.id.value.as_str())
        .collect();
    let d = crate::error::Diagnostic::warning(
        path,
        crate::error::Place::File,
        format!(
            "`{stem}` is no dimension of the model `{}`; kept (it holds your text), but the report refuses it until it is renamed or deleted",
            model.id.value
        ),
    );
    match crate::model::yaml::suggest(stem, &ids) {
        Some(s) => d.with_help(format!(
            "rename the file after dimension `{s}` (and merge it with the new stub), or delete it"
        )),
        None => d.with_help(format!(
            "move its text into the file of the dimension it belongs to ({}), or delete it",
            ids.join(", ")
        )),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_fnv1a_64_with_the_length() {
        // The published FNV-1a 64-bit test vectors (the empty string, "a", "foobar").
        assert_eq!(fingerprint(b""), "fnv1a64:cbf29ce484222325:0");
        assert_eq!(fingerprint(b"a"), "fnv1a64:af63dc4c8601ec8c:1");
        assert_eq!(fingerprint(b"foobar"), "fnv1a64:85944171f73967e8:6");
    }

    #[test]
    fn a_record_knows_untouched_files_by_their_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("narrative/voc.md");
        let mut r = Record::default();
        r.note(dir.path(), &path, b"stub");
        assert!(r.untouched(dir.path(), &path, b"stub"));
        assert!(!r.untouched(dir.path(), &path, b"stub and my text"));
        r.save(dir.path()).unwrap();
        let back = Record::read(dir.path());
        assert_eq!(
            back.files.get("narrative/voc.md"),
            r.files.get("narrative/voc.md")
        );
        // A damaged record knows nothing: every file counts as edited.
        std::fs::write(dir.path().join(RECORD), "{not json").unwrap();
        assert!(!Record::read(dir.path()).untouched(dir.path(), &path, b"stub"));
    }
}
