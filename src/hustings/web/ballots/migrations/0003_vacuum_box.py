"""PostgreSQL: vacuum the box, so the row versions that still held retry tokens are gone.

`VACUUM` cannot run inside a transaction, hence a migration of its own, not atomic. Other
databases need nothing: SQLite rebuilt the table when the column was dropped.
"""

from django.db import migrations


def vacuum_box(apps: object, schema_editor: object) -> None:
    connection = schema_editor.connection  # type: ignore[attr-defined]
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ballots_boxentry")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [
        ("ballots", "0002_box_without_retry_token"),
    ]

    operations = [migrations.RunPython(vacuum_box, migrations.RunPython.noop, atomic=False)]
