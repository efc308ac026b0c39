"""Fault tests against real Celery workers: concurrent sweeps, a worker killed mid-batch or
between the mail server's answer and the database update, a slow mail server, the broker down and
back. No reminder is lost; none reaches the mailbox twice, except the one the kill left uncertain,
whose copy carries the same Message-ID.

The workers are separate processes on the real broker (Redis when REDIS_URL is set, the
filesystem broker otherwise) and the test database; the mail they send is counted from files.
"""

import os
import time

import pytest
from django.utils import timezone

from reminders.models import Reminder
from tests.workers import Broker, RedisServer, Worker, wait_for

from .mailbox import Deliveries, sent_files

pytestmark = pytest.mark.django_db(transaction=True)

LEASE = 6
# Each worker sends with a short mail timeout, so that a short lease still leaves time to send.
WORKER_SETTINGS = {"REMINDER_LEASE_SECONDS": LEASE, "EMAIL_TIMEOUT": 1, "REMINDER_BATCH_SIZE": 5}


@pytest.fixture
def mailbox(tmp_path):
    folder = tmp_path / "mail"
    folder.mkdir()
    return folder


@pytest.fixture
def workers(broker, mailbox, tmp_path):
    started = []

    def start(*names, broker=broker, **env):
        """Start workers side by side (their start-up takes a few seconds); return them."""
        new = [Worker(name, broker, mailbox, tmp_path, **{**WORKER_SETTINGS, **env}).launch() for name in names]
        started.extend(new)
        for worker in new:
            worker.wait_ready()
        return new[0] if len(new) == 1 else new

    yield start
    for worker in started:
        worker.stop()


def sent_count():
    return Reminder.objects.filter(status="sent").count()


def assert_each_sent_once(mailbox, n):
    counts = sent_files(mailbox)
    assert sorted(counts) == sorted(Reminder.objects.values_list("pk", flat=True)), "a reminder was lost"
    assert Reminder.objects.count() == n
    duplicates = {pk: c for pk, c in counts.items() if c > 1}
    assert not duplicates, f"sent more than once: {duplicates}"
    assert set(Reminder.objects.values_list("status", flat=True)) == {"sent"}


def test_two_sweeps_at_once_send_each_reminder_once(broker, workers, mailbox, due_follow_ups):
    n = due_follow_ups(40)
    first, second = workers("first", "second", MAILBOX_DELAY=0.05)

    broker.sweep()
    broker.sweep()  # as a second beat would
    wait_for(lambda: sent_count() == n, 60, f"{n} reminders to be sent")

    assert_each_sent_once(mailbox, n)
    for worker in (first, second):  # each took a sweep; the last one may still be closing its run
        wait_for(
            lambda w=worker: "reminders.tasks.sweep" in w.output() and "succeeded" in w.output(), 10, "both sweeps"
        )


def test_a_worker_killed_mid_batch_is_recovered_after_its_lease(broker, workers, mailbox, due_follow_ups):
    n = due_follow_ups(20)
    doomed = workers("doomed", MAILBOX_DELAY=0.3)
    broker.sweep()
    wait_for(lambda: len(sent_files(mailbox)) >= 7, 60, "the first e-mails")
    time.sleep(0.15)  # in the middle of the next e-mail, not between sending and recording it
    doomed.kill()

    held = Reminder.objects.filter(claimed_until__gt=timezone.now())
    assert held.exists(), "the kill should leave a claimed, unsent batch behind"
    assert len(sent_files(mailbox)) < n

    workers("rescuer")
    broker.sweep()  # sends what nobody holds; the dead worker's batch waits for its lease to end
    wait_for(lambda: sent_count() == n - held.count(), 30, "the unclaimed reminders")
    time.sleep(LEASE)
    broker.sweep()  # as beat would, a few minutes later
    wait_for(lambda: sent_count() == n, 30, "the dead worker's reminders")

    assert_each_sent_once(mailbox, n)
    assert Reminder.objects.filter(attempts=2).exists()  # the recovered ones were claimed twice


