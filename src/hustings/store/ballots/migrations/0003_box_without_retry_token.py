"""The box loses its retry token; retry protection moves to `RetryReceipt`, kept while a ballot is open.

The retry token was HMAC(voting code, submission id) with a submission id the client chose: whoever
held the printed code sheet and a copy of the database could recompute it and link a voter to a
ballot, even after the close. The column is blanked first (so no row version written from now on
carries it), then dropped; `0004_vacuum_box` clears the old row versions on PostgreSQL. A ballot
open during the upgrade loses retry protection for the casts made before it: a form sent again
after the upgrade is told the code has voted, and the ballot it cast stands.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ballots", "0002_scrutineers"),
    ]

    operations = [
        migrations.RunSQL("UPDATE ballots_boxentry SET retry_token = NULL", migrations.RunSQL.noop),
        migrations.RemoveConstraint(model_name="boxentry", name="ballots_box_unique_retry_token"),
        migrations.RemoveField(model_name="boxentry", name="retry_token"),
        migrations.CreateModel(
            name="RetryReceipt",
            fields=[
                ("key", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("tracking_code", models.CharField(max_length=24)),
                (
                    "ballot",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="retry_receipts",
                        to="ballots.ballot",
                    ),
                ),
            ],
        ),
    ]
