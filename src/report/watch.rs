//! What a report is made from on disk, and a cheap fingerprint of it, so `nudj report
//! --watch` can re-render when any of it changes (polling: no platform watcher to trust, and
//! a poll of a dozen files every 200 ms costs nothing).

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::ReportOptions;
use crate::model::ModelSource;

/// The files and folders a report of `engagement` reads: the engagement, its model,
/// workbook, previous result, theme, logos, narrative folder and template folder. When the
/// engagement cannot be loaded (being edited), only the engagement itself.
pub fn inputs(engagement: &Path, opts: &ReportOptions) -> Vec<PathBuf> {
    let mut paths = vec![engagement.to_path_buf()];
    let Ok(loaded) = crate::model::load_engagement(engagement) else {
        return paths;
    };
    let e = loaded.output;
    if let ModelSource::File(p) = &e.model_source {
        paths.push(p.clone());
    }
    paths.push(e.data.clone());
    paths.extend(e.previous.clone());
    paths.extend(opts.theme.clone().or(e.theme.clone()));
    paths.extend(e.client.logo.clone());
    paths.extend(e.narrative.clone());
    paths.extend(opts.templates.clone());
    paths
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
    fn an_unloadable_engagement_is_still_watched() {
        let dir = tempfile::tempdir().unwrap();
        let e = dir.path().join("engagement.yaml");
        std::fs::write(&e, "client: [").unwrap();
        assert_eq!(inputs(&e, &ReportOptions::default()), vec![e]);
    }
}
