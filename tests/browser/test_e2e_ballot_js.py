"""In Chromium: ballots encrypted by the voter's browser (`static/e2e/ballot.js`) are exactly what
the server's `hustings.e2e.ballots` accepts, and audits made on either side check on the other.

The browser encrypts, audits and checks under this site's real Content-Security-Policy; the server
side verifies with `verify_ballot`, recomputes the digest and tracking code, and decrypts with the
election's secret key (known here) to the voter's own choices. Tampering on one side must fail on
both."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page

from hustings.e2e import group
from hustings.e2e.ballots import (
    BallotSpec,
    EncryptedBallot,
    audit_ballot,
    ballot_digest,
    check_audit,
    encrypt_marks,
    encrypt_ranking,
    plaintext_table,
    tracking_code,
    verify_ballot,
)
from hustings.e2e.elgamal import decrypt_point

MODULES = {"ballot": "/static/e2e/ballot.js", "group": "/static/e2e/group.js"}
SECRET = group.random_scalar(random.Random(16))
KEY = group.base(SECRET)

MARKS_2 = BallotSpec("e2e-js", "marks", 2, 2)  # a single choice of two
MARKS_5 = BallotSpec("e2e-js", "marks", 5, 5, min_marks=0, max_marks=3)  # approve up to three
RANKED_5 = BallotSpec("e2e-js", "ranked", 5, 5)
RANKED_3_OF_7 = BallotSpec("e2e-js", "ranked", 7, 3)

# Encrypts every [spec, kind, choice] in the page; returns the ballots with their digest, tracking
# code, self-check, randomness (hex) and the browser's own audit of each.
ENCRYPT = """const { ballot: b, group: g } = window.e2e;
return arg.cases.map(([spec, choice]) => {
  const made = spec.kind === "marks" ? b.encryptMarks(spec, arg.key, choice) : b.encryptRanking(spec, arg.key, choice);
  const digest = b.ballotDigest(spec, made.ballot);
  return {
    ballot: made.ballot, digest, code: b.trackingCode(digest),
    verified: b.verifyBallot(spec, arg.key, made.ballot),
    randomness: made.randomness.map(g.scalarHex),
    bigints: made.randomness.every((r) => typeof r === "bigint"),
    audit: b.auditBallot(spec, arg.key, made.ballot, made.randomness),
  };
});"""


@pytest.fixture
def e2e(page: Page, live_server: Any) -> Iterator[Page]:
    """A page of this site, under its own policy, with ballot.js and group.js as `window.e2e`."""
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    response = page.goto(f"{live_server.url}/accounts/login/")
    assert response is not None and "script-src 'self'" in response.headers["content-security-policy"]
    page.evaluate(
        f"""async () => {{ window.e2e = {{
             ballot: await import('{MODULES["ballot"]}'), group: await import('{MODULES["group"]}') }}; }}"""
    )
    yield page
    assert refused == []


def run(page: Page, body: str, arg: Any) -> Any:
    return page.evaluate(f"(arg) => {{ {body} }}", arg)


def encrypt_in_browser(page: Page, cases: list[tuple[BallotSpec, list[int]]]) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = run(
        page, ENCRYPT, {"key": KEY.hex(), "cases": [[spec.to_json(), choice] for spec, choice in cases]}
    )
    return result


def decrypt(spec: BallotSpec, ballot: EncryptedBallot) -> list[int]:
    table = plaintext_table(spec)
    return [table[decrypt_point(SECRET, ct)] for ct in ballot.ciphertexts]


CASES: list[tuple[BallotSpec, list[int]]] = [
    (MARKS_2, [1, 0]),
    (MARKS_2, [0, 1]),
    (MARKS_5, [0, 0, 0, 0, 0]),
    (MARKS_5, [1, 0, 1, 0, 0]),
    (MARKS_5, [0, 1, 1, 0, 1]),
    (RANKED_5, [3, 1, 5, 2, 4]),
    (RANKED_5, [2, 5]),
    (RANKED_5, [4]),
    (RANKED_3_OF_7, [7, 1, 6]),
    (RANKED_3_OF_7, [2]),
]


@pytest.mark.django_db(transaction=True)
def test_ballots_encrypted_in_the_browser_verify_on_the_server_and_decrypt_to_the_choice(e2e: Page) -> None:
    made = encrypt_in_browser(e2e, CASES)
    for (spec, choice), out in zip(CASES, made, strict=True):
        ballot = EncryptedBallot.from_json(out["ballot"], spec)
        assert verify_ballot(spec, KEY, ballot)
        assert out["verified"] is True and out["bigints"] is True
        assert out["digest"] == ballot_digest(spec, ballot)
        assert out["code"] == tracking_code(out["digest"])
        values = decrypt(spec, ballot)
        assert values == (choice if spec.kind == "marks" else [*choice, *[0] * (spec.width - len(choice))])
        # The randomness the device keeps opens its ciphertexts: a = g^r.
        assert [group.base(group.scalar_from_hex(r)) for r in out["randomness"]] == [ct.a for ct in ballot.ciphertexts]
    assert len({out["digest"] for out in made}) == len(made)


@pytest.mark.django_db(transaction=True)
def test_the_browser_verifies_and_digests_server_ballots_as_the_server_does(e2e: Page) -> None:
    rng = random.Random(7)
    ballots = [
        (MARKS_5, encrypt_marks(MARKS_5, KEY, [0, 1, 0, 1, 1], rng)[0]),
        (MARKS_2, encrypt_marks(MARKS_2, KEY, [0, 1], rng)[0]),
        (RANKED_5, encrypt_ranking(RANKED_5, KEY, [5, 4], rng)[0]),
        (RANKED_3_OF_7, encrypt_ranking(RANKED_3_OF_7, KEY, [3, 7, 1], rng)[0]),
    ]
    got = run(
        e2e,
        """const b = window.e2e.ballot;
           return arg.cases.map(([spec, ballot]) => {
             const digest = b.ballotDigest(spec, ballot);
             return [b.verifyBallot(spec, arg.key, ballot), digest, b.trackingCode(digest)];
           });""",
        {"key": KEY.hex(), "cases": [[spec.to_json(), ballot.to_json()] for spec, ballot in ballots]},
    )
    want = [[True, ballot_digest(spec, b), tracking_code(ballot_digest(spec, b))] for spec, b in ballots]
    assert got == want


# Each tampering of a fresh browser ballot; the page answers whether it still self-verifies.
TAMPER = """const { ballot: b, group: g } = window.e2e;
const spec = arg.spec;
const encrypt = spec.kind === "marks" ? b.encryptMarks : b.encryptRanking;
const made = encrypt(spec, arg.key, arg.choice), other = encrypt(spec, arg.key, arg.choice);
const copy = () => JSON.parse(JSON.stringify(made.ballot));
const shift = (hex) => g.pointHex(g.add(g.pointFromHex(hex), g.base(1n)));
const bump = (hex) => g.scalarHex(g.scalarFromHex(hex) + 1n);
const tampered = {};
let t = copy(); t.ciphertexts[0][1] = shift(t.ciphertexts[0][1]); tampered.plaintextShifted = t;
t = copy(); t.ciphertexts.reverse(); tampered.reordered = t;
t = copy(); t.ciphertexts[1] = other.ballot.ciphertexts[1]; tampered.spliced = t;
t = copy(); t.proof = other.ballot.proof; tampered.proofMoved = t;
t = copy();
if (spec.kind === "marks") t.proof.marks[0].s[1] = bump(t.proof.marks[0].s[1]); else t.proof.s[0] = bump(t.proof.s[0]);
tampered.response = t;
t = copy();
if (spec.kind === "marks") t.proof.total.c[0] = bump(t.proof.total.c[0]); else t.proof.c = bump(t.proof.c);
tampered.challenge = t;
t = copy(); t.ciphertexts[1] = t.ciphertexts[0]; tampered.repeated = t;
return Object.entries(tampered).map(([name, ballot]) => [name, ballot, b.verifyBallot(spec, arg.key, ballot)]);"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("spec", "choice"), [(MARKS_5, [1, 0, 0, 1, 0]), (RANKED_5, [2, 4, 1])])
def test_a_ballot_tampered_in_the_browser_fails_on_both_sides(e2e: Page, spec: BallotSpec, choice: list[int]) -> None:
    tampered = run(e2e, TAMPER, {"spec": spec.to_json(), "key": KEY.hex(), "choice": choice})
    assert len(tampered) == 7
    for name, data, browser_verdict in tampered:
        assert not verify_ballot(spec, KEY, EncryptedBallot.from_json(data, spec)), name
        assert browser_verdict is False, name
    # A ballot for another election, or with another key, is not this election's ballot either.
    elsewhere = BallotSpec("another", spec.kind, spec.options, spec.width, spec.min_marks, spec.max_marks)
    made = encrypt_in_browser(e2e, [(elsewhere, choice)])[0]
    assert verify_ballot(elsewhere, KEY, EncryptedBallot.from_json(made["ballot"], elsewhere))
    assert not verify_ballot(spec, KEY, EncryptedBallot.from_json(made["ballot"], spec))
    assert not verify_ballot(elsewhere, group.base(3), EncryptedBallot.from_json(made["ballot"], elsewhere))


