"""Running an import job: preview, claim, run all rows or none, undo, and the file of rejected rows."""

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from oeplanner.bulk import chunks
from oeplanner.spreadsheets import FileRefused

from ..models import Contact, Partner, PartnerMerge
from .models import ImportJob
from .planning import plan_import
from .source import column_headers
from .writing import write_plan

logger = logging.getLogger(__name__)


def preview_import(job):
    """Plan the job and keep the counts and rejected rows on it for the preview page; no partner is written."""
    plan = plan_import(job)
    _store_counts(job, plan)
    job.save(update_fields=COUNT_FIELDS)
    return plan


COUNT_FIELDS = [
    "created_count",
    "updated_count",
    "skipped_count",
    "rejected_count",
    "contacts_count",
    "rejections",
    "row_count",
]


def _store_counts(job, plan):
    counts = plan.counts()
    job.created_count, job.updated_count = counts["created"], counts["updated"]
    job.skipped_count, job.rejected_count = counts["skipped"], counts["rejected"]
    job.contacts_count = counts["contacts"]
    job.row_count = plan.row_count
    job.rejections = plan.rejections


def claim(job_pk):
    """Mark a queued job running; only one worker gets it, and each claim is counted."""
    now = timezone.now()
    claimed = ImportJob.objects.filter(status=ImportJob.Status.QUEUED, pk=job_pk).update(
        status=ImportJob.Status.RUNNING,
        started_at=now,
        progress_at=now,
        progress=0,
        phase=ImportJob.Phase.READING,
        attempts=F("attempts") + 1,
    )
    return claimed == 1


class Heartbeat:
    """Keeps a job's ``progress``, ``phase`` and ``progress_at`` fresh while its work runs, from a thread with its own database
    connection: the beat lands even while the work's own transaction is open (on PostgreSQL), and stops when the
    process dies — which is how a dead job is told from a slow one. On SQLite a beat waits while a write transaction
    holds the database; the fencing on ``attempts`` keeps a job taken for dead meanwhile from being written twice."""

    def __init__(self, job, status):
        self.owned = {"pk": job.pk, "status": status, "attempts": job.attempts}
        self.progress = 0
        self.phase = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"import-{job.pk}-heartbeat", daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        self._thread.join()

    def advance(self, count, phase=None):
        self.progress = count
        self.phase = phase or self.phase

    def _beat(self):
        try:
            while not self._stop.wait(settings.IMPORT_HEARTBEAT_SECONDS):
                try:
                    beat = {"progress": self.progress, "progress_at": timezone.now()}
                    if self.phase:
                        beat["phase"] = self.phase
                    ImportJob.objects.filter(**self.owned).update(**beat)
                except DatabaseError:
                    logger.info("Import %s: a heartbeat waited too long for the database", self.owned["pk"])
        finally:
            connections.close_all()  # this thread's own connection


class _Superseded(Exception):
    """The job was taken for dead and claimed again meanwhile: this run gives it up."""


def _owned(job, status=ImportJob.Status.RUNNING):
    return ImportJob.objects.filter(pk=job.pk, status=status, attempts=job.attempts)


