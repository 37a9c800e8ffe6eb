"""Vietnamese sort order: vi_sort_key(text) and vi_person_sort_key(text), and the units list's index.

ICU is not available in the embedded Postgres build, so the order is a sort key (see danvan/collation.py,
whose sort_key() is the Python twin). This is a frozen copy of danvan.collation.create_function_sql():
a change of the key is a new migration that replaces the functions and rebuilds the indexes using them.
"""

import danvan.collation
from django.conf import settings
from django.db import migrations, models


CREATE_FUNCTIONS = 'CREATE OR REPLACE FUNCTION vi_sort_key(value text) RETURNS bytea\nLANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE\nRETURN btrim(regexp_replace(regexp_replace(regexp_replace(translate(replace(replace(regexp_replace(lower(normalize(translate(value, E\'\\u00a0\\u0009\\u000a\\u000d\', E\'    \'), NFD)), E\'[^ 0-9a-z\\u0111\\u0110\\u0306\\u0302\\u031b\\u0300\\u0309\\u0303\\u0301\\u0323]\', \'\', \'g\'), E\'\\u0111\', \'d~\'), E\'\\u0110\', \'d~\'), E\'\\u0306\\u0302\\u031b\\u0300\\u0309\\u0303\\u0301\\u0323\', E\'{|}!"#$%\'), E\'([!-%])([^ ]*)\', E\'\\\\2\\\\1\', \'g\'), E\'([0-9]+)\', E\'00000000000\\\\1\', \'g\'), E\'0*([0-9]{12})\', E\'\\\\1\', \'g\'), \' \')::bytea;\n\nCREATE OR REPLACE FUNCTION vi_person_sort_key(value text) RETURNS bytea\nLANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE\nRETURN vi_sort_key(regexp_replace(btrim(translate(value, E\'\\u00a0\\u0009\\u000a\\u000d\', E\'    \'), \' \'), \'^.* \', \'\')) || \'\\x00\'::bytea || vi_sort_key(btrim(translate(value, E\'\\u00a0\\u0009\\u000a\\u000d\', E\'    \'), \' \'));'
DROP_FUNCTIONS = 'DROP FUNCTION IF EXISTS vi_person_sort_key(text); DROP FUNCTION IF EXISTS vi_sort_key(text);'


class Migration(migrations.Migration):

    dependencies = [
        ('units', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunSQL(CREATE_FUNCTIONS, DROP_FUNCTIONS),
        migrations.AlterModelOptions(
            name='unit',
            options={'ordering': [danvan.collation.ViSortKey('name'), 'pk'], 'verbose_name': 'unit', 'verbose_name_plural': 'units'},
        ),
        migrations.AddIndex(
            model_name='unit',
            index=models.Index(danvan.collation.ViSortKey('name'), models.F('id'), name='unit_name_vi'),
        ),
    ]
