"""In Chromium: the browser's ristretto255 module (`static/e2e/group.js` over the vendored
@noble/curves) computes exactly what libsodium computes on the server, for many random inputs.

The reference below is written here from the conventions in docs/e2e.md, "In the browser" with `rbcl`
(libsodium's ristretto255) and `hashlib`, not imported from the server's own group module, so that
the two sides are checked against the written convention rather than against each other's code.
Every check runs in a page of this site under its real Content-Security-Policy, which must let
the page import the module."""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterator
from typing import Any

import pytest
import rbcl
from playwright.sync_api import Page

L = 2**252 + 27742317777372353535851937790883648493
P25519 = 2**255 - 19
IDENTITY = "00" * 32
MODULE = "/static/e2e/group.js"

# Characters that canonical JSON must write the same way in both languages: quotes, backslash,
# control characters (short and \u00XX escapes), DEL, accents, CJK, U+2028 and an astral emoji.
ALPHABET = 'abcXYZ019 "\\/\n\t\r\b\f\x00\x01\x1f\x7fé中\u2028\U0001f5f3'


# --- the reference: libsodium through rbcl, and the hash inputs of docs/e2e.md, "In the browser" ----------


def le(k: int) -> bytes:
    return k.to_bytes(32, "little")


def base(k: int) -> str:
    return bytes(rbcl.crypto_scalarmult_ristretto255_base_allow_scalar_zero(le(k))).hex()


def mul(k: int, point: str) -> str:
    return bytes(rbcl.crypto_scalarmult_ristretto255_allow_scalar_zero(le(k), bytes.fromhex(point))).hex()


def add(p: str, q: str) -> str:
    return bytes(rbcl.crypto_core_ristretto255_add(bytes.fromhex(p), bytes.fromhex(q))).hex()


def sub(p: str, q: str) -> str:
    return bytes(rbcl.crypto_core_ristretto255_sub(bytes.fromhex(p), bytes.fromhex(q))).hex()


def digest(domain: str, items: list[str | int]) -> bytes:
    text = json.dumps(["hustings-e2e/1", domain, *items], separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha512(text.encode("utf-8")).digest()


def sha256(domain: str, items: list[str | int]) -> str:
    """The ballot digest's hash: SHA-256 of the same JSON text, in hex."""
    text = json.dumps(["hustings-e2e/1", domain, *items], separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def challenge(domain: str, items: list[str | int]) -> str:
    return le(int.from_bytes(digest(domain, items), "little") % L).hex()


def hash_to_point(domain: str, items: list[str | int]) -> str:
    return bytes(rbcl.crypto_core_ristretto255_from_hash(digest(domain, items))).hex()


def decodes(point: str) -> bool:
    """RFC 9496 section 4.3.1: the 32 bytes, read as a 256-bit little-endian integer, must be below
    p. libsodium ignores bit 255 (it accepts an encoding with that bit set as an alias of the one
    without), so the top bit is checked here, as the server's decoding must check it too."""
    raw = bytes.fromhex(point)
    return raw[31] < 0x80 and bool(rbcl.crypto_core_ristretto255_is_valid_point(raw))


def random_point(rng: random.Random) -> str:
    return base(rng.randrange(1, L))


def random_text(rng: random.Random) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(0, 12)))


def random_items(rng: random.Random) -> list[str | int]:
    items: list[str | int] = []
    for _ in range(rng.randrange(0, 6)):
        kind = rng.randrange(3)
        items.append(random_text(rng) if kind == 0 else rng.randrange(2**53) if kind == 1 else rng.randrange(2**300))
    return items


# --- the browser side ------------------------------------------------------------------------

# Integers cross into the page as decimal text: safe ones become Numbers, larger ones BigInts.
TYPED_ITEMS = """const typed = (items) => items.map(([kind, value]) => {
  if (kind === "str") return value;
  const n = BigInt(value);
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
});"""


def typed(items: list[str | int]) -> list[list[str]]:
    return [["str", item] if isinstance(item, str) else ["int", str(item)] for item in items]


