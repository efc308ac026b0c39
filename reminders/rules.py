"""Each kind of reminder's rules, written once: when it is due, and whether it is still needed.

The planner (``planning.py``) asks every rule which occasions its subjects have; delivery
(``delivery.py``) asks the reminder's rule again just before it is sent. Both read the same
``occasions``: a rule that moves the day a reminder is due moves its send-time check with it.

An occasion is a ``(kind, day)`` pair, latest first; the planner turns the day into a moment at
the member's hour in their time zone.
"""

from dataclasses import dataclass
from datetime import timedelta

from capacityplans.models import Step
from oeplanner.models import Organization
from partners.models import FollowUp, Partner
from partnerships.models import Milestone

from .models import Reminder, ReminderSettings

Kind, Skip = Reminder.Kind, Reminder.SkipReason
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class OrgSettings:
    """An organization's reminder settings, the defaults where it chose none."""

    days_before: int = ReminderSettings.DEFAULT_DAYS_BEFORE
    overdue_after: int = ReminderSettings.DEFAULT_OVERDUE_AFTER_DAYS


def org_settings(pks=None):
    """{organization pk: OrgSettings}, for the organizations ``pks`` (every one when None)."""
    rows = Organization.objects.all() if pks is None else Organization.objects.filter(pk__in=pks)
    defaults = OrgSettings()
    return {
        pk: OrgSettings(
            defaults.days_before if before is None else before,
            defaults.overdue_after if after is None else after,
        )
        for pk, before, after in rows.values_list(
            "pk", "reminder_settings__days_before", "reminder_settings__overdue_after_days"
        )
    }


def _day_window(date_field, first_day, last_day, *, days_after=0):
    """The filter for a date whose occasion ``days_after`` later lies between ``first_day`` and ``last_day``."""
    shift = timedelta(days=days_after)
    return {f"{date_field}__gte": first_day - shift, f"{date_field}__lte": last_day - shift}


class FollowUpRule:
    """Due soon (``days_before`` ahead, if any), due today, and overdue (``overdue_after`` days late) to
    the assignee; the partner's owner, when someone else, hears of overdue follow-ups only."""

    kinds = (Kind.DUE_SOON, Kind.DUE_TODAY, Kind.OVERDUE)
    subject = "follow_up"
    owner_kinds = (Kind.OVERDUE,)
    # What the send-time check reads, as paths from the follow-up.
    rechecked = ("done_at", "assignee_id", "due_on", "partner__owner_id", "partner__archived_at")

    @staticmethod
    def occasions(due_on, settings):
        found = [(Kind.OVERDUE, due_on + timedelta(days=settings.overdue_after)), (Kind.DUE_TODAY, due_on)]
        if settings.days_before:
            found.append((Kind.DUE_SOON, due_on - timedelta(days=settings.days_before)))
        return found

    def candidates(self, org_pk, settings, first_day, last_day):
        """(subject ids, member, time zone, send hour, occasions) for each member to remind."""
        rows = FollowUp.objects.filter(
            organization_id=org_pk,
            done_at__isnull=True,
            due_on__gte=first_day - timedelta(days=settings.overdue_after),
            due_on__lte=last_day + timedelta(days=settings.days_before),
        ).values_list(
            "pk",
            "partner_id",
            "due_on",
            "assignee_id",
            "assignee__time_zone",
            "assignee__reminder_preference__send_hour",
            "partner__owner_id",
            "partner__owner__time_zone",
            "partner__owner__reminder_preference__send_hour",
        )
        for pk, partner_pk, due_on, assignee, assignee_tz, assignee_hour, owner, owner_tz, owner_hour in rows:
            ids = {"follow_up_id": pk, "partner_id": partner_pk}
            occasions = self.occasions(due_on, settings)
            yield ids, assignee, assignee_tz, assignee_hour, occasions
            if owner and owner != assignee:
                yield ids, owner, owner_tz, owner_hour, [o for o in occasions if o[0] in self.owner_kinds]

    def why_not_needed(self, reminder, settings):
        follow_up = reminder.follow_up
        if follow_up is None:
            return Skip.DELETED
        if follow_up.is_done:
            return Skip.DONE
        if follow_up.partner.is_archived:
            return Skip.ARCHIVED
        if (reminder.kind, reminder.occasion) not in self.occasions(follow_up.due_on, settings):
            return Skip.RESCHEDULED
        in_charge = {follow_up.assignee_id}
        if reminder.kind in self.owner_kinds and follow_up.partner.owner_id:
            in_charge.add(follow_up.partner.owner_id)
        if reminder.recipient_id not in in_charge:
            return Skip.REASSIGNED
        return None

    @staticmethod
    def due_on(follow_up):
        return follow_up.due_on


