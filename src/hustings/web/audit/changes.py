"""An audit row's before and after, read field by field: what each field was and what it became."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str
    changed: bool


def _words(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        return "; ".join(_pairs(item) for item in value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _pairs(item: dict[str, Any]) -> str:
    return ", ".join(f"{key}: {_words(value)}" for key, value in item.items() if value not in ("", None))


def field_changes(before: Any, after: Any) -> list[FieldChange]:
    """Each field of the two states (dicts: the union of their keys, in order of first appearance;
    anything else: one field, "value"), its two values in words, and whether it changed."""
    if not isinstance(before, dict) and not isinstance(after, dict):
        if before is None and after is None:
            return []
        return [FieldChange("value", _words(before), _words(after), before != after)]
    old = before if isinstance(before, dict) else {}
    new = after if isinstance(after, dict) else {}
    keys = list(dict.fromkeys([*old, *new]))
    return [FieldChange(key, _words(old.get(key)), _words(new.get(key)), old.get(key) != new.get(key)) for key in keys]
