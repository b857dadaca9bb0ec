"""The round table of a count as a page shows it: a row per candidate, a row per cause of
inactive ballots, the Sankey diagram of transfers and the bars of the final round. One function of
the result record (`Result.to_dict()`), shared by a ballot's results page and the count page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hustings.web.ballots.quota_words import quota_words
from hustings.web.ballots.sankey import bars_svg, sankey_svg, transfer_rows


def round_rows(record: dict[str, Any], candidates: Sequence[str] = ()) -> dict[str, Any]:
    """The template context of a result record's rounds. ``candidates`` names them when the record
    does not (a record always does since it carries `candidates`; older stored results may not)."""
    rounds = record.get("rounds", [])
    names = list(record.get("candidates", candidates))
    # Ballots no longer counting, by cause; causes that never occurred are left out.
    causes = sorted({k for r in rounds for k, v in r.get("inactive", {}).items() if v not in ("0", 0)})
    final = rounds[-1]["tally"] if rounds else (record.get("scores") or {})
    return {
        "rounds": rounds,
        "table": [{"name": c, "tallies": [r.get("tally", {}).get(c, "") for r in rounds]} for c in names],
        "inactive": [
            {"name": k.replace("_", " "), "values": [r.get("inactive", {}).get(k, "") for r in rounds]} for k in causes
        ],
        "sankey": sankey_svg(record) if len(rounds) > 1 else "",
        "transfers": transfer_rows(record),
        "bars": bars_svg(final, names),
        "quota": quota_words(record),
    }
