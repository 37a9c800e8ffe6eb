"""National-scale data generator: units, initiatives with history, evaluations, reviews, recognitions, awards.

Rows go in with COPY (psycopg2 copy_expert), never row-by-row ORM saves. Run it on a database of its own:
    DATABASE_URL=... python -m bench.generate --units 100000 --initiatives 1000000
The tests run it with 1,000 initiatives so it cannot rot.
"""

import argparse
import csv
import datetime
import io
import os
import random
import time
from collections.abc import Iterable

STATUS_WEIGHTS = [("draft", 5), ("submitted", 5), ("in_progress", 45), ("recognised", 30), ("rejected", 5), ("discontinued", 10)]
UNIT_KINDS = ["commune", "agency", "enterprise", "armed_forces", "front"]
TOPICS = [
    "Dân vận khéo trong giải phóng mặt bằng",
    "Vận động nhân dân hiến đất làm đường giao thông nông thôn",
    "Tổ hướng dẫn công dân tại bộ phận một cửa",
    "Nhóm sản xuất và tiêu thụ rau an toàn",
    "Đoàn thanh niên hỗ trợ dịch vụ công trực tuyến",
    "Dân vận khéo trong tiếp dân và giải quyết thủ tục hành chính",
    "Sổ tay quy ước khu dân cư",
    "Nghe dân nói",
    "Hỗ trợ thẻ bảo hiểm y tế cho đối tượng yếu thế",
    "Camera an ninh khu dân cư",
    "Tuyến đường hoa, thắp sáng đường quê",
    "Phân loại rác thải tại nguồn",
]
LOCAL = datetime.timezone(datetime.timedelta(hours=7))


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()


def copy_rows(cursor, table: str, columns: list[str], rows: Iterable[tuple], chunk: int = 50_000) -> int:
    """COPY rows into table in chunks; returns how many."""
    total = 0
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
    for total, row in enumerate(rows, start=1):
        writer.writerow(["\\N" if v is None else v for v in row])
        if total % chunk == 0:
            buffer.seek(0)
            cursor.copy_expert(sql, buffer)
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        buffer.seek(0)
        cursor.copy_expert(sql, buffer)
    return total


def copy_model(cursor, model, columns: list[str], rows: Iterable[tuple]) -> int:
    """COPY rows given for `columns`; every other column gets the field's default, so schema additions with defaults fit."""
    extra = []
    for field in model._meta.concrete_fields:
        if field.column in columns or field.primary_key:
            continue
        default = field.get_default() if field.has_default() or not field.null else None
        if callable(default):
            default = default()
        extra.append((field.column, default))
    names = columns + [name for name, _ in extra]
    values = tuple(value for _, value in extra)
    return copy_rows(cursor, model._meta.db_table, names, (row + values for row in rows))


def next_id(cursor, table: str) -> int:
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
    return cursor.fetchone()[0]


def reset_sequence(cursor, table: str) -> None:
    cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 1))")


