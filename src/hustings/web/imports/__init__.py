"""Pages of member import from CSV and XLSX: upload, dry run, per-row report, all-or-nothing import in
the background."""
