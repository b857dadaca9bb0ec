"""Counts saved from the count page (`/count/`) by signed-in users, each at a permalink."""
