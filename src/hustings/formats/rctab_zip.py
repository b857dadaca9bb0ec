"""An RCTab contest in one zip archive: its configuration ``*.json`` and the cast vote records it names.

``hustings count contest.zip`` (and so the count page and ``POST /api/count``)
reads an archive holding exactly one RCTab contest configuration (the one
``.json`` member with a ``cvrFileSources`` list) and the cast-vote-record
files its ``filePath`` entries name, relative to the configuration's folder
inside the archive.  The contest is read by
:func:`hustings.formats.rctab.load_contest`, as ``hustings rctab`` reads it,
and this reader returns its profile: the declared candidates (excluded ones
withdrawn), the ballots with RCTab's overvote and undeclared-write-in
markers, the contest's name as the title and its ``numberOfWinners`` as the
seats; :func:`read_contest` returns the whole contest, with the options its
``rules`` prescribe, which is how ``hustings count`` (``services.counting``)
counts an archive: under the contest's own rules, as ``hustings rctab`` does.

The archive is opened with the checks of the zip specification (APPNOTE
4.3) that :mod:`zipfile` makes, and before anything is written every
member is checked: at most :data:`MAX_MEMBERS` members, none encrypted, none
a symbolic link, every name relative with no ``..`` component and no
backslash or drive, no name twice; each member is decompressed in memory in
bounded chunks, so that the total of what the data really expands to (not
what the headers declare) is at most :data:`MAX_TOTAL_BYTES`.  The checked
members are then written into a private temporary directory (the RCTab
readers read files: spreadsheets, folders of Dominion and Hart exports),
which is removed once the contest is read.  A ``filePath`` that is absolute
or climbs out of the archive with ``..`` is refused before any file is looked
for.  Every refusal is one :class:`FormatError` naming the archive (and the
member, as ``contest.zip/member``).
"""

from __future__ import annotations

import dataclasses
import os
import stat
import tempfile
import zipfile
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from hustings.count.profile import Profile
from hustings.formats.errors import FormatError
from hustings.formats.jsonload import load_json

if TYPE_CHECKING:
    from hustings.formats.rctab.contest import Contest

MAX_MEMBERS = 100_000
"""Most members an archive may hold (a Hart export is one XML file per ballot)."""

MAX_TOTAL_BYTES = 256 * 1024 * 1024
"""Most bytes all members together may expand to (256 MiB)."""

_CHUNK = 1 << 20
_CONFIG_KEY = b'"cvrFileSources"'


def read(path: str) -> Profile:
    """The profile of the RCTab contest in the zip archive at ``path``."""
    return read_contest(path).profile


def read_contest(path: str) -> Contest:
    """The RCTab contest (its profile and the options its rules prescribe) in the zip archive at ``path``."""
    members = _members(path)
    config_name = _config_member(path, members)
    _check_source_paths(path, config_name, members[config_name])
    from hustings.formats.rctab import load_contest

    with tempfile.TemporaryDirectory(prefix="hustings-rctab-zip-") as folder:
        _write(path, folder, members)
        config_path = os.path.join(folder, *PurePosixPath(config_name).parts)
        try:
            contest = load_contest(config_path)
        except FormatError as exc:
            raise _renamed(exc, folder, path) from None
    return dataclasses.replace(contest, config_path=f"{path}/{config_name}")


