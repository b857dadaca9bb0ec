from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get(mapping: dict[Any, Any], key: Any) -> Any:
    """`mapping|get:key`: a dictionary's value in a template."""
    return mapping.get(key)
