"""Type-ahead pickers (issue 18, item 3): scoped endpoints of at most 20 matches, and no page draws a select of
more than 200 options, whoever looks at it."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories import AreaFactory, InitiativeFactory, UnitFactory
from tests.factories_awards import AwardProposalFactory, award_form
from tests.factories_reports import ReportPeriodFactory

UNITS, MODELS, AREAS = reverse("pickers:units"), reverse("pickers:models"), reverse("pickers:areas")


def options(response) -> list[str]:
    """The labels of the matches the endpoint drew."""
    return [label for _value, label in response.context["options"]]


def test_unit_picker_finds_without_diacritics_inside_the_area_only(client_for, officer_a, province_staff, unit_a, unit_b):
    officer = client_for(officer_a)

    assert options(officer.get(UNITS, {"unit-search": "dang xa"})) == ["UBND xã Đặng Xá · Đặng Xá (đến 30/06/2025)"]
    assert options(officer.get(UNITS, {"unit-search": "bo de"})) == []  # district B's unit never appears
    assert options(client_for(province_staff).get(UNITS, {"unit-search": "UBND"})) == [
        "UBND phường Bồ Đề · Bồ Đề (đến 30/06/2025)",
        "UBND xã Đặng Xá · Đặng Xá (đến 30/06/2025)",
    ]


def test_picker_answers_at_most_twenty_matches(client_for, officer_a, commune_a):
    UnitFactory.create_batch(25, area=commune_a, name="Chi hội nông dân")

    page = client_for(officer_a).get(UNITS, {"unit-search": "chi hoi"})

    assert len(options(page)) == 20
    assert page.content.decode().count('role="option"') == 20


def test_model_picker_shows_unit_and_commune_and_keeps_to_the_group(client_for, province_staff, unit_a, unit_b):
    InitiativeFactory(name="Tổ hòa giải", unit=unit_a, status="recognised")
    InitiativeFactory(name="Tổ hòa giải", unit=unit_b, status="recognised")
    InitiativeFactory(name="Tổ hòa giải", unit=unit_b, status="draft")
    client = client_for(province_staff)

    page = client.get(MODELS, {"group": "recognised", "initiative-search": "to hoa giai"})

    assert options(page) == [
        "Tổ hòa giải — UBND phường Bồ Đề · Bồ Đề (đến 30/06/2025)",
        "Tổ hòa giải — UBND xã Đặng Xá · Đặng Xá (đến 30/06/2025)",
    ]


def test_person_picker_finds_exemplars_of_the_area_only(client_for, officer_a, unit_a, unit_b):
    InitiativeFactory(name="Gương sáng", kind="exemplar", person_name="Lê Thị Hoa", unit=unit_a, status="recognised")
    InitiativeFactory(name="Gương sáng", kind="exemplar", person_name="Lê Văn Hòa", unit=unit_b, status="recognised")

    page = client_for(officer_a).get(MODELS, {"group": "persons", "initiative-search": "le"})

    assert options(page) == ["Lê Thị Hoa — Gương sáng"]


def test_area_picker_keeps_to_the_area(client_for, officer_a, commune_a, commune_b):
    client = client_for(officer_a)

    assert options(client.get(AREAS, {"area-search": "dang xa"})) == ["Đặng Xá (đến 30/06/2025)"]
    assert options(client.get(AREAS, {"area-search": "bo de"})) == []


def test_model_form_draws_a_picker_with_the_chosen_unit(client_for, officer_a, unit_a):
    draft = InitiativeFactory(unit=unit_a)

    page = client_for(officer_a).get(reverse("initiatives:edit", args=[draft.pk])).content.decode()

    assert '<select name="unit"' not in page
    assert f'<input type="hidden" name="unit" value="{unit_a.pk}"' in page
    assert 'value="UBND xã Đặng Xá · Đặng Xá (đến 30/06/2025)"' in page
    assert f'hx-get="{UNITS}"' in page


@pytest.mark.parametrize("sent", ["²", "١٢", "12abc"])
def test_a_chosen_value_that_is_no_id_redraws_the_form_with_its_message(client_for, officer_a, unit_a, sent):
    """Found by the hostile-input test: "²" passes str.isdigit() but is no id; the form says so, never a 500."""
    page = client_for(officer_a).post(reverse("initiatives:create"), {"name": "Mô hình thử", "unit": sent})

    assert page.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in page.content.decode()  # the unit field's own message


# --- no select of more than 200 options on any main page, as any role ------------------------------------


class SelectSizes(HTMLParser):
    """name -> number of <option>s of every <select> of a page."""

    def __init__(self):
        super().__init__()
        self.sizes, self.current = {}, None

    def handle_starttag(self, tag, attrs):
        if tag == "select":
            self.current = dict(attrs).get("name") or dict(attrs).get("id") or "?"
            self.sizes[self.current] = 0
        elif tag == "option" and self.current:
            self.sizes[self.current] += 1

    def handle_endtag(self, tag):
        if tag == "select":
            self.current = None


@pytest.fixture
def crowded(unit_a, commune_a, province, office_a, officer_a):
    """A province of 210 communes (since 2025 they sit right under it), 210 units and 210 recognised models in
    district A: every choice of them could pass 200."""
    for number in range(210):
        AreaFactory(code=f"XC{number:04d}", name=f"Xã số {number}", level="commune", parent=province)
    UnitFactory.create_batch(210, area=commune_a)
    InitiativeFactory.create_batch(210, unit=unit_a, status="recognised")
    return {
        "draft": InitiativeFactory(unit=unit_a, created_by=officer_a),
        "in_progress": InitiativeFactory(unit=unit_a, status="in_progress"),
        "proposal": AwardProposalFactory(office=office_a, award_form=award_form()),
        "period": ReportPeriodFactory(area=province, kind="first_half", year=2025),
    }


def main_pages(crowded, unit_a) -> list[str]:
    return [
        reverse("home"),
        reverse("initiatives:list"),
        reverse("initiatives:create"),
        reverse("initiatives:edit", args=[crowded["draft"].pk]),
        reverse("initiatives:replicate", args=[crowded["in_progress"].pk]),
        reverse("units:list"),
        reverse("units:create"),
        reverse("units:edit", args=[unit_a.pk]),
        reverse("awards:list"),
        reverse("awards:create"),
        reverse("awards:recognitions"),
        reverse("awards:proposals"),
        reverse("awards:proposal", args=[crowded["proposal"].pk]),
        reverse("evaluations:list"),
        reverse("evaluations:reviews"),
        reverse("reports:index"),
        reverse("reports:registry", args=[crowded["period"].pk]),
        reverse("reports:tracker", args=[crowded["period"].pk]),
        reverse("initiatives:showcase"),
        reverse("imports:index"),
    ]


@pytest.mark.parametrize("role", ["officer_a", "province_staff", "leader", "admin_user"])
def test_no_page_draws_a_select_of_more_than_200_options(client_for, request, crowded, unit_a, role):
    client = client_for(request.getfixturevalue(role))
    too_long = {}
    for url in main_pages(crowded, unit_a):
        parser = SelectSizes()
        parser.feed(client.get(url).content.decode())
        too_long.update({f"{url} {name}": size for name, size in parser.sizes.items() if size > 200})

    assert too_long == {}
