from django.core.management.base import BaseCommand

from danvan.demo.places import ACCOUNTS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Print the demo accounts and their password."

    def add_arguments(self, parser):
        parser.add_argument("--print", action="store_true", help="print the table (the default)")

    def handle(self, *args, **options):
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for spec in ACCOUNTS:
            self.stdout.write(f"  {spec.username:<22} {spec.what}")
