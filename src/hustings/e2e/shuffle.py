"""A verifiable re-encryption mix of rows of ElGamal ciphertexts (docs/e2e.md, "The mix-net").

A ranked ballot is a row of w ciphertexts (one per rank). A mixer permutes the rows as wholes and
re-encrypts every ciphertext, ẽ_i = e_ψ(i) · (g^ρ_ik, pk^ρ_ik) column by column, and proves in zero
knowledge that it did so: the proof of shuffle of Terelius and Wikström, "Proofs of restricted
shuffles" (AFRICACRYPT 2010, section 4, with the commitment-consistent form of Wikström, ACISP
2009), made non-interactive by Fiat–Shamir and written step by step after Haenni, Locher, Koenig
and Dubuis, "Pseudo-code algorithms for verifiable re-encryption mix-nets" (FC 2017 Voting
workshop, GenShuffleProof / CheckShuffleProof). Rows are handled as in Haines, "A description and
proof of a generalised and optimised variant of Wikström's mixnet" (arXiv 1901.08371): the
permutation commitment and its chain are those of one list; the ciphertext equation is checked
per column, with one re-encryption scalar per column (t₄, s₄).

Two changes of form from Haenni et al., neither changing the proof: (1) the proof carries the
challenge c instead of the t-values, the verifier recomputing every t from the responses (the
(c, s) form of proofs.py); (2) the chain ĉ_i = g^R_i · h^U_i is drawn from R_i directly, so that
every ĉ_i, and all other per-row work, can be computed in parallel (`workers`).

Cost per row (full scalar multiplications; g^x is a cheaper base multiplication): the mixer w for
the re-encryptions (plus w base), 3 + 2w for the proof (plus 3 base); the verifier 4 + 4w (plus 1
base). Each side also does about 4 + 4w point additions and one hash to the group per row.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from hustings.e2e import group
from hustings.e2e.elgamal import Ciphertext
from hustings.e2e.group import Point, Scalar
from hustings.e2e.parallel import Runner

Context = Sequence[str | int]
Row = tuple[Ciphertext, ...]

STATEMENT = "shuffle-statement"
CHALLENGES = "shuffle-u"
CHALLENGE = "shuffle-c"
GENERATOR = "shuffle-generator"

L = group.L
_SYSTEM = random.SystemRandom()


@dataclass(frozen=True)
class ShuffleProof:
    """The mixer's proof: permutation commitments c_1..c_N, chain ĉ_1..ĉ_N, challenge c and the
    responses s₁, s₂, s₃, s₄ (one per column), ŝ_1..ŝ_N and s'_1..s'_N."""

    commitments: tuple[Point, ...]
    chain: tuple[Point, ...]
    challenge: Scalar
    s1: Scalar
    s2: Scalar
    s3: Scalar
    s4: tuple[Scalar, ...]
    s_hat: tuple[Scalar, ...]
    s_prime: tuple[Scalar, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "commitments": [p.hex() for p in self.commitments],
            "chain": [p.hex() for p in self.chain],
            "challenge": group.scalar_hex(self.challenge),
            "s1": group.scalar_hex(self.s1),
            "s2": group.scalar_hex(self.s2),
            "s3": group.scalar_hex(self.s3),
            "s4": [group.scalar_hex(s) for s in self.s4],
            "s_hat": [group.scalar_hex(s) for s in self.s_hat],
            "s_prime": [group.scalar_hex(s) for s in self.s_prime],
        }

    @classmethod
    def from_json(cls, data: object) -> ShuffleProof:
        """`GroupError` unless `data` has exactly the fields of `to_json`, each well formed."""
        if not isinstance(data, dict) or set(data) != _FIELDS:
            raise group.GroupError(f"not a shuffle proof: {str(data)[:80]!r}")
        return cls(
            commitments=tuple(group.point_from_hex(x) for x in _list(data["commitments"])),
            chain=tuple(group.point_from_hex(x) for x in _list(data["chain"])),
            challenge=group.scalar_from_hex(data["challenge"]),
            s1=group.scalar_from_hex(data["s1"]),
            s2=group.scalar_from_hex(data["s2"]),
            s3=group.scalar_from_hex(data["s3"]),
            s4=tuple(group.scalar_from_hex(x) for x in _list(data["s4"])),
            s_hat=tuple(group.scalar_from_hex(x) for x in _list(data["s_hat"])),
            s_prime=tuple(group.scalar_from_hex(x) for x in _list(data["s_prime"])),
        )


_FIELDS = {"commitments", "chain", "challenge", "s1", "s2", "s3", "s4", "s_hat", "s_prime"}


def _list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise group.GroupError(f"not a list: {str(value)[:80]!r}")
    return value


def rows_to_json(rows: Sequence[Sequence[Ciphertext]]) -> list[list[list[str]]]:
    """A list of rows on the board: `[[[a, b], ...], ...]`."""
    return [[c.to_json() for c in row] for row in rows]


def rows_from_json(data: object) -> list[Row]:
    """`GroupError` unless `data` is a list of non-empty rows of ciphertexts, all of one width."""
    rows = [tuple(Ciphertext.from_json(c) for c in _list(row)) for row in _list(data)]
    if any(len(row) != len(rows[0]) or not row for row in rows):
        raise group.GroupError("rows of ciphertexts of different or zero widths")
    return rows


# --- hashes ----------------------------------------------------------------------------------


class _Hash:
    """SHA-512 of exactly `group.hash_input(domain, items)`, fed item by item, so that a statement
    of millions of points is hashed without building its whole JSON text at once."""

    def __init__(self, domain: str) -> None:
        self._sha = hashlib.sha512(group.hash_input(domain, [])[:-1])

    def items(self, items: Iterable[str | int]) -> None:
        self._sha.update("".join("," + json.dumps(x, ensure_ascii=False) for x in items).encode("utf-8"))

    def points(self, points: Iterable[Point]) -> None:
        self._sha.update("".join(f',"{p.hex()}"' for p in points).encode("ascii"))

    def digest(self) -> bytes:
        sha = self._sha.copy()
        sha.update(b"]")
        return sha.digest()


def generator(election: str | int, index: int) -> Point:
    """h (index 0) and h_1..h_N: `hash_to_point("shuffle-generator", [election, index])`. They
    depend on the election only, so every mixer of an election uses the same ones."""
    return group.hash_to_point(GENERATOR, [election, index])


def _statement_seed(
    context: Context, public_key: Point, rows_in: Sequence[Row], rows_out: Sequence[Row], commitments: Sequence[Point]
) -> str:
    """The hex SHA-512 over the whole statement and the permutation commitments."""
    width = len(rows_in[0]) if rows_in else 0
    h = _Hash(STATEMENT)
    h.items([*context, public_key.hex(), len(rows_in), width])
    for rows in (rows_in, rows_out):
        for row in rows:
            h.points(p for ct in row for p in (ct.a, ct.b))
    h.points(commitments)
    return h.digest().hex()


def _challenges(seed: str, n: int) -> list[Scalar]:
    """u_i = challenge("shuffle-u", [seed, i]) for i = 1..N (the rows of the input)."""
    return [group.challenge(CHALLENGES, [seed, i]) for i in range(1, n + 1)]


def _final_challenge(
    context: Context, seed: str, chain: Sequence[Point], ts: Sequence[Point], t_hat: Sequence[Point]
) -> Scalar:
    """c = challenge("shuffle-c", [*context, seed, ĉ_1..ĉ_N, t₁, t₂, t₃, t₄..., t̂_1..t̂_N])."""
    h = _Hash(CHALLENGE)
    h.items([*context, seed])
    h.points(chain)
    h.points(ts)
    h.points(t_hat)
    return int.from_bytes(h.digest(), "little") % L


# --- parallel work ---------------------------------------------------------------------------


def _mul_row(k: Scalar, row: Row) -> list[Point]:
    """The 2w points of a row raised to k, column by column: a₁^k, b₁^k, a₂^k, ..."""
    return [group.mul(k, p) for ct in row for p in (ct.a, ct.b)]


def _accumulate(acc: list[Point], points: list[Point]) -> None:
    for k, p in enumerate(points):
        acc[k] = group.add(acc[k], p)


def _mix_chunk(task: tuple[Any, ...]) -> tuple[list[Row], list[Point]]:
    """Output rows lo..hi−1 and their permutation commitments g^r_ψ(i) · h_i (generator index i)."""
    election, public_key, lo, picked, rhos, rs = task
    rows = []
    commitments = []
    for offset, (row, rho, r) in enumerate(zip(picked, rhos, rs, strict=True)):
        rows.append(
            tuple(
                Ciphertext(group.add(ct.a, group.base(k)), group.add(ct.b, group.mul(k, public_key)))
                for ct, k in zip(row, rho, strict=True)
            )
        )
        commitments.append(group.add(group.base(r), generator(election, lo + offset + 1)))
    return rows, commitments


def _prove_chunk(task: tuple[Any, ...]) -> tuple[list[Point], Point, list[Point], list[Point]]:
    """For rows lo..hi−1: the chain ĉ_i = g^R_i · h^U_i, the partial products ∏ h_i^ω'_i and, per
    column, ∏ ẽ_i^ω'_i, and t̂_i = g^ω̂_i · ĉ_{i−1}^ω'_i."""
    election, h, lo, out_rows, big_r, big_u, omega_prime, omega_hat, width = task
    previous = group.add(group.base(big_r[0]), group.mul(big_u[0], h))
    chain, t_hat = [], []
    t3 = group.IDENTITY
    t4 = [group.IDENTITY] * (2 * width)
    for k, row in enumerate(out_rows):
        link = group.add(group.base(big_r[k + 1]), group.mul(big_u[k + 1], h))
        chain.append(link)
        t_hat.append(group.add(group.base(omega_hat[k]), group.mul(omega_prime[k], previous)))
        t3 = group.add(t3, group.mul(omega_prime[k], generator(election, lo + k + 1)))
        _accumulate(t4, _mul_row(omega_prime[k], row))
        previous = link
    return chain, t3, t4, t_hat


def _verify_chunk(task: tuple[Any, ...]) -> tuple[Point, Point, list[Point], list[Point]]:
    """For rows lo..hi−1: ∏ c_j · h_j⁻¹, ∏ h_i^s'_i · c_i^(−c·u_i), per column
    ∏ ẽ_i^s'_i · e_i^(−c·u_i), and t̂_i = g^ŝ_i · ĉ_{i−1}^s'_i · ĉ_i^(−c)."""
    election, lo, rows_in, rows_out, commitments, chain, u, s_prime, s_hat, c, width = task
    c_bar = group.IDENTITY
    t3 = group.IDENTITY
    t4 = [group.IDENTITY] * (2 * width)
    t_hat = []
    for k in range(len(rows_in)):
        h_i = generator(election, lo + k + 1)
        c_bar = group.add(c_bar, group.sub(commitments[k], h_i))
        minus_cu = -c * u[k] % L
        t3 = group.add(t3, group.add(group.mul(s_prime[k], h_i), group.mul(minus_cu, commitments[k])))
        _accumulate(t4, _mul_row(s_prime[k], rows_out[k]))
        _accumulate(t4, _mul_row(minus_cu, rows_in[k]))
        t_hat.append(
            group.add(
                group.add(group.base(s_hat[k]), group.mul(s_prime[k], chain[k])),
                group.mul(-c % L, chain[k + 1]),
            )
        )
    return c_bar, t3, t4, t_hat


def _t4(width: int, s4: Sequence[Scalar], public_key: Point, partial: list[Point]) -> list[Point]:
    """t₄ per column k: (g^(−s₄ₖ) · Πa, pk^(−s₄ₖ) · Πb), flattened a₁, b₁, a₂, b₂, ..."""
    out = []
    for k in range(width):
        out.append(group.add(group.base(-s4[k] % L), partial[2 * k]))
        out.append(group.add(group.mul(-s4[k] % L, public_key), partial[2 * k + 1]))
    return out


# --- mixing and proving ----------------------------------------------------------------------


@dataclass
class _Secrets:
    """The mixer's witness and nonces (indices from 0: row i of the output is input ψ[i])."""

    psi: list[int]
    rho: list[list[Scalar]]
    r: list[Scalar]
    big_r: list[Scalar]
    omega: list[Scalar]
    omega4: list[Scalar]
    omega_hat: list[Scalar]
    omega_prime: list[Scalar]


