"""Awards and recognition decisions from Excel: the django-import-export resources behind the import pages."""

import copy
from dataclasses import replace

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Case, Q, Value, When
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field as ResourceField

from danvan.accounts.access import area_q
from danvan.errors import DomainError
from danvan.search import ImmutableUnaccent
from danvan.vietnamese import short_date
from models_registry.awards.domain import Decision, check_recognition, check_replacement, recognise, replace_recognition
from models_registry.awards.enums import RecipientKind
from models_registry.awards.models import Award, AwardForm, PersonKey, Recognition, RecognitionLevel
from models_registry.imports import lookups, parsing
from models_registry.imports.areas import AreaFinder
from models_registry.imports.base import (
    AREA_CODE_COLUMN,
    UNIT_CODE_COLUMN,
    ChoiceWidget,
    CodeWidget,
    DateWidget,
    ImportColumn,
    LookupWidget,
    NumberWidget,
    RegistryResource,
    TextWidget,
)
from models_registry.imports.lookups import UnitFinder, suggest_in, suggestion
from models_registry.initiatives.enums import InitiativeKind
from models_registry.initiatives.models import Initiative

TRACKED_FIELDS = [
    "award_form",
    "year",
    "decision_no",
    "decided_on",
    "issuer",
    "signer",
    "initiative",
    "unit",
    "person_name",
    "person_position",
    "area",
]

AWARD_COLUMNS = [
    ImportColumn(
        "award_form",
        gettext_lazy("Award form"),
        gettext_lazy("Giấy khen, Bằng khen, Cờ thi đua... as in the list of award forms."),
        "Bằng khen",
        ("Hình thức khen thưởng", "Hình thức", "Hình thức KT", "Danh hiệu"),
        choices=lambda: sorted(set(AwardForm.objects.filter(is_active=True).values_list("name", flat=True))),
        width=16,
        export="award_form__name",
    ),
    ImportColumn(
        "issuing_level",
        gettext_lazy("Issuing level"),
        gettext_lazy("Who grants this form, e.g. Chủ tịch UBND tỉnh; needed when the same form is granted at several levels."),
        "Chủ tịch UBND tỉnh",
        ("Cấp khen thưởng", "Cấp khen", "Cấp ban hành"),
        choices=lambda: sorted(set(AwardForm.objects.filter(is_active=True).values_list("issuing_level", flat=True))),
        width=26,
        export="award_form__issuing_level",
    ),
    ImportColumn(
        "year",
        gettext_lazy("Year of achievement"),
        "",
        2024,
        ("Năm thành tích", "Năm"),
        width=10,
        widget=NumberWidget,
        export="year",
    ),
    ImportColumn(
        "decision_no",
        gettext_lazy("Decision number"),
        "",
        "1234/QĐ-UBND",
        ("Số quyết định", "Số QĐ", "Quyết định số"),
        width=18,
        widget=lambda: TextWidget(60),
        export="decision_no",
    ),
    ImportColumn(
        "decided_on",
        gettext_lazy("Decision date"),
        gettext_lazy("dd/mm/yyyy or an Excel date."),
        "20/12/2024",
        ("Ngày quyết định", "Ngày QĐ", "Ngày ký", "Ngày ban hành"),
        width=14,
        widget=DateWidget,
        export="decided_on",
        kind="date",
    ),
    ImportColumn(
        "issuer",
        gettext_lazy("Issuer"),
        "",
        "UBND tỉnh",
        ("Cơ quan khen thưởng", "Cơ quan/người khen thưởng", "Người khen thưởng", "Cơ quan ban hành"),
        width=24,
        widget=lambda: TextWidget(200),
        export="issuer",
    ),
    ImportColumn(
        "signer", gettext_lazy("Signer"), "", "", ("Người ký",), width=20, widget=lambda: TextWidget(150), export="signer"
    ),
    ImportColumn(
        "initiative",
        gettext_lazy("Model"),
        gettext_lazy("For an award to a model: its code or name, inside your area."),
        "",
        ("Mô hình", "Tên mô hình", "Mô hình, điển hình"),
        width=36,
        export="initiative__name",
    ),
    ImportColumn(
        "initiative_code",
        gettext_lazy("Model code"),
        gettext_lazy("Optional: when given, it names the model instead of the Model column (exports have both)."),
        "",
        ("Mã mô hình", "Mã MH"),
        width=14,
        export="initiative__code",
    ),
    ImportColumn(
        "unit",
        gettext_lazy("Unit"),
        gettext_lazy("For an award to a unit: its code or name, inside your area."),
        "",
        ("Đơn vị", "Tên đơn vị"),
        width=28,
        export=Coalesce("unit__name", "initiative__unit__name"),
    ),
    # The recipient in the import's own columns: the unit awarded, or the unit of the model awarded.
    replace(UNIT_CODE_COLUMN, export=Coalesce("unit__code", "initiative__unit__code")),
    ImportColumn(
        "person_name",
        gettext_lazy("Person's name"),
        gettext_lazy("For an award to a person."),
        "",
        ("Họ và tên", "Họ tên", "Cá nhân"),
        width=22,
        widget=lambda: TextWidget(150),
        export="person_name",
        personal=True,
    ),
    ImportColumn(
        "person_position",
        gettext_lazy("Person's position"),
        "",
        "",
        ("Chức vụ", "Chức danh"),
        width=22,
        widget=lambda: TextWidget(200),
        export="person_position",
        personal=True,
    ),
    ImportColumn(
        "area",
        gettext_lazy("Area"),
        gettext_lazy("Empty: the area of the model or unit."),
        "",
        ("Địa bàn",),
        width=22,
        export="area__name",
    ),
    replace(AREA_CODE_COLUMN, export="area__code"),
    ImportColumn(
        "row_no", "STT", gettext_lazy("Row number; not imported."), 1, ("TT", "Số TT", "Số thứ tự"), ignored=True, width=6
    ),
]


