"""Settings shared by every environment. Values come from environment variables."""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("OEPLANNER_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", "django-insecure-local-development-only-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_countries",
    "import_export",
    "simple_history",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "social_django",
    "oeplanner",
    "partners",
    "partnerships",
    "overview",
    "questionnaire",
    "capacityplans",
    "reminders",
    "community",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "oeplanner.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "oeplanner.middleware.UserLanguageMiddleware",
    "oeplanner.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "oeplanner.wikimedia.SignInErrorMiddleware",
]

# Sign in with Wikimedia (oeplanner/wikimedia.py): social-auth's MediaWiki backend (OAuth 1.0a), offered
# only once a consumer registered on Meta-Wiki gives a key and a secret. social-auth rather than allauth:
# it adds one backend and a pipeline to Django's own login, password and profile pages, which the app
# keeps; allauth would bring a second set of account pages and e-mail flows beside them.
SOCIAL_AUTH_MEDIAWIKI_KEY = env_str("SOCIAL_AUTH_MEDIAWIKI_KEY")
SOCIAL_AUTH_MEDIAWIKI_SECRET = env_str("SOCIAL_AUTH_MEDIAWIKI_SECRET")
SOCIAL_AUTH_MEDIAWIKI_URL = env_str("SOCIAL_AUTH_MEDIAWIKI_URL", "https://meta.wikimedia.org/w/index.php")
# "oob": the wiki sends the person back to the callback registered with the consumer.
SOCIAL_AUTH_MEDIAWIKI_CALLBACK = env_str("SOCIAL_AUTH_MEDIAWIKI_CALLBACK", "oob")


def content_security_policy(wiki_url=None):
    """Every response forbids what the app never needs: code or styles from elsewhere, inline scripts,
    inline event handlers and inline styles. Every file is vendored under static/; Bootstrap's CSS
    draws its form controls' icons with data: SVG images, hence img-src. "Sign in with Wikimedia" is a
    form posted to the app that redirects to the wiki, and browsers hold that redirect to form-action:
    with the sign-in configured, the wiki's origin is allowed there too."""
    form_action = "form-action 'self'"
    if wiki_url:
        wiki = urlsplit(wiki_url)
        form_action += f" {wiki.scheme}://{wiki.netloc}"
    return "; ".join(
        [
            "default-src 'self'",
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'self'",
            form_action,
            "frame-ancestors 'none'",
        ]
    )


CONTENT_SECURITY_POLICY = content_security_policy(
    SOCIAL_AUTH_MEDIAWIKI_URL if SOCIAL_AUTH_MEDIAWIKI_KEY and SOCIAL_AUTH_MEDIAWIKI_SECRET else None
)

# Form widgets use the project's templates too (templates/django/forms/widgets/select.html).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

ROOT_URLCONF = "oeplanner.urls"
WSGI_APPLICATION = "oeplanner.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "oeplanner.context_processors.navigation",
                "oeplanner.fragments.csrf_placeholder",
                "reminders.context_processors.notifications",
            ],
        },
    },
]

# SQLite in the project folder unless DATABASE_URL names another database.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Choice lists are read with .iterator(); a server-side cursor costs PostgreSQL two extra round trips each.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers (web, worker, beat) wait for the lock instead of failing at once.
    # WAL lets the web server read while the worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "oeplanner.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "oeplanner.wikimedia.WikimediaBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# The rest of signing in with Wikimedia (the consumer's settings are above, beside the policy).