def run_import(job, *, user=None):
    """Run a claimed job to the end: all rows or none. Returns the plan, or None when the import failed."""
    user_id = user.pk if user else job.created_by_id
    with Heartbeat(job, ImportJob.Status.RUNNING) as heartbeat:
        try:
            plan = plan_import(job, progress=heartbeat.advance)
            _store_counts(job, plan)
            if plan.rejections and not job.skip_invalid:
                error = ngettext(
                    "%(n)s row was rejected, so nothing was imported. Fix it in the file and import it again, "
                    "or choose to import only the valid rows.",
                    "%(n)s rows were rejected, so nothing was imported. Fix them in the file and import it again, "
                    "or choose to import only the valid rows.",
                    plan.rejected_count,
                ) % {"n": plan.rejected_count}
            else:
                # The writing phase counts up to these: the page reads them before the write commits.
                _owned(job).update(created_count=job.created_count, updated_count=job.updated_count)
                heartbeat.advance(0, ImportJob.Phase.WRITING)
                with transaction.atomic():
                    created_ids, contact_ids = write_plan(plan, job, user_id, progress=heartbeat.advance)
                    if not _owned(job).update(status=ImportJob.Status.DONE):
                        raise _Superseded
                    job.created_partner_ids, job.created_contact_ids = created_ids, contact_ids
                    job.status = ImportJob.Status.DONE
                    job.finished_at = timezone.now()
                    _discard_upload(job)
                    job.save()
                return plan
        except _Superseded:
            logger.warning("Import %s was claimed again while it ran; this run wrote nothing", job.pk)
            return None
        except FileRefused as refused:
            error = str(refused)
        except (KeyboardInterrupt, SystemExit):
            _fail(job, _("The import was stopped before the end and nothing was imported."))
            raise
        except Exception:
            logger.exception("Import %s failed", job.pk)
            error = _("The import failed on our side and nothing was imported. Try again later.")
    _fail(job, error)
    return None


def _failure(error):
    """The values of a failed job: nothing of it is in the database, and its counts say so."""
    return {
        "status": ImportJob.Status.FAILED,
        "error": error,
        "created_count": 0,
        "updated_count": 0,
        "skipped_count": 0,
        "contacts_count": 0,
        "created_partner_ids": [],
        "created_contact_ids": [],
        "finished_at": timezone.now(),
    }


def cancel(job):
    """A queued import ends with nothing imported, unless a worker claimed it first. True when this call did it."""
    cancelled = _failure(_("You cancelled this import; nothing was imported."))
    if not ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.QUEUED).update(**cancelled, upload=""):
        return False
    _discard_upload(job)
    return True


def _fail(job, error):
    """Fail the job this run owns, keeping the rejected rows to be fixed; a job another run has claimed meanwhile is
    left to it."""
    failure = _failure(error)
    for name, value in failure.items():
        setattr(job, name, value)
    read = {"rejected_count": job.rejected_count, "rejections": job.rejections, "row_count": job.row_count}
    if _owned(job).update(**failure, **read, upload=""):
        _discard_upload(job)


def _discard_upload(job):
    """The job's row forgets its file now; the file goes once that is committed (a rolled-back run keeps it for the
    next)."""
    name, job.upload = job.upload.name, ""
    if name:
        storage = ImportJob.upload.field.storage
        transaction.on_commit(lambda: storage.delete(name))


def delete_jobs(queryset):
    """Delete jobs and their files."""
    for job in queryset.only("pk", "upload"):
        _discard_upload(job)
    queryset.delete()


def stale_before():
    return timezone.now() - timedelta(seconds=settings.IMPORT_STALE_SECONDS)


def queue_again(job):
    """A dead background job goes back to the queue (an import) or keeps its claim open (an undo) for one more try.
    True when this call did it; the caller then sends the task."""
    still_dead = ImportJob.objects.filter(
        pk=job.pk, status=job.status, attempts=job.attempts, progress_at__lt=stale_before()
    )
    if job.status == ImportJob.Status.RUNNING:
        return still_dead.update(status=ImportJob.Status.QUEUED, progress=0, progress_at=timezone.now()) == 1
    return still_dead.update(progress=0, progress_at=timezone.now()) == 1


def give_up(job):
    """A dead job that is not tried again: an import fails, with nothing imported; an undo, whose transaction was
    rolled back, leaves the import done as it was."""
    still_dead = ImportJob.objects.filter(
        pk=job.pk, status=job.status, attempts=job.attempts, progress_at__lt=stale_before()
    )
    if job.status == ImportJob.Status.UNDOING:
        still_dead.update(
            status=ImportJob.Status.DONE,
            undone_by=None,
            error=_(
                "Undoing stopped before the end: the process running it ended without finishing, and nothing was "
                "undone. You can undo the import again."
            ),
        )
        return
    error = _(
        "The import stopped before the end: the process running it ended without finishing, and nothing was "
        "imported. Upload the file again to retry; if it stops again, split it into smaller files."
    )
    if still_dead.update(**_failure(error), upload=""):
        _discard_upload(job)


