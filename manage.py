#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    # manage.py is the developer's entry point: development mode unless DEBUG says otherwise.
    # Production sets DEBUG=0 (README) and serves through gunicorn, whose wsgi.py has no such default.
    os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
