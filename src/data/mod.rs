//! Client data: reading workbooks and CSV exports (guarded against hostile files), header
//! matching, answer parsing; writing the collection template. Knows nothing of scoring.
//! The workbook layout is documented in docs/workbook-format.md.

pub use crate::grid;
pub mod assessment;
mod feed;
mod kpis;
mod layout;
mod metrics;
pub mod parse;
mod read;
mod responses;
mod spelling;
mod template;
mod types;
mod update;

pub use feed::MAX_GROUPS;
pub use grid::{Kind, Limits};
pub use read::{ReadOptions, read_client_data, read_client_data_bytes};
pub use template::{TEMPLATE_ROWS, TemplateOptions, template_bytes, write_template};
pub use types::*;
pub use update::{Updated, update_workbook};