@pytest.fixture
def group(page: Page, live_server: Any) -> Iterator[Page]:
    """A page of this site, under its own policy, with the module imported as `window.group`."""
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    response = page.goto(f"{live_server.url}/accounts/login/")
    assert response is not None and "script-src 'self'" in response.headers["content-security-policy"]
    page.evaluate(f"async () => {{ window.group = await import('{MODULE}'); }}")
    yield page
    assert refused == []


def run(page: Page, body: str, arg: Any) -> Any:
    """Evaluate `body` (a function of `arg`, with `g` the module) in the page."""
    return page.evaluate(f"(arg) => {{ const g = window.group; {TYPED_ITEMS} {body} }}", arg)


@pytest.mark.django_db(transaction=True)
def test_base_and_scalar_multiplication_agree_with_libsodium(group: Page) -> None:
    rng = random.Random(16)
    scalars = [0, 1, 2, L - 1, L - 2, *(rng.randrange(L) for _ in range(60))]
    points = [IDENTITY, base(1), *(random_point(rng) for _ in range(len(scalars) - 2))]
    pairs = [[le(k).hex(), point] for k, point in zip(scalars, points, strict=True)]
    got = run(
        group,
        """return arg.map(([k, p]) => {
             const n = g.scalarFromHex(k), P = g.pointFromHex(p);
             const T = g.withTable(g.pointFromHex(p));
             return [g.base(n), g.mul(n, P), g.mulPublic(n, P), g.mul(n, T)].map(g.pointHex);
           });""",
        pairs,
    )
    assert got == [[base(k), *[mul(k, point)] * 3] for k, point in zip(scalars, points, strict=True)]


@pytest.mark.django_db(transaction=True)
def test_addition_and_subtraction_agree_with_libsodium(group: Page) -> None:
    rng = random.Random(252)
    pairs = [[random_point(rng), random_point(rng)] for _ in range(60)]
    some = random_point(rng)
    negated = sub(IDENTITY, some)
    pairs += [[some, some], [some, negated], [IDENTITY, some], [some, IDENTITY], [IDENTITY, IDENTITY]]
    got = run(
        group,
        """return arg.map(([p, q]) => {
             const P = g.pointFromHex(p), Q = g.pointFromHex(q);
             return [g.pointHex(g.add(P, Q)), g.pointHex(g.sub(P, Q)), g.pointHex(g.neg(Q)), g.equals(P, Q)];
           });""",
        pairs,
    )
    assert got == [[add(p, q), sub(p, q), sub(IDENTITY, q), p == q] for p, q in pairs]
    assert got[-4][0] == IDENTITY and got[-5][1] == IDENTITY  # P + (-P) and P - P


@pytest.mark.django_db(transaction=True)
def test_zero_and_the_identity_give_the_identity_encoded_as_zero_bytes(group: Page) -> None:
    point = random_point(random.Random(0))
    got = run(
        group,
        """const P = g.pointFromHex(arg.point), O = g.pointFromHex(arg.identity), L = g.L;
           return {
             base0: g.pointHex(g.base(0n)), mul0: g.pointHex(g.mul(0n, P)), mulL: g.pointHex(g.mul(L, P)),
             identity7: g.pointHex(g.mul(7n, O)), reduced: g.pointHex(g.mul(L + 5n, P)),
             negative: g.pointHex(g.mul(-1n, P)), plusIdentity: g.pointHex(g.add(P, O)),
             scalarL: g.scalarHex(L), scalarMinus1: g.scalarHex(-1n),
           };""",
        {"point": point, "identity": IDENTITY},
    )
    assert got == {
        "base0": IDENTITY,
        "mul0": IDENTITY,
        "mulL": IDENTITY,
        "identity7": IDENTITY,
        "reduced": mul(5, point),
        "negative": sub(IDENTITY, point),
        "plusIdentity": point,
        "scalarL": IDENTITY,
        "scalarMinus1": le(L - 1).hex(),
    }


