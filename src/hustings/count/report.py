"""A result as the round-by-round table a returning officer would post."""

from __future__ import annotations

from collections.abc import Iterable

from hustings.count.result import Result, Round, Votes, decimal_string

_CAUSE_LABELS = {
    "exhausted_choices": "Exhausted",
    "overvotes": "Overvotes",
    "skipped_rankings": "Skipped rankings",
    "repeated_rankings": "Repeated rankings",
    "under_minimum": "Under minimum",
    "non_transferable": "Non-transferable",
    "loss_by_fractions": "Loss by fractions",
}


def _label(key: str) -> str:
    text = key.replace("_", " ")
    return _CAUSE_LABELS.get(key, text[:1].upper() + text[1:])


def _fmt(v: Votes | None) -> str:
    return "" if v is None else decimal_string(v)


def round_table(result: Result, title: str = "") -> str:
    """Candidates down the side, one column per round, actions listed below."""
    lines: list[str] = []
    head = f"{title}: " if title else ""
    lines.append(f"{head}{result.method}, {result.seats} seat{'s' if result.seats != 1 else ''}")
    facts = []
    if result.total is not None:
        facts.append(f"valid votes {_fmt(result.total)}")
    if result.quota is not None:
        facts.append(f"quota {_fmt(result.quota)}")
    if facts:
        lines.append(", ".join(facts))
    lines.append("")

    rounds = result.rounds
    if rounds:
        lines.extend(_tally_grid(result, rounds))
        lines.append("")
        for r in rounds:
            for a in r.actions:
                verb = {"elect": "elected", "exclude": "excluded", "surplus": "surplus of", "note": ""}[a.kind]
                moved = ", ".join(f"{k} {_signed(v)}" for k, v in a.transfers.items())
                text = f"Round {r.number}: {verb} {a.candidate}".rstrip()
                if moved:
                    text += f" ({moved})"
                if a.note:
                    text += f" - {a.note}"
                lines.append(text)
            for t in r.tie_breaks:
                lines.append(
                    f"Round {r.number}: tie between {', '.join(t.tied)}; {t.chosen} chosen to {t.purpose}, {t.reason}"
                )
    if result.scores is not None:
        width = max((len(c) for c in result.scores), default=0)
        lines.append("Scores:")
        for c, s in sorted(result.scores.items(), key=lambda kv: -kv[1]):
            lines.append(f"  {c.ljust(width)}  {_fmt(s)}")
    if result.pairwise is not None:
        lines.extend(_pairwise_grid(result))
    for t in result.tie_breaks:
        lines.append(f"Tie between {', '.join(t.tied)}; {t.chosen} chosen to {t.purpose}, {t.reason}")
    for n in result.notes:
        lines.append(f"Note: {n}")
    lines.append("")
    lines.append(f"Elected: {', '.join(result.elected) if result.elected else 'nobody'}")
    return "\n".join(lines) + "\n"


def _signed(v: Votes) -> str:
    s = decimal_string(v)
    return s if s.startswith("-") else "+" + s


def _first_seen(keys: Iterable[Iterable[str]]) -> list[str]:
    """Every key, once, in the order first seen."""
    out: list[str] = []
    for some in keys:
        for k in some:
            if k not in out:
                out.append(k)
    return out


def _tally_grid(result: Result, rounds: tuple[Round, ...]) -> list[str]:
    names = _first_seen(r.tally for r in rounds)
    causes = _first_seen((*r.inactive, *r.extra) for r in rounds)
    rows: list[tuple[str, list[str]]] = []
    for c in names:
        rows.append((c, [_fmt(r.tally.get(c)) if c in r.tally else "" for r in rounds]))
    for k in causes:
        rows.append((_label(k), [_fmt(r.inactive.get(k, r.extra.get(k))) for r in rounds]))
    if any(r.threshold is not None for r in rounds):
        rows.append(("Threshold", [_fmt(r.threshold) for r in rounds]))
    header = ("Round", [str(r.number) for r in rounds])
    label_w = max(len(x[0]) for x in [header, *rows])
    col_w = [max(len(header[1][i]), *(len(row[1][i]) for row in rows)) for i in range(len(rounds))]
    out = []
    for label, cells in [header, *rows]:
        out.append(label.ljust(label_w) + "".join("  " + cell.rjust(w) for cell, w in zip(cells, col_w, strict=False)))
    return out


def _pairwise_grid(result: Result) -> list[str]:
    assert result.pairwise is not None
    names = list(result.pairwise)
    w = max(len(n) for n in names) if names else 0
    rows = {a: dict(result.pairwise[a].items()) for a in names}  # each row read once, not cell by cell
    cells = {(a, b): _fmt(rows[a].get(b)) if a != b else "-" for a in names for b in names}
    col = max([len(v) for v in cells.values()] + [len(n) for n in names])
    out = ["", "Pairwise (row preferred to column):", " " * w + "".join("  " + n[:col].rjust(col) for n in names)]
    for a in names:
        out.append(a.ljust(w) + "".join("  " + cells[(a, b)].rjust(col) for b in names))
    return out
