"""The 2010 Labour leadership college as ballots: the published figures, the MPs' and MEPs' published
ballots, and the members' and affiliates' modelled transfers.

Pure (no database): `section_ballots(scale)` gives each section's ballots as (ranking, number of
voters) so that counting them by `hustings.count.apportion.college` reproduces the published
result round by round. Published figures (sources in tests/data/labour_2010/README.md):

- The MPs' and MEPs' section is their own ballots: the party published every MP's and MEP's full
  preference order on 25 September 2010 (copied by rangevoting.org, "The Election, by Instant
  Runoff Voting, of UK Labour Party leader", and by PrefLib, data set 00030, "UK Labor Party
  Leadership Vote", file 00030-00000001.soi: 266 ballots, 76 distinct orders). Counted, they give
  the published round-1 points of that section for all five candidates (to the third decimal) and
  the published final round (140 to 122), so its rounds 2 and 3 are the party's own ballots
  counted, not a model: 111 / 88 / 41 / 24 after Abbott (two of her seven voters ranked nobody
  else), 125 / 96 / 43 after Burnham, 140 / 122 after Balls (two of his voters ranked no Miliband).
- Round 1, members and affiliates, in points of the college (each section is 33.333 points), from
  the party's announcement of 25 September 2010 as printed by The Guardian's live blog (reproduced
  by Slugger O'Toole, "Miliband the Younger", 25 Sep 2010), with the votes of the two Milibands from
  The Guardian, "Labour leadership result: how the votes were cast", 25 Sep 2010 (members 55,905
  and 37,980; affiliates 58,189 and 87,585). The other candidates' votes are those points times the
  section's valid votes (126,874; 211,231), which the Milibands' votes and points fix; they agree
  with every published point to the third decimal.
- Rounds 2 to 4, combined: 38.89 / 37.47 / 13.2 / 10.4; 42.72 / 41.26 / 16.02; 49.35 / 50.65
  (New Statesman and Liberal Conspiracy, 25 Sep 2010).
- Round 4 by section: members 54.4% David Miliband, affiliates 59.8% Ed Miliband (The Tally Room,
  "Ed Milliband wins UK Labour leadership", 25 Sep 2010).

Choices where no figure was at hand, stated rather than hidden: the members' and affiliates'
per-section figures of rounds 2 and 3 (the party published them in 2010) could not be read here,
so those two sections are modelled. In each round the two sections together hold what the
published combined figure leaves after the MPs' and MEPs' counted share (Balls 13.22 and Burnham
10.42 in round 2: the middle of the interval that both published one-decimal figures and the
round's total of 100 allow). Each excluded candidate's members' and affiliates' ballots pass on in
one proportion for both sections, the one that makes up those holdings; none exhausts. Balls's
ballots in each of the two sections split to give that section's published final figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

DM, EM, EB, AB, DA = "David Miliband", "Ed Miliband", "Ed Balls", "Andy Burnham", "Diane Abbott"
CANDIDATES = (DA, EB, AB, DM, EM)  # ballot-paper order: alphabetical by surname
SECTIONS = ("mps_meps", "members", "affiliates")
EXCLUDED = (DA, AB, EB)
"""The published order of exclusion, one a round."""

Ranking = tuple[str, ...]

MPS_MEPS_SOI = """
34:4|23:5|13:4,5,2,3,1|11:4,5|9:5,4,2,3,1|9:5,2|8:4,2,5,3,1|8:5,4|7:4,5,3,2,1|6:2,4,5,3,1|6:2,5,4|6:4,3
5:5,2,4,3,1|5:2,5,4,3,1|4:5,4,3,2,1|4:2,5,3,4,1|4:2,4,5,3|4:5,3|4:3,5|4:2,4|4:2,5|4:4,2|3:4,2,3,5,1
3:3,4,5,2,1|3:4,3,5,2,1|3:3,5,4,2,1|3:5,4,3,2|3:3,4,5,2|3:4,5,3,2|3:3,4|2:3,4,2,5,1|2:5,3,4,2,1
2:4,5,2,1,3|2:5,2,3,4|2:5,3,4,2|2:4,3,5,2|2:4,5,2,3|2:5,4,2,3|2:5,4,3|2:5,4,2|2:3,4,5|2:1,5|2:2|2:1
1:4,1,2,5,3|1:2,5,1,4,3|1:2,4,3,5,1|1:2,3,5,4,1|1:1,2,5,3,4|1:1,5,2,3,4|1:4,5,3,1,2|1:3,2,5,1,4
1:4,3,2,5,1|1:4,2,5,1,3|1:5,4,2,1,3|1:3,2,5,4,1|1:4,3,5,1,2|1:5,3,2,1,4|1:4,3,1,2,5|1:4,3,1,5,2
1:2,5,4,3|1:3,4,2,5|1:2,5,4,1|1:4,5,2|1:4,3,2|1:4,2,3|1:5,1,2|1:4,3,5|1:4,1,5|1:5,4,1|1:4,2,5
1:3,5,4|1:5,3,4|1:1,5,2|1:5,2,4|1:5,1
"""
"""The 266 MPs' and MEPs' ballots as published by the party, in PrefLib's order-with-counts form
("count:preferences"), candidates numbered 1 Abbott, 2 Balls, 3 Burnham, 4 David Miliband,
5 Ed Miliband (PrefLib 00030-00000001.soi, its 76 lines joined by "|")."""
_SOI_NAMES = {"1": DA, "2": EB, "3": AB, "4": DM, "5": EM}

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
"""Round 1 by section, in points of the college, as the party announced it."""
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
ROUND_2_TWO_DECIMALS = {EB: Fraction("13.22"), AB: Fraction("10.42")}
"""Round 2's one-decimal figures taken to two decimals (see the module docstring)."""
OTHERS = ("members", "affiliates")


