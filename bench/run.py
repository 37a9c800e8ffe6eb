"""`make bench`: every figure of the benchmark beside its anchor, in one run, then a table of ratios (markdown).

    python -m bench.run [--quick]

Makes the bench databases when missing (bench.databases; never the dev or a test database), then measures each
figure in a fresh process (bench.measure) and, for the load test, gunicorn with 2 workers on a free port of
127.0.0.1, stopped at the end. --quick uses fewer rows and repetitions (a smoke run, not for README).
"""

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass

from bench import databases
from bench.databases import ADMIN_USER, LARGE, PROVINCE_USER, ROOT, SMALL

LOAD_CONNECTIONS = 4
LOAD_SECONDS = 20  # each target's request loop stops after this long...
LOAD_MAX_REQUESTS = 5000  # ...or after this many requests per connection, whichever comes first
LOAD_WARMUP_SECONDS = 3


@dataclass
class Line:
    what: str
    ours: str
    anchor: str
    ratio: float | None
    goal: str
    met: bool | None


LINES: list[Line] = []


def log(message: str) -> None:
    print(message, flush=True)


def measure(srv, dbname: str, *args: str, timeout: int = 900) -> dict:
    """Run one bench.measure command in a fresh process; its output goes through, its RESULT comes back."""
    log(f"$ {' '.join(args)}  [{dbname}]")
    command = [sys.executable, "-m", "bench.measure", *args]
    return child(command, ROOT, databases.django_env(srv, dbname), " ".join(args), timeout)


def child(command: list[str], cwd, env: dict, what: str, timeout: int) -> dict:
    process = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    values = None
    for line in process.stdout.splitlines():
        if line.startswith("RESULT "):
            values = json.loads(line[7:])
        elif not line.startswith("{"):  # JSON log lines of the app stay out of the way
            log("  " + line)
    if process.returncode != 0 or values is None:
        log(process.stderr[-3000:])
        raise SystemExit(f"bench.measure {what} failed ({process.returncode})")
    return values


def add(what, ours, anchor, ratio, goal="", met=None) -> None:
    LINES.append(Line(what, ours, anchor, ratio, goal, met))
    verdict = "" if met is None else ("  met" if met else "  MISSED")
    log(f"==> {what}: {ours} vs {anchor} = {ratio:.2f}x{verdict}" if ratio is not None else f"==> {what}: {ours}")


# --- the measurements ------------------------------------------------------------------------------