class ModelLookup:
    """A model named in a cell by code or name, inside the user's area; the row's unit tells apart models of one
    name. The resource gives `user` and `units` (a UnitFinder)."""

    def find_initiative(self, value, unit=None):
        """The model a cell names; when several share the name, the row's unit (the model's unit) decides."""
        text = parsing.clean_text(value)
        if text not in self.model_cache:
            scoped = Initiative.objects.filter(area_q(self.user, "unit__area")).select_related("unit__area")
            matches = list(
                scoped.annotate(folded=ImmutableUnaccent(Lower("name")))
                .filter(Q(code=text) | Q(folded=ImmutableUnaccent(Lower(Value(text)))))
                .order_by("pk")[:20]
            )
            self.model_cache[text] = matches
        matches = self.model_cache[text]
        if len(matches) > 1 and unit not in (None, ""):
            unit_id = self._unit_or_none(unit)
            matches = [item for item in matches if item.unit_id == unit_id] or matches
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise ValueError(_("Several models in your area are called “%(value)s”: write the model code.") % {"value": text})
        raise ValueError(
            _("No model “%(value)s” was found in your area (by code or name).") % {"value": text}
            + suggestion(Initiative.objects.filter(area_q(self.user, "unit__area")), "name", text)
        )

    def _unit_or_none(self, value):
        try:
            return self.units.find(value).pk
        except ValueError:
            return None  # the unit column reports its own error


