"""CorrectiveAction moved to the corrective app (cchc/corrective/migrations/0001_initial.py): it leaves the
dashboard's migration state only; its table, ``dashboard_correctiveaction``, stays as it is, with its rows,
and is now the corrective app's."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("dashboard", "0001_corrective_actions"),
        ("corrective", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],  # the table is the corrective app's now
            state_operations=[migrations.DeleteModel(name="CorrectiveAction")],
        ),
    ]
