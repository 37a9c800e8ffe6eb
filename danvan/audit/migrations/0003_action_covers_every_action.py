"""Every action written is a member of the action enum; related rows in the trail are kept by name.

Units (and the rows imports wrote) kept a related row by its id, models by its name: one snapshot keeps names now
(what the row was called at the time, readable even after it is renamed or deleted), so the stored ids become the
names of their rows (or "#id" for a row that no longer exists)."""

from django.db import migrations, models

APPS_WITH_TRAILS = ["units", "initiatives", "awards", "evaluations", "reports"]


def _name_of(model, pk) -> str:
    row = model._default_manager.filter(pk=pk).first()
    if row is None:
        return f"#{pk}"
    return str(getattr(row, "name", None) or getattr(row, "original_name", None) or f"#{pk}")


def ids_to_names(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for content_type in ContentType.objects.filter(app_label__in=APPS_WITH_TRAILS):
        try:
            model = apps.get_model(content_type.app_label, content_type.model)
        except LookupError:
            continue
        relations = {
            field.name: field.related_model
            for field in model._meta.get_fields()
            if field.is_relation and field.concrete and not field.many_to_many
        }
        for entry in AuditEntry.objects.filter(content_type=content_type).iterator():
            changed = False
            for name, values in entry.changes.items():
                if name not in relations or not isinstance(values, list):
                    continue
                for index, value in enumerate(values):
                    if isinstance(value, int) and not isinstance(value, bool):
                        values[index] = _name_of(relations[name], value)
                        changed = True
            if changed:
                entry.save(update_fields=["changes"])


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_submitted_form"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("units", "0002_vietnamese_sort_key"),
        ("initiatives", "0005_returned_status"),
        ("awards", "0006_award_person_key"),
        ("evaluations", "0003_vietnamese_order"),
        ("reports", "0003_report_sentences"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("create", "Created"),
                    ("update", "Edited"),
                    ("status", "Status changed"),
                    ("deactivate", "Deactivated"),
                    ("reactivate", "Reactivated"),
                    ("import", "Imported"),
                    ("export", "Exported"),
                    ("file", "File changed"),
                    ("lock", "Locked"),
                    ("unlock", "Unlocked"),
                    ("submit", "Submitted"),
                    ("returned", "Returned"),
                    ("accepted", "Accepted"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(ids_to_names, migrations.RunPython.noop),
    ]
