"""Anyone's check of an end-to-end verifiable board, from its own content alone (docs/e2e.md,
"Verifying a board"). No database, no Django, and nothing the server says is taken on trust.

Each check has a stable name, failed when anything under it fails:

- `format`, `election`: the board is one, and its election is well formed;
- `ceremony.dealings`: every trustee dealt, with k commitments and a valid proof of its secret;
  `ceremony.public_key`: the joint key is the product of their first commitments;
- `ballots.proofs`: every ballot's proofs hold; `ballots.unique`: no ballot, and no ciphertext's
  randomness, appears twice (Cortier and Smyth, CSF 2011); `audited`: every challenged ballot
  opens to what its randomness says and was not cast;
- yes/no and single-mark ballots: `tally.aggregate` (the product of the ballots),
  `tally.decryption` (each partial decryption's proof, and a quorum of trustees), `tally.counts`;
- ranked ballots: `mix.shuffle` (each list's proof of shuffle, chained from the cast ballots),
  `mix.decryption`, `mix.rankings` (the decoded rankings);
- `export` (the anonymised BLT of what was decrypted), `recount` and `result` (the counting core
  on the export gives the published record);
- `head` (the hash of the board) and `signatures` (every trustee who decrypted signed the head).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from hustings.board.verify import Verification
from hustings.count import registry
from hustings.e2e import ballots, ceremony, decryption, parallel, shuffle, tally
from hustings.e2e.board import FORMAT, Election, head, marks_profile, ranked_profile, signature_valid
from hustings.e2e.elgamal import Ciphertext
from hustings.e2e.group import GroupError, Point
from hustings.formats import blt

_SHOWN = 5
"""Bad items named one by one before the rest are only counted."""


class Board:
    """The parsed board: what later checks need from earlier ones."""

    def __init__(self, raw: dict[str, Any], election: Election) -> None:
        self.raw = raw
        self.election = election
        self.workers = 1
        self.public_key: Point = b""
        self.verification_keys: dict[int, Point] = {}
        self.cast: list[ballots.EncryptedBallot] = []
        self.rankings: list[tuple[int, ...] | None] = []
        self.counts: list[int] = []
        self.decrypted_by: set[int] = set()

    def context(self, *place: str | int) -> list[str | int]:
        return [self.election.id, *place]


def verify_board(raw: object, workers: int = 1) -> Verification:
    """Re-check `raw`, the JSON of an end-to-end board, and recount it; the proofs of many ballots
    are checked on `workers` processes (the verdict is the same whatever their number)."""
    out = Verification()
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        out.fail("format", f"not a {FORMAT} board")
        return out
    out.ok("format", FORMAT)
    board = _election(out, raw)
    if board is None:
        return out
    board.workers = max(1, workers)
    steps: list[Callable[[Verification, Board], bool]] = [_ceremony, _ballots, _audited]
    steps += [_tally] if board.election.spec.kind == "marks" else [_mix]
    steps += [_export_and_result]
    for step in steps:
        if not _guarded(step, out, board):
            break
    _head_and_signatures(out, board)
    return out


def _guarded(step: Callable[[Verification, Board], bool], out: Verification, board: Board) -> bool:
    """Run one step; a malformed part of the board fails the step's check instead of raising."""
    try:
        return step(out, board)
    except (GroupError, ValueError, KeyError, TypeError, IndexError) as exc:
        name = step.__name__.strip("_").split("_")[0]
        out.fail(name, f"malformed: {exc}")
        return False


def _integer(value: object, least: int, what: str) -> int:
    """A JSON integer of at least `least` (never a boolean, a string or a float), else `ValueError`."""
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise ValueError(f"{what} is not an integer of at least {least}: {value!r}")
    return value


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{what} is not a string: {value!r}")
    return value


def _trustees(data: object) -> tuple[tuple[str, str], ...]:
    """The trustees' (name, signing key), each entry's `index` its place from 1."""
    if not isinstance(data, list) or not data:
        raise ValueError("no list of trustees")
    listed = []
    for place, entry in enumerate(data, 1):
        if not isinstance(entry, dict) or _integer(entry.get("index"), 1, "a trustee's index") != place:
            raise ValueError(f"trustee {place} is not listed with index {place}")
        listed.append((_text(entry.get("name"), "a trustee's name"), _text(entry.get("signing_key"), "a signing key")))
    return tuple(listed)


