"""Anyone's check of a published bulletin board (pure: no Django, no database).

`verify_board(board, pinned=())` checks every part of the board from its own content, and each
check has a stable name (`chain`, `head`, `opened.title`, `scrutineer.signature`...):

- the hash chain, link by link, and that `head` is the last entry's hash (`chain`, `head`);
- the entries a status needs, in their only order: `opened`, then `credentials issued` and
  `paper batch` while open, `closed`, `counted`, `published` (`entries.order`, `entries.<kind>`,
  `status`);
- every field of `ballot` against what the `opened` entry committed to (`opened.<field>`);
- the scrutineers listed against the `opened` entry, and each signature of the opening and closing
  head (`scrutineers`, `scrutineer.signature`); a pinned key must be a scrutineer that signed
  every stage reached (`scrutineer.pinned`);
- an electoral college's export of each section against the `closed` and `counted` entries, and
  its recount by `count_college` with the sections' weights the `opened` entry committed to
  (`exports`; docs/ballots.md, "Weighted voters and colleges"); a weighted box's total weight
  against the `closed` entry's `weight`;
- the tracking codes, the set of ballots and the export's hash against the `closed` entry
  (`ballots`, `closed.ballots`, `closed.export`); the export and the result against the `counted`
  entry, a recount of the export with the counting core (the method and seats of the `opened`
  entry) against the count, and the published result (`export`, `recount`, `counted.*`,
  `result`, `published`).

A scrutineer registered at the opening who has not signed a stage the board has reached fails it
(`scrutineer.unsigned`): a board is verified once every scrutineer has signed. Warnings do not
fail a board: a board with no scrutineer (`anchor`: whoever controls the server could have
rewritten all of it), keys not pinned (`scrutineer.keys`: compare them with the published ones).
`hustings verify BOARD.json` prints the findings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from hustings.board import signatures
from hustings.board.chain import GENESIS, ballots_digest, canonical, entry_digest, sha256, tracking_code

if TYPE_CHECKING:
    from hustings.count.result import Result

FORMAT = "hustings-board/1"

OK, FAILED, WARNING = "ok", "failed", "warning"

STATUSES = ("open", "closed", "counted", "published")
"""A ballot's statuses in order; each but `open` is reached by the entry of the same name."""

_NEXT: dict[tuple[str, str], str] = {
    ("", "opened"): "open",
    ("open", "credentials issued"): "open",
    ("open", "paper batch"): "open",
    ("open", "closed"): "closed",
    ("closed", "counted"): "counted",
    ("counted", "published"): "published",
}
"""The chain's only order: (status before, entry kind) -> status after."""

_OPENED_FIELDS = {
    "id": "ballot_id",
    "title": "title",
    "organisation": "organisation",
    "method": "method",
    "seats": "seats",
    "candidates": "candidates",
}
"""Each field of the board's `ballot` and the `opened` entry's field it must equal (`status` aside)."""

_SHOWN = 5
"""Bad ballots named one by one before the rest are only counted."""


@dataclass(frozen=True)
class Check:
    """One finding: a stable `name`, `ok`, `failed` or `warning`, and what was found, in words."""

    name: str
    status: str
    detail: str

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "status": self.status, "detail": self.detail}


@dataclass(frozen=True)
class Signer:
    """A scrutineer of the board: name and key as the `opened` entry registered them, the stages
    their valid signatures cover, and whether the verifier pinned their key."""

    name: str
    public_key: str
    fingerprint: str
    signed: tuple[str, ...]
    pinned: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "public_key": self.public_key,
            "fingerprint": self.fingerprint,
            "signed": list(self.signed),
            "pinned": self.pinned,
        }


