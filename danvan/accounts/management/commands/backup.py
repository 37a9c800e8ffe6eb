from pathlib import Path

from django.core.management.base import BaseCommand

from danvan.backup import backup, default_directory


class Command(BaseCommand):
    help = "Dump the database with pg_dump (custom format) into a timestamped file."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=None, help="folder for the dump (default: BACKUP_DIR or .var/backups)")

    def handle(self, *args, dir=None, **options):
        path = backup(dir or default_directory())
        self.stdout.write(str(path))
