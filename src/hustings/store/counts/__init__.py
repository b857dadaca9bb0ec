"""Counts saved from the count page (`/count/`) by signed-in users, each at a permalink, and large
uploads counted there in the background."""
