"""The table takes the exports app's name, its content type follows, and a job names its list by the key the
list is registered under instead of a dotted path to the view's class."""

from django.db import migrations, models

# The dotted paths stored before, and the key each list is registered under now.
LIST_KEYS = {
    "models_registry.units.views.UnitListView": "units",
    "models_registry.initiatives.views.InitiativeListView": "initiatives",
    "models_registry.initiatives.views.ReviewQueueView": "review_queue",
    "models_registry.evaluations.views.EvaluationListView": "evaluations",
    "models_registry.awards.views.RecognitionListView": "recognitions",
    "models_registry.awards.views.AwardListView": "awards",
    "models_registry.awards.views.ProposalListView": "proposals",
}


def content_type_follows(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType")
    content_types.objects.filter(app_label="imports", model="exportjob").update(app_label="exports")


def content_type_back(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType")
    content_types.objects.filter(app_label="exports", model="exportjob").update(app_label="imports")


def keys_from_paths(apps, schema_editor):
    jobs = apps.get_model("exports", "ExportJob")
    for path, key in LIST_KEYS.items():
        jobs.objects.filter(view_path=path).update(list_key=key)


def paths_from_keys(apps, schema_editor):
    jobs = apps.get_model("exports", "ExportJob")
    for path, key in LIST_KEYS.items():
        jobs.objects.filter(list_key=key).update(view_path=path)


class Migration(migrations.Migration):
    dependencies = [
        ("exports", "0001_initial"),
        ("imports", "0004_exportjob_moves_to_exports"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="exportjob", table=None),
        migrations.RunPython(content_type_follows, content_type_back),
        migrations.AddField(model_name="exportjob", name="list_key", field=models.CharField(default="", max_length=40)),
        migrations.AlterField(model_name="exportjob", name="view_path", field=models.CharField(default="", max_length=200)),
        migrations.RunPython(keys_from_paths, paths_from_keys),
        migrations.AlterField(model_name="exportjob", name="list_key", field=models.CharField(max_length=40)),
        migrations.RemoveField(model_name="exportjob", name="view_path"),
    ]
