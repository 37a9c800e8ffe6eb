"""Criteria sets, scoring (totals, bands, NULL scores), the evaluation pages, list, export and scope."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from danvan.audit.models import AuditEntry
from danvan.errors import DomainError
from models_registry.evaluations import domain
from models_registry.evaluations.access import with_results
from models_registry.evaluations.examples import load_examples
from models_registry.evaluations.models import CriteriaSet, Evaluation, Score
from tests.factories import InitiativeFactory, UserFactory, as_request_user
from tests.factories_awards import CriteriaSetFactory, EvaluationFactory, scored
from tests.pages import NOT_FOUND, seen

# ---------------------------------------------------------------- totals and bands


@pytest.mark.parametrize(
    ("points", "total", "band"),
    [
        ((25, 25, 25, 15), Decimal(90), "Xuất sắc"),
        ((25, 25, 25, "14.99"), Decimal("89.99"), "Tốt"),
        ((25, 25, 25, 0), Decimal(75), "Tốt"),
        ((25, 25, "24.99", 0), Decimal("74.99"), "Khá"),
        ((20, 20, 20, 0), Decimal(60), "Khá"),
        ((20, 20, "19.99", 0), Decimal("59.99"), "Không đạt"),
        ((0, 0, 0, 0), Decimal(0), "Không đạt"),
        ((25, 25, 25, 25), Decimal(100), "Xuất sắc"),
    ],
)
def test_evaluation_total_and_band_at_band_boundaries(db, points, total, band):
    evaluation = scored(EvaluationFactory(), *points)

    annotated = with_results(Evaluation.objects.filter(pk=evaluation.pk)).get()

    assert (annotated.result.total, annotated.result.band.name, annotated.result.complete) == (total, band, True)
    fresh = Evaluation.objects.get(pk=evaluation.pk)  # the same result without the annotations
    assert (fresh.result.total, fresh.result.band.name) == (total, band)


def test_evaluation_with_every_score_null_has_no_total_and_no_band(db):
    evaluation = scored(EvaluationFactory(), None, None, None, None)

    result = with_results(Evaluation.objects.filter(pk=evaluation.pk)).get().result

    assert (result.total, result.band, result.scored, result.criteria, result.complete) == (None, None, 0, 4, False)


def test_evaluation_without_score_rows_has_no_total(db):
    result = with_results(Evaluation.objects.filter(pk=EvaluationFactory().pk)).get().result

    assert (result.total, result.band, result.scored) == (None, None, 0)


def test_evaluation_with_some_null_scores_totals_the_scored_and_is_incomplete(db):
    evaluation = scored(EvaluationFactory(), 25, None, 25, "12.5")

    result = with_results(Evaluation.objects.filter(pk=evaluation.pk)).get().result

    assert (result.total, result.band.name, result.scored, result.complete, result.passed) == (
        Decimal("62.5"),
        "Khá",
        3,
        False,
        True,
    )


def test_means_by_set_average_evaluations_with_a_total_only(db):
    initiative = InitiativeFactory(status="in_progress")
    criteria_set = CriteriaSetFactory()
    scored(EvaluationFactory(initiative=initiative, criteria_set=criteria_set), 25, 25, 25, 20)  # 95
    scored(EvaluationFactory(initiative=initiative, criteria_set=criteria_set), 20, 20, 20, 10)  # 70
    scored(EvaluationFactory(initiative=initiative, criteria_set=criteria_set), None, None, None, None)

    means = domain.means_by_set(with_results(initiative.evaluations.all()))

    assert [(m.criteria_set, m.total, m.count, m.band.name) for m in means] == [(criteria_set, Decimal("82.50"), 2, "Tốt")]


# ---------------------------------------------------------------- saving an evaluation


@pytest.fixture
def model_a(unit_a):
    return InitiativeFactory(unit=unit_a, status="in_progress", name="Mô hình Dân vận khéo xã Đặng Xá")


@pytest.fixture
def model_b(unit_b):
    return InitiativeFactory(unit=unit_b, status="in_progress", name="Mô hình phường Bồ Đề")


@pytest.fixture
def criteria_set(db):
    return CriteriaSetFactory(name="Bộ tiêu chí 2025", criteria=[10, 20, 30, 40])


def _points(criteria_set, *values):
    return {c.pk: (None if v is None else Decimal(str(v))) for c, v in zip(criteria_set.criteria.all(), values, strict=True)}


def test_save_evaluation_creates_scores_with_null_for_not_scored_and_records_audit(province_staff, model_a, criteria_set):
    evaluation = domain.save_evaluation(
        model_a,
        by=province_staff,
        criteria_set=criteria_set,
        points=_points(criteria_set, 8, None, 25, 30),
        comments={},
        overall_comment="Có hiệu quả",
    )

    points = list(Score.objects.filter(evaluation=evaluation).order_by("criterion__order").values_list("points", flat=True))
    assert points == [Decimal(8), None, Decimal(25), Decimal(30)]
    assert (evaluation.result.total, evaluation.result.complete) == (Decimal(63), False)
    entry = AuditEntry.objects.get(object_id=evaluation.pk, content_type__model="evaluation")
    assert (entry.action, entry.actor) == ("create", province_staff)


def test_save_evaluation_again_updates_the_same_evaluation_and_records_what_changed(province_staff, model_a, criteria_set):
    domain.save_evaluation(
        model_a, by=province_staff, criteria_set=criteria_set, points=_points(criteria_set, 8, 20, 25, 30), comments={}
    )

    evaluation = domain.save_evaluation(
        model_a, by=province_staff, criteria_set=criteria_set, points=_points(criteria_set, 8, 20, 25, 40), comments={}
    )

    assert Evaluation.objects.count() == 1
    assert evaluation.result.total == Decimal(93)
    entry = AuditEntry.objects.get(object_id=evaluation.pk, action="update")
    assert entry.changes == {"4. Tiêu chí 4": ["30", "40"]}


def test_save_evaluation_refuses_points_above_the_maximum_and_saves_nothing(province_staff, model_a, criteria_set):
    with pytest.raises(DomainError) as error:
        domain.save_evaluation(
            model_a, by=province_staff, criteria_set=criteria_set, points=_points(criteria_set, 11, 0, 0, 0), comments={}
        )

    assert error.value.message == "Điểm của “Tiêu chí 1” phải từ 0 đến 10."
    assert Evaluation.objects.count() == 0


@pytest.mark.parametrize("status", ["draft", "recognised", "rejected", "discontinued"])
def test_save_evaluation_refused_outside_scorable_statuses(province_staff, unit_a, criteria_set, status):
    initiative = InitiativeFactory(unit=unit_a, status=status)

    with pytest.raises(DomainError):
        domain.save_evaluation(initiative, by=province_staff, criteria_set=criteria_set, points={}, comments={})

    assert Evaluation.objects.count() == 0


def test_save_evaluation_refused_for_an_officer(officer_a, model_a, criteria_set):
    with pytest.raises(DomainError):
        domain.save_evaluation(model_a, by=officer_a, criteria_set=criteria_set, points={}, comments={})


def test_save_evaluation_refuses_a_set_for_the_other_kind(province_staff, unit_a):
    exemplar = InitiativeFactory(unit=unit_a, status="in_progress", kind="exemplar", person_name="Nguyễn Thị Lan")
    models_only = CriteriaSetFactory(applies_to="model")

    with pytest.raises(DomainError) as error:
        domain.save_evaluation(exemplar, by=province_staff, criteria_set=models_only, points={}, comments={})

    assert error.value.message == "Bộ tiêu chí này không áp dụng cho mô hình này."


def test_two_evaluators_each_have_their_own_evaluation(province_staff, office_province, model_a, criteria_set):
    other = UserFactory(username="staff2", role="province_staff", office=office_province)
    domain.save_evaluation(
        model_a, by=province_staff, criteria_set=criteria_set, points=_points(criteria_set, 10, 20, 30, 40), comments={}
    )
    domain.save_evaluation(model_a, by=other, criteria_set=criteria_set, points=_points(criteria_set, 5, 10, 15, 20), comments={})

    totals = sorted(e.result.total for e in with_results(model_a.evaluations.all()))
    assert totals == [Decimal(50), Decimal(100)]


# ---------------------------------------------------------------- criteria sets: frozen once used, copies


def test_used_criteria_set_cannot_be_edited(db):
    evaluation = EvaluationFactory()

    with pytest.raises(DomainError) as error:
        domain.check_editable(evaluation.criteria_set)

    assert error.value.message == "Bộ tiêu chí này đã được dùng để chấm điểm: không thể sửa, chỉ có thể sao chép."


def test_copy_of_a_used_set_is_a_new_inactive_editable_version_with_the_same_content(admin_user):
    original = EvaluationFactory(criteria_set=CriteriaSetFactory(name="Bộ A", criteria=[40, 60], is_example=True)).criteria_set

    copy = domain.copy_criteria_set(original, by=admin_user)

    assert (copy.name, copy.version, copy.is_active, copy.is_example, copy.copied_from) == ("Bộ A", 2, False, False, original)
    assert [(c.order, c.title, c.max_points) for c in copy.criteria.all()] == [
        (1, "Tiêu chí 1", Decimal(40)),
        (2, "Tiêu chí 2", Decimal(60)),
    ]
    assert sorted(b.lower_bound for b in copy.bands.all()) == [0, 60, 75, 90]
    domain.check_editable(copy)  # does not raise


def test_admin_refuses_changing_a_used_criteria_set(client_for, admin_user):
    criteria_set = EvaluationFactory(criteria_set=CriteriaSetFactory(name="Bộ B")).criteria_set
    url = reverse("admin:evaluations_criteriaset_change", args=[criteria_set.pk])

    page = client_for(admin_user).get(url)

    form = page.context["adminform"].form
    assert sorted(form.fields) == ["is_active"]  # everything else is read-only
    assert [inline.formset.can_delete for inline in page.context["inline_admin_formsets"]] == [False, False]


def test_admin_edits_an_unused_criteria_set_and_its_criteria(client_for, admin_user):
    criteria_set = CriteriaSetFactory(name="Bộ C", criteria=[100])
    criterion = criteria_set.criteria.get()
    band_ids = list(criteria_set.bands.values_list("pk", flat=True))
    data = {
        "name": "Bộ C sửa",
        "version": 1,
        "applies_to": "both",
        "pass_threshold": "50",
        "is_active": "on",
        "bands-TOTAL_FORMS": 4,
        "bands-INITIAL_FORMS": 4,
        "criteria-TOTAL_FORMS": 1,
        "criteria-INITIAL_FORMS": 1,
        "criteria-0-id": criterion.pk,
        "criteria-0-criteria_set": criteria_set.pk,
        "criteria-0-order": 1,
        "criteria-0-title": "Hiệu quả thực tế",
        "criteria-0-max_points": "100",
    }
    for index, band in enumerate(criteria_set.bands.all()):
        data.update(
            {
                f"bands-{index}-id": band.pk,
                f"bands-{index}-criteria_set": criteria_set.pk,
                f"bands-{index}-name": band.name,
                f"bands-{index}-lower_bound": str(band.lower_bound),
            }
        )

    response = client_for(admin_user).post(reverse("admin:evaluations_criteriaset_change", args=[criteria_set.pk]), data)

    assert response.status_code == 302
    criteria_set.refresh_from_db()
    assert (criteria_set.name, criteria_set.applies_to, criteria_set.criteria.get().title) == (
        "Bộ C sửa",
        "both",
        "Hiệu quả thực tế",
    )
    assert sorted(criteria_set.bands.values_list("pk", flat=True)) == sorted(band_ids)


def test_criteria_set_copy_view_is_for_administrators_only(client_for, province_staff, admin_user):
    criteria_set = CriteriaSetFactory(name="Bộ D")

    refused = client_for(province_staff).post(reverse("evaluations:criteria_set_copy", args=[criteria_set.pk]))
    assert (refused.status_code, CriteriaSet.objects.filter(name="Bộ D").count()) == (403, 1)

    done = client_for(admin_user).post(reverse("evaluations:criteria_set_copy", args=[criteria_set.pk]))
    copy = CriteriaSet.objects.get(name="Bộ D", version=2)
    assert done.url == reverse("admin:evaluations_criteriaset_change", args=[copy.pk])


def test_load_criteria_examples_is_idempotent_and_sums_to_100(db):
    load_examples()
    sets = load_examples()

    assert CriteriaSet.objects.count() == 2
    summary = [
        (s.applies_to, s.is_example, s.pass_threshold, sum(c.max_points for c in s.criteria.all()), s.criteria.count())
        for s in sets
    ]
    assert summary == [("model", True, Decimal(60), Decimal(100), 9), ("exemplar", True, Decimal(60), Decimal(100), 4)]
    assert [(b.name, b.lower_bound) for b in sets[0].bands.all()] == [
        ("Xuất sắc", 90),
        ("Tốt", 75),
        ("Khá", 60),
        ("Không đạt", 0),
    ]


def test_criteria_sets_page_marks_examples(client_for, officer_a):
    load_examples()

    response = client_for(officer_a).get(reverse("evaluations:criteria_sets"))

    assert response.content.decode().count('<span class="badge text-bg-info">Ví dụ</span>') == 2


# ---------------------------------------------------------------- the scoring page


def test_score_page_saves_the_evaluation_and_shows_total_and_band(client_for, province_staff, model_a, criteria_set):
    c1, c2, c3, c4 = criteria_set.criteria.all()
    data = {
        "criteria_set": criteria_set.pk,
        f"points_{c1.pk}": "9,5",
        f"points_{c2.pk}": "20",
        f"points_{c3.pk}": "",
        f"points_{c4.pk}": "35",
        f"comment_{c1.pk}": "Tên gọi rõ ràng",
        "overall_comment": "Mô hình hiệu quả",
    }

    response = client_for(province_staff).post(reverse("evaluations:score", args=[model_a.pk]), data, follow=True)

    evaluation = Evaluation.objects.get()
    assert response.redirect_chain[-1][0] == reverse("evaluations:detail", args=[evaluation.pk])
    total = response.content.decode().split('id="evaluation-total">')[1].split("</dd>")[0]
    assert "<strong>64,5</strong> · Khá" in total
    assert "chưa chấm đủ: 3/4 tiêu chí" in total
    assert evaluation.scores.get(criterion=c1).comment == "Tên gọi rõ ràng"


def test_score_page_shows_the_error_for_points_above_the_maximum(client_for, province_staff, model_a, criteria_set):
    c1 = criteria_set.criteria.first()

    response = client_for(province_staff).post(
        reverse("evaluations:score", args=[model_a.pk]), {"criteria_set": criteria_set.pk, f"points_{c1.pk}": "12"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors[f"points_{c1.pk}"] == ["Tối đa 10 điểm."]
    assert Evaluation.objects.count() == 0


def test_score_page_out_of_scope_is_404(client_for, province_staff, officer_a, model_b, criteria_set):
    response = client_for(officer_a).get(reverse("evaluations:score", args=[model_b.pk]))

    assert seen(response, model_b.name) == (404, NOT_FOUND, [])


def test_score_page_refused_to_an_officer_in_scope(client_for, officer_a, model_a, criteria_set):
    response = client_for(officer_a).post(reverse("evaluations:score", args=[model_a.pk]), {"criteria_set": criteria_set.pk})

    assert (response.status_code, Evaluation.objects.count()) == (403, 0)


def test_evaluator_cannot_edit_after_recognition(client_for, province_staff, model_a, criteria_set):
    evaluation = scored(EvaluationFactory(initiative=model_a, criteria_set=criteria_set, evaluator=province_staff), 1, 2, 3, 4)
    model_a.status = "recognised"
    model_a.save()

    page = client_for(province_staff).get(reverse("evaluations:detail", args=[evaluation.pk]))
    post = client_for(province_staff).post(reverse("evaluations:score", args=[model_a.pk]), {"criteria_set": criteria_set.pk})

    assert (page.context["can_edit"], post.status_code) == (False, 403)


def test_evaluation_detail_of_another_evaluator_is_read_only(client_for, province_staff, model_a, criteria_set):
    evaluation = EvaluationFactory(initiative=model_a, criteria_set=criteria_set)

    response = client_for(province_staff).get(reverse("evaluations:detail", args=[evaluation.pk]))

    assert response.context["can_edit"] is False


def test_evaluation_detail_out_of_scope_is_404(client_for, officer_a, model_b, criteria_set):
    evaluation = EvaluationFactory(initiative=model_b, criteria_set=criteria_set)

    response = client_for(officer_a).get(reverse("evaluations:detail", args=[evaluation.pk]))

    assert seen(response, model_b.name) == (404, NOT_FOUND, [])


# ---------------------------------------------------------------- list, export, scope, query counts


def test_evaluation_list_officer_sees_only_own_district(client_for, officer_a, model_a, model_b, criteria_set):
    EvaluationFactory(initiative=model_a, criteria_set=criteria_set)
    EvaluationFactory(initiative=model_b, criteria_set=criteria_set)

    response = client_for(officer_a).get(reverse("evaluations:list"))

    assert [row.record.initiative.name for row in response.context["table"].page.object_list] == [model_a.name]


def test_evaluation_export_contains_only_scope_with_totals(client_for, officer_a, model_a, model_b, criteria_set):
    scored(EvaluationFactory(initiative=model_a, criteria_set=criteria_set), 10, 20, None, "30.5")
    EvaluationFactory(initiative=model_b, criteria_set=criteria_set)

    response = client_for(officer_a).get(reverse("evaluations:list"), {"export": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert [(r[1], r[6], r[7], r[8]) for r in rows] == [(model_a.name, 60.5, "Khá", "3/4")]
    assert (sheet["A4"].value, sheet["B4"].value) == ("STT", "Mô hình")


@pytest.mark.parametrize("rows", [1, 5])
def test_evaluation_list_query_count_is_flat(client_for, province_staff, unit_a, django_assert_num_queries, rows):
    for _ in range(rows):
        scored(EvaluationFactory(initiative=InitiativeFactory(unit=unit_a, status="in_progress")), 10, 10, 10, 10)
    client = client_for(province_staff)
    client.get(reverse("evaluations:list"))

    with django_assert_num_queries(5):
        client.get(reverse("evaluations:list"))


@pytest.mark.parametrize("rows", [1, 5])
def test_evaluation_panel_query_count_is_flat(rf, province_staff, model_a, criteria_set, django_assert_num_queries, rows):
    for _ in range(rows):
        scored(EvaluationFactory(initiative=model_a, criteria_set=criteria_set), 10, 10, 10, 10)

    user = as_request_user(province_staff)
    with django_assert_num_queries(3):
        html = render_to_string("evaluations/_initiative_panel.html", {"initiative": model_a, "user": user})

    assert html.count('class="num fw-semibold mean-total">40<') == 1


def test_admin_action_copies_a_set_into_a_new_version(client_for, admin_user):
    criteria_set = EvaluationFactory(criteria_set=CriteriaSetFactory(name="Bộ E")).criteria_set

    client_for(admin_user).post(
        reverse("admin:evaluations_criteriaset_changelist"),
        {"action": "copy_as_new_version", "_selected_action": [criteria_set.pk]},
    )

    assert list(
        CriteriaSet.objects.filter(name="Bộ E").order_by("version").values_list("version", "is_active", "copied_from")
    ) == [
        (1, True, None),
        (2, False, criteria_set.pk),
    ]


def test_officer_sees_evaluations_of_own_district_in_the_navigation(client_for, officer_a):
    response = client_for(officer_a).get(reverse("evaluations:list"))

    assert [item["label"] for item in response.context["nav_items"] if item["active"]] == ["Chấm điểm"]


@pytest.mark.parametrize("rows", [1, 5])
def test_criteria_sets_page_query_count_is_flat(client_for, officer_a, django_assert_num_queries, rows):
    CriteriaSetFactory.create_batch(rows)
    client = client_for(officer_a)
    client.get(reverse("evaluations:criteria_sets"))

    with django_assert_num_queries(6):  # with the navigation's count of returned models
        response = client.get(reverse("evaluations:criteria_sets"))

    assert len(response.context["sets"]) == rows
