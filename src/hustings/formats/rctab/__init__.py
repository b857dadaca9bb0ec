"""RCTab contests: a contest configuration and its cast vote records, as RCTab reads them.

:func:`load_contest` reads an RCTab (Universal RCV Tabulator) configuration,
checks it as RCTab does, reads every cast-vote-record source it names (ES&S
workbooks, Dominion and Hart export folders, NIST CDF JSON and XML, Clear
Ballot and generic CSV) and returns a :class:`Contest`: a
:class:`~hustings.count.profile.Profile` and the
:class:`~hustings.count.irv.Options` its rules prescribe.
"""

from hustings.formats.rctab.contest import Contest, load_contest

__all__ = ["Contest", "load_contest"]
