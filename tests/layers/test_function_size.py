"""A function is the size of one step of its rule: past cyclomatic complexity 20 it is doing two jobs
(docs/architecture.md, "the rules of the house"). Measured with radon, as `make lint`'s
`radon cc -n D` lists them; migrations, which Django writes, are left out."""

from __future__ import annotations

from pathlib import Path

import pytest
from radon import complexity

LIMIT = 20
SRC = Path(__file__).resolve().parents[2] / "src" / "hustings"
PACKAGES = sorted(p.name for p in SRC.iterdir() if (p / "__init__.py").is_file())


def functions_over_limit(package: Path) -> list[str]:
    """`path:line name (complexity)` of every function or method in `package` above LIMIT."""
    over = []
    for path in sorted(package.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for block in complexity.cc_visit(path.read_text(encoding="utf-8")):
            # A class's figure sums its methods, each of which is listed and measured on its own.
            if block.letter != "C" and block.complexity > LIMIT:
                over.append(f"{path.relative_to(package.parent)}:{block.lineno} {block.fullname} ({block.complexity})")
    return over


@pytest.mark.parametrize("package", PACKAGES)
def test_no_function_is_over_the_complexity_limit(package: str) -> None:
    assert functions_over_limit(SRC / package) == [], f"split these into steps of complexity {LIMIT} or less"


def test_the_measure_finds_a_function_over_the_limit(tmp_path: Path) -> None:
    branches = "\n".join(f"    if x == {i}:\n        return {i}" for i in range(LIMIT))
    (tmp_path / "big.py").write_text(f"def big(x):\n{branches}\n    return -1\n", encoding="utf-8")
    assert functions_over_limit(tmp_path) == [f"{tmp_path.name}/big.py:1 big ({LIMIT + 1})"]


def test_every_package_is_measured() -> None:
    assert {"count", "formats", "rules", "analysis", "board", "store", "services", "web", "demo", "cli"} <= set(
        PACKAGES
    )
