"""Secret, verifiable ballots (docs/ballots.md): the roll, credentials, casting, the box, the
bulletin board, counting, paper batches.

Names are loaded on first use (PEP 562), so importing the package sets up nothing. The board's
pure side (its hash chain, the scrutineers' signatures and `verify_board`) is `hustings.board`.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "open_ballot": "roll",
    "open_ballots_for": "roll",
    "OpenBallot": "roll",
    "standing_on": "roll",
    "issue_credentials": "credentials",
    "printed_codes_csv": "credentials",
    "email_credentials": "credentials",
    "cast": "casting",
    "Receipt": "casting",
    "close_ballot": "lifecycle",
    "count_ballot": "counting",
    "publish": "lifecycle",
    "box_profile": "counting",
    "export_blt": "counting",
    "recount": "counting",
    "bulletin_board": "lifecycle",
    "record_signature": "scrutiny",
    "SignatureRefused": "scrutiny",
    "enter_paper_batch": "paper",
    "BatchOutcome": "paper",
    "record_card_vote": "cards",
    "card_delegates": "cards",
    "BallotError": "errors",
    "InvalidCredential": "errors",
    "AlreadyVoted": "errors",
    "InvalidPreferences": "errors",
    "NotOpen": "errors",
    "cast_encrypted": "e2e.voting",
    "audit_encrypted": "e2e.voting",
    "ReusedBallot": "e2e.voting",
    "appoint_proxy": "proxies",
    "revoke_proxy": "proxies",
    "cast_as_proxy": "proxies",
    "my_proxies": "proxies",
    "proxy_counts": "proxies",
    "ProxyRefused": "proxies",
    "roll_summary": "weights",
    "roll_record": "weights",
}

_NAMED = {
    "cast_encrypted": "cast",
    "audit_encrypted": "audit_ballot",
    "appoint_proxy": "appoint",
    "revoke_proxy": "revoke",
    "my_proxies": "mine",
    "card_delegates": "cards",
}
"""Names the package gives functions whose module names them otherwise."""

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), _NAMED.get(name, name))
    globals()[name] = value
    return value
