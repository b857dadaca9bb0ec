"""PostgreSQL: rewrite the box (`VACUUM FULL`), so no byte of the old retry tokens is left in it.

Dropping a column leaves its values in the rows, and a plain VACUUM frees dead row versions
without overwriting them; `VACUUM FULL` writes the table afresh, the dropped column null. It locks
the box while it runs (an upgrade is a quiet moment) and cannot run inside a transaction, hence a
migration of its own, not atomic. SQLite rebuilt the table when the column was dropped.
"""

from django.db import migrations


def vacuum_box(apps: object, schema_editor: object) -> None:
    connection = schema_editor.connection  # type: ignore[attr-defined]
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM FULL ballots_boxentry")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [
        ("ballots", "0003_box_without_retry_token"),
    ]

    operations = [migrations.RunPython(vacuum_box, migrations.RunPython.noop, atomic=False)]
