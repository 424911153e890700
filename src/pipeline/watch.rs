//! What a report is made from on disk, and a cheap fingerprint of it, so `nudj report
//! --watch` can re-render when any of it changes (polling: no platform watcher to trust, and
//! a poll of a dozen files every 150 ms costs nothing); and the [`Cache`] that makes the
//! re-render incremental: the read workbook, the score and the charts are kept between
//! renders, each under a key over the content of every file it depends on, so a narrative
//! edit only converts the narrative and typesets again.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use std::sync::Arc;

use super::Options;
use crate::data::ClientData;
use crate::error::{Error, Result, Warned};
use crate::model::{Engagement, ModelSource};
use crate::report::ReportOptions;
use crate::report::charts::ReportChart;
use crate::score::ScoreResult;

/// What one process can reuse between renders of the same engagement (`nudj report
/// --watch`). Each slot holds its key: a hash of the content of every file the stage depends
/// on, chained (the score's key includes the data's, the charts' the score's), so a changed
/// workbook re-reads, re-scores and redraws, and a changed narrative reuses all three.
#[derive(Default)]
pub struct Cache {
    pub(super) data: Slot<Warned<Arc<ClientData>>>,
    pub(super) score: Slot<Warned<Arc<ScoreResult>>>,
    pub(super) charts: Slot<BTreeMap<String, ReportChart>>,
    /// What the last render reused.
    pub last: Reused,
}

/// A cached value with its key; a `None` key (a file could not be read) never matches.
pub(super) type Slot<T> = Option<(Option<u64>, T)>;

/// The stages a render took from the [`Cache`] instead of recomputing them.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Reused {
    /// The workbook was not read again.
    pub data: bool,
    /// The score was not computed again.
    pub score: bool,
    /// The charts were not drawn again.
    pub charts: bool,
}

impl Reused {
    /// For the timing line: `workbook, score and charts reused`, or `None` if nothing was.
    pub fn describe(&self) -> Option<String> {
        let parts: Vec<&str> = [
            (self.data, "workbook"),
            (self.score, "score"),
            (self.charts, "charts"),
        ]
        .into_iter()
        .filter_map(|(used, name)| used.then_some(name))
        .collect();
        match parts.as_slice() {
            [] => None,
            [one] => Some(format!("{one} reused")),
            [init @ .., last] => Some(format!("{} and {last} reused", init.join(", "))),
        }
    }
}

/// The value in `slot` if its key is `key`, else `make()`'s (stored under `key`). `hit` says
/// which it was. A failing `make` leaves the slot empty.
pub(super) fn cached<'c, T>(
    slot: &'c mut Slot<T>,
    key: Option<u64>,
    hit: &mut bool,
    make: impl FnOnce() -> Result<T>,
) -> Result<&'c T> {
    *hit = key.is_some() && matches!(slot, Some((k, _)) if *k == key);
    if !*hit {
        *slot = None;
        *slot = Some((key, make()?));
    }
    match slot {
        Some((_, value)) => Ok(value),
        None => Err(Error::internal("an empty cache slot after filling it")),
    }
}

/// The cache keys of an engagement's stages, chained: the data's key covers the engagement,
/// its model and workbook and the language (which changes messages); the score's adds the
/// previous result; the charts' add the theme and templates.
pub(super) struct Keys {
    /// The read workbook's key.
    pub data: Option<u64>,
    /// The score's key.
    pub score: Option<u64>,
}

impl Keys {
    /// The keys of `e`'s data and score under `opts`.
    pub fn new(e: &Engagement, opts: &Options) -> Keys {
        let mut deps: Vec<&Path> = vec![&e.file, &e.data];
        if let ModelSource::File(p) = &e.model_source {
            deps.push(p);
        }
        deps.extend(e.metric_files.all().map(PathBuf::as_path));
        let data = content_key(0, &deps, &[e.language.code()]);
        let score = data.and_then(|k| {
            let previous: Vec<&Path> = e
                .previous
                .iter()
                .filter(|_| !opts.without_previous)
                .chain(e.benchmark.iter())
                .map(PathBuf::as_path)
                .collect();
            let with = if opts.without_previous { "-" } else { "+" };
            content_key(k, &previous, &[with])
        });
        Keys { data, score }
    }

