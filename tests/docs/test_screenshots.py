"""docs/web.md shows the screenshots `make screenshots` takes (tools/screenshots.py), and only
those: every image it names exists, every screenshot is shown, each at both widths, and each file
stays small enough for a repository (the tool reduces them to a palette)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
WEB_MD = DOCS / "web.md"
LARGEST = 150 * 1024


def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("screenshots_tool", ROOT / "tools" / "screenshots.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def shown() -> list[str]:
    """The images docs/web.md shows, as `<img src>` or Markdown `![...](...)`, relative to docs/."""
    text = WEB_MD.read_text(encoding="utf-8")
    return re.findall(r'<img src="([^"]+)"', text) + re.findall(r"!\[[^\]]*\]\(([^)\s]+)", text)


def test_every_image_docs_web_md_shows_exists() -> None:
    missing = [src for src in shown() if not (DOCS / src).is_file()]
    assert shown() and missing == []


def test_every_screenshot_is_shown_at_both_widths_and_small() -> None:
    files = sorted(p.relative_to(DOCS).as_posix() for p in (DOCS / "screenshots").glob("*.png"))
    assert files == sorted(s for s in shown() if s.startswith("screenshots/"))
    stems = {re.sub(r"-\d+\.png$", "", f) for f in files}
    assert all(f"{stem}-390.png" in files and f"{stem}-1280.png" in files for stem in stems)
    assert all((DOCS / f).stat().st_size < LARGEST for f in files)


def test_the_generated_section_is_what_the_tool_writes() -> None:
    screenshots = tool()
    text = WEB_MD.read_text(encoding="utf-8")
    assert screenshots.section() in text  # no hand edit between the markers, no stale caption
    assert {f"screenshots/{s.name}-390.png" for s in screenshots.SHOTS} <= set(shown())
