"""The Word report's text: sentences an administrator writes (ReportSentence), the report's figures put in.

A sentence names figures in braces: "Trong {ky}, toàn {dia_ban} đăng ký mới {moi} mô hình …". The names are
the registry figures below, {ky} and {dia_ban}, and the codes of the activity indicators ({giam_sat}…).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.documents import format_number
from reports.models import ActivityIndicator, ReportSentence

# placeholder: (registry figure, what it means)
REGISTRY_FIGURES = {
    "dang_ky": ("registered", gettext_lazy("models and exemplars registered by the end of the period")),
    "moi": ("new", gettext_lazy("registered in the period")),
    "dang_thuc_hien": ("active", gettext_lazy("in progress at the end of the period")),
    "hieu_qua": ("effective", gettext_lazy("effective (yearly review)")),
    "cong_nhan_trong_ky": ("recognised_period", gettext_lazy("recognised in the period")),
    "cong_nhan_luy_ke": ("recognised_total", gettext_lazy("recognised in total")),
    "tieu_bieu": ("outstanding", gettext_lazy("outstanding")),
    "nhan_rong": ("replicated", gettext_lazy("replicated in the period")),
    "dung": ("discontinued", gettext_lazy("discontinued in the period")),
    "khen_tap_the": ("awards:collective", gettext_lazy("collectives awarded in the period")),
    "khen_ca_nhan": ("awards:individual", gettext_lazy("individuals awarded in the period")),
    "so_nguoi": ("people_reached", gettext_lazy("people reached by the registered models")),
    "so_tien": ("money_mobilised", gettext_lazy("money mobilised by the registered models (đồng)")),
    "dien_tich_dat": ("land_donated_m2", gettext_lazy("land donated through the registered models (m²)")),
    "so_cong_trinh": ("works_completed", gettext_lazy("works completed by the registered models")),
}
TEXT_PLACEHOLDERS = {
    "ky": gettext_lazy("the period, e.g. 6 tháng đầu năm 2026"),
    "dia_ban": gettext_lazy("the area, e.g. thị xã Kiến Tường (nationwide: quốc, as in “toàn quốc”)"),
}
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def placeholders() -> dict[str, str]:
    """Every name a sentence may use, with what it stands for."""
    names = {name: str(meaning) for name, meaning in TEXT_PLACEHOLDERS.items()}
    names |= {name: str(meaning) for name, (_key, meaning) in REGISTRY_FIGURES.items()}
    for indicator in ActivityIndicator.objects.exclude(code=""):
        names[indicator.code] = f"{indicator.name} ({indicator.unit_of_measure})"
    return names


def check_sentence(text: str) -> None:
    """Refuse a sentence naming a figure that does not exist, or with a brace left open."""
    known = placeholders()
    unknown = [name for name in PLACEHOLDER.findall(text) if name not in known]
    if unknown:
        raise ValidationError(
            _("Unknown figure {%(name)s}. Use one of: %(names)s.") % {"name": unknown[0], "names": ", ".join(sorted(known))}
        )
    if "{" in PLACEHOLDER.sub("", text) or "}" in PLACEHOLDER.sub("", text):
        raise ValidationError(_("A brace is not closed: write figures as {name}."))


def area_phrase(area) -> str:
    """'thị xã Kiến Tường', 'thành phố Hà Nội'; nationwide, 'quốc' (the sentences say “toàn {dia_ban}”)."""
    if area is None:
        return "quốc"
    kind = (area.division_type or "").lower()
    return f"{kind} {area.name}" if kind and not area.name.lower().startswith(kind) else area.name


def period_phrase(period) -> str:
    """'6 tháng đầu năm 2026', 'năm 2023', 'giai đoạn 2021–2025'."""
    label = str(period)
    return label[:1].lower() + label[1:]


def figures(report, activity: dict[str, int], *, period, area) -> dict[str, str]:
    """The values the sentences put in: registry totals, activity figures by code, the period and the area."""
    totals = report.tables[0].total.values
    values = {name: format_number(totals.get(key, 0)) for name, (key, _meaning) in REGISTRY_FIGURES.items()}
    values |= {code: format_number(value) for code, value in activity.items() if code}
    values |= {"ky": period_phrase(period), "dia_ban": area_phrase(area)}
    return values


def render(text: str, values: dict[str, str]) -> str:
    """The sentence with its figures; a name without a value stays as written, so the reader sees it."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def sentences(values: dict[str, str]) -> list[str]:
    """The active sentences, in order, with the figures put in."""
    return [render(sentence.text, values) for sentence in ReportSentence.objects.filter(is_active=True)]
