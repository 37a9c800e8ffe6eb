"""Vietnamese sort order: the database key and its Python twin agree, and lists and choices follow the dictionary."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from danvan.collation import ViSortKey, person_sort_key, sort_key, sorted_vi
from models_registry.awards.forms import AwardRecordForm, ProposalItemForm
from models_registry.units.models import Unit
from tests.factories import AreaFactory, InitiativeFactory, UnitFactory
from tests.factories_awards import AwardProposalFactory, award_form

# Names the byte order (or an English collation) gets wrong, in the order a Vietnamese dictionary gives.
DICTIONARY_ORDER = [
    "An Khánh",
    "Ân Thi",
    "ba",
    "Ba Đình",
    "bà",
    "bả",
    "bã",
    "bá",
    "bạ",
    "ban",
    "bàn",
    "Bát Tràng",
    "Cổ Bi",
    "Dương Xá",
    "Đa Tốn",
    "Đà Nẵng",
    "Đặng Xá",
    "Đông Dư",
    "Gia Lâm",
    "Phường 2",
    "Phường 10",
    "Uy Nỗ",
    "Ủy ban MTTQ",
    "Ưng Hòe",
    "Yên Viên",
]


def _sql_keys(texts):
    with connection.cursor() as cursor:
        keys = []
        for text in texts:
            cursor.execute("SELECT vi_sort_key(%s), vi_person_sort_key(%s)", [text, text])
            keys.append(tuple(bytes(value) for value in cursor.fetchone()))
        return keys


@pytest.mark.django_db
def test_sort_key_in_the_database_equals_the_python_twin():
    texts = [
        *DICTIONARY_ORDER,
        "",
        "  Ba  Đình ",
        "“Dân vận khéo” – trong hiến đất",
        "BÀ\u00a0RỊA",
        "x 1234567890123",
        "It's 007",
    ]

    assert _sql_keys(texts) == [(sort_key(t), person_sort_key(t)) for t in texts]


def test_python_order_is_the_dictionary_order():
    shuffled = sorted(DICTIONARY_ORDER, key=lambda name: name[::-1])

    assert sorted_vi(shuffled) == DICTIONARY_ORDER
    assert sorted(DICTIONARY_ORDER) != DICTIONARY_ORDER  # the byte order gets them wrong


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("ba", "bà"),  # ngang before huyền
        ("bả", "bã"),  # hỏi before ngã
        ("bá", "bạ"),  # sắc before nặng
        ("bạ", "ban"),  # letters before tones: a shorter word first
        ("ban", "bàn"),
        ("ba ca", "bà b"),  # word by word
        ("Duong", "Đa"),  # Đ after D
        ("Uy", "Ủy"),
        ("Ủy ban", "Ưng"),  # Ư after U
        ("Ăn", "Ân"),  # a < ă < â
        ("Ôn", "Ơn"),  # o < ô < ơ
        ("Phường 9", "Phường 10"),  # numbers as numbers
        ("“Dân vận”", "Đa"),  # punctuation ignored
    ],
)
def test_sort_key_orders_pairs_as_the_dictionary(first, second):
    assert sort_key(first) < sort_key(second)


def test_people_sort_by_given_name_then_full_name():
    people = ["Nguyễn Văn Bình", "Trần Thị An", "Lê An", "Phạm Thị Lan"]

    assert sorted(people, key=person_sort_key) == ["Lê An", "Trần Thị An", "Nguyễn Văn Bình", "Phạm Thị Lan"]


def test_units_list_sorts_names_the_vietnamese_way(client_for, province_staff, commune_a):
    for name in reversed(DICTIONARY_ORDER[::3]):
        UnitFactory(name=f"Tổ {name}", area=commune_a)

    page = client_for(province_staff).get(reverse("units:list")).content.decode()

    shown = re.findall(r">Tổ ([^<]+)</a>", page)
    assert shown == DICTIONARY_ORDER[::3]


def test_units_list_sorted_descending_by_name(client_for, province_staff, commune_a):
    for name in ["Đa Tốn", "Dương Xá", "Yên Viên"]:
        UnitFactory(name=name, area=commune_a)

    page = client_for(province_staff).get(reverse("units:list"), {"sort": "-name"}).content.decode()

    assert [page.index(name) for name in ["Yên Viên", "Đa Tốn", "Dương Xá"]] == sorted(
        page.index(name) for name in ["Yên Viên", "Đa Tốn", "Dương Xá"]
    )


def test_models_list_sorted_by_name_is_vietnamese(client_for, province_staff, unit_a):
    for name in ["Ủy ban vận động", "Đa Tốn sạch đẹp", "Dân vận khéo"]:
        InitiativeFactory(name=name, unit=unit_a)

    page = client_for(province_staff).get(reverse("initiatives:list"), {"sort": "name"}).content.decode()

    positions = [page.index(name) for name in ["Dân vận khéo", "Đa Tốn sạch đẹp", "Ủy ban vận động"]]
    assert positions == sorted(positions)


@pytest.mark.django_db
def test_units_default_order_can_walk_its_expression_index():
    query = str(Unit.objects.order_by(ViSortKey("name"), "id")[:25].query)

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {query}")  # noqa: S608 -- Django's own SQL of a fixed query
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "unit_name_vi" in plan


def test_award_form_choices_say_collective_or_individual(province_staff):
    form = AwardRecordForm(user=province_staff)

    labels = [label for value, label in form.fields["award_form"].choices if value]

    assert labels[:2] == ["Giấy khen — Ban Dân vận Tỉnh ủy (Tập thể)", "Giấy khen — Ban Dân vận Tỉnh ủy (Cá nhân)"]
    assert len(labels) == len(set(labels))


def test_model_pickers_show_the_unit_beside_a_shared_name(province_staff, office_province, unit_a, unit_b):
    InitiativeFactory(name="Tổ hòa giải", unit=unit_a, status="recognised")
    InitiativeFactory(name="Tổ hòa giải", unit=unit_b, status="recognised")
    proposal = AwardProposalFactory(office=office_province, award_form=award_form())

    picker = ProposalItemForm(user=province_staff, proposal=proposal).fields["initiative"]
    recorder = AwardRecordForm(user=province_staff).fields["initiative"]

    expected = [  # each commune with its end: both are former communes (Area.label)
        "Tổ hòa giải — UBND phường Bồ Đề · Bồ Đề (đến 30/06/2025)",
        "Tổ hòa giải — UBND xã Đặng Xá · Đặng Xá (đến 30/06/2025)",
    ]
    assert [label for value, label in picker.choices if value] == expected
    assert [label for value, label in recorder.choices if value] == expected


def test_area_filter_offers_the_own_area_then_the_others_in_vietnamese_order(client_for, province_staff, province):
    for code, name in [("LD1", "Ứng Hòa"), ("LD2", "Đông Anh"), ("LD3", "Ba Vì"), ("LD4", "Dương Nội")]:
        AreaFactory(code=code, name=name, level="district", parent=province)

    # A province's area filter is a picker: its matches come in this order (the province, then by name).
    page = client_for(province_staff).get(reverse("pickers:areas"))

    assert [label for _value, label in page.context["options"]] == [
        "thành phố Hà Nội",  # the own area first, named with its type (Area.label)
        "Ba Vì",
        "Dương Nội",
        "Đông Anh",
        "Ứng Hòa",
    ]
