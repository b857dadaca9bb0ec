"""docs/architecture.md's module index is the modules' own docstrings, regenerated and compared.

The index is written by `python tools/module_index.py` (from the repository's root), which reads
the sources with `ast`: no module is imported, so this test needs neither Django nor a database.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("module_index", ROOT / "tools" / "module_index.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_module_has_a_docstring() -> None:
    missing = generator().undocumented()
    assert not missing, "write a one-line docstring saying what each of these is for:\n  " + "\n  ".join(missing)


def test_the_module_index_is_current() -> None:
    index = generator()
    current = index.DOC.read_text(encoding="utf-8")
    assert index.render(current) == current, (
        f"docs/architecture.md's module index is stale: run `{index.COMMAND}` from the repository's root and commit it"
    )


def test_the_index_follows_the_stack_and_leaves_out_migrations() -> None:
    index = generator()
    text = index.index()
    headings = [line[4:] for line in text.splitlines() if line.startswith("### ")]
    assert headings == ["hustings", *(f"hustings.{name}" for name in index.STACK)]
    assert ".migrations" not in text
    assert "- `hustings.count.profile` — " in text


def test_the_stack_is_the_import_linter_contracts() -> None:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (stack,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == "stack"]
    layers = [name.strip().removeprefix("hustings.") for layer in stack["layers"] for name in layer.split("|")]
    assert tuple(layers) == generator().STACK
