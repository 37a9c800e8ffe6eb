"""Load Vietnam's administrative tree into Area, current (34 provinces, 3,321 communes) and legacy (63 provinces).

Idempotent: rows are upserted by code, so a second run changes nothing but names or links that changed.

Code scheme (official codes are the digits; see models_registry.units.area_data):
  P01      current province; also a legacy province that continues under the same code and name (Hà Nội)
  C00004   current commune
  LP80     legacy province merged on 1 July 2025 (Long An), linked (whole) to the new province (P80 Tây Ninh)
  LD001    legacy district, under its legacy province (P01 or LP80), linked to the communes that took its territory
  LC00001  legacy commune, under its legacy district, linked to the current commune(s) it became (whole or part)

--province CODE (repeatable) loads one current province with its communes and every legacy province
merged into it, with their districts and communes; a legacy code (e.g. 72, old Tây Ninh) selects the
province it joined.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from models_registry.units.area_data import UnknownProvince, build_tree, count_rows, save_tree, summary


class Command(BaseCommand):
    help = "Load Vietnam's current and legacy administrative tree into Area (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            action="append",
            dest="provinces",
            metavar="CODE",
            help="Official province code (01, 80...) to load; repeatable. Default: every province.",
        )

    def handle(self, *args, provinces=None, **options):
        started = time.monotonic()
        try:
            tree = build_tree(provinces)
        except UnknownProvince as error:
            raise CommandError(str(error)) from error
        save_tree(tree)
        counts = f"{summary(count_rows(tree.rows))}, {len(tree.links):,} succession links"
        self.stdout.write(f"Loaded {counts} in {time.monotonic() - started:.1f} s.")
