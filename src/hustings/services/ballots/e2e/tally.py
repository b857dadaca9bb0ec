"""After the close: the mix (ranked ballots), the trustees' partial decryptions, the count, the
board and the trustees' signatures of its head (docs/e2e.md; the order is `hustings.e2e.simulate`'s).

- **Mix.** Trustees shuffle in turn, each once: the first takes the cast ballots (in the order of
  their digests), each next the list before. Each upload is checked with `shuffle.verify_shuffle`
  in the context `[election, "mix", position]` before it is stored. The mix is complete after as
  many shuffles as the quorum: a quorum must be present to decrypt anyway, so that costs no
  availability, and the ballots are unlinkable from their voters if any one of those mixers is honest.
- **Decryption.** Each trustee decrypts the list to decrypt (the homomorphic product of a marks
  ballot, in context `[election, "tally"]`; the mixed list, in `[election, "mix"]`), checked with
  `decryption.verify_partial` against their verification key. When a quorum has decrypted, the
  plaintexts are combined, decoded and counted by the counting core, and the board is sealed
  (`hustings.e2e.board`: the same parts, in the same order, as the simulation).
- **Signatures.** Each trustee signs the sealed head (`hustings trustee sign`); the result is
  published once every trustee who decrypted has signed, as `hustings verify` requires.

A checked upload is stored only if the state it was checked against still holds (re-read with the
ballot's row locked): a shuffle of a list another trustee has since mixed is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext

from hustings.count.profile import Profile
from hustings.e2e import ballots, ceremony, decryption, shuffle
from hustings.e2e import board as boards
from hustings.e2e import tally as homomorphic
from hustings.e2e.elgamal import Ciphertext
from hustings.e2e.group import GroupError
from hustings.services import audit
from hustings.services.access import User
from hustings.services.ballots import board
from hustings.services.ballots.e2e.keys import public_dealings
from hustings.services.ballots.e2e.setup import election_of, election_row, public_key_of, spec_of, trustee_of
from hustings.services.ballots.errors import BallotError
from hustings.store.ballots.models import (
    Ballot,
    E2EElection,
    EncryptedBoxEntry,
    PartialDecryption,
    Shuffle,
    SpoiledBallot,
    Status,
    Trustee,
    TrusteeSignature,
)

Row = tuple[Ciphertext, ...]


class TallyRefused(BallotError):
    """A shuffle, partial decryption or signature that is out of turn, not the uploader's, or fails its checks."""


def _field(document: object, name: str) -> Any:
    if not isinstance(document, Mapping) or name not in document:
        raise TallyRefused(
            gettext("the file has no {name!r}: upload the file hustings trustee wrote").format(name=name)
        )
    return document[name]


def cast_ballots(ballot: Ballot, spec: ballots.BallotSpec) -> list[ballots.EncryptedBallot]:
    """The box, in the order of the ballots' digests (the board's order)."""
    rows = EncryptedBoxEntry.objects.filter(ballot=ballot).order_by("digest").values_list("content", flat=True)
    return [ballots.EncryptedBallot.from_json(content, spec) for content in rows]


def _closed(ballot: Ballot) -> tuple[E2EElection, ballots.BallotSpec]:
    if ballot.status != Status.CLOSED:
        raise TallyRefused(
            gettext("the ballot is {status}: mixing and decrypting happen after the close, before the count").format(
                status=ballot.status
            )
        )
    row = election_row(ballot)
    return row, spec_of(row)


# --- the mix ---------------------------------------------------------------------------------


def _shuffles(ballot: Ballot) -> list[Shuffle]:
    return list(Shuffle.objects.filter(ballot=ballot).select_related("trustee").order_by("position"))


def _list_after(ballot: Ballot, spec: ballots.BallotSpec, done: list[Shuffle]) -> list[Row]:
    if done:
        return shuffle.rows_from_json(done[-1].rows)
    return [b.ciphertexts for b in cast_ballots(ballot, spec)]


def mixing_done(ballot: Ballot, row: E2EElection | None = None) -> bool:
    row = row or election_row(ballot)
    return Shuffle.objects.filter(ballot=ballot).count() >= row.quorum


