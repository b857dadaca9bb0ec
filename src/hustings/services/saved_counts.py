"""Use case: a signed-in user saves a count made on the count page, anyone with its permalink reads
it, and its owner deletes it.

Only a count its user asks to save is kept (the count page stores nothing otherwise). The saved
count holds the upload's bytes (already refused over `counting.MAX_UPLOAD_BYTES`), the method and
options as asked for, and the result record; the permalink's key is 128 random bits
(`secrets.token_urlsafe(16)`), so a count can be found only by someone given its link. What the
permalink page shows is read from the stored record (`formats.result_json.from_dict` gives back the
`Result` the round table and the URCVT summary are written from), so it is the count as it was made,
whatever later versions of the methods would give.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from hustings.count.result import Result
from hustings.services import access, counting
from hustings.services.counting import Counted, CountRequest, Download
from hustings.store.counts.models import SavedCount


class NoSuchCount(LookupError):
    """No saved count at this link (or none of the user's, for a deletion)."""


def save(user: access.User, data: bytes, request: CountRequest, counted: Counted) -> SavedCount:
    """Keep ``counted`` (the count of ``data`` as ``request`` asked) for ``user``; returns the row
    whose ``key`` makes its permalink. `PermissionDenied` for anyone signed out."""
    owner = access.account(user)
    options: dict[str, Any] = {"seats": request.seats, "tie_break": request.tie_break, "seed": request.seed}
    options["options"] = list(request.options)
    with transaction.atomic():
        return SavedCount.objects.create(
            key=secrets.token_urlsafe(16),
            owner=owner,
            file_name=counted.source,
            upload=data,
            method=request.method,
            options=options,
            record=counted.record(),
            summaries=[[d.filename, d.text] for d in counting.contest_summaries(counted)],
        )


def find(key: str) -> SavedCount:
    saved = SavedCount.objects.filter(key=key).first()
    if saved is None:
        raise NoSuchCount(gettext("no saved count at this link"))
    return saved


def owned(user: access.User, key: str) -> SavedCount:
    """The user's own saved count at this link; :class:`NoSuchCount` for anyone else's."""
    saved = find(key)
    if not is_owner(user, saved):
        raise NoSuchCount(gettext("no saved count of yours at this link"))
    return saved


def delete(user: access.User, key: str) -> None:
    """Delete the user's own saved count; :class:`NoSuchCount` for anyone else's."""
    with transaction.atomic():
        owned(user, key).delete()


@dataclass(frozen=True)
class Shown:
    """A saved count as its page shows it."""

    saved: SavedCount
    record: dict[str, Any]
    result: Result
    downloads: list[Download]

    @property
    def title(self) -> str:
        return str(self.record.get("title") or self.saved.file_name)


def shown(saved: SavedCount) -> Shown:
    """The stored record, its `Result`, and the files to download: the record, the URCVT summary of
    an instant-runoff count (an RCTab contest's as `hustings rctab` wrote them when it was counted),
    and the ballot file as uploaded."""
    from hustings.formats import result_json

    record = dict(saved.record)
    result = result_json.from_dict(record, source=saved.file_name)
    stem = counting.file_stem(saved.file_name)
    files = [
        Download(
            "Result (JSON)", f"{stem}.result.json", "application/json", json.dumps(record, ensure_ascii=False) + "\n"
        )
    ]
    if saved.summaries:  # an RCTab contest: `hustings rctab`'s own files, as counted
        files.extend(Download("URCVT summary (JSON)", name, "application/json", text) for name, text in saved.summaries)
    elif result.method == "irv":
        from hustings.formats import urcvt

        summary = urcvt.summary(result, contest=str(record.get("title") or saved.file_name))
        files.append(Download("URCVT summary (JSON)", f"{stem}.summary.json", "application/json", urcvt.dumps(summary)))
    upload = bytes(saved.upload)
    if counting.is_contest(saved.file_name):  # a zip: its bytes, not text
        files.append(Download("Ballots (as uploaded)", saved.file_name, "application/zip", "", raw=upload))
    else:
        text = upload.decode("utf-8", errors="replace")
        files.append(Download("Ballots (as uploaded)", saved.file_name, "text/plain", text))
    return Shown(saved, record, result, files)


def is_owner(user: access.User, saved: SavedCount) -> bool:
    account = access.signed_in(user)
    return account is not None and saved.owner_id == account.pk
