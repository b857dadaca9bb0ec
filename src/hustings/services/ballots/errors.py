"""What a ballot use case refuses, in words a voter or officer can act on."""

from __future__ import annotations


class BallotError(ValueError):
    """A request the ballot cannot take (wrong state, bad input); the message says why."""


class InvalidCredential(BallotError):
    """The credential is not one issued for this ballot."""


class AlreadyVoted(BallotError):
    """This credential has cast its ballot already (with another submission)."""


class InvalidPreferences(BallotError):
    """The preferences do not rank this ballot's candidates properly."""


class NotOpen(BallotError):
    """The ballot is not open for casting (closed, or past its closing time)."""
