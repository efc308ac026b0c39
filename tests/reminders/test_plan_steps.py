"""Overdue capacity-plan steps are reminded like overdue follow-ups: once, to the responsible member."""

from datetime import date

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse

from capacityplans.models import Step
from reminders import delivery, planning, services
from reminders.models import Notification, Reminder, ReminderPreference
from tests.factories import PlanFactory, StepFactory

from .conftest import at, sweep_at

ENDS = date(2026, 3, 20)
DAY_AFTER = at("2026-03-21 09:00")


@pytest.fixture
def plan(org, admin):
    return PlanFactory(organization=org, owner=admin, title="Partnerships 2026")


@pytest.fixture
def step(plan, volunteer):
    return StepFactory(
        plan=plan,
        goal="Sign two museum partnerships",
        responsible=volunteer,
        ends_on=ENDS,
        status=Step.Status.IN_PROGRESS,
    )


def rows():
    return sorted(Reminder.objects.values_list("kind", "recipient__username", "status", "skip_reason"))


def test_an_open_step_is_reminded_once_the_day_after_its_end_at_the_members_hour(step):
    assert sweep_at(at("2026-03-20 23:00")).sent == 0
    assert sweep_at(at("2026-03-21 07:59")).sent == 0
    result = sweep_at(at("2026-03-21 08:00"))

    assert (result.sent, result.failed, result.skipped) == (1, 0, 0)
    assert rows() == [("step_overdue", "carol", "sent", "")]
    reminder = Reminder.objects.get()
    assert (reminder.step, reminder.occasion) == (step, date(2026, 3, 21))
    [message] = mail.outbox
    assert message.to == ["carol@example.org"]
    assert message.subject == "Plan step overdue: Sign two museum partnerships"
    assert (
        "Your step “Sign two museum partnerships” in the plan “Partnerships 2026” was to be finished by "
        "Friday 20 March 2026 and is still open."
    ) in message.body
    plan_url = "https://planner.example" + reverse(
        "plan_detail", kwargs={"org_slug": "testland", "plan_pk": step.plan_id}
    )
    assert plan_url in message.body
    assert plan_url in message.alternatives[0][0]
    assert "Mark it done with one click" not in message.body  # that link is for follow-ups

    for when in ("2026-03-21 12:00", "2026-03-22 09:00", "2026-03-24 09:00"):
        assert sweep_at(at(when)).sent == 0
    assert Reminder.objects.count() == 1
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1


def test_planning_twice_inserts_nothing_twice(step):
    assert planning.plan_due_reminders(DAY_AFTER) == 1
    assert planning.plan_due_reminders(DAY_AFTER) == 0
    assert Reminder.objects.count() == 1


def test_the_members_time_zone_and_hour_decide_when(step, volunteer):
    volunteer.time_zone = "Pacific/Auckland"
    volunteer.save()
    ReminderPreference.objects.create(user=volunteer, send_hour=10)
    assert sweep_at(at("2026-03-21 09:59", "Pacific/Auckland")).sent == 0
    assert sweep_at(at("2026-03-21 10:00", "Pacific/Auckland")).sent == 1


@pytest.mark.parametrize("status", [Step.Status.DONE, Step.Status.DROPPED])
def test_done_or_dropped_steps_are_not_reminded(step, status):
    step.status = status
    step.save()
    sweep_at(DAY_AFTER)
    assert Reminder.objects.count() == 0


def test_steps_without_a_responsible_member_are_not_reminded(plan):
    StepFactory(plan=plan, responsible=None, responsible_name="Our friend at the museum", ends_on=ENDS)
    StepFactory(plan=plan, responsible=None, ends_on=ENDS)
    sweep_at(DAY_AFTER)
    assert Reminder.objects.count() == 0


def test_steps_not_yet_over_or_without_an_end_are_not_reminded(plan, volunteer):
    StepFactory(plan=plan, responsible=volunteer, ends_on=date(2026, 3, 21))
    StepFactory(plan=plan, responsible=volunteer, ends_on=None)
    sweep_at(DAY_AFTER)
    assert Reminder.objects.count() == 0


def test_a_member_who_chose_the_digest_gets_the_step_in_it(step, volunteer):
    ReminderPreference.objects.create(user=volunteer, delivery=ReminderPreference.Delivery.DIGEST)
    sweep_at(DAY_AFTER)

    [digest] = mail.outbox
    assert "Your step “Sign two museum partnerships” in the plan “Partnerships 2026”" in digest.body
    assert rows() == [("digest", "carol", "sent", ""), ("step_overdue", "carol", "sent", "")]
    assert Notification.objects.get().kind == "step_overdue"


