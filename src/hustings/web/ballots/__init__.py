"""Pages of secret, verifiable one-member-one-vote ballots: voting, the bulletin board, results and the
officers' pages; the casting API."""
