"""Awards of past years from Excel: the django-import-export resource behind the import pages."""

from dataclasses import replace

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q, Value
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field as ResourceField

from danvan.accounts.access import area_q
from danvan.search import ImmutableUnaccent
from danvan.vietnamese import short_date
from models_registry.awards.enums import RecipientKind
from models_registry.awards.models import Award, AwardForm, PersonKey
from models_registry.imports import parsing
from models_registry.imports.areas import AreaFinder
from models_registry.imports.base import (
    AREA_CODE_COLUMN,
    UNIT_CODE_COLUMN,
    DateWidget,
    ImportColumn,
    LookupWidget,
    NumberWidget,
    RegistryResource,
    TextWidget,
)
from models_registry.imports.lookups import UnitFinder, suggest_in, suggestion
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


class AwardResource(RegistryResource):
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
        self.units, self.areas, self.initiative_cache = UnitFinder(self.user), AreaFinder(self.user), {}
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

    def find_initiative(self, value, unit=None):
        """The model a cell names; when several share the name, the row's unit (the model's unit) decides."""
        text = parsing.clean_text(value)
        if text not in self.initiative_cache:
            scoped = Initiative.objects.filter(area_q(self.user, "unit__area")).select_related("unit__area")
            matches = list(
                scoped.annotate(folded=ImmutableUnaccent(Lower("name")))
                .filter(Q(code=text) | Q(folded=ImmutableUnaccent(Lower(Value(text)))))
                .order_by("pk")[:20]
            )
            self.initiative_cache[text] = matches
        matches = self.initiative_cache[text]
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