def mix_document(ballot: Ballot) -> dict[str, Any]:
    """The list for the next trustee to mix, with its context and the election's key (the input of
    `hustings trustee mix`)."""
    row, spec = _closed(ballot)
    if spec.kind != "ranked":
        raise TallyRefused(gettext("only ranked ballots are mixed; this one is tallied homomorphically"))
    done = _shuffles(ballot)
    if len(done) >= row.quorum:
        raise TallyRefused(gettext("the mix is complete: the trustees now decrypt"))
    rows = _list_after(ballot, spec, done)
    if not rows:
        raise TallyRefused(gettext("no ballot was cast: there is nothing to mix"))
    return {
        "election": row.identity,
        "context": [row.identity, "mix", len(done) + 1],
        "public_key": row.public_key,
        "rows": shuffle.rows_to_json(rows),
    }


def upload_shuffle(actor: User, ballot: Ballot, document: object) -> Shuffle:
    """A trustee's shuffle of the current list, `{"context", "rows", "proof"}`, stored once its
    proof of shuffle holds against the list it claims to mix."""
    row, spec = _closed(ballot)
    trustee = trustee_of(actor, ballot)
    done = _shuffles(ballot)
    position = len(done) + 1
    if any(s.trustee_id == trustee.pk for s in done):
        raise TallyRefused(gettext("you have mixed this list already; each trustee mixes once"))
    if position > row.quorum:
        raise TallyRefused(gettext("the mix is complete: the trustees now decrypt"))
    context: list[str | int] = [row.identity, "mix", position]
    if _field(document, "context") != context:
        raise TallyRefused(gettext("this shuffle is not of the current list: download the list again and mix it"))
    try:
        output = shuffle.rows_from_json(_field(document, "rows"))
        proof = shuffle.ShuffleProof.from_json(_field(document, "proof"))
    except GroupError as exc:
        raise TallyRefused(gettext("the shuffle is malformed: {exc}").format(exc=exc)) from None
    rows_in = _list_after(ballot, spec, done)
    if not shuffle.verify_shuffle(context, public_key_of(row), rows_in, output, proof):
        raise TallyRefused(gettext("the shuffle fails its proof: it is not a re-encryption of the current list"))
    with transaction.atomic():
        locked = Ballot.objects.select_for_update().get(pk=ballot.pk)
        if locked.status != Status.CLOSED or Shuffle.objects.filter(ballot=locked).count() != len(done):
            raise TallyRefused(gettext("another trustee mixed the list meanwhile: download the list again and mix it"))
        stored = Shuffle.objects.create(
            ballot=locked, position=position, trustee=trustee, rows=shuffle.rows_to_json(output), proof=proof.to_json()
        )
        audit.record(actor, "ballot.trustee_shuffle", locked, None, {"trustee": trustee.position, "position": position})
    return stored


# --- decryption ------------------------------------------------------------------------------


def _to_decrypt(ballot: Ballot, row: E2EElection, spec: ballots.BallotSpec) -> tuple[list[str | int], list[Ciphertext]]:
    if spec.kind == "marks":
        return [row.identity, "tally"], homomorphic.aggregate(spec, cast_ballots(ballot, spec))
    done = _shuffles(ballot)
    if len(done) < row.quorum:
        raise TallyRefused(
            gettext("the mix is not complete: {count} of {quorum} trustees have mixed").format(
                count=len(done), quorum=row.quorum
            )
        )
    return [row.identity, "mix"], [c for r in shuffle.rows_from_json(done[-1].rows) for c in r]


def decryption_document(ballot: Ballot) -> dict[str, Any]:
    """CIPHERTEXTS.json for `hustings trustee decrypt`: the list to decrypt and its context."""
    row, spec = _closed(ballot)
    context, cts = _to_decrypt(ballot, row, spec)
    return {"context": context, "ciphertexts": [c.to_json() for c in cts]}


