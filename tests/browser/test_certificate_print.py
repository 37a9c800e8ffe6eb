"""The certificate as Chromium prints it (page.pdf): one A4 page, the issuer's heading, phrases kept whole."""

import datetime

import pytest
from django.db import transaction

from models_registry.awards.models import Recognition
from models_registry.initiatives.models import Phase
from tests.factories import InitiativeFactory, UserFactory
from tests.factories_reports import level
from tests.rendering import A4_PORTRAIT, keep_pages, page_sizes, pages

pytestmark = pytest.mark.render
LONG_NAME = (
    "Dân vận khéo trong vận động nhân dân hiến đất, góp công, góp sức mở rộng đường giao thông nông thôn, "
    "xây dựng nông thôn mới nâng cao và khu dân cư kiểu mẫu"
)


def _certificate_pdf(page, login, recognition, staff, tmp_path):
    login(staff)
    page.goto(f"/awards/recognitions/{recognition.pk}/certificate/")
    page.emulate_media(media="print")
    path = tmp_path / "giay-cong-nhan.pdf"
    page.pdf(path=str(path), prefer_css_page_size=True, print_background=True)
    return keep_pages(path)


@pytest.mark.parametrize(
    ("party", "heading", "absent"),
    [
        (True, "ĐẢNG CỘNG SẢN VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"),
        (False, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ĐẢNG CỘNG SẢN VIỆT NAM"),
    ],
)
def test_certificate_prints_on_one_a4_page_with_the_issuers_heading(
    page, login, office_province, unit_a, tmp_path, party, heading, absent
):
    office_province.is_party_body, office_province.place_name = party, "Hà Nội"
    office_province.signing_mode, office_province.signing_for, office_province.signer_title = (
        "deputy",
        "TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN",
    )
    office_province.save()
    staff = UserFactory(role="province_staff", office=office_province)
    with transaction.atomic():  # the database checks at commit that a recognised model has its decision
        model = InitiativeFactory(unit=unit_a, status="recognised", name=LONG_NAME, phase=Phase.objects.get(name="2026–2030"))
        recognition = Recognition.objects.create(
            initiative=model,
            level=level("tinh"),
            decision_no="125-QĐ/BTGDVTU",
            decided_on=datetime.date(2026, 5, 15),
            signer="Nguyễn Thị Thanh Mai",
            office=office_province,
        )

    pdf = _certificate_pdf(page, login, recognition, staff, tmp_path)
    text = pages(pdf)
    lines = [" ".join(line.split()) for line in text[0].splitlines()]

    assert (len(text), page_sizes(pdf)) == (1, [A4_PORTRAIT])
    assert heading in text[0] and absent not in text[0]
    assert text[0].count("THÀNH ỦY HÀ NỘI") == 1
    assert any("2026–2030" in line for line in lines)  # the phase is never split
    assert any("ngày 15 tháng 5 năm 2026" in line for line in lines)
    assert [line for line in lines if line in ("K/T TRƯỞNG BAN", "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN")]
    signer = lines.index("Nguyễn Thị Thanh Mai")
    title = max(i for i, line in enumerate(lines) if line == "PHÓ TRƯỞNG BAN")
    assert signer - title >= 4  # room for the signature and the seal
