"""Offices in time: started_on / ended_on. An office of an area that ended (the former districts, 30/06/2025) ends
with it; an office of an area that began (the communes of 01/07/2025) starts with it."""

from django.db import migrations, models


def dates_from_areas(apps, schema_editor):
    Office = apps.get_model("accounts", "Office")
    for office in Office.objects.select_related("area").filter(ended_on=None, area__valid_to__isnull=False):
        Office.objects.filter(pk=office.pk).update(ended_on=office.area.valid_to)
    for office in Office.objects.select_related("area").filter(started_on=None, area__valid_from__isnull=False):
        Office.objects.filter(pk=office.pk).update(started_on=office.area.valid_from)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_office_documents_user_full_name'),
    ]

    operations = [
        migrations.AddField(
            model_name='office',
            name='ended_on',
            field=models.DateField(blank=True, help_text='The last working day (former district offices: 30/06/2025). Empty: still working.', null=True, verbose_name='working until'),
        ),
        migrations.AddField(
            model_name='office',
            name='started_on',
            field=models.DateField(blank=True, help_text='Empty: since before the registry.', null=True, verbose_name='working since'),
        ),
        migrations.RunPython(dates_from_areas, migrations.RunPython.noop),
    ]