def _draw(n: int, width: int, rng: random.Random | None) -> _Secrets:
    psi = list(range(n))
    (rng if rng is not None else _SYSTEM).shuffle(psi)

    def scalars(count: int) -> list[Scalar]:
        return [group.random_scalar(rng) for _ in range(count)]

    rho = [scalars(width) for _ in range(n)]
    return _Secrets(
        psi=psi,
        rho=rho,
        r=scalars(n),
        big_r=[0, *scalars(n)],
        omega=scalars(3),
        omega4=scalars(width),
        omega_hat=scalars(n),
        omega_prime=scalars(n),
    )


def _check_rows(rows: Sequence[Sequence[Ciphertext]]) -> tuple[list[Row], int]:
    tuples = [tuple(row) for row in rows]
    if not tuples:
        raise ValueError("a shuffle needs at least one row")
    width = len(tuples[0])
    if width == 0 or any(len(row) != width for row in tuples):
        raise ValueError("every row of a shuffle must have the same, non-zero number of ciphertexts")
    return tuples, width


def shuffle(
    context: Context,
    public_key: Point,
    rows: Sequence[Sequence[Ciphertext]],
    rng: random.Random | None = None,
    workers: int = 1,
) -> tuple[list[Row], ShuffleProof]:
    """Permute the rows, re-encrypt every ciphertext, and prove it (Haenni et al.'s GenShuffle and
    GenShuffleProof, for rows). `context` = [election id, the mix's place...]; `ValueError` for no
    rows or rows of unequal width."""
    rows_in, width = _check_rows(rows)
    n = len(rows_in)
    election = context[0]
    secrets = _draw(n, width, rng)
    h = generator(election, 0)
    with Runner(workers) as runner:
        parts = runner.parts(n)
        mixed = runner.map(
            _mix_chunk,
            [
                (
                    election,
                    public_key,
                    lo,
                    [rows_in[secrets.psi[i]] for i in range(lo, hi)],
                    secrets.rho[lo:hi],
                    [secrets.r[secrets.psi[i]] for i in range(lo, hi)],
                )
                for lo, hi in parts
            ],
        )
        rows_out = [row for out, _ in mixed for row in out]
        commitments: list[Point] = [group.IDENTITY] * n
        for i, point in enumerate(p for _, ps in mixed for p in ps):
            commitments[secrets.psi[i]] = point  # c_ψ(i) = g^r_ψ(i) · h_i
        seed = _statement_seed(context, public_key, rows_in, rows_out, commitments)
        u = _challenges(seed, n)
        u_prime = [u[j] for j in secrets.psi]
        big_u = [1]
        for x in u_prime:
            big_u.append(big_u[-1] * x % L)
        proved = runner.map(
            _prove_chunk,
            [
                (
                    election,
                    h,
                    lo,
                    rows_out[lo:hi],
                    secrets.big_r[lo : hi + 1],
                    big_u[lo : hi + 1],
                    secrets.omega_prime[lo:hi],
                    secrets.omega_hat[lo:hi],
                    width,
                )
                for lo, hi in parts
            ],
        )
    proof = _respond(context, public_key, seed, width, secrets, u, u_prime, commitments, proved)
    return rows_out, proof


