"""Real election results in, other electoral systems out.

``hustings.analysis`` loads the UK general elections 1997-2024 and the
Scottish Parliament elections 2007 and 2011 (:mod:`.elections`), reproduces
the declared outcome, re-counts the same votes under list PR and AMS
(:mod:`.systems`), measures every seat table (:mod:`.indices`) and draws it
(:mod:`.charts`, matplotlib, imported only when a chart is asked for).

Re-counting today's votes under another system is arithmetic, not a
forecast: under another system parties would stand elsewhere, voters would
vote differently, and tactical votes would go elsewhere.

This layer may import :mod:`hustings.count` and :mod:`hustings.formats`;
it does no printing and knows nothing of the web.
"""

from hustings.analysis.elections import ELECTIONS, Election, UnknownElection, load
from hustings.analysis.indices import Indices, indices
from hustings.analysis.systems import SYSTEMS, SeatTable, analyse

__all__ = [
    "ELECTIONS",
    "SYSTEMS",
    "Election",
    "Indices",
    "SeatTable",
    "UnknownElection",
    "analyse",
    "indices",
    "load",
]
