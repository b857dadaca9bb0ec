"""Management commands of ballots: every bulletin board written out for `hustings verify`."""
