"""API endpoints of ballots: cast a ballot with a voting code, read the bulletin board, upload a
scrutineer's signature of the board's head.

All are public (`auth=None`): the voting code is the voter's authority, as on the vote page, the
board is for anyone (it lists tracking codes only once the box is closed), and a signature is
stored only if it verifies against a scrutineer's key. The voting code travels in the JSON body,
never in a URL. A refused cast answers with the reason: 400 (bad preferences), 403 (unknown voting
code), 409 (the code has voted with another submission), 410 (closed); a refused signature 400
with the reason.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from hustings.services import ballots as svc
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
