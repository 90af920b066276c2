"""Reporters: render analysis results into files (HTML, CSV, XLSX, PNG, SVG). They compute nothing."""
