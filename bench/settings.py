"""Settings for benchmarks: the real settings (password hashers included) plus the anchors' bare views under /bench/.

Run with DEBUG=0, a throwaway SECRET_KEY, SECURE_SSL_REDIRECT=0 and ALLOWED_HOSTS=127.0.0.1 (bench.run sets them).
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-" + "x" * 40)

from danvan.settings import *  # noqa: E402,F403

ROOT_URLCONF = "bench.urls"
# Pages are measured, not static files: no collectstatic manifest needed.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]}]  # noqa: F405
