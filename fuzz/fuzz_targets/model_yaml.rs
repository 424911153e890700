//! A model file (YAML): the checks of `read_yaml_file`, parsing and validation.
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("model.yaml");
    if let Ok(src) = nudj::yaml::read_yaml_bytes(path, data.to_vec()) {
        let _ = nudj::model::load_model_str(path, &src);
    }
});
