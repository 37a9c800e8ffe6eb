"""What the seed articles (../shared/seeds) tell, as demo data.

- Kiến Tường (former Long An), 2023: 77 DVK models working effectively; 118/118 works completed and
  446.000 m² of land donated by the people (typed into its 2023 annual report, see danvan.demo.reports);
  the town received the province's Cờ thi đua for 2023.
- Hà Nội, first half of 2017: 4.263 supervision sessions, 874 social-criticism conferences, 432
  dialogue conferences (typed into the district reports, which add up to those figures); the named
  models of Gia Lâm, Hà Đông and Cầu Giấy, and Long Biên's and Gia Lâm's democracy rules.
- Ngũ Hành Sơn (Đà Nẵng), 2016: its three named models.
- Thanh Xuân, 22/09/2023: the district Party committee awarded 7 collectives and 7 individuals.
"""

import datetime

from danvan.demo.plan import Plan, aware, demo_today
from models_registry.awards.models import Award, AwardForm

KIENTUONG_EFFECTIVE_2023 = 77
HANOI_2017_H1 = {"Số cuộc giám sát": 4263, "Số hội nghị phản biện xã hội": 874, "Số hội nghị đối thoại với nhân dân": 432}
KIENTUONG_2023 = {"Số công trình hoàn thành": 118, "Diện tích đất nhân dân hiến": 446_000}
THANHXUAN_AWARD_DAY = datetime.date(2023, 9, 22)
COMMUNES_START = datetime.date(2025, 7, 1)

GENERATED_PER_DISTRICT = {
    "thanhxuan": 70,
    "longbien": 70,
    "gialam": 72,
    "hadong": 70,
    "caugiay": 64,
    "nguhanhson": 60,
    "kinhmon": 88,
}

TOPICS = [
    ("Dân vận khéo trong giải phóng mặt bằng", "kinh-te"),
    ("Vận động nhân dân hiến đất mở rộng đường giao thông nông thôn", "kinh-te"),
    ("Nhóm sản xuất và tiêu thụ nông sản an toàn", "kinh-te"),
    ("Hỗ trợ hộ nghèo phát triển sinh kế", "kinh-te"),
    ("Tuyến phố văn minh, sạch đẹp", "van-hoa-xa-hoi"),
    ("Phân loại rác thải tại nguồn", "van-hoa-xa-hoi"),
    ("Thắp sáng đường quê", "van-hoa-xa-hoi"),
    ("Hỗ trợ thẻ bảo hiểm y tế cho người yếu thế", "van-hoa-xa-hoi"),
    ("Camera an ninh khu dân cư", "quoc-phong-an-ninh"),
    ("Tổ tự quản an ninh trật tự", "quoc-phong-an-ninh"),
    ("Dân vận khéo trong tuyển quân", "quoc-phong-an-ninh"),
    ("Tổ hướng dẫn thủ tục hành chính", "xay-dung-he-thong-chinh-tri"),
    ("Đối thoại định kỳ giữa lãnh đạo và nhân dân", "xay-dung-he-thong-chinh-tri"),
    ("Tổ dân vận ở tổ dân phố", "xay-dung-he-thong-chinh-tri"),
]
PEOPLE = ["Nguyễn Văn Hùng", "Trần Thị Lan", "Lê Văn Tám", "Phạm Thị Hoa", "Hoàng Văn Sơn", "Vũ Thị Hạnh", "Đặng Văn Lực"]
POSITIONS = ["Bí thư chi bộ", "Tổ trưởng tổ dân phố", "Chi hội trưởng Hội Nông dân", "Trưởng thôn", "Công an xã"]
SITUATION = "Trên địa bàn còn nhiều việc khó liên quan trực tiếp đến đời sống nhân dân, cần sự đồng thuận của người dân."
GOALS = "Huy động nhân dân cùng tham gia; hoàn thành chỉ tiêu đề ra trong năm; không để phát sinh điểm nóng."
CONTENT = (
    "Tuyên truyền, vận động theo phương châm “dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng”; "
    "cán bộ, đảng viên nêu gương; phối hợp chặt chẽ giữa chính quyền, Mặt trận Tổ quốc và các đoàn thể."
)