@dataclass
class Verification:
    """The verdict: `verified` when no check failed; the recount is the result record recomputed."""

    checks: list[Check] = field(default_factory=list)
    recount: dict[str, Any] | None = None
    signers: list[Signer] = field(default_factory=list)
    ballot: dict[str, Any] = field(default_factory=dict)
    status: str = ""

    @property
    def verified(self) -> bool:
        return not self.failed

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if c.status == FAILED]

    @property
    def problems(self) -> list[str]:
        """Each failed check as `name: what was found`."""
        return [f"{c.name}: {c.detail}" for c in self.failed]

    def __bool__(self) -> bool:
        return self.verified

    def ok(self, name: str, detail: str) -> None:
        self.checks.append(Check(name, OK, detail))

    def fail(self, name: str, detail: str) -> None:
        self.checks.append(Check(name, FAILED, detail))

    def warn(self, name: str, detail: str) -> None:
        self.checks.append(Check(name, WARNING, detail))

    def to_dict(self) -> dict[str, Any]:
        """The JSON verdict of `hustings verify --format json` (its keys are a contract)."""
        return {
            "verified": self.verified,
            "checks": [c.to_dict() for c in self.checks],
            "result": self.recount,
            "failed": sorted({c.name for c in self.failed}),
            "problems": self.problems,
            "signers": [s.to_dict() for s in self.signers],
            "ballot": self.ballot,
            "status": self.status,
        }


class BoardFormatError(ValueError):
    """The file is not a Hustings bulletin board at all (not an object, no list of entries)."""


def recount(export: str, method: str, seats: int) -> dict[str, Any]:
    """Count the BLT export with the counting core; the result record as JSON data."""
    from hustings.count.registry import run
    from hustings.formats import blt

    profile = blt.parse(export, "export.blt")
    return run(method, profile, seats=seats).to_dict()


def count_college(exports: Mapping[str, str], sections: Sequence[Mapping[str, Any]]) -> Result:
    """Count an electoral college's ballot: each section's BLT export, in the order of `sections`
    ({"name", "weight": "1/3"}), by `hustings.count.apportion.college` with those weights (Labour
    Party Rule Book 2010, Chapter 4, Clause II.2.C: each round the sections' percentages added)."""
    from hustings.count.apportion.college import Section, count
    from hustings.formats import blt

    parts = []
    for section in sections:
        name = str(section["name"])
        if name not in exports:
            raise ValueError(f"no export of section {name!r}")
        parts.append(Section(name, blt.parse(exports[name], f"{name}.blt"), Fraction(str(section["weight"]))))
    return count(parts)


def verify_board(board: object, pinned: Sequence[str] = ()) -> Verification:
    """Re-check `board` (the JSON of `bulletin_board`) from its own content alone. `pinned` are
    scrutineers' public keys (base64) as the scrutineers published them."""
    if not isinstance(board, dict):
        raise BoardFormatError("a bulletin board is a JSON object")
    entries = board.get("entries")
    if not isinstance(entries, list):
        raise BoardFormatError("the board has no list of 'entries'")
    out = Verification()
    if board.get("format") != FORMAT:
        out.fail("format", f"the board's format is {board.get('format')!r}, not {FORMAT!r}")
    chain = _chain(out, entries)
    _head(out, board, entries, chain)
    stages = _order(out, board, chain)
    opened = stages.get("opened", {}).get("data")
    if not isinstance(opened, dict):
        out.fail("entries.opened", "no 'opened' entry: the board does not say what was on the ballot")
        return out
    _ballot(out, board, opened)
    _scrutineers(out, board, opened, stages, pinned)
    closed = stages.get("closed", {}).get("data")
    _ballots(out, board, closed if isinstance(closed, dict) else None)
    _count(out, board, opened, stages)
    return out


def _chain(out: Verification, entries: list[Any]) -> list[tuple[int, str, dict[str, Any], str]]:
    """Re-compute every link; the entries as (seq, kind, data, recomputed hash), whatever failed."""
    prev, chain, broken = GENESIS, [], 0
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            out.fail("chain", f"entry {index} is not an object")
            broken += 1
            continue
        seq, kind, data = entry.get("seq"), entry.get("kind"), entry.get("data")
        kind_text = kind if isinstance(kind, str) else repr(kind)
        if seq != index or isinstance(seq, bool):
            out.fail("chain", f"entry {index}: sequence number {seq!r}, expected {index} (an entry is missing)")
            broken += 1
        if entry.get("prev") != prev:
            out.fail("chain", f"entry {index} ({kind_text}): does not chain to the entry before it")
            broken += 1
        digest = entry_digest(prev, index, kind_text, data)
        if entry.get("digest") != digest:
            out.fail("chain", f"entry {index} ({kind_text}): its hash does not match its content (altered)")
            broken += 1
        extra = sorted(str(k) for k in set(entry) - {"seq", "kind", "data", "prev", "digest"})
        if extra:
            out.fail("chain", f"entry {index} ({kind_text}): unexpected fields {', '.join(extra)}")
            broken += 1
        chain.append((index, kind_text, data if isinstance(data, dict) else {}, digest))
        prev = digest
    if not broken and entries:
        out.ok("chain", f"hash chain of {len(entries)} entries intact")
    return chain


