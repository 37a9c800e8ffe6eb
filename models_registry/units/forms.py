from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.collation import ViSortKey
from danvan.forms import BootstrapMixin, CleanTextMixin
from danvan.once import OnceField
from danvan.pickers import use_picker
from danvan.versions import VersionField, version
from models_registry.units.access import areas_for, areas_need_picker
from models_registry.units.fields import AreaChoiceField
from models_registry.units.models import Unit


class UnitForm(BootstrapMixin, CleanTextMixin, forms.ModelForm):
    seen = VersionField()

    class Meta:
        model = Unit
        fields = ["code", "name", "kind", "area", "address", "contact_name", "phone", "email"]
        help_texts = {"code": _("A short code unique in the whole registry, e.g. GL-XA-DANGXA.")}
        field_classes = {"area": AreaChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas_for(user).order_by(ViSortKey("name"), "pk")
        if areas_need_picker(user):
            use_picker(self.fields["area"], "pickers:areas", lambda area: area.label)
        self.fields["seen"].initial = version(self.instance)
        if not self.instance.pk:
            self.fields["once"] = OnceField()
