"""Celery finds the tasks of the partners app here."""

from .importing.tasks import run_partner_import, sweep_stale_imports, undo_partner_import  # noqa: F401
