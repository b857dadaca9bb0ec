"""The user-facing strings of the Python code that are not marked for translation (issue #14).

Read with `ast`, three kinds of place:

- services (`hustings.services`): the message of an exception they raise for the person at the
  keyboard, `raise Refused("...")`: the first argument of a raised call, unless the exception is
  one of Python's own (`ValueError`, `KeyError`, ...), which report a programming error, not a
  refusal a person reads;
- forms (`hustings.web.*.forms`): a field's `label`, `help_text`, `empty_label` and
  `placeholder`, and the message of a `ValidationError`;
- views: the text of `messages.success/info/warning/error(request, "...")`.

A string literal or an f-string there is unmarked; `gettext("...")`, `_("...")` and the lazy and
plural forms are marked, and so is `.format(...)` or `% ...` applied to one. Anything else (a
name, `str(exc)`) is a message made elsewhere and judged there.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "hustings"
MARKERS = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy", "npgettext"}
# Python's own exceptions: they say what went wrong in the program, for its developers.
PROGRAMMING_ERRORS = {
    "ValueError",
    "KeyError",
    "AttributeError",
    "AssertionError",
    "TypeError",
    "RuntimeError",
    "NotImplementedError",
    "LookupError",
}
FORM_WORDS = {"label", "help_text", "empty_label", "placeholder"}
MESSAGE_LEVELS = {"success", "info", "warning", "error", "debug"}
LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Unmarked:
    path: Path
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path.relative_to(SRC)}:{self.line}: {self.text}"


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else ""


def is_marked(node: ast.expr) -> bool:
    """A call of a translation function, or a formatting of one."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return is_marked(node.func.value)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return is_marked(node.left)
    return isinstance(node, ast.Call) and _name(node.func) in MARKERS


def is_words(node: ast.expr) -> bool:
    """A string literal holding a letter, or an f-string: text written here in English."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return is_words(node.left) or is_words(node.right)
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(LETTER.search(node.value))


def _service_texts(tree: ast.AST) -> Iterator[ast.expr]:
    for node in ast.walk(tree):
        raised = node.exc if isinstance(node, ast.Raise) else None
        if isinstance(raised, ast.Call) and raised.args and _name(raised.func) not in PROGRAMMING_ERRORS:
            yield raised.args[0]


def _form_texts(tree: ast.AST) -> Iterator[ast.expr]:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        yield from (k.value for k in node.keywords if k.arg in FORM_WORDS)
        if _name(node.func) == "ValidationError" and node.args:
            yield node.args[0]


def _view_texts(tree: ast.AST) -> Iterator[ast.expr]:
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and len(node.args) >= 2):
            continue
        method = node.func
        if isinstance(method, ast.Attribute) and method.attr in MESSAGE_LEVELS and _name(method.value) == "messages":
            yield node.args[1]


def unmarked(path: Path, texts: str) -> list[Unmarked]:
    """The unmarked texts of `path`, read as `texts` ("services", "forms" or "views")."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    finder = {"services": _service_texts, "forms": _form_texts, "views": _view_texts}[texts]
    return [
        Unmarked(path, node.lineno, ast.unparse(node)[:100])
        for node in finder(tree)
        if is_words(node) and not is_marked(node)
    ]


def python_files(package: str) -> list[Path]:
    return sorted(p for p in (SRC / package).rglob("*.py") if "migrations" not in p.parts)


EAGER = {"gettext", "ngettext", "pgettext"}


def _eager_names(tree: ast.Module) -> set[str]:
    """The names a module binds to Django's non-lazy gettext functions (`gettext as _`, ...)."""
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
        for alias in node.names
        if alias.name in EAGER
    }


def translated_at_import(path: Path) -> Iterator[Unmarked]:
    """Calls of a non-lazy gettext outside any function: they run once, when the module is imported,
    in no reader's language (a form's class body wants `gettext_lazy`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = _eager_names(tree)

    def visit(node: ast.AST) -> Iterator[Unmarked]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            if isinstance(child, ast.Call) and isinstance(child.func, ast.Name) and child.func.id in names:
                yield Unmarked(path, child.lineno, ast.unparse(child)[:100])
            yield from visit(child)

    yield from visit(tree) if names else iter(())
