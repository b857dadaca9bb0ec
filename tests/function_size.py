"""A function is the size of one step of its rule: past cyclomatic complexity 20 it is doing two jobs.

Shared by the ``test_function_size`` tests of each package that keeps to it (issue #17); measured with
radon, as ``radon cc -s -n D`` would list them.
"""

from __future__ import annotations

from pathlib import Path

from radon import complexity

LIMIT = 20
SRC = Path(__file__).resolve().parent.parent / "src" / "hustings"


def functions_over_limit(package: str) -> list[str]:
    """``path:line name (complexity)`` of every function or method in ``src/hustings/<package>`` above LIMIT."""
    over = []
    for path in sorted((SRC / package).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for block in complexity.cc_visit(path.read_text(encoding="utf-8")):
            # A class's figure sums its methods, each of which is listed and measured on its own.
            if block.letter != "C" and block.complexity > LIMIT:
                over.append(f"{path.relative_to(SRC)}:{block.lineno} {block.fullname} ({block.complexity})")
    return over
