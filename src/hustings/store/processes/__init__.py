"""The models of rulebook-driven processes: leadership contests, confidence votes, trigger ballots, suspensions."""
