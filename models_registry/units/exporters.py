from django.utils.translation import gettext_lazy as _

from danvan.xlsx import ExportColumn

UNIT_COLUMNS = [
    ExportColumn(_("Code"), lambda u: u.code, 14),
    ExportColumn(_("Name"), lambda u: u.name, 40),
    ExportColumn(_("Unit kind"), lambda u: u.get_kind_display(), 22),
    ExportColumn(_("Area"), lambda u: u.area.name, 24),
    ExportColumn(_("Area code"), lambda u: u.area.code, 12),
    ExportColumn(_("Address"), lambda u: u.address, 40),
    ExportColumn(_("Contact person"), lambda u: u.contact_name, 24, personal=True),
    ExportColumn(_("Phone"), lambda u: u.phone, 16, personal=True),
    ExportColumn(_("E-mail"), lambda u: u.email, 24, personal=True),
    ExportColumn(_("Active"), lambda u: _("Yes") if u.is_active else _("No"), 10),
]
