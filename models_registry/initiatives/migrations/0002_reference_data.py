from django.db import migrations

FIELDS = [
    ("kinh-te", "Kinh tế", 1),
    ("van-hoa-xa-hoi", "Văn hóa – xã hội", 2),
    ("quoc-phong-an-ninh", "Quốc phòng – an ninh", 3),
    ("xay-dung-he-thong-chinh-tri", "Xây dựng hệ thống chính trị", 4),
]
PHASES = [("2016–2020", 2016, 2020), ("2021–2025", 2021, 2025), ("2026–2030", 2026, 2030)]


def load(apps, schema_editor):
    Field = apps.get_model("initiatives", "Field")
    Phase = apps.get_model("initiatives", "Phase")
    for code, name, order in FIELDS:
        Field.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    for name, start, end in PHASES:
        Phase.objects.update_or_create(name=name, defaults={"start_year": start, "end_year": end})


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
