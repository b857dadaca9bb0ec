"""The use cases every ballot has, whichever kind it is: closing, publishing and its board. An
end-to-end verifiable ballot (`e2e`) closes, publishes and shows its board its own way; any other
goes through `counting` and `board`. The package's `close_ballot`, `publish` and `bulletin_board`
are these."""

from __future__ import annotations

from typing import Any

from hustings.services.access import User
from hustings.services.ballots import board, counting
from hustings.services.ballots.e2e import tally, voting
from hustings.store.ballots.models import Ballot


def close_ballot(actor: User, ballot: Ballot) -> Ballot:
    """Close the box (`counting.close_ballot`; an end-to-end ballot's: `e2e.voting.close`)."""
    if ballot.e2e:
        return voting.close(actor, ballot)
    return counting.close_ballot(actor, ballot)


def publish(actor: User, ballot: Ballot) -> Ballot:
    """Publish the counted result; an end-to-end ballot's only once every trustee who decrypted
    has signed the board's head (`hustings verify` requires it)."""
    if ballot.e2e:
        tally.require_signed(ballot)
    return counting.publish(actor, ballot)


def bulletin_board(ballot: Ballot) -> dict[str, Any]:
    """The public board: `hustings-board/1` (`board.bulletin_board`), or for an end-to-end ballot
    `hustings-e2e-board/1` (`e2e.tally.bulletin_board`); `hustings verify` checks either."""
    if ballot.e2e:
        return tally.bulletin_board(ballot)
    return board.bulletin_board(ballot)
