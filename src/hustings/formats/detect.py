"""Choose a reader by the file's name, for commands that take any ballot file."""

from __future__ import annotations

import importlib
from pathlib import Path

from hustings.count.profile import Profile
from hustings.formats.errors import FormatError

READERS: dict[str, str] = {
    ".blt": "hustings.formats.blt",
    ".csv": "hustings.formats.rankings_csv",
    ".soc": "hustings.formats.preflib",
    ".soi": "hustings.formats.preflib",
    ".toc": "hustings.formats.preflib",
    ".toi": "hustings.formats.preflib",
    ".zip": "hustings.formats.rctab_zip",
}
"""File suffix -> module with ``read(path) -> Profile``."""


def read_profile(path: str) -> Profile:
    """Read any supported ballot file into a profile.

    Raises :class:`FormatError` for an unknown kind of file, a missing file,
    or content the reader refuses.
    """
    suffix = Path(path).suffix.lower()
    module_name = READERS.get(suffix)
    if module_name is None:
        known = ", ".join(sorted(READERS))
        raise FormatError(path, f"unknown kind of ballot file {suffix or '(no suffix)'!r}; Hustings reads {known}")
    if not Path(path).is_file():
        raise FormatError(path, "no such file")
    module = importlib.import_module(module_name)
    profile: Profile = module.read(path)
    return profile
