"""Eligibility of a 600,000-person register for one ballot, with the reason for every refusal.

Generates 600,000 register histories (members, some lapsed and rejoined or suspended; registered
supporters paying in and around the window; affiliated supporters) with a fixed seed, then times
`hustings.rules.eligibility` over all of them against `labour-2016` for the 2016 leadership ballot
and prints the figure. The goal (issue 6): under 10 s. Run:

    .venv/bin/python benchmarks/eligibility.py [--people N] [--seed S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections import Counter

from hustings.rules import (
    Ballot,
    Category,
    Membership,
    Payment,
    Person,
    PersonHistory,
    Status,
    StatusChange,
    eligibility,
    load_rulebook,
)

EPOCH = dt.date(2000, 1, 1)
LAST_JOIN = dt.date(2016, 8, 20)
WINDOW_START = dt.datetime(2016, 7, 17, 12, 0)


def generate(people: int, seed: int) -> list[PersonHistory]:
    rng = random.Random(seed)
    span = (LAST_JOIN - EPOCH).days
    histories = []
    for index in range(people):
        pid = f"p{index}"
        roll = rng.random()
        joined = EPOCH + dt.timedelta(days=rng.randrange(span))
        if roll < 0.70:
            changes = [StatusChange(Status.JOINED, joined)]
            fate = rng.random()
            if fate < 0.10:
                lapsed = joined + dt.timedelta(days=rng.randrange(30, 2000))
                changes.append(StatusChange(Status.LAPSED, lapsed))
                changes.append(StatusChange(Status.REJOINED, lapsed + dt.timedelta(days=rng.randrange(1, 1500))))
            elif fate < 0.12:
                changes.append(StatusChange(Status.SUSPENDED, joined + dt.timedelta(days=rng.randrange(1, 400))))
            membership = Membership(pid, "clp", Category.MEMBER, tuple(sorted(changes, key=lambda c: c.on)))
        elif roll < 0.85:
            paid_at = WINDOW_START + dt.timedelta(minutes=rng.randrange(4 * 24 * 60))
            fee = 2500 if rng.random() < 0.95 else 300
            membership = Membership(
                pid,
                "national",
                Category.REGISTERED_SUPPORTER,
                (StatusChange(Status.JOINED, paid_at.date()),),
                (Payment(paid_at, fee),),
            )
        else:
            membership = Membership(
                pid,
                "national",
                Category.AFFILIATED_SUPPORTER,
                (StatusChange(Status.JOINED, dt.date(2016, 7, 1) + dt.timedelta(days=rng.randrange(45))),),
                affiliate_member_since=joined,
            )
        histories.append(PersonHistory(Person(pid, f"Person {index}"), (membership,)))
    return histories


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=600_000)
    parser.add_argument("--seed", type=int, default=2016)
    args = parser.parse_args()

    rulebook = load_rulebook("labour-2016")
    ballot = Ballot("labour-leader-2016", "leadership_challenge", opens=dt.date(2016, 8, 22))
    started = time.perf_counter()
    histories = generate(args.people, args.seed)
    generated = time.perf_counter() - started

    started, cpu_started = time.perf_counter(), time.process_time()
    decisions = [eligibility(history, rulebook, ballot, ballot.opens) for history in histories]
    evaluated, cpu = time.perf_counter() - started, time.process_time() - cpu_started

    refusals = {d.person: d.reason for d in decisions if not d.eligible}
    by_rule = Counter(d.reason.rsplit("(rule ", 1)[-1].rstrip(")") for d in decisions if not d.eligible)
    print(f"register: {len(histories):,} histories generated in {generated:.2f} s (seed {args.seed})")
    print(f"eligibility: {len(decisions):,} decisions in {evaluated:.2f} s wall, {cpu:.2f} s CPU (goal: under 10 s)")
    print(f"eligible: {len(decisions) - len(refusals):,}; refused: {len(refusals):,}, each with its reason")
    for rule, count in by_rule.most_common():
        print(f"  {count:>9,}  {rule}")
    example = next(iter(refusals.values()), None)
    if example is not None:
        print(f"e.g. {example}")


if __name__ == "__main__":
    main()
