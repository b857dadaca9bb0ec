"""The officers' pages of the membership register: search, a person's record, and edits."""
