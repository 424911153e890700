//! The results in forms other than the report: the results workbook (`nudj score --format
//! xlsx`, `nudj batch --xlsx`). Like the report, these present the score result and the
//! analysis's decisions; they compute nothing the result already holds.

pub mod xlsx;
