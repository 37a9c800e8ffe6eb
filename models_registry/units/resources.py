"""Units in and out of Excel: the django-import-export resource behind the import pages."""

from dataclasses import replace

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field

from models_registry.imports import parsing
from models_registry.imports.areas import AreaFinder
from models_registry.imports.base import (
    AREA_CODE_COLUMN,
    YES_NO,
    BooleanWidget,
    ChoiceWidget,
    CodeWidget,
    ImportColumn,
    LookupWidget,
    RegistryResource,
    TextWidget,
)
from models_registry.units import domain
from models_registry.units.access import units_for
from models_registry.units.enums import UnitKind
from models_registry.units.models import Unit
from models_registry.units.signals import unit_moved

KIND_SYNONYMS = {
    "xã": UnitKind.COMMUNE,
    "phường": UnitKind.COMMUNE,
    "thị trấn": UnitKind.COMMUNE,
    "UBND xã": UnitKind.COMMUNE,
    "đặc khu": UnitKind.COMMUNE,
    "cơ quan nhà nước": UnitKind.AGENCY,
    "cơ quan, đơn vị": UnitKind.AGENCY,
    "trường học": UnitKind.AGENCY,
    "công ty": UnitKind.ENTERPRISE,
    "hợp tác xã": UnitKind.ENTERPRISE,
    "công an": UnitKind.ARMED_FORCES,
    "quân đội": UnitKind.ARMED_FORCES,
    "quân sự": UnitKind.ARMED_FORCES,
    "LLVT": UnitKind.ARMED_FORCES,
    "MTTQ": UnitKind.FRONT,
    "Mặt trận Tổ quốc": UnitKind.FRONT,
    "đoàn thể": UnitKind.FRONT,
    "MTTQ, đoàn thể": UnitKind.FRONT,
}
ROW_NUMBER_SYNONYMS = ("STT", "TT", "Số TT", "Số thứ tự")

UNIT_COLUMNS = [
    ImportColumn(
        "code",
        gettext_lazy("Unit code"),
        gettext_lazy(
            "Optional, unique in the whole registry, e.g. GL-DANGXA. A unit already registered under this code is "
            "updated; a new unit without one gets a code made from its area's (LC00565-001)."
        ),
        "VD-DV-01",
        ("Mã đơn vị", "Mã", "Mã ĐV", "Mã số", "Code"),
        width=16,
        widget=lambda: CodeWidget(40),
        keep_blank=True,
        export="code",
    ),
    ImportColumn(
        "name",
        gettext_lazy("Unit name"),
        gettext_lazy("The unit's full name."),
        "Ví dụ: UBND xã Đặng Xá (xóa dòng này)",
        ("Tên đơn vị", "Tên", "Đơn vị", "Tên cơ quan, đơn vị", "Tên cơ quan đơn vị"),
        required=True,
        width=36,
        widget=lambda: TextWidget(255),
        export="name",
    ),
    ImportColumn(
        "kind",
        gettext_lazy("Unit kind"),
        gettext_lazy("One of the list: commune, agency, enterprise, armed forces, Front and mass organisations."),
        UnitKind.COMMUNE.label,
        ("Loại đơn vị", "Loại", "Loại hình", "Khối"),
        required=True,
        choices=lambda: [str(label) for _value, label in UnitKind.choices],
        width=24,
        widget=lambda: ChoiceWidget(UnitKind.choices, KIND_SYNONYMS),
        export="kind",
        labels=UnitKind.choices,
    ),
    ImportColumn(
        "area",
        gettext_lazy("Area"),
        gettext_lazy(
            "The area code, the commune's name, or its address before or after July 2025 "
            "(e.g. “phường Khương Trung, quận Thanh Xuân, Hà Nội”). Empty: taken from the address."
        ),
        "xã Đặng Xá, huyện Gia Lâm, Hà Nội",
        ("Địa bàn", "Địa bàn (xã, phường)", "Xã, phường", "Xã/phường"),
        width=34,
        export="area__name",
    ),
    replace(AREA_CODE_COLUMN, export="area__code"),
    ImportColumn(
        "address",
        gettext_lazy("Address"),
        gettext_lazy("Street address."),
        "Thôn 1, xã Đặng Xá",
        ("Địa chỉ", "Địa chỉ trụ sở"),
        width=34,
        widget=lambda: TextWidget(255),
        export="address",
    ),
    ImportColumn(
        "contact_name",
        gettext_lazy("Contact person"),
        "",
        "Nguyễn Văn An",
        ("Người liên hệ", "Người phụ trách", "Đầu mối liên hệ", "Người đầu mối"),
        width=22,
        widget=lambda: TextWidget(150),
        export="contact_name",
        personal=True,
    ),
    ImportColumn(
        "phone",
        gettext_lazy("Phone"),
        "",
        "0243 123 456",
        ("Điện thoại", "Số điện thoại", "SĐT", "ĐT", "Điện thoại liên hệ"),
        width=16,
        widget=lambda: TextWidget(30),
        export="phone",
        personal=True,
    ),
    ImportColumn(
        "email",
        gettext_lazy("E-mail"),
        "",
        "dangxa@example.vn",
        ("Email", "Thư điện tử", "Hộp thư"),
        width=24,
        widget=lambda: TextWidget(254),
        export="email",
        personal=True,
    ),
    ImportColumn(
        "is_active",
        gettext_lazy("Active"),
        gettext_lazy("“Có” or “Không”; empty means active."),
        "Có",
        ("Đang hoạt động", "Hoạt động", "Còn hoạt động"),
        choices=lambda: [_("Yes"), _("No")],
        width=12,
        widget=BooleanWidget,
        export="is_active",
        labels=YES_NO,
    ),
    ImportColumn("row_no", "STT", gettext_lazy("Row number; not imported."), 1, ROW_NUMBER_SYNONYMS, ignored=True, width=6),
]


