from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data (manage.py load_demo, demo_accounts): installed last, since it reads every other app; the data itself
    lives in danvan/demo."""

    name = "demo"
    verbose_name = "Demo data"
