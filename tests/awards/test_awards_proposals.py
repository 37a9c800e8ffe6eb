"""Award proposals (gather, send, decide in part) and awards (direct record, no double award), lists and scope."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from danvan.errors import DomainError
from models_registry.awards import domain
from models_registry.awards.models import Award, AwardProposal, ProposalItem
from tests.factories import InitiativeFactory, UnitFactory
from tests.factories_awards import AwardFactory, AwardProposalFactory, ProposalItemFactory, award_form
from tests.pages import NOT_ALLOWED, NOT_FOUND, seen

DECISION = domain.Decision("300-QĐ/BDVTU", datetime.date(2025, 9, 2), "Trần Thị Hoa", issuer="Ban Dân vận Tỉnh ủy")


@pytest.fixture
def recognised_a(unit_a):
    return InitiativeFactory(unit=unit_a, status="recognised", name="Dân vận khéo trong hiến đất làm đường")


@pytest.fixture
def recognised_a2(unit_a):
    return InitiativeFactory(unit=unit_a, status="recognised", name="Tổ tự quản vệ sinh môi trường")


@pytest.fixture
def recognised_b(unit_b):
    return InitiativeFactory(unit=unit_b, status="recognised", name="Phường Bồ Đề văn minh")


@pytest.fixture
def proposal_a(officer_a):
    return domain.create_proposal(by=officer_a, title="Đề nghị khen thưởng năm 2025", award_form=award_form(), year=2025)


# ---------------------------------------------------------------- proposals


def test_proposal_gathers_models_is_sent_and_decided_in_part(officer_a, province_staff, proposal_a, recognised_a, recognised_a2):
    first = domain.add_to_proposal(proposal_a, by=officer_a, recipient=domain.Recipient(initiative=recognised_a))
    second = domain.add_to_proposal(proposal_a, by=officer_a, recipient=domain.Recipient(initiative=recognised_a2))
    domain.send_proposal(proposal_a, by=officer_a)

    awards = domain.decide_proposal(
        proposal_a,
        by=province_staff,
        decision=DECISION,
        awarded={first.pk},
        declined={second.pk: "Chưa đủ thời gian duy trì"},
    )

    proposal_a.refresh_from_db()
    assert proposal_a.status == "decided"
    assert [(a.initiative, a.award_form, a.year, a.decision_no, a.area) for a in awards] == [
        (recognised_a, award_form(), 2025, "300-QĐ/BDVTU", recognised_a.unit.area)
    ]
    items = {i.pk: (i.outcome, i.decline_reason, i.award_id) for i in ProposalItem.objects.all()}
    assert items == {first.pk: ("awarded", "", awards[0].pk), second.pk: ("declined", "Chưa đủ thời gian duy trì", None)}


def test_decide_requires_an_outcome_for_every_item_and_a_reason_to_decline(
    officer_a, province_staff, proposal_a, recognised_a, recognised_a2
):
    first = domain.add_to_proposal(proposal_a, by=officer_a, recipient=domain.Recipient(initiative=recognised_a))
    second = domain.add_to_proposal(proposal_a, by=officer_a, recipient=domain.Recipient(initiative=recognised_a2))
    domain.send_proposal(proposal_a, by=officer_a)

    with pytest.raises(DomainError):
        domain.decide_proposal(proposal_a, by=province_staff, decision=DECISION, awarded={first.pk}, declined={})
    with pytest.raises(DomainError) as error:
        domain.decide_proposal(proposal_a, by=province_staff, decision=DECISION, awarded={first.pk}, declined={second.pk: " "})

    assert error.value.message == f"Vui lòng nêu lý do không khen thưởng “{recognised_a2.name}”."
    assert (Award.objects.count(), AwardProposal.objects.get().status) == (0, "sent")


def test_decide_with_a_double_award_rolls_back_everything(officer_a, province_staff, proposal_a, recognised_a, recognised_a2):
    first = domain.add_to_proposal(proposal_a, by=officer_a, recipient=domain.Recipient(initiative=recognised_a))
    second = domain.add_to_proposal(proposal_a, by=officer_a, recipient=domain.Recipient(initiative=recognised_a2))
    domain.send_proposal(proposal_a, by=officer_a)
    AwardFactory(initiative=recognised_a2, award_form=award_form(), year=2025, decision_no="99-QĐ")  # recorded meanwhile

    with pytest.raises(DomainError) as error:
        domain.decide_proposal(proposal_a, by=province_staff, decision=DECISION, awarded={first.pk, second.pk}, declined={})

    assert error.value.message.startswith(f"“{recognised_a2.name}” đã được tặng Giấy khen — Ban Dân vận Tỉnh ủy năm 2025")
    assert list(Award.objects.values_list("decision_no", flat=True)) == ["99-QĐ"]
    assert set(ProposalItem.objects.values_list("outcome", flat=True)) == {"pending"}


def test_only_recognised_models_of_the_scope_can_be_proposed(officer_a, proposal_a, unit_a, recognised_b):
    in_progress = InitiativeFactory(unit=unit_a, status="in_progress")

    with pytest.raises(DomainError) as error:
        domain.add_to_proposal(proposal_a, by=officer_a, recipient=domain.Recipient(initiative=in_progress))
    assert error.value.message == "Chỉ mô hình đã được công nhận mới được đề nghị khen thưởng."
    with pytest.raises(DomainError):
        domain.add_to_proposal(proposal_a, by=officer_a, recipient=domain.Recipient(initiative=recognised_b))

    assert ProposalItem.objects.count() == 0


def test_a_model_is_proposed_once_per_proposal(officer_a, proposal_a, recognised_a):
    domain.add_to_proposal(proposal_a, by=officer_a, recipient=domain.Recipient(initiative=recognised_a))

    with pytest.raises(DomainError) as error:
        domain.add_to_proposal(proposal_a, by=officer_a, recipient=domain.Recipient(initiative=recognised_a))

    assert error.value.message == f"“{recognised_a.name}” đã có trong đề nghị này."


def test_individual_form_takes_the_person_of_an_exemplar(officer_a, unit_a):
    exemplar = InitiativeFactory(
        unit=unit_a, status="recognised", kind="exemplar", person_name="Nguyễn Thị Lan", person_position="Bí thư chi bộ"
    )
    proposal = domain.create_proposal(
        by=officer_a, title="Cá nhân", award_form=award_form(recipient_kind="individual"), year=2025
    )

    with pytest.raises(DomainError):
        domain.add_to_proposal(proposal, by=officer_a, recipient=domain.Recipient(initiative=exemplar))
    item = domain.add_to_proposal(
        proposal, by=officer_a, recipient=domain.Recipient(initiative=exemplar, person_name="Nguyễn Thị Lan")
    )

    assert (item.person_name, item.initiative) == ("Nguyễn Thị Lan", exemplar)


def test_sent_proposal_cannot_be_changed_and_empty_cannot_be_sent(officer_a, proposal_a, recognised_a):
    with pytest.raises(DomainError) as error:
        domain.send_proposal(proposal_a, by=officer_a)
    assert error.value.message == "Hãy thêm ít nhất một đối tượng trước khi gửi đề nghị."

    domain.add_to_proposal(proposal_a, by=officer_a, recipient=domain.Recipient(initiative=recognised_a))
    domain.send_proposal(proposal_a, by=officer_a)
    with pytest.raises(DomainError):
        domain.add_to_proposal(proposal_a, by=officer_a, recipient=domain.Recipient(unit=recognised_a.unit))


def test_officer_cannot_decide(officer_a, proposal_a, recognised_a):
    item = domain.add_to_proposal(proposal_a, by=officer_a, recipient=domain.Recipient(initiative=recognised_a))
    domain.send_proposal(proposal_a, by=officer_a)

    with pytest.raises(DomainError):
        domain.decide_proposal(proposal_a, by=officer_a, decision=DECISION, awarded={item.pk}, declined={})


def test_proposal_pages_flow_through_the_views(client_for, officer_a, province_staff, recognised_a, unit_a):
    officer = client_for(officer_a)
    officer.post(reverse("awards:proposal_create"), {"title": "Đề nghị 2025", "award_form": award_form().pk, "year": 2025})
    proposal = AwardProposal.objects.get()
    officer.post(reverse("awards:proposal_add_item", args=[proposal.pk]), {"initiative": recognised_a.pk})
    officer.post(reverse("awards:proposal_add_item", args=[proposal.pk]), {"unit": unit_a.pk})
    officer.post(reverse("awards:proposal_send", args=[proposal.pk]))
    model_item, unit_item = proposal.items.order_by("pk")

    staff = client_for(province_staff)
    response = staff.post(
        reverse("awards:proposal_decide", args=[proposal.pk]),
        {
            "decision_no": "300-QĐ/BDVTU",
            "decided_on": "02/09/2025",
            "issuer": "Ban Dân vận Tỉnh ủy",
            "signer": "Trần Thị Hoa",
            f"outcome_{model_item.pk}": "awarded",
            f"outcome_{unit_item.pk}": "declined",
            f"reason_{unit_item.pk}": "Đơn vị đã được khen năm trước",
        },
    )

    assert response.status_code == 302
    assert list(Award.objects.values_list("initiative__name", "unit", "decision_no")) == [
        (recognised_a.name, None, "300-QĐ/BDVTU")
    ]
    assert list(proposal.items.order_by("pk").values_list("outcome", flat=True)) == ["awarded", "declined"]


def test_decide_view_shows_missing_reason(client_for, officer_a, province_staff, proposal_a, recognised_a):
    item = domain.add_to_proposal(proposal_a, by=officer_a, recipient=domain.Recipient(initiative=recognised_a))
    domain.send_proposal(proposal_a, by=officer_a)

    response = client_for(province_staff).post(
        reverse("awards:proposal_decide", args=[proposal_a.pk]), {f"outcome_{item.pk}": "declined"}
    )

    assert response.context["decide_form"].errors == {f"reason_{item.pk}": ["Vui lòng nêu lý do."]}
    assert Award.objects.count() == 0


@pytest.mark.parametrize(
    ("url_name", "method"),
    [
        ("awards:proposal", "get"),
        ("awards:proposal_add_item", "post"),
        ("awards:proposal_send", "post"),
        ("awards:proposal_decide", "post"),
    ],
)
def test_proposal_pages_out_of_scope_are_404(client_for, officer_a, office_b, url_name, method):
    proposal = AwardProposalFactory(office=office_b)
    ProposalItemFactory(proposal=proposal)

    response = getattr(client_for(officer_a), method)(reverse(url_name, args=[proposal.pk]))

    proposal.refresh_from_db()
    assert (response.status_code, proposal.status) == (404, "draft")


def test_proposal_list_scope_and_export(client_for, officer_a, province_staff, office_a, office_b):
    AwardProposalFactory(office=office_a, title="Đề nghị Gia Lâm")
    AwardProposalFactory(office=office_b, title="Đề nghị Long Biên")

    officer = client_for(officer_a).get(reverse("awards:proposals"))
    export = client_for(officer_a).get(reverse("awards:proposals"), {"export": "xlsx"})
    staff = client_for(province_staff).get(reverse("awards:proposals"))

    assert [r.record.title for r in officer.context["table"].page.object_list] == ["Đề nghị Gia Lâm"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    assert [r[1] for r in sheet.iter_rows(min_row=5, values_only=True)] == ["Đề nghị Gia Lâm"]
    assert sorted(r.record.title for r in staff.context["table"].page.object_list) == ["Đề nghị Gia Lâm", "Đề nghị Long Biên"]


@pytest.mark.parametrize("rows", [1, 5])
def test_proposal_list_query_count_is_flat(client_for, province_staff, office_a, django_assert_num_queries, rows):
    for proposal in AwardProposalFactory.create_batch(rows, office=office_a):
        ProposalItemFactory(proposal=proposal)
    client = client_for(province_staff)
    client.get(reverse("awards:proposals"))

    with django_assert_num_queries(4):
        client.get(reverse("awards:proposals"))


# ---------------------------------------------------------------- awards recorded directly


def test_record_award_directly_for_a_unit(province_staff, unit_a):
    award = domain.record_award(
        by=province_staff, award_form=award_form(), year=2024, decision=DECISION, recipient=domain.Recipient(unit=unit_a)
    )

    assert (award.unit, award.area, award.issuer, award.recipient_name) == (
        unit_a,
        unit_a.area,
        "Ban Dân vận Tỉnh ủy",
        "UBND xã Đặng Xá",
    )


def test_double_award_is_refused_with_a_clear_message(province_staff, recognised_a):
    AwardFactory(initiative=recognised_a, award_form=award_form(), year=2025, decision_no="99-QĐ/BDVTU")

    with pytest.raises(DomainError) as error:
        domain.record_award(
            by=province_staff,
            award_form=award_form(),
            year=2025,
            decision=DECISION,
            recipient=domain.Recipient(initiative=recognised_a),
        )

    assert error.value.message == (
        f"“{recognised_a.name}” đã được tặng Giấy khen — Ban Dân vận Tỉnh ủy năm 2025 (quyết định 99-QĐ/BDVTU ngày 02/09/2025)."
    )
    assert Award.objects.count() == 1


def test_same_recipient_other_year_or_other_form_is_not_a_double(province_staff, recognised_a):
    AwardFactory(initiative=recognised_a, award_form=award_form(), year=2025)

    for form, year in [(award_form(), 2024), (award_form(name="Bằng khen", issuing_level="Chủ tịch UBND tỉnh"), 2025)]:
        domain.record_award(
            by=province_staff, award_form=form, year=year, decision=DECISION, recipient=domain.Recipient(initiative=recognised_a)
        )

    assert Award.objects.count() == 3


def test_double_award_of_a_person_is_refused(province_staff, commune_a):
    recipient = domain.Recipient(person_name="Lê Văn Tám", person_position="Trưởng thôn", area=commune_a)
    individual = award_form(recipient_kind="individual")
    domain.record_award(by=province_staff, award_form=individual, year=2025, decision=DECISION, recipient=recipient)

    with pytest.raises(DomainError):
        domain.record_award(by=province_staff, award_form=individual, year=2025, decision=DECISION, recipient=recipient)

    assert Award.objects.count() == 1


def test_record_award_outside_the_scope_is_refused(officer_a, unit_b):
    with pytest.raises(DomainError) as error:
        domain.record_award(
            by=officer_a, award_form=award_form(), year=2025, decision=DECISION, recipient=domain.Recipient(unit=unit_b)
        )

    assert error.value.message == "Đối tượng khen thưởng nằm ngoài địa bàn của bạn."


def test_award_form_page_refuses_a_double_award_in_the_page(client_for, province_staff, recognised_a):
    AwardFactory(initiative=recognised_a, award_form=award_form(), year=2025, decision_no="99-QĐ/BDVTU")
    data = {
        "award_form": award_form().pk,
        "year": 2025,
        "initiative": recognised_a.pk,
        "decision_no": "301-QĐ",
        "decided_on": "03/09/2025",
        "signer": "Trần Thị Hoa",
    }

    response = client_for(province_staff).post(reverse("awards:create"), data)

    assert response.context["form"].non_field_errors()[0].startswith(f"“{recognised_a.name}” đã được tặng")
    assert Award.objects.count() == 1


def test_award_form_page_records_a_person_of_an_exemplar(client_for, province_staff, unit_a):
    exemplar = InitiativeFactory(unit=unit_a, status="recognised", kind="exemplar", person_name="Nguyễn Thị Lan")
    data = {
        "award_form": award_form(recipient_kind="individual").pk,
        "year": 2025,
        "initiative": exemplar.pk,
        "decision_no": "301-QĐ",
        "decided_on": "03/09/2025",
        "signer": "Trần Thị Hoa",
    }

    response = client_for(province_staff).post(reverse("awards:create"), data)

    assert response.status_code == 302
    assert list(Award.objects.values_list("person_name", "initiative", "area")) == [
        ("Nguyễn Thị Lan", exemplar.pk, unit_a.area_id)
    ]


def test_award_list_scope_and_export(client_for, officer_a, unit_a, unit_b):
    AwardFactory(initiative=InitiativeFactory(unit=unit_a, status="recognised", name="A1"), decision_no="1-QĐ")
    AwardFactory(initiative=None, unit=unit_b, decision_no="2-QĐ")

    page = client_for(officer_a).get(reverse("awards:list"))
    export = client_for(officer_a).get(reverse("awards:list"), {"export": "xlsx"})

    assert [r.record.decision_no for r in page.context["table"].page.object_list] == ["1-QĐ"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    assert [(r[1], r[8], r[3], r[4]) for r in sheet.iter_rows(min_row=5, values_only=True)] == [("Giấy khen", "A1", 2025, "1-QĐ")]


def test_award_file_out_of_scope_is_404(client_for, officer_a, unit_b):
    award = AwardFactory(initiative=None, unit=unit_b)

    response = client_for(officer_a).get(reverse("awards:award_file", args=[award.pk]))

    assert (response.get("Content-Disposition"), seen(response)) == (None, (404, NOT_FOUND, []))


@pytest.mark.parametrize("rows", [1, 5])
def test_award_list_query_count_is_flat(client_for, province_staff, unit_a, django_assert_num_queries, rows):
    for index in range(rows):
        AwardFactory(initiative=InitiativeFactory(unit=unit_a, status="recognised"))
        AwardFactory(initiative=None, unit=UnitFactory(area=unit_a.area), person_name=f"Người {index}")
    client = client_for(province_staff)
    client.get(reverse("awards:list"))

    with django_assert_num_queries(4):
        client.get(reverse("awards:list"))


def test_award_create_prefilled_with_an_out_of_scope_model_is_404(client_for, officer_a, recognised_b):
    response = client_for(officer_a).get(reverse("awards:create"), {"initiative": recognised_b.pk})

    assert seen(response, recognised_b.name) == (404, NOT_FOUND, [])


def test_award_create_cannot_pick_an_out_of_scope_model(client_for, officer_a, recognised_b):
    data = {
        "award_form": award_form().pk,
        "year": 2025,
        "initiative": recognised_b.pk,
        "decision_no": "1",
        "decided_on": "01/09/2025",
        "signer": "A",
    }

    response = client_for(officer_a).post(reverse("awards:create"), data)

    assert list(response.context["form"].errors) == ["initiative"]
    assert Award.objects.count() == 0


def test_proposal_remove_item_out_of_scope_is_404(client_for, officer_a, office_b):
    item = ProposalItemFactory(proposal=AwardProposalFactory(office=office_b))

    response = client_for(officer_a).post(reverse("awards:proposal_remove_item", args=[item.proposal.pk, item.pk]))

    assert (response.status_code, ProposalItem.objects.count()) == (404, 1)


def test_leader_cannot_create_a_proposal_or_record_an_award(client_for, leader):
    client = client_for(leader)

    assert seen(client.get(reverse("awards:proposal_create")), "Lưu") == (403, NOT_ALLOWED, [])
    assert seen(client.get(reverse("awards:create")), "Lưu") == (403, NOT_ALLOWED, [])


@pytest.mark.parametrize("written", ["NGUYỄN VĂN ĐUA X", "  nguyễn   văn đua x ", "Nguye\u0302\u0303n Văn Đua X"])
def test_the_same_person_is_not_awarded_twice_whatever_the_names_case_spaces_or_unicode(province_staff, commune_a, written):
    form = award_form("Giấy khen", "individual")
    decision = domain.Decision("12-QĐ/UBND", datetime.date(2024, 5, 2), "Trần Văn Cường", issuer="UBND huyện")
    domain.record_award(
        by=province_staff, award_form=form, year=2024, decision=decision,
        recipient=domain.Recipient(person_name="Nguyễn Văn Đua X", area=commune_a),
    )  # fmt: skip

    with pytest.raises(DomainError) as error:
        domain.record_award(
            by=province_staff, award_form=form, year=2024, decision=decision,
            recipient=domain.Recipient(person_name=written, area=commune_a),
        )  # fmt: skip

    assert error.value.message.startswith(f"“{written}” đã được tặng")
    assert Award.objects.count() == 1


def test_the_database_itself_refuses_the_same_person_in_another_case(commune_a):
    from django.db import IntegrityError, transaction

    first = AwardFactory(person_name="Nguyễn Văn Đua X", area=commune_a, initiative=None, unit=None)

    with pytest.raises(IntegrityError), transaction.atomic():
        AwardFactory(
            person_name="NGUYỄN VĂN ĐUA X",
            area=commune_a,
            award_form=first.award_form,
            year=first.year,
            initiative=None,
            unit=None,
        )


def test_sending_another_offices_proposal_is_a_403_with_the_reason(client_for, province_staff, office_a):
    proposal = AwardProposalFactory(office=office_a)
    ProposalItemFactory(proposal=proposal)

    response = client_for(province_staff).post(reverse("awards:proposal_send", args=[proposal.pk]))

    proposal.refresh_from_db()
    assert (response.status_code, proposal.status) == (403, "draft")
    assert "Chỉ cơ quan lập đề nghị này mới được sửa hoặc gửi đề nghị." in response.content.decode()
