"""Personal data of exemplars (issue 8, point 4): names and phone numbers only inside the scope, never on public
pages or in the logs, and every export that holds personal data leaves a row in the audit trail."""

import io
import logging

import openpyxl
import pytest
from django.urls import reverse

from danvan.audit.models import AuditEntry
from danvan.logging import JsonFormatter
from models_registry.awards.models import AwardForm
from reports.enums import PeriodKind
from tests.factories import InitiativeFactory
from tests.factories_awards import AwardFactory, AwardProposalFactory, RecognitionFactory
from tests.factories_reports import ReportPeriodFactory

NAME = "Lò Thị Mỷ"
PHONE = "0987 654 321"


@pytest.fixture
def exemplar_a(unit_a):
    """A recognised exemplar of district A with its person's name, position and phone number."""
    exemplar = InitiativeFactory(
        unit=unit_a,
        kind="exemplar",
        status="recognised",
        name="Điển hình dân vận khéo trong vận động hiến đất",
        person_name=NAME,
        person_position="Trưởng thôn Đông",
        person_contact=PHONE,
    )
    RecognitionFactory(initiative=exemplar)
    return exemplar


@pytest.fixture
def model_with_person_a(unit_a):
    """A recognised collective model that carries person data anyway (as an old import could have left it)."""
    model = InitiativeFactory(
        unit=unit_a, kind="model", status="recognised", name="Dân vận khéo làm đường", person_name=NAME, person_contact=PHONE
    )
    RecognitionFactory(initiative=model)
    return model


HEADER_ROW = 4  # list exports: title, scope and filters, a blank row, then the header


def _download(response) -> list[tuple]:
    """The export's table: its header row (under the title and the scope line), then the rows."""
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [tuple(row) for row in book.active.iter_rows(min_row=HEADER_ROW, values_only=True)]


def _exports() -> list[tuple]:
    return list(AuditEntry.objects.filter(action="export").values_list("actor__username", "object_repr", "note"))


# --- public pages --------------------------------------------------------------------------------------


def test_showcase_list_never_shows_person_data(client, exemplar_a, model_with_person_a):
    page = client.get(reverse("initiatives:showcase")).content.decode()

    assert ("Dân vận khéo làm đường" in page, NAME in page, PHONE in page) == (True, False, False)


def test_showcase_detail_never_shows_person_data(client, model_with_person_a):
    page = client.get(reverse("initiatives:showcase_detail", args=[model_with_person_a.pk])).content.decode()

    assert ("Dân vận khéo làm đường" in page, NAME in page, PHONE in page) == (True, False, False)


def test_showcase_has_no_exemplars(client, exemplar_a):
    response = client.get(reverse("initiatives:showcase_detail", args=[exemplar_a.pk]))

    assert response.status_code == 404
    assert exemplar_a.name not in client.get(reverse("initiatives:showcase")).content.decode()


def test_showcase_search_by_person_name_finds_nothing(client, model_with_person_a):
    page = client.get(reverse("initiatives:showcase"), {"q": NAME}).content.decode()

    assert ("Dân vận khéo làm đường" in page, NAME in page) == (False, True)  # only echoed in the search box


# --- inside and outside the scope ----------------------------------------------------------------------


def test_exemplar_person_shown_inside_the_scope(client_for, officer_a, exemplar_a):
    page = client_for(officer_a).get(exemplar_a.get_absolute_url()).content.decode()

    assert (NAME in page, PHONE in page) == (True, True)


def test_exemplar_person_hidden_outside_the_scope(client_for, officer_b, exemplar_a):
    client = client_for(officer_b)

    detail = client.get(exemplar_a.get_absolute_url())
    listed = client.get(reverse("initiatives:list"), {"q": "hiến đất"}).content.decode()
    exported = _download(client.get(reverse("initiatives:list"), {"export": "xlsx"}))

    assert detail.status_code == 404
    assert (exemplar_a.name in listed, NAME in listed) == (False, False)
    assert [row for row in exported if NAME in row or PHONE in row] == []


# --- logs -------------------------------------------------------------------------------------------------


def test_request_log_never_holds_person_data(client_for, officer_a, unit_a, exemplar_a, caplog):
    client = client_for(officer_a)
    data = {"kind": "exemplar", "name": "Điển hình mới", "unit": unit_a.pk, "person_name": NAME, "person_contact": PHONE}

    with caplog.at_level(logging.INFO):
        client.post(reverse("initiatives:create"), data)
        client.get(reverse("initiatives:list"), {"q": NAME, "kind": "exemplar"})
        client.get(exemplar_a.get_absolute_url())
        client.get(reverse("initiatives:list"), {"export": "xlsx", "q": PHONE})
        client.get(reverse("initiatives:edit", args=[exemplar_a.pk]), {"person_name": NAME})
    written = "\n".join(JsonFormatter().format(record) for record in caplog.records)

    request_lines = [r for r in caplog.records if r.name == "danvan.requests"]
    assert len(request_lines) == 5
    assert (NAME in written, PHONE in written, "Điển hình mới" in written) == (False, False, False)


# --- exports recorded in the audit trail -----------------------------------------------------------------