def test_a_worker_killed_after_the_mail_server_answered_resends_with_the_same_message_id(
    broker, tmp_path, workers, mailbox, due_follow_ups, client_for, admin, org
):
    n = due_follow_ups(8)
    # The rescuer listens on a queue of its own, so that only the doomed worker takes the first sweep.
    rescuers = Broker(tmp_path, os.environ.get("REDIS_URL") or None)
    doomed = workers("doomed", MAILBOX_HANG_AFTER=3, REMINDER_BATCH_SIZE=4)
    workers("rescuer", broker=rescuers, REMINDER_BATCH_SIZE=4)
    try:
        broker.sweep()
        wait_for(lambda: list(mailbox.glob("hung-*")), 30, "the third e-mail to be accepted by the mail server")
        doomed.kill()  # the mail server said "250 OK"; the database was not told

        rescuers.sweep()  # sends what nobody holds; the dead worker's reminders wait for their lease
        wait_for(lambda: not Reminder.objects.filter(claimed_until__gt=timezone.now()).exists(), 30, "leases to end")
        rescuers.sweep()
        wait_for(lambda: sent_count() == n, 30, "every reminder to be sent")
    finally:
        rescuers.purge()

    figures = Deliveries.count(mailbox, list(Reminder.objects.values_list("pk", flat=True)))
    print(f"\nkilled between the mail server's answer and the record: {figures}")
    assert (figures.lost, figures.doubled_distinct_ids) == (0, 0)
    assert (figures.mails, figures.doubled_same_id) == (n + 1, 1)
    uncertain = Reminder.objects.get(delivery_uncertain=True)
    assert sent_files(mailbox)[uncertain.pk] == 2
    page = client_for(admin).get(f"/o/{org.slug}/reminders/")
    assert "Delivery uncertain, resent" in page.text


def test_a_slow_mail_server_does_not_double_reminders_between_two_workers(broker, workers, mailbox, due_follow_ups):
    """Each e-mail takes 2.4 s, longer than the e-mail timeout a lease check could allow for, so
    the first worker's batch of 4 outlasts its 6 s lease. The second worker sweeps just after
    that lease ended, while the first is in the middle of its third e-mail: it must not send
    that one again, nor anything the first one sends."""
    n = due_follow_ups(6)
    workers("first", "second", MAILBOX_DELAY=2.4, REMINDER_BATCH_SIZE=4)

    broker.sweep()  # one worker takes it and claims a batch
    lease_end = wait_for(
        lambda: Reminder.objects.filter(claimed_until__isnull=False).values_list("claimed_until", flat=True).first(),
        30,
        "the first batch to be claimed",
    )
    time.sleep(max((lease_end - timezone.now()).total_seconds(), 0) + 0.2)
    broker.sweep()  # the other worker takes it: the first one is still busy

    def beat():
        broker.sweep()
        return sent_count() == n

    wait_for(beat, 60, f"{n} reminders to be sent", interval=1)
    time.sleep(3)  # a second copy still on its way would be written by now

    figures = Deliveries.count(mailbox, list(Reminder.objects.values_list("pk", flat=True)))
    print(f"\nslow mail server, two workers: {figures}")
    assert figures == Deliveries(reminders=n, mails=n, lost=0, doubled_same_id=0, doubled_distinct_ids=0)


def test_reminders_due_while_the_broker_is_down_go_out_when_it_is_back(tmp_path, workers, mailbox, due_follow_ups):
    """Redis: a throwaway server is stopped and started again; the same worker reconnects.
    Filesystem broker: its folder disappears; the worker exits (kombu cannot poll a missing
    folder) and is started again once the folder is back, as a process supervisor would."""
    if os.environ.get("REDIS_URL"):
        server = RedisServer(6390).start()
        broker = Broker(tmp_path, server.url)
        broker_down, broker_back = server.stop, server.start
    else:
        server = None
        broker = Broker(tmp_path)
        away = tmp_path / "broker-away"

        def broker_down():
            broker.folder.rename(away)

        def broker_back():
            away.rename(broker.folder)

    try:
        worker = workers("steady", broker=broker)
        broker_down()
        n = due_follow_ups(10)  # they fall due while the broker is away
        with pytest.raises(Exception):  # noqa: B017 — whatever the transport raises, nothing is queued
            broker.sweep()
        time.sleep(3)
        broker_back()
        if server:
            assert worker.process.poll() is None, "the worker should wait for Redis, not exit"
        else:
            wait_for(lambda: worker.process.poll() is not None, 15, "the worker to notice the broker is gone")
            workers("restarted", broker=broker)

        def sweep_once_the_broker_answers():
            try:
                broker.sweep()
            except Exception:  # noqa: BLE001 — still starting
                return False
            return True

        wait_for(sweep_once_the_broker_answers, 30, "the broker to come back")
        wait_for(lambda: sent_count() == n, 60, f"{n} reminders after the broker came back")
        assert_each_sent_once(mailbox, n)
    finally:
        if server:
            server.stop()
