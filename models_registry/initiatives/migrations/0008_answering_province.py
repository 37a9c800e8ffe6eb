"""Initiative.province_path is the province that answers for the model today: the models of a merged former
province ("/LP80/", Long An) move to the province it joined ("/P80/", Tây Ninh), through the succession links.
A frozen copy of models_registry.initiatives.models.ANSWERING_PROVINCE_SQL."""

from django.db import migrations

ANSWERING_PROVINCE_SQL = """
UPDATE initiatives_initiative i SET province_path = successor.path
FROM units_arealink link
JOIN units_area former ON former.id = link.predecessor_id
JOIN units_area successor ON successor.id = link.successor_id
WHERE former.parent_id IS NULL AND successor.parent_id IS NULL AND i.province_path = former.path
"""
FIRST_STEP_SQL = """
UPDATE initiatives_initiative i SET province_path = '/' || split_part(a.path, '/', 2) || '/'
FROM units_unit u JOIN units_area a ON a.id = u.area_id WHERE u.id = i.unit_id
"""


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0007_registry_dates"),
        ("units", "0003_area_links"),
    ]

    operations = [migrations.RunSQL(ANSWERING_PROVINCE_SQL, FIRST_STEP_SQL)]
