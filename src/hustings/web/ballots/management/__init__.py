"""The ballot app's management commands."""
