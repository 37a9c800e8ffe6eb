from django.core.management.base import BaseCommand

from danvan.demo.base import load_accounts, load_offices, load_places, load_units


class Command(BaseCommand):
    help = "Load the demo province, offices, accounts and registry data. Safe to run again."

    def handle(self, *args, **options):
        load_places(stdout=self.stdout)
        offices = load_offices()
        load_accounts(offices)
        units = load_units()
        self.stdout.write(f"Demo data ready: {len(offices)} offices, {units} units.")
