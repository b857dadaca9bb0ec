"""``hustings methods``: list the counting methods and their options."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser("methods", help="list counting methods")
    p.add_argument("--options", action="store_true", help="also list each method's options")
    return p


def run(args: argparse.Namespace) -> int:
    from hustings.count import registry

    width = max(len(n) for n in registry.METHODS)
    for name, entry in sorted(registry.METHODS.items()):
        print(f"{name.ljust(width)}  {entry.summary}")
        if args.options:
            print(" " * (width + 2) + "options: " + ", ".join(registry.option_names(name)))
    return 0
