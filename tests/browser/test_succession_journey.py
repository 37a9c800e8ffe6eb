"""Tây Ninh's province staff open the 2023 report, drill from Kiến Tường's effective figure to its 77 models and
open one (issue 11): the successor province reads its predecessors' past on the map of 2023."""

import datetime

from django.utils import timezone

from danvan.accounts.enums import Role
from models_registry.evaluations.models import YearlyReview
from models_registry.initiatives.models import Initiative, StatusChange
from models_registry.units.enums import AreaLevel
from models_registry.units.models import AreaLink
from reports.enums import PeriodKind
from tests.factories import AreaFactory, OfficeFactory, UnitFactory, UserFactory, _field, _phase
from tests.factories_reports import ReportPeriodFactory

LEGACY_END = datetime.date(2025, 6, 30)
CURRENT_START = datetime.date(2025, 7, 1)


def kien_tuong_2023():
    """Tây Ninh since 01/07/2025 = former Long An + former Tây Ninh; Kiến Tường's 77 models effective in 2023."""
    tay_ninh = AreaFactory(code="P80", name="Tây Ninh", division_type="tỉnh", level=AreaLevel.PROVINCE, valid_from=CURRENT_START)
    long_an = AreaFactory(code="LP80", name="Long An", division_type="tỉnh", level=AreaLevel.PROVINCE, valid_to=LEGACY_END)
    old = AreaFactory(code="LP72", name="Tây Ninh", division_type="tỉnh", level=AreaLevel.PROVINCE, valid_to=LEGACY_END)
    for before in (long_an, old):
        AreaLink.objects.create(predecessor=before, successor=tay_ninh, kind="whole", date=CURRENT_START)
    kien_tuong = AreaFactory(
        code="LD794", name="Kiến Tường", division_type="thị xã", level=AreaLevel.DISTRICT, parent=long_an, valid_to=LEGACY_END
    )
    ward = AreaFactory(
        code="LC27694", name="Phường 1", division_type="phường", level=AreaLevel.COMMUNE, parent=kien_tuong, valid_to=LEGACY_END
    )
    unit = UnitFactory(area=ward, name="UBND Phường 1, thị xã Kiến Tường")
    field, phase = _field("kinh-te"), _phase("2021–2025")
    models = Initiative.objects.bulk_create(
        Initiative(
            name=f"Dân vận khéo Kiến Tường số {n:02d}",
            unit=unit,
            field=field,
            phase=phase,
            status="in_progress",
            registered_on=datetime.date(2022, 3, 1),
            province_path="/P80/",  # what save() keeps: the province that answers for Kiến Tường today
        )
        for n in range(1, 78)
    )
    approved = timezone.make_aware(datetime.datetime(2022, 3, 1, 9))
    StatusChange.objects.bulk_create(  # each model's approval: what registers it (and dates it, Initiative.approved_at)
        StatusChange(initiative=m, from_status="submitted", to_status="in_progress", at=approved) for m in models
    )
    YearlyReview.objects.bulk_create(YearlyReview(initiative=m, year=2023, rating="effective") for m in models)
    office = OfficeFactory(area=tay_ninh, name="Ban Tuyên giáo và Dân vận Tỉnh ủy Tây Ninh", started_on=CURRENT_START)
    period = ReportPeriodFactory(area=None, kind=PeriodKind.YEAR, year=2023, start=datetime.date(2023, 1, 1))
    return UserFactory(username="chuyenvien.tayninh", role=Role.PROVINCE_STAFF, office=office), period


def test_tay_ninh_staff_drill_from_kien_tuong_2023_effective_figure_to_its_models(page, login):
    staff, period = kien_tuong_2023()

    login(staff)
    page.get_by_role("link", name="Báo cáo", exact=True).first.click()
    page.locator("#periods").get_by_role("link", name=str(period)).first.click()

    rows = page.locator("#table-area tbody tr")
    assert rows.nth(0).locator("th").inner_text().startswith("tỉnh Long An")
    assert "địa bàn cũ, đến 30/06/2025" in rows.nth(0).locator("th").inner_text()
    kien_tuong = page.locator("#table-area tbody tr", has_text="Kiến Tường")
    effective = kien_tuong.locator("td").nth(3)
    assert effective.inner_text() == "77"
    page.screenshot(path="/tmp/reform-tay-ninh-2023.png", full_page=True)
    effective.get_by_role("link").click()

    assert page.locator("#record-count").inner_text().startswith("77")
    page.get_by_role("link", name="Dân vận khéo Kiến Tường số 01").click()

    assert page.get_by_role("heading", name="Dân vận khéo Kiến Tường số 01").is_visible()
    assert "Phường 1" in page.content() and "địa bàn cũ, đến 30/06/2025" in page.content()
    page.screenshot(path="/tmp/reform-kien-tuong-model.png", full_page=True)
