"""One measurement in a fresh process: `python -m bench.measure WHAT [options]`, run by bench.run.

Each prints what it does and ends with one line `RESULT {json}`. The process works on the database of its
DATABASE_URL (a bench database: bench.run sets it) and never leaves rows behind: imports are rolled back.
"""

import argparse
import datetime
import io
import json
import os
import resource
import statistics
import sys
import tempfile
import time

SEMI_ANNUAL = ("first_half", 2025)
LIST_QUERY = "status=in_progress&status=recognised&kind=model&field={field}&per_page=50"


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.utils import translation

    translation.activate("vi")


def result(**values) -> None:
    print("RESULT " + json.dumps(values), flush=True)


def rss_mb() -> float:
    """The process's resident memory now (Linux)."""
    with open("/proc/self/statm") as file:
        return int(file.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def user(name: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.select_related("office__area").get(username=name)


def list_url(**extra) -> str:
    from django.urls import reverse

    from models_registry.initiatives.models import Field

    query = LIST_QUERY.format(field=Field.objects.get(code="kinh-te").pk)
    return reverse("initiatives:list") + "?" + query + "".join(f"&{k}={v}" for k, v in extra.items())


# --- export --------------------------------------------------------------------------------------


def export_rows(username: str, rows: int):
    """The registry list's export rows for a user with the bench filters (the view's own export_rows), first `rows`."""
    from django.http import HttpRequest, QueryDict

    from models_registry.initiatives.views import InitiativeListView

    request = HttpRequest()
    request.method = "GET"
    request.GET = QueryDict(list_url().split("?", 1)[1])
    request.user = user(username)
    view = InitiativeListView()
    view.setup(request)
    return view, view.export_rows()[:rows]


def export(args) -> None:
    from danvan.xlsx import write_list

    view, rows = export_rows(args.user, args.rows)
    before = rss_mb()
    times = []
    for _ in range(args.passes):  # the best of the passes: the first one may read the rows from disk, the next not
        started = time.perf_counter()
        with tempfile.TemporaryFile() as file:
            if args.mode == "ours":
                count = write_list(rows, view.export_columns, title=str(view.title), file=file)
            elif args.mode == "bare":
                count = _bare_export(rows, file)
            else:
                count = _import_export_default(rows, file)
            times.append(time.perf_counter() - started)
            size = file.tell()
    elapsed = min(times)
    peak = peak_rss_mb()
    passes = ", ".join(f"{seconds:.1f}" for seconds in times)
    print(f"export {args.mode}: {count:,} rows in {passes} s, file {size / 2**20:.1f} MB, peak RSS {peak:.0f} MB")
    result(rows=count, seconds=elapsed, rate=count / elapsed, peak_mb=peak, growth_mb=max(peak - before, 0), file_mb=size / 2**20)


BARE_FIELDS = [
    "code",
    "name",
    "kind",
    "unit__name",
    "unit__code",
    "unit__kind",
    "unit__area__name",
    "unit__area__code",
    "field__name",
    "phase__name",
    "registered_on",
    "started_on",
    "status",
    "recognised",
    "situation",
    "goals",
    "content_method",
    "place_target",
    "lead_force",
    "partner_forces",
    "participating_forces",
    "resources_timeline",
    "expected_outputs",
    "sustainability",
    "people_reached",
    "money_mobilised",
    "land_donated_m2",
    "works_completed",
    "person_name",
    "person_position",
    "person_contact",
    "source_name",
]


def _bare_export(rows, file) -> int:
    """The anchor: the same rows and columns straight from values_list into a constant-memory xlsxwriter book."""
    import xlsxwriter

    book = xlsxwriter.Workbook(file, {"constant_memory": True, "remove_timezone": True})
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet = book.add_worksheet("bare")
    sheet.write_row(0, 0, BARE_FIELDS)
    count = 0
    for count, values in enumerate(rows.values_list(*BARE_FIELDS).iterator(chunk_size=2000), start=1):
        for col, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, datetime.date):
                sheet.write_datetime(count, col, datetime.datetime.combine(value, datetime.time()), date)
            else:
                sheet.write(count, col, value)
    book.close()
    return count


def _import_export_default(rows, file) -> int:
    """django-import-export's default: a ModelResource of the model, export(queryset), then the dataset's .xlsx."""
    from import_export.resources import modelresource_factory

    from models_registry.initiatives.models import Initiative

    dataset = modelresource_factory(Initiative)().export(queryset=rows)
    file.write(dataset.xlsx)
    return len(dataset)


# --- report --------------------------------------------------------------------------------------


def report(args) -> None:
    from django.db import transaction

    from models_registry.units.models import Area
    from reports.models import ReportPeriod

    kind, year = SEMI_ANNUAL
    period = ReportPeriod.objects.get(area=None, kind=kind, year=year)
    scope = Area.objects.get(code=args.province) if args.scope == "province" else None
    with transaction.atomic():
        if args.locked:
            lock_for_measure(period, scope)
        _measure_report(args, scope, period)
        transaction.set_rollback(True)  # the lock and its frozen figures are not left behind


def lock_for_measure(period, scope) -> None:
    """The period locked with this scope's figures frozen, as set_period_locked leaves it (inside the caller's
    transaction, rolled back after the measurement; freezing every province would take minutes at 1M models)."""
    from reports import registry
    from reports.models import FrozenFigures

    period.is_locked = True
    period.save(update_fields=["is_locked"])
    FrozenFigures.objects.create(period=period, area=scope, report=registry.build(scope, period).to_json())


def _measure_report(args, scope, period) -> None:
    """The page's path (registry.served: frozen figures of a locked period, or computed), then its SQL alone."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports import registry

    registry.served(scope, period)  # warm up: caches, plans
    with CaptureQueriesContext(connection) as captured:
        registry.served(scope, period)
    sqls = [q["sql"] for q in captured.captured_queries]
    server = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        registry.served(scope, period)
        server.append(time.perf_counter() - started)
    raw, raw_cursor = [], connection.cursor().cursor
    for _ in range(args.repeat):
        started = time.perf_counter()
        for sql in sqls:
            raw_cursor.execute(sql)
            raw_cursor.fetchall()
        raw.append(time.perf_counter() - started)
    slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:3]
    for query in slowest:
        print(f"  {float(query['time']) * 1000:.0f} ms  {query['sql'][:160]}")
    server_ms, raw_ms = statistics.median(server) * 1000, statistics.median(raw) * 1000
    state = "locked" if args.locked else "open"
    print(f"report {args.scope} ({state}): build {server_ms:.0f} ms, its {len(sqls)} queries re-run raw {raw_ms:.0f} ms")
    result(server_ms=server_ms, raw_ms=raw_ms, queries=len(sqls))


# --- pages ---------------------------------------------------------------------------------------


def time_page(client, url: str, warmup: int, repeat: int):
    """(median ms of `repeat` GETs after `warmup`, queries of one GET, the response of that GET). Each GET draws
    the registry list's results (their cache emptied first), as the first view after any change does: the page's
    database work is what these lines compare; the load test measures the pages served from that cache."""
    from django.core.cache import caches
    from django.db import connection

    results = caches["lists"]
    for _ in range(warmup):
        results.clear()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    captured = []

    def count(execute, sql, params, many, context):
        captured.append(sql)
        return execute(sql, params, many, context)

    results.clear()
    with connection.execute_wrapper(count):
        response = client.get(url)
    times = []
    for _ in range(repeat):
        results.clear()
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, len(captured), response


def pages(args) -> None:
    from django.test import Client

    from models_registry.initiatives.models import Initiative

    who = user(args.user)
    root = who.office.area.path if who.office_id else "/"
    detail = (
        Initiative.objects.filter(unit__area__path__startswith=root, status="recognised", kind="model")
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    urls = {"list": list_url(), "detail": f"/models/{detail}/"}
    client = Client()
    client.force_login(who)
    out = {}
    for name, url in urls.items():
        ms, queries, response = time_page(client, url, args.warmup, args.repeat)
        out[name] = {
            "ms": ms,
            "queries": queries,
            "bytes": len(response.content),
            "rows": response.content.count(b"initiative-name") if name == "list" else 1,
        }
        print(f"{args.user} {name}: {ms:.1f} ms median of {args.repeat}, {queries} queries, {out[name]}")
    result(**out)


# --- successor -----------------------------------------------------------------------------------


def successor(args) -> None:
    """A successor province (Tây Ninh: its own tree and the former Long An's and Tây Ninh's) beside one that
    continued unmerged (Hà Nội): the list page and the semi-annual report (drawn on the map of its period, the
    predecessors as rows), each user on their own scope. Goal: the successor within 1.3× of the other."""
    from django.test import Client
    from django.urls import reverse

    from reports.models import ReportPeriod

    kind, year = SEMI_ANNUAL
    period = ReportPeriod.objects.get(area=None, kind=kind, year=year)
    out = {}
    for label, username in (("plain", args.plain), ("successor", args.successor)):
        client = Client()
        client.force_login(user(username))
        urls = {"list": list_url(), "report": reverse("reports:registry", args=[period.pk])}
        out[label] = {}
        for name, url in urls.items():
            ms, queries, _response = time_page(client, url, args.warmup, args.repeat)
            out[label][name] = {"ms": ms, "queries": queries}
            print(f"{username} {name}: {ms:.1f} ms median of {args.repeat}, {queries} queries")
    result(**out)


# --- showcase ------------------------------------------------------------------------------------

SHOWCASE_QUERIES = {"all": {}, "filtered": {"province": "P01", "field": "kinh-te"}, "search": {"q": "dan van kheo"}}


def showcase(args) -> None:
    """The public showcase as a visitor sees it: each query drawn cold (cache emptied: the database's work) and
    warm (served from the cache, as every view after the first until a recognition changes it)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    client = Client()
    url = reverse("initiatives:showcase")
    out = {}
    for name, params in SHOWCASE_QUERIES.items():
        for _ in range(args.warmup):
            cache.clear()
            assert client.get(url, params).status_code == 200
        captured = []
        with connection.execute_wrapper(lambda execute, *a, captured=captured: captured.append(a[0]) or execute(*a)):
            cache.clear()
            response = client.get(url, params)
        cold, warm = [], []
        for _ in range(args.repeat):
            cache.clear()
            started = time.perf_counter()
            client.get(url, params)
            cold.append(time.perf_counter() - started)
        client.get(url, params)  # the first view after a cold one still pays for its garbage (Python's collector)
        for _ in range(args.repeat * 10):  # the views every other visitor gets, one after another
            started = time.perf_counter()
            client.get(url, params)
            warm.append(time.perf_counter() - started)
        out[name] = {
            "cold_ms": statistics.median(cold) * 1000,
            "warm_ms": statistics.median(warm) * 1000,
            "queries": len(captured),
            "cards": response.content.count(b"showcase-card"),
        }
        print(f"showcase {name}: {out[name]}")
    result(**out)


# --- login ---------------------------------------------------------------------------------------

LOGIN_PASSWORD = "Bench-dang-nhap-2025"  # noqa: S105 -- set on the bench user of the bench database only


def login(args) -> None:
    """A login through our form, from the POST to the next page drawn (the home page it redirects to), beside
    Django's own LoginView and form followed by the bare list: the same user, hash, middleware and server."""
    from django.test import Client

    who = user(args.user)
    who.set_password(LOGIN_PASSWORD)  # the first of PASSWORD_HASHERS, as every password set or upgraded
    who.save(update_fields=["password"])
    scope = who.office.area.path if who.office_id else "/"
    forms = {
        "ours": ("/accounts/login/", {}),
        "bare": ("/bench/login/", {"next": f"/bench/bare/?scope={scope}"}),
    }
    out = {"hasher": who.password.split("$", 1)[0]}
    for name, (url, extra) in forms.items():
        posts, totals = [], []
        for attempt in range(args.warmup + args.repeat):
            client = Client()  # a browser that has no session yet
            started = time.perf_counter()
            response = client.post(url, {"username": who.username, "password": LOGIN_PASSWORD, **extra})
            posted = time.perf_counter()
            assert response.status_code == 302, (url, response.status_code)
            page = client.get(response["Location"])
            assert page.status_code == 200, (response["Location"], page.status_code)
            if attempt >= args.warmup:
                posts.append(posted - started)
                totals.append(time.perf_counter() - started)
        out[name] = {"post_ms": statistics.median(posts) * 1000, "total_ms": statistics.median(totals) * 1000}
        print(f"login {name}: POST {out[name]['post_ms']:.0f} ms, with the next page {out[name]['total_ms']:.0f} ms")
    result(**out)


# --- import --------------------------------------------------------------------------------------


def _import_rows(count: int, username: str) -> list[dict]:
    """Rows of a realistic file: new models of the user's units, with codes, dates, figures and text."""
    import random

    from models_registry.initiatives.models import Field, Phase
    from models_registry.units.access import units_for

    rng = random.Random(7)
    who = user(username)
    units = list(units_for(who).values_list("pk", "code")[:2000])
    fields = list(Field.objects.values_list("pk", "name"))
    phase = Phase.objects.get(name="2021–2025")
    rows = []
    for number in range(1, count + 1):
        unit_pk, unit_code = rng.choice(units)
        field_pk, field_name = rng.choice(fields)
        day = datetime.date(rng.randint(2021, 2025), rng.randint(1, 12), rng.randint(1, 28))
        rows.append(
            {
                "code": f"BENCH-{number:06d}",
                "name": f"Mô hình “Dân vận khéo” nhập từ tệp số {number}",
                "unit_pk": unit_pk,
                "unit": unit_code,
                "field_pk": field_pk,
                "field": field_name,
                "phase_pk": phase.pk,
                "phase": phase.name,
                "registered_on": day,
                "status": "in_progress",
                "situation": "Thực trạng: người dân còn e ngại hiến đất.",
                "goals": "Mục tiêu: 100% hộ đồng thuận.",
                "content_method": "Tuyên truyền, vận động, nêu gương cán bộ, đảng viên.",
                "people_reached": rng.randint(50, 5000),
                "money_mobilised": rng.randint(0, 500) * 1_000_000,
                "land_donated_m2": rng.randint(0, 3000),
                "works_completed": rng.randint(0, 10),
            }
        )
    return rows


def _our_file(rows: list[dict]) -> bytes:
    """The rows as an .xlsx in our template's columns (Vietnamese headers)."""
    import xlsxwriter

    from danvan.vietnamese import short_date
    from models_registry.initiatives.enums import Status
    from models_registry.initiatives.resources import InitiativeResource

    keys = ["code", "name", "unit", "field", "phase", "registered_on", "status", "situation", "goals", "content_method"]
    keys += ["people_reached", "money_mobilised", "land_donated_m2", "works_completed"]
    headers = {column.key: str(column.header) for column in InitiativeResource.columns}
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, [headers[key] for key in keys])
    for index, row in enumerate(rows, start=1):
        values = {**row, "registered_on": short_date(row["registered_on"]), "status": str(Status(row["status"]).label)}
        sheet.write_row(index, 0, [values[key] for key in keys])
    book.close()
    return buffer.getvalue()


def import_(args) -> None:
    from django.db import transaction
    from django.test.utils import override_settings

    from models_registry.initiatives.models import Initiative

    rows = _import_rows(args.rows, args.user)
    who = user(args.user)
    before = Initiative.objects.count()
    with transaction.atomic():
        if args.mode == "ours":
            from models_registry.imports import domain

            data = _our_file(rows)
            # inline: the bench times the work, not the queue
            with override_settings(IMPORT_BACKGROUND_ROWS=10**9, IMPORT_INLINE_BYTES=10**12):
                started = time.perf_counter()
                job = domain.start_import(by=who, kind="initiatives", name="bench-import.xlsx", data=data)
                checked = time.perf_counter() - started
                assert job.error_count == 0, job.rows.exclude(errors=[]).values_list("errors", flat=True)[:3]
                job = domain.confirm_import(job, by=who)
                elapsed = time.perf_counter() - started
            assert job.status == "done", (job.status, job.message)
            detail = f"check (dry run) {checked:.1f} s, then import {elapsed - checked:.1f} s"
        else:
            import tablib
            from import_export.resources import modelresource_factory

            headers = ["id", "code", "name", "kind", "unit", "field", "phase", "registered_on", "status", "situation", "goals"]
            headers += ["content_method", "people_reached", "money_mobilised", "land_donated_m2", "works_completed"]
            dataset = tablib.Dataset(headers=headers)
            for row in rows:
                dataset.append(
                    ["", row["code"], row["name"], "model", row["unit_pk"], row["field_pk"], row["phase_pk"]]
                    + [row["registered_on"].isoformat(), row["status"], row["situation"], row["goals"], row["content_method"]]
                    + [row["people_reached"], row["money_mobilised"], row["land_donated_m2"], row["works_completed"]]
                )
            resource = modelresource_factory(Initiative)()
            started = time.perf_counter()
            outcome = resource.import_data(dataset, dry_run=False)
            elapsed = time.perf_counter() - started
            assert not outcome.has_errors() and not outcome.has_validation_errors(), outcome.totals
            detail = "one pass, no checks"
        added = Initiative.objects.count() - before
        transaction.set_rollback(True)  # the bench database keeps its size
    assert added == args.rows, added
    print(f"import {args.mode}: {added:,} rows in {elapsed:.1f} s ({detail}); rolled back")
    result(rows=added, seconds=elapsed, rate=added / elapsed)


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="what", required=True)
    p = sub.add_parser("export")
    p.add_argument("--mode", choices=["ours", "bare", "iex"], required=True)
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--user", default="bench.admin")
    p.add_argument("--passes", type=int, default=1, help="write the file this many times; the fastest counts")
    p = sub.add_parser("report")
    p.add_argument("--scope", choices=["province", "country"], required=True)
    p.add_argument("--province", default="P01")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--locked", action="store_true", help="serve a locked period from its frozen figures")
    p = sub.add_parser("pages")
    p.add_argument("--user", required=True)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--repeat", type=int, default=15)
    p = sub.add_parser("successor")
    p.add_argument("--plain", default="bench.province")
    p.add_argument("--successor", default="bench.successor")
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--repeat", type=int, default=15)
    p = sub.add_parser("showcase")
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--repeat", type=int, default=10)
    p = sub.add_parser("login")
    p.add_argument("--user", default="bench.province")
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--repeat", type=int, default=10)
    p = sub.add_parser("import")
    p.add_argument("--mode", choices=["ours", "iex"], required=True)
    p.add_argument("--rows", type=int, default=10_000)
    p.add_argument("--user", default="bench.province")
    args = parser.parse_args()
    setup()
    what = {
        "export": export,
        "report": report,
        "pages": pages,
        "successor": successor,
        "showcase": showcase,
        "login": login,
        "import": import_,
    }
    what[args.what](args)


if __name__ == "__main__":
    sys.exit(main())
