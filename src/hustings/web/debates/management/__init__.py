"""The debate app's management commands."""
