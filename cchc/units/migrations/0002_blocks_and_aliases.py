# Blocks of units (backfilled from their kind) and aliases of units in other systems.

import django.db.models.deletion
from django.db import migrations, models


#: The block of each kind of unit (cchc.core.levels.block_of), frozen here as migrations must be.
BLOCK_OF_KIND = {"province": "province", "department": "agency", "district": "district", "commune": "commune"}


def backfill_blocks(apps, schema_editor):
    Unit = apps.get_model("units", "Unit")
    for kind, block in BLOCK_OF_KIND.items():
        Unit.objects.filter(kind=kind).update(block=block)


class Migration(migrations.Migration):

    dependencies = [
        ('units', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='unit',
            name='block',
            field=models.CharField(choices=[('province', 'Tỉnh'), ('agency', 'Khối sở, ban, ngành'), ('district', 'Khối huyện'), ('commune', 'Khối xã, phường')], db_index=True, default='', editable=False, help_text='Khối xếp hạng của đơn vị, suy ra từ loại đơn vị.', max_length=16, verbose_name='khối'),
        ),
        migrations.RunPython(backfill_blocks, migrations.RunPython.noop),
        migrations.CreateModel(
            name='UnitAlias',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source_system', models.CharField(db_index=True, help_text='Ví dụ: dvcqg (Cổng Dịch vụ công quốc gia).', max_length=64, verbose_name='hệ thống nguồn')),
                ('code', models.CharField(blank=True, db_index=True, max_length=64, verbose_name='mã trong hệ thống nguồn')),
                ('name', models.CharField(blank=True, max_length=255, verbose_name='tên trong hệ thống nguồn')),
                ('valid_from', models.DateField(blank=True, null=True, verbose_name='hiệu lực từ')),
                ('valid_to', models.DateField(blank=True, null=True, verbose_name='hiệu lực đến')),
                ('source', models.CharField(blank=True, max_length=255, verbose_name='căn cứ')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='aliases', to='units.unit', verbose_name='đơn vị')),
            ],
            options={
                'verbose_name': 'tên gọi khác của đơn vị',
                'verbose_name_plural': 'tên gọi khác của đơn vị',
                'ordering': ['source_system', 'code', 'name'],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('code', ''), _negated=True), models.Q(('name', ''), _negated=True), _connector='OR'), name='unit_alias_code_or_name'), models.CheckConstraint(condition=models.Q(('valid_from__isnull', True), ('valid_to__isnull', True), ('valid_from__lte', models.F('valid_to')), _connector='OR'), name='unit_alias_valid_range'), models.UniqueConstraint(fields=('source_system', 'code', 'name', 'unit', 'valid_from'), name='unit_alias_unique')],
            },
        ),
    ]
