"""End-to-end verifiable ballots in the ballots app (docs/ballots.md, "End-to-end verifiable
ballots"; docs/e2e.md): the services over `hustings.e2e`, which is pure.

- `setup`: an end-to-end ballot's election and trustees, and who may act as a trustee;
- `keys`: the key ceremony, one trustee's step at a time (keys, dealings, confirmations);
- `voting`: casting an encrypted ballot, auditing one, closing the box;
- `tally`: the mix, the trustees' partial decryptions, the count, the signed board.

The server holds only public data. Every upload is checked with the pure verifier's own functions
before it is stored, so nothing the board later publishes can fail `hustings verify` for want of a
check here.
"""