def _election(out: Verification, raw: dict[str, Any]) -> Board | None:
    try:
        data = raw["election"]
        spec = ballots.BallotSpec.from_json(data["ballot"])
        candidates = data["candidates"]
        if not isinstance(candidates, list):
            raise ValueError("the candidates are not a list")
        election = Election(
            id=_text(data["id"], "the election's id"),
            title=_text(data["title"], "the title"),
            method=registry.canonical(_text(data["method"], "the method")),
            seats=_integer(data["seats"], 1, "seats"),
            candidates=tuple(_text(c, "a candidate") for c in candidates),
            spec=spec,
            trustees=_trustees(data["trustees"]),
            quorum=_integer(data["quorum"], 1, "the quorum"),
        )
    except (GroupError, ValueError, KeyError, TypeError) as exc:
        out.fail("election", f"malformed: {exc}")
        return None
    if spec.election != election.id or spec.options != len(election.candidates):
        out.fail("election", "the ballot's form is for another election or number of candidates")
        return None
    if election.quorum > len(election.trustees):
        out.fail("election", f"quorum {election.quorum} of {len(election.trustees)} trustees")
        return None
    out.ballot = {"id": election.id, "title": election.title, "method": election.method, "seats": election.seats}
    out.ballot["candidates"] = list(election.candidates)
    out.status = "published"
    out.ok("election", f"{election.title!r}: {election.method}, {len(election.candidates)} candidates")
    return Board(raw, election)


def _ceremony(out: Verification, board: Board) -> bool:
    e = board.election
    dealings = [ceremony.PublicDealing.from_json(d) for d in board.raw["ceremony"]["dealings"]]
    indices = [d.trustee for d in dealings]
    bad = [d.trustee for d in dealings if not ceremony.verify_dealing(e.id, d, e.quorum)]
    if indices != list(range(1, len(e.trustees) + 1)) or bad:
        out.fail("ceremony.dealings", f"trustees dealt {indices}, invalid dealings from {bad}")
        return False
    out.ok("ceremony.dealings", f"{len(dealings)} trustees dealt, each with {e.quorum} commitments and a proof")
    key = ceremony.joint_key(dealings)
    if board.raw["ceremony"]["public_key"] != key.hex():
        out.fail("ceremony.public_key", "the public key is not the product of the trustees' commitments")
        return False
    out.ok("ceremony.public_key", f"the joint key {key.hex()[:16]}... is the trustees' product")
    board.public_key = key
    board.verification_keys = {i: ceremony.verification_key(dealings, i) for i in indices}
    return True


def _ballots(out: Verification, board: Board) -> bool:
    spec = board.election.spec
    cast = [ballots.EncryptedBallot.from_json(b, spec) for b in board.raw["ballots"]]
    bad = _bad_ballots(spec, board.public_key, cast, board.workers)
    if bad:
        out.fail("ballots.proofs", f"{len(bad)} ballot(s) fail their proofs: {_named(cast, bad, spec)}")
        return False
    out.ok("ballots.proofs", f"all {len(cast)} ballots' proofs hold")
    digests = [ballots.ballot_digest(spec, b) for b in cast]
    fingerprints = [f for b in cast for f in ballots.ballot_fingerprints(b)]
    if len(set(digests)) != len(digests) or len(set(fingerprints)) != len(fingerprints):
        out.fail("ballots.unique", "a ballot, or the randomness of a ciphertext, appears twice")
        return False
    if digests != sorted(digests):
        out.fail("ballots.unique", "the ballots are not in the order of their digests")
        return False
    out.ok("ballots.unique", f"{len(cast)} distinct ballots; no ciphertext's randomness reused")
    board.cast = cast
    return True


def _ballot_chunk(task: tuple[ballots.BallotSpec, Point, list[ballots.EncryptedBallot], int]) -> list[int]:
    spec, key, chunk, offset = task
    return [offset + i for i, b in enumerate(chunk) if not ballots.verify_ballot(spec, key, b)]


def _bad_ballots(spec: ballots.BallotSpec, key: Point, cast: list[ballots.EncryptedBallot], workers: int) -> list[int]:
    """The positions of ballots whose proofs fail, checked on `workers` processes when many."""
    return parallel.chunked(_ballot_chunk, len(cast), lambda a, b: (spec, key, cast[a:b], a), workers, small=256)


