"""E-mails: one helper renders ``templates/emails/<name>_subject.txt``, ``.txt`` and ``.html`` in the member's
language and time zone and sends them as one message. Every app sends its e-mails through it."""

import zoneinfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation


def language_of(user):
    """The member's profile language; without one, the language in use: the page's when someone's action sends
    it (an invitation goes out in the inviting admin's language), the site's in a background job."""
    return user.language or translation.get_language() or settings.LANGUAGE_CODE


def send(name, user, context, *, connection=None, headers=None):
    context = {"user": user, "site_url": settings.SITE_URL, **context}
    with translation.override(language_of(user)), timezone.override(zoneinfo.ZoneInfo(user.time_zone)):
        subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
        text = render_to_string(f"emails/{name}.txt", context)
        html = render_to_string(f"emails/{name}.html", context)
    message = EmailMultiAlternatives(subject, text, to=[user.email], connection=connection, headers=headers)
    message.attach_alternative(html, "text/html")
    message.send()


def absolute(url):
    return settings.SITE_URL + url
