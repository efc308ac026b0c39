import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def sweep():
    """Run by beat every REMINDER_SWEEP_SECONDS. Safe to run twice at once: rows are claimed first."""
    result = services.sweep()
    logger.info("Reminder sweep: planned=%s %s retrying=%s", result.planned, result, result.retrying)
