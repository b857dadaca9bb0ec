"""Member import from CSV and XLSX: dry run, per-row report, all-or-nothing, in the background."""
