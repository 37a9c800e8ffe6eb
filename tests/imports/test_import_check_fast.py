"""The check's faster row path (issue 14, item 8, second pass): every rule it moved still refuses what the web form
refuses, with the same message. A new record's fields left at a default validated once per file are not validated
again; every field a cell sets is. The opening rule's today and reviewer, a choice's and a date's spelling, the new
records and preview rows are found or made once per file."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import signals
from django.utils import timezone

from danvan.vietnamese import ascii_fold
from models_registry.imports import domain as imports
from models_registry.imports.base import DateWidget
from models_registry.imports.copying import maker
from models_registry.imports.models import ImportRow
from models_registry.initiatives.domain import check_opening_status
from models_registry.initiatives.enums import Status
from models_registry.initiatives.models import Initiative
from models_registry.initiatives.resources import InitiativeResource
from tests.factories import InitiativeFactory
from tests.factories_imports import xlsx_bytes

HEADER = ["Mã mô hình", "Tên mô hình", "Đơn vị", "Trạng thái", "Ngày đăng ký", "Số công trình", "Số người hưởng lợi"]


def _check(user, *rows):
    return imports.start_import(by=user, kind="initiatives", name="mo-hinh.xlsx", data=xlsx_bytes([HEADER, *rows]))


def _errors(job) -> list[tuple[int, str, str]]:
    return [
        (row.row_number, error["column"], error["message"]) for row in job.rows.order_by("row_number") for error in row.errors
    ]


def test_a_too_long_name_is_refused_with_its_length(officer_a, unit_a):
    job = _check(
        officer_a, ["VD-1", "x" * 501, "GL-DANGXA", "", "15/03/2024", 1, 10], ["VD-2", "Hiến đất", "GL-DANGXA", "", "", "", ""]
    )

    assert _errors(job) == [(2, "Tên mô hình", "Tối đa 500 ký tự (ô này có 501).")]


def test_a_negative_number_is_refused(officer_a, unit_a):
    job = _check(officer_a, ["VD-1", "Hiến đất", "GL-DANGXA", "", "15/03/2024", 2, -5])

    assert _errors(job) == [(2, "Số người hưởng lợi", "“-5”: số liệu không được âm.")]


def test_a_number_over_the_model_field_limit_is_refused_by_the_model_validator(officer_a, unit_a):
    """No widget limits it: the model's own validator, as the form's, refuses it on the fast path too."""
    field = Initiative._meta.get_field("works_completed")
    with pytest.raises(ValidationError) as expected:
        field.clean(3_000_000_000, Initiative())

    job = _check(officer_a, ["VD-1", "Hiến đất", "GL-DANGXA", "", "15/03/2024", 3_000_000_000, 10])

    assert _errors(job) == [(2, "Số công trình", message) for message in expected.value.messages]


def test_a_code_twice_in_the_file_and_a_code_taken_are_refused(officer_a, unit_a):
    InitiativeFactory(code="VD-9", unit__code="KHAC", name="Mô hình của nơi khác")

    job = _check(
        officer_a,
        ["VD-1", "Hiến đất", "GL-DANGXA", "", "15/03/2024", "", ""],
        ["VD-1", "Thắp sáng đường quê", "GL-DANGXA", "", "15/03/2024", "", ""],
        ["VD-9", "Sạch làng", "GL-DANGXA", "", "15/03/2024", "", ""],
    )

    assert _errors(job) == [
        (3, "", "Trùng với dòng 2 của tệp này (VD-1); hãy giữ một dòng."),
        (4, "Mã mô hình", "Mã VD-9 đã thuộc về một mô hình khác."),
    ]


def test_a_registered_status_is_refused_to_an_officer_with_the_rules_message(officer_a, unit_a):
    """The opening rule with today and the reviewer found once per file says what it says for one record."""
    record = Initiative(unit=unit_a, name="Hiến đất", status=Status.IN_PROGRESS, registered_on=datetime.date(2023, 3, 15))
    with pytest.raises(Exception) as expected:
        check_opening_status(record, by=officer_a)

    job = _check(
        officer_a,
        ["VD-1", "Hiến đất", "GL-DANGXA", "Đang triển khai", "15/03/2023", "", ""],
        ["VD-2", "Sạch làng", "GL-DANGXA", "Đang triển khai", "15/03/2023", "", ""],
    )

    assert _errors(job) == [(2, "Trạng thái", expected.value.message), (3, "Trạng thái", expected.value.message)]


def test_a_registered_status_of_this_half_year_is_refused_to_province_staff(province_staff, unit_a):
    today = timezone.localdate()
    record = Initiative(unit=unit_a, name="Hiến đất", status=Status.IN_PROGRESS, registered_on=today)
    with pytest.raises(Exception) as expected:
        check_opening_status(record, by=province_staff)

    job = _check(province_staff, ["VD-1", "Hiến đất", "GL-DANGXA", "Đang triển khai", today.strftime("%d/%m/%Y"), "", ""])

    assert _errors(job) == [(2, "Ngày đăng ký", expected.value.message)]


def test_full_clean_leaves_out_only_fields_still_at_a_validated_default(officer_a):
    resource = InitiativeResource(user=officer_a)
    record = resource.init_instance()
    record.person_name = "x" * 151  # no column of the file sets it, a rule could: then it is validated

    exclude = resource.clean_exclude(record, {})

    assert {"kind", "situation", "people_reached"} <= exclude  # defaults: blank text, no number, a model
    assert "person_name" not in exclude and "name" not in exclude and "status_changed_at" not in exclude
    with pytest.raises(ValidationError) as refused:
        record.full_clean(exclude=exclude, validate_unique=False)
    assert set(refused.value.message_dict) == {"person_name", "name"}  # the unit is the lookups' (resolved_fields)


def test_an_existing_record_is_validated_whole(officer_a, unit_a):
    record = InitiativeFactory(unit=unit_a)

    exclude = InitiativeResource(user=officer_a).clean_exclude(record, {"code": ["bad"]})

    assert exclude == {"code", *InitiativeResource.resolved_fields}


def test_a_made_record_holds_what_a_new_one_holds_with_its_own_moment():
    make = maker(Initiative)
    first, second, plain = make(), make(), Initiative()

    assert first._state.adding and first._state is not second._state and first.pk is None
    moments = {"status_changed_at"}
    assert {k: v for k, v in vars(first).items() if k not in {"_state", *moments}} == {
        k: v for k, v in vars(plain).items() if k not in {"_state", *moments}
    }
    assert first.status_changed_at <= second.status_changed_at <= timezone.now()


def test_a_model_with_init_listeners_is_made_by_its_own_init():
    def listener(**kwargs):
        pass

    signals.post_init.connect(listener, sender=ImportRow)
    try:
        assert maker(ImportRow) is ImportRow
    finally:
        signals.post_init.disconnect(listener, sender=ImportRow)
    assert maker(ImportRow) is not ImportRow


def test_a_date_cell_read_again_is_the_same_date_and_a_bad_one_is_refused_each_time():
    widget = DateWidget()

    assert widget.clean("15/03/2024") == widget.clean("15/03/2024") == datetime.date(2024, 3, 15)
    for _ in range(2):
        with pytest.raises(ValueError):
            widget.clean("31/02/2024")


@pytest.mark.parametrize("text", ["VD-MH-01", "Nam 2024", "ABC def", "15/03/2024", "Đặng Xá", "ĐIỆN BIÊN", "İstanbul"])
def test_ascii_fold_of_ascii_text_is_the_full_fold(text):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    assert ascii_fold(text) == "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def test_a_repeated_header_is_left_out_and_a_row_that_only_starts_like_it_is_kept(officer_a, unit_a):
    job = _check(
        officer_a,
        ["VD-1", "Hiến đất", "GL-DANGXA", "", "15/03/2024", "", ""],
        HEADER,
        [*HEADER[:-1], "12"],
    )

    assert list(job.rows.order_by("row_number").values_list("row_number", flat=True)) == [2, 4]
