//! The maturity model and engagement: types, loading from YAML with positions, validation,
//! JSON Schema. Knows nothing of workbooks or PDFs.

mod engagement;
mod types;
mod validate;
pub use crate::yaml;

use std::path::{Path, PathBuf};

pub use engagement::{
    CONSENSUS_WORDS, ClientInfo, Engagement, FeedFiles, Stage, is_consensus_word, load_engagement,
    load_engagement_str,
};
pub use types::*;

use crate::error::{Diagnostic, Error, Place, Result, Warned};

/// Name of the model built into the binary.
pub const BUILTIN_MODEL_NAME: &str = "cx-maturity";

/// Source text of the built-in model (`assessments/cx-maturity.yaml` at build time).
pub const BUILTIN_MODEL_YAML: &str = include_str!("../../assessments/cx-maturity.yaml");

/// Where a model came from: recorded in results and shown by `validate`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "lowercase")]
pub enum ModelSource {
    /// Built into the binary, by name (e.g. `cx-maturity`).
    Builtin(String),
    /// Read from this file (absolute path).
    File(PathBuf),
}

impl std::fmt::Display for ModelSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ModelSource::Builtin(name) => write!(f, "built-in model `{name}`"),
            ModelSource::File(p) => write!(f, "{}", p.display()),
        }
    }
}

/// Name of the built-in model for evidence-based assessments of government entities.
pub const GOV_MODEL_NAME: &str = "gov-cx";

/// Source text of the government model (`assessments/gov-cx.yaml` at build time): a 0-4
/// implementation scale, practices with levels and evidence, gated levels.
pub const GOV_MODEL_YAML: &str = include_str!("../../assessments/gov-cx.yaml");

/// The built-in models by name, with their source text.
pub fn builtin_models() -> &'static [(&'static str, &'static str)] {
    &[
        (BUILTIN_MODEL_NAME, BUILTIN_MODEL_YAML),
        (GOV_MODEL_NAME, GOV_MODEL_YAML),
    ]
}

/// The path diagnostics use for a built-in model, so messages still say which text is wrong.
pub fn builtin_path(name: &str) -> PathBuf {
    PathBuf::from(format!("<built-in>/{name}.yaml"))
}

/// Loads and validates a model file. Errors name the file and YAML line:column; all semantic
/// problems are reported together.
pub fn load_model(path: &Path) -> Result<Warned<Model>> {
    let src = yaml::read_yaml_file(path)?;
    load_model_str(path, &src)
}

/// Parses and validates a model from text; `name` is the file name used in messages.
pub fn load_model_str(name: impl AsRef<Path>, src: &str) -> Result<Warned<Model>> {
    let name = name.as_ref();
    let (src, bidi) = crate::normalize::drop_bidi_controls(name, src);
    let src = src.as_ref();
    let model: Model = yaml::parse(name, src)?;
    // The shape-only second parse cannot fail where the first succeeded; if it somehow
    // did, text problems would point at their owning item instead.
    let pos: Option<validate::ModelPos> = yaml::parse(name, src).ok();
    let problems = validate::check(name, &model, pos.as_ref());
    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = problems
        .into_iter()
        .partition(|d| d.severity == crate::error::Severity::Error);
    if errors.is_empty() {
        Ok(Warned {
            output: model,
            warnings: bidi.into_iter().chain(warnings).collect(),
        })
    } else {
        Err(Error::Invalid(errors))
    }
}

/// The default model embedded in the binary (`cx-maturity`), parsed and validated.
pub fn builtin_model() -> Result<Warned<Model>> {
    load_model_str(builtin_path(BUILTIN_MODEL_NAME), BUILTIN_MODEL_YAML)
}

/// A model given as a path or a built-in name (as in `model:` of an engagement file or
/// `--model`). A spec that names a built-in model and has no `/` and no `.yaml`/`.yml`
/// extension is the built-in one; anything else is a path, resolved against `base_dir`
/// (pass `Path::new("")` for the current folder, so messages show the path as typed).
pub fn resolve_model(spec: &str, base_dir: &Path) -> Result<Warned<(Model, ModelSource)>> {
    resolve_model_at(spec, base_dir, None, Place::File)
}

