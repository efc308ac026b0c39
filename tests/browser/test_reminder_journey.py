"""A follow-up due tomorrow, logged in the browser, reaches its assignee by e-mail within the beat
interval and shows in the app — through a real Celery worker and beat."""

import os
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import PartnerFactory
from tests.reminders.mailbox import sent_files
from tests.workers import Broker, Worker, wait_for

BEAT_SECONDS = 2


@pytest.fixture
def worker_with_beat(tmp_path):
    mailbox = tmp_path / "mail"
    mailbox.mkdir()
    broker = Broker(tmp_path, os.environ.get("REDIS_URL") or None)
    worker = Worker("journey", broker, mailbox, tmp_path, REMINDER_SWEEP_SECONDS=BEAT_SECONDS)
    worker.launch("--beat", "--schedule", str(tmp_path / "beat-schedule"))
    yield worker, mailbox
    worker.stop()
    broker.purge()


def test_a_follow_up_due_tomorrow_is_emailed_and_notified(page, log_in, org, staff, volunteer, worker_with_beat):
    worker, mailbox = worker_with_beat
    partner = PartnerFactory(organization=org, name="Musée Gadagne", owner=volunteer)

    # The volunteer wants reminders from midnight on, so that the test passes at any hour.
    log_in(volunteer)
    page.get_by_role("button", name=str(volunteer)).click()
    page.get_by_role("link", name="Profile").click()
    page.get_by_role("link", name="Reminder settings and calendar feed").click()
    page.get_by_label("One e-mail per reminder").check()
    page.get_by_label("Hour of the day (0–23)").fill("0")
    page.get_by_role("button", name="Save reminder settings").click()
    expect(page.get_by_text("Your reminder settings were saved.")).to_be_visible()
    page.get_by_role("button", name=str(volunteer)).click()
    page.get_by_role("button", name="Log out").click()

    # Staff log an interaction with a follow-up due tomorrow for the volunteer.
    log_in(staff)
    page.goto(partner.get_absolute_url())
    page.get_by_label("Summary").fill("Met the collections team.")
    page.get_by_label("Follow-up", exact=True).fill("Send the upload guide")
    tomorrow = timezone.localdate() + timedelta(days=1)
    page.get_by_label("Follow-up due").fill(tomorrow.isoformat())
    page.get_by_label("Follow-up assignee").select_option(label=str(volunteer))
    page.get_by_role("button", name="Log interaction").click()
    expect(page.get_by_text("The interaction was logged.")).to_be_visible()
    page.get_by_role("button", name=str(staff)).click()
    page.get_by_role("button", name="Log out").click()

    # Within a few beat intervals, the worker has e-mailed the volunteer.
    worker.wait_ready()
    wait_for(lambda: sent_files(mailbox), 10 * BEAT_SECONDS + 20, "the reminder e-mail")
    [message] = [p.read_text() for p in mailbox.glob("*.eml")]
    assert f"To: {volunteer.email}" in message
    assert "Subject: Due " in message and "Send the upload guide" in message

    # ...and the app shows it.
    log_in(volunteer)
    badge = page.locator("#unread-badge")
    expect(badge).to_contain_text("1")
    page.get_by_role("link", name=re.compile("Notifications")).click()
    expect(page.get_by_role("heading", name="Notifications")).to_be_visible()
    expect(page.locator("#notifications")).to_contain_text("“Send the upload guide” (Musée Gadagne) is due tomorrow.")
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_text("All notifications are marked as read.")).to_be_visible()
    expect(page.locator("#unread-badge")).to_have_count(0)
