"""The Word report's sentences (data an administrator edits), the codes they name activity figures by, and the
reports' offices in Vietnamese order."""

import danvan.collation
from django.db import migrations, models


CODES = {
    "Số cuộc giám sát": "giam_sat",
    "Số hội nghị phản biện xã hội": "phan_bien",
    "Số hội nghị đối thoại với nhân dân": "doi_thoai",
    "Diện tích đất nhân dân hiến": "dat_hien",
    "Số tiền huy động": "tien_huy_dong",
    "Số công trình hoàn thành": "cong_trinh",
}
SENTENCES = [
    "Trong {ky}, toàn {dia_ban} đăng ký mới {moi} mô hình, điển hình “Dân vận khéo”, nâng tổng số mô hình, điển hình "
    "đã đăng ký lên {dang_ky}; đến cuối kỳ có {dang_thuc_hien} mô hình, điển hình đang thực hiện, trong đó {hieu_qua} "
    "mô hình, điển hình hoạt động hiệu quả.",
    "Trong kỳ, các cấp đã công nhận {cong_nhan_trong_ky} mô hình, điển hình “Dân vận khéo” (lũy kế {cong_nhan_luy_ke} "
    "mô hình, điển hình được công nhận); {tieu_bieu} mô hình, điển hình được đánh giá tiêu biểu; nhân rộng {nhan_rong} "
    "mô hình; dừng thực hiện {dung} mô hình không còn hiệu quả.",
    "Các cấp đã khen thưởng {khen_tap_the} tập thể và {khen_ca_nhan} cá nhân có thành tích xuất sắc trong phong trào "
    "thi đua “Dân vận khéo”.",
    "Mặt trận Tổ quốc, các đoàn thể chính trị - xã hội các cấp đã tổ chức {giam_sat} cuộc giám sát, {phan_bien} hội nghị "
    "phản biện xã hội; tham mưu với cấp ủy, chính quyền tổ chức {doi_thoai} hội nghị đối thoại với Nhân dân.",
    "Thông qua phong trào, Nhân dân đã hiến {dat_hien} m² đất, đóng góp {tien_huy_dong} đồng; {cong_trinh} công trình "
    "được hoàn thành theo phương châm “Nhà nước và Nhân dân cùng làm”.",
    "Các mô hình, điển hình đã đăng ký thu hút {so_nguoi} lượt người tham gia.",
]


def load(apps, schema_editor):
    Indicator = apps.get_model("reports", "ActivityIndicator")
    Sentence = apps.get_model("reports", "ReportSentence")
    for name, code in CODES.items():
        Indicator.objects.filter(name=name, code="").update(code=code)
    if not Sentence.objects.exists():
        Sentence.objects.bulk_create(Sentence(order=index, text=text) for index, text in enumerate(SENTENCES, start=1))


class Migration(migrations.Migration):

    dependencies = [
        ('units', '0002_vietnamese_sort_key'),  # the ordering calls vi_sort_key()
        ('reports', '0002_activity_indicators'),
    ]

    operations = [
        migrations.CreateModel(
            name='ReportSentence',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('text', models.TextField(help_text='Figures in braces, e.g. {moi}; the list of names is below the form.', verbose_name='sentence')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
            ],
            options={
                'verbose_name': 'report sentence',
                'verbose_name_plural': 'report sentences',
                'ordering': ['order', 'pk'],
            },
        ),
        migrations.AlterModelOptions(
            name='periodreport',
            options={'ordering': ['period', danvan.collation.ViSortKey('office__name'), 'pk'], 'verbose_name': 'period report', 'verbose_name_plural': 'period reports'},
        ),
        migrations.AddField(
            model_name='activityindicator',
            name='code',
            field=models.SlugField(blank=True, help_text="The Word report's sentences write this figure where they say {code}, e.g. {giam_sat}.", max_length=40, verbose_name='code in report sentences'),
        ),
        migrations.AddConstraint(
            model_name='activityindicator',
            constraint=models.UniqueConstraint(condition=models.Q(('code', ''), _negated=True), fields=('code',), name='indicator_code_unique'),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
