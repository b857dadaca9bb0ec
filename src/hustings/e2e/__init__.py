"""End-to-end verifiable ballots, pure (no Django, no database): the ristretto255 group, ElGamal,
zero-knowledge proofs, the trustees' key ceremony and threshold decryption, encrypted ballots,
the homomorphic tally, the verifiable mix-net for ranked ballots, the published board and its
universal verifier. docs/e2e.md specifies every format and hash input."""