@pytest.mark.django_db(transaction=True)
def test_browser_audits_pass_the_servers_check_and_a_wrong_plaintext_fails_it(e2e: Page) -> None:
    made = encrypt_in_browser(e2e, CASES)
    for (spec, choice), out in zip(CASES, made, strict=True):
        audit = out["audit"]
        assert set(audit) == {"ballot", "randomness", "plaintext"}
        assert audit["ballot"] == out["ballot"] and audit["randomness"] == out["randomness"]
        expected = choice if spec.kind == "marks" else [*choice, *[0] * (spec.width - len(choice))]
        assert audit["plaintext"] == expected
        assert check_audit(spec, KEY, audit) == expected
        assert check_audit(spec, KEY, {**audit, "plaintext": wrong_plaintext(spec, expected)}) is None


def wrong_plaintext(spec: BallotSpec, values: list[int]) -> list[int]:
    """Another valid vote of the same spec: what a cheating device would claim it encrypted."""
    other = list(values)
    if spec.kind == "marks" and 0 in values and 1 in values:
        i, j = values.index(1), values.index(0)
        other[i], other[j] = 0, 1  # the mark moved to another candidate
    elif spec.kind == "marks":
        other[0] = 1 - other[0]  # one mark more or less (the specs here allow it)
    elif values[1] != 0:
        other[0], other[1] = values[1], values[0]  # the first two preferences swapped
    else:
        other[0] = next(c for c in range(1, spec.options + 1) if c != values[0])
    return other


