"""E-mails: one helper renders ``templates/emails/<name>_subject.txt``, ``.txt`` and ``.html``
in the member's language and time zone and sends them as one message."""

import zoneinfo

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import ReminderPreference

DONE_LINK_SALT = "reminders.done-link"


def send(name, user, context, *, connection=None, headers=None):
    try:
        language = user.reminder_preference.language
    except ReminderPreference.DoesNotExist:
        language = settings.LANGUAGE_CODE
    context = {"user": user, "site_url": settings.SITE_URL, **context}
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(user.time_zone)):
        subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
        text = render_to_string(f"emails/{name}.txt", context)
        html = render_to_string(f"emails/{name}.html", context)
    message = EmailMultiAlternatives(subject, text, to=[user.email], connection=connection, headers=headers)
    message.attach_alternative(html, "text/html")
    message.send()


def absolute(url):
    return settings.SITE_URL + url


def done_token(follow_up, user):
    return signing.dumps([follow_up.pk, user.pk], salt=DONE_LINK_SALT)


def read_done_token(token):
    """(follow-up pk, user pk) of a valid, unexpired link; raises signing.BadSignature otherwise."""
    max_age = settings.REMINDER_DONE_LINK_DAYS * 24 * 3600
    follow_up_pk, user_pk = signing.loads(token, salt=DONE_LINK_SALT, max_age=max_age)
    return follow_up_pk, user_pk


def _item(reminder):
    """What an e-mail says about one reminder: its subject, links and dates."""
    item = {"reminder": reminder, "kind": reminder.kind, "org": reminder.organization}
    if reminder.follow_up_id:
        follow_up = reminder.follow_up
        item.update(
            follow_up=follow_up,
            partner=follow_up.partner,
            url=absolute(follow_up.partner.get_absolute_url()),
            done_url=absolute(reverse("reminder_done", args=[done_token(follow_up, reminder.recipient)])),
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


def send_reminder(reminder, connection=None):
    context = {"item": _item(reminder), "done_link_days": settings.REMINDER_DONE_LINK_DAYS,
               "notifications_url": absolute(reverse("notification_list"))}
    send("reminder", reminder.recipient, context, connection=connection,
         headers={"X-OE-Reminder": str(reminder.pk)})


def send_digest(digest, reminders, connection=None):
    context = {"digest": digest, "items": [_item(r) for r in reminders],
               "done_link_days": settings.REMINDER_DONE_LINK_DAYS,
               "notifications_url": absolute(reverse("notification_list"))}
    send("digest", digest.recipient, context, connection=connection,
         headers={"X-OE-Reminder": str(digest.pk),
                  "X-OE-Digest-Items": ",".join(str(r.pk) for r in reminders)})
