"""The yearly review (rà soát): the page, saving a formset, discontinuing an ineffective model, scope."""

import pytest
from django.urls import reverse

from danvan.audit.models import AuditEntry
from danvan.errors import DomainError
from models_registry.evaluations import domain
from models_registry.evaluations.models import YearlyReview
from models_registry.initiatives.models import StatusChange
from tests.factories import InitiativeFactory
from tests.factories_awards import YearlyReviewFactory

URL = reverse("evaluations:reviews")


@pytest.fixture
def active_a(unit_a):
    return InitiativeFactory(unit=unit_a, status="in_progress", name="Dân vận khéo trong xây dựng nông thôn mới")


@pytest.fixture
def recognised_a(unit_a):
    return InitiativeFactory(unit=unit_a, status="recognised", name="Khu dân cư tự quản")


@pytest.fixture
def active_b(unit_b):
    return InitiativeFactory(unit=unit_b, status="in_progress", name="Phường văn minh")


def _management(total):
    return {"form-TOTAL_FORMS": total, "form-INITIAL_FORMS": total, "form-MIN_NUM_FORMS": 0, "form-MAX_NUM_FORMS": 1000}


def test_review_page_lists_the_active_models_of_the_scope_only(client_for, officer_a, active_a, recognised_a, active_b, unit_a):
    InitiativeFactory(unit=unit_a, status="draft", name="Bản nháp")
    InitiativeFactory(unit=unit_a, status="discontinued", name="Đã dừng")

    response = client_for(officer_a).get(URL, {"year": 2025})

    assert sorted(i.name for i, _form in response.context["pairs"]) == sorted([active_a.name, recognised_a.name])


def test_review_page_saves_ratings_and_notes_and_leaves_unrated_rows(client_for, officer_a, active_a, recognised_a):
    data = {
        **_management(2),
        "form-0-initiative": active_a.pk,
        "form-0-rating": "ineffective",
        "form-0-note": "Không còn duy trì hoạt động",
        "form-1-initiative": recognised_a.pk,
        "form-1-rating": "",
        "form-1-note": "",
    }

    response = client_for(officer_a).post(f"{URL}?year=2025", data)

    assert response.status_code == 302
    assert list(YearlyReview.objects.values_list("initiative", "year", "rating", "note", "reviewed_by")) == [
        (active_a.pk, 2025, "ineffective", "Không còn duy trì hoạt động", officer_a.pk)
    ]
    entry = AuditEntry.objects.get(content_type__model="yearlyreview")
    assert (entry.action, entry.changes["rating"]) == ("create", [None, "ineffective"])


def test_review_page_updates_an_existing_review_of_the_year(client_for, officer_a, active_a):
    YearlyReviewFactory(initiative=active_a, year=2025, rating="effective")
    YearlyReviewFactory(initiative=active_a, year=2024, rating="effective")
    data = {**_management(1), "form-0-initiative": active_a.pk, "form-0-rating": "needs_strengthening", "form-0-note": "x"}

    client_for(officer_a).post(f"{URL}?year=2025", data)

    assert sorted(YearlyReview.objects.values_list("year", "rating")) == [(2024, "effective"), (2025, "needs_strengthening")]


def test_review_post_with_an_out_of_scope_model_is_404_and_saves_nothing(client_for, officer_a, active_a, active_b):
    data = {
        **_management(2),
        "form-0-initiative": active_a.pk,
        "form-0-rating": "effective",
        "form-1-initiative": active_b.pk,
        "form-1-rating": "effective",
    }

    response = client_for(officer_a).post(f"{URL}?year=2025", data)

    assert (response.status_code, YearlyReview.objects.count()) == (404, 0)


def test_leader_sees_the_review_page_read_only_and_cannot_post(client_for, leader, active_a):
    page = client_for(leader).get(URL, {"year": 2025})
    post = client_for(leader).post(
        f"{URL}?year=2025", {**_management(1), "form-0-initiative": active_a.pk, "form-0-rating": "effective"}
    )

    assert (page.context["editable"], post.status_code, YearlyReview.objects.count()) == (False, 403, 0)


