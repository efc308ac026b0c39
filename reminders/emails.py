"""Reminder and digest e-mails, sent through the one e-mail helper (oeplanner/emails.py), and their done links."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from oeplanner.emails import absolute, send

# The links name one reminder since they became single-use: links signed before say nothing valid.
DONE_LINK_SALT = "reminders.done-link.once"


def done_token(reminder):
    return signing.dumps(reminder.pk, salt=DONE_LINK_SALT)


def read_done_token(token):
    """The reminder pk of a valid, unexpired link; raises signing.BadSignature otherwise."""
    max_age = settings.REMINDER_DONE_LINK_DAYS * 24 * 3600
    return int(signing.loads(token, salt=DONE_LINK_SALT, max_age=max_age))


def _item(reminder):
    """What an e-mail says about one reminder: its subject, links and dates."""
    item = {"reminder": reminder, "kind": reminder.kind, "org": reminder.organization}
    if reminder.kind in reminder.MESSAGE_KINDS:
        item.update(title=reminder.notification.title, url=absolute(reminder.notification.link))
    elif reminder.follow_up_id:
        follow_up = reminder.follow_up
        item.update(
            follow_up=follow_up,
            partner=follow_up.partner,
            url=absolute(follow_up.partner.get_absolute_url()),
            done_url=absolute(reverse("reminder_done", args=[done_token(reminder)])),
        )
    elif reminder.step_id:
        step = reminder.step
        item.update(step=step, plan=step.plan, url=absolute(step.plan.get_absolute_url()))
    elif reminder.milestone_id:
        partnership = reminder.milestone.partnership
        item.update(
            milestone=reminder.milestone,
            partnership=partnership,
            url=absolute(f"{partnership.get_absolute_url()}#milestones"),
        )
    else:
        item.update(partner=reminder.partner, url=absolute(reminder.partner.get_absolute_url()))
    return item


def send_reminder(reminder, now, connection=None):
    _send_about(reminder, "reminder", {"item": _item(reminder), "now": now}, connection)


def send_digest(digest, reminders, now, connection=None):
    context = {"digest": digest, "items": [_item(r) for r in reminders], "now": now}
    items = {"X-OE-Digest-Items": ",".join(str(r.pk) for r in reminders)}
    _send_about(digest, "digest", context, connection, items)


def _send_about(reminder, name, context, connection, headers=None):
    """Every copy of one reminder's e-mail carries its stable Message-ID (see Reminder.message_id).

    ``now`` in the context is the moment of sending: "due today" or "overdue since" is said from the
    member's own date at that moment, whatever day the reminder was planned for."""
    context = {
        **context,
        "done_link_days": settings.REMINDER_DONE_LINK_DAYS,
        "notifications_url": absolute(reverse("notification_list")),
    }
    headers = {"X-OE-Reminder": str(reminder.pk), "Message-ID": reminder.message_id, **(headers or {})}
    send(name, reminder.recipient, context, connection=connection, headers=headers)