def generate(*, units: int, initiatives: int, seed: int = 2025, provinces=(), log=print) -> dict:
    """Fill the database; returns counts per table. Areas must be loaded first (load_areas).
    `provinces` (area codes such as "P01") puts every unit in those provinces; empty: the whole country."""
    from django.db import connection, transaction
    from django.db.models import Q

    from models_registry.awards.models import Award, AwardForm, Recognition, RecognitionLevel
    from models_registry.evaluations.models import CriteriaSet, YearlyReview
    from models_registry.initiatives.models import ANSWERING_PROVINCE_SQL, Field, Initiative, Phase, StatusChange
    from models_registry.units.models import Area, Unit

    rng = random.Random(seed)
    commune_rows = Area.objects.filter(level="commune")
    if provinces:
        paths = Area.objects.filter(code__in=provinces).values_list("path", flat=True)
        commune_rows = commune_rows.filter(Q(*[Q(path__startswith=path) for path in paths], _connector=Q.OR))
    communes = list(commune_rows.values_list("id", flat=True))
    if not communes:
        raise SystemExit("No areas: run `manage.py load_areas` first.")
    fields = list(Field.objects.values_list("id", flat=True))
    phases = list(Phase.objects.values_list("id", "start_year", "end_year"))
    levels = list(RecognitionLevel.objects.values_list("id", flat=True))
    award_forms = list(AwardForm.objects.values_list("id", flat=True))
    criteria_set = CriteriaSet.objects.filter(is_active=True).prefetch_related("criteria").first()
    counts = {}
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        unit_base = next_id(raw, "units_unit")
        unit_ids = list(range(unit_base, unit_base + units))
        unit_area = {}
        now = datetime.datetime.now(tz=LOCAL)

        def unit_rows():
            for uid in unit_ids:
                area = rng.choice(communes)
                unit_area[uid] = area
                kind = UNIT_KINDS[uid % 5]
                yield (uid, f"B{uid:07d}", f"Đơn vị {kind} số {uid}", kind, area, "", "", "", "", True, now, now)

        counts["units"] = copy_model(
            raw,
            Unit,
            [
                "id",
                "code",
                "name",
                "kind",
                "area_id",
                "address",
                "contact_name",
                "phone",
                "email",
                "is_active",
                "created_at",
                "updated_at",
            ],
            unit_rows(),
        )
        log(f"units: {counts['units']:,} in {time.perf_counter() - started:.1f}s")
        initiative_base = next_id(raw, "initiatives_initiative")
        plans = _plan_initiatives(rng, initiative_base, initiatives, unit_ids, fields, phases)
        counts["initiatives"] = copy_model(raw, Initiative, initiative_columns(), (p["row"] for p in plans))
        raw.execute(  # what Initiative.save() keeps: the province of the unit's area, the one it joined if merged
            "UPDATE initiatives_initiative i SET province_path = '/' || split_part(a.path, '/', 2) || '/' "
            "FROM units_unit u JOIN units_area a ON a.id = u.area_id WHERE u.id = i.unit_id AND i.id >= %s",
            [initiative_base],
        )
        raw.execute(ANSWERING_PROVINCE_SQL)
        log(f"initiatives: {counts['initiatives']:,} in {time.perf_counter() - started:.1f}s")
        counts["status_changes"] = copy_model(
            raw, StatusChange, ["initiative_id", "from_status", "to_status", "at", "note"], _history_rows(plans)
        )
        log(f"history: {counts['status_changes']:,} in {time.perf_counter() - started:.1f}s")
        counts["recognitions"] = copy_model(
            raw,
            Recognition,
            ["initiative_id", "level_id", "decision_no", "decided_on", "signer", "file", "recorded_at"],
            _recognition_rows(rng, plans, levels),
        )
        counts["reviews"] = copy_model(
            raw, YearlyReview, ["initiative_id", "year", "rating", "note", "reviewed_at"], _review_rows(rng, plans)
        )
        counts["awards"] = copy_model(
            raw,
            Award,
            [
                "award_form_id",
                "year",
                "decision_no",
                "decided_on",
                "issuer",
                "signer",
                "file",
                "initiative_id",
                "person_name",
                "person_position",
                "area_id",
                "recorded_at",
            ],
            _award_rows(rng, plans, award_forms, unit_area),
        )
        if criteria_set is not None:
            counts.update(_evaluations(raw, rng, plans, criteria_set))
        for table in [
            "units_unit",
            "initiatives_initiative",
            "initiatives_statuschange",
            "awards_recognition",
            "evaluations_yearlyreview",
            "awards_award",
            "evaluations_evaluation",
            "evaluations_score",
        ]:
            reset_sequence(raw, table)
    with connection.cursor() as cursor:
        for table in ["units_unit", "initiatives_initiative", "initiatives_statuschange", "awards_recognition", "awards_award"]:
            cursor.execute(f"ANALYZE {table}")
    log(f"done in {time.perf_counter() - started:.1f}s: {counts}")
    return counts


def initiative_columns() -> list[str]:
    """The columns the generator writes, in the order of _plan_initiatives' rows."""
    from models_registry.initiatives.domain import CONTENT_FIELDS, PERSON_FIELDS, RESULT_FIELDS

    head = ["id", "kind", "name", "unit_id", "field_id", "phase_id", "registered_on", "started_on"]
    return [*head, *CONTENT_FIELDS, *RESULT_FIELDS, *PERSON_FIELDS, "status", "status_changed_at", "created_at", "updated_at"]


