//! Client data: reading workbooks and CSV exports (guarded against hostile files), header
//! matching, answer parsing; writing the collection template. Knows nothing of scoring.

mod types;

pub use types::*;
