"""Pages of the rulebooks: the shipped and adopted versions, their diffs, and adoption."""
