from django.core.management.base import BaseCommand

from models_registry.evaluations.examples import load_examples


class Command(BaseCommand):
    help = "Load the two example criteria sets (models and exemplars), marked as examples. Safe to run again."

    def handle(self, *args, **options):
        for criteria_set in load_examples():
            self.stdout.write(f"{criteria_set}: {criteria_set.criteria.count()} criteria, {criteria_set.bands.count()} bands")
