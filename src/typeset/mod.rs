//! Typesetting: the Typst `World` (embedded fonts, sandboxed files, fixed date), compile and
//! PDF export, the Markdown → Typst converter and the Typst escapes. Knows nothing of CX.
