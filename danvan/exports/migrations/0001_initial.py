"""The export job moves from the imports app: the table stays as it is (imports_exportjob), only Django's
state learns that the model is now exports.ExportJob."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import danvan.exports.models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("imports", "0003_row_values"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ExportJob",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("title", models.CharField(max_length=200, verbose_name="list")),
                        ("filename", models.CharField(max_length=255, verbose_name="file name")),
                        ("view_path", models.CharField(max_length=200)),
                        ("query", models.TextField(blank=True)),
                        ("view_kwargs", models.JSONField(blank=True, default=dict)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("queued", "Waiting"),
                                    ("running", "Writing the file"),
                                    ("done", "Ready to download"),
                                    ("failed", "Failed"),
                                ],
                                default="queued",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        ("total_rows", models.PositiveIntegerField(default=0, verbose_name="rows")),
                        ("processed_rows", models.PositiveIntegerField(default=0)),
                        ("file", models.FileField(blank=True, max_length=200, upload_to=danvan.exports.models.export_path)),
                        ("message", models.TextField(blank=True, verbose_name="message")),
                        ("task_id", models.CharField(blank=True, max_length=64)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="requested at")),
                        ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="finished at")),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "export",
                        "verbose_name_plural": "exports",
                        "ordering": ["-created_at"],
                        "db_table": "imports_exportjob",
                        "indexes": [models.Index(fields=["user", "-created_at"], name="exportjob_user_created")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
