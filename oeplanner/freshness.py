"""The organization's data version: a number that moves on whenever something its pages show is written.

Kept pages (``oeplanner.fragments.kept_page``) are keyed on it, so a write is never missed by a page drawn
before it. Rather than trusting every write path to say what it changed, every statement sent through Django's
connections passes through :func:`watch` (installed on each connection as it opens), which reads the table the
statement writes:

* a table no kept page shows, or written by every request (sessions, sign-in attempts, reminder bookkeeping):
  nothing moves;
* a table shown to members of several organizations (accounts, memberships, organizations, notifications, the
  community spaces): every organization moves on;
* any other table: the organization the statement was written for (``writing_for``, which the tenancy helper
  sets for the time of an organization's view) moves on; without one (a task, a command, the admin site), every
  organization does. TRUNCATE moves every organization too.

An ``UPDATE`` that sets only columns no page shows (a member's last sign-in) moves nothing. COPY goes around
the cursor's ``execute``: ``oeplanner.bulk.copy_rows`` calls :func:`written` itself.

The version moves on (to a new random number) once per transaction, when it commits (``on_commit``, in a
statement of its own, so that no lock on the organization's row is held while the transaction works): a page
drawn from data read before the commit is kept under the old version, which nobody asks for once it has moved.
Until then the transaction that wrote reads pages afresh (:func:`pending`), so it sees its own writes.
"""

import re
import secrets
from contextvars import ContextVar

from django.db import DatabaseError, transaction
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate

EVERY_ORGANIZATION = None

writing_for = ContextVar("writing_for", default=EVERY_ORGANIZATION)
_migrating = ContextVar("migrating", default=False)

_UNSHOWN_TABLES = re.compile(
    r"django_(session|admin_log|migrations|content_type)|auth_permission|axes_\w+|social_auth_\w+"
    r"|api_idempotentrequest|reminders_(reminder|sweep)|\w+_incoming"  # the last: bulk.py's temporary tables
)
_SHARED_TABLES = re.compile(r"oeplanner_\w+|reminders_notification|community_\w+")
_UNSHOWN_COLUMNS = {
    "oeplanner_user": {"last_login", "last_organization_id"},
    "oeplanner_organization": {"data_version"},
}
_READ = re.compile(r"\s*(SELECT|SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|EXPLAIN|SHOW|PRAGMA)\b", re.IGNORECASE)
# What writes rows, and the table it names first (a WITH … UPDATE too); CREATE, SET, VACUUM… write none.
_WRITTEN_TABLE = re.compile(
    r'\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM|MERGE\s+INTO)\s+(?:ONLY\s+)?"?(\w+)"?',
    re.IGNORECASE,
)
_TRUNCATE = re.compile(r"\s*TRUNCATE\b", re.IGNORECASE)
_SET_CLAUSE = re.compile(r"\sSET\s(.*?)(?:\sWHERE\s|$)", re.IGNORECASE | re.DOTALL)
_SET_COLUMN = re.compile(r'"?(\w+)"?\s*=')


def watch(execute, sql, params, many, context):
    """A connection's execute wrapper: notes what each write statement changes, once it has run."""
    result = execute(sql, params, many, context)
    if not _READ.match(sql) and not _migrating.get():
        if _TRUNCATE.match(sql):  # any number of tables
            written(context["connection"], None)
        elif table := _WRITTEN_TABLE.search(sql):
            written(context["connection"], table.group(1), sql)
    return result


def written(connection, table, sql=""):
    """``table`` (None: unknown) was written on ``connection``: move on the organizations whose pages show it."""
    if table is not None:
        if _UNSHOWN_TABLES.fullmatch(table) or _sets_only_unshown_columns(table, sql):
            return
        org_id = EVERY_ORGANIZATION if _SHARED_TABLES.fullmatch(table) else writing_for.get()
    else:
        org_id = EVERY_ORGANIZATION
    if not connection.in_atomic_block:  # autocommit: the statement is committed already
        _move_on(connection.alias, {org_id})
        return
    moves = _moves(connection)
    if moves is None:
        moves = _Moves(connection.alias)
        connection.pending_moves = moves
        transaction.on_commit(moves, using=connection.alias)
    moves.org_ids.add(org_id)


def pending(connection):
    """Has the transaction under way on ``connection`` written what pages show? Then it reads them afresh."""
    return connection.in_atomic_block and _moves(connection) is not None


def _moves(connection):
    """The moves registered for the transaction under way (gone with it if it was rolled back)."""
    moves = getattr(connection, "pending_moves", None)
    return moves if any(callback is moves for _sids, callback, _robust in connection.run_on_commit) else None


def _sets_only_unshown_columns(table, sql):
    unshown = _UNSHOWN_COLUMNS.get(table)
    set_clause = _SET_CLAUSE.search(sql) if unshown else None
    return bool(set_clause) and set(_SET_COLUMN.findall(set_clause.group(1))) <= unshown


class _Moves:
    def __init__(self, alias):
        self.alias, self.org_ids = alias, set()

    def __call__(self):
        _move_on(self.alias, self.org_ids)


def _move_on(alias, org_ids):
    """A new version, drawn at random rather than counted: a database restored from a backup, or created again
    beside the same cache, never meets again a version under which other data was kept."""
    from .models import Organization

    organizations = Organization.objects.using(alias)
    if EVERY_ORGANIZATION not in org_ids:
        organizations = organizations.filter(pk__in=org_ids)
    organizations.update(data_version=secrets.randbits(63))


def install(sender, connection, **kwargs):
    """Watch every statement of ``connection``; first in line, so that the execute_wrapper() blocks that others
    open and close (Django pops the last one) leave it in place."""
    if watch not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, watch)


def _pause(sender, **kwargs):
    """Migrations write tables before the version's column may exist: nothing is noted while they run…"""
    if sender.label == "oeplanner":
        _migrating.set(True)


def _resume(sender, using, plan=None, **kwargs):
    """…and once they have, every organization moves on (a data migration may have changed what pages show),
    unless the database was migrated back to before the version existed."""
    if sender.label != "oeplanner":
        return
    _migrating.set(False)
    if plan:
        try:
            with transaction.atomic(using=using):
                _move_on(using, {EVERY_ORGANIZATION})
        except DatabaseError:
            pass


connection_created.connect(install, dispatch_uid="oeplanner.freshness")
pre_migrate.connect(_pause, dispatch_uid="oeplanner.freshness.pause")
post_migrate.connect(_resume, dispatch_uid="oeplanner.freshness.resume")
