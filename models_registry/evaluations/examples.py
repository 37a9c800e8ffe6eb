"""The two example criteria sets (models and exemplars), from the criteria provincial guidance lists."""

from decimal import Decimal

from django.db import transaction

from models_registry.evaluations.enums import AppliesTo
from models_registry.evaluations.models import CriteriaSet, Criterion, RatingBand

BANDS = [("Xuất sắc", 90), ("Tốt", 75), ("Khá", 60), ("Không đạt", 0)]
PASS_THRESHOLD = 60

# (title, guidance, max points, evidence required); points add up to 100.
MODEL_CRITERIA = [
    (
        "Có tên gọi, địa chỉ cụ thể",
        "Tên mô hình ngắn gọn, nêu rõ nội dung; ghi rõ nơi thực hiện (thôn, tổ dân phố, xã, phường).",
        5,
        False,
    ),
    (
        "Thuộc một trong bốn lĩnh vực",
        "Kinh tế; văn hóa – xã hội; quốc phòng – an ninh; xây dựng hệ thống chính trị.",
        5,
        False,
    ),
    ("Có đăng ký với cơ quan phát động phong trào", "Bản đăng ký xây dựng mô hình gửi Ban Dân vận cùng cấp.", 5, True),
    (
        "Huy động được nhiều lực lượng cùng tham gia",
        "Cấp ủy, chính quyền, Mặt trận Tổ quốc, các đoàn thể và nhân dân cùng tham gia thực hiện.",
        10,
        False,
    ),
    (
        "Có kết quả thiết thực, lan tỏa",
        "Kết quả đo được: công trình hoàn thành, kinh phí và ngày công huy động, đất hiến, hộ thoát nghèo...",
        20,
        True,
    ),
    (
        "Được nhân dân đồng tình, hưởng ứng và tích cực tham gia",
        "Thực hiện phương châm dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng.",
        15,
        False,
    ),
    (
        "Giải quyết được nhiệm vụ khó khăn, bức xúc của địa phương, đơn vị",
        "Vấn đề khó, cấp bách được giải quyết nhờ mô hình (giải phóng mặt bằng, môi trường, an ninh trật tự...).",
        15,
        False,
    ),
    (
        "Được cấp ủy, chính quyền địa phương ghi nhận",
        "Văn bản ghi nhận, biểu dương hoặc khen thưởng của cấp có thẩm quyền.",
        10,
        True,
    ),
    (
        "Có tính bền vững, khả năng duy trì và nhân rộng",
        "Mô hình duy trì lâu dài, có thể áp dụng ở địa phương, đơn vị khác.",
        15,
        False,
    ),
]

EXEMPLAR_CRITERIA = [
    (
        "Gương mẫu chấp hành chủ trương của Đảng, chính sách, pháp luật của Nhà nước",
        "Bản thân và gia đình gương mẫu; vận động người dân cùng thực hiện.",
        25,
        False,
    ),
    ("Có sáng kiến, đề xuất cách làm hay, hiệu quả", "Sáng kiến được áp dụng và mang lại kết quả cụ thể.", 25, True),
    (
        "Góp phần giải quyết vụ việc phức tạp, khiếu kiện kéo dài",
        "Tham gia hòa giải, đối thoại, vận động giải quyết vụ việc bức xúc, tồn đọng ở cơ sở.",
        25,
        False,
    ),
    (
        "Tận tụy phục vụ nhân dân, được nhân dân tin yêu",
        "Gần dân, hiểu dân, trọng dân, có trách nhiệm với dân; được nhân dân ghi nhận.",
        25,
        False,
    ),
]

EXAMPLE_SETS = [
    ("Bộ tiêu chí chấm điểm mô hình “Dân vận khéo”", AppliesTo.MODEL, MODEL_CRITERIA),
    ("Bộ tiêu chí chấm điểm điển hình “Dân vận khéo”", AppliesTo.EXEMPLAR, EXEMPLAR_CRITERIA),
]


@transaction.atomic
def load_examples() -> list[CriteriaSet]:
    """Create the example sets once (version 1); an existing set is left as it is. Safe to run again."""
    sets = []
    for name, applies_to, criteria in EXAMPLE_SETS:
        criteria_set, created = CriteriaSet.objects.get_or_create(
            name=name,
            version=1,
            defaults={"applies_to": applies_to, "pass_threshold": Decimal(PASS_THRESHOLD), "is_example": True},
        )
        if created:
            RatingBand.objects.bulk_create(
                RatingBand(criteria_set=criteria_set, name=band, lower_bound=Decimal(bound)) for band, bound in BANDS
            )
            Criterion.objects.bulk_create(
                Criterion(
                    criteria_set=criteria_set,
                    order=order,
                    title=title,
                    guidance=guidance,
                    max_points=Decimal(points),
                    evidence_required=evidence,
                )
                for order, (title, guidance, points, evidence) in enumerate(criteria, start=1)
            )
        sets.append(criteria_set)
    return sets