def _named(cast: Sequence[ballots.EncryptedBallot], bad: Sequence[int], spec: ballots.BallotSpec) -> str:
    names = [ballots.tracking_code(ballots.ballot_digest(spec, cast[i])) for i in bad[:_SHOWN]]
    more = f" and {len(bad) - _SHOWN} more" if len(bad) > _SHOWN else ""
    return ", ".join(names) + more


def _audited(out: Verification, board: Board) -> bool:
    """Each challenged ballot opens to its published choice, and neither it nor any of its
    ciphertexts' randomness (public once audited) reappears among the cast ballots."""
    spec = board.election.spec
    cast = {ballots.ballot_digest(spec, b) for b in board.cast}
    cast_fingerprints = {f for b in board.cast for f in ballots.ballot_fingerprints(b)}
    audited = board.raw["audited"]
    if not isinstance(audited, list):
        raise ValueError("`audited` is not a list")
    for item in audited:
        spoiled = ballots.EncryptedBallot.from_json(item["ballot"], spec)
        if ballots.check_audit(spec, board.public_key, item) is None:
            out.fail("audited", "an audited ballot does not open to its published choice")
            return False
        if ballots.ballot_digest(spec, spoiled) in cast:
            out.fail("audited", "an audited (spoiled) ballot was also cast")
            return False
        if cast_fingerprints & set(ballots.ballot_fingerprints(spoiled)):
            out.fail("audited", "a cast ballot reuses the randomness of an audited one, which anyone can read")
            return False
    out.ok("audited", f"{len(audited)} challenged ballot(s) open to their published choices")
    return True


def _decrypted(
    out: Verification, board: Board, name: str, cts: Sequence[Ciphertext], partials_json: Sequence[Any]
) -> list[Point] | None:
    """Check each trustee's partial decryption of `cts`, and combine a quorum of them."""
    partials = [decryption.PartialDecryption.from_json(p) for p in partials_json]
    context = board.context(name)
    for p in partials:
        key = board.verification_keys.get(p.trustee)
        if key is None or not decryption.verify_partial(context, key, cts, p, board.workers):
            out.fail(f"{name}.decryption", f"trustee {p.trustee}'s partial decryption fails its proof")
            return None
    trustees = {p.trustee for p in partials}
    if len(trustees) != len(partials):
        out.fail(f"{name}.decryption", "a trustee's partial decryption is listed more than once")
        return None
    if len(trustees) < board.election.quorum:
        out.fail(
            f"{name}.decryption", f"{len(trustees)} distinct trustees decrypted; the quorum is {board.election.quorum}"
        )
        return None
    out.ok(
        f"{name}.decryption", f"trustees {sorted(trustees)} decrypted {len(cts)} ciphertexts, each with a valid proof"
    )
    board.decrypted_by = trustees
    return decryption.combine(cts, partials, quorum=board.election.quorum, workers=board.workers)


def _tally(out: Verification, board: Board) -> bool:
    data = board.raw["tally"]
    product = tally.aggregate(board.election.spec, board.cast)
    if [c.to_json() for c in product] != data["aggregate"]:
        out.fail("tally.aggregate", "the published product is not the product of the cast ballots")
        return False
    out.ok("tally.aggregate", f"the product of {len(board.cast)} ballots, option by option")
    points = _decrypted(out, board, "tally", product, data["partials"])
    if points is None:
        return False
    counts = tally.counts_from_points(points, len(board.cast))
    published = data["counts"]
    if not isinstance(published, list) or any(isinstance(n, bool) or not isinstance(n, int) for n in published):
        raise ValueError("the counts are not a list of integers")
    if counts != published:
        out.fail("tally.counts", f"the decryption gives {counts}, the board says {data['counts']}")
        return False
    out.ok("tally.counts", f"the decrypted counts are {counts}")
    board.counts = counts
    return True


def _nothing_cast(out: Verification, data: dict[str, Any]) -> bool:
    """A ranked ballot with no ballot cast has nothing to mix or decrypt: its mix must be empty
    (docs/e2e.md, "Verifying a board", 5), and nobody decrypted."""
    if data["shuffles"] or data["partials"] or data["rankings"]:
        out.fail("mix.shuffle", "no ballot was cast, yet the mix lists shuffles, partial decryptions or rankings")
        return False
    out.ok("mix.shuffle", "no ballot was cast: nothing to mix")
    out.ok("mix.decryption", "no ballot was cast: nothing to decrypt")
    out.ok("mix.rankings", "0 rankings decoded, 0 invalid")
    return True


