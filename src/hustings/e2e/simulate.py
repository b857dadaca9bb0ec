"""A whole end-to-end verifiable election in one process, for tests and benchmarks (docs/e2e.md,
"Simulation"): the key ceremony, voters encrypting random rankings with their proofs, some of
them auditing a ballot first, absent trustees, the mix-net or the homomorphic tally, threshold
decryption, the count, and the board, sealed and signed, exactly as a real election publishes it.

Everything is drawn from one seeded generator, so a seed gives the same board every time. The
simulation plays every trustee, so it knows every secret: it proves that the protocol works and
what it costs, not that anyone is honest.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from nacl.signing import SigningKey

from hustings.board.signatures import public_of
from hustings.count import registry
from hustings.count.profile import Profile
from hustings.e2e import ballots, ceremony, decryption, shuffle, tally
from hustings.e2e import board as boards
from hustings.e2e.board import Election, marks_profile, ranked_profile, seal
from hustings.e2e.elgamal import Ciphertext
from hustings.e2e.group import Point

HOMOMORPHIC = frozenset({"plurality"})
"""Methods counted from a homomorphic tally of single-mark ballots; every other is mixed."""

MAX_WIDTH = 10
"""Ranks per ranked ballot at most: each rank is one ciphertext to mix and decrypt."""

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Settings:
    voters: int
    candidates: int
    method: str
    seats: int = 1
    trustees: int = 3
    quorum: int = 2
    seed: int = 0
    audits: int = 2
    workers: int = 1


@dataclass
class Outcome:
    """The board as published and, for tests only, what the simulated voters cast."""

    board: dict[str, Any]
    cast: Profile
    timings: dict[str, float] = field(default_factory=dict)


def check(settings: Settings) -> None:
    """`ValueError` naming the first setting out of range."""
    s = settings
    if s.voters < 1 or s.candidates < 1:
        raise ValueError("a simulation needs at least one voter and one candidate")
    if not 1 <= s.quorum <= s.trustees:
        raise ValueError(f"the quorum must be between 1 and the number of trustees ({s.trustees}), not {s.quorum}")
    if not 1 <= s.seats <= s.candidates:
        raise ValueError(f"seats must be between 1 and the number of candidates ({s.candidates})")
    registry.canonical(s.method)


def simulate(settings: Settings, progress: Progress = lambda _: None) -> Outcome:
    """Run the election `settings` describe; the board verifies with `hustings verify`."""
    check(settings)
    rng = random.Random(settings.seed)
    keys = {i: SigningKey(rng.randbytes(32)) for i in range(1, settings.trustees + 1)}
    election = _election(settings, keys)
    progress(f"key ceremony: {settings.trustees} trustees, quorum {settings.quorum}")
    publics, shares = _ceremony(election, rng)
    public_key = ceremony.joint_key(publics)
    present = sorted(rng.sample(range(1, settings.trustees + 1), settings.quorum))
    wishes = _wishes(settings, rng)
    cast, audited = _cast(election, public_key, wishes, settings.audits, rng, progress)
    dealings = [p.to_json() for p in publics]
    board = boards.opening(election, dealings, public_key.hex(), [b.to_json() for b in cast], audited)
    context = _Context(election, public_key, shares, present, rng, settings.workers, progress)
    profile = _tally(board, context, cast) if election.spec.kind == "marks" else _mix(board, context, cast)
    record = boards.count(board, election, profile)
    progress(f"counted: elected {', '.join(record.get('elected', [])) or 'nobody'}")
    seal(board, {i: keys[i] for i in present})
    return Outcome(board, _cast_profile(election, wishes))


def _election(s: Settings, keys: dict[int, SigningKey]) -> Election:
    method = registry.canonical(s.method)
    names = tuple(f"Candidate {i}" for i in range(1, s.candidates + 1))
    identity = f"simulation-{s.seed}"
    if method in HOMOMORPHIC:
        spec = ballots.BallotSpec(identity, "marks", s.candidates, s.candidates, 1, 1)
    else:
        spec = ballots.BallotSpec(identity, "ranked", s.candidates, min(s.candidates, MAX_WIDTH))
    title = f"Simulated {method} election (seed {s.seed})"
    trustees = tuple((f"Trustee {i}", public_of(keys[i])) for i in range(1, s.trustees + 1))
    return Election(identity, title, method, s.seats, names, spec, trustees, s.quorum)


def _ceremony(election: Election, rng: random.Random) -> tuple[list[ceremony.PublicDealing], dict[int, int]]:
    """Every trustee deals; each checks the shares dealt to it against the dealers' commitments
    and adds them up to its key share."""
    n = len(election.trustees)
    dealt = [ceremony.deal(election.id, i, election.quorum, rng) for i in range(1, n + 1)]
    publics = [public for _, public in dealt]
    shares: dict[int, int] = {}
    for recipient in range(1, n + 1):
        received = []
        for dealing, public in dealt:
            share = ceremony.share_for(dealing, recipient)
            if not ceremony.check_share(public, recipient, share):
                raise AssertionError(f"trustee {public.trustee}'s share for {recipient} fails its commitments")
            received.append(share)
        shares[recipient] = ceremony.key_share(received)
    return publics, shares


def _wishes(s: Settings, rng: random.Random) -> list[tuple[int, ...]]:
    """Each voter's choice: candidates drawn by popularity without replacement, a random number
    of them (one for a single-mark ballot)."""
    popularity = [rng.random() ** 2 for _ in range(s.candidates)]
    width = 1 if registry.canonical(s.method) in HOMOMORPHIC else min(s.candidates, MAX_WIDTH)
    wishes = []
    for _ in range(s.voters):
        length = rng.randint(1, width)
        pool = list(range(1, s.candidates + 1))
        weights = list(popularity)
        ranking = []
        for _ in range(length):
            pick = rng.choices(range(len(pool)), weights=weights)[0]
            ranking.append(pool.pop(pick))
            weights.pop(pick)
        wishes.append(tuple(ranking))
    return wishes


def _encrypt(
    election: Election, public_key: Point, wish: Sequence[int], rng: random.Random
) -> tuple[ballots.EncryptedBallot, list[int]]:
    spec = election.spec
    if spec.kind == "marks":
        marks = [1 if c in wish else 0 for c in range(1, spec.options + 1)]
        return ballots.encrypt_marks(spec, public_key, marks, rng)
    return ballots.encrypt_ranking(spec, public_key, wish, rng)


def _cast(
    election: Election,
    public_key: Point,
    wishes: Sequence[tuple[int, ...]],
    audits: int,
    rng: random.Random,
    progress: Progress,
) -> tuple[list[ballots.EncryptedBallot], list[dict[str, Any]]]:
    """Every voter encrypts; the first `audits` voters challenge one encryption first (Benaloh),
    which is spoiled and published, then cast a fresh one. The box keeps the digests' order."""
    audited = []
    for wish in wishes[:audits]:
        ballot, randomness = _encrypt(election, public_key, wish, rng)
        audited.append(ballots.audit_ballot(election.spec, public_key, ballot, randomness))
    cast = []
    step = max(1, len(wishes) // 10)
    for i, wish in enumerate(wishes, 1):
        cast.append(_encrypt(election, public_key, wish, rng)[0])
        if i % step == 0 or i == len(wishes):
            progress(f"voters encrypting: {i}/{len(wishes)}")
    spec = election.spec
    cast.sort(key=lambda b: ballots.ballot_digest(spec, b))
    return cast, audited


@dataclass(frozen=True)
class _Context:
    election: Election
    public_key: Point
    shares: dict[int, int]
    present: list[int]
    rng: random.Random
    workers: int
    progress: Progress


def _decrypt(ctx: _Context, place: str, cts: Sequence[Ciphertext]) -> tuple[list[dict[str, Any]], list[Point]]:
    """The present trustees' partial decryptions of `cts`, and the plaintexts they combine to."""
    context = [ctx.election.id, place]
    partials = []
    for trustee in ctx.present:
        ctx.progress(f"trustee {trustee} decrypting {len(cts)} ciphertexts")
        partials.append(decryption.partial_decrypt(context, trustee, ctx.shares[trustee], cts, ctx.rng))
    return [p.to_json() for p in partials], decryption.combine(cts, partials, quorum=ctx.election.quorum)


def _tally(board: dict[str, Any], ctx: _Context, cast: Sequence[ballots.EncryptedBallot]) -> Profile:
    product = tally.aggregate(ctx.election.spec, cast)
    partials, points = _decrypt(ctx, "tally", product)
    counts = tally.counts_from_points(points, len(cast))
    board["tally"] = boards.tally_part([c.to_json() for c in product], partials, counts)
    return marks_profile(ctx.election, counts)


def _mix(board: dict[str, Any], ctx: _Context, cast: Sequence[ballots.EncryptedBallot]) -> Profile:
    rows: list[tuple[Ciphertext, ...]] = [b.ciphertexts for b in cast]
    shuffles = []
    for position, trustee in enumerate(ctx.present, 1):
        ctx.progress(f"trustee {trustee} mixing {len(rows)} ballots")
        context: list[str | int] = [ctx.election.id, "mix", position]
        rows, proof = shuffle.shuffle(context, ctx.public_key, rows, ctx.rng, workers=ctx.workers)
        shuffles.append(
            {"trustee": trustee, "rows": [[c.to_json() for c in row] for row in rows], "proof": proof.to_json()}
        )
    partials, points = _decrypt(ctx, "mix", [c for row in rows for c in row])
    rankings = boards.decode_rankings(ctx.election.spec, points)
    board["mix"] = boards.mix_part(shuffles, partials, rankings)
    return ranked_profile(ctx.election, rankings)


def _cast_profile(election: Election, wishes: Sequence[tuple[int, ...]]) -> Profile:
    names = election.candidates
    return Profile.from_lists(
        names, ([names[c - 1] for c in w] for w in wishes), title=election.title, seats=election.seats
    )
