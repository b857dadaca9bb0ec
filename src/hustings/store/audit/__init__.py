"""The audit log: one append-only row per officer action (who, what, when, before and after)."""