@pytest.mark.django_db(transaction=True)
def test_server_audits_pass_the_browsers_check_and_a_wrong_plaintext_or_randomness_fails_it(e2e: Page) -> None:
    rng = random.Random(2006)
    audits = []
    for spec, choice in CASES:
        encrypt = encrypt_marks if spec.kind == "marks" else encrypt_ranking
        ballot, rs = encrypt(spec, KEY, choice, rng)
        audit: dict[str, Any] = audit_ballot(spec, KEY, ballot, rs)
        values = list(audit["plaintext"])
        wrong_r = [*audit["randomness"][1:], audit["randomness"][0]]
        audits += [
            (spec, audit, values),
            (spec, {**audit, "plaintext": wrong_plaintext(spec, values)}, None),
            (spec, {**audit, "randomness": wrong_r}, None),
        ]
    for spec, audit, expected in audits:
        assert check_audit(spec, KEY, audit) == expected
    got = run(
        e2e,
        "return arg.cases.map(([spec, audited]) => window.e2e.ballot.checkAudit(spec, arg.key, audited));",
        {"key": KEY.hex(), "cases": [[spec.to_json(), audit] for spec, audit, _ in audits]},
    )
    assert got == [expected for _, _, expected in audits]


@pytest.mark.django_db(transaction=True)
def test_the_browser_refuses_to_audit_with_randomness_that_does_not_open_the_ballot(e2e: Page) -> None:
    got = run(
        e2e,
        """const b = window.e2e.ballot;
           const one = b.encryptRanking(arg.spec, arg.key, [1, 2]), two = b.encryptRanking(arg.spec, arg.key, [1, 2]);
           const tries = [() => b.auditBallot(arg.spec, arg.key, one.ballot, two.randomness),
                          () => b.auditBallot(arg.spec, arg.key, one.ballot, one.randomness.slice(1))];
           return tries.map((f) => { try { f(); return null; } catch (e) { return e.message; } });""",
        {"spec": RANKED_5.to_json(), "key": KEY.hex()},
    )
    assert got == ["the randomness does not open this ballot", "an audit reveals one randomness per ciphertext: 5"]


@pytest.mark.django_db(transaction=True)
def test_the_browser_refuses_bad_choices_specs_and_malformed_ballots(e2e: Page) -> None:
    ranked, marks = RANKED_5.to_json(), MARKS_5.to_json()
    errors = run(
        e2e,
        """const b = window.e2e.ballot, k = arg.key;
           const tries = [
             () => b.encryptMarks(arg.marks, k, [1, 1, 1, 1, 0]),       // four marks, three allowed
             () => b.encryptMarks(arg.marks, k, [1, 0, 0]),             // too few options
             () => b.encryptMarks(arg.marks, k, [true, 0, 0, 0, 0]),    // not a number
             () => b.encryptRanking(arg.ranked, k, []),                 // nobody ranked
             () => b.encryptRanking(arg.ranked, k, [1, 1]),             // twice
             () => b.encryptRanking(arg.ranked, k, [6]),                // no such candidate
             () => b.encryptRanking(arg.ranked, k, [1, 2, 3, 4, 5, 6]), // wider than the ballot
             () => b.encryptRanking(arg.marks, k, [1]),                 // wrong kind
             () => b.encryptRanking({ ...arg.ranked, width: 6 }, k, [1]),
             () => b.encryptRanking({ ...arg.ranked, extra: 1 }, k, [1]),
             () => b.encryptRanking(arg.ranked, k.toUpperCase(), [1]),  // not a canonical key
           ];
           return tries.map((f) => { try { f(); return null; } catch (e) { return e.message; } });""",
        {"ranked": ranked, "marks": marks, "key": KEY.hex()},
    )
    assert all(isinstance(message, str) and message for message in errors), errors
    ballot: dict[str, Any] = encrypt_ranking(RANKED_5, KEY, [1])[0].to_json()
    malformed: list[object] = [
        None,
        {**ballot, "extra": 1},
        {**ballot, "ciphertexts": ballot["ciphertexts"][:4]},
        {**ballot, "proof": {"c": "00" * 32, "s": []}},
        {**ballot, "ciphertexts": [["ff" * 32, "00" * 32], *ballot["ciphertexts"][1:]]},
    ]
    verdicts = run(
        e2e,
        "return arg.ballots.map((x) => window.e2e.ballot.verifyBallot(arg.spec, arg.key, x));",
        {"spec": ranked, "key": KEY.hex(), "ballots": malformed},
    )
    assert verdicts == [False] * len(malformed)
