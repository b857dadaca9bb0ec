"""`hustings manage export_boards FOLDER`: write every ballot's bulletin board, as
`/ballots/<id>/board.json` serves it, to `FOLDER/board-<id>.json`, for `hustings verify` — on an
instance that is not served, such as a backup restored to test it (docs/deploy.md, "Backups")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hustings.services import ballots as svc
from hustings.services.ballots import selectors as ballot_lookup


class Command(BaseCommand):
    help = "Write every ballot's bulletin board to FOLDER/board-<id>.json, for `hustings verify`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="where to write the boards (made if missing)")

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["folder"]
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as problem:
            raise CommandError(f"cannot write to {folder}: {problem.strerror}") from None
        written = 0
        for ballot in ballot_lookup.public().order_by("pk"):
            path = folder / f"board-{ballot.pk}.json"
            path.write_text(json.dumps(svc.bulletin_board(ballot), sort_keys=True), encoding="utf-8")
            written += 1
        self.stdout.write(f"{written} board(s) written to {folder}; check each with `hustings verify FILE`")
