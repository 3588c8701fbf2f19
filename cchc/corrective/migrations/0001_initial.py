"""CorrectiveAction moves from the dashboard app to this one without touching its table.

The table ``dashboard_correctiveaction`` (created by dashboard 0001) is kept with its rows: this migration
creates the model in the migration state only (``db_table`` names the existing table; the index names are
the ones the table has), and dashboard 0002 deletes it from the dashboard's state only. The content type
of the model is renamed from dashboard to corrective, so the audit trail of every action (django-auditlog
entries point at the content type) and any permission granted on the model stay attached to it.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _rename_content_type(apps, schema_editor, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("auditlog", "LogEntry")
    db = schema_editor.connection.alias
    before = ContentType.objects.using(db).filter(app_label=old, model="correctiveaction").first()
    if before is None:
        return  # a fresh database: the content type is created after the migrations
    after = ContentType.objects.using(db).filter(app_label=new, model="correctiveaction").first()
    if after is None:
        before.app_label = new
        before.save(update_fields=["app_label"])
    else:  # both exist (created by an earlier run): keep the history on the one that stays
        LogEntry.objects.using(db).filter(content_type=before).update(content_type=after)
        before.delete()
    from django.contrib.contenttypes.models import ContentType as LiveContentType

    LiveContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    _rename_content_type(apps, schema_editor, "dashboard", "corrective")


def backwards(apps, schema_editor):
    _rename_content_type(apps, schema_editor, "corrective", "dashboard")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("dashboard", "0001_corrective_actions"),
        ("plans", "0002_area_restrict"),
        ("units", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auditlog", "__first__"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],  # the table exists (dashboard 0001) and keeps its rows
            state_operations=[
                migrations.CreateModel(
                    name="CorrectiveAction",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("first_period_end", models.DateField(verbose_name="hết kỳ đầu tiên không đạt")),
                        ("last_period_end", models.DateField(verbose_name="hết kỳ cuối cùng không đạt")),
                        ("readings", models.JSONField(blank=True, default=list, verbose_name="số liệu các kỳ không đạt")),
                        ("state", models.CharField(choices=[("required", "Chờ đơn vị giải trình"), ("submitted", "Chờ Sở Nội vụ xác nhận"), ("done", "Đã khắc phục")], default="required", max_length=16, verbose_name="trạng thái")),
                        ("explanation", models.TextField(blank=True, verbose_name="giải trình nguyên nhân")),
                        ("action", models.TextField(blank=True, verbose_name="biện pháp khắc phục")),
                        ("responsible", models.CharField(blank=True, max_length=255, verbose_name="người chịu trách nhiệm")),
                        ("due_date", models.DateField(blank=True, null=True, verbose_name="hạn hoàn thành")),
                        ("officer_note", models.TextField(blank=True, verbose_name="ý kiến của Sở Nội vụ")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="yêu cầu lúc")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="cập nhật lúc")),
                        ("submitted_at", models.DateTimeField(blank=True, null=True, verbose_name="đơn vị gửi lúc")),
                        ("confirmed_at", models.DateTimeField(blank=True, null=True, verbose_name="xác nhận lúc")),
                        ("confirmed_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="người xác nhận")),
                        ("submitted_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="người gửi")),
                        ("target", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="corrective_actions", to="plans.target", verbose_name="chỉ tiêu")),
                        ("unit", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="corrective_actions", to="units.unit", verbose_name="đơn vị")),
                    ],
                    options={
                        "verbose_name": "biện pháp khắc phục",
                        "verbose_name_plural": "biện pháp khắc phục",
                        "db_table": "dashboard_correctiveaction",
                        "ordering": ["-last_period_end", "-pk"],
                        "indexes": [models.Index(fields=["unit", "state"], name="dashboard_c_unit_id_e39f76_idx"), models.Index(fields=["state"], name="dashboard_c_state_e3e680_idx")],
                        "constraints": [models.UniqueConstraint(fields=("target", "unit", "first_period_end"), name="corrective_action_once_per_run"), models.CheckConstraint(condition=models.Q(("first_period_end__lte", models.F("last_period_end"))), name="corrective_action_period_order")],
                    },
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