def _head(
    out: Verification, board: dict[str, Any], entries: list[Any], chain: list[tuple[int, str, dict[str, Any], str]]
) -> None:
    head = board.get("head")
    if not entries:
        out.fail("head", "the board has no entries")
    elif "head" not in board or not isinstance(head, str):
        out.fail("head", "the board has no head hash: entries removed at the end would go unseen")
    elif len(chain) != len(entries) or head != chain[-1][3]:
        out.fail("head", "the board's head is not its last entry's hash (entries removed or added at the end)")
    else:
        out.ok("head", f"head {head[:16]}... is the last entry's hash")


def _order(
    out: Verification, board: dict[str, Any], chain: list[tuple[int, str, dict[str, Any], str]]
) -> dict[str, dict[str, Any]]:
    """Walk the entries through the only order; the entry reaching each stage, by kind."""
    status, bad = "", False
    stages: dict[str, dict[str, Any]] = {}
    for seq, kind, data, digest in chain:
        after = _NEXT.get((status, kind))
        if after is None:
            where = f"after the ballot is {status}" if status else "first"
            out.fail("entries.order", f"entry {seq} ({kind}) cannot come {where}")
            bad = True
            continue
        status = after
        stages.setdefault(kind, {"seq": seq, "data": data, "digest": digest})
    if chain and not bad:
        out.ok("entries.order", "entries in their order: " + ", ".join(dict.fromkeys(k for _, k, _, _ in chain)))
    ballot = board.get("ballot")
    claimed = ballot.get("status") if isinstance(ballot, dict) else None
    out.status = status
    if claimed not in STATUSES:
        out.fail("status", f"the ballot's status {claimed!r} is not one of {', '.join(STATUSES)}")
    elif status in STATUSES and STATUSES.index(claimed) > STATUSES.index(status):
        for missing in STATUSES[STATUSES.index(status) + 1 : STATUSES.index(claimed) + 1]:
            out.fail(f"entries.{missing}", f"the ballot says {claimed} but the board has no {missing!r} entry")
    elif claimed != status:
        out.fail("status", f"the ballot says {claimed} but its entries go as far as {status!r}")
    else:
        out.ok("status", f"status {claimed}, as its entries say")
    return stages


def _ballot(out: Verification, board: dict[str, Any], opened: dict[str, Any]) -> None:
    """Every field of `ballot` is what the `opened` entry committed to."""
    ballot = board.get("ballot")
    if not isinstance(ballot, dict):
        out.fail("ballot", "the board has no 'ballot' object")
        return
    extra = set(ballot) - set(_OPENED_FIELDS) - {"status"}
    if extra:
        out.fail("ballot", f"the ballot has fields the opening did not commit to: {', '.join(sorted(extra))}")
    agreed = []
    for name, key in _OPENED_FIELDS.items():
        if key not in opened:
            out.fail(f"opened.{name}", f"the 'opened' entry does not commit to the ballot's {name}")
        elif name not in ballot or canonical(ballot[name]) != canonical(opened[key]):
            out.fail(f"opened.{name}", f"the ballot's {name} {ballot.get(name)!r} is not the one it was opened with")
        else:
            agreed.append(name)
            out.ballot[name] = opened[key]
    out.ballot["status"] = out.status
    if len(agreed) == len(_OPENED_FIELDS):
        out.ok("opened", f"{', '.join(agreed)} as the ballot was opened with")


def _scrutineers(
    out: Verification,
    board: dict[str, Any],
    opened: dict[str, Any],
    stages: dict[str, dict[str, Any]],
    pinned: Sequence[str],
) -> None:
    registered = _registered(out, opened)
    listed = board.get("scrutineers")
    if not isinstance(listed, list):
        out.fail("scrutineers", "the board has no list of 'scrutineers'")
        listed = []
    if len(listed) != len(registered):
        out.fail("scrutineers", f"the board lists {len(listed)} scrutineers; the opening registered {len(registered)}")
    ballot = signatures.identity(opened.get("organisation"), opened.get("ballot_id"))
    pins = {signatures.public_key(key): key for key in pinned}
    for index, (name, key) in enumerate(registered):
        item = listed[index] if index < len(listed) else {}
        _scrutineer(out, index, name, key, item, ballot, stages, pins)
    known = {signatures.public_key(key) for _, key in registered}
    for raw, key in pins.items():
        if raw not in known:
            out.fail("scrutineer.pinned", f"pinned key {signatures.fingerprint(key)} is not a scrutineer on this board")
    _anchored(out, pinned)


