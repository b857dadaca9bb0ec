"""Management commands of debates: the notice of comment periods closing soon."""