def _mix(out: Verification, board: Board) -> bool:
    data = board.raw["mix"]
    if not board.cast:
        return _nothing_cast(out, data)
    rows: list[tuple[Ciphertext, ...]] = [b.ciphertexts for b in board.cast]
    mixers: list[int] = []
    for position, step in enumerate(data["shuffles"], 1):
        output = [tuple(Ciphertext.from_json(c) for c in row) for row in step["rows"]]
        proof = shuffle.ShuffleProof.from_json(step["proof"])
        context = board.context("mix", position)
        if not shuffle.verify_shuffle(context, board.public_key, rows, output, proof, workers=board.workers):
            out.fail("mix.shuffle", f"shuffle {position} (trustee {step.get('trustee')}) fails its proof of shuffle")
            return False
        rows = output
        mixer = _integer(step["trustee"], 1, "a shuffle's trustee")
        if mixer > len(board.election.trustees) or mixer in mixers:
            out.fail("mix.shuffle", f"shuffle {position} is credited to trustee {mixer}, not a trustee yet to mix")
            return False
        mixers.append(mixer)
    if not mixers:
        out.fail("mix.shuffle", "nobody mixed the ballots")
        return False
    out.ok("mix.shuffle", f"{len(mixers)} shuffles (trustees {mixers}), each proved, chained from the cast ballots")
    flat = [c for row in rows for c in row]
    points = _decrypted(out, board, "mix", flat, data["partials"])
    if points is None:
        return False
    spec = board.election.spec
    table = ballots.plaintext_table(spec)
    values = [table.get(p, -1) for p in points]
    w = spec.width
    rankings = [ballots.decode_ranking(spec, values[i : i + w]) for i in range(0, len(values), w)]
    published = [None if r is None else _ranking(r) for r in data["rankings"]]
    if rankings != published:
        out.fail("mix.rankings", "the published rankings are not what the decryption gives")
        return False
    invalid = sum(r is None for r in rankings)
    out.ok("mix.rankings", f"{len(rankings)} rankings decoded, {invalid} invalid")
    board.rankings = rankings
    return True


def _ranking(value: object) -> tuple[int, ...]:
    if not isinstance(value, list):
        raise ValueError(f"a ranking is not a list: {value!r}")
    return tuple(_integer(v, 1, "a ranked candidate") for v in value)


def _export_and_result(out: Verification, board: Board) -> bool:
    e = board.election
    profile = marks_profile(e, board.counts) if e.spec.kind == "marks" else ranked_profile(e, board.rankings)
    export = blt.dumps(profile)
    if board.raw["export"] != export:
        out.fail("export", "the published BLT is not what was decrypted")
        return False
    out.ok("export", f"the anonymised BLT holds the {profile.total} decrypted ballots")
    record = registry.run(e.method, blt.parse(export, "export.blt"), seats=e.seats).to_dict()
    out.recount = {"title": e.title, **record}
    out.ok("recount", f"elected: {', '.join(record.get('elected', [])) or 'nobody'}")
    if board.raw["result"] != out.recount:
        out.fail("result", "the published result is not the recount")
        return False
    out.ok("result", "the published result is the recount")
    return True


def _head_and_signatures(out: Verification, board: Board) -> None:
    raw = board.raw
    if raw.get("head") != head(raw):
        out.fail("head", "the board's head is not the hash of its content")
        return
    out.ok("head", f"head {raw['head']}")
    signed: set[int] = {s["trustee"] for s in raw.get("signatures", []) if isinstance(s, dict) and _signed(board, s)}
    listed = raw.get("signatures", [])
    if len(signed) != len(listed) or not board.decrypted_by <= signed:
        out.fail(
            "signatures", f"valid signatures from trustees {sorted(signed)}; decrypted by {sorted(board.decrypted_by)}"
        )
        return
    out.ok("signatures", f"trustees {sorted(signed)} signed the head")
    if not listed:
        out.warn("signatures", "no trustee signed the head")


def _signed(board: Board, record: dict[str, Any]) -> bool:
    index = record.get("trustee")
    if not isinstance(index, int) or not 1 <= index <= len(board.election.trustees):
        return False
    key = board.election.trustees[index - 1][1]
    return signature_valid(board.raw["election"], key, board.raw["head"], record.get("signature"))
