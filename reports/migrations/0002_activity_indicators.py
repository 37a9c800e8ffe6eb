from django.db import migrations

# The activity figures offices report, as the seed articles count them.
INDICATORS = [
    ("Số cuộc giám sát", "cuộc", 1),
    ("Số hội nghị phản biện xã hội", "hội nghị", 2),
    ("Số hội nghị đối thoại với nhân dân", "hội nghị", 3),
    ("Diện tích đất nhân dân hiến", "m²", 4),
    ("Số tiền huy động", "đồng", 5),
    ("Số công trình hoàn thành", "công trình", 6),
]


def load(apps, schema_editor):
    Indicator = apps.get_model("reports", "ActivityIndicator")
    for name, unit, order in INDICATORS:
        Indicator.objects.update_or_create(name=name, defaults={"unit_of_measure": unit, "order": order})


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