def bench_export(srv, rows: int) -> None:
    ours = measure(srv, LARGE.name, "export", "--mode", "ours", "--rows", str(rows), "--passes", "2")
    small = measure(srv, LARGE.name, "export", "--mode", "ours", "--rows", str(rows // 10))
    bare = measure(srv, LARGE.name, "export", "--mode", "bare", "--rows", str(rows), "--passes", "2")
    iex = measure(srv, LARGE.name, "export", "--mode", "iex", "--rows", str(rows))
    ratio = ours["rate"] / bare["rate"]
    add(
        f"Export {rows:,} filtered models to .xlsx (rows/s)",
        f"{ours['rate']:,.0f}",
        f"{bare['rate']:,.0f} bare xlsxwriter",
        ratio,
        "≥ 0.85×",
        ratio >= 0.85,
    )
    flat = ours["growth_mb"] - small["growth_mb"] < 30
    add(
        f"Export peak memory, {rows // 10:,} → {rows:,} rows (MB over start)",
        f"{small['growth_mb']:.0f} → {ours['growth_mb']:.0f} (peak RSS {ours['peak_mb']:.0f})",
        f"bare {bare['growth_mb']:.0f} (peak RSS {bare['peak_mb']:.0f})",
        ours["growth_mb"] / max(bare["growth_mb"], 1),
        "flat (+< 30 MB for 10× rows)",
        flat,
    )
    add(
        "Export beside django-import-export default (rows/s)",
        f"{ours['rate']:,.0f}",
        f"{iex['rate']:,.0f}, peak RSS {iex['peak_mb']:.0f} MB",
        ours["rate"] / iex["rate"],
        "(anchor only)",
    )


# The whole country's open-period report as it was computed until 30/11/2026 (from the status history, three rows a
# model), measured in the same run beside ours: the code of that commit, on the same database as it stood then (the
# statistics on the area codes that came with the change dropped, Postgres' default work_mem) inside a transaction
# that is rolled back. shared_buffers stays this server's (512 MB, which helps the old code too).
BEFORE_COMMIT = "94d5587"  # main before the merge of "Reports of open periods read one row a model" (6141f95)
BEFORE_DRIVER = """
import sys
from argparse import Namespace
from bench import measure
measure.setup()
from django.db import connection, transaction
from reports.models import ReportPeriod
kind, year = measure.SEMI_ANNUAL
period = ReportPeriod.objects.get(area=None, kind=kind, year=year)
with transaction.atomic():
    with connection.cursor() as cursor:
        cursor.execute("DROP STATISTICS IF EXISTS area_path_segment_2, area_path_segment_3, area_path_segment_4")
        cursor.execute("SET LOCAL work_mem = '4MB'")
    measure._measure_report(Namespace(scope="country", repeat=int(sys.argv[1]), locked=False), None, period)
    transaction.set_rollback(True)
"""
# Where the history is not at hand (an export of the repository without .git): the figure measured on 22/11/2026.
COUNTRY_REPORT_BEFORE_MS = 4806


def measure_before(srv, repeat: int) -> dict | None:
    """The open whole country's report built by the code of BEFORE_COMMIT (see above); None without git history."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", BEFORE_COMMIT], capture_output=True)
    if archive.returncode != 0:
        log(f"  (no git history here: {archive.stderr.decode(errors='replace').strip()[:200]})")
        return None
    with tempfile.TemporaryDirectory(prefix="danvan-before-") as tree:
        subprocess.run(["tar", "-x", "-C", tree], input=archive.stdout, check=True)
        log(f"$ report --scope country, the code of {BEFORE_COMMIT}  [{LARGE.name}]")
        command = [sys.executable, "-c", BEFORE_DRIVER, str(repeat)]
        env = databases.django_env(srv, LARGE.name)
        return child(command, tree, env, f"report of {BEFORE_COMMIT}", timeout=1800)


def bench_reports(srv, repeat: int) -> None:
    for scope, label in (("province", "one province (Hà Nội)"), ("country", "the whole country")):
        if scope == "country":
            before = measure_before(srv, max(2, repeat - 2))
        values = measure(srv, LARGE.name, "report", "--scope", scope, "--repeat", str(repeat))
        if scope == "country":
            before_ms = before["server_ms"] if before else COUNTRY_REPORT_BEFORE_MS
            anchor = (
                f"{before_ms:,.0f} ms, the code of {BEFORE_COMMIT} (history)"
                if before
                else (f"{COUNTRY_REPORT_BEFORE_MS:,} ms on 22/11/2026 (no git history here)")
            )
            speedup = before_ms / values["server_ms"]
            add(
                "Semi-annual report, the whole country, open period: faster than before",
                f"{values['server_ms']:,.0f} ms",
                anchor,
                speedup,
                "≥ 3×",
                speedup >= 3,
            )
        ratio = values["server_ms"] / values["raw_ms"]
        add(
            f"Semi-annual report, {label}: build (ms)",
            f"{values['server_ms']:,.0f} ({values['queries']} queries)",
            f"{values['raw_ms']:,.0f} raw SQL",
            ratio,
            "≤ 2×",
            ratio <= 2,
        )
    locked = measure(srv, LARGE.name, "report", "--scope", "country", "--locked", "--repeat", str(repeat))
    small = measure(srv, SMALL.name, "report", "--scope", "province", "--repeat", str(repeat))
    ratio = locked["server_ms"] / small["server_ms"]
    add(
        "Semi-annual report, the whole country, locked period (ms)",
        f"{locked['server_ms']:,.0f} ({locked['queries']} queries)",
        f"{small['server_ms']:,.0f}: Hà Nội at {SMALL.initiatives:,} models",
        ratio,
        "≤ 1.5×",
        ratio <= 1.5,
    )


def bench_successor(srv, repeat: int) -> None:
    """Tây Ninh (a successor: its scope is three subtrees) beside Hà Nội (one), on the national data set."""
    values = measure(srv, LARGE.name, "successor", "--repeat", str(repeat))
    for page, title in (("list", "List page, filters on, 50 rows"), ("report", "Semi-annual report page")):
        successor, plain = values["successor"][page], values["plain"][page]
        ratio = successor["ms"] / plain["ms"]
        add(
            f"{title}: Tây Ninh (successor of 2 provinces) vs Hà Nội (ms, queries)",
            f"{successor['ms']:.0f} ms, {successor['queries']} q",
            f"{plain['ms']:.0f} ms, {plain['queries']} q",
            ratio,
            "≤ 1.3×",
            ratio <= 1.3,
        )


def bench_pages(srv, repeat: int) -> None:
    for username, label in ((PROVINCE_USER, "province staff"), (ADMIN_USER, "administrator")):
        large = measure(srv, LARGE.name, "pages", "--user", username, "--repeat", str(repeat))
        small = measure(srv, SMALL.name, "pages", "--user", username, "--repeat", str(repeat))
        for page, title in (("list", "List page, filters on, 50 rows"), ("detail", "Detail page")):
            big, little = large[page], small[page]
            ratio = big["ms"] / little["ms"]
            add(
                f"{title}, {label}: 1,000,000 vs 1,000 models (ms, queries)",
                f"{big['ms']:.0f} ms, {big['queries']} q",
                f"{little['ms']:.0f} ms, {little['queries']} q",
                ratio,
                "≤ 1.3×, same queries",
                ratio <= 1.3 and big["queries"] == little["queries"],
            )


def bench_showcase(srv, repeat: int) -> None:
    large = measure(srv, LARGE.name, "showcase", "--repeat", str(repeat))
    small = measure(srv, SMALL.name, "showcase", "--repeat", str(repeat))
    for name, title in (("all", "all models"), ("filtered", "Hà Nội, one field"), ("search", "a search")):
        for state in ("cold", "warm"):
            big, little = large[name][f"{state}_ms"], small[name][f"{state}_ms"]
            ratio = big / little
            # Visitors get the cached page (goal ≤ 1.3×); the first view after a recognition or revocation draws
            # it from the database (shown beside it, no goal: the header totals count every model on show).
            warm = state == "warm"
            add(
                f"Showcase, {title}, {state} cache: 1,000,000 vs 1,000 models (ms)",
                f"{big:.0f} ms" + ("" if warm else f", {large[name]['queries']} q"),
                f"{little:.0f} ms" + ("" if warm else f", {small[name]['queries']} q"),
                ratio,
                "≤ 1.3×" if warm else "(first view after a change)",
                ratio <= 1.3 if warm else None,
            )


def bench_import(srv, rows: int) -> None:
    ours = measure(srv, LARGE.name, "import", "--mode", "ours", "--rows", str(rows), timeout=1800)
    iex = measure(srv, LARGE.name, "import", "--mode", "iex", "--rows", str(rows), timeout=1800)
    add(
        f"Import {rows:,} rows (rows/s; ours = check + confirm)",
        f"{ours['rate']:,.0f}",
        f"{iex['rate']:,.0f} import-export default",
        ours["rate"] / iex["rate"],
        "≥ 5×",
        ours["rate"] / iex["rate"] >= 5,
    )


def bench_login(srv, repeat: int) -> None:
    values = measure(srv, LARGE.name, "login", "--user", PROVINCE_USER, "--repeat", str(repeat))
    ours, bare = values["ours"], values["bare"]
    add(
        f"Login, province staff: the POST and the next page drawn (ms; {values['hasher']})",
        f"{ours['total_ms']:,.0f} (POST {ours['post_ms']:,.0f})",
        f"{bare['total_ms']:,.0f} bare LoginView and list (POST {bare['post_ms']:,.0f})",
        ours["total_ms"] / bare["total_ms"],
        "≤ 500 ms",
        ours["total_ms"] <= 500,
    )


# --- load test -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def sessions(srv, count: int) -> list[str]:
    """Session keys of the province staff, made with the session engine in the large database."""
    code = (
        "from bench import measure; measure.setup()\n"
        "from importlib import import_module\n"
        "from django.conf import settings\n"
        "from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY\n"
        f"user = measure.user({PROVINCE_USER!r})\n"
        "store = import_module(settings.SESSION_ENGINE).SessionStore\n"
        f"for _ in range({count}):\n"
        "    s = store(); s[SESSION_KEY] = str(user.pk); s[HASH_SESSION_KEY] = user.get_session_auth_hash()\n"
        "    s[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]; s.create(); print('KEY', s.session_key)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=databases.django_env(srv, LARGE.name), capture_output=True, text=True
    )
    keys = [line[4:] for line in out.stdout.splitlines() if line.startswith("KEY ")]
    if len(keys) != count:
        raise SystemExit(out.stderr[-2000:])
    return keys


class Gunicorn:
    def __init__(self, srv):
        self.port = free_port()
        env = databases.django_env(srv, LARGE.name)
        command = [sys.executable, "-m", "gunicorn", "danvan.wsgi", "--bind", f"127.0.0.1:{self.port}"]
        # No control socket: its default path is shared by every gunicorn of this user (make run, another checkout).
        command += ["--workers", "2", "--log-level", "warning", "--no-control-socket"]
        (ROOT / "bench" / "out").mkdir(exist_ok=True)
        self.log = open(ROOT / "bench" / "out" / "gunicorn.log", "w")  # noqa: SIM115 -- closed in stop()
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.3)
        raise SystemExit("gunicorn did not answer /healthz within 60 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def load(port: int, path: str, cookies: list[str], seconds: float, max_requests: int) -> dict:
    """LOAD_CONNECTIONS threads, each with its own keep-alive connection (reopened when the server closes it)
    and its own session, request `path` until `seconds` pass or `max_requests` are made; only to 127.0.0.1."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(cookie: str) -> None:
        conn, mine, failed = None, [], []
        for _ in range(max_requests):
            if time.monotonic() >= deadline:
                break
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                started = time.perf_counter()
                conn.request("GET", path, headers={"Cookie": f"sessionid={cookie}", "Host": "127.0.0.1"})
                response = conn.getresponse()
                body = response.read()
                elapsed = time.perf_counter() - started
                if response.status != 200 or b"</html>" not in body:
                    failed.append(f"{response.status}")
                else:
                    mine.append(elapsed)
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException) as error:
                failed.append(repr(error))
                if conn is not None:
                    conn.close()
                conn = None
        if conn is not None:
            conn.close()
        with lock:
            latencies.extend(mine)
            errors.extend(failed)

    threads = [threading.Thread(target=worker, args=(cookie,)) for cookie in cookies]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    if not latencies:
        raise SystemExit(f"load on {path}: no successful request ({errors[:3]})")
    return {
        "requests": len(latencies),
        "errors": len(errors),
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
    }


def bench_load(srv, seconds: float) -> None:
    cookies = sessions(srv, LOAD_CONNECTIONS)
    field = subprocess.run(
        [sys.executable, "-c", "from bench import measure; measure.setup(); print(measure.list_url())"],
        cwd=ROOT,
        env=databases.django_env(srv, LARGE.name),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[-1]
    targets = {"list": field, "bare": f"/bench/bare/?scope=/{databases.BENCH_PROVINCE}/"}
    server = Gunicorn(srv)
    results = {}
    try:
        server.wait_ready()
        for name, path in targets.items():
            load(server.port, path, cookies, LOAD_WARMUP_SECONDS, 50)  # warm both workers
            results[name] = values = load(server.port, path, cookies, seconds, LOAD_MAX_REQUESTS)
            log(
                f"load {name} {path}: {values['requests']} requests, {values['errors']} errors, "
                f"{values['rps']:.1f} req/s, p50 {values['p50']:.1f} ms, p95 {values['p95']:.1f} ms"
            )
    finally:
        server.stop()
    ours, bare = results["list"], results["bare"]
    ratio = ours["rps"] / bare["rps"]
    add(
        "List page under load, gunicorn 2 workers, 4 connections (req/s)",
        f"{ours['rps']:.1f}",
        f"{bare['rps']:.1f} bare 50-row view",
        ratio,
        "≥ 0.5×",
        ratio >= 0.5 and not ours["errors"],
    )
    add(
        "List page under load: p50 / p95 latency (ms)",
        f"{ours['p50']:.0f} / {ours['p95']:.0f}",
        f"{bare['p50']:.0f} / {bare['p95']:.0f} bare",
        ours["p95"] / bare["p95"],
        "p95 < 50 ms",
        ours["p95"] < 50,
    )


# --- the table -------------------------------------------------------------------------------------


def table() -> str:
    rows = ["| what | ours | anchor | ratio | goal | met? |", "|---|---|---|---|---|---|"]
    for line in LINES:
        ratio = f"{line.ratio:.2f}×" if line.ratio is not None else ""
        met = "" if line.met is None else ("yes" if line.met else "**no**")
        rows.append(f"| {line.what} | {line.ours} | {line.anchor} | {ratio} | {line.goal} | {met} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer rows and repetitions: a smoke run")
    parser.add_argument(
        "--only", nargs="*", choices=["export", "reports", "pages", "successor", "showcase", "login", "import", "load"]
    )
    args = parser.parse_args()
    started = time.monotonic()
    srv = databases.server()
    for size in (SMALL, LARGE):
        databases.ensure(size, srv, log=log)
    log(f"databases ready in {time.monotonic() - started:.0f} s; {os.cpu_count()} cores")
    quick = args.quick
    steps = {
        "export": lambda: bench_export(srv, 10_000 if quick else 100_000),
        "reports": lambda: bench_reports(srv, 2 if quick else 5),
        "pages": lambda: bench_pages(srv, 5 if quick else 20),
        "successor": lambda: bench_successor(srv, 5 if quick else 20),
        "showcase": lambda: bench_showcase(srv, 3 if quick else 10),
        "login": lambda: bench_login(srv, 3 if quick else 10),
        "import": lambda: bench_import(srv, 1_000 if quick else 10_000),
        "load": lambda: bench_load(srv, 5 if quick else LOAD_SECONDS),
    }
    for name, step in steps.items():
        if args.only and name not in args.only:
            continue
        step_started = time.monotonic()
        step()
        log(f"({name}: {time.monotonic() - step_started:.0f} s)")
    log(f"\nBenchmark on {LARGE.initiatives:,} models, {os.cpu_count()} cores, in {time.monotonic() - started:.0f} s:\n")
    print(table(), flush=True)


if __name__ == "__main__":
    main()