    /// The charts' key: the score's key extended by the theme file, the templates and the language.
    pub fn charts(
        score: Option<u64>,
        theme: Option<&Path>,
        templates: Option<&Path>,
        lang: &str,
    ) -> Option<u64> {
        let files: Vec<&Path> = theme.into_iter().chain(templates).collect();
        score.and_then(|k| content_key(k, &files, &[lang]))
    }
}

/// A key over `seed`, `extra` and the content of `files` (a folder: the names and content of
/// the files directly in it). `None` when one cannot be read: the stage that reads it then
/// says why, and nothing is reused.
pub fn content_key(seed: u64, files: &[&Path], extra: &[&str]) -> Option<u64> {
    let mut h = DefaultHasher::new();
    seed.hash(&mut h);
    extra.hash(&mut h);
    for f in files {
        f.hash(&mut h);
        if f.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(f)
                .ok()?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect();
            entries.sort();
            for e in entries {
                e.hash(&mut h);
                std::fs::read(&e).ok()?.hash(&mut h);
            }
        } else {
            std::fs::read(f).ok()?.hash(&mut h);
        }
    }
    Some(h.finish())
}

/// The files and folders a report of `engagement` reads: the engagement, its model,
/// workbook, previous result, theme, logos, narrative folder and template folder. When the
/// engagement cannot be loaded (being edited, or a file it names is missing for a moment),
/// only the engagement itself: see [`inputs_after`] to keep watching the others.
pub fn inputs(engagement: &Path, opts: &ReportOptions) -> Vec<PathBuf> {
    loaded_inputs(engagement, opts).unwrap_or_else(|| vec![engagement.to_path_buf()])
}

/// The inputs to watch after a render, given those watched before (`last`): the
/// engagement's inputs when it loads, else `last` with the engagement, so a file that
/// disappears for a moment (a sync tool deletes and recreates it) and every other input of
/// the last good run are still watched, and its return re-renders (tester 6 F11).
pub fn inputs_after(engagement: &Path, opts: &ReportOptions, last: &[PathBuf]) -> Vec<PathBuf> {
    if let Some(paths) = loaded_inputs(engagement, opts) {
        return paths;
    }
    let mut paths = last.to_vec();
    if !paths.iter().any(|p| p == engagement) {
        paths.insert(0, engagement.to_path_buf());
    }
    paths
}

/// The inputs of a loadable engagement; `None` when it cannot be loaded.
fn loaded_inputs(engagement: &Path, opts: &ReportOptions) -> Option<Vec<PathBuf>> {
    let mut paths = vec![engagement.to_path_buf()];
    let loaded = crate::model::load_engagement(engagement).ok()?;
    let e = loaded.output;
    if let ModelSource::File(p) = &e.model_source {
        paths.push(p.clone());
    }
    paths.push(e.data.clone());
    paths.extend(e.metric_files.all().cloned());
    paths.extend(e.previous.clone());
    paths.extend(e.benchmark.clone());
    paths.extend(opts.theme.clone().or(e.theme.clone()));
    paths.extend(e.client.logo.clone());
    paths.extend(e.narrative.clone());
    paths.extend(opts.templates.clone());
    Some(paths)
}

/// One file's state: path, modification time and length (`None` when missing).
pub type Stamp = (PathBuf, Option<(SystemTime, u64)>);