SOCIAL_AUTH_URL_NAMESPACE = "social"
SOCIAL_AUTH_PIPELINE = [
    "social_core.pipeline.social_auth.social_details",
    "social_core.pipeline.social_auth.social_uid",
    "oeplanner.wikimedia.refuse_blocked",
    "social_core.pipeline.social_auth.social_user",
    "oeplanner.wikimedia.one_link_per_account",
    # No step links by e-mail: a Wikimedia account reaches an existing account only through a link
    # its owner makes from their profile.
    "oeplanner.wikimedia.new_account_details",
    "social_core.pipeline.user.get_username",
    "social_core.pipeline.user.create_user",
    "social_core.pipeline.social_auth.associate_user",
    "oeplanner.wikimedia.record_identity",
]
SOCIAL_AUTH_DISCONNECT_PIPELINE = [
    "social_core.pipeline.disconnect.allowed_to_disconnect",
    "social_core.pipeline.disconnect.get_entries",
    "social_core.pipeline.disconnect.revoke_tokens",
    "social_core.pipeline.disconnect.disconnect",
    "oeplanner.wikimedia.say_unlinked",
]
SOCIAL_AUTH_USER_FIELDS = ["username", "email"]
SOCIAL_AUTH_RAISE_EXCEPTIONS = False
SOCIAL_AUTH_LOGIN_ERROR_URL = "/accounts/login/"
SOCIAL_AUTH_NEW_ASSOCIATION_REDIRECT_URL = "/accounts/profile/"
SOCIAL_AUTH_DISCONNECT_REDIRECT_URL = "/accounts/profile/"

# Failed logins: locked per username + IP address for a cool-off period, never forever.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0) or None
AXES_VERBOSE = False

# Pages speak the member's profile language, else the one chosen in the footer (a cookie), else the browser's.
# The catalogues are locale/*/LC_MESSAGES/django.po (scripts/messages updates them; make compiles them).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("de", _("German")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The pages' short dates (`date:"SHORT_DATE_FORMAT"`) as each language writes them: oeplanner/formats/<language>/.
FORMAT_MODULE_PATH = "oeplanner.formats"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files uploaded for import wait here until their job ends; the web server and the workers must both see it.
IMPORT_FILES_DIR = Path(env_str("IMPORT_FILES_DIR", str(VAR_DIR / "imports")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "imports": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": IMPORT_FILES_DIR}},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail goes to the console unless an SMTP host is configured.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
# Absolute links in e-mails (follow-ups, one-click "mark done") start with this address. Unset, it is
# where `make run` serves the app (HOST and PORT); a server listening on every address is reached locally.
_SERVED_HOST = env_str("HOST", "127.0.0.1")
_LINK_HOST = "127.0.0.1" if _SERVED_HOST in {"0.0.0.0", "::"} else _SERVED_HOST
SITE_URL = env_str("SITE_URL", f"http://{_LINK_HOST}:{env_int('PORT', 8000)}").rstrip("/")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "OE Planner <oeplanner@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# An invitation to join an organization can be accepted for this many days.
INVITATION_DAYS = env_int("INVITATION_DAYS", 14)

# An anonymous round shows its figures only once this many members have answered: below, one person's
# answers could be read off the report.
QUESTIONNAIRE_ANONYMOUS_MIN_RESPONDENTS = env_int("QUESTIONNAIRE_ANONYMOUS_MIN_RESPONDENTS", 3)

# Celery: Redis when configured, otherwise a broker on the local filesystem (no server needed).
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_BROKER_FOLDER = Path(env_str("CELERY_BROKER_FOLDER", str(VAR_DIR / "celery-broker")))
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_FOLDER),
        "data_folder_out": str(CELERY_BROKER_FOLDER),
        "processed_folder": str(CELERY_BROKER_FOLDER / "processed"),
        "control_folder": str(CELERY_BROKER_FOLDER / "control"),
        "store_processed": False,
    }
# The cache holds the API's rate-limit counters, and the kept pages and page fragments of oeplanner/fragments.py
# (whole pages; list rows, filter bars, follow-ups, timeline entries, the partner page's forms): Redis when
# configured, so that every web process shares them.
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}

CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "UTC"
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# Reminders (see reminders/services.py and the README). Durations in seconds unless named days.
REMINDER_SWEEP_SECONDS = env_int("REMINDER_SWEEP_SECONDS", 300)
REMINDER_BATCH_SIZE = env_int("REMINDER_BATCH_SIZE", 100)
REMINDER_SWEEP_MAX_SECONDS = env_int("REMINDER_SWEEP_MAX_SECONDS", 240)
REMINDER_LEASE_SECONDS = env_int("REMINDER_LEASE_SECONDS", 600)
REMINDER_MAX_ATTEMPTS = env_int("REMINDER_MAX_ATTEMPTS", 5)
REMINDER_RETRY_SECONDS = env_int("REMINDER_RETRY_SECONDS", 120)
REMINDER_CATCH_UP_DAYS = env_int("REMINDER_CATCH_UP_DAYS", 7)
REMINDER_DONE_LINK_DAYS = env_int("REMINDER_DONE_LINK_DAYS", 14)

