"""Demo registry: about 600 models and exemplars over three phases and every status, with history,
evaluations, yearly reviews, recognitions, outstanding marks and awards — and the real models and
figures of the seed articles, so that reports show the same numbers as the newspapers.

Histories carry their real (past) dates, so rows are written directly with consistent StatusChange
rows rather than through change_status (which stamps "now"). Everything is keyed by codes starting
with DEMO-, and nothing is written twice.
"""

import datetime
import random

from django.db import connection, transaction

from danvan.demo import seeds
from danvan.demo.plan import Plan, aware, demo_today
from models_registry.awards.models import Award, AwardForm, Outstanding, Recognition, RecognitionLevel
from models_registry.evaluations.examples import load_examples
from models_registry.evaluations.models import CriteriaSet, Evaluation, Score, YearlyReview
from models_registry.initiatives.enums import HISTORY_TO
from models_registry.initiatives.models import Field, Initiative, Phase, StatusChange
from models_registry.units.models import Area, Unit, province_path_of

STATUS_WEIGHTS = [("draft", 6), ("submitted", 8), ("in_progress", 42), ("recognised", 30), ("rejected", 4), ("discontinued", 10)]
LAST_DISTRICT_DAY = datetime.date(2025, 6, 30)
CURRENT_START = datetime.date(2025, 7, 1)
WAITING = {"submitted", "returned"}
# The commune office whose units take over the waiting models of a former district's demo units.
SUCCESSOR_OFFICE = {"thanhxuan": "PHTHANHXUAN", "gialam": "XGIALAM", "kientuong": "PHKIENTUONG"}
NOTES = {
    "returned": "Đề nghị bổ sung biên bản họp dân và ảnh minh chứng kết quả thực hiện.",
    "rejected": "Chưa đáp ứng tiêu chí đăng ký.",
    "discontinued": "Rà soát năm: mô hình không còn hiệu quả.",
}
RATINGS = ["effective"] * 15 + ["needs_strengthening"] * 4 + ["ineffective"]


def already_loaded() -> bool:
    return Initiative.objects.filter(code__startswith="DEMO-").exists()


@transaction.atomic
def load_registry(users: dict) -> dict:
    """Write the demo registry once; returns counts."""
    if already_loaded():
        return {"initiatives": Initiative.objects.filter(code__startswith="DEMO-").count(), "skipped": True}
    load_examples()
    rng = random.Random(2016)
    units = {u.code: u for u in Unit.objects.select_related("area")}
    plans = seeds.seed_plans(units) + _generated_plans(rng, units)
    initiatives = _write_initiatives(plans)
    _write_history(plans, initiatives, users)
    _write_recognitions(rng, plans, initiatives, users)
    _write_reviews(rng, plans, initiatives, users)
    _write_evaluations(rng, plans, initiatives, users)
    awards = seeds.seed_awards(units, initiatives, users) + _generated_awards(rng, plans, initiatives, users)
    _analyze([Area, Unit, Initiative, StatusChange, Recognition, Outstanding, YearlyReview, Evaluation, Score, Award])
    return {"initiatives": len(initiatives), "awards": awards}