/// [`resolve_model`] with the file and place of the spec, so a bad spec is reported where it
/// was written.
pub(crate) fn resolve_model_at(
    spec: &str,
    base_dir: &Path,
    from: Option<&Path>,
    place: Place,
) -> Result<Warned<(Model, ModelSource)>> {
    let looks_like_path = spec.contains(['/', '\\'])
        || spec.ends_with(".yaml")
        || spec.ends_with(".yml")
        || spec.starts_with('.');
    if !looks_like_path && let Some((name, src)) = builtin_models().iter().find(|(n, _)| *n == spec)
    {
        let w = load_model_str(builtin_path(name), src)?;
        return Ok(Warned {
            output: (w.output, ModelSource::Builtin((*name).to_string())),
            warnings: w.warnings,
        });
    }
    let path = base_dir.join(spec);
    if !path.is_file() {
        let names: Vec<&str> = builtin_models().iter().map(|(n, _)| *n).collect();
        let mut d = Diagnostic::error(
            from.unwrap_or(&path),
            place,
            format!("model `{spec}` is neither a built-in model nor a file"),
        );
        d.help = Some(match yaml::suggest(spec, &names) {
            Some(s) if !looks_like_path => format!("did you mean the built-in model `{s}`?"),
            _ => format!(
                "looked for {}; built-in models: {}",
                path.display(),
                names.join(", ")
            ),
        });
        return Err(Error::Invalid(vec![d]));
    }
    let abs = path.canonicalize().map_err(|e| Error::read(&path, e))?;
    // Messages name the path as written (relative to where the user is), not the canonical one.
    let w = load_model(&path)?;
    Ok(Warned {
        output: (w.output, ModelSource::File(abs)),
        warnings: w.warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(src: &str) -> Vec<Diagnostic> {
        match load_model_str("m.yaml", src) {
            Err(Error::Invalid(d)) => d,
            Err(e) => panic!("unexpected error kind: {e}"),
            Ok(_) => panic!("model was accepted"),
        }
    }

    const SMALL: &str = "\
id: tiny
version: '1'
title: Tiny
scale: {min: 0, max: 4}
levels:
  - {name: Low, min_score: 0}
  - {name: High, min_score: 2.5}
dimensions:
  - id: only
    name: Only
    questions:
      - {id: Q1, text: One}
";

    #[test]
    fn builtin_model_is_valid() {
        let m = builtin_model().expect("built-in model must validate");
        assert_eq!(m.output.id.value, BUILTIN_MODEL_NAME);
        assert!(m.warnings.is_empty());
    }

    #[test]
    fn gov_model_is_valid_gated_and_has_evidence() {
        let m = load_model_str(builtin_path(GOV_MODEL_NAME), GOV_MODEL_YAML)
            .expect("the gov-cx model must validate");
        assert!(m.warnings.is_empty(), "{:?}", m.warnings);
        let m = m.output;
        assert!(m.gated());
        assert_eq!(m.met_at(), Some(3.0));
        let questions: Vec<&Question> = m
            .dimensions
            .value
            .iter()
            .flat_map(|d| d.questions.value.iter())
            .collect();
        assert_eq!(questions.len(), 20);
        assert!(questions.iter().all(|q| q.evidence.is_some()));
    }

    #[test]
    fn small_model_of_another_shape_is_valid() {
        let m = load_model_str("m.yaml", SMALL).expect("valid");
        assert_eq!(m.output.scale.min.value, 0);
        assert_eq!(m.output.dimensions.value[0].weight.value, 1.0);
    }

    #[test]
    fn unknown_key_suggests_the_right_one() {
        let src = SMALL.replace("    name: Only\n", "    name: Only\n    wieght: 2\n");
        let d = errors(&src);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].message, "unknown key `wieght`");
        assert_eq!(d[0].help.as_deref(), Some("did you mean `weight`?"));
        assert_eq!(d[0].place, Place::line(11, 5));
    }

    #[test]
    fn semantic_problems_are_all_reported_in_file_order() {
        let src = SMALL
            .replace("id: tiny", "id: Tiny Model")
            .replace("min_score: 2.5", "min_score: 0")
            .replace(
                "{id: Q1, text: One}",
                "{id: Q1, text: {ar: واحد}, weight: 0}",
            );
        let d = errors(&src);
        let lines: Vec<String> = d
            .iter()
            .map(|d| format!("{} {}", d.place, d.message))
            .collect();
        assert_eq!(
            lines,
            [
                "1:5 model id `Tiny Model` is not valid",
                "7:29 level 2 min_score 0 is not above level 1 (0)",
                "12:24 question `Q1` `text` has Arabic text but no English",
                "12:44 question `Q1` weight is 0, must be above 0",
            ]
        );
    }

    const GATED: &str = "\
id: gated
version: '1'
title: Gated
scale: {min: 0, max: 4}
scoring: {levels: gated, met_at: 3}
levels:
  - {name: L1, min_score: 0}
  - {name: L2, min_score: 1}
  - {name: L3, min_score: 2}
dimensions:
  - id: gv
    name: Governance
    questions:
      - {id: GV1, text: One, level: 2, evidence: {ar: محضر, en: Minutes}}
      - {id: GV2, text: Two, level: 3}
";

    #[test]
    fn gated_model_reads_levels_and_evidence() {
        let m = load_model_str("m.yaml", GATED).expect("valid").output;
        assert!(m.gated());
        assert_eq!(m.met_at(), Some(3.0));
        let q = &m.dimensions.value[0].questions.value[0];
        assert_eq!(q.level.as_ref().map(|l| l.value), Some(2));
        assert_eq!(
            q.evidence.as_ref().map(|e| e.get(crate::text::Lang::En)),
            Some("Minutes")
        );
        // Threshold (the default) ignores met_at.
        let t = load_model_str("m.yaml", &GATED.replace("levels: gated, ", "")).unwrap();
        assert!(!t.output.gated());
        assert_eq!(t.output.met_at(), None);
    }

    #[test]
    fn gated_model_problems_are_located() {
        let src = GATED
            .replace("gated, met_at: 3", "gated")
            .replace(", level: 3}", "}")
            .replace("level: 2,", "level: 7,");
        let lines: Vec<String> = errors(&src)
            .iter()
            .map(|d| format!("{} {}", d.place, d.message))
            .collect();
        assert_eq!(
            lines,
            [
                "5:10 gated scoring needs `met_at`",
                "14:37 question `GV1` has level 7, but practices belong to levels 2..3",
                "15:14 question `GV2` has no `level`: a gated model needs the level of every practice",
            ]
        );
        let src = GATED.replace("met_at: 3", "met_at: 9");
        assert_eq!(
            errors(&src)[0].message,
            "met_at is 9, must be on the scale 0..4"
        );
    }

    #[test]
    fn gated_dimension_without_a_level_is_warned() {
        let src = GATED.replace("level: 3}", "level: 2}");
        let w = load_model_str("m.yaml", &src).expect("valid").warnings;
        assert_eq!(w.len(), 1);
        assert_eq!(
            w[0].message,
            "dimension `gv` has no question at level 3: it can never pass it"
        );
        assert_eq!(w[0].place, Place::line(11, 9));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// Damaging the shipped model anywhere (cutting it, splicing bytes into it) gives an
        /// error or a model, never a panic; every error is located in the file.
        #[test]
        fn damaged_models_never_panic(
            cut in 0usize..BUILTIN_MODEL_YAML.len(),
            at in 0usize..BUILTIN_MODEL_YAML.len(),
            junk in "[\\[\\]{}:&*!|>#'\",\n -~ء-ي]{0,12}",
        ) {
            let mut src = BUILTIN_MODEL_YAML.as_bytes().to_vec();
            let at = at.min(cut);
            src.truncate(cut);
            src.splice(at..at, junk.bytes());
            let text = String::from_utf8_lossy(&src);
            if let Err(e) = load_model_str("m.yaml", &text) {
                let Error::Invalid(ds) = e else { panic!("unexpected error kind: {e}") };
                proptest::prop_assert!(!ds.is_empty());
                for d in ds {
                    proptest::prop_assert_eq!(d.file, PathBuf::from("m.yaml"));
                }
            }
        }
    }

    #[test]
    fn resolve_prefers_builtin_names_and_reports_unknown_ones() {
        let w = resolve_model("cx-maturity", Path::new("/nonexistent")).expect("built-in");
        assert_eq!(w.output.1, ModelSource::Builtin("cx-maturity".into()));
        let Err(Error::Invalid(d)) = resolve_model("cx-maturty", Path::new("/nonexistent")) else {
            panic!("expected an error")
        };
        assert_eq!(
            d[0].help.as_deref(),
            Some("did you mean the built-in model `cx-maturity`?")
        );
    }
}
