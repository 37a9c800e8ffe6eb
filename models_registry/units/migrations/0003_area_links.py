"""Succession as data: Area.successor (one successor per area) becomes AreaLink rows (several, whole or part, dated).

Every former successor becomes a whole link dated the day after the predecessor ended (or 01/07/2025);
`manage.py load_areas` then sets the kind of each link from the packages and adds the split ones."""

import django.db.models.deletion
from django.db import migrations, models

import datetime

CURRENT_START = datetime.date(2025, 7, 1)


def links_from_successor_column(apps, schema_editor):
    Area = apps.get_model("units", "Area")
    AreaLink = apps.get_model("units", "AreaLink")
    rows = Area.objects.filter(successor__isnull=False).values_list("pk", "successor_id", "valid_to")
    AreaLink.objects.bulk_create(
        [
            AreaLink(
                predecessor_id=pk,
                successor_id=successor,
                kind="whole",
                date=valid_to + datetime.timedelta(days=1) if valid_to else CURRENT_START,
            )
            for pk, successor, valid_to in rows
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )


def successor_column_from_links(apps, schema_editor):
    Area = apps.get_model("units", "Area")
    AreaLink = apps.get_model("units", "AreaLink")
    for link in AreaLink.objects.order_by("predecessor_id", "-kind", "successor_id").distinct("predecessor_id"):
        Area.objects.filter(pk=link.predecessor_id).update(successor_id=link.successor_id)


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0002_vietnamese_sort_key"),
    ]

    operations = [
        migrations.CreateModel(
            name="AreaLink",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[("whole", "whole"), ("part", "part")], default="whole", max_length=10, verbose_name="link kind"
                    ),
                ),
                ("date", models.DateField(verbose_name="effective date")),
                (
                    "predecessor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="successor_links",
                        to="units.area",
                        verbose_name="predecessor",
                    ),
                ),
                (
                    "successor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="predecessor_links",
                        to="units.area",
                        verbose_name="successor",
                    ),
                ),
            ],
            options={
                "verbose_name": "area succession",
                "verbose_name_plural": "area successions",
            },
        ),
        migrations.RunPython(links_from_successor_column, successor_column_from_links),
        migrations.RemoveField(
            model_name="area",
            name="successor",
        ),
        migrations.AddField(
            model_name="area",
            name="successors",
            field=models.ManyToManyField(
                related_name="predecessors",
                through="units.AreaLink",
                through_fields=("predecessor", "successor"),
                to="units.area",
                verbose_name="successors",
            ),
        ),
        migrations.AddIndex(
            model_name="arealink",
            index=models.Index(fields=["successor", "kind"], name="arealink_successor"),
        ),
        migrations.AddConstraint(
            model_name="arealink",
            constraint=models.UniqueConstraint(fields=("predecessor", "successor"), name="arealink_unique_pair"),
        ),
    ]
