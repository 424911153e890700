//! An engagement file (YAML) in a folder of its own: parsing and every check, including the
//! paths it names (resolved against that folder; the built-in model is found by name).
#![no_main]
use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn folder() -> &'static PathBuf {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("engagement.yaml");
        std::fs::write(&path, "").expect("the engagement file");
        std::fs::write(
            dir.path().join("mini-model.yaml"),
            include_str!("../../tests/fixtures/field-cases/mini-model.yaml"),
        )
        .expect("the model file");
        std::fs::create_dir_all(dir.path().join("narrative")).expect("a narrative folder");
        (dir, path)
    })
    .1
}

fuzz_target!(|data: &[u8]| {
    let path = folder();
    if let Ok(src) = nudj::yaml::read_yaml_bytes(path, data.to_vec()) {
        let _ = nudj::model::load_engagement_str(path, &src);
    }
});
