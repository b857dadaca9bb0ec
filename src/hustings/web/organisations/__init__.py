"""Pages of organisations and their tree of units (nation, region, constituency party, branch)."""
