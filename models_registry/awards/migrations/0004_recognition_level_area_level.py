from django.db import migrations, models

# Which office recognises at which level by itself: a commune office at commune level, a district office at
# district level, the province office at province level. Central recognitions are recorded by province staff.
AREA_LEVELS = {"xa": "commune", "huyen": "district", "tinh": "province"}


def load(apps, schema_editor):
    Level = apps.get_model("awards", "RecognitionLevel")
    for code, area_level in AREA_LEVELS.items():
        Level.objects.filter(code=code).update(area_level=area_level)


class Migration(migrations.Migration):
    dependencies = [("awards", "0003_reference_data")]

    operations = [
        migrations.AddField(
            model_name="recognitionlevel",
            name="area_level",
            field=models.CharField(
                blank=True,
                choices=[
                    ("province", "Province / city"),
                    ("district", "District / town"),
                    ("commune", "Commune / ward / township"),
                ],
                help_text="An office of this area level may recognise at this level itself; empty: province staff only.",
                max_length=10,
                verbose_name="office level",
            ),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