def mps_meps_ballots() -> dict[Ranking, int]:
    """The MPs' and MEPs' published ballots: each preference order with its number of voters."""
    out: dict[Ranking, int] = {}
    for line in MPS_MEPS_SOI.split():
        for row in line.split("|"):
            n, order = row.split(":")
            out[tuple(_SOI_NAMES[c] for c in order.split(","))] = int(n)
    return out


def _split(total: int, shares: dict[str, Fraction]) -> dict[str, int]:
    """`total` shared in proportion to `shares` by largest remainder (whole ballots)."""
    whole = sum(shares.values())
    exact = {k: total * v / whole for k, v in shares.items()}
    out = {k: int(v) for k, v in exact.items()}
    for k in sorted(exact, key=lambda k: (-(exact[k] - out[k]), k))[: total - sum(out.values())]:
        out[k] += 1
    return out


def _tally(ballots: dict[Ranking, int], excluded: Sequence[str]) -> dict[str, int]:
    """Each continuing candidate's votes: the ballots at their highest continuing preference."""
    tally = {c: 0 for c in CANDIDATES if c not in excluded}
    for order, n in ballots.items():
        top = next((c for c in order if c not in excluded), None)
        if top is not None:
            tally[top] += n
    return tally


def mps_meps_points(round_number: int) -> dict[str, Fraction]:
    """The MPs' and MEPs' section in points of the college in round `round_number` (1 to 4): their
    published ballots counted, each share of the section's votes still in the count."""
    tally = _tally(mps_meps_ballots(), EXCLUDED[: round_number - 1])
    valid = sum(tally.values())
    return {c: Fraction(100, 3) * v / valid for c, v in tally.items()}


def _points(section: str, votes: int) -> Fraction:
    """Votes of the members or affiliates in points of the college (none of theirs exhausts)."""
    return Fraction(100, 3) * votes / sum(FIRST_ROUND[section].values())


def _held(round_number: int) -> dict[str, Fraction]:
    """What the members and affiliates together hold in round `round_number` (2 or 3): the published
    combined figure less the MPs' and MEPs' counted share."""
    published = {c: Fraction(v) for c, v in PUBLISHED_ROUNDS[round_number - 1].items()}
    if round_number == 2:
        published |= ROUND_2_TWO_DECIMALS
    mps = mps_meps_points(round_number)
    return {c: published[c] - mps[c] for c in published}


def _pass_on(piles: dict[str, dict[Ranking, int]], loser: str, target: dict[str, Fraction]) -> None:
    """Pass `loser`'s members' and affiliates' ballots on in one proportion for both sections: the
    points each continuing candidate still needs to reach `target`."""
    holding = {
        c: sum((_points(s, _tally(piles[s], (*_out(loser), loser))[c]) for s in OTHERS), Fraction(0)) for c in target
    }
    need = {c: max(target[c] - holding[c], Fraction(0)) for c in target}
    for section in OTHERS:
        for order, n in [(o, n) for o, n in piles[section].items() if _top(o, loser) == loser]:
            del piles[section][order]
            for nxt, m in _split(n, need).items():
                if m:
                    piles[section][(*order, nxt)] = m


def _out(loser: str) -> tuple[str, ...]:
    """The candidates excluded before `loser`."""
    return EXCLUDED[: EXCLUDED.index(loser)]


def _top(order: Ranking, loser: str) -> str | None:
    return next((c for c in order if c not in _out(loser)), None)


def _final_split(section: str, piles: dict[Ranking, int]) -> None:
    """Balls's ballots in `section` split to give the section's published final figure."""
    held = _tally(piles, EXCLUDED[:2])
    final = held[DM] + held[EM] + held[EB]
    if section == "members":
        to_david = round(Fraction(FINAL_BY_SECTION["members"][DM]) / 100 * final) - held[DM]
    else:
        to_david = round((1 - Fraction(FINAL_BY_SECTION["affiliates"][EM]) / 100) * final) - held[DM]
    left = {DM: to_david, EM: held[EB] - to_david}
    for order, n in sorted((o, n) for o, n in piles.items() if _top(o, EB) == EB):
        del piles[order]
        part = _split(n, {k: Fraction(v) for k, v in left.items() if v} or {EM: Fraction(1)})
        for nxt, m in part.items():
            if m:
                piles[(*order, nxt)] = m
                left[nxt] -= m


def full_section(section: str) -> dict[Ranking, int]:
    """One section's ballots at full size: each ranking with its number of voters."""
    if section == "mps_meps":
        return mps_meps_ballots()
    piles: dict[str, dict[Ranking, int]] = {s: {(c,): n for c, n in FIRST_ROUND[s].items()} for s in OTHERS}
    _pass_on(piles, DA, _held(2))
    _pass_on(piles, AB, _held(3))
    _final_split(section, piles[section])
    return {r: n for r, n in piles[section].items() if n}


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
