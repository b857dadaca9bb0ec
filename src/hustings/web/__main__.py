"""Django's management commands for Hustings: `python -m hustings.web migrate`, `... makemigrations`."""

from __future__ import annotations

import os
import sys

from django.core.management import execute_from_command_line

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hustings.web.settings")
    execute_from_command_line(["python -m hustings.web", *sys.argv[1:]])