# (code, office key, unit suffix, name, field, registered, path, gaps)
NAMED = [
    (
        "DEMO-S01",
        "GIALAM",
        "HND",
        "Vận động hội viên Hội Nông dân tham gia nhóm sản xuất và tiêu thụ rau an toàn",
        "kinh-te",
        datetime.date(2016, 3, 10),
        ["draft", "submitted", "in_progress", "recognised"],
        [7, 20, 300],
    ),
    (
        "DEMO-S02",
        "HADONG",
        "DTN",
        "Đoàn thanh niên tham gia hỗ trợ nhân dân thực hiện dịch vụ công trực tuyến mức độ 3",
        "xay-dung-he-thong-chinh-tri",
        datetime.date(2016, 9, 5),
        ["draft", "submitted", "in_progress", "recognised"],
        [5, 25, 200],
    ),
    (
        "DEMO-S03",
        "CAUGIAY",
        "CA",
        "Dân vận khéo trong công tác tiếp dân và giải quyết thủ tục hành chính tại Công an quận Cầu Giấy",
        "quoc-phong-an-ninh",
        datetime.date(2016, 11, 20),
        ["draft", "submitted", "in_progress", "recognised"],
        [6, 30, 180],
    ),
    (
        "DEMO-S04",
        "LONGBIEN",
        "PTNMT",
        "Xây dựng và thực hiện quy chế dân chủ trong cấp giấy chứng nhận quyền sử dụng đất",
        "xay-dung-he-thong-chinh-tri",
        datetime.date(2016, 6, 1),
        ["draft", "submitted", "in_progress"],
        [7, 20],
    ),
    (
        "DEMO-S05",
        "GIALAM",
        "CTMT",
        "Xây dựng và thực hiện quy chế dân chủ trong công tác duy trì vệ sinh môi trường",
        "van-hoa-xa-hoi",
        datetime.date(2016, 8, 15),
        ["draft", "submitted", "in_progress"],
        [7, 20],
    ),
    (
        "DEMO-S06",
        "NGUHANHSON",
        "VPHDND",
        "Tổ hướng dẫn công dân tổ chức tại Bộ phận một cửa điện tử quận",
        "xay-dung-he-thong-chinh-tri",
        datetime.date(2015, 10, 1),
        ["draft", "submitted", "in_progress", "recognised"],
        [5, 15, 250],
    ),
    (
        "DEMO-S07",
        "NGUHANHSON",
        "UBND",
        "Dân vận khéo trong công tác vận động giải tỏa bàn giao mặt bằng",
        "kinh-te",
        datetime.date(2015, 5, 12),
        ["draft", "submitted", "in_progress", "recognised"],
        [5, 15, 300],
    ),
    (
        "DEMO-S08",
        "NGUHANHSON",
        "CA",
        "Dân vận khéo trong công tác đảm bảo an ninh trật tự, phòng chống tội phạm và tệ nạn xã hội",
        "quoc-phong-an-ninh",
        datetime.date(2015, 7, 20),
        ["draft", "submitted", "in_progress"],
        [5, 15],
    ),
]
KIENTUONG_NAMED = [
    (
        "KIENTUONG-UBND",
        "Khéo của cán bộ, công chức, viên chức, người lao động trong thực thi công vụ trên địa bàn thị xã",
        "xay-dung-he-thong-chinh-tri",
    ),
    (
        "KIENTUONG-KHOIVAN",
        "Khối vận thị xã Kiến Tường phối hợp vận động mọi nguồn lực để hỗ trợ thẻ bảo hiểm y tế cho đối tượng yếu thế, khó khăn",
        "van-hoa-xa-hoi",
    ),
    ("KIENTUONG-MTTQ", "Sổ tay quy ước khu dân cư", "van-hoa-xa-hoi"),
    ("KIENTUONG-VPHDND", "Nghe dân nói", "xay-dung-he-thong-chinh-tri"),
]
THANHXUAN_COLLECTIVES = ["MTTQ", "HLHPN", "DTN", "HCCB", "CA", "UBND", "PTNMT"]
THANHXUAN_INDIVIDUALS = [
    ("Nguyễn Thị Thu Hương", "Trưởng ban Dân vận Đảng ủy phường Khương Trung"),
    ("Trần Văn Dũng", "Bí thư chi bộ tổ dân phố số 5, phường Nhân Chính"),
    ("Lê Thị Minh Nguyệt", "Chủ tịch Hội Liên hiệp Phụ nữ phường Thượng Đình"),
    ("Phạm Quang Vinh", "Tổ trưởng tổ dân phố số 12, phường Hạ Đình"),
    ("Đỗ Thị Bích Ngọc", "Bí thư Đoàn phường Kim Giang"),
    ("Hoàng Văn Thái", "Chủ tịch Hội Cựu chiến binh phường Thanh Xuân Bắc"),
    ("Vũ Thị Kim Oanh", "Trưởng ban công tác Mặt trận khu dân cư số 3, phường Khương Đình"),
]


def seed_plans(units: dict) -> list[Plan]:
    """The named models of the articles and the 90 models of Kiến Tường (77 effective in 2023)."""
    plans = [
        Plan(
            code=code,
            name=name,
            unit=units[f"{office}-{suffix}"],
            field_code=field_code,
            registered=day,
            path=path,
            gaps=gaps,
            content=CONTENT,
            results=(1200, 150_000_000, None, 2),
            level_code="huyen",
        )
        for code, office, suffix, name, field_code, day, path, gaps in NAMED
    ]
    return plans + _kientuong_plans(units) + _commune_plans(units)


