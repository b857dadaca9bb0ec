"""The models of secret, verifiable one-member-one-vote ballots: roll, credentials, box, bulletin board."""