class AwardResource(ModelLookup, RegistryResource):
    """Awards matched by form, year and recipient (the model's own uniqueness rules), inside the user's area."""

    columns = AWARD_COLUMNS
    required_columns = ("award_form", "year", "decision_no", "decided_on")
    column_alternatives = {"unit": ("unit_code",)}
    code_columns = {"unit_code": "unit", "area_code": "area", "initiative_code": "initiative"}
    row_columns = ("issuing_level",)  # read with the award form
    tracked_fields = TRACKED_FIELDS
    # recorded_by is set on save; the model field lacks blank=True, so full_clean must not check it.
    resolved_fields = ("award_form", "initiative", "unit", "area", "recorded_by")

    award_form = ResourceField(attribute="award_form", column_name="award_form")
    initiative = ResourceField(attribute="initiative", column_name="initiative")
    unit = ResourceField(attribute="unit", column_name="unit")
    area = ResourceField(attribute="area", column_name="area")

    class Meta(RegistryResource.Meta):
        model = Award
        fields = tuple(TRACKED_FIELDS)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.units, self.areas, self.model_cache = UnitFinder(self.user), AreaFinder(self.user), {}
        self.fields["award_form"].widget = LookupWidget(self.find_form)
        self.fields["initiative"].widget = LookupWidget(lambda value, row, **kw: self.find_initiative(value, row.get("unit")))
        self.fields["unit"].widget = LookupWidget(lambda value, row, **kw: self.units.find(value))
        self.fields["area"].widget = LookupWidget(self.find_area)

    def dataset_keys(self, keys):
        return super().dataset_keys([key for key in keys if key != "issuing_level"])

    def merge_row(self, row):
        level = row.pop("issuing_level", None)
        if row.get("award_form") not in (None, ""):
            row["award_form"] = (parsing.clean_text(row["award_form"]), parsing.clean_text(level) if level else "")
        return super().merge_row(row)

    def prepare(self, rows):
        self.forms = list(AwardForm.objects.all())

    # lookups

    def find_form(self, value, row, **kwargs):
        name, level = value
        recipient = RecipientKind.INDIVIDUAL if row.get("person_name") else RecipientKind.COLLECTIVE
        matches = [f for f in self.forms if parsing.fold_key(f.name) == parsing.fold_key(name)]
        if level:
            matches = [f for f in matches if parsing.fold_key(f.issuing_level) == parsing.fold_key(level)]
        narrowed = [f for f in matches if f.recipient_kind == recipient] or matches
        if len(narrowed) == 1:
            return narrowed[0]
        if not narrowed:
            what = f"{name} — {level}" if level else name
            raise ValueError(
                _("No award form “%(name)s” in the list of award forms.") % {"name": what}
                + suggest_in(sorted({f"{f.name} — {f.issuing_level}" for f in self.forms}), what)
            )
        levels = "; ".join(sorted({f.issuing_level for f in narrowed}))
        raise ValueError(
            _("“%(name)s” is granted at several levels (%(levels)s): fill the issuing level.") % {"name": name, "levels": levels}
        )

    def find_area(self, value, row, target=None, **kwargs):
        """The area a cell names; the recipient's own area wins when its name matches (two communes may share a name)."""
        keep = None
        if target is not None:
            source = target.initiative.unit if target.initiative_id else target.unit if target.unit_id else target
            keep = source.area if source.area_id else None
        return self.areas.find(value, keep=keep, on=_date_or_none(row.get("decided_on")))

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "area":
            kwargs["target"] = instance
        return super().import_field(field, instance, row, is_m2m, **kwargs)

    # natural keys: the model's own uniqueness rules

    def identity(self, row):
        form = row.get("award_form")
        recipient = row.get("person_name") or row.get("initiative") or row.get("unit")
        if not form or not recipient:
            return None
        # Two people of the same name in different places are two recipients (the model's constraint says so too),
        # and so are two models of the same name in different units.
        if row.get("person_name"):
            where = row.get("area") or row.get("initiative") or row.get("unit") or ""
        else:
            where = row.get("unit") or "" if row.get("initiative") else ""
        return (parsing.fold_key(" ".join(form)), str(row.get("year")), parsing.fold_key(recipient), parsing.fold_key(where))

    def describe_identity(self, row):
        return parsing.clean_text(row.get("person_name") or row.get("initiative") or row.get("unit") or "")

    def find_existing(self, row):
        try:
            form = self.find_form(row["award_form"], row) if row.get("award_form") else None
            year = parsing.parse_int(row.get("year"))
            initiative = self.find_initiative(row["initiative"], row.get("unit")) if row.get("initiative") else None
            unit = self.units.find(row["unit"]) if row.get("unit") else None
            area = self._recipient_area(row, initiative, unit)
        except ValueError:
            return None  # the columns report their own errors
        if form is None or year is None:
            return None
        awards = Award.objects.filter(award_form=form, year=year).select_related("area", "award_form", "initiative", "unit")
        if row.get("person_name"):
            person = PersonKey.of(parsing.clean_text(row["person_name"]))
            found = list(awards.alias(person=PersonKey("person_name")).filter(person=person, area=area)) if area else []
        elif initiative is not None:
            found = list(awards.filter(initiative=initiative))
        elif unit is not None:
            found = list(awards.filter(unit=unit, initiative__isnull=True, person_name=""))
        else:
            found = []
        return found[0] if found else None

    def _recipient_area(self, row, initiative, unit):
        """The area a row's recipient is in: the model's, the unit's, or the Area column's."""
        source = initiative.unit if initiative is not None else unit
        if row.get("area"):
            keep = source.area if source is not None else None
            return self.areas.find(row["area"], keep=keep, on=_date_or_none(row.get("decided_on")))
        return source.area if source is not None else None

    # rules

    def fill_defaults(self, instance):
        """The awarding body defaults to the form's issuing level (Bằng khen — Chủ tịch UBND tỉnh)."""
        if not instance.issuer and instance.award_form_id:
            instance.issuer = instance.award_form.issuing_level

    def import_instance(self, instance, row, **kwargs):
        self.bad_cells = set()
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            self.bad_cells = set(getattr(error, "error_dict", {}))
            raise
        finally:  # even when a cell is bad, so that the row rules see the recipient's area
            if instance.initiative_id and instance.unit_id == instance.initiative.unit_id:
                instance.unit = None  # beside a model, the Unit column names the model's unit (as exports write it)
            if instance.area_id is None:
                source = instance.initiative.unit if instance.initiative_id else instance.unit if instance.unit_id else None
                if source is not None:
                    instance.area = source.area

    def validate_row(self, instance):
        """The rules of record_award; a rule is not checked when a cell it depends on already has its own error."""
        errors = self._form_errors(instance)
        if not self.bad_cells & {"initiative", "unit", "person_name", "area", NON_FIELD_ERRORS}:
            errors.update(self._recipient_errors(instance))
        if not self.bad_cells & {"decision_no", "decided_on", NON_FIELD_ERRORS}:
            errors.update(self._decision_errors(instance))
        if errors:
            raise ValidationError(errors)

    def _recipient_errors(self, instance) -> dict:
        if not (instance.initiative_id or instance.unit_id or instance.person_name):
            return {"person_name": _("Name the recipient: a model, a unit or a person.")}
        if instance.initiative_id and instance.unit_id:
            return {
                "unit": _("The model belongs to %(unit)s; leave the unit empty or write the model's unit.")
                % {"unit": instance.initiative.unit.name}
            }
        if instance.area_id is None:
            return {"area": _("Write the area, or name a model or unit.")}
        if not self.in_scope(instance.area):
            return {"area": _("The area is outside your area.")}
        return {}

    def _form_errors(self, instance) -> dict:
        kind = instance.award_form.recipient_kind if instance.award_form_id else None
        if kind == RecipientKind.INDIVIDUAL and not instance.person_name:
            return {
                "award_form": _("“%(form)s” goes to a person: choose an exemplar or give a name.") % {"form": instance.award_form}
            }
        if kind == RecipientKind.COLLECTIVE and instance.person_name:
            return {"award_form": _("“%(form)s” goes to a collective: choose a model or a unit.") % {"form": instance.award_form}}
        return {}

    def _decision_errors(self, instance) -> dict:
        if instance.decided_on and instance.decided_on > timezone.localdate():
            return {"decided_on": _("The decision date cannot be in the future.")}
        if self.decision_before and self.decision_before != (instance.decision_no, instance.decided_on):
            return {"decision_no": self.double_award(instance)}
        return {}

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        self.decision_before = None if new else (instance.decision_no, instance.decided_on)

    def double_award(self, instance) -> str:
        """An award already recorded for this achievement under another decision is never overwritten."""
        return _("“%(recipient)s” already received %(form)s for %(year)s (decision %(no)s of %(date)s).") % {
            "recipient": instance.recipient_name,
            "form": instance.award_form,
            "year": instance.year,
            "no": self.decision_before[0],
            "date": short_date(self.decision_before[1]),
        }

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        if instance.pk is None:
            instance.recorded_by = self.user

    def label(self, row):
        form = row.get("award_form")
        recipient = row.get("person_name") or row.get("initiative") or row.get("unit") or ""
        return " · ".join(parsing.clean_text(part) for part in (form[0] if form else "", recipient) if part)


