//! A theme file (YAML): parsing, the old keys, and the checks of `Theme::load` (colours,
//! fonts, the logo files it names, looked for beside it).
#![no_main]
use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn file() -> &'static PathBuf {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("theme.yaml");
        (dir, path)
    })
    .1
}

fuzz_target!(|data: &[u8]| {
    let path = file();
    let Ok(src) = nudj::yaml::read_yaml_bytes(path, data.to_vec()) else {
        return;
    };
    if nudj::report::Theme::parse(path, &src).is_ok() && std::fs::write(path, data).is_ok() {
        let _ = nudj::report::Theme::load(path);
    }
});
