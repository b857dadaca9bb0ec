"""On PostgreSQL, keep an import's upload out of line and uncompressed (`STORAGE EXTERNAL`), so
that the worker's reads of one slice at a time (`substr`) fetch only that slice's pages, rather
than decompressing the value from its start for every slice. Nothing to do on SQLite, which keeps
blobs as they are."""

from typing import Any

from django.db import migrations


def _storage(mode: str) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE imports_importjob ALTER COLUMN upload SET STORAGE {mode}")

    return run


class Migration(migrations.Migration):
    dependencies = [("imports", "0001_initial")]

    operations = [migrations.RunPython(_storage("EXTERNAL"), _storage("EXTENDED"))]
