"""Models and exemplars in and out of Excel: the django-import-export resource behind the import pages."""

import re
from dataclasses import replace
from functools import partial

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field as ResourceField

from danvan.accounts.access import can_review_models
from danvan.errors import DomainError
from models_registry.awards.domain import record_past_recognition
from models_registry.awards.models import RecognitionLevel
from models_registry.imports import lookups, parsing
from models_registry.imports.base import (
    UNIT_CODE_COLUMN,
    YES_NO,
    ChoiceWidget,
    CodeWidget,
    DateWidget,
    ImportColumn,
    LookupWidget,
    NumberWidget,
    RegistryResource,
    TextWidget,
)
from models_registry.imports.lookups import UnitFinder, abbreviations, compact, suggest_in
from models_registry.initiatives import domain
from models_registry.initiatives.access import can_edit
from models_registry.initiatives.domain import (
    PastRecord,
    check_opening_status,
    first_history,
)
from models_registry.initiatives.enums import OPENING_STATUSES, REGISTERED_STATUSES, InitiativeKind, Status
from models_registry.initiatives.models import Field, Initiative, Phase
from models_registry.units.enums import UnitKind
from models_registry.units.models import province_path_of

# What the form tracks, with the code and the status an import also sets.
TRACKED_FIELDS = ["code", *domain.TRACKED_FIELDS, "status"]
TEXT_FIELDS = [
    ("situation", ("Thực trạng", "Sự cần thiết", "Lý do")),
    ("goals", ("Mục tiêu", "Mục tiêu, chỉ tiêu", "Chỉ tiêu")),
    ("content_method", ("Nội dung", "Cách làm", "Nội dung, cách làm", "Nội dung thực hiện", "Giải pháp")),
    ("place_target", ("Địa bàn, đối tượng", "Đối tượng", "Phạm vi")),
    ("lead_force", ("Chủ trì", "Lực lượng chủ trì", "Đơn vị chủ trì")),
    ("partner_forces", ("Phối hợp", "Lực lượng phối hợp", "Đơn vị phối hợp")),
    ("participating_forces", ("Lực lượng tham gia", "Tham gia")),
    ("resources_timeline", ("Nguồn lực", "Thời gian, nguồn lực", "Lộ trình")),
    ("expected_outputs", ("Kết quả", "Kết quả dự kiến", "Sản phẩm")),
    ("sustainability", ("Khả năng nhân rộng", "Tính bền vững", "Nhân rộng")),
]
KIND_SYNONYMS = {"MH": InitiativeKind.MODEL, "ĐH": InitiativeKind.EXEMPLAR, "Mô hình Dân vận khéo": InitiativeKind.MODEL}
STATUS_SYNONYMS = {
    "Dự thảo": Status.DRAFT,
    "Đăng ký": Status.DRAFT,
    "Đã đăng ký": Status.DRAFT,
    "Gửi duyệt": Status.SUBMITTED,
    "Đã gửi duyệt": Status.SUBMITTED,
    "Đã phê duyệt": Status.IN_PROGRESS,
    "Phê duyệt": Status.IN_PROGRESS,
    "Đang triển khai": Status.IN_PROGRESS,
    "Công nhận": Status.RECOGNISED,
    "Trả lại": Status.RETURNED,
    "Dừng": Status.DISCONTINUED,
    "Đã dừng": Status.DISCONTINUED,
}
YEARS = re.compile(r"(\d{4})\D+(\d{4})")


def _verbose(name: str) -> str:
    return capfirst(Initiative._meta.get_field(name).verbose_name)


def _exemplar_only(field: str) -> Case:
    """A person's data only for exemplars; the list is already limited to the user's area."""
    return Case(When(kind=InitiativeKind.EXEMPLAR, then=F(field)), default=Value(""))


