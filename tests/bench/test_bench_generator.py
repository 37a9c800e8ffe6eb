import argparse
import json
import os
import sys

import pytest
from django.core.management import call_command
from django.db.models import Count, F, OuterRef, Subquery

from bench import measure
from bench.generate import generate
from models_registry.awards.models import Recognition
from models_registry.initiatives.models import Initiative, StatusChange
from models_registry.units.models import Unit
from reports.models import FrozenFigures, ReportPeriod
from tests.factories import InitiativeFactory
from tests.factories_reports import ReportPeriodFactory, approved, local


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


def test_bench_successor_measures_tay_ninh_beside_hanoi(province_staff, capsys):
    import datetime

    from danvan.accounts.enums import Role
    from models_registry.units.enums import AreaLevel
    from models_registry.units.models import AreaLink
    from reports.enums import PeriodKind
    from tests.factories import AreaFactory, OfficeFactory, UserFactory
    from tests.factories_reports import ReportPeriodFactory

    tay_ninh = AreaFactory(code="P80", name="Tây Ninh", level=AreaLevel.PROVINCE, valid_from=datetime.date(2025, 7, 1))
    long_an = AreaFactory(code="LP80", name="Long An", level=AreaLevel.PROVINCE, valid_to=datetime.date(2025, 6, 30))
    AreaLink.objects.create(predecessor=long_an, successor=tay_ninh, kind="whole", date=datetime.date(2025, 7, 1))
    successor = UserFactory(username="bench.successor", role=Role.PROVINCE_STAFF, office=OfficeFactory(area=tay_ninh))
    ReportPeriodFactory(area=None, kind=PeriodKind.FIRST_HALF, year=2025)

    measure.successor(argparse.Namespace(plain=province_staff.username, successor=successor.username, warmup=0, repeat=1))

    values = json.loads(capsys.readouterr().out.split("RESULT ", 1)[1])
    assert sorted(values) == ["plain", "successor"]
    assert sorted(values["successor"]) == ["list", "report"]
    assert values["successor"]["list"]["queries"] == values["plain"]["list"]["queries"]


@pytest.mark.parametrize("locked", [False, True])
def test_bench_report_measures_the_open_and_the_locked_whole_country(province, unit_a, locked, capsys):
    approved(InitiativeFactory(unit=unit_a), local(2025, 3, 1, 9))
    period = ReportPeriodFactory(area=None, year=2025)

    measure.report(argparse.Namespace(scope="country", province="P01", repeat=1, locked=locked))

    values = json.loads(capsys.readouterr().out.split("RESULT ", 1)[1])
    assert sorted(values) == ["queries", "raw_ms", "server_ms"]
    assert (values["queries"] == 1) is locked  # a locked period reads one row; an open one computes every source
    assert values["server_ms"] > 0
    assert (ReportPeriod.objects.get(pk=period.pk).is_locked, FrozenFigures.objects.count()) == (False, 0)


def test_bench_showcase_measures_each_query_cold_and_warm(db, unit_a, capsys):
    from models_registry.awards.models import RecognitionLevel

    shown = InitiativeFactory(unit=unit_a, name="Dân vận khéo hiến đất", status="recognised")
    Recognition.objects.create(
        initiative=shown, level=RecognitionLevel.objects.first(), decision_no="1", decided_on="2025-05-15", signer="A"
    )

    measure.showcase(argparse.Namespace(warmup=0, repeat=1))

    values = json.loads(capsys.readouterr().out.split("RESULT ", 1)[1])
    assert sorted(values) == ["all", "filtered", "search"]
    assert (values["all"]["cards"], values["search"]["cards"], values["filtered"]["cards"]) == (1, 1, 1)
    assert values["all"]["cold_ms"] > 0 and values["all"]["warm_ms"] > 0


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
