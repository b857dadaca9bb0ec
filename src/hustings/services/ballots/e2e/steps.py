"""Where an end-to-end ballot stands, for its pages: each trustee's next step in words a trustee
can act on, the trustees' progress, and the board's lists (tracking codes and spoiled ballots,
once the box is closed)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hustings.services.ballots.e2e.setup import election_row, spec_of, trustees
from hustings.services.ballots.e2e.voting import choice_of
from hustings.store.ballots.models import (
    Ballot,
    Dealing,
    EncryptedBoxEntry,
    PartialDecryption,
    Shuffle,
    SpoiledBallot,
    Status,
    Trustee,
    TrusteeSignature,
)


@dataclass(frozen=True)
class Progress:
    """One trustee's place in the ceremony and the tally, as the ballot's pages show it."""

    position: int
    name: str
    keys: bool
    dealt: bool
    confirmed: bool
    mixed: bool
    decrypted: bool
    signed: bool


def progress(ballot: Ballot) -> list[Progress]:
    dealt = set(Dealing.objects.filter(trustee__ballot=ballot).values_list("trustee_id", flat=True))
    mixed = set(Shuffle.objects.filter(ballot=ballot).values_list("trustee_id", flat=True))
    decrypted = set(PartialDecryption.objects.filter(trustee__ballot=ballot).values_list("trustee_id", flat=True))
    signed = set(TrusteeSignature.objects.filter(trustee__ballot=ballot).values_list("trustee_id", flat=True))
    return [
        Progress(
            t.position,
            t.name,
            bool(t.box_key and t.signing_key),
            t.pk in dealt,
            t.confirmed,
            t.pk in mixed,
            t.pk in decrypted,
            t.pk in signed,
        )
        for t in trustees(ballot)
    ]


def next_step(ballot: Ballot, trustee: Trustee) -> str:
    """`keys`, `deal`, `confirm`, `mix`, `decrypt`, `sign` (the trustee's turn), or `wait-<what>`
    (others' turn), `voting` (nothing to do until the close) or `done`."""
    everyone = progress(ballot)
    me = next(p for p in everyone if p.position == trustee.position)
    if ballot.status == Status.CEREMONY:
        return _ceremony_step(me, everyone)
    if ballot.status == Status.OPEN:
        return "voting"
    if ballot.status == Status.CLOSED:
        return _tally_step(ballot, me, everyone)
    if me.decrypted and not me.signed:
        return "sign"
    return "done"


def _ceremony_step(me: Progress, everyone: list[Progress]) -> str:
    if not me.keys:
        return "keys"
    if not all(p.keys for p in everyone):
        return "wait-keys"
    if not me.dealt:
        return "deal"
    if not all(p.dealt for p in everyone):
        return "wait-deal"
    return "wait-confirm" if me.confirmed else "confirm"


def _tally_step(ballot: Ballot, me: Progress, everyone: list[Progress]) -> str:
    row = election_row(ballot)
    if spec_of(row).kind == "ranked" and sum(p.mixed for p in everyone) < row.quorum:
        return "wait-mix" if me.mixed else "mix"
    return "wait-decrypt" if me.decrypted else "decrypt"


def listing(ballot: Ballot) -> dict[str, Any] | None:
    """Tracking codes of the cast ballots and the spoiled ballots with what they opened to, sorted;
    None while the box is open (listed as they came, they would time each cast)."""
    if ballot.status in (Status.CEREMONY, Status.OPEN):
        return None
    row = election_row(ballot)
    spec, candidates = spec_of(row), list(ballot.candidates)
    codes = list(
        EncryptedBoxEntry.objects.filter(ballot=ballot)
        .order_by("tracking_code")
        .values_list("tracking_code", flat=True)
    )
    spoiled = [
        {"tracking_code": code, "choice": choice_of(spec, candidates, list(audited["plaintext"]))}
        for code, audited in SpoiledBallot.objects.filter(ballot=ballot)
        .order_by("tracking_code")
        .values_list("tracking_code", "audited")
    ]
    return {"codes": codes, "spoiled": spoiled}


def find(ballot: Ballot, code: str) -> str | None:
    """`cast` or `spoiled` if a ballot with this tracking code is in the box or was audited."""
    plain = "".join(ch for ch in code.upper() if ch.isalnum())
    if len(plain) != 16:
        return None
    formatted = "-".join(plain[i : i + 4] for i in range(0, 16, 4))
    if EncryptedBoxEntry.objects.filter(ballot=ballot, tracking_code=formatted).exists():
        return "cast"
    if SpoiledBallot.objects.filter(ballot=ballot, tracking_code=formatted).exists():
        return "spoiled"
    return None


def vote_context(ballot: Ballot) -> dict[str, Any]:
    """What the vote page's script needs: the ballot's form, the joint key, the candidates."""
    row = election_row(ballot)
    return {
        "ballot": ballot.pk,
        "election": row.identity,
        "spec": row.spec,
        "public_key": row.public_key,
        "candidates": list(ballot.candidates),
        "kind": spec_of(row).kind,
        "method": ballot.method,
    }
