"""Pages of rulebook-driven processes: leadership contests, confidence votes, trigger ballots, suspensions;
the payment-provider webhook."""
