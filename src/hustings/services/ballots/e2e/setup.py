"""An end-to-end ballot's election (its identity, ballot form and quorum) and its trustees, set up
inside `open_ballot`'s transaction, and who may act as one of its trustees.

The ballot's form follows its method: plurality (a yes/no or single-mark ballot) is a ``marks``
ballot, tallied homomorphically; every other method is ``ranked``, mixed, with one ciphertext per
rank up to `MAX_WIDTH` ranks (docs/e2e.md, "Ballots").
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext

from hustings.count.registry import canonical
from hustings.e2e.ballots import BallotSpec
from hustings.e2e.board import Election
from hustings.e2e.group import point_from_hex
from hustings.services import access
from hustings.services.access import User
from hustings.services.ballots.errors import BallotError
from hustings.store.ballots.models import Ballot, E2EElection, Status, Trustee

HOMOMORPHIC = frozenset({"plurality"})
"""Methods counted from a homomorphic tally of single-mark ballots; every other is mixed."""

MAX_WIDTH = 10
"""Ranks per ranked ballot at most: each rank is one ciphertext to mix and decrypt."""

MAX_TRUSTEES = 20


class NotATrustee(PermissionDenied):
    """The account is not a trustee of this ballot (or not signed in): the pages answer 403."""


def spec_for(identity: str, method: str, candidates: Sequence[str]) -> BallotSpec:
    k = len(candidates)
    if canonical(method) in HOMOMORPHIC:
        return BallotSpec(identity, "marks", k, k, 1, 1)
    return BallotSpec(identity, "ranked", k, min(k, MAX_WIDTH))


def identity_for(organisation: str, ballot_id: int) -> str:
    """The election id, first item of every hash: the ballot by organisation and number, and 64
    random bits, so that no proof made for one installation's ballot 1 fits another's."""
    return f"{organisation}/{ballot_id}/{secrets.token_hex(8)}"


def checked_trustees(
    organisation_id: int, trustees: Sequence[tuple[str, str]] | None, quorum: int | None
) -> list[tuple[str, int]]:
    """(name, account id) of each trustee named by (name, username): every account must exist and
    belong to the ballot's organisation (`access.organisations_of`), each only once. No trustees
    (None): a ballot that is not end-to-end, and an empty list. The quorum defaults to all of them."""
    if trustees is None:
        return []
    quorum = len(trustees) if quorum is None else quorum
    if not 1 <= len(trustees) <= MAX_TRUSTEES:
        raise BallotError(
            gettext("an end-to-end ballot needs between 1 and {MAX_TRUSTEES} trustees").format(
                MAX_TRUSTEES=MAX_TRUSTEES
            )
        )
    if not 1 <= quorum <= len(trustees):
        raise BallotError(
            gettext("the quorum must be between 1 and the number of trustees ({count}), not {quorum}").format(
                count=len(trustees), quorum=quorum
            )
        )
    out: list[tuple[str, int]] = []
    accounts = get_user_model().objects
    for name, username in trustees:
        name = " ".join(str(name).split())
        if not name or len(name) > 100:
            raise BallotError(gettext("a trustee needs a name of at most 100 characters"))
        user = accounts.filter(username=str(username).strip(), is_active=True).first()
        if user is None or not access.organisations_of(user).filter(pk=organisation_id).exists():
            raise BallotError(
                gettext("trustee {name}: no account {username!r} in this organisation").format(
                    name=name, username=username
                )
            )
        if any(pk == user.pk for _, pk in out):
            raise BallotError(
                gettext("trustee {name}: that account is already a trustee of this ballot").format(name=name)
            )
        out.append((name, user.pk))
    return out


def first_status(trustees: Sequence[tuple[str, int]]) -> str:
    """An end-to-end ballot opens in its key ceremony; any other opens for voting."""
    return Status.CEREMONY if trustees else Status.OPEN


def create(
    ballot: Ballot, trustees: Sequence[tuple[str, int]], quorum: int | None, opened: dict[str, object]
) -> E2EElection | None:
    """The election and trustees of `ballot`, being opened (inside `open_ballot`'s transaction),
    named in its `opened` entry; nothing without trustees."""
    if not trustees:
        return None
    quorum = len(trustees) if quorum is None else quorum
    identity = identity_for(ballot.organisation.slug, ballot.pk)
    spec = spec_for(identity, ballot.method, list(ballot.candidates))
    election = E2EElection.objects.create(ballot=ballot, identity=identity, spec=spec.to_json(), quorum=quorum)
    Trustee.objects.bulk_create(
        Trustee(ballot=ballot, position=i, name=name, user_id=pk) for i, (name, pk) in enumerate(trustees, 1)
    )
    opened["e2e"] = {"election": identity, "trustees": [name for name, _ in trustees], "quorum": quorum}
    return election


def election_row(ballot: Ballot) -> E2EElection:
    row = E2EElection.objects.filter(ballot_id=ballot.pk).first()
    if row is None:
        raise BallotError(gettext("this ballot is not end-to-end verifiable"))
    return row


def spec_of(row: E2EElection) -> BallotSpec:
    return BallotSpec.from_json(row.spec)


def public_key_of(row: E2EElection) -> bytes:
    if not row.public_key:
        raise BallotError(gettext("the trustees have not made the election's key yet"))
    return point_from_hex(row.public_key)


def election_of(ballot: Ballot, row: E2EElection | None = None) -> Election:
    """The board's `election`: identity, contest, ballot form, trustees with signing keys, quorum."""
    row = row or election_row(ballot)
    trustees = tuple(Trustee.objects.filter(ballot=ballot).order_by("position").values_list("name", "signing_key"))
    return Election(
        id=row.identity,
        title=ballot.title,
        method=ballot.method,
        seats=ballot.seats,
        candidates=tuple(ballot.candidates),
        spec=spec_of(row),
        trustees=trustees,
        quorum=row.quorum,
    )


def trustee_of(actor: User, ballot: Ballot) -> Trustee:
    """The trustee of `ballot` that the signed-in `actor` is; `NotATrustee` otherwise (another
    account, someone signed out, or an account no longer of the ballot's organisation)."""
    account = access.signed_in(actor)
    if account is None or not account.is_active:
        raise NotATrustee(gettext("sign in with the account registered as this ballot's trustee"))
    trustee = Trustee.objects.filter(ballot_id=ballot.pk, user_id=account.pk).first()
    if trustee is None or not access.organisations_of(account).filter(pk=ballot.organisation_id).exists():
        raise NotATrustee(gettext("you are not a trustee of this ballot"))
    return trustee


def trustees(ballot: Ballot) -> list[Trustee]:
    return list(Trustee.objects.filter(ballot=ballot).order_by("position"))


def trusteeships(actor: User) -> list[Trustee]:
    """The trustee places the signed-in `actor` holds, newest ballot first (for their pages)."""
    account = access.signed_in(actor)
    if account is None:
        return []
    return list(Trustee.objects.filter(user_id=account.pk).select_related("ballot").order_by("-ballot_id"))