def test_models_export_with_person_columns_is_recorded(client_for, officer_a, exemplar_a, model_with_person_a):
    response = client_for(officer_a).get(reverse("initiatives:list"), {"export": "xlsx", "kind": "exemplar"})
    rows = _download(response)

    assert [r[3] for r in rows[1:]] == [exemplar_a.name]  # after STT, the code and the kind
    assert (NAME in rows[1], PHONE in rows[1]) == (True, True)
    assert _exports() == [("officer_a", str(officer_a), "Mô hình và điển hình: 1 dòng, bộ lọc kind=exemplar")]


def test_models_export_shows_person_data_of_exemplars_only(client_for, officer_a, exemplar_a, model_with_person_a):
    rows = _download(client_for(officer_a).get(reverse("initiatives:list"), {"export": "xlsx"}))

    header = rows[0]
    name, person_name, contact = (header.index(label) for label in ("Tên mô hình", "Họ và tên", "Liên hệ"))
    person = {row[name]: (row[person_name], row[contact]) for row in rows[1:]}
    assert person == {exemplar_a.name: (NAME, PHONE), model_with_person_a.name: (None, None)}


def test_models_export_without_filter_says_so(client_for, officer_a, exemplar_a, model_with_person_a):
    _download(client_for(officer_a).get(reverse("initiatives:list"), {"export": "xlsx", "page": "2"}))

    assert _exports() == [("officer_a", str(officer_a), "Mô hình và điển hình: 2 dòng, không lọc")]


def test_awards_export_with_person_names_is_recorded(client_for, province_staff, commune_a):
    individual = AwardForm.objects.filter(recipient_kind="individual").first()
    AwardFactory(award_form=individual, initiative=None, person_name=NAME, person_position="Trưởng thôn", area=commune_a)

    rows = _download(client_for(province_staff).get(reverse("awards:list"), {"export": "xlsx", "year": "2025"}))

    assert [NAME in row for row in rows[1:]] == [True]
    assert _exports() == [("province_staff", str(province_staff), "Khen thưởng: 1 dòng, bộ lọc year=2025")]


def test_units_export_with_contact_people_is_recorded(client_for, officer_a, unit_a):
    _download(client_for(officer_a).get(reverse("units:list"), {"export": "xlsx", "q": "Đặng Xá"}))

    assert _exports() == [("officer_a", str(officer_a), "Đơn vị: 1 dòng, bộ lọc q=Đặng Xá")]


def test_export_without_personal_data_is_not_recorded(client_for, officer_a, office_a):
    AwardProposalFactory(office=office_a)

    rows = _download(client_for(officer_a).get(reverse("awards:proposals"), {"export": "xlsx"}))

    assert (len(rows), _exports()) == (2, [])


def test_viewing_a_list_is_not_recorded_as_an_export(client_for, officer_a, exemplar_a):
    client_for(officer_a).get(reverse("initiatives:list"), {"kind": "exemplar"})

    assert _exports() == []


def test_background_export_is_recorded_once_its_file_is_written(client_for, officer_a, exemplar_a, settings, tmp_path):
    settings.EXPORT_BACKGROUND_ROWS = 0
    settings.MEDIA_ROOT = tmp_path

    response = client_for(officer_a).get(reverse("initiatives:list"), {"export": "xlsx", "kind": "exemplar"})

    assert response.status_code == 302
    assert _exports() == [("officer_a", str(officer_a), "Mô hình và điển hình: 1 dòng, bộ lọc kind=exemplar")]


def test_report_drill_down_export_of_awards_is_recorded(client_for, province_staff, province, commune_a):
    period = ReportPeriodFactory(area=province, kind=PeriodKind.YEAR, year=2025)
    individual = AwardForm.objects.filter(recipient_kind="individual").first()
    AwardFactory(award_form=individual, initiative=None, person_name=NAME, area=commune_a, decided_on=period.start)
    query = {"figure": "awards:individual", "export": "xlsx"}

    rows = _download(client_for(province_staff).get(reverse("reports:records", args=[period.pk]), query))

    assert [NAME in row for row in rows[1:]] == [True]
    assert _exports() == [
        ("province_staff", str(province_staff), "Khen thưởng trong kỳ: 1 dòng, bộ lọc figure=awards:individual")
    ]


def _filename(response) -> str:
    return response["Content-Disposition"].split('filename="')[1].rstrip('"')


def test_registry_report_export_naming_award_recipients_is_recorded(client_for, province_staff, province, commune_a):
    period = ReportPeriodFactory(area=province, kind=PeriodKind.YEAR, year=2025)
    individual = AwardForm.objects.filter(recipient_kind="individual").first()
    AwardFactory(award_form=individual, initiative=None, person_name=NAME, area=commune_a, decided_on=period.start)

    response = client_for(province_staff).get(reverse("reports:registry", args=[period.pk]), {"export": "xlsx", "kind": "model"})
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)

    assert [NAME in row for row in book["Khen thưởng"].iter_rows(min_row=2, values_only=True)] == [True]
    assert _exports() == [("province_staff", str(province_staff), f"{_filename(response)}: 1 dòng, bộ lọc kind=model")]


def test_consolidated_report_export_is_recorded(client_for, province_staff, province):
    period = ReportPeriodFactory(area=province, kind=PeriodKind.YEAR, year=2025)

    response = client_for(province_staff).get(reverse("reports:consolidated", args=[period.pk]), {"export": "xlsx"})

    assert _exports() == [("province_staff", str(province_staff), f"{_filename(response)}: 0 dòng, không lọc")]