def _scrutineer(
    out: Verification,
    index: int,
    name: str,
    key: str,
    item: object,
    ballot: str,
    stages: dict[str, dict[str, Any]],
    pins: dict[bytes, str],
) -> None:
    """One registered scrutineer: listed as registered, and a valid signature of every stage reached."""
    if not isinstance(item, dict) or item.get("name") != name or item.get("public_key") != key:
        out.fail("scrutineers", f"scrutineer {index + 1} on the board is not {name!r} as the opening registered")
        item = item if isinstance(item, dict) else {}
    assert isinstance(item, dict)
    if set(item) - {"name", "public_key", "signatures"}:
        out.fail("scrutineers", f"scrutineer {name!r} has unexpected fields")
    signed, tried = _signatures(out, name, key, item.get("signatures"), ballot, stages)
    is_pinned = signatures.public_key(key) in pins
    signer = Signer(name, key, signatures.fingerprint(key), signed, is_pinned)
    out.signers.append(signer)
    reached = [stage for stage in signatures.STAGES if stage in stages]
    for stage in reached:
        why = f"{name} (key {signer.fingerprint}) has not signed the {_STAGE_WORDS[stage]} head"
        if is_pinned and stage not in signed:
            out.fail("scrutineer.pinned", f"pinned: {why}")
        elif stage not in tried:
            out.fail("scrutineer.unsigned", why)
    if is_pinned and all(stage in signed for stage in reached):
        out.ok("scrutineer.pinned", f"pinned key {signer.fingerprint} is {name}'s and signed {', '.join(signed)}")


def _anchored(out: Verification, pinned: Sequence[str]) -> None:
    """Warn when no scrutineer signed the board, or when no key was pinned to compare."""
    if not any(s.signed for s in out.signers):
        out.warn(
            "anchor",
            "no scrutineer signed this board: nothing outside the server anchors it, and whoever controls "
            "the server could have rewritten all of it and recomputed every hash",
        )
    elif not pinned:
        out.warn(
            "scrutineer.keys",
            "no key pinned: compare each signer's key below with the key the scrutineer published "
            "(--scrutineer KEY pins it)",
        )


_STAGE_WORDS = {"opened": "opening", "closed": "closing"}


def _registered(out: Verification, opened: dict[str, Any]) -> list[tuple[str, str]]:
    """The scrutineers the `opened` entry registered, as (name, public key)."""
    listed = opened.get("scrutineers")
    if not isinstance(listed, list):
        out.fail("opened.scrutineers", "the 'opened' entry registers no list of scrutineers")
        return []
    good: list[tuple[str, str]] = []
    for item in listed:
        name = item.get("name") if isinstance(item, dict) else None
        key = item.get("public_key") if isinstance(item, dict) else None
        try:
            signatures.public_key(key)
        except signatures.SignatureError as exc:
            out.fail("opened.scrutineers", f"scrutineer {name!r}: {exc}")
            continue
        if not isinstance(name, str) or not name:
            out.fail("opened.scrutineers", f"the scrutineer with key {key!r} has no name")
            continue
        good.append((name, str(key)))
    return good