def _members(path: str) -> dict[str, bytes]:
    """Every file member's name and content, each checked; directories are left out."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_MEMBERS:
                raise FormatError(path, f"the archive holds {len(infos)} members (at most {MAX_MEMBERS} are read)")
            for info in infos:
                _check_member(path, info)
            declared = sum(i.file_size for i in infos)
            if declared > MAX_TOTAL_BYTES:
                raise _too_big(path)
            members: dict[str, bytes] = {}
            total = 0
            for info in infos:
                if info.is_dir():
                    continue
                if info.filename in members:
                    raise FormatError(path, f"the archive holds two members named {info.filename!r}")
                data, total = _inflate(path, archive, info, total)
                members[info.filename] = data
            return members
    except FormatError:
        raise
    except FileNotFoundError:
        raise FormatError(path, "no such file") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, RuntimeError, OSError, ValueError) as exc:
        # (RuntimeError includes NotImplementedError: a compression method zipfile cannot read)
        raise FormatError(path, f"not a readable zip archive ({exc})") from None


def _check_member(path: str, info: zipfile.ZipInfo) -> None:
    name = info.filename
    shown = f"{path}/{name}"
    if info.flag_bits & 0x1:
        raise FormatError(shown, "the member is encrypted")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise FormatError(shown, "the member is a symbolic link")
    if not name or "\x00" in name or _climbs_out(name):
        raise FormatError(path, f"the member name {name!r} would leave the archive's folder")


def _climbs_out(name: str) -> bool:
    """Whether a path would lead out of the archive's folder: absolute, with a drive (``C:``), a
    backslash or a ``..`` component."""
    parts = PurePosixPath(name).parts
    return name.startswith("/") or "\\" in name or ":" in (parts[0] if parts else "") or ".." in parts


def _inflate(path: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo, total: int) -> tuple[bytes, int]:
    """The member's bytes, read in chunks so that no more than the limit is ever expanded."""
    chunks = []
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            total += len(chunk)
            if total > MAX_TOTAL_BYTES:
                raise _too_big(path)
            chunks.append(chunk)
    return b"".join(chunks), total


def _too_big(path: str) -> FormatError:
    limit = MAX_TOTAL_BYTES // (1024 * 1024)
    return FormatError(path, f"the archive expands to more than {limit} MiB (at most {limit} MiB are read)")


def _config_member(path: str, members: dict[str, bytes]) -> str:
    """The one ``.json`` member that is an RCTab configuration (CDF records are JSON too)."""
    configs = [n for n, data in members.items() if n.lower().endswith(".json") and _CONFIG_KEY in data]
    if not configs:
        raise FormatError(path, "the archive holds no RCTab contest configuration (a .json with cvrFileSources)")
    if len(configs) > 1:
        raise FormatError(path, f"the archive holds {len(configs)} RCTab contest configurations: {', '.join(configs)}")
    return configs[0]


def _check_source_paths(path: str, config_name: str, data: bytes) -> None:
    """Refuse a ``filePath`` that would read outside the archive, before any file is looked for."""
    shown = f"{path}/{config_name}"
    raw: Any = load_json(data, shown)
    sources = raw.get("cvrFileSources") if isinstance(raw, dict) else None
    for i, source in enumerate(sources if isinstance(sources, list) else []):
        file_path = source.get("filePath") if isinstance(source, dict) else None
        if not isinstance(file_path, str) or not file_path.strip():
            continue  # the configuration's own checks refuse it
        if _climbs_out(file_path.strip()):
            raise FormatError(
                shown,
                f"cvrFileSources[{i}].filePath {file_path!r} is outside the archive "
                "(give it relative to the configuration, within the archive)",
                field=f"cvrFileSources[{i}].filePath",
            )


def _write(path: str, folder: str, members: dict[str, bytes]) -> None:
    """Write the checked members under ``folder``; a name clash (a file and a folder) is refused."""
    for name, data in members.items():
        target = os.path.join(folder, *PurePosixPath(name).parts)
        try:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except OSError:
            raise FormatError(path, f"the member {name!r} clashes with another member of the same name") from None
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)


def _renamed(exc: FormatError, folder: str, path: str) -> FormatError:
    """``exc`` with the temporary folder replaced by the archive's name, in its path and message."""
    prefix = folder + os.sep
    if exc.path is not None and exc.path.startswith(prefix):
        exc.path = f"{path}/{Path(exc.path[len(prefix) :]).as_posix()}"
    message = exc.message.replace(prefix, f"{path}/").replace(folder, path)
    return FormatError(exc.path, message, line=exc.line, field=exc.field)