class UnitResource(RegistryResource):
    """Units by code; the area by code, address (legacy or current) or name, always inside the user's area."""

    columns = UNIT_COLUMNS
    required_columns = ("name",)
    code_columns = {"area_code": "area"}
    tracked_fields = domain.TRACKED_FIELDS
    resolved_fields = ("area",)

    area = Field(attribute="area", column_name="area")

    class Meta(RegistryResource.Meta):
        model = Unit
        fields = ("code", "name", "kind", "area", "address", "contact_name", "phone", "email", "is_active")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.areas = AreaFinder(self.user)
        self.fields["area"].widget = LookupWidget(self.find_area)

    def fill_defaults(self, instance):
        """A new unit without a code gets its area's code and the next free number: LC00565-001, LC00565-002..."""
        if instance.pk is None and not instance.code and instance.area_id:
            prefix = f"{instance.area.code}-"
            if prefix not in self.taken:
                codes = Unit.objects.filter(code__startswith=prefix).values_list("code", flat=True)
                self.taken[prefix] = {int(code[len(prefix) :]) for code in codes if code[len(prefix) :].isdigit()}
            number = max(self.taken[prefix], default=0) + 1
            self.taken[prefix].add(number)
            instance.code = f"{prefix}{number:03d}"

    def prepare(self, rows):
        self.taken: dict[str, set[int]] = {}
        codes = {parsing.clean_text(row["code"]) for row in rows if row.get("code") not in (None, "")}
        self.by_code = {unit.code: unit for unit in Unit.objects.filter(code__in=codes).select_related("area")}
        names = [row["name"] for row in rows if row.get("code") in (None, "") and row.get("name")]
        self.by_name = {}
        if names:
            for unit in units_for(self.user).select_related("area"):
                self.by_name.setdefault(parsing.fold_key(unit.name), []).append(unit)

    def identity(self, row):
        if row.get("code") not in (None, ""):
            return ("code", parsing.clean_text(row["code"]))
        if row.get("name"):
            return ("name", parsing.fold_key(row["name"]))
        return None

    def describe_identity(self, row):
        return parsing.clean_text(row.get("code") or row.get("name") or "")

    def find_existing(self, row):
        code = parsing.clean_text(row["code"]) if row.get("code") not in (None, "") else ""
        if code:
            unit = self.by_code.get(code)
            if unit is not None and not self.in_scope(unit.area):
                raise ValidationError({"code": _("Code %(code)s belongs to a unit outside your area.") % {"code": code}})
            return unit
        matches = self.by_name.get(parsing.fold_key(row.get("name") or ""), [])
        if len(matches) > 1:
            raise ValidationError({"name": _("Several units in your area have this name; write the unit code.")})
        return matches[0] if matches else None

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "area":
            kwargs["target"] = instance
        return super().import_field(field, instance, row, is_m2m, **kwargs)

    def find_area(self, value, row, target=None, **kwargs):
        keep = target.area if target is not None and target.area_id else None
        return self.areas.find(value, keep=keep)

    def import_instance(self, instance, row, **kwargs):
        self.area_before = instance.area_id  # None for a new unit
        if row.get("area") in (None, "") and row.get("address"):
            row = {**row, "area": row["address"]}  # no area column value: the address says where
        return super().import_instance(instance, row, **kwargs)

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        if not kwargs.get("dry_run") and getattr(self, "area_before", None) not in (None, instance.area_id):
            unit_moved.send(sender=Unit, unit=instance)  # its models answer to the new area's province

    def validate_row(self, instance):
        if instance.area_id is None:
            raise ValidationError({"area": _("Write the unit's area or its address.")})
        if not self.in_scope(instance.area):
            raise ValidationError({"area": _("The unit's area is outside your area.")})

    def label(self, row):
        return " · ".join(parsing.clean_text(row[key]) for key in ("code", "name") if row.get(key) not in (None, ""))
