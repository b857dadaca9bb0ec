"""Rulebook-driven processes: leadership contests, confidence votes, trigger ballots, suspensions."""
