"""A generated document's failure is kept as message ids and parameters (``errors``), shown in each reader's
language, instead of one sentence in the language of the background thread (``error``). A sentence stored
before is kept as a message of its own (shown as written, or translated when it is a catalogue entry)."""

from django.db import migrations, models


def forwards(apps, schema_editor):
    GeneratedDocument = apps.get_model("reporting", "GeneratedDocument")
    for document in GeneratedDocument.objects.exclude(error=""):
        document.errors = [{"message": document.error, "params": {}}]
        document.save(update_fields=["errors"])


def backwards(apps, schema_editor):
    GeneratedDocument = apps.get_model("reporting", "GeneratedDocument")
    for document in GeneratedDocument.objects.exclude(errors=[]):
        document.error = "; ".join(str(e.get("message", "")) for e in document.errors)
        document.save(update_fields=["error"])


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0002_target_status_provisional'),
    ]

    operations = [
        migrations.AddField(
            model_name='generateddocument',
            name='errors',
            field=models.JSONField(blank=True, default=list, verbose_name='lỗi'),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(
            model_name='generateddocument',
            name='error',
        ),
    ]
