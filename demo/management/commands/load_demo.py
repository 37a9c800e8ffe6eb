from django.core.management.base import BaseCommand

from danvan.demo.base import load_accounts, load_offices, load_places, load_units
from danvan.demo.registry import load_registry
from danvan.demo.reports import load_reports
from danvan.demo.users import demo_users


class Command(BaseCommand):
    help = "Load the demo province, offices, accounts, registry and reports. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--base-only", action="store_true", help="places, offices, accounts and units only")

    def handle(self, *args, base_only=False, **options):
        load_places(stdout=self.stdout)
        offices = load_offices()
        accounts = load_accounts(offices)
        units = load_units()
        self.stdout.write(f"Demo offices, accounts and units: {len(offices)} offices, {len(accounts)} accounts, {units} units.")
        if base_only:
            return
        users = demo_users(offices)
        registry = load_registry(users)
        reports = load_reports(users, offices)
        self.stdout.write(f"Demo registry: {registry['initiatives']} models and exemplars; {reports} period reports.")
