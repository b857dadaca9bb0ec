"""Secret, verifiable one-member-one-vote ballots: roll, credentials, box, bulletin board."""