SHOWN = gettext_lazy("Shown by exports; not imported.")
AREA_SHOWN = gettext_lazy("Shown by exports; the model's area is its unit's. Not imported.")
# The columns only exports show (the list annotates `recognised` and `source_name`, see InitiativeListView), and an
# import accepts and leaves: (key, header, help, synonyms, what the export reads, width, printed, labels).
SHOWN_COLUMNS = [
    ("area_shown", gettext_lazy("Area"), AREA_SHOWN, ("Địa bàn", "Huyện", "Xã"), "unit__area__name", 22, True, None),
    ("area_code_shown", gettext_lazy("Area code"), AREA_SHOWN, ("Mã địa bàn",), "unit__area__code", 12, False, None),
    ("unit_kind", gettext_lazy("Unit kind"), SHOWN, ("Loại đơn vị",), "unit__kind", 20, False, UnitKind.choices),
    ("recognised", gettext_lazy("Recognised"), SHOWN, ("Đã công nhận",), "recognised", 12, False, YES_NO),
    ("replicated", gettext_lazy("Replicated from"), SHOWN, ("Nhân rộng từ",), "source_name", 30, False, None),
]


def _shown(key, header, why, synonyms, export, width, printed, labels) -> ImportColumn:
    return ImportColumn(key, header, why, "", synonyms, ignored=True, width=width, export=export, printed=printed, labels=labels)


def _long_text() -> TextWidget:
    return TextWidget(one_line=False)