def test_the_in_app_notification_names_the_step_and_links_to_the_plan(step, volunteer, client_for):
    sweep_at(DAY_AFTER)

    notification = Notification.objects.get()
    assert (notification.kind, notification.step, notification.due_on) == ("step_overdue", step, ENDS)
    text = render_to_string("reminders/_notification_text.html", {"notification": notification}).strip()
    assert text == (
        "Your step “Sign two museum partnerships” in the plan “Partnerships 2026” was to be finished by 20 March"
        " and is still open."
    )

    page = client_for(volunteer).get(reverse("notification_list")).text
    assert "Your step “Sign two museum partnerships” in the plan “Partnerships 2026” was to be finished" in page
    assert reverse("plan_detail", kwargs={"org_slug": "testland", "plan_pk": step.plan_id}) in page


def test_the_admins_reminder_list_links_to_the_plan(step, admin, org, client_for):
    sweep_at(DAY_AFTER)
    page = client_for(admin).get(reverse("reminder_list", kwargs={"org_slug": org.slug})).text
    assert "Sign two museum partnerships" in page
    assert reverse("plan_detail", kwargs={"org_slug": "testland", "plan_pk": step.plan_id}) in page


# At send time ------------------------------------------------------------------------------


@pytest.fixture
def claimed(step):
    """The step's reminder, planned and claimed by a sweep, not yet sent."""
    planning.plan_due_reminders(DAY_AFTER)
    batch = delivery.claim_batch(DAY_AFTER)
    assert [r.step_id for r in batch] == [step.pk]
    return batch


def send(batch):
    result = services.SweepResult()
    delivery.send_batch(batch, result, clock=lambda: DAY_AFTER)
    return result


@pytest.mark.parametrize("status", [Step.Status.DONE, Step.Status.DROPPED])
def test_a_step_finished_after_the_claim_is_not_reminded(step, claimed, status):
    step.status = status
    step.save()

    result = send(claimed)

    assert (result.sent, result.skipped) == (0, 1)
    assert mail.outbox == []
    assert Notification.objects.count() == 0
    assert rows() == [("step_overdue", "carol", "skipped", status)]


def test_a_step_deleted_after_the_claim_is_not_reminded(step, claimed):
    step.delete()
    assert send(claimed).skipped == 1
    assert mail.outbox == []
    assert Reminder.objects.get().skip_reason == "deleted"


def test_a_step_given_a_later_end_is_reminded_after_that_end(step, claimed):
    step.ends_on = date(2026, 4, 30)
    step.save()

    assert send(claimed).skipped == 1
    assert mail.outbox == []
    assert Reminder.objects.get().skip_reason == "rescheduled"
    assert sweep_at(at("2026-04-30 09:00")).sent == 0
    assert sweep_at(at("2026-05-01 09:00")).sent == 1
    assert "was to be finished by Thursday 30 April 2026" in mail.outbox[0].body


def test_a_reassigned_step_reminds_the_new_responsible_member_only(step, claimed, admin):
    step.responsible = admin
    step.save()

    assert send(claimed).skipped == 1
    assert mail.outbox == []

    assert sweep_at(DAY_AFTER).sent == 1
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    assert rows() == [("step_overdue", "alice", "sent", ""), ("step_overdue", "carol", "skipped", "reassigned")]


def test_a_step_done_while_its_batch_is_being_sent_gets_no_email(step, claimed, monkeypatch):
    """The check is repeated just before the e-mail, after the batch was read and notified."""
    settle = delivery._settle_items

    def settle_then_done(*args, **kwargs):
        to_email = settle(*args, **kwargs)
        Step.objects.filter(pk=step.pk).update(status=Step.Status.DONE)
        return to_email

    monkeypatch.setattr(delivery, "_settle_items", settle_then_done)
    result = send(claimed)
    assert (result.sent, result.skipped) == (0, 1)
    assert mail.outbox == []
    assert Reminder.objects.get().skip_reason == "done"


def test_a_responsible_member_who_left_the_organization_is_not_reminded(step, claimed, volunteer, org):
    volunteer.memberships.filter(organization=org).delete()
    assert send(claimed).skipped == 1
    assert Reminder.objects.get().skip_reason == "not_member"
