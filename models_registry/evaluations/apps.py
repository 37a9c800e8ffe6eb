from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "models_registry.evaluations"
    label = "evaluations"
    verbose_name = _("Evaluations and yearly reviews")
