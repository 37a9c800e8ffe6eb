import argparse
import json
import os
import sys

from django.core.management import call_command
from django.db.models import Count, F, OuterRef, Subquery

from bench import measure
from bench.generate import generate
from models_registry.awards.models import Recognition
from models_registry.initiatives.models import Initiative, StatusChange
from models_registry.units.models import Unit


def test_generator_small_run_gives_consistent_registry(db):
    call_command("load_areas", "--province", "01", stdout=None)

    counts = generate(units=50, initiatives=1000, seed=7, log=lambda *_: None)

    assert (counts["units"], counts["initiatives"]) == (50, 1000)
    assert (Unit.objects.count(), Initiative.objects.count()) == (50, 1000)
    latest = StatusChange.objects.filter(initiative=OuterRef("pk")).order_by("-at", "-pk").values("to_status")[:1]
    mismatched = Initiative.objects.annotate(last=Subquery(latest)).exclude(last=F("status")).count()
    assert mismatched == 0
    assert Initiative.objects.exclude(province_path="/P01/").count() == 0
    recognised = Initiative.objects.filter(status="recognised")
    assert recognised.annotate(n=Count("recognitions")).filter(n=0).count() == 0
    assert Recognition.objects.filter(initiative__status="recognised").count() == recognised.count()


def test_bench_login_measures_ours_beside_the_bare_login_view(settings, province_staff, capsys):
    settings.ROOT_URLCONF = "bench.urls"
    templates = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**templates, "DIRS": [*templates["DIRS"], settings.BASE_DIR / "bench" / "templates"]}]

    measure.login(argparse.Namespace(user=province_staff.username, warmup=0, repeat=1))

    values = json.loads(capsys.readouterr().out.split("RESULT ", 1)[1])
    assert sorted(values) == ["bare", "hasher", "ours"]
    assert values["ours"]["total_ms"] >= values["ours"]["post_ms"] > 0


def test_bench_import_measures_ours_beside_django_import_export(province_staff, unit_a, capsys):
    """The import bench on the test database; BENCH_IMPORT_ROWS=10000 measures it at the issue's size."""
    rows = int(os.environ.get("BENCH_IMPORT_ROWS", "20"))
    rates = {}
    for mode in ("ours", "iex"):
        measure.import_(argparse.Namespace(mode=mode, rows=rows, user=province_staff.username))
        out = capsys.readouterr().out
        rates[mode] = json.loads(out.split("RESULT ", 1)[1])["rate"]
        print(out, file=sys.stderr)
    print(f"import ours/iex at {rows} rows: {rates['ours'] / rates['iex']:.2f}x", file=sys.stderr)

    assert Initiative.objects.count() == 0  # each measurement is rolled back
    assert rates["ours"] > 0 and rates["iex"] > 0
