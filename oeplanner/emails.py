"""E-mails: one helper renders ``templates/emails/<name>_subject.txt``, ``.txt`` and ``.html`` in the member's
language and time zone and builds them into one message. Every app sends its e-mails through it."""

import zoneinfo
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import get_template
from django.utils import timezone, translation


def language_of(user):
    """The member's profile language; without one, the language in use: the page's when someone's action sends
    it (an invitation goes out in the inviting admin's language), the site's in a background job."""
    return user.language or translation.get_language() or settings.LANGUAGE_CODE


def messages(name, recipients, *, connection=None):
    """The e-mails ``name`` for ``recipients``, (user, context, headers) triples, in their order.

    The three templates are looked up once, and each language and time zone is turned on once for all the
    members who share it: a batch of reminders costs one rendering per e-mail and nothing more."""
    templates = [get_template(f"emails/{name}{end}") for end in ("_subject.txt", ".txt", ".html")]
    groups = defaultdict(list)
    for position, (user, context, headers) in enumerate(recipients):
        groups[language_of(user), user.time_zone].append((position, user, context, headers))
    built = [None] * len(recipients)
    for (language, time_zone), group in groups.items():
        with translation.override(language), timezone.override(zoneinfo.ZoneInfo(time_zone)):
            for position, user, context, headers in group:
                context = {"user": user, "site_url": settings.SITE_URL, **context}
                subject, text, html = (template.render(context) for template in templates)
                message = EmailMultiAlternatives(
                    " ".join(subject.split()), text, to=[user.email], connection=connection, headers=headers
                )
                message.attach_alternative(html, "text/html")
                built[position] = message
    return built


def send(name, user, context, *, connection=None, headers=None):
    (message,) = messages(name, [(user, context, headers)], connection=connection)
    message.send()


def absolute(url):
    return settings.SITE_URL + url