@pytest.mark.django_db(transaction=True)
def test_point_decoding_accepts_exactly_what_libsodium_accepts(group: Page) -> None:
    rng = random.Random(9496)
    candidates = [rng.randbytes(32).hex() for _ in range(300)]
    candidates += [random_point(rng) for _ in range(20)]
    candidates += [
        IDENTITY,
        le(1).hex(),  # s odd: a negative field element
        le(P25519).hex(),  # s = p: the non-canonical encoding of 0
        le(P25519 + 2).hex(),  # s >= p
        "ff" * 32,
        "00" * 31 + "80",  # bit 255 set
    ]
    accepted = run(
        group,
        """return arg.map((hex) => {
             try { return g.pointHex(g.pointFromHex(hex)); } catch (e) { return null; }
           });""",
        candidates,
    )
    assert accepted == [hex if decodes(hex) else None for hex in candidates]
    assert 20 < sum(a is not None for a in accepted) < len(candidates) - 100  # both kinds were tried
    aliases = [hex for hex in candidates if not decodes(hex) and decodes(hex[:62] + f"{int(hex[62:], 16) & 0x7F:02x}")]
    assert aliases and all(rbcl.crypto_core_ristretto255_is_valid_point(bytes.fromhex(hex)) for hex in aliases)
    malformed = [base(3).upper(), base(3)[:62], base(3) + "00", "zz" + base(3)[2:], "", 7, None]
    refused = run(
        group,
        """return arg.map((x) => { try { g.pointFromHex(x); return false; } catch (e) { return true; } });""",
        malformed,
    )
    assert refused == [True] * len(malformed)


@pytest.mark.django_db(transaction=True)
def test_scalar_encodings_round_trip_and_only_canonical_ones_are_read(group: Page) -> None:
    rng = random.Random(32)
    canonical = [le(k).hex() for k in (0, 1, L - 1, *(rng.randrange(L) for _ in range(40)))]
    got = run(group, "return arg.map((hex) => g.scalarHex(g.scalarFromHex(hex)));", canonical)
    assert got == canonical
    bad = [le(L).hex(), le(L + 1).hex(), "ff" * 32, le(L - 1).hex().upper(), "00" * 31, 5]
    refused = run(
        group,
        """return arg.map((x) => { try { g.scalarFromHex(x); return false; } catch (e) { return true; } });""",
        bad,
    )
    assert refused == [True] * len(bad)


@pytest.mark.django_db(transaction=True)
def test_challenges_and_hashed_points_agree_with_the_written_convention(group: Page) -> None:
    rng = random.Random(512)
    cases: list[tuple[str, list[str | int]]] = [
        ("schnorr", []),
        ("", [""]),
        ("ballot", ["Zoë Ó Súilleabháin", 0, 2**53 - 1, 2**53, 2**256]),
        *((random_text(rng), random_items(rng)) for _ in range(80)),
    ]
    got = run(
        group,
        """return arg.map(([domain, items]) => [
             g.scalarHex(g.challenge(domain, typed(items))), g.pointHex(g.hashToPoint(domain, typed(items))),
             g.sha256Hex(domain, typed(items)),
           ]);""",
        [[domain, typed(items)] for domain, items in cases],
    )
    assert got == [
        [challenge(domain, items), hash_to_point(domain, items), sha256(domain, items)] for domain, items in cases
    ]


@pytest.mark.django_db(transaction=True)
def test_hashed_items_are_only_strings_and_non_negative_integers(group: Page) -> None:
    refused = run(
        group,
        """const bad = [[-1], [-1n], [1.5], [null], [true], [["nested"]], [{}], [NaN], [2 ** 60]];
           return bad.map((items) => {
             try { g.challenge("d", items); return false; } catch (e) { return true; }
           });""",
        None,
    )
    assert refused == [True] * 9


@pytest.mark.django_db(transaction=True)
def test_random_scalars_are_distinct_and_below_the_order(group: Page) -> None:
    drawn = run(group, "return Array.from({ length: 200 }, () => g.scalarHex(g.randomScalar()));", None)
    values = [int.from_bytes(bytes.fromhex(hex), "little") for hex in drawn]
    assert len(set(values)) == 200
    assert all(0 < v < L for v in values)
    assert max(values) > L // 2  # not, say, 32 bytes of entropy read as a small number