def _date_or_none(value):
    """The row's decision date when it reads as one (the date column reports its own error otherwise)."""
    try:
        return parsing.parse_date(value)
    except ValueError:
        return None


# ---------------------------------------------------------------- recognitions

IN_FORCE, REVOKED = "in_force", "revoked"
RECOGNITION_STATES = [(IN_FORCE, gettext_lazy("In force")), (REVOKED, gettext_lazy("Revoked"))]
STATE_SYNONYMS = {"Hiệu lực": IN_FORCE, "Còn": IN_FORCE, "Thu hồi": REVOKED, "Bị thu hồi": REVOKED}
RECOGNITION_SHOWN = gettext_lazy("Shown by exports; not imported.")

RECOGNITION_COLUMNS = [
    ImportColumn(
        "decision_no",
        gettext_lazy("Decision number"),
        gettext_lazy("The recognition decision's number, e.g. 125-QĐ/BDVTU."),
        "125-QĐ/BDVTU",
        ("Số quyết định", "Số QĐ", "Quyết định số", "Số quyết định công nhận", "Số QĐ công nhận"),
        required=True,
        width=18,
        widget=lambda: TextWidget(60),
        export="decision_no",
    ),
    ImportColumn(
        "decided_on",
        gettext_lazy("Decision date"),
        gettext_lazy("dd/mm/yyyy or an Excel date; not in the future."),
        "15/05/2025",
        ("Ngày quyết định", "Ngày QĐ", "Ngày ký", "Ngày quyết định công nhận", "Ngày công nhận"),
        required=True,
        width=14,
        widget=DateWidget,
        export="decided_on",
        kind="date",
    ),
    ImportColumn(
        "initiative",
        gettext_lazy("Model"),
        gettext_lazy(
            "The model's name. Beside its code it is checked against the model the code names; without a code it "
            "finds the model in your area (with the unit when several models share the name)."
        ),
        "Ví dụ: Dân vận khéo trong xây dựng nông thôn mới (xóa dòng này)",
        ("Tên mô hình", "Mô hình, điển hình", "Tên mô hình, điển hình"),
        width=50,
        export="initiative__name",
    ),
    ImportColumn(
        "initiative_code",
        gettext_lazy("Model code"),
        gettext_lazy("The model's code in the registry (exports have it): it names the model."),
        "VD-MH-01",
        ("Mã mô hình", "Mã MH"),
        width=14,
        export="initiative__code",
    ),
    ImportColumn(
        "kind",
        gettext_lazy("Kind"),
        RECOGNITION_SHOWN,
        "",
        ("Loại", "Phân loại"),
        ignored=True,
        width=12,
        export="initiative__kind",
        labels=InitiativeKind.choices,
    ),
    ImportColumn(
        "unit",
        gettext_lazy("Unit"),
        gettext_lazy("Optional: the model's unit, by code or name; it tells apart models of one name."),
        "",
        ("Đơn vị", "Tên đơn vị"),
        width=30,
        export="initiative__unit__name",
    ),
    replace(UNIT_CODE_COLUMN, export="initiative__unit__code"),
    ImportColumn(
        "area",
        gettext_lazy("Area"),
        gettext_lazy("Shown by exports; the model's area is its unit's. Not imported."),
        "",
        ("Địa bàn",),
        ignored=True,
        width=20,
        export="initiative__unit__area__name",
    ),
    replace(
        AREA_CODE_COLUMN,
        help=gettext_lazy("Shown by exports; the model's area is its unit's. Not imported."),
        ignored=True,
        export="initiative__unit__area__code",
    ),
    ImportColumn(
        "level",
        gettext_lazy("Recognition level"),
        gettext_lazy("A level you may recognise at."),
        "Cấp tỉnh",
        ("Cấp công nhận", "Cấp CN"),
        required=True,
        choices=lambda: list(RecognitionLevel.objects.values_list("name", flat=True)),
        width=16,
        export="level__name",
    ),
    ImportColumn(
        "signer",
        gettext_lazy("Signer"),
        gettext_lazy("Name (and position) of who signed the decision."),
        "Nguyễn Văn Bình",
        ("Người ký", "Người ký quyết định"),
        required=True,
        width=24,
        widget=lambda: TextWidget(150),
        export="signer",
    ),
    ImportColumn(
        "office",
        gettext_lazy("Issuing office"),
        gettext_lazy("Shown by exports: the office that recorded the decision (yours, for a decision you import). Not imported."),
        "",
        ("Cơ quan công nhận", "Cơ quan ban hành"),
        ignored=True,
        width=30,
        export="office__name",
    ),
    ImportColumn(
        "state",
        gettext_lazy("State"),
        gettext_lazy(
            "Empty or “Còn hiệu lực”: a decision in force. “Đã thu hồi” (as exports write it) must be a revoked "
            "decision of the registry: a decision is revoked on the model's page, never by a file."
        ),
        "",
        ("Tình trạng", "Hiệu lực", "Trạng thái"),
        choices=lambda: [str(label) for _value, label in RECOGNITION_STATES],
        width=12,
        export=Case(When(revoked_at__isnull=True, then=Value(IN_FORCE)), default=Value(REVOKED)),
        labels=RECOGNITION_STATES,
    ),
    ImportColumn(
        "revoke_reason",
        gettext_lazy("Reason for revoking"),
        gettext_lazy(
            "Only when the row's decision replaces the model's decision in force: why that one is revoked (both are "
            "kept). Exports show it for a revoked decision."
        ),
        "",
        ("Lý do thu hồi", "Lý do thay thế"),
        width=30,
        export="revoke_reason",
    ),
    ImportColumn(
        "row_no", "STT", gettext_lazy("Row number; not imported."), 1, ("TT", "Số TT", "Số thứ tự"), ignored=True, width=6
    ),
]