def _respond(
    context: Context,
    public_key: Point,
    seed: str,
    width: int,
    secrets: _Secrets,
    u: list[Scalar],
    u_prime: list[Scalar],
    commitments: list[Point],
    proved: list[tuple[list[Point], Point, list[Point], list[Point]]],
) -> ShuffleProof:
    """The t-values, the challenge c and the responses (Haenni et al., GenShuffleProof)."""
    chain = [p for part in proved for p in part[0]]
    t_hat = [p for part in proved for p in part[3]]
    t3_part = group.total([part[1] for part in proved])
    t4_part = [group.IDENTITY] * (2 * width)
    for part in proved:
        _accumulate(t4_part, part[2])
    w1, w2, w3 = secrets.omega
    ts = [group.base(w1), group.base(w2), group.add(group.base(w3), t3_part)]
    ts += _t4(width, secrets.omega4, public_key, t4_part)
    c = _final_challenge(context, seed, chain, ts, t_hat)
    big_r = secrets.big_r
    r_bar = sum(secrets.r) % L
    r_tilde = sum(r * x for r, x in zip(secrets.r, u, strict=True)) % L
    r_prime = [sum(rho[k] * x for rho, x in zip(secrets.rho, u_prime, strict=True)) % L for k in range(width)]
    return ShuffleProof(
        commitments=tuple(commitments),
        chain=tuple(chain),
        challenge=c,
        s1=(w1 + c * r_bar) % L,
        s2=(w2 + c * big_r[-1]) % L,
        s3=(w3 + c * r_tilde) % L,
        s4=tuple((w + c * r) % L for w, r in zip(secrets.omega4, r_prime, strict=True)),
        s_hat=tuple((wh + c * (big_r[i + 1] - u_prime[i] * big_r[i])) % L for i, wh in enumerate(secrets.omega_hat)),
        s_prime=tuple((wp + c * x) % L for wp, x in zip(secrets.omega_prime, u_prime, strict=True)),
    )