def _signatures(
    out: Verification, name: str, key: str, records: object, ballot: str, stages: dict[str, dict[str, Any]]
) -> tuple[tuple[str, ...], set[str]]:
    """Check one scrutineer's signature records against the chain; the stages validly signed, and
    every stage a record claims (a bad signature fails once, as `scrutineer.signature`)."""
    if not isinstance(records, list):
        out.fail("scrutineer.signature", f"{name}: no list of signatures")
        return (), set(signatures.STAGES)
    signed: list[str] = []
    tried: set[str] = set()
    who = f"{name} (key {signatures.fingerprint(key)})"
    for record in records:
        stage = record.get("stage") if isinstance(record, dict) else None
        if not isinstance(record, dict) or stage not in signatures.STAGES:
            out.fail("scrutineer.signature", f"{who}: a signature of no stage the board knows ({stage!r})")
            continue
        tried.add(stage)
        if set(record) - {"stage", "seq", "head", "signature"}:
            out.fail("scrutineer.signature", f"{who}: the {stage} signature has unexpected fields")
        entry = stages.get(stage)
        if entry is None:
            out.fail("scrutineer.signature", f"{who}: signed a {stage!r} entry the board does not have")
            continue
        if stage in signed:
            out.fail("scrutineer.signature", f"{who}: signed the {stage} head twice")
            continue
        seq, head = entry["seq"], entry["digest"]
        if record.get("seq") != seq or record.get("head") != head:
            words = _STAGE_WORDS[stage]
            out.fail(
                "scrutineer.signature", f"{who}: the signature of the {words} head signs another head than the board's"
            )
        elif not signatures.valid(key, ballot, stage, seq, head, record.get("signature")):
            out.fail("scrutineer.signature", f"{who}: the signature of the {_STAGE_WORDS[stage]} head does not verify")
        else:
            signed.append(stage)
            out.ok("scrutineer.signature", f"{who} signed the {_STAGE_WORDS[stage]} head (entry {seq})")
    return tuple(signed), tried


def _ballots(out: Verification, board: dict[str, Any], closed: dict[str, Any] | None) -> None:
    """Tracking codes match their hashes; once closed, the list is the set the close committed to."""
    listed = board.get("ballots")
    if listed is None and closed is None:
        return
    if not isinstance(listed, list):
        out.fail("ballots", "the board has no list of 'ballots'")
        return
    digests, bad = [], []
    for item in listed:
        digest = item.get("digest") if isinstance(item, dict) else None
        if (
            not isinstance(item, dict)
            or set(item) != {"tracking_code", "digest"}
            or not isinstance(digest, str)
            or len(digest) != 64
            or digest.strip("0123456789abcdef")
            or tracking_code(digest) != item.get("tracking_code")
        ):
            bad.append(item)
        else:
            digests.append(digest)
    for item in bad[:_SHOWN]:
        out.fail("ballots", f"ballot {item!r}: its tracking code does not match its hash")
    if len(bad) > _SHOWN:
        out.fail("ballots", f"and {len(bad) - _SHOWN} more ballots whose tracking code does not match")
    if closed is None:
        return
    count = closed.get("ballots")
    if count != len(listed):
        out.fail("closed.ballots", f"the box was closed with {count} ballots; the board lists {len(listed)}")
    elif bad or closed.get("ballots_digest") != ballots_digest(digests):
        out.fail("closed.ballots", "the ballots listed are not the ballots the box was closed with (changed)")
    else:
        out.ok("closed.ballots", f"{len(digests)} ballots listed, as the box was closed with")


def _count(out: Verification, board: dict[str, Any], opened: dict[str, Any], stages: dict[str, dict[str, Any]]) -> None:
    """The export against the close and the count, a recount, and the published result."""
    export, result = board.get("export"), board.get("result")
    counted, published = stages.get("counted", {}).get("data"), stages.get("published", {}).get("data")
    if result is not None and published is None:
        out.fail("result", "a result on a board with no 'published' entry")
    if counted is None:
        if export is not None:
            out.fail("export", "an export on a board with no 'counted' entry")
        elif "closed" in stages:
            out.ok("export", "closed, not counted yet: nothing to recount")
        return
    closed = stages.get("closed", {}).get("data", {})
    checked = _export(out, export, closed, counted)
    good, exports = _section_exports(out, board, opened, closed, counted)
    if checked is None or not good or not _recount(out, checked, opened, closed, counted, exports):
        return
    _published(out, result, published, counted)


def _export(out: Verification, export: object, closed: dict[str, Any], counted: dict[str, Any]) -> str | None:
    """The BLT export, if it is the one the box was closed with and the one counted."""
    if not isinstance(export, str):
        out.fail("export", "the board has no BLT export, though the ballot was counted")
        return None
    export_hash = sha256(export)
    if closed.get("export_sha256") != export_hash:
        out.fail("closed.export", "the BLT export is not the one the box was closed with")
    if counted.get("export_sha256") != export_hash:
        out.fail("export", "the BLT export is not the one counted (changed)")
        return None
    out.ok("export", "the BLT export is the one the box was closed with and counted")
    return export


