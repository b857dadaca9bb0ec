"""Card votes recorded in the room (docs/ballots.md, "Card votes in the room"): at a conference a
delegate holds up a card, and the returning officer records the delegate's vote with the number on
the card. The weight is the delegate's from the frozen roll (`RollEntry.weight`, given from the
register when the ballot opened under the rulebook's `card_votes` rule): the officer types the
card's number only as a check, and a number that is not the delegate's is refused, so no card
carries more (or less) than the register gave it.

One ballot per roll entry, whichever path: the delegate's entry is marked by the conditional
UPDATE a voting code uses (`... WHERE NOT voted`), so a card recorded in the room and a code used
online cannot both count. The ballot joins the box like any other, with the delegate's weight and
section and nothing of the delegate; the audit log records that the delegate's card was recorded,
with its weight, never which way it went.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext

from hustings.rules import load_rulebook
from hustings.services import audit
from hustings.services.access import User
from hustings.services.ballots import officers
from hustings.services.ballots.casting import accepting_votes, drop_in_box, encode_preferences
from hustings.services.ballots.errors import AlreadyVoted, BallotError, NotOpen
from hustings.services.ballots.weights import parse_weight, weight_text
from hustings.store.ballots.models import Ballot, RollEntry


@dataclass(frozen=True)
class Card:
    """A delegate on the roll of a card vote: their number, name, card (weight) and whether their
    vote has been cast (in the room or online)."""

    ref: str
    name: str
    weight: str
    voted: bool


def _card_ballot(ballot: Ballot) -> None:
    """Refuse a ballot whose rulebook process has no card votes (`card_votes`)."""
    if ballot.e2e:
        raise BallotError(
            gettext("an end-to-end verifiable ballot takes no card votes: each voter encrypts their own ballot")
        )
    rule = load_rulebook(ballot.rulebook).process(ballot.process_kind).card_votes
    if rule is None or not ballot.weighted:
        raise BallotError(
            gettext("this ballot has no card votes: its rulebook's process gives every voter a weight of 1")
        )


def cards(actor: User, ballot: Ballot) -> list[Card]:
    """The delegates of a card vote with their cards, for its returning officers (`ballots.run`)."""
    officers.require_for(actor, ballot)
    _card_ballot(ballot)
    rows = RollEntry.objects.filter(ballot=ballot, eligible=True).select_related("person").order_by("person__ref")
    return [Card(r.person.ref, r.person.name, weight_text(Decimal(r.weight)), r.voted) for r in rows]


def record_card_vote(actor: User, ballot: Ballot, delegate_ref: str, card: object, preferences: list[str]) -> str:
    """Record the card vote of the delegate numbered `delegate_ref`, shown in the room with the
    number `card` on it: refused unless `card` is the delegate's weight on the roll. Returns the
    ballot's tracking code. Requires `ballots.run`."""
    officers.require_for(actor, ballot)
    _card_ballot(ballot)
    ref = " ".join(delegate_ref.split())
    shown = parse_weight(card, ref or "the delegate")
    with transaction.atomic():
        row = Ballot.objects.select_for_update().get(pk=ballot.pk)
        if not accepting_votes(row):
            raise NotOpen(gettext("card votes are recorded only while the ballot is open"))
        encoded = encode_preferences(list(row.candidates), preferences)
        entry = RollEntry.objects.filter(ballot=row, person__ref=ref, eligible=True).first()
        if entry is None:
            raise BallotError(gettext("{ref!r} is not a delegate on this ballot's roll").format(ref=ref))
        if Decimal(entry.weight) != shown:
            raise BallotError(
                gettext(
                    "the card of {ref} carries {weight} votes on the roll, not {shown}: "
                    "check the card against the register"
                ).format(ref=ref, weight=weight_text(Decimal(entry.weight)), shown=weight_text(shown))
            )
        if RollEntry.objects.filter(pk=entry.pk, voted=False).update(voted=True) != 1:
            raise AlreadyVoted(
                gettext("the vote of {ref} has already been cast: it stands and cannot be changed").format(ref=ref)
            )
        code = drop_in_box(row.pk, encoded, Decimal(entry.weight), entry.section)
        audit.record(actor, "ballot.card_vote", row, None, {"delegate": ref, "weight": weight_text(shown)})
    return code