def test_review_filter_not_reviewed_yet(client_for, officer_a, active_a, recognised_a):
    YearlyReviewFactory(initiative=active_a, year=2025)

    response = client_for(officer_a).get(URL, {"year": 2025, "rating": "none"})

    assert [i.name for i, _form in response.context["pairs"]] == [recognised_a.name]


def test_ineffective_review_offers_discontinue_which_needs_a_reason(client_for, officer_a, active_a):
    YearlyReviewFactory(initiative=active_a, year=2025, rating="ineffective", note="Không hiệu quả")
    url = reverse("evaluations:review_discontinue", args=[2025, active_a.pk])
    client = client_for(officer_a)

    page = client.get(URL, {"year": 2025})
    assert url in page.content.decode()
    refused = client.post(url, {"reason": " "})
    assert refused.context["form"].errors == {"reason": ["Trường này là bắt buộc."]}

    done = client.post(url, {"reason": "Rà soát năm 2025: không hiệu quả"})

    active_a.refresh_from_db()
    assert (done.status_code, active_a.status) == (302, "discontinued")
    change = StatusChange.objects.get(initiative=active_a)
    assert (change.from_status, change.to_status, change.by, change.note) == (
        "in_progress",
        "discontinued",
        officer_a,
        "Rà soát năm 2025: không hiệu quả",
    )


def test_discontinue_after_review_refused_unless_rated_ineffective(officer_a, active_a):
    YearlyReviewFactory(initiative=active_a, year=2025, rating="effective")

    with pytest.raises(DomainError):
        domain.discontinue_after_review(active_a, by=officer_a, year=2025, reason="x")

    active_a.refresh_from_db()
    assert active_a.status == "in_progress"


def test_discontinue_out_of_scope_is_404(client_for, officer_a, active_b):
    YearlyReviewFactory(initiative=active_b, year=2025, rating="ineffective")

    response = client_for(officer_a).post(reverse("evaluations:review_discontinue", args=[2025, active_b.pk]), {"reason": "x"})

    active_b.refresh_from_db()
    assert (response.status_code, active_b.status) == (404, "in_progress")


@pytest.mark.parametrize("rows", [1, 5])
def test_review_page_query_count_is_flat(client_for, officer_a, unit_a, django_assert_num_queries, rows):
    for initiative in InitiativeFactory.create_batch(rows, unit=unit_a, status="in_progress"):
        YearlyReviewFactory(initiative=initiative, year=2025)
    client = client_for(officer_a)
    client.get(URL, {"year": 2025})

    with django_assert_num_queries(8):  # with the navigation's count of returned models
        client.get(URL, {"year": 2025})


def test_review_page_opens_on_the_years_models_without_pressing_filter(client_for, officer_a, active_a, recognised_a):
    response = client_for(officer_a).get(URL)

    assert sorted(i.name for i, _form in response.context["pairs"]) == sorted([active_a.name, recognised_a.name])
    assert "2 mô hình" in response.content.decode()


def test_mark_the_rest_effective_rates_unreviewed_rows_and_keeps_the_ones_set_otherwise(
    client_for, officer_a, active_a, recognised_a, unit_a
):
    reviewed = InitiativeFactory(unit=unit_a, status="in_progress", name="Đã rà soát trước")
    YearlyReviewFactory(initiative=reviewed, year=2025, rating="needs_strengthening")
    rows = [(active_a, "needs_strengthening"), (recognised_a, ""), (reviewed, "")]
    data = {**_management(3), "mark_rest_effective": "1"}
    for index, (initiative, rating) in enumerate(rows):
        data.update({f"form-{index}-initiative": initiative.pk, f"form-{index}-rating": rating, f"form-{index}-note": ""})

    client_for(officer_a).post(f"{URL}?year=2025", data)

    assert dict(YearlyReview.objects.filter(year=2025).values_list("initiative__name", "rating")) == {
        active_a.name: "needs_strengthening",
        recognised_a.name: "effective",
        reviewed.name: "needs_strengthening",
    }