class RecognitionResource(ModelLookup, RegistryResource):
    """Recognition decisions of models inside the user's area. A row is the model's decision of that number and
    date (any state), or else replaces the model's decision in force, or else recognises the model. Every decision
    is written by the workflow's own functions (awards.domain.recognise, replace_recognition), never otherwise."""

    columns = RECOGNITION_COLUMNS
    required_columns = ("initiative_code", "level", "decision_no", "decided_on", "signer")
    column_alternatives = {"initiative_code": ("initiative",)}  # a file without codes names models by name and unit
    code_columns = {"unit_code": "unit"}
    row_columns = ("initiative_code", "unit", "state", "revoke_reason")
    example_column = "initiative"
    # The decision's rules are the domain's (awards.domain.check_recognition); full_clean checks nothing of them.
    resolved_fields = ("initiative", "level", "decision_no", "decided_on", "signer", "recorded_by")

    initiative = ResourceField(attribute="initiative", column_name="initiative")
    level = ResourceField(attribute="level", column_name="level")

    class Meta(RegistryResource.Meta):
        model = Recognition
        fields = ("initiative", "level", "decision_no", "decided_on", "signer")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.units, self.model_cache, self.code_cache, self.decisions = UnitFinder(self.user), {}, {}, {}
        self.states = ChoiceWidget(RECOGNITION_STATES, STATE_SYNONYMS, default=IN_FORCE)
        self.fields["initiative"].widget = LookupWidget(self.find_model)
        self.fields["level"].widget = LookupWidget(lambda value, row, **kw: self.find_level(value))

    def dataset_keys(self, keys):
        """The model's code and name make one cell, (code, name): the code names the model, the name confirms it."""
        if "initiative_code" in keys:
            self.headers.setdefault("initiative", self.headers["initiative_code"])
        keys = [key if key != "initiative_code" else "initiative" for key in keys]
        return super().dataset_keys(list(dict.fromkeys(keys)))

    def merge_row(self, row):
        code, name = row.pop("initiative_code", None), row.get("initiative")
        code = CodeWidget(40).clean(code) if code not in (None, "") else ""
        name = parsing.clean_text(name) if name not in (None, "") else ""
        row["initiative"] = (code, name) if code or name else None
        return super().merge_row(row)

    def prepare(self, rows):
        """The levels, the models the file names by code (inside the area) and their decisions: three queries."""
        self.all_levels = list(RecognitionLevel.objects.all())
        codes = {row["initiative"][0] for row in rows if row.get("initiative") and row["initiative"][0]}
        scoped = Initiative.objects.filter(area_q(self.user, "unit__area")).select_related("unit__area")
        models = {model.pk: model for model in scoped.filter(code__in=codes)} if codes else {}
        self.code_cache = {code: None for code in codes} | {model.code: model for model in models.values()}
        self.decisions = {pk: [] for pk in models}
        for decision in Recognition.objects.filter(initiative__in=list(models)).select_related("level").order_by("pk"):
            decision.initiative = models[decision.initiative_id]
            self.decisions[decision.initiative_id].append(decision)

    # lookups

    def find_model(self, value, row, **kwargs):
        """The model by its code inside the user's area, its name (when given) confirming it; by name without a code."""
        code, name = value
        if not code:
            return self.find_initiative(name, row.get("unit"))
        if code not in self.code_cache:
            scoped = Initiative.objects.filter(area_q(self.user, "unit__area")).select_related("unit__area")
            self.code_cache[code] = scoped.filter(code=code).first()
        model = self.code_cache[code]
        if model is None:  # outside the area reads as unknown: nothing says where another model is
            scoped = Initiative.objects.filter(area_q(self.user, "unit__area"))
            hint = suggestion(scoped, "name", name, label=lambda m: f"{m.name} ({m.code})") if name else ""
            raise ValueError(_("No model with code “%(code)s” in your area.") % {"code": code} + hint)
        if name and parsing.fold_key(name) != parsing.fold_key(model.name):
            raise ValueError(
                _("Model code %(code)s is “%(model)s” (%(unit)s), not “%(name)s”: check the code or the name.")
                % {"code": code, "model": model.name, "unit": model.unit.name, "name": name}
            )
        return model

    def find_level(self, value):
        return lookups.find_level(self.all_levels, value)

    def state_of(self, row) -> str:
        """The row's state; a bad cell reads as in force here and is reported by validate_row."""
        try:
            return self.states.clean(row.get("state"))
        except ValueError:
            return IN_FORCE

    def decisions_of(self, model) -> list[Recognition]:
        if model.pk not in self.decisions:
            self.decisions[model.pk] = list(
                Recognition.objects.filter(initiative=model).select_related("initiative__unit__area", "level")
            )
        return self.decisions[model.pk]

    # natural keys: a model has one decision in force (the model's constraint); a revoked one is known by its number
    # and date

    def identity(self, row):
        value = row.get("initiative")
        if not value:
            return None
        code, name = value
        where = parsing.fold_key(row.get("unit") or "")
        model = ("code", parsing.fold_key(code)) if code else ("name", parsing.fold_key(name), where)
        if self.state_of(row) == IN_FORCE:
            return (model, IN_FORCE)
        return (model, parsing.fold_key(row.get("decision_no") or ""), str(row.get("decided_on")))

    def describe_identity(self, row):
        code, name = row.get("initiative") or ("", "")
        return code or name

    def find_existing(self, row):
        try:
            model = self.find_model(row["initiative"], row) if row.get("initiative") else None
            number = TextWidget(60).clean(row.get("decision_no"))
            decided_on = parsing.parse_date(row.get("decided_on"))
        except ValueError:
            return None  # the columns report their own errors
        if model is None:
            return None
        decisions = self.decisions_of(model)
        folded = parsing.fold_key(number)
        found = next((r for r in decisions if parsing.fold_key(r.decision_no) == folded and r.decided_on == decided_on), None)
        if found is None and self.state_of(row) == IN_FORCE:
            found = next((r for r in decisions if r.in_force), None)
        # A copy: the row's values are set on it, and a later row of the same model must find the decision as it is.
        return copy.copy(found) if found is not None else None

    # rules

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        self.row = row

    def import_instance(self, instance, row, **kwargs):
        self.bad_cells = set()
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            self.bad_cells = set(getattr(error, "error_dict", {}))
            raise

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged: the registry's decision with the same fields and the same state."""
        if self.original is not None and self.state_of(row) != (IN_FORCE if self.original.in_force else REVOKED):
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def validate_row(self, instance):
        """The workflow's rules for the decision the row records: recognising the model, or replacing its decision
        in force (a published decision is never edited in place); a row never revokes nor brings one back."""
        errors = {}
        try:
            state = self.states.clean(self.row.get("state"))
        except ValueError as error:
            errors["state"], state = str(error), IN_FORCE
        if instance.initiative_id is None and "initiative" not in self.bad_cells:
            errors["initiative"] = _("Write the model's code.")
        if not errors and not self.bad_cells:
            errors.update(self._decision_errors(instance, state))
        if errors:
            raise ValidationError(errors)

    def _decision_errors(self, instance, state) -> dict:
        before = self.original
        decision = Decision(instance.decision_no or "", instance.decided_on, instance.signer or "")
        try:
            if before is None and state == REVOKED:
                return {"state": _("A file records decisions in force; a decision is revoked on the model's page.")}
            if before is None:
                check_recognition(instance.initiative, by=self.user, level=instance.level, decision=decision)
            elif not before.in_force:
                return {NON_FIELD_ERRORS: self._revoked_message(before)}
            elif state == REVOKED:
                message = _("Decision %(decision)s is in force: revoke it on the model's page, with the reason.")
                return {"state": message % {"decision": before}}
            elif not self.reason():
                return {"revoke_reason": self._replacing_message(before)}
            else:
                check_replacement(before, by=self.user, reason=self.reason(), level=instance.level, decision=decision)
        except DomainError as error:
            return {error.field or NON_FIELD_ERRORS: error.message}
        return {}

    def reason(self) -> str:
        value = self.row.get("revoke_reason")
        return TextWidget(one_line=False).clean(value) if value not in (None, "") else ""

    @staticmethod
    def _revoked_message(before) -> str:
        return _("Decision %(decision)s was revoked (%(reason)s); a revoked decision is never changed or brought back.") % {
            "decision": before,
            "reason": before.revoke_reason,
        }

    @staticmethod
    def _replacing_message(before) -> str:
        return _(
            "The model's decision in force is %(decision)s, %(level)s, signed by %(signer)s. To replace it with this "
            "row's decision, write why it is revoked in “Reason for revoking” (both decisions are kept)."
        ) % {"decision": before, "level": before.level.name, "signer": before.signer or "—"}

    def save_instance(self, instance, is_create, row, **kwargs):
        """The decision through the workflow's function: recognise the model, or replace its decision in force."""
        if self.checking:
            return
        fields = {
            "level": instance.level,
            "decision_no": instance.decision_no,
            "decided_on": instance.decided_on,
            "signer": instance.signer,
        }
        try:
            if is_create:
                made = recognise(instance.initiative, by=self.user, **fields)
            else:
                before = Recognition.objects.select_related("initiative__unit__area", "level").get(pk=instance.pk)
                made = replace_recognition(before, by=self.user, reason=self.reason(), **fields)
        except DomainError as error:
            raise ValidationError({NON_FIELD_ERRORS: error.message}) from None
        self.decisions.pop(instance.initiative_id, None)
        instance.pk = made.pk

    def after_save_instance(self, instance, row, **kwargs):
        """recognise and replace_recognition wrote the history and audit rows themselves."""

    def label(self, row):
        code, name = row.get("initiative") or ("", "")
        return " · ".join(parsing.clean_text(part) for part in (code or name, row.get("decision_no") or "") if part)
