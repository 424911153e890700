//! The command line: clap types, one file per subcommand, turning arguments into a checked
//! config and calling the library. The only place that prints or chooses exit codes.

use std::process::ExitCode;

/// Runs nudj with the process arguments; returns the exit code.
pub fn main() -> ExitCode {
    ExitCode::SUCCESS
}
