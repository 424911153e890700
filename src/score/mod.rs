//! Scoring: pure functions from (model, answers, metric data) to a result value that
//! serialises as the documented JSON (docs/score-json.md). No I/O.
