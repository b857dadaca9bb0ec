"""The public API of the explorer and the count: `GET /api/analysis/{election}` and `POST /api/count`.

Both answer anyone (`auth=None`), rate-limited for visitors who are not signed in (`throttle.py`),
and both answer with exactly the JSON the command line prints:
`GET /api/analysis/ge2017?system=regional-dhondt&threshold=5%` is the line of
`hustings analyse ge2017 --system regional-dhondt --threshold 5% --format json`, and
`POST /api/count` (multipart: `file`, `method`, `seats`, `tie_break`, `seed`, `option`...) the record
of `hustings count FILE --method M --seats N --format json`, the upload's name as its `source`.
Bad input is a 400 whose `detail` is the command line's one-line message (without its
`hustings: error: ` prefix); an unknown election a 404; a file over the size limit a 413.
The schemas below describe the answers for the documentation; the bytes sent are the command
line's own (`analysis.query.to_json`, `services.counting.Counted.record_json`).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, File, Form, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile

from hustings.services import explorer as svc
from hustings.services.counting import CountRequest, TooLarge, count_upload, refusal, too_large
from hustings.web.explorer.throttle import AnonymousRate

router = Router(tags=["explorer"])


class Error(Schema):
    detail: str = Field(description="What is wrong with the request, in one line.")


class IndicesOut(Schema):
    gallagher: float = Field(description="Gallagher's least-squares index of disproportionality (0 = proportional).")
    loosemore_hanby: float = Field(description="Loosemore and Hanby's index (half the sum of |votes% - seats%|).")
    enp_votes: float = Field(description="Effective number of parties by votes (Laakso and Taagepera).")
    enp_seats: float = Field(description="Effective number of parties by seats.")
    winners_below_50pct: int | None = Field(description="Constituency members elected on under half the vote.")


class TieOut(Schema):
    tied: list[str]
    chosen: str
    reason: str


class AnalysisOut(Schema):
    election: str
    system: str
    seats: dict[str, int] = Field(description="Party -> seats, largest first.")
    votes: dict[str, int] = Field(description="Party -> votes counted for the system.")
    indices: IndicesOut
    threshold: float | None = Field(
        None,
        description="The threshold as a share of the national vote (regional systems: or of the region's), if any.",
    )
    by_region: dict[str, dict[str, int]] | None = Field(None, description="Region -> party -> seats (regional, AMS).")
    ties: list[TieOut] | None = None
    notes: list[str] | None = None


def _json(text: str) -> HttpResponse:
    return HttpResponse(text.encode("utf-8"), content_type="application/json; charset=utf-8")


@router.get(
    "/analysis/{election}",
    auth=None,
    throttle=[AnonymousRate("analysis")],
    response={200: AnalysisOut, 400: Error, 404: Error, 429: Error},
    summary="A real election's votes under an electoral system",
)
def analysis(
    request: HttpRequest,
    election: str,
    system: str,
    threshold: str | None = None,
    constituency_share: str | None = None,
) -> Any:
    """Exactly `hustings analyse ELECTION --system SYSTEM [--threshold T] [--constituency-share S] --format json`.

    `election`: ge1997 ... ge2024, sp2007, sp2011, sp2016, ep2019. `system`: fptp, national-dhondt,
    national-sainte-lague, regional-dhondt, regional-sainte-lague, ams (ep2019, list PR without
    constituencies: the four list systems; fptp and ams are a 400). `threshold`: `5%` or `0.05`.
    `constituency_share` (AMS what-if for general elections): `0.6` or `3/5` (the default)."""
    try:
        return _json(svc.analysis_json(election, system, threshold, constituency_share))
    except svc.UnknownElection as exc:
        raise HttpError(404, str(exc)) from None
    except svc.QueryError as exc:
        raise HttpError(400, str(exc)) from None


class ActionOut(Schema):
    action: str
    candidate: str


class RoundOut(Schema):
    round: int
    tally: dict[str, str] = Field(description="Candidate -> votes, as exact decimal strings.")


class CountOut(Schema):
    source: str = Field(description="The uploaded file's name.")
    title: str | None = None
    method: str
    seats: int
    candidates: list[str]
    elected: list[str]
    quota: str | None = None
    rounds: list[RoundOut] | None = None


@router.post(
    "/count",
    auth=None,
    throttle=[AnonymousRate("count")],
    response={200: CountOut, 400: Error, 413: Error, 429: Error},
    summary="Count a ballot file",
)
def count(
    request: HttpRequest,
    file: File[UploadedFile],
    method: Form[str] = "irv",
    seats: Form[int | None] = None,
    tie_break: Form[str | None] = None,
    seed: Form[int | None] = None,
    option: Form[list[str]] = [],  # noqa: B006 (Ninja reads the default; it is never mutated)
) -> Any:
    """Exactly the record of `hustings count FILE --method M --seats N --format json`.

    `file`: a BLT file (`.blt`), a CSV of rankings (`.csv`), a PrefLib file (`.soc`, `.soi`,
    `.toc`, `.toi`) or an RCTab contest zip (`.zip`: one configuration `.json` and the cast vote
    records it names), chosen by its name's suffix, at most 5 MB. `method`: as `hustings methods`
    lists them (default irv). `seats`: default the file's own, or 1. `tie_break`, `seed`: as the
    command line's `--tie-break` and `--seed`. `option`: `NAME=VALUE`, repeatable, as `--option`.

    An RCTab contest zip is counted under the rules in its configuration, as `hustings rctab`
    counts it: leave `method` out (or `irv`) and `seats`, `tie_break`, `seed` and `option` out;
    given, they are a 400 saying so. Always counted within the request: over 5 MB is a 413."""
    name = file.name or "ballots"
    if too_large(file.size or 0):
        raise HttpError(413, str(TooLarge.of(name, file.size or 0)))
    request_ = CountRequest(method, seats, tie_break, seed, tuple(option))
    try:
        counted = count_upload(name, file.read(), request_)
    except TooLarge as exc:
        raise HttpError(413, str(exc)) from None
    except Exception as exc:
        message = refusal(exc)
        if message is None:
            raise
        raise HttpError(400, message) from None
    return _json(counted.record_json())
