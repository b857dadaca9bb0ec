"""Pages of the audit log: the rows a reader may see, field by field, and their CSV export."""