class DayAfterRule:
    """One reminder to one member on the day after a date; a new date is a new occasion, hence a new row."""

    kind = None
    subject = None
    rechecked = ()

    @property
    def kinds(self):
        return (self.kind,)

    def occasion(self, day):
        return None if day is None else day + ONE_DAY

    def rows(self, org_pk, first_day, last_day):
        """(subject pk, date, member, time zone, send hour) of the subjects whose day after is in the window."""
        raise NotImplementedError

    def candidates(self, org_pk, settings, first_day, last_day):
        attname = Reminder._meta.get_field(self.subject).attname
        for pk, day, member, member_tz, member_hour in self.rows(org_pk, first_day, last_day):
            yield {attname: pk}, member, member_tz, member_hour, [(self.kind, self.occasion(day))]


class StalePartnerRule(DayAfterRule):
    """To the owner, when a partner turns stale: the day after ``stale_on``."""

    kind = Kind.STALE_PARTNER
    subject = "partner"
    rechecked = ("owner_id", "archived_at", "stale_on")

    def rows(self, org_pk, first_day, last_day):
        return Partner.objects.filter(
            organization_id=org_pk,
            **_day_window("stale_on", first_day, last_day, days_after=1),
            archived_at__isnull=True,
            owner__isnull=False,
        ).values_list("pk", "stale_on", "owner_id", "owner__time_zone", "owner__reminder_preference__send_hour")

    def why_not_needed(self, reminder, settings):
        partner = reminder.partner
        if partner is None:
            return Skip.DELETED
        if partner.is_archived:
            return Skip.ARCHIVED
        if partner.owner_id != reminder.recipient_id:
            return Skip.REASSIGNED
        if self.occasion(partner.stale_on) != reminder.occasion:
            return Skip.NO_LONGER_STALE
        return None

    @staticmethod
    def due_on(partner):
        return None


class StepOverdueRule(DayAfterRule):
    """To the responsible member, the day after an open plan step was to end."""

    kind = Kind.STEP_OVERDUE
    subject = "step"
    rechecked = ("status", "responsible_id", "ends_on")

    def rows(self, org_pk, first_day, last_day):
        return (
            Step.objects.open()
            .filter(
                plan__organization_id=org_pk,
                **_day_window("ends_on", first_day, last_day, days_after=1),
                responsible__isnull=False,
            )
            .values_list(
                "pk",
                "ends_on",
                "responsible_id",
                "responsible__time_zone",
                "responsible__reminder_preference__send_hour",
            )
        )

    def why_not_needed(self, reminder, settings):
        step = reminder.step
        if step is None:
            return Skip.DELETED
        if step.status == Step.Status.DONE:
            return Skip.DONE
        if step.status == Step.Status.DROPPED:
            return Skip.DROPPED
        if self.occasion(step.ends_on) != reminder.occasion:
            return Skip.RESCHEDULED
        if step.responsible_id != reminder.recipient_id:
            return Skip.REASSIGNED
        return None

    @staticmethod
    def due_on(step):
        return step.ends_on


class MilestoneOverdueRule(DayAfterRule):
    """To the partnership's owner, the day after an open milestone was due."""

    kind = Kind.MILESTONE_OVERDUE
    subject = "milestone"
    rechecked = ("done_on", "due_on", "partnership__owner_id")

    def rows(self, org_pk, first_day, last_day):
        return (
            Milestone.objects.open()
            .filter(
                organization_id=org_pk,
                **_day_window("due_on", first_day, last_day, days_after=1),
                partnership__owner__isnull=False,
            )
            .values_list(
                "pk",
                "due_on",
                "partnership__owner_id",
                "partnership__owner__time_zone",
                "partnership__owner__reminder_preference__send_hour",
            )
        )

    def why_not_needed(self, reminder, settings):
        milestone = reminder.milestone
        if milestone is None:
            return Skip.DELETED
        if milestone.done_on is not None:
            return Skip.DONE
        if self.occasion(milestone.due_on) != reminder.occasion:
            return Skip.RESCHEDULED
        if milestone.partnership.owner_id != reminder.recipient_id:
            return Skip.REASSIGNED
        return None

    @staticmethod
    def due_on(milestone):
        return milestone.due_on


RULES = (FollowUpRule(), StalePartnerRule(), StepOverdueRule(), MilestoneOverdueRule())
BY_KIND = {kind: rule for rule in RULES for kind in rule.kinds}
