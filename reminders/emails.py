"""Reminder and digest e-mails, sent through the one e-mail helper (oeplanner/emails.py), and their done links."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from oeplanner.emails import absolute, messages

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


def reminder_messages(reminders, now, connection=None):
    """One e-mail for each reminder, built together: see ``oeplanner.emails.messages``."""
    context = _context(now)
    return messages(
        "reminder",
        [(r.recipient, {**context, "item": _item(r)}, _headers(r)) for r in reminders],
        connection=connection,
    )


def digest_message(digest, reminders, now, connection=None):
    context = {**_context(now), "digest": digest, "items": [_item(r) for r in reminders]}
    headers = {**_headers(digest), "X-OE-Digest-Items": ",".join(str(r.pk) for r in reminders)}
    (message,) = messages("digest", [(digest.recipient, context, headers)], connection=connection)
    return message


def _context(now):
    """What every reminder e-mail says besides its items. ``now`` is the moment of sending: "due today" or
    "overdue since" is said from the member's own date at that moment, whatever day the reminder was planned for."""
    return {
        "now": now,
        "done_link_days": settings.REMINDER_DONE_LINK_DAYS,
        "notifications_url": absolute(reverse("notification_list")),
    }


def _headers(reminder):
    """Every copy of one reminder's e-mail carries its stable Message-ID (see Reminder.message_id)."""
    return {"X-OE-Reminder": str(reminder.pk), "Message-ID": reminder.message_id}
