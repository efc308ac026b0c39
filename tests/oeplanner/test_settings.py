"""Configuration comes from the environment; production refuses to start without its secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "-production-secret-key-with-enough-entropy-1234567890"


def manage(*args, **env):
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    base.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=base, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_secret_key():
    result = manage("check", DJANGO_SETTINGS_MODULE="oeplanner.settings.production", ALLOWED_HOSTS="planner.example")
    assert result.returncode != 0
    assert "SECRET_KEY is required in production" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage("check", DJANGO_SETTINGS_MODULE="oeplanner.settings.production", SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is required in production" in result.stderr


def test_check_deploy_on_production_settings_prints_no_warning():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="oeplanner.settings.production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="planner.example",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "sqlite3"),
        ({"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/x"}, "postgresql"),
    ],
)
def test_database_follows_database_url(env, expected):
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = _settings_value(code, env)
    assert result.endswith(expected)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "filesystem://"),
        ({"REDIS_URL": "redis://127.0.0.1:6379/3"}, "redis://127.0.0.1:6379/3"),
        ({"CELERY_BROKER_URL": "redis://broker:6379/1"}, "redis://broker:6379/1"),
    ],
)
def test_broker_needs_no_server_unless_one_is_configured(env, expected):
    result = _settings_value("from oeplanner.celery import app; print(app.conf.broker_url)", env)
    assert result == expected


@pytest.mark.parametrize(
    ("env", "expected"),
    [({}, "console.EmailBackend"), ({"EMAIL_HOST": "smtp.example.org"}, "smtp.EmailBackend")],
)
def test_email_goes_to_the_console_unless_smtp_is_configured(env, expected):
    result = _settings_value("from django.conf import settings; print(settings.EMAIL_BACKEND)", env)
    assert result.endswith(expected)


def test_a_boolean_setting_that_is_not_a_boolean_is_refused():
    result = manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def _settings_value(code, env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "EMAIL_HOST", "DJANGO_SETTINGS_MODULE"}
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="oeplanner.settings.local")
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()