def changed_since(job):
    """How many partners the import created have been edited since: undo removes them all the same."""
    if not job.finished_at:
        return 0
    return Partner.objects.filter(
        organization=job.organization, pk__in=job.created_partner_ids, updated_at__gt=job.finished_at
    ).count()


class UndoRefused(Exception):
    """Undoing the import would lose what people did since; the message says what to do first."""


def merges_into_created(job):
    """How many partners the import created have since had another partner merged into them: deleting them would
    delete the contacts, interactions and follow-ups the merge moved there."""
    return PartnerMerge.objects.filter(
        organization=job.organization, survivor_id__in=job.created_partner_ids, undone_at=None
    ).count()


def start_undo(job, *, by, in_background):
    """A done import becomes "undoing", once: a second click finds it undoing already. True when this call did it.
    Refused (UndoRefused) while partners it created hold what a merge moved into them."""
    merged = merges_into_created(job)
    if merged:
        raise UndoRefused(
            ngettext(
                "%(n)s partner this import created has had another partner merged into it since; undoing the import "
                "would delete what the merge moved. Undo that merge first, from the partner's page.",
                "%(n)s partners this import created have had other partners merged into them since; undoing the "
                "import would delete what the merges moved. Undo those merges first, from the partners' pages.",
                merged,
            )
            % {"n": merged}
        )
    return (
        ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.DONE).update(
            status=ImportJob.Status.UNDOING,
            undone_by=by,
            attempts=0,
            in_background=in_background,
            progress=0,
            progress_at=timezone.now(),
            error="",
        )
        == 1
    )


def claim_undo(job_pk, attempt):
    """Take an undo for one run; ``attempt`` is the claim count its task was sent with, so a message delivered twice
    runs once."""
    return (
        ImportJob.objects.filter(pk=job_pk, status=ImportJob.Status.UNDOING, attempts=attempt).update(
            attempts=attempt + 1, progress_at=timezone.now()
        )
        == 1
    )


def undo_import(job):
    """Remove the partners and contacts the import created and put back the values it changed: all of it or nothing,
    for a job whose undo this run has claimed. Running it again after it is done changes nothing."""
    organization = job.organization
    with Heartbeat(job, ImportJob.Status.UNDOING) as heartbeat, transaction.atomic():
        done = 0
        for record in job.updates.select_related("partner__stage").filter(partner__organization=organization):
            partner = record.partner
            for attname, value in record.before.items():
                setattr(partner, attname, value)
            partner._change_reason = (_("Import of %(file)s undone") % {"file": job.file_name})[:100]
            partner.save()
            partner.tags.remove(*record.added_tag_ids)
            partner.networks.remove(*record.added_network_ids)
            done += 1
            heartbeat.advance(done)
        for ids in chunks(job.created_contact_ids):
            Contact.objects.filter(partner__organization=organization, pk__in=ids).delete()
        for ids in chunks(job.created_partner_ids):
            Partner.objects.filter(organization=organization, pk__in=ids).delete()
            done += len(ids)
            heartbeat.advance(done)
        if not _owned(job, ImportJob.Status.UNDOING).update(status=ImportJob.Status.UNDONE, undone_at=timezone.now()):
            transaction.set_rollback(True)
            return False
    return True


def rejected_rows(job):
    """The rejected rows as they were in the file, with the line and the reasons: ready to fix and import again."""
    yield [*column_headers(job), _("Line"), _("Reason")]
    for rejection in job.rejections:
        reasons = "; ".join(f"{field}: {reason}" if field else reason for field, reason in rejection["problems"])
        cells = list(rejection["cells"]) + [""] * (job.column_count - len(rejection["cells"]))
        yield [*cells, rejection["line"], reasons]