# --- verifying -------------------------------------------------------------------------------


def _well_shaped(rows_in: Sequence[Row], rows_out: Sequence[Row], proof: ShuffleProof) -> bool:
    n, width = len(rows_in), len(proof.s4)
    sizes = (len(rows_out), len(proof.commitments), len(proof.chain), len(proof.s_hat), len(proof.s_prime))
    return (
        n >= 1
        and width >= 1
        and all(size == n for size in sizes)
        and all(len(row) == width for rows in (rows_in, rows_out) for row in rows)
    )


def verify_shuffle(
    context: Context,
    public_key: Point,
    rows_in: Sequence[Sequence[Ciphertext]],
    rows_out: Sequence[Sequence[Ciphertext]],
    proof: ShuffleProof,
    workers: int = 1,
) -> bool:
    """Whether `rows_out` is a permutation of `rows_in`, every ciphertext re-encrypted under
    `public_key`, by Haenni et al.'s CheckShuffleProof for rows (docs/e2e.md, "The mix-net", "Verifier")."""
    ins = [tuple(row) for row in rows_in]
    outs = [tuple(row) for row in rows_out]
    if not _well_shaped(ins, outs, proof):
        return False
    n, width = len(ins), len(proof.s4)
    election = context[0]
    h = generator(election, 0)
    c = proof.challenge
    seed = _statement_seed(context, public_key, ins, outs, proof.commitments)
    u = _challenges(seed, n)
    chain = (h, *proof.chain)
    with Runner(workers) as runner:
        parts = runner.map(
            _verify_chunk,
            [
                (
                    election,
                    lo,
                    ins[lo:hi],
                    outs[lo:hi],
                    proof.commitments[lo:hi],
                    chain[lo : hi + 1],
                    u[lo:hi],
                    proof.s_prime[lo:hi],
                    proof.s_hat[lo:hi],
                    c,
                    width,
                )
                for lo, hi in runner.parts(n)
            ],
        )
    c_bar = group.total([part[0] for part in parts])
    t4_part = [group.IDENTITY] * (2 * width)
    for part in parts:
        _accumulate(t4_part, part[2])
    big_u = 1
    for x in u:
        big_u = big_u * x % L
    c_hat = group.sub(proof.chain[-1], group.mul(big_u, h))
    minus_c = -c % L
    ts = [
        group.add(group.base(proof.s1), group.mul(minus_c, c_bar)),
        group.add(group.base(proof.s2), group.mul(minus_c, c_hat)),
        group.add(group.base(proof.s3), group.total([part[1] for part in parts])),
        *_t4(width, proof.s4, public_key, t4_part),
    ]
    t_hat = [p for part in parts for p in part[3]]
    return c == _final_challenge(context, seed, proof.chain, ts, t_hat)
