"""Celery finds the tasks of the partners app here."""

from .importing.tasks import run_partner_import, undo_partner_import  # noqa: F401
