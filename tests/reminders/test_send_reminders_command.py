"""``manage.py send_reminders`` run twice at once, as two real processes: each reminder is planned
and sent once, and each run reports only what it did itself."""

import os
import re
import subprocess
import sys
import time

import pytest
from django.db import connection, transaction

from reminders.models import Reminder
from tests.workers import ROOT, database_url, wait_for

from .mailbox import Deliveries

pytestmark = pytest.mark.django_db(transaction=True)


def start_command(mailbox):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "PYTEST_CURRENT_TEST"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="oeplanner.settings.test",
        DATABASE_URL=database_url(),
        EMAIL_BACKEND="tests.reminders.mailbox.FileMailbox",
        MAILBOX_DIR=str(mailbox),
        PYTHONPATH=str(ROOT),
    )
    return subprocess.Popen(
        [sys.executable, "manage.py", "send_reminders"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def both_wait_to_insert(processes):
    """PostgreSQL: both runs have read which reminders exist and now wait to insert theirs.
    SQLite cannot show who waits for its lock: both runs have had time to get there."""
    if connection.vendor != "postgresql":
        time.sleep(4)
        return True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = %s::regclass",
            [Reminder._meta.db_table],
        )
        return cursor.fetchone()[0] == len(processes)


def test_two_runs_at_once_each_report_only_what_they_planned_and_sent(due_follow_ups, tmp_path):
    n = due_follow_ups(30)
    mailbox = tmp_path / "mail"
    mailbox.mkdir()

    # Both runs read the reminders that exist before either has inserted its own: the race the
    # unique constraints settle, and that each run's count must not hide.
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {Reminder._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
        else:
            cursor.execute(f"DELETE FROM {Reminder._meta.db_table} WHERE 0")  # holds SQLite's write lock
        runs = [start_command(mailbox), start_command(mailbox)]
        wait_for(lambda: both_wait_to_insert(runs), 30, "both runs to wait for the lock")
    outputs = [run.communicate(timeout=60)[0].decode() for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs

    def reported(name):
        return [int(re.search(rf"\b{name}=(\d+)", output)[1]) for output in outputs]

    assert sum(reported("planned")) == n, outputs
    assert sum(reported("sent")) == n, outputs
    figures = Deliveries.count(mailbox, list(Reminder.objects.values_list("pk", flat=True)))
    assert figures == Deliveries(reminders=n, mails=n, lost=0, doubled_same_id=0, doubled_distinct_ids=0)
