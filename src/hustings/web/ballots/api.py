"""API endpoints of ballots: cast a ballot with a voting code, read the bulletin board, upload a
scrutineer's signature of the board's head; and, signed in, a returning officer's summary of the
roll's weights and sections, and a member's proxies (docs/api.md, "Weights and proxies").

The first three are public (`auth=None`): the voting code is the voter's authority, as on the vote
page, the board is for anyone (it lists tracking codes only once the box is closed), and a signature
is stored only if it verifies against a scrutineer's key. The voting code travels in the JSON body,
never in a URL. A refused cast answers with the reason: 400 (bad preferences), 403 (unknown voting
code), 409 (the code has voted with another submission), 410 (closed); a refused signature 400
with the reason.

The roll summary and the proxy operations need a signed-in caller of the ballot's organisation
(another organisation's ballot is 404, as on the web pages) and go through the same services as
the proxy page (`hustings.services.ballots.proxies`, one transaction each): a refusal by the rules
is 400 with the rule, a vote already cast 409, a ballot not open 410.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from hustings.services import ballots as svc
from hustings.services import visible
from hustings.services.ballots import selectors as ballot_lookup

router = Router(tags=["ballots"])


class Error(Schema):
    detail: str = Field(description="Why the ballot was not cast, in words.")


class CastIn(Schema):
    credential: str = Field(description="The voting code, as sent to the voter.")
    preferences: list[str] = Field(description="Candidate names, most preferred first.")
    submission_id: str = Field(
        "",
        max_length=100,
        description=(
            "Drawn at random by the client for this submission (16 random bytes or more); a retry with the same"
            " voting code and id gets the same receipt until the ballot closes. The server keeps only an HMAC"
            " of it under its own secret key, deleted at the close."
        ),
    )


class ReceiptOut(Schema):
    ballot: int
    tracking_code: str
    repeated: bool = Field(description="True when this repeats an earlier, identical submission.")


_STATUS = {svc.InvalidPreferences: 400, svc.InvalidCredential: 403, svc.AlreadyVoted: 409, svc.NotOpen: 410}


@router.post("/{ballot_id}/cast", auth=None, response={200: ReceiptOut, 400: Error, 403: Error, 409: Error, 410: Error})
def cast(request: HttpRequest, ballot_id: int, payload: CastIn) -> Any:
    try:
        receipt = svc.cast(ballot_id, payload.credential, payload.preferences, payload.submission_id)
    except svc.BallotError as exc:
        raise HttpError(_STATUS.get(type(exc), 400), str(exc)) from None
    return {"ballot": receipt.ballot_id, "tracking_code": receipt.tracking_code, "repeated": receipt.repeated}


@router.get("/{ballot_id}/board", auth=None, response=dict[str, Any])
def board(request: HttpRequest, ballot_id: int) -> Any:
    """The bulletin board; `ballots` is empty until the box is closed, so nobody can time a cast."""
    return svc.bulletin_board(get_object_or_404(ballot_lookup.public(), pk=ballot_id))


class SignatureIn(Schema):
    public_key: str = Field(max_length=100, description="The scrutineer's Ed25519 public key, base64.")
    stage: str = Field(max_length=16, description="opened or closed.")
    signature: str = Field(max_length=200, description="Ed25519 signature, base64, of the stage's head.")
    seq: int | None = Field(None, description="The stage entry's sequence number, as signed (checked if given).")
    head: str | None = Field(None, max_length=100, description="The stage entry's hash, as signed (checked if given).")


class SignatureOut(Schema):
    ballot: int
    scrutineer: str
    stage: str
    seq: int
    head: str


@router.post("/{ballot_id}/signatures", auth=None, response={201: SignatureOut, 400: Error, 404: Error})
def signature(request: HttpRequest, ballot_id: int, payload: SignatureIn) -> Any:
    """Upload the record `hustings scrutineer sign` printed (its other fields are ignored)."""
    if not ballot_lookup.exists(ballot_id):
        raise HttpError(404, f"no ballot {ballot_id}")
    record = {k: v for k, v in payload.dict().items() if v is not None}
    try:
        stored = svc.record_signature(ballot_id, record)
    except svc.BallotError as exc:
        raise HttpError(400, str(exc)) from None
    return Status(
        201,
        {
            "ballot": ballot_id,
            "scrutineer": stored.scrutineer.name,
            "stage": stored.stage,
            "seq": stored.seq,
            "head": stored.head,
        },
    )


class EncryptedCastIn(Schema):
    credential: str = Field(max_length=100, description="The voting code, as sent to the voter.")
    ballot: dict[str, Any] = Field(
        description='The encrypted ballot the voter\'s browser made (docs/e2e.md, "Ballots"): ciphertexts and proofs.'
    )


class AuditIn(Schema):
    audited: dict[str, Any] = Field(
        description="The audited ballot: {ballot, randomness, plaintext}, as ballot.js's auditBallot made it."
    )


class AuditOut(Schema):
    ballot: int
    tracking_code: str = Field(
        description="The spoiled ballot's tracking code, published on the board after the close."
    )
    choice: list[str] = Field(description="What the encryption opens to, as the server checked it.")


_E2E_STATUS = {**_STATUS, svc.ReusedBallot: 409}


@router.post(
    "/{ballot_id}/e2e/cast", auth=None, response={200: ReceiptOut, 400: Error, 403: Error, 409: Error, 410: Error}
)
def cast_encrypted(request: HttpRequest, ballot_id: int, payload: EncryptedCastIn) -> Any:
    """Cast a ballot encrypted in the voter's browser (an end-to-end verifiable ballot): 200 with
    the tracking code (the ballot's digest's, which the browser computes too), 400 a ballot that is
    malformed or whose proofs fail, 403 an unknown voting code, 409 the code has voted or the
    ballot reuses a ciphertext already cast or audited, 410 not open. The same ballot sent again
    with the same code answers its receipt (`repeated`)."""
    try:
        receipt = svc.cast_encrypted(ballot_id, payload.credential, payload.ballot)
    except svc.BallotError as exc:
        raise HttpError(_E2E_STATUS.get(type(exc), 400), str(exc)) from None
    return {"ballot": receipt.ballot_id, "tracking_code": receipt.tracking_code, "repeated": receipt.repeated}


@router.post("/{ballot_id}/e2e/audit", auth=None, response={200: AuditOut, 400: Error, 409: Error, 410: Error})
def audit_encrypted(request: HttpRequest, ballot_id: int, payload: AuditIn) -> Any:
    """Publish a ballot the voter audited (Benaloh's challenge) as spoiled, once its revealed
    randomness opens it to its stated choice: 200 with what it opens to, 400 if it does not, 409
    if it was cast or audited before, 410 not open. No voting code: an audit casts nothing."""
    try:
        audited = svc.audit_encrypted(ballot_id, payload.audited)
    except svc.BallotError as exc:
        raise HttpError(_E2E_STATUS.get(type(exc), 400), str(exc)) from None
    return {"ballot": ballot_id, "tracking_code": audited.tracking_code, "choice": audited.choice}


# --- weights and proxies (signed in) -----------------------------------------------------------------


def _member_ballot(request: HttpRequest, ballot_id: int) -> Any:
    """A ballot of the caller's organisations (another organisation's is not found)."""
    return get_object_or_404(visible.ballots(request.user).select_related("organisation"), pk=ballot_id)


class WeightClassOut(Schema):
    section: str = Field(description="The college's section (empty when the ballot has no college).")
    weight: str = Field(description='The weight, exact: "1", "1.5", "4000".')
    voters: int = Field(description="Eligible voters of this section with this weight.")


class SectionOut(Schema):
    name: str
    title: str
    weight: str = Field(description='The section\'s share of the college ("1/3"); "1" when there is no college.')
    voters: int
    voted: int = Field(description="How many of its voters have voted so far (in person or by proxy).")
    total_weight: str = Field(description="The sum of its voters' weights.")


class ProxyCountsOut(Schema):
    standing: int
    revoked: int
    holders: int = Field(description="Members holding at least one standing appointment.")
    used: int = Field(description="Standing appointments whose appointer's vote has been cast.")


class RollOut(Schema):
    ballot: int
    weighted: bool = Field(description="Card votes: each voter's weight comes from the register.")
    sections: list[SectionOut]
    classes: list[WeightClassOut]
    small_classes: int = Field(description="Classes of fewer than 5 voters, whose ballots could be told apart.")
    proxies: ProxyCountsOut


@router.get("/{ballot_id}/roll", response={200: RollOut, 403: Error, 404: Error})
def roll(request: HttpRequest, ballot_id: int) -> Any:
    """The frozen roll's weights and sections, for the ballot's returning officers: counts per
    weight class and per section, and counts of proxy appointments; never a voter or a vote."""
    return svc.roll_record(request.user, _member_ballot(request, ballot_id))


class HeldOut(Schema):
    ref: str = Field(description="The appointer's membership number.")
    name: str
    voted: bool = Field(description="Whether the appointer's vote has been cast (by you, or by them).")


class ProxiesOut(Schema):
    ballot: int
    allowed: bool = Field(description="Whether the ballot's rules allow proxies.")
    rule: str | None = Field(description="The rulebook's proxy rule.")
    max_held: int = Field(description="The most appointments one member may hold.")
    eligible: bool = Field(description="Whether you are an eligible voter on the roll.")
    appointed: str | None = Field(description="Your standing proxy, name and number, if you have one.")
    voted: bool = Field(description="Whether your own vote has been cast.")
    held: list[HeldOut] = Field(description="The members who appointed you, each with whether their vote is cast.")


def _mine(request: HttpRequest, ballot: Any) -> dict[str, Any]:
    mine: dict[str, Any] = {"ballot": ballot.pk} | svc.my_proxies(request.user, ballot).as_dict()
    return mine


_PROXY_STATUS = {svc.AlreadyVoted: 409, svc.NotOpen: 410}


def _refused(exc: Exception) -> HttpError:
    return HttpError(_PROXY_STATUS.get(type(exc), 400), str(exc))


@router.get("/{ballot_id}/proxy", response={200: ProxiesOut, 404: Error})
def proxies(request: HttpRequest, ballot_id: int) -> Any:
    """Your side of proxies in this ballot: whom you appointed, and whom you vote for."""
    return _mine(request, _member_ballot(request, ballot_id))


class AppointIn(Schema):
    proxy: str = Field(max_length=100, description="The membership number of the member to appoint.")


@router.post("/{ballot_id}/proxy", response={201: ProxiesOut, 400: Error, 404: Error, 409: Error, 410: Error})
def appoint(request: HttpRequest, ballot_id: int, payload: AppointIn) -> Any:
    """Appoint another eligible member of the roll as your proxy, while the ballot is open and you
    have not voted; 400 with the rule when the rules, the roll or their `max_held` refuse it."""
    ballot = _member_ballot(request, ballot_id)
    try:
        svc.appoint_proxy(request.user, ballot, payload.proxy)
    except svc.BallotError as exc:
        raise _refused(exc) from None
    return Status(201, _mine(request, ballot))


@router.delete("/{ballot_id}/proxy", response={200: ProxiesOut, 400: Error, 404: Error, 410: Error})
def revoke(request: HttpRequest, ballot_id: int) -> Any:
    """Revoke your standing appointment, until your vote is cast (then it stands: 400)."""
    ballot = _member_ballot(request, ballot_id)
    try:
        svc.revoke_proxy(request.user, ballot)
    except svc.BallotError as exc:
        raise _refused(exc) from None
    return _mine(request, ballot)


class ProxyCastIn(Schema):
    appointer: str = Field(max_length=100, description="The membership number of the member you vote for.")
    preferences: list[str] = Field(description="Candidate names, most preferred first.")


@router.post("/{ballot_id}/proxy/cast", response={200: ReceiptOut, 400: Error, 404: Error, 409: Error, 410: Error})
def cast_as_proxy(request: HttpRequest, ballot_id: int, payload: ProxyCastIn) -> Any:
    """Cast the ballot of a member who appointed you: their weight and section, nothing of either
    of you in the box. 409 when their vote has been cast already (by them or by you)."""
    ballot = _member_ballot(request, ballot_id)
    try:
        receipt = svc.cast_as_proxy(request.user, ballot.pk, payload.appointer, payload.preferences)
    except svc.BallotError as exc:
        raise _refused(exc) from None
    return {"ballot": receipt.ballot_id, "tracking_code": receipt.tracking_code, "repeated": receipt.repeated}