def _analyze(models) -> None:
    """Fresh planner statistics for the tables just filled in bulk, and for the areas and units the reports join:
    the reports built right after (one per submitted period report) otherwise plan on stale counts, which once took
    minutes instead of seconds (and 200 s instead of 20 in the test suite, after a test whose rolled-back ANALYZE
    had left other row counts in pg_class)."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {model._meta.db_table}")


def _generated_plans(rng: random.Random, units: dict) -> list[Plan]:
    """Models spread over the demo districts, phases and statuses."""
    statuses = [s for s, weight in STATUS_WEIGHTS for _ in range(weight)]
    by_district: dict[str, list[Unit]] = {}
    for code, unit in units.items():
        by_district.setdefault(code.split("-")[0], []).append(unit)
    plans, number = [], 0
    for district, count in seeds.GENERATED_PER_DISTRICT.items():
        pool = sorted(by_district[district.upper()], key=lambda u: u.code)
        for _ in range(count):
            number += 1
            status = rng.choice(statuses)
            if status == "submitted" and number % 3 == 0:  # a few came back for correction (no draw changes)
                status = "returned"
            successors = by_district.get(SUCCESSOR_OFFICE.get(district, ""))
            if status in WAITING and not successors:
                status = "in_progress"  # decided before the district ended: nothing of it waits for years
            plan = _random_plan(rng, number, rng.choice(pool), status)
            if status in WAITING:
                _recent(rng, plan, successors)
            plans.append(plan)
    return plans


def _recent(rng: random.Random, plan: Plan, commune_units: list[Unit]) -> None:
    """A model waiting for review (or sent back) is recent, and since 01/07/2025 registered by a commune's unit:
    it waits days or weeks, never years."""
    plan.unit = sorted(commune_units, key=lambda u: u.code)[rng.randrange(len(commune_units))]
    plan.name = f"{plan.name.split(' (')[0]} ({plan.unit.area.name})" if plan.kind == "model" else plan.name
    plan.registered = max(demo_today() - datetime.timedelta(days=rng.randint(12, 60)), CURRENT_START)
    plan.gaps = [rng.randint(2, 8), rng.randint(3, 10)]


def _random_plan(rng: random.Random, number: int, unit: Unit, status: str) -> Plan:
    topic, field_code = rng.choice(seeds.TOPICS)
    exemplar = number % 6 == 0
    # Districts were abolished on 01/07/2025: their units registered models before that.
    registered = datetime.date(rng.randint(2016, 2025), rng.randint(1, 12), rng.randint(1, 28))
    if registered > LAST_DISTRICT_DAY:
        registered = registered.replace(year=registered.year - 1)
    if status in {"recognised", "discontinued"} and registered.year > 2023:
        registered = registered.replace(year=registered.year - 2)
    person = (rng.choice(seeds.PEOPLE), rng.choice(seeds.POSITIONS)) if exemplar else ("", "")
    name = f"{person[0]} – {topic.lower()}" if exemplar else f"{topic} ({unit.area.name})"
    return Plan(
        code=f"DEMO-{number:04d}",
        name=name,
        unit=unit,
        kind="exemplar" if exemplar else "model",
        field_code=field_code,
        registered=registered,
        path=list(HISTORY_TO[status]),
        gaps=[rng.randint(3, 20), rng.randint(10, 45), rng.randint(150, 500), rng.randint(200, 700)],
        content=seeds.CONTENT,
        person=person,
        results=(rng.randint(40, 3000), rng.randint(0, 80) * 5_000_000, rng.randint(0, 40) * 100, rng.randint(0, 6)),
        level_code=rng.choice(["huyen"] * 5 + ["tinh"] * 2 + ["xa"]),
    )


def _write_initiatives(plans: list[Plan]) -> dict[str, Initiative]:
    fields = {f.code: f for f in Field.objects.all()}
    phases = list(Phase.objects.all())
    rows = []
    for plan in plans:
        moments = plan.moments()
        phase = next((p for p in phases if p.start_year <= plan.registered.year <= p.end_year), phases[-1])
        people, money, land, works = plan.results
        rows.append(
            Initiative(
                code=plan.code,
                kind=plan.kind,
                name=plan.name,
                unit=plan.unit,
                field=fields[plan.field_code],
                phase=phase,
                registered_on=plan.registered,
                started_on=plan.registered,
                situation=seeds.SITUATION,
                goals=seeds.GOALS,
                content_method=plan.content or seeds.CONTENT,
                place_target=f"Nhân dân trên địa bàn {plan.unit.area.name}",
                lead_force=plan.unit.name,
                partner_forces="Ủy ban MTTQ và các đoàn thể chính trị – xã hội",
                participating_forces="Cán bộ, đảng viên và nhân dân",
                resources_timeline="Ngân sách địa phương và nguồn xã hội hóa; thực hiện trong giai đoạn.",
                expected_outputs="Nhân dân đồng thuận, nhiệm vụ được hoàn thành đúng tiến độ.",
                sustainability="Duy trì thường xuyên, có thể nhân rộng ở địa phương khác.",
                people_reached=people,
                money_mobilised=money,
                land_donated_m2=land,
                works_completed=works,
                person_name=plan.person[0],
                person_position=plan.person[1],
                status=plan.path[-1],
                status_changed_at=aware(moments[-1][2]),
                province_path=province_path_of(plan.unit.area),  # bulk_create skips save()
            )
        )
    created = Initiative.objects.bulk_create(rows)
    return {i.code: i for i in created}


def _write_history(plans: list[Plan], initiatives: dict, users: dict) -> None:
    rows = []
    for plan in plans:
        officer, staff = users["officer"](plan.unit), users["staff"](plan.unit)
        for frm, to, day in plan.moments():
            by = officer if to in {"draft", "submitted"} else staff
            note = NOTES.get(to, "")
            rows.append(
                StatusChange(initiative=initiatives[plan.code], from_status=frm, to_status=to, by=by, at=aware(day), note=note)
            )
    StatusChange.objects.bulk_create(rows)
    for plan in plans:  # who registered it and when: the history's first row (auto_now_add would say "today")
        initiative = initiatives[plan.code]
        initiative.created_at, initiative.created_by = aware(plan.registered), users["officer"](plan.unit)
        initiative.updated_at, initiative.updated_by = aware(plan.moments()[-1][2]), initiative.created_by
    Initiative.objects.bulk_update(initiatives.values(), ["created_at", "created_by", "updated_at", "updated_by"])


def _write_recognitions(rng: random.Random, plans: list[Plan], initiatives: dict, users: dict) -> None:
    levels = {level.code: level for level in RecognitionLevel.objects.all()}
    rows, marks = [], []
    for plan in plans:
        day = plan.date_of("recognised")
        if day is None:
            continue
        initiative = initiatives[plan.code]
        office = users["officer"](plan.unit).office
        rows.append(
            Recognition(
                initiative=initiative,
                level=levels[plan.level_code],
                decision_no=f"{rng.randint(10, 399)}-QĐ/{office.abbreviation}",
                decided_on=day,
                signer=office.signer_name,  # the head who signs the office's decisions (demo data of the office)
                office=office,
                recorded_by=users["staff"](plan.unit),
                recorded_at=aware(day),
            )
        )
        if rng.random() < 0.2:
            marks.append(
                Outstanding(initiative=initiative, year=day.year, marked_by=users["staff"](plan.unit), marked_at=aware(day))
            )
    Recognition.objects.bulk_create(rows)
    Outstanding.objects.bulk_create(marks)


def _active_years(plan: Plan) -> range:
    """The years at whose end the model was in progress or recognised."""
    approved = plan.date_of("in_progress")
    if approved is None:
        return range(0)
    stopped = plan.date_of("discontinued")
    last = (stopped.year - 1) if stopped else min(demo_today().year - 1, 2025)
    return range(approved.year, last + 1)


def _write_reviews(rng: random.Random, plans: list[Plan], initiatives: dict, users: dict) -> None:
    rows = []
    for plan in plans:
        for year in _active_years(plan):
            rating = plan.reviews.get(year) or rng.choice(RATINGS)
            stopped = plan.date_of("discontinued")
            if rating == "ineffective" and not (stopped and stopped.year == year + 1):
                rating = "needs_strengthening"
            rows.append(
                YearlyReview(
                    initiative=initiatives[plan.code],
                    year=year,
                    rating=rating,
                    note="" if rating == "effective" else "Cần tiếp tục củng cố, duy trì.",
                    reviewed_by=users["officer"](plan.unit),
                    reviewed_at=aware(datetime.date(year, 12, 15)),
                )
            )
    YearlyReview.objects.bulk_create(rows)


def _write_evaluations(rng: random.Random, plans: list[Plan], initiatives: dict, users: dict) -> None:
    criteria_set = CriteriaSet.objects.filter(is_example=True, applies_to__in=["model", "both"]).order_by("pk").first()
    if criteria_set is None:
        return
    criteria = list(criteria_set.criteria.all())
    chosen = [p for p in plans if p.kind == "model" and p.path[-1] in {"in_progress", "recognised"}][::4]
    evaluations = Evaluation.objects.bulk_create(
        [
            Evaluation(
                initiative=initiatives[p.code],
                criteria_set=criteria_set,
                evaluator=users["staff"](p.unit),
                overall_comment="Mô hình thiết thực, được nhân dân đồng tình.",
            )
            for p in chosen
        ]
    )
    scores = []
    for evaluation in evaluations:
        for criterion in criteria:
            low = int(criterion.max_points * 6 / 10)
            scores.append(Score(evaluation=evaluation, criterion=criterion, points=rng.randint(low, int(criterion.max_points))))
    Score.objects.bulk_create(scores)


def _generated_awards(rng: random.Random, plans: list[Plan], initiatives: dict, users: dict) -> int:
    forms = list(AwardForm.objects.filter(recipient_kind="collective").order_by("order"))
    rows = []
    for plan in plans[::9]:
        day = plan.date_of("recognised")
        if day is None or not forms or plan.unit.code.startswith("THANHXUAN-"):  # Thanh Xuân's awards are the article's
            continue
        decided = min(day + datetime.timedelta(days=60), demo_today())
        rows.append(
            Award(
                award_form=rng.choice(forms[:3]),
                year=day.year,
                decision_no=f"{rng.randint(100, 999)}/QĐ-KT",
                decided_on=decided,
                issuer="UBND cấp huyện",
                signer="Chủ tịch UBND",
                initiative=initiatives[plan.code],
                area=plan.unit.area,
                recorded_by=users["staff"](plan.unit),
                recorded_at=aware(decided),
            )
        )
    Award.objects.bulk_create(rows)
    return len(rows)
