"""The 2010 Labour leadership college as ballots: the published figures and the modelled transfers.

Pure (no database): `section_ballots(scale)` gives each section's ballots as (ranking, number of
voters) so that counting them by `hustings.count.apportion.college` reproduces the published
result round by round. Published figures (sources in tests/data/labour_2010/README.md):

- Round 1, by section, in points of the college (each section is 33.333 points), from the party's
  announcement of 25 September 2010 as printed by The Guardian's live blog (reproduced by Slugger
  O'Toole, "Miliband the Younger", 25 Sep 2010), with the votes of the two Milibands from The
  Guardian, "Labour leadership result: how the votes were cast", 25 Sep 2010 (MPs and MEPs
  111 and 84; members 55,905 and 37,980; affiliates 58,189 and 87,585). The other candidates'
  votes are those points times the section's valid votes (266; 126,874; 211,231), which the
  Milibands' votes and points fix; they agree with every published point to the third decimal.
- Rounds 2 to 4, combined: 38.89 / 37.47 / 13.2 / 10.4; 42.72 / 41.26 / 16.02; 49.35 / 50.65
  (New Statesman and Liberal Conspiracy, 25 Sep 2010).
- Round 4 by section: MPs and MEPs 140 to 122 for David Miliband, members 54.4% David Miliband,
  affiliates 59.8% Ed Miliband (The Tally Room, "Ed Milliband wins UK Labour leadership",
  25 Sep 2010).

Choices where no figure was at hand offline, stated rather than hidden: rounds 2 and 3 are not
modelled from the per-section tables (the party published them, but they could not be read here).
The combined transfers are those of the published rounds (Abbott's 7.42 points: 1.11 to David
Miliband, 3.14 to Ed Miliband, 1.43 to Balls, 1.74 to Burnham; Burnham's 10.42: 3.83 and 3.79 to the
Milibands, 2.80 to Balls). Among MPs and MEPs, where one vote is 0.125 points, Abbott's 7 ballots
go 1 / 3 / 1 / 2 and Burnham's 26 go 10 / 9 / 7 (the whole numbers closest to those transfers);
the members' and affiliates' ballots pass on in one proportion for both sections, the one that
makes up the rest of each published transfer. Balls's ballots in each section split to give that
section's published final figure (4 ballots of MPs exhaust: 266 voted, 262 in the final round).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

DM, EM, EB, AB, DA = "David Miliband", "Ed Miliband", "Ed Balls", "Andy Burnham", "Diane Abbott"
CANDIDATES = (DA, EB, AB, DM, EM)  # ballot-paper order: alphabetical by surname
SECTIONS = ("mps_meps", "members", "affiliates")
FIRST_ROUND: dict[str, dict[str, int]] = {
    "mps_meps": {DM: 111, EM: 84, EB: 40, AB: 24, DA: 7},
    "members": {DM: 55_905, EM: 37_980, EB: 12_831, AB: 10_844, DA: 9_314},
    "affiliates": {DM: 58_189, EM: 87_585, EB: 21_616, AB: 17_903, DA: 25_938},
}
FIRST_ROUND_POINTS: dict[str, dict[str, str]] = {
    "mps_meps": {DM: "13.910", EM: "10.526", EB: "5.013", AB: "3.008", DA: "0.877"},
    "members": {DM: "14.688", EM: "9.978", EB: "3.371", AB: "2.849", DA: "2.447"},
    "affiliates": {DM: "9.182", EM: "13.821", EB: "3.411", AB: "2.825", DA: "4.093"},
}
PUBLISHED_ROUNDS: list[dict[str, str]] = [
    {DM: "37.78", EM: "34.33", EB: "11.79", AB: "8.68", DA: "7.42"},
    {DM: "38.89", EM: "37.47", EB: "13.2", AB: "10.4"},
    {DM: "42.72", EM: "41.26", EB: "16.02"},
    {DM: "49.35", EM: "50.65"},
]
FINAL_BY_SECTION: dict[str, dict[str, str]] = {
    "mps_meps": {DM: "140", EM: "122"},
    "members": {DM: "54.4"},
    "affiliates": {EM: "59.8"},
}
"""Round 4 by section: the MPs' and MEPs' votes; the members' and affiliates' percentages."""
ABBOTT = {DM: Fraction("1.11"), EM: Fraction("3.14"), EB: Fraction("1.43"), AB: Fraction("1.74")}
BURNHAM = {DM: Fraction("3.83"), EM: Fraction("3.79"), EB: Fraction("2.80")}
"""Points of the college each excluded candidate's ballots gave on (published combined rounds)."""
MPS_ABBOTT = {DM: 1, EM: 3, EB: 1, AB: 2}
MPS_BURNHAM = {DM: 10, EM: 9, EB: 7}
MPS_EXHAUSTED = 4

Ranking = tuple[str, ...]


