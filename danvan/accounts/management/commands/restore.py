from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from danvan.backup import restore


class Command(BaseCommand):
    help = "Restore a dump made by `manage.py backup` over the database (asks first unless --no-input)."

    def add_arguments(self, parser):
        parser.add_argument("dump", type=Path)
        parser.add_argument("--database-name", default=None, help="restore into this database instead of the configured one")
        parser.add_argument("--no-input", action="store_true")

    def handle(self, *args, dump, database_name=None, no_input=False, **options):
        if not dump.is_file():
            raise CommandError(f"{dump} is not a file.")
        if not no_input and input("This replaces the data in the database. Type 'yes' to go on: ") != "yes":
            raise CommandError("Restore cancelled.")
        restore(dump, database_name=database_name)
        self.stdout.write(f"Restored {dump}.")
