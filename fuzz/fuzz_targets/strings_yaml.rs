//! An override of the word catalogue (`strings.yaml` in a `--templates` folder), or of the
//! glossary (`glossary.yaml`), chosen by the first byte: parsing and the override checks
//! (placeholders, both languages, unknown keys).
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use nudj::report::Templates;
use nudj::report::templates::{GLOSSARY, STRINGS};

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let name = if sel & 1 == 0 { STRINGS } else { GLOSSARY };
    let path = Path::new(name);
    let Ok(src) = nudj::yaml::read_yaml_bytes(path, rest.to_vec()) else {
        return;
    };
    let Ok(t) = Templates::embedded().with_file(name, path, src) else {
        return;
    };
    if name == STRINGS {
        let _ = t.strings_checked();
    } else {
        let _ = t.glossary();
    }
});
