"""Readers and writers: BLT, PrefLib, CSV, RCTab configs and CVRs, URCVT JSON.

Readers return a :class:`~hustings.count.Profile` or raise
:class:`FormatError` naming the file, line or field and the problem.
"""

from hustings.formats.errors import FormatError

__all__ = ["FormatError"]