def _plan_initiatives(rng, base, count, unit_ids, fields, phases):
    statuses = [s for s, w in STATUS_WEIGHTS for _ in range(w)]
    plans = []
    for offset in range(count):
        pk = base + offset
        phase_id, first, last = rng.choice(phases)
        last = min(last, 2026)
        registered = datetime.date(rng.randint(first, last), rng.randint(1, 12), rng.randint(1, 28))
        status = rng.choice(statuses)
        kind = "exemplar" if offset % 7 == 0 else "model"
        moments = _moments(rng, registered, status)
        name = f"{rng.choice(TOPICS)} – {'điển hình' if kind == 'exemplar' else 'mô hình'} số {pk}"
        row = (
            pk,
            kind,
            name,
            rng.choice(unit_ids),
            rng.choice(fields),
            phase_id,
            registered,
            registered,
            "Thực trạng và lý do xây dựng mô hình.",
            "Mục tiêu cụ thể, đo được.",
            "Tuyên truyền, vận động, nêu gương.",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            rng.randint(50, 5000),
            rng.randint(0, 500) * 1_000_000,
            rng.randint(0, 3000),
            rng.randint(0, 10),
            "Nguyễn Văn A" if kind == "exemplar" else "",
            "Bí thư chi bộ" if kind == "exemplar" else "",
            "",
            status,
            moments[-1][2],
            moments[0][2],
            moments[-1][2],
        )
        plans.append({"pk": pk, "status": status, "moments": moments, "row": row, "registered": registered})
    return plans


def _moments(rng, registered, status):
    """The history of one initiative: (from, to, at) rows from creation to its status."""
    from models_registry.initiatives.enums import HISTORY_TO

    path = HISTORY_TO[status]
    at = datetime.datetime.combine(registered, datetime.time(9), tzinfo=LOCAL)
    moments, previous = [], ""
    for step in path:
        moments.append((previous, step, at))
        previous = step
        at += datetime.timedelta(days=rng.randint(5, 200))
    return moments


def _history_rows(plans):
    for plan in plans:
        for frm, to, at in plan["moments"]:
            yield (plan["pk"], frm, to, at, "")


def _recognition_rows(rng, plans, levels):
    for plan in plans:
        if plan["status"] == "recognised" or (plan["status"] == "discontinued" and plan["pk"] % 3 == 0):
            at = plan["moments"][3][2] if plan["status"] == "recognised" else plan["moments"][2][2]
            yield (plan["pk"], rng.choice(levels), f"{plan['pk']}/QĐ-BDV", at.date(), "Trưởng ban", "", at)


def _review_rows(rng, plans):
    ratings = ["effective"] * 7 + ["needs_strengthening"] * 2 + ["ineffective"]
    for plan in plans:
        if plan["status"] in {"in_progress", "recognised"}:
            year = min(plan["moments"][-1][2].year, 2025)
            yield (plan["pk"], year, rng.choice(ratings), "", plan["moments"][-1][2])


def _award_rows(rng, plans, award_forms, unit_area):
    for plan in plans:
        if plan["status"] == "recognised" and plan["pk"] % 10 == 0 and award_forms:
            at = plan["moments"][-1][2] + datetime.timedelta(days=30)
            unit_id = plan["row"][3]
            yield (
                rng.choice(award_forms),
                at.year,
                f"{plan['pk']}/QĐ-KT",
                at.date(),
                "Chủ tịch UBND tỉnh",
                "",
                "",
                plan["pk"],
                "",
                "",
                unit_area[unit_id],
                at,
            )


def _evaluations(raw, rng, plans, criteria_set):
    from django.contrib.auth import get_user_model

    from models_registry.evaluations.models import Evaluation, Score

    evaluator, _ = get_user_model().objects.get_or_create(username="bench.evaluator", defaults={"role": "province_staff"})
    criteria = list(criteria_set.criteria.values_list("id", "max_points"))
    base = next_id(raw, "evaluations_evaluation")
    chosen = [p for p in plans if p["status"] in {"in_progress", "recognised"} and p["pk"] % 5 == 0]
    now = datetime.datetime.now(tz=LOCAL)
    evaluations = copy_model(
        raw,
        Evaluation,
        ["id", "initiative_id", "criteria_set_id", "evaluator_id", "overall_comment", "created_at", "updated_at"],
        ((base + i, p["pk"], criteria_set.pk, evaluator.pk, "", now, now) for i, p in enumerate(chosen)),
    )
    scores = copy_model(
        raw,
        Score,
        ["evaluation_id", "criterion_id", "points", "comment"],
        ((base + i, cid, rng.randint(0, int(mx)), "") for i in range(len(chosen)) for cid, mx in criteria),
    )
    return {"evaluations": evaluations, "scores": scores}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--initiatives", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--province", action="append", dest="provinces", default=[], help="area code (P01); repeatable")
    args = parser.parse_args()
    setup_django()
    generate(units=args.units, initiatives=args.initiatives, seed=args.seed, provinces=args.provinces)


if __name__ == "__main__":
    main()
