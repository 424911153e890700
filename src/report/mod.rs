//! The report: assembles result, charts, narrative, theme and strings into the template
//! context and hands it to `typeset`.