# Production runs exactly one beat. A second one sends nothing twice (every reminder is claimed in
# the database before it is sent) but doubles the sweeps for nothing.
CELERY_BEAT_SCHEDULE = {
    "send-due-reminders": {
        "task": "reminders.tasks.sweep",
        "schedule": REMINDER_SWEEP_SECONDS,
        # A sweep queued while no worker ran is dropped: the next one finds the same work.
        "options": {"expires": REMINDER_SWEEP_SECONDS},
    },
}

# Partner import (partners/importing/): limits checked before a file is parsed; larger files run in Celery.
IMPORT_MAX_FILE_MB = env_int("IMPORT_MAX_FILE_MB", 20)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 100_000)
IMPORT_BACKGROUND_ROWS = env_int("IMPORT_BACKGROUND_ROWS", 2000)
# Checked while a file is read, whatever it says about itself: what an XLSX unpacks to, each cell, each row's width.
IMPORT_MAX_EXPANDED_MB = env_int("IMPORT_MAX_EXPANDED_MB", 200)
IMPORT_MAX_CELL_CHARS = env_int("IMPORT_MAX_CELL_CHARS", 32_767)  # Excel's own limit
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 200)
# The mapping step posts one field per column, and a few more.
DATA_UPLOAD_MAX_NUMBER_FIELDS = max(1000, IMPORT_MAX_COLUMNS + 100)
# A running import (or undo) beats every IMPORT_HEARTBEAT_SECONDS; one silent for IMPORT_STALE_SECONDS is taken for
# dead by the sweep (every IMPORT_SWEEP_SECONDS) or by its result page: queued again while a worker ran it fewer than
# IMPORT_MAX_ATTEMPTS times, failed otherwise.
IMPORT_HEARTBEAT_SECONDS = env_int("IMPORT_HEARTBEAT_SECONDS", 5)
IMPORT_STALE_SECONDS = env_int("IMPORT_STALE_SECONDS", 120)
IMPORT_SWEEP_SECONDS = env_int("IMPORT_SWEEP_SECONDS", 60)
IMPORT_MAX_ATTEMPTS = env_int("IMPORT_MAX_ATTEMPTS", 2)
# A queued import no worker has taken for this long tells its page that the background worker may not be running.
IMPORT_WORKER_WAIT_SECONDS = env_int("IMPORT_WORKER_WAIT_SECONDS", 30)
CELERY_BEAT_SCHEDULE["recover-dead-imports"] = {
    "task": "partners.importing.tasks.sweep_stale_imports",
    "schedule": IMPORT_SWEEP_SECONDS,
    "options": {"expires": IMPORT_SWEEP_SECONDS},
}

# Community (community/): documents shared as resources, and whether visitors who are not signed in
# may read the four community spaces (never write in them).
COMMUNITY_UPLOAD_MAX_MB = env_int("COMMUNITY_UPLOAD_MAX_MB", 10)
COMMUNITY_PUBLIC_READ = env_bool("COMMUNITY_PUBLIC_READ", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# The REST API (api/, see the README's "Use the API").
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.OrganizationAccess"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "OE Planner API",
    "DESCRIPTION": "Partners, contacts, interactions and follow-ups of one organization.",
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
}
# Requests per token (or signed-in member) per minute; more answer 429 with Retry-After.
API_RATE_LIMIT_PER_MINUTE = env_int("API_RATE_LIMIT_PER_MINUTE", 120)
# How long a create sent with an Idempotency-Key is remembered and answered again unchanged.
API_IDEMPOTENCY_HOURS = env_int("API_IDEMPOTENCY_HOURS", 24)
# Page size of API lists, and the largest a client may ask for with ?page_size=.
API_PAGE_SIZE = env_int("API_PAGE_SIZE", 50)
API_MAX_PAGE_SIZE = env_int("API_MAX_PAGE_SIZE", 200)
