#![recursion_limit = "256"]
//! nudj (نضج, "maturity"): customer-experience maturity assessments to branded consulting
//! reports. Pipeline: model + data → score → chart → report → typeset (PDF).

pub mod analysis;
pub mod benchmark;
pub mod chart;
pub mod cli;
pub mod course;
pub mod data;
pub mod error;
pub mod export;
pub mod grid;
pub mod model;
pub mod normalize;
pub mod pipeline;
pub mod privacy;
pub mod report;
pub mod rounding;
pub mod score;
pub mod text;
pub mod typeset;
pub mod words;
pub mod yaml;

pub use error::{Diagnostic, Error, Place, Result, Warned};
pub use text::{Lang, Text};