def _split(total: int, shares: dict[str, Fraction]) -> dict[str, int]:
    """`total` shared in proportion to `shares` by largest remainder (whole ballots)."""
    whole = sum(shares.values())
    exact = {k: total * v / whole for k, v in shares.items()}
    out = {k: int(v) for k, v in exact.items()}
    for k in sorted(exact, key=lambda k: (-(exact[k] - out[k]), k))[: total - sum(out.values())]:
        out[k] += 1
    return out


def _balls_to_david(section: str, held: dict[str, int], balls: int) -> int:
    """How many of Balls's ballots in `section` go to David Miliband to give its published final figure."""
    if section == "mps_meps":
        return int(FINAL_BY_SECTION["mps_meps"][DM]) - held[DM]
    final = held[DM] + held[EM] + balls
    if section == "members":
        target = Fraction(FINAL_BY_SECTION["members"][DM]) / 100 * final
    else:
        target = (1 - Fraction(FINAL_BY_SECTION["affiliates"][EM]) / 100) * final
    return round(target) - held[DM]


def _points(section: str, votes: int) -> Fraction:
    return Fraction(100, 3) * votes / sum(FIRST_ROUND[section].values())


def _rest(target: dict[str, Fraction], mps: dict[str, int], held: Fraction) -> dict[str, Fraction]:
    """The proportion the members' and affiliates' ballots pass on in: what the MPs' transfers
    leave of each published transfer, over the points those two sections hand on."""
    return {c: (target[c] - _points("mps_meps", mps[c])) / held for c in target}


def _proportions() -> tuple[dict[str, Fraction], dict[str, Fraction]]:
    others = ("members", "affiliates")
    abbott = _rest(ABBOTT, MPS_ABBOTT, sum((_points(s, FIRST_ROUND[s][DA]) for s in others), Fraction(0)))
    held = sum((_points(s, FIRST_ROUND[s][AB] + _split(FIRST_ROUND[s][DA], abbott)[AB]) for s in others), Fraction(0))
    return abbott, _rest(BURNHAM, MPS_BURNHAM, held)


def full_section(section: str) -> dict[Ranking, int]:
    """One section's ballots at full size: each ranking with its number of voters."""
    first = FIRST_ROUND[section]
    ballots: dict[Ranking, int] = {(DM,): first[DM], (EM,): first[EM]}
    proportions = _proportions()
    mps = section == "mps_meps"
    abbott = dict(MPS_ABBOTT) if mps else _split(first[DA], proportions[0])
    ballots[(DA, DM)] = abbott[DM]
    ballots[(DA, EM)] = abbott[EM]
    burnham_pile = {(AB,): first[AB], (DA, AB): abbott[AB]}
    balls_pile = {(EB,): first[EB], (DA, EB): abbott[EB]}
    whole_pile = sum(burnham_pile.values())
    for prefix, n in burnham_pile.items():
        if mps:  # the MPs' 10 / 9 / 7 shared between the two piles in proportion
            burnham = _split(n, {c: Fraction(v * n, whole_pile) for c, v in MPS_BURNHAM.items()})
        else:
            burnham = _split(n, proportions[1])
        ballots[(*prefix, DM)] = burnham[DM]
        ballots[(*prefix, EM)] = burnham[EM]
        balls_pile[(*prefix, EB)] = burnham[EB]
    held = {
        DM: sum(n for r, n in ballots.items() if r[-1] == DM),
        EM: sum(n for r, n in ballots.items() if r[-1] == EM),
    }
    balls = sum(balls_pile.values())
    exhausted = MPS_EXHAUSTED if section == "mps_meps" else 0
    to_david = _balls_to_david(section, held, balls - exhausted)
    shares = {DM: Fraction(to_david), EM: Fraction(balls - exhausted - to_david), "": Fraction(exhausted)}
    left = dict(shares)
    for prefix, n in balls_pile.items():
        part = _split(n, {k: v for k, v in left.items() if v} or {EM: Fraction(1)})
        for nxt, m in part.items():
            ranking = prefix if nxt == "" else (*prefix, nxt)
            ballots[ranking] = ballots.get(ranking, 0) + m
            left[nxt] -= m
    return {r: n for r, n in ballots.items() if n}


def _round(x: Fraction) -> int:
    return int(Decimal(x.numerator / x.denominator).quantize(Decimal(1), rounding=ROUND_HALF_UP)) if x else 0


def section_ballots(scale: Decimal) -> dict[str, dict[Ranking, int]]:
    """Every section's ballots; the members' and affiliates' scaled by `scale` (the MPs and MEPs
    always at full size: one of their votes is worth hundreds of members' votes)."""
    out: dict[str, dict[Ranking, int]] = {}
    for section in SECTIONS:
        full = full_section(section)
        if section == "mps_meps":
            out[section] = full
            continue
        total = _round(Fraction(sum(full.values())) * Fraction(scale))
        scaled = _split(max(total, 1), {" > ".join(r): Fraction(n) for r, n in full.items()})
        out[section] = {tuple(k.split(" > ")): n for k, n in scaled.items() if n}
    return out


def as_lists(ballots: dict[Ranking, int]) -> Sequence[tuple[Ranking, int]]:
    return sorted(ballots.items())