def upload_partial(actor: User, ballot: Ballot, document: object) -> PartialDecryption:
    """A trustee's PARTIAL.json, `{"context", "partial"}`, stored once its proof holds against
    their verification key; the quorum-th one counts the ballot and seals the board."""
    row, spec = _closed(ballot)
    trustee = trustee_of(actor, ballot)
    context, cts = _to_decrypt(ballot, row, spec)
    if _field(document, "context") != context:
        raise TallyRefused(gettext("this partial decryption is of another list: download the list to decrypt again"))
    try:
        partial = decryption.PartialDecryption.from_json(_field(document, "partial"))
    except GroupError as exc:
        raise TallyRefused(gettext("the partial decryption is malformed: {exc}").format(exc=exc)) from None
    if partial.trustee != trustee.position:
        raise TallyRefused(
            gettext("this is trustee {trustee}'s decryption; you are trustee {position}").format(
                trustee=partial.trustee, position=trustee.position
            )
        )
    key = ceremony.verification_key(public_dealings(ballot), trustee.position)
    if not decryption.verify_partial(context, key, cts, partial):
        raise TallyRefused(gettext("the partial decryption fails its proof"))
    with transaction.atomic():
        locked = Ballot.objects.select_for_update().select_related("organisation").get(pk=ballot.pk)
        if locked.status != Status.CLOSED:
            raise TallyRefused(gettext("the ballot has been counted already"))
        if PartialDecryption.objects.filter(trustee=trustee).exists():
            raise TallyRefused(gettext("you have decrypted already"))
        stored = PartialDecryption.objects.create(trustee=trustee, content=partial.to_json())
        audit.record(actor, "ballot.trustee_decryption", locked, None, {"trustee": trustee.position})
        if PartialDecryption.objects.filter(trustee__ballot=locked).count() >= row.quorum:
            _count(actor, locked, row, spec, cts)
    ballot.status = Ballot.objects.values_list("status", flat=True).get(pk=ballot.pk)
    return stored


def _partials(ballot: Ballot) -> list[decryption.PartialDecryption]:
    rows = PartialDecryption.objects.filter(trustee__ballot=ballot).order_by("trustee__position")
    return [decryption.PartialDecryption.from_json(p.content) for p in rows]


def _count(actor: User, ballot: Ballot, row: E2EElection, spec: ballots.BallotSpec, cts: list[Ciphertext]) -> None:
    """Combine the quorum's partial decryptions, decode, count, and seal the board."""
    points = decryption.combine(cts, _partials(ballot), quorum=row.quorum)
    election = election_of(ballot, row)
    profile: Profile
    if spec.kind == "marks":
        counts = homomorphic.counts_from_points(points, EncryptedBoxEntry.objects.filter(ballot=ballot).count())
        row.outcome = counts
        profile = boards.marks_profile(election, counts)
    else:
        rankings = boards.decode_rankings(spec, points)
        row.outcome = [None if r is None else list(r) for r in rankings]
        profile = boards.ranked_profile(election, rankings)
    _seal(actor, ballot, row, spec, election, profile)


def count_if_nothing_cast(actor: User, ballot: Ballot) -> bool:
    """A ranked ballot closed with an empty box has nothing to mix or decrypt: count it at once,
    with an empty mix (docs/e2e.md, "Verifying a board", 5), inside the closing transaction. True
    if it did. A marks ballot's empty box is decrypted as usual (its product encrypts zeros)."""
    row = election_row(ballot)
    spec = spec_of(row)
    if spec.kind != "ranked" or EncryptedBoxEntry.objects.filter(ballot=ballot).exists():
        return False
    election = election_of(ballot, row)
    row.outcome = []
    _seal(actor, ballot, row, spec, election, boards.ranked_profile(election, []))
    return True


def _seal(
    actor: User, ballot: Ballot, row: E2EElection, spec: ballots.BallotSpec, election: boards.Election, profile: Profile
) -> None:
    """Count `profile`, write the export and result, seal the head: the ballot is counted."""
    sealed = _parts(ballot, row, spec)
    try:
        record = boards.count(sealed, election, profile)
    except (ValueError, TypeError) as exc:
        raise BallotError(gettext("the count failed: {exc}").format(exc=exc)) from exc
    row.head = boards.head(sealed)
    row.save(update_fields=["outcome", "head"])
    ballot.export, ballot.result, ballot.status = sealed["export"], sealed["result"], Status.COUNTED
    ballot.save(update_fields=["export", "result", "status"])
    counted = {"head": row.head, "method": ballot.method, "seats": ballot.seats, "elected": record.get("elected", [])}
    board.append(ballot, "counted", counted)
    audit.record(actor, "ballot.count", ballot, {"status": Status.CLOSED}, {"status": Status.COUNTED, **counted})


# --- the board -------------------------------------------------------------------------------