INITIATIVE_COLUMNS = [
    ImportColumn(
        "id",
        "ID",
        gettext_lazy("The registry's number of a model already registered (from an export); empty for a new one."),
        "",
        ("Số hiệu", "Mã hệ thống"),
        width=8,
    ),
    ImportColumn(
        "code",
        gettext_lazy("Model code"),
        gettext_lazy("Optional, unique. A model already registered under this code is updated."),
        "VD-MH-01",
        ("Mã mô hình", "Mã", "Mã mô hình, điển hình", "Mã số", "Mã MH"),
        width=14,
        widget=lambda: CodeWidget(40),
        export="code",
    ),
    ImportColumn(
        "kind",
        gettext_lazy("Kind"),
        gettext_lazy("Mô hình or Điển hình; empty means Mô hình."),
        InitiativeKind.MODEL.label,
        ("Loại", "Phân loại", "Mô hình/Điển hình", "Mô hình hay điển hình"),
        choices=lambda: [str(label) for _value, label in InitiativeKind.choices],
        width=12,
        widget=lambda: ChoiceWidget(InitiativeKind.choices, KIND_SYNONYMS),
        keep_blank=True,
        export="kind",
        labels=InitiativeKind.choices,
    ),
    ImportColumn(
        "name",
        gettext_lazy("Model name"),
        gettext_lazy("The name of the model or exemplar."),
        "Ví dụ: Dân vận khéo trong xây dựng nông thôn mới (xóa dòng này)",
        (
            "Tên mô hình",
            "Tên",
            "Tên mô hình, điển hình",
            "Tên mô hình/điển hình",
            "Tên điển hình",
            "Tên mô hình dân vận khéo",
            "Tên MH",
            _verbose("name"),
        ),
        required=True,
        width=44,
        widget=lambda: TextWidget(500),
        export="name",
    ),
    ImportColumn(
        "unit",
        gettext_lazy("Unit"),
        gettext_lazy("The unit's code or name, inside your area."),
        "VD-DV-01",
        ("Đơn vị", "Đơn vị thực hiện", "Đơn vị đăng ký", "Tên đơn vị", "Cơ quan, đơn vị", "Đơn vị chủ quản"),
        required=True,
        width=28,
        export="unit__name",
    ),
    replace(UNIT_CODE_COLUMN, export="unit__code", printed=False),
    ImportColumn(
        "field",
        gettext_lazy("Field"),
        gettext_lazy("One of the list."),
        "Kinh tế",
        ("Lĩnh vực", "Lĩnh vực thực hiện"),
        choices=lambda: list(Field.objects.filter(is_active=True).values_list("name", flat=True)),
        width=24,
        export="field__name",
    ),
    ImportColumn(
        "phase",
        gettext_lazy("Phase"),
        gettext_lazy("E.g. 2021–2025, or one year of it."),
        "2021–2025",
        ("Giai đoạn", "Giai đoạn thực hiện"),
        choices=lambda: list(Phase.objects.values_list("name", flat=True)),
        width=12,
        export="phase__name",
    ),
    ImportColumn(
        "registered_on",
        gettext_lazy("Registration date"),
        gettext_lazy("dd/mm/yyyy, an Excel date, or only the year."),
        "15/03/2024",
        ("Ngày đăng ký", "Thời gian đăng ký", "Năm đăng ký", "Ngày ĐK", _verbose("registered_on")),
        width=14,
        widget=DateWidget,
        export="registered_on",
        kind="date",
    ),
    ImportColumn(
        "started_on",
        gettext_lazy("Start date"),
        gettext_lazy("dd/mm/yyyy, an Excel date, or only the year."),
        "2024",
        ("Ngày bắt đầu", "Thời gian bắt đầu", "Năm bắt đầu", "Năm thực hiện", _verbose("started_on")),
        width=14,
        widget=DateWidget,
        export="started_on",
        kind="date",
        printed=False,
    ),
    ImportColumn(
        "status",
        gettext_lazy("Status"),
        gettext_lazy(
            "For a new model only; empty means draft. Your file creates drafts or submitted models (with what a "
            "submission needs). Province staff may also record a model of a past period as in progress, recognised "
            "(with the recognition columns) or discontinued (with the reason). Existing models change status only "
            "through the workflow."
        ),
        Status.DRAFT.label,
        ("Trạng thái", "Tình trạng"),
        choices=lambda: [str(Status(value).label) for value in (*OPENING_STATUSES, *REGISTERED_STATUSES)],
        width=16,
        widget=lambda: ChoiceWidget(Status.choices, STATUS_SYNONYMS),
        keep_blank=True,
        export="status",
        labels=Status.choices,
    ),
    ImportColumn(
        "recognition_level",
        gettext_lazy("Recognition level"),
        gettext_lazy("Only for a past model imported as recognised (province staff): the level of its decision."),
        "",
        ("Cấp công nhận", "Cấp CN"),
        choices=lambda: list(RecognitionLevel.objects.values_list("name", flat=True)),
        width=14,
    ),
    ImportColumn(
        "decision_no",
        gettext_lazy("Recognition decision number"),
        gettext_lazy("Only for a past model imported as recognised: the decision's number, e.g. 125-QĐ/BDVTU."),
        "",
        ("Số quyết định công nhận", "Số QĐ công nhận", "Số quyết định"),
        width=18,
    ),
    ImportColumn(
        "decided_on",
        gettext_lazy("Recognition decision date"),
        gettext_lazy("Only for a past model imported as recognised: dd/mm/yyyy, before the current half-year."),
        "",
        ("Ngày quyết định công nhận", "Ngày QĐ công nhận", "Ngày quyết định"),
        width=14,
    ),
    ImportColumn(
        "signer",
        gettext_lazy("Decision signed by"),
        gettext_lazy("Optional: who signed the recognition decision."),
        "",
        ("Người ký quyết định", "Người ký"),
        width=20,
    ),
    ImportColumn(
        "discontinue_reason",
        gettext_lazy("Reason discontinued"),
        gettext_lazy("Only for a past model imported as discontinued: why it stopped."),
        "",
        ("Lý do dừng", "Lý do ngừng"),
        width=30,
    ),
    *(
        ImportColumn(name, _verbose(name), "", "", synonyms, width=40, widget=_long_text, export=name, printed=False)
        for name, synonyms in TEXT_FIELDS
    ),
    ImportColumn(
        "people_reached",
        gettext_lazy("People reached"),
        gettext_lazy("A whole number; 1.234 or 1234."),
        1200,
        (
            "Số người hưởng lợi",
            "Số người được hưởng lợi",
            "Số người được vận động",
            "Số hộ hưởng lợi",
            "Người hưởng lợi",
            _verbose("people_reached"),
        ),
        width=14,
        widget=NumberWidget,
        export="people_reached",
        kind="number",
        printed=False,
    ),
    ImportColumn(
        "money_mobilised",
        gettext_lazy("Money mobilised (đồng)"),
        gettext_lazy("In đồng; 1.234.567, “2.500.000 đồng”, “1,5 tỷ” or “120 triệu”."),
        "2.500.000.000",
        (
            "Kinh phí huy động",
            "Số tiền huy động",
            "Số tiền vận động",
            "Số tiền vận động (đồng)",
            "Tổng kinh phí",
            "Kinh phí (đồng)",
            "Giá trị huy động",
            _verbose("money_mobilised"),
        ),
        width=18,
        widget=lambda: NumberWidget(parsing.MONEY_UNITS),
        export="money_mobilised",
        kind="number",
        printed=False,
    ),
    ImportColumn(
        "land_donated_m2",
        gettext_lazy("Land donated (m²)"),
        gettext_lazy("In m²; 446.000, “446.000 m2” or “0,5 ha”."),
        "1.500 m2",
        ("Đất hiến (m²)", "Đất hiến", "Hiến đất", "Diện tích đất hiến", "Diện tích hiến đất", _verbose("land_donated_m2")),
        width=16,
        widget=lambda: NumberWidget(parsing.LAND_UNITS),
        export="land_donated_m2",
        kind="number",
        printed=False,
    ),
    ImportColumn(
        "works_completed",
        gettext_lazy("Works completed"),
        "",
        3,
        ("Số công trình", "Công trình hoàn thành", "Số công trình hoàn thành", _verbose("works_completed")),
        width=14,
        widget=NumberWidget,
        export="works_completed",
        kind="number",
        printed=False,
    ),
    ImportColumn(
        "person_name",
        _verbose("person_name"),
        gettext_lazy("For an exemplar."),
        "",
        ("Họ tên", "Tên cá nhân"),
        width=22,
        widget=lambda: TextWidget(150),
        export=_exemplar_only("person_name"),
        personal=True,
        printed=False,
    ),
    ImportColumn(
        "person_position",
        _verbose("person_position"),
        "",
        "",
        ("Chức vụ", "Chức danh"),
        width=22,
        widget=lambda: TextWidget(200),
        export=_exemplar_only("person_position"),
        personal=True,
        printed=False,
    ),
    ImportColumn(
        "person_contact",
        _verbose("person_contact"),
        "",
        "",
        ("Liên hệ",),
        width=20,
        widget=lambda: TextWidget(200),
        export=_exemplar_only("person_contact"),
        personal=True,
        printed=False,
    ),
    ImportColumn(
        "row_no", "STT", gettext_lazy("Row number; not imported."), 1, ("TT", "Số TT", "Số thứ tự"), ignored=True, width=6
    ),
    *(_shown(*column) for column in SHOWN_COLUMNS),
]