/// The state of `paths`; a folder stands for the files directly in it.
pub fn fingerprint(paths: &[PathBuf]) -> Vec<Stamp> {
    let stamp = |p: &Path| {
        std::fs::metadata(p)
            .ok()
            .map(|m| (m.modified().unwrap_or(SystemTime::UNIX_EPOCH), m.len()))
    };
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
                .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_default();
            entries.sort();
            out.push((p.clone(), None));
            out.extend(entries.into_iter().map(|e| {
                let s = stamp(&e);
                (e, s)
            }));
        } else {
            out.push((p.clone(), stamp(p)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_narrative_edit_changes_the_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let narrative = dir.path().join("narrative");
        std::fs::create_dir(&narrative).unwrap();
        std::fs::write(narrative.join("voc.md"), "one").unwrap();
        let paths = vec![narrative.clone()];
        let before = fingerprint(&paths);
        assert_eq!(before, fingerprint(&paths));
        std::fs::write(narrative.join("voc.md"), "one two").unwrap();
        assert_ne!(before, fingerprint(&paths));
        std::fs::write(narrative.join("summary.md"), "new").unwrap();
        assert_eq!(fingerprint(&paths).len(), 3);
    }

    #[test]
    fn keys_follow_content_and_chain() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.xlsx");
        std::fs::write(&a, "one").unwrap();
        let k1 = content_key(0, &[&a], &["ar"]);
        assert!(k1.is_some());
        assert_eq!(k1, content_key(0, &[&a], &["ar"]));
        assert_ne!(k1, content_key(0, &[&a], &["en"]));
        assert_ne!(k1, content_key(1, &[&a], &["ar"]));
        // Same length, same second: the content still tells them apart.
        std::fs::write(&a, "two").unwrap();
        assert_ne!(k1, content_key(0, &[&a], &["ar"]));
        assert_eq!(content_key(0, &[&dir.path().join("gone")], &[]), None);
        // A folder stands for its files.
        let k = content_key(0, &[dir.path()], &[]);
        std::fs::write(dir.path().join("strings.yaml"), "x").unwrap();
        assert_ne!(k, content_key(0, &[dir.path()], &[]));
    }

    #[test]
    fn a_slot_is_reused_only_under_the_same_known_key() {
        let mut slot: Slot<u32> = None;
        let mut hit = false;
        assert_eq!(
            *cached(&mut slot, Some(1), &mut hit, || Ok(10)).unwrap(),
            10
        );
        assert!(!hit);
        assert_eq!(
            *cached(&mut slot, Some(1), &mut hit, || Ok(11)).unwrap(),
            10
        );
        assert!(hit);
        assert_eq!(
            *cached(&mut slot, Some(2), &mut hit, || Ok(12)).unwrap(),
            12
        );
        assert!(!hit);
        assert_eq!(*cached(&mut slot, None, &mut hit, || Ok(13)).unwrap(), 13);
        assert_eq!(*cached(&mut slot, None, &mut hit, || Ok(14)).unwrap(), 14);
        assert!(!hit);
        assert!(cached(&mut slot, Some(3), &mut hit, || Err(Error::internal("x"))).is_err());
        assert!(slot.is_none());
        let all = Reused {
            data: true,
            score: true,
            charts: true,
        };
        assert_eq!(
            all.describe().as_deref(),
            Some("workbook, score and charts reused")
        );
        assert_eq!(Reused::default().describe(), None);
    }

    #[test]
    fn an_unloadable_engagement_is_still_watched() {
        let dir = tempfile::tempdir().unwrap();
        let e = dir.path().join("engagement.yaml");
        std::fs::write(&e, "client: [").unwrap();
        assert_eq!(inputs(&e, &ReportOptions::default()), vec![e.clone()]);
        // After a good run, its inputs stay watched while the engagement cannot load.
        let last = vec![e.clone(), dir.path().join("data.xlsx")];
        assert_eq!(inputs_after(&e, &ReportOptions::default(), &last), last);
        let other = vec![dir.path().join("data.xlsx")];
        assert_eq!(
            inputs_after(&e, &ReportOptions::default(), &other),
            vec![e, dir.path().join("data.xlsx")]
        );
    }
}