def _parts(ballot: Ballot, row: E2EElection, spec: ballots.BallotSpec) -> dict[str, Any]:
    """The board as far as the ballot has gone (no export, result, head or signatures)."""
    election = election_of(ballot, row)
    dealings = [d.to_json() for d in public_dealings(ballot)]
    shown = ballot.status not in (Status.CEREMONY, Status.OPEN)  # listed after the close only
    cast = [b.to_json() for b in cast_ballots(ballot, spec)] if shown else []
    spoiled = SpoiledBallot.objects.filter(ballot=ballot).order_by("digest").values_list("audited", flat=True)
    sealed = boards.opening(election, dealings, row.public_key, cast, list(spoiled) if shown else [])
    if not shown:
        return sealed
    partials = [p.to_json() for p in _partials(ballot)]
    if spec.kind == "marks":
        aggregate = [c.to_json() for c in homomorphic.aggregate(spec, cast_ballots(ballot, spec))]
        sealed["tally"] = boards.tally_part(aggregate, partials, row.outcome or [])
    else:
        mixes = [{"trustee": s.trustee.position, "rows": s.rows, "proof": s.proof} for s in _shuffles(ballot)]
        sealed["mix"] = boards.mix_part(mixes, partials, row.outcome or [])
    return sealed


def bulletin_board(ballot: Ballot) -> dict[str, Any]:
    """The board of an end-to-end ballot (`hustings-e2e-board/1`) as far as it has gone; once
    counted, with its export, result, head and the trustees' signatures: `hustings verify` checks it.

    Once counted, everything but the signatures is fixed (the head covers it), so it is assembled
    from the tables once and kept in the cache under the ballot and its head; the signatures,
    which still come, are read afresh every time."""
    row = election_row(ballot)
    if ballot.status not in (Status.COUNTED, Status.PUBLISHED):
        return _parts(ballot, row, spec_of(row))
    key = f"hustings:e2e-board:{ballot.pk}:{row.head}"
    sealed: dict[str, Any] | None = cache.get(key)
    if sealed is None:
        sealed = _parts(ballot, row, spec_of(row))
        sealed.update(export=ballot.export, result=ballot.result, head=row.head)
        cache.set(key, sealed, timeout=None)
    return {**sealed, "signatures": signatures(ballot)}


def signatures(ballot: Ballot) -> list[dict[str, Any]]:
    rows = TrusteeSignature.objects.filter(trustee__ballot=ballot).select_related("trustee")
    return [
        {"trustee": s.trustee.position, "signature": s.signature}
        for s in sorted(rows, key=lambda s: s.trustee.position)
    ]


def record_signature(actor: User, ballot: Ballot, record: object) -> TrusteeSignature:
    """A trustee's signature of the sealed head (`{"trustee", "signature"}`, as `hustings trustee
    sign` prints it), stored once it verifies against their registered signing key."""
    trustee = trustee_of(actor, ballot)
    if ballot.status not in (Status.COUNTED, Status.PUBLISHED):
        raise TallyRefused(gettext("the board is signed once it is counted"))
    row = election_row(ballot)
    if _field(record, "trustee") != trustee.position:
        raise TallyRefused(
            gettext("this is trustee {trustee}'s signature; you are trustee {position}").format(
                trustee=_field(record, "trustee"), position=trustee.position
            )
        )
    signature = _field(record, "signature")
    election = election_of(ballot, row).to_json()
    if not boards.signature_valid(election, trustee.signing_key, row.head, signature):
        raise TallyRefused(gettext("the signature does not verify against your signing key and this board's head"))
    with transaction.atomic():
        stored, _ = TrusteeSignature.objects.update_or_create(
            trustee=trustee, defaults={"head": row.head, "signature": str(signature)}
        )
        audit.record(actor, "ballot.trustee_signature", ballot, None, {"trustee": trustee.position, "head": row.head})
    return stored


def unsigned(ballot: Ballot) -> list[Trustee]:
    """The trustees who decrypted and have not signed the head yet."""
    return list(
        Trustee.objects.filter(ballot=ballot, partial__isnull=False, signature__isnull=True).order_by("position")
    )


def require_signed(ballot: Ballot) -> None:
    """`BallotError` unless every trustee who decrypted has signed the head (before publishing)."""
    missing = unsigned(ballot)
    if missing:
        names = ", ".join(t.name for t in missing)
        raise BallotError(
            gettext("every trustee who decrypted must sign the board first; waiting for {names}").format(names=names)
        )
