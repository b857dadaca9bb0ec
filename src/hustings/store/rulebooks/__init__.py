"""The organisation's rulebooks: current and past versions, with diffs."""
