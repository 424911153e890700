//! Charts: score results → SVG strings (plotters), themed. No file writes, no Typst.
