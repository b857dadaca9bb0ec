"""Use cases of rulebook-driven processes (leadership contests, confidence votes, trigger ballots,
branch nomination meetings, suspensions of units), one module per kind; see docs/processes.md.

Every use case is one transaction, checks `processes.manage` through `hustings.services.access`
and writes an audit entry for every transition; bad input raises `ProcessError` with a message
for the user."""

from hustings.services.processes.confidence import record_advisory_motion, record_confidence_vote, record_letters
from hustings.services.processes.contests import (
    candidates,
    close_nominations,
    gate_decision,
    nominate,
    nominees,
    open_contest,
    open_contest_ballot,
    populations,
    record_contest_result,
    withdraw,
)
from hustings.services.processes.errors import ProcessError
from hustings.services.processes.meeting_proxies import appoint as appoint_meeting_proxy
from hustings.services.processes.meeting_proxies import appointments as meeting_proxies
from hustings.services.processes.meeting_proxies import revoke as revoke_meeting_proxy
from hustings.services.processes.meeting_proxies import rule as meeting_proxy_rule
from hustings.services.processes.meetings import record_round, set_candidates, standing
from hustings.services.processes.opening import open_process, open_process_with_contest
from hustings.services.processes.status import Overview, Process, every_process, overview
from hustings.services.processes.supporters import payment_notice, register_supporter
from hustings.services.processes.suspensions import (
    lift_suspension,
    suspend_unit,
    suspension_over,
    units_without_member_votes,
)
from hustings.services.processes.trigger import decide_trigger, record_unit_vote

__all__ = [
    "Overview",
    "Process",
    "ProcessError",
    "appoint_meeting_proxy",
    "candidates",
    "close_nominations",
    "decide_trigger",
    "every_process",
    "gate_decision",
    "lift_suspension",
    "meeting_proxies",
    "meeting_proxy_rule",
    "nominate",
    "nominees",
    "open_contest",
    "open_contest_ballot",
    "open_process",
    "open_process_with_contest",
    "overview",
    "payment_notice",
    "populations",
    "record_advisory_motion",
    "record_confidence_vote",
    "record_contest_result",
    "record_letters",
    "record_round",
    "record_unit_vote",
    "register_supporter",
    "revoke_meeting_proxy",
    "set_candidates",
    "standing",
    "suspend_unit",
    "suspension_over",
    "units_without_member_votes",
    "withdraw",
]
