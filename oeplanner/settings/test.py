"""Settings for the test suite. The database and broker still follow DATABASE_URL / REDIS_URL."""

import os
import tempfile

# Uploaded import files go to a folder of this test run, which the worker processes it starts inherit.
os.environ.setdefault("IMPORT_FILES_DIR", tempfile.mkdtemp(prefix="oeplanner-imports-"))

from .base import *  # noqa: E402,F401,F403
from .env import env_str  # noqa: E402

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A worker process started by a test is told where to write its mail (tests/reminders/mailbox.py).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
STORAGES = {
    **STORAGES,  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # tests serve static files from the finders; nothing is collected

# The reminder worker tests run a real Celery worker in another process, which must see the test
# database: on SQLite it is therefore a file (one per test process) instead of living in memory.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"oeplanner-test-{os.getpid()}.sqlite3")
    }
