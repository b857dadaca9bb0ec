"""The bulletin board's pure side (no Django, no database): the hash chain (`chain`), the scrutineers'
Ed25519 signatures of its head (`signatures`) and anyone's check of a published board (`verify`).

The services that write a board and `hustings verify`, which re-checks it anywhere, share this
code, so the two cannot disagree; the end-to-end verifier will sit beside them.
"""
