"""Users get one full name in Vietnamese order; offices get what their documents print.

Names: Django's first_name/last_name were used as given + middle ("Thị Lan") and family ("Phạm") names,
so the full name is last_name + first_name ("Phạm Thị Lan").
Offices: the name under the superior body and the number's abbreviation are derived from the office's
name where they can be ("Ban Dân vận Huyện ủy Gia Lâm" under "HUYỆN ỦY GIA LÂM": "Ban Dân vận", "BDVHU");
the head signs directly as TRƯỞNG BAN; recipients start as the superior's standing committee and the archive.
An administrator corrects them in the admin.
"""

import danvan.collation
from django.db import migrations, models


BODIES = {  # the superior body's kind: its abbreviation in document numbers, and its name in "Nơi nhận"
    "tỉnh ủy": ("TU", "Tỉnh ủy"),
    "thành ủy": ("TU", "Thành ủy"),
    "huyện ủy": ("HU", "Huyện ủy"),
    "quận ủy": ("QU", "Quận ủy"),
    "thị ủy": ("ThU", "Thị ủy"),
    "đảng ủy": ("ĐU", "Đảng ủy"),
}


def join_names(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.exclude(first_name="", last_name=""):
        user.full_name = " ".join(f"{user.last_name} {user.first_name}".split())
        user.save(update_fields=["full_name"])


def split_names(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.exclude(full_name=""):
        family, _, rest = user.full_name.partition(" ")
        user.last_name, user.first_name = family, rest
        user.save(update_fields=["first_name", "last_name"])


def office_documents(apps, schema_editor):
    Office = apps.get_model("accounts", "Office")
    for office in Office.objects.all():
        superior = office.superior_name.strip()
        body = next((key for key in BODIES if superior.lower().startswith(key)), None)
        if superior and office.name.lower().endswith(" " + superior.lower()):
            office.heading_name = office.name[: -len(superior) - 1].strip().upper()
            initials = "".join(word[0] for word in office.heading_name.split() if word.lower() != "và")
            office.abbreviation = initials + BODIES[body][0] if body else ""
        office.signer_title = "TRƯỞNG BAN"
        lines = [f"Thường trực {BODIES[body][1]} (để b/c)"] if body else []
        office.recipients = "\n".join([*lines, "Lưu Văn phòng"])
        office.save(update_fields=["heading_name", "abbreviation", "signer_title", "recipients"])


class Migration(migrations.Migration):

    dependencies = [
        ('units', '0002_vietnamese_sort_key'),  # the ordering calls vi_sort_key()
        ('accounts', '0002_initial'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='office',
            options={'ordering': [danvan.collation.ViSortKey('name'), 'pk'], 'verbose_name': 'office', 'verbose_name_plural': 'offices'},
        ),
        migrations.AddField(
            model_name='office',
            name='abbreviation',
            field=models.CharField(blank=True, help_text='E.g. BDVTU gives “Số …-BC/BDVTU” (Party); UBND gives “Số: …/BC-UBND” (State).', max_length=30, verbose_name='abbreviation in document numbers'),
        ),
        migrations.AddField(
            model_name='office',
            name='heading_name',
            field=models.CharField(blank=True, help_text="Printed under the superior body, e.g. BAN TUYÊN GIÁO VÀ DÂN VẬN; empty: the office's name.", max_length=200, verbose_name='office name in headings'),
        ),
        migrations.AddField(
            model_name='office',
            name='recipients',
            field=models.TextField(blank=True, help_text='One per line, e.g. “Thường trực Tỉnh ủy (để b/c)” … “Lưu Văn phòng”.', verbose_name='recipients (Nơi nhận)'),
        ),
        migrations.AddField(
            model_name='office',
            name='signer_name',
            field=models.CharField(blank=True, help_text='In Vietnamese order, e.g. Võ Thị Thu Duyên.', max_length=150, verbose_name="signer's full name"),
        ),
        migrations.AddField(
            model_name='office',
            name='signer_title',
            field=models.CharField(blank=True, help_text='E.g. TRƯỞNG BAN, PHÓ TRƯỞNG BAN, PHÓ BÍ THƯ.', max_length=150, verbose_name="signer's title"),
        ),
        migrations.AddField(
            model_name='office',
            name='signing_for',
            field=models.CharField(blank=True, help_text="T/M: the collective body, e.g. BAN THƯỜNG VỤ; K/T: the head's title, e.g. TRƯỞNG BAN.", max_length=150, verbose_name='signing for'),
        ),
        migrations.AddField(
            model_name='office',
            name='signing_mode',
            field=models.CharField(choices=[('direct', 'The head signs in their own title'), ('on_behalf', 'T/M: on behalf of a collective body'), ('deputy', 'K/T: a deputy signs for the head')], default='direct', max_length=10, verbose_name='signing mode'),
        ),
        migrations.AddField(
            model_name='user',
            name='full_name',
            field=models.CharField(blank=True, help_text='In Vietnamese order: family, middle and given name.', max_length=150, verbose_name='full name'),
        ),
        migrations.RunPython(join_names, split_names),
        migrations.RemoveField(
            model_name='user',
            name='first_name',
        ),
        migrations.RemoveField(
            model_name='user',
            name='last_name',
        ),
        migrations.AlterField(
            model_name='office',
            name='is_party_body',
            field=models.BooleanField(default=True, help_text='Documents carry ĐẢNG CỘNG SẢN VIỆT NAM; a State body (UBND, Sở...) gets the national heading instead.', verbose_name='Party body'),
        ),
        migrations.RunPython(office_documents, migrations.RunPython.noop),
    ]