def _section_exports(
    out: Verification, board: dict[str, Any], opened: dict[str, Any], closed: dict[str, Any], counted: dict[str, Any]
) -> tuple[bool, dict[str, str] | None]:
    """An electoral college's export of each section, if each is the one the box was closed with
    and counted: (all good, the exports; None for a ballot with no sections)."""
    sections, exports = opened.get("sections"), board.get("exports")
    if sections is None:
        if exports is not None:
            out.fail("exports", "section exports on a ballot opened with no sections")
            return False, None
        return True, None
    names = [str(s.get("name")) for s in sections if isinstance(s, dict)] if isinstance(sections, list) else []
    if not names or not isinstance(exports, dict):
        out.fail("exports", "a college's board needs its sections and an export of each")
        return False, None
    at_close = _mapping(closed.get("sections"))
    at_count = _mapping(counted.get("exports_sha256"))
    good = True
    for name in names:
        text = exports.get(name)
        digest = sha256(text) if isinstance(text, str) else None
        if (
            digest is None
            or _mapping(at_close.get(name)).get("export_sha256") != digest
            or at_count.get(name) != digest
        ):
            out.fail("exports", f"the export of section {name!r} is not the one the box was closed with and counted")
            good = False
    strays = sorted(str(k) for k in set(exports) - set(names))
    if strays:
        out.fail("exports", f"exports of sections the ballot does not have: {', '.join(strays)}")
        good = False
    if not good:
        return False, None
    out.ok("exports", f"each section's export ({', '.join(names)}) is the one closed and counted")
    return True, {name: str(exports[name]) for name in names}


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _recount(
    out: Verification,
    export: str,
    opened: dict[str, Any],
    closed: dict[str, Any],
    counted: dict[str, Any],
    exports: dict[str, str] | None = None,
) -> bool:
    """Recount the export by the ballot's method and seats (a college's section exports by
    `count_college`); it must give the result the count recorded."""
    method, seats = opened.get("method"), opened.get("seats")
    for name, value in (("method", method), ("seats", seats)):
        if counted.get(name) != value:
            out.fail(f"counted.{name}", f"the count used {name} {counted.get(name)!r}, not the ballot's {value!r}")
    if not isinstance(method, str) or not isinstance(seats, int) or isinstance(seats, bool):
        out.fail("recount", f"the ballot's method {method!r} and seats {seats!r} cannot be counted")
        return False
    try:
        if exports is not None:
            out.recount = count_college(exports, opened["sections"]).to_dict()
        else:
            out.recount = recount(export, method, seats)
    except Exception as exc:  # hostile input: whatever the reader or count refuses is a failed check
        out.fail("recount", f"the export cannot be recounted: {exc}")
        return False
    total, ballots = out.recount.get("total"), closed.get("weight", closed.get("ballots"))
    if total is not None and str(ballots) != str(total):
        out.fail("recount", f"the export holds {total} votes; the box was closed with {ballots}")
    elected = list(out.recount.get("elected", []))
    if sha256(canonical(out.recount)) != counted.get("result_sha256"):
        out.fail("recount", "recounting the export does not give the result the count recorded")
    else:
        out.ok("recount", f"recount from the export agrees with the count: elected {', '.join(elected)}")
    if counted.get("elected") != elected:
        out.fail("counted.elected", f"the count entry names {counted.get('elected')!r} elected, not {elected!r}")
    return True


def _published(out: Verification, result: object, published: dict[str, Any] | None, counted: dict[str, Any]) -> None:
    """The published result is the one the count recorded."""
    if published is None:
        if result is None:
            out.ok("result", "counted, not yet published")
        return
    if result is None or sha256(canonical(result)) != counted.get("result_sha256"):
        out.fail("result", "the published result is not the one the count recorded (altered or missing)")
    elif published.get("result_sha256") != counted.get("result_sha256"):
        out.fail("published", "the 'published' entry names another result than the count's")
    else:
        out.ok("result", "the published result is the recounted one")


def pinned_keys(values: Iterable[str]) -> list[str]:
    """Public keys as given to `--scrutineer`, checked (each base64 of 32 bytes, else `SignatureError`)."""
    keys = []
    for value in values:
        signatures.public_key(value)
        keys.append(value.strip())
    return keys
