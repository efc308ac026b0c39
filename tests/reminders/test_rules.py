"""What is reminded, to whom, when — and never twice."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from reminders.models import Notification, Reminder, ReminderPreference, ReminderSettings
from tests.factories import FollowUpFactory, PartnerFactory

from .conftest import at, sweep_at

DUE = date(2026, 3, 20)


@pytest.fixture
def follow_up(org, volunteer, staff):
    partner = PartnerFactory(organization=org, owner=staff, name="Musée Gadagne")
    return FollowUpFactory(partner=partner, assignee=volunteer, due_on=DUE, title="Send the upload guide")


def kinds(**filters):
    return sorted(Reminder.objects.filter(**filters).values_list("kind", "recipient__username", "status"))


def test_it_reminds_the_assignee_the_day_before_at_eight_local_time(follow_up):
    assert sweep_at(at("2026-03-19 07:59")).sent == 0
    result = sweep_at(at("2026-03-19 08:00"))

    assert (result.sent, result.failed, result.skipped) == (1, 0, 0)
    assert kinds() == [("due_soon", "carol", "sent")]
    [message] = mail.outbox
    assert message.to == ["carol@example.org"]
    assert message.subject == "Due tomorrow: Send the upload guide"
    assert "“Send the upload guide” (Musée Gadagne) is due tomorrow." in message.body


def test_it_reminds_on_the_due_day_then_the_assignee_and_owner_when_overdue(follow_up):
    sweep_at(at("2026-03-19 09:00"))
    sweep_at(at("2026-03-20 09:00"))
    sweep_at(at("2026-03-22 09:00"))
    assert sweep_at(at("2026-03-23 09:00")).sent == 2

    assert kinds() == [
        ("due_soon", "carol", "sent"),
        ("due_today", "carol", "sent"),
        ("overdue", "bob", "sent"),
        ("overdue", "carol", "sent"),
    ]
    assert [m.subject for m in mail.outbox[-2:]] == ["Overdue: Send the upload guide"] * 2


def test_sweeping_again_sends_nothing_twice(follow_up):
    for _ in range(3):
        sweep_at(at("2026-03-20 10:00"))
    assert Reminder.objects.count() == 1
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1


def test_it_follows_the_organizations_settings(org, follow_up):
    ReminderSettings.objects.create(organization=org, days_before=3, overdue_after_days=1)
    sweep_at(at("2026-03-17 08:00"))
    sweep_at(at("2026-03-21 08:00"))
    assert [(k, o) for k, o in Reminder.objects.order_by("occasion").values_list("kind", "occasion")] == [
        ("due_soon", date(2026, 3, 17)),
        ("overdue", date(2026, 3, 21)),
        ("overdue", date(2026, 3, 21)),
    ]


def test_no_early_reminder_when_days_before_is_zero(org, follow_up):
    ReminderSettings.objects.create(organization=org, days_before=0)
    sweep_at(at("2026-03-19 12:00"))
    assert Reminder.objects.count() == 0
    sweep_at(at("2026-03-20 12:00"))
    assert kinds() == [("due_today", "carol", "sent")]


def test_after_an_outage_only_the_latest_reminder_goes_out(follow_up):
    sweep_at(at("2026-03-20 23:00"))
    assert kinds() == [("due_today", "carol", "sent")]


def test_long_forgotten_follow_ups_are_not_reminded(follow_up, settings):
    sweep_at(at("2026-03-20") + timedelta(days=settings.REMINDER_CATCH_UP_DAYS + 4))
    assert Reminder.objects.count() == 0


def test_done_follow_ups_are_not_reminded(follow_up, volunteer):
    from partners.services import set_follow_up_done

    set_follow_up_done(follow_up, True, by=volunteer)
    sweep_at(at("2026-03-20 09:00"))
    assert Reminder.objects.count() == 0


def test_a_stale_partner_is_reminded_to_its_owner_once_per_stale_period(org, staff):
    partner = PartnerFactory(organization=org, owner=staff)
    stale_on = partner.stale_on
    day_after = at(f"{stale_on + timedelta(days=1)} 09:00")
    sweep_at(at(f"{stale_on} 09:00"))
    assert Reminder.objects.count() == 0
    sweep_at(day_after)
    sweep_at(day_after + timedelta(days=1))
    assert kinds() == [("stale_partner", "bob", "sent")]
    assert mail.outbox[0].subject == f"No recent contact with {partner.name}"

    # A new interaction starts a new period; when that one turns stale too, a new reminder.
    partner.last_interaction_on = stale_on + timedelta(days=2)
    partner.save()
    sweep_at(at(f"{partner.stale_on + timedelta(days=1)} 09:00"))
    assert Reminder.objects.filter(kind="stale_partner").count() == 2


def test_members_choose_a_digest_or_no_email(org, follow_up, staff, volunteer):
    ReminderPreference.objects.create(user=volunteer, delivery="digest", send_hour=7)
    ReminderPreference.objects.create(user=staff, delivery="off")
    other = FollowUpFactory(partner=follow_up.partner, assignee=volunteer, due_on=DUE, title="Book the room")

    result = sweep_at(at("2026-03-23 09:00"))

    assert result.sent == 4  # two in carol's digest, two in the app for bob (the owner)
    [digest] = mail.outbox
    assert digest.to == ["carol@example.org"]
    assert digest.subject == "Your 2 reminders for 23 Mar"
    assert "Send the upload guide" in digest.body and other.title in digest.body
    assert Notification.objects.filter(recipient=staff).count() == 2
    assert set(Reminder.objects.filter(recipient=staff).values_list("status", flat=True)) == {"in_app"}
    assert result.planned == 5  # four reminders and carol's digest


def test_the_email_links_to_the_follow_up_and_a_one_click_done_page(follow_up):
    sweep_at(at("2026-03-20 09:00"))
    [message] = mail.outbox
    assert f"https://planner.example/o/testland/partners/{follow_up.partner.pk}/" in message.body
    assert "https://planner.example/reminders/done/" in message.body
    html = message.alternatives[0][0]
    assert 'href="https://planner.example/reminders/done/' in html
    assert message.extra_headers["X-OE-Reminder"] == str(Reminder.objects.get().pk)


def test_emails_show_dates_in_the_members_time_zone(follow_up, volunteer):
    volunteer.time_zone = "Pacific/Kiritimati"  # UTC+14: its 8 o'clock is 18:00 UTC the day before
    volunteer.save()
    assert sweep_at(at("2026-03-18 17:59")).sent == 0
    assert sweep_at(at("2026-03-18 18:00")).sent == 1
    assert Reminder.objects.get().due_at == at("2026-03-18 18:00")


def test_members_who_left_the_organization_are_not_reminded(org, follow_up, volunteer):
    volunteer.memberships.all().delete()
    result = sweep_at(at("2026-03-20 09:00"))
    assert (result.sent, result.skipped) == (0, 1)
    assert Reminder.objects.get().skip_reason == "not_member"


def test_the_command_runs_one_sweep_and_ends_with_the_counts(follow_up):
    # Due today: before 8 o'clock yesterday's "due tomorrow" is the one due, after it today's.
    follow_up.due_on = timezone.localdate()
    follow_up.save()
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert out.getvalue().splitlines()[-1] == "sent=1 failed=0 skipped=0"
    call_command("send_reminders", stdout=out)
    assert out.getvalue().splitlines()[-1] == "sent=0 failed=0 skipped=0"
