//! The integration tests: one crate (one link of nudj and Typst), one module per area.

mod arrows;
mod chart_props;
mod chart_report;
mod chart_snapshots;
mod cli_validate;
mod common;
mod course_cli;
mod data_cli;
mod data_field;
mod data_hostile;
mod data_read;
mod data_template;
mod error_messages;
mod field_cases;
mod list_digits;
mod model_sample;
mod narrative_init;
mod report_cli;
mod report_shapes;
mod report_voice;
mod samples;
mod score_clv;
mod score_hand;
mod score_props;
mod score_samples;
mod validate_gate;
