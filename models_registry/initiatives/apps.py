from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "models_registry.initiatives"
    label = "initiatives"
    verbose_name = _("Models and exemplars")

    def ready(self):
        from models_registry.initiatives.domain import follow_unit
        from models_registry.initiatives.models import refresh_province_paths
        from models_registry.units.signals import links_loaded, unit_moved

        links_loaded.connect(lambda **kwargs: refresh_province_paths(), weak=False, dispatch_uid="initiatives-province-paths")
        unit_moved.connect(follow_unit, weak=False, dispatch_uid="initiatives-follow-unit")
