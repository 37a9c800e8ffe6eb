from django.db import migrations

LEVELS = [("xa", "Cấp xã", 1), ("huyen", "Cấp huyện", 2), ("tinh", "Cấp tỉnh", 3), ("trung-uong", "Cấp Trung ương", 4)]
FORMS = [
    ("Giấy khen", "Ban Dân vận Tỉnh ủy", "collective", 1),
    ("Giấy khen", "Ban Dân vận Tỉnh ủy", "individual", 2),
    ("Giấy khen", "Chủ tịch UBND cấp huyện", "collective", 3),
    ("Giấy khen", "Chủ tịch UBND cấp huyện", "individual", 4),
    ("Bằng khen", "Chủ tịch UBND tỉnh", "collective", 5),
    ("Bằng khen", "Chủ tịch UBND tỉnh", "individual", 6),
    ("Cờ thi đua", "UBND tỉnh", "collective", 7),
    ("Bằng khen", "Thủ tướng Chính phủ", "collective", 8),
    ("Bằng khen", "Thủ tướng Chính phủ", "individual", 9),
]


def load(apps, schema_editor):
    Level = apps.get_model("awards", "RecognitionLevel")
    AwardForm = apps.get_model("awards", "AwardForm")
    for code, name, order in LEVELS:
        Level.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    for name, issuer, recipient, order in FORMS:
        AwardForm.objects.update_or_create(name=name, issuing_level=issuer, recipient_kind=recipient, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("awards", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
