"""Statistics on the area codes the reports group by: split_part(path, '/', N), the child area of a scope.

Without them the planner guesses hundreds of thousands of groups for a report's GROUP BY (it knows nothing of an
expression's distinct values), so it sorts every row (spilling to disk) instead of hashing a few thousand groups,
and gives up the parallel partial aggregation. N = 2, 3, 4: the rows of the whole country, a province, a district.
"""

from django.db import migrations

DEPTHS = (2, 3, 4)

CREATE = "".join(
    f"CREATE STATISTICS area_path_segment_{n} ON (split_part(path::text, '/', {n})) FROM units_area;\n" for n in DEPTHS
)
DROP = "".join(f"DROP STATISTICS area_path_segment_{n};\n" for n in DEPTHS)


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0003_area_links"),
    ]

    operations = [migrations.RunSQL(CREATE + "ANALYZE units_area;", DROP)]
