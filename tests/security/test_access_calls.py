"""Every permission question in the code says where it is asked: `access.has`/`access.require`
with a unit or an organisation (as a whole), or, for navigation and a page that filters by scope,
`has_anywhere`/`require_anywhere` by that name. Called with neither, `has` would mean "anywhere",
the question behind issue #12's attacks, so no code may ask it that way."""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src" / "hustings"


def _calls() -> tuple[int, list[str]]:
    """(how many calls of access.has/require there are, those that do not say where)."""
    seen, found = 0, []
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            owner = node.func.value
            if not (isinstance(owner, ast.Name) and owner.id == "access" and node.func.attr in ("has", "require")):
                continue
            seen += 1
            placed = len(node.args) >= 3 or any(k.arg in ("unit", "organisation") for k in node.keywords)
            if not placed:
                found.append(f"{path.relative_to(SOURCE)}:{node.lineno}")
    return seen, found


def test_no_permission_question_leaves_out_where_it_is_asked() -> None:
    seen, unplaced = _calls()
    assert seen > 20  # the walk finds the calls
    assert unplaced == []
