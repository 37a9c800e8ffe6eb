from django.utils.translation import gettext_lazy as _

from danvan.xlsx import Column

UNIT_COLUMNS = [
    Column(_("Code"), lambda u: u.code, 14),
    Column(_("Name"), lambda u: u.name, 40),
    Column(_("Unit kind"), lambda u: u.get_kind_display(), 22),
    Column(_("Area"), lambda u: u.area.name, 24),
    Column(_("Area code"), lambda u: u.area.code, 12),
    Column(_("Address"), lambda u: u.address, 40),
    Column(_("Contact person"), lambda u: u.contact_name, 24, personal=True),
    Column(_("Phone"), lambda u: u.phone, 16, personal=True),
    Column(_("E-mail"), lambda u: u.email, 24, personal=True),
    Column(_("Active"), lambda u: _("Yes") if u.is_active else _("No"), 10),
]