def _commune_plans(units: dict) -> list[Plan]:
    """Models registered since July 2025 in the new communes: drafts, waiting for review, approved."""
    plans = []
    for office in ("PHTHANHXUAN", "XGIALAM", "PHKIENTUONG"):
        pool = sorted((u for code, u in units.items() if code.startswith(f"{office}-")), key=lambda u: u.code)
        for index in range(6):
            topic, field_code = TOPICS[(index * 5 + len(office)) % len(TOPICS)]
            unit = pool[index % len(pool)]
            path = [["draft"], ["draft", "submitted"], ["draft", "submitted", "in_progress"]][index % 3]
            plans.append(
                Plan(
                    code=f"DEMO-{office[:6]}{index + 1}",
                    name=f"{topic} ({unit.area.name})",
                    unit=unit,
                    field_code=field_code,
                    # relative to the day the demo is loaded: recent, never before the commune began
                    registered=max(demo_today() - datetime.timedelta(days=10 + 9 * index), COMMUNES_START),
                    path=path,
                    gaps=[12, 25],
                    content=CONTENT,
                    results=(150 * (index + 1), None, None, None),
                )
            )
    return plans


def _kientuong_plans(units: dict) -> list[Plan]:
    pool = sorted((u for code, u in units.items() if code.startswith("KIENTUONG-")), key=lambda u: u.code)
    plans = []
    for index in range(90):
        named = KIENTUONG_NAMED[index] if index < len(KIENTUONG_NAMED) else None
        unit = units[named[0]] if named else pool[index % len(pool)]
        topic, field_code = TOPICS[index % len(TOPICS)]
        plan = Plan(
            code=f"DEMO-KT{index + 1:02d}",
            name=named[1] if named else f"{topic} ({unit.area.name})",
            unit=unit,
            field_code=named[2] if named else field_code,
            registered=datetime.date(2017 + index % 6, 1 + index % 12, 1 + index % 27),
            content=CONTENT,
            results=(300 + 10 * index, 20_000_000 * (index % 5), 1000 * (index % 7), index % 3),
            level_code="huyen" if index % 4 else "tinh",
        )
        if index < 80:  # active at the end of 2023: 77 reviewed effective, 3 needing strengthening
            plan.path = ["draft", "submitted", "in_progress"] + (["recognised"] if index % 3 == 0 else [])
            plan.gaps = [7, 20, 120]
            plan.reviews = {2023: "effective" if index < KIENTUONG_EFFECTIVE_2023 else "needs_strengthening"}
        elif index < 83:  # found ineffective in 2021, discontinued in 2022
            plan.registered = datetime.date(2017, 5, 10)
            plan.path, plan.gaps = ["draft", "submitted", "in_progress", "discontinued"], [7, 20, 1700]
            plan.reviews = {2021: "ineffective"}
        elif index < 86:
            plan.registered = datetime.date(2024, 3 + index % 6, 5)
            plan.path, plan.gaps = ["draft", "submitted", "in_progress"], [7, 20]
        elif index < 88:  # drafts the district left at the reform; xã/phường Kiến Tường carries them on
            plan.registered = datetime.date(2025, 6, 1 + index % 20)
            plan.path = ["draft"]
        else:
            plan.registered = datetime.date(2020, 2, 10)
            plan.path, plan.gaps = ["draft", "submitted", "rejected"], [7, 20]
        plans.append(plan)
    return plans


def seed_awards(units: dict, initiatives: dict, users: dict) -> int:
    """Thanh Xuân's 7 collectives and 7 individuals (22/09/2023) and Kiến Tường's Cờ thi đua for 2023."""
    issuer = "Ban Thường vụ Quận ủy Thanh Xuân"
    collective, _ = AwardForm.objects.get_or_create(
        name="Giấy khen", issuing_level=issuer, recipient_kind="collective", defaults={"order": 20}
    )
    individual, _ = AwardForm.objects.get_or_create(
        name="Giấy khen", issuing_level=issuer, recipient_kind="individual", defaults={"order": 21}
    )
    district = units["THANHXUAN-MTTQ"].area
    staff = users["staff"](units["THANHXUAN-MTTQ"])
    common = {
        "year": 2023,
        "decided_on": THANHXUAN_AWARD_DAY,
        "issuer": issuer,
        "signer": "Bí thư Quận ủy",
        "recorded_by": staff,
        "recorded_at": aware(THANHXUAN_AWARD_DAY),
    }
    rows = [
        Award(award_form=collective, decision_no=f"{1180 + i}-QĐ/QU", unit=units[f"THANHXUAN-{code}"], area=district, **common)
        for i, code in enumerate(THANHXUAN_COLLECTIVES)
    ]
    rows += [
        Award(
            award_form=individual,
            decision_no=f"{1190 + i}-QĐ/QU",
            person_name=name,
            person_position=position,
            area=district,
            **common,
        )
        for i, (name, position) in enumerate(THANHXUAN_INDIVIDUALS)
    ]
    flag = AwardForm.objects.get(name="Cờ thi đua", issuing_level="UBND tỉnh", recipient_kind="collective")
    town = units["KIENTUONG-UBND"]
    rows.append(
        Award(
            award_form=flag,
            year=2023,
            decision_no="312/QĐ-UBND",
            decided_on=datetime.date(2024, 1, 30),
            issuer="UBND tỉnh Long An",
            signer="Chủ tịch UBND tỉnh",
            unit=town,
            area=town.area,
            recorded_by=users["staff"](town),
            recorded_at=aware(datetime.date(2024, 1, 30)),
        )
    )
    Award.objects.bulk_create(rows)
    return len(rows)