class InitiativeResource(RegistryResource):
    """Models and exemplars, matched by ID, code, or unit and name; units only from the user's area."""

    columns = INITIATIVE_COLUMNS
    required_columns = ("name", "unit")
    column_alternatives = {"unit": ("unit_code",)}
    code_columns = {"unit_code": "unit"}
    row_columns = ("recognition_level", "decision_no", "decided_on", "signer", "discontinue_reason")
    tracked_fields = TRACKED_FIELDS
    resolved_fields = ("unit", "field", "phase", "replicated_from")
    bulk_new = True

    id = ResourceField(attribute="id", column_name="id", readonly=True)
    unit = ResourceField(attribute="unit", column_name="unit")
    field = ResourceField(attribute="field", column_name="field")
    phase = ResourceField(attribute="phase", column_name="phase")

    class Meta(RegistryResource.Meta):
        model = Initiative
        fields = ("id", *TRACKED_FIELDS)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.units = UnitFinder(self.user)
        self.fields["unit"].widget = LookupWidget(lambda value, row, **kw: self.units.find(value))
        self.fields["field"].widget = LookupWidget(self.find_field)
        self.fields["phase"].widget = LookupWidget(self.find_phase)

    # lookups

    def find_field(self, value, row, **kwargs):
        """A field by code, name or abbreviation: KT, VH-XH, VHXH, QP-AN, XDHTCT, "Xây dựng HTCT"."""
        if value in self.field_cache:
            return self.field_cache[value]
        key, short = parsing.fold_key(value), compact(value)
        for field in self.all_fields:
            if key in (parsing.fold_key(field.code), parsing.fold_key(field.name)) or short in abbreviations(field.name):
                self.field_cache[value] = field
                return field
        names = ", ".join(field.name for field in self.all_fields)
        raise ValueError(
            _("“%(value)s” is not a field; use one of: %(names)s.") % {"value": parsing.clean_text(value), "names": names}
            + suggest_in([field.name for field in self.all_fields], value)
        )

    def find_phase(self, value, row, **kwargs):
        text = parsing.clean_text(value if not isinstance(value, float) else int(value))
        years = YEARS.search(text)
        for phase in self.all_phases:
            if years and (phase.start_year, phase.end_year) == (int(years[1]), int(years[2])):
                return phase
            if not years and text.isascii() and text.isdigit() and phase.start_year <= int(text) <= phase.end_year:
                return phase
        names = ", ".join(phase.name for phase in self.all_phases)
        raise ValueError(
            _("“%(value)s” is not a phase; use one of: %(names)s.") % {"value": text, "names": names}
            + suggest_in([phase.name for phase in self.all_phases], text)
        )

    def fill_defaults(self, instance):
        """A blank kind is a model (the model's default stays); the phase follows the registration or start date."""
        when = instance.registered_on or instance.started_on
        if instance.phase_id is None and when is not None:
            instance.phase = next((p for p in self.all_phases if p.start_year <= when.year <= p.end_year), None)

    # natural keys

    def prepare(self, rows):
        # What every row's opening rule asks, found once per file: today's half-year and the user's right to record
        # a past model.
        self.today, self.reviews = timezone.localdate(), can_review_models(self.user)
        self.all_fields, self.field_cache = list(Field.objects.all()), {}
        self.all_phases = list(Phase.objects.all())
        self.all_levels = list(RecognitionLevel.objects.all())
        codes = {parsing.clean_text(row["code"]) for row in rows if row.get("code") not in (None, "")}
        ids = {_as_id(row.get("id")) for row in rows} - {None}
        queryset = Initiative.objects.select_related("unit__area", "field", "phase")
        self.by_code = {item.code: item for item in queryset.filter(code__in=codes)} if codes else {}
        self.by_id = {item.pk: item for item in queryset.filter(pk__in=ids)} if ids else {}
        self.by_unit_name = {}
        if any(row.get("code") in (None, "") and _as_id(row.get("id")) is None for row in rows):
            self.units.load()
            for item in queryset.filter(unit__in=list(self.units.by_code.values())):
                self.by_unit_name.setdefault((item.unit_id, parsing.fold_key(item.name)), []).append(item)

    def identity(self, row):
        if _as_id(row.get("id")) is not None:
            return ("id", _as_id(row["id"]))
        if row.get("code") not in (None, ""):
            return ("code", parsing.clean_text(row["code"]))
        if row.get("name") and row.get("unit"):
            return ("name", parsing.fold_key(row["unit"]), parsing.fold_key(row["name"]))
        return None

    def describe_identity(self, row):
        return parsing.clean_text(row.get("code") or row.get("name") or row.get("id") or "")

    def find_existing(self, row):
        pk = _as_id(row.get("id"))
        if row.get("id") not in (None, "") and pk is None:
            raise ValidationError({"id": _("“%(value)s” is not a registry number.") % {"value": row["id"]}})
        if pk is not None:
            item = self.by_id.get(pk)
            if item is None or not self.in_scope(item.unit.area):
                raise ValidationError({"id": _("No model number %(id)s in your area.") % {"id": pk}})
            return item
        code = parsing.clean_text(row["code"]) if row.get("code") not in (None, "") else ""
        if code:
            item = self.by_code.get(code)
            if item is not None and not self.in_scope(item.unit.area):
                # The same words as for a code taken inside the area: nothing says where the other model is.
                raise ValidationError({"code": _("Another model already has code %(code)s.") % {"code": code}})
            return item
        return self._by_unit_and_name(row)

    def _by_unit_and_name(self, row):
        if not row.get("unit") or not row.get("name"):
            return None
        try:
            unit = self.units.find(row["unit"])
        except ValueError:
            return None  # the unit column reports its own error
        matches = self.by_unit_name.get((unit.pk, parsing.fold_key(row["name"])), [])
        if len(matches) > 1:
            raise ValidationError({"name": _("This unit has several models with this name; add the model code or ID.")})
        return matches[0] if matches else None

    # rules

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        self.status_before = None if new else instance.status
        # What the web form would allow this user on this model now, before the row's values are applied.
        self.editable_before = new or can_edit(self.user, instance)
        self.row, self.past = row, PastRecord()

    def validate_row(self, instance):
        errors = {}
        if instance.unit_id is None:
            errors["unit"] = _("Write the unit's code or name.")
        elif not self.in_scope(instance.unit.area):
            errors["unit"] = _("The unit is outside your area.")
        if self.status_before is not None and instance.status != self.status_before:
            errors["status"] = _(
                "An existing model changes status only through its workflow (now: %(status)s); leave the status as it is."
            ) % {"status": Status(self.status_before).label}
        elif not self.editable_before:
            errors[NON_FIELD_ERRORS] = _(
                "This model is “%(status)s”: a file may change it only while it is a draft or returned, as the form does."
            ) % {"status": Status(self.status_before).label}
        code_owner = self.by_code.get(instance.code) if instance.code else None
        if code_owner is not None and code_owner.pk != instance.pk:
            errors["code"] = _("Another model already has code %(code)s.") % {"code": instance.code}
        if self.status_before is None and not errors:
            errors.update(self._opening_errors(instance))
        if errors:
            raise ValidationError(errors)

    def _opening_errors(self, instance) -> dict:
        """The domain's rule for how a record may start, with what the row brings for a registered status."""
        try:
            self.past = self._past_record(self.row)
            check_opening_status(instance, by=self.user, past=self.past, today=self.today, reviews=self.reviews)
        except ValueError as error:
            return {error.args[1]: str(error.args[0])}
        except DomainError as error:
            return {error.field or "status": error.message}
        return {}

    def _past_record(self, row) -> PastRecord:
        """The recognition and discontinuation cells of a row; ValueError(message, column) for a bad one."""
        values = {}
        for key, parse in (
            ("recognition_level", self.find_level),
            ("decided_on", parsing.parse_date),
            ("decision_no", lambda v: TextWidget(60).clean(v)),
            ("signer", lambda v: TextWidget(150).clean(v)),
            ("discontinue_reason", lambda v: TextWidget(one_line=False).clean(v)),
        ):
            try:
                values[key] = parse(row[key]) if row.get(key) not in (None, "") else None
            except ValueError as error:
                raise ValueError(str(error), key) from None
        return PastRecord(
            level=values["recognition_level"],
            decision_no=values["decision_no"] or "",
            decided_on=values["decided_on"],
            signer=values["signer"] or "",
            reason=values["discontinue_reason"] or "",
        )

    def find_level(self, value):
        return lookups.find_level(self.all_levels, value)

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        if instance.pk is None:
            instance.status_changed_at = timezone.now()

    def prepare_new(self, instance):
        instance.province_path = province_path_of(instance.unit.area)  # as Initiative.save() does

    def row_state(self):
        return self.past

    def restore_row_state(self, state):
        self.past = state

    def after_create(self, instance, *, note):
        """The first history row (with the reason of a past discontinuation) and a past recognition's decision (once
        the model is in its table)."""
        reason = f"{note}. {self.past.reason}" if instance.status == Status.DISCONTINUED else note
        self.pending.append(first_history(instance, by=self.user, note=reason))
        if instance.status == Status.RECOGNISED:
            past = self.past
            self.after_insert.append(
                partial(
                    record_past_recognition,
                    instance,
                    by=self.user,
                    level=past.level,
                    decision_no=past.decision_no,
                    decided_on=past.decided_on,
                    signer=past.signer,
                )
            )

    def label(self, row):
        return " · ".join(parsing.clean_text(row[key]) for key in ("code", "name") if row.get(key) not in (None, ""))


def _as_id(value) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = parsing.parse_int(value)
    except ValueError:
        return None
    return number if number and number > 0 else None
