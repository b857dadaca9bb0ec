"""Indexes for the officers' search of a large register: a person's name and e-mail, lower-cased,
searched as prefix ranges by `hustings.services.members.search`. Written as SQL (the same on SQLite
and PostgreSQL) so that the models' state is unchanged."""

from django.db import migrations

INDEXES = {
    "members_person_name_lower": "lower(name)",
    "members_person_email_lower": "lower(email)",
}


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {name} ON members_person ({expression})",
            f"DROP INDEX {name}",
        )
        for name, expression in INDEXES.items()
    ]
