//! A course file (YAML): parsing and the checks of `load_course` (date, colours, code,
//! module files looked for beside it).
#![no_main]
use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn file() -> &'static PathBuf {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let modules = dir.path().join("modules");
        std::fs::create_dir_all(&modules).expect("a modules folder");
        std::fs::write(modules.join("01-what-is-cx.en.md"), "# CX\n").expect("a module");
        std::fs::write(modules.join("01-what-is-cx.ar.md"), "# تجربة\n").expect("a module");
        let path = dir.path().join("course.yaml");
        (dir, path)
    })
    .1
}

fuzz_target!(|data: &[u8]| {
    let path = file();
    if let Ok(src) = nudj::yaml::read_yaml_bytes(path, data.to_vec()) {
        let _ = nudj::course::load_course_str(path, &src);
    }
});
