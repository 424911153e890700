//! The maturity model and engagement: types, loading from YAML with positions, validation,
//! JSON Schema. Knows nothing of workbooks or PDFs.

mod types;

pub use types::*;
