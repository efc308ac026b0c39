"""What changes several rows at once in the community: offers of help (with the notifications they
send), endorsements, flags and moderation. Each is one transaction."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from oeplanner.models import Role, User
from reminders.models import Reminder
from reminders.services import notify

from .models import Challenge, Endorsement, LearningPattern, ResourceFlag


class CommunityError(Exception):
    """A request that breaks a rule of the community; the message says which."""


@transaction.atomic
def offer_help(challenge, *, organization, author, message):
    """Record the offer and tell the posting organization's admins, in the app and by e-mail."""
    if organization.pk == challenge.organization_id:
        raise CommunityError(_("An organization cannot offer help on its own challenge."))
    offer = challenge.offers.create(organization=organization, author=author, message=message)
    Challenge.objects.filter(pk=challenge.pk).update(offer_count=F("offer_count") + 1)
    admins = User.objects.filter(
        memberships__organization_id=challenge.organization_id, memberships__role=Role.ADMIN
    ).exclude(pk=author.pk)
    notify(
        Reminder.Kind.HELP_OFFERED,
        list(admins),
        organization=challenge.organization,
        title=challenge.title,
        link=challenge.get_absolute_url() + f"#offer-{offer.pk}",
    )
    return offer


def endorse(pattern, user, comment=""):
    """One endorsement per member and pattern; a second one is refused, nothing changes."""
    try:
        with transaction.atomic():
            endorsement = Endorsement.objects.create(pattern=pattern, user=user, comment=comment)
            LearningPattern.objects.filter(pk=pattern.pk).update(endorsement_count=F("endorsement_count") + 1)
    except IntegrityError:
        raise CommunityError(_("You have already endorsed this learning pattern.")) from None
    return endorsement


def flag(resource, user, reason, note=""):
    try:
        with transaction.atomic():
            return ResourceFlag.objects.create(resource=resource, user=user, reason=reason, note=note)
    except IntegrityError:
        raise CommunityError(_("You have already reported this problem with this resource.")) from None


def hide(entry, reason):
    """A moderator hides an entry: it stays, with its history, but only moderators see it."""
    entry.hidden_at = timezone.now()
    entry.hidden_reason = reason
    entry.save(update_fields=["hidden_at", "hidden_reason", "updated_at"])


def show(entry):
    entry.hidden_at = None
    entry.hidden_reason = ""
    entry.save(update_fields=["hidden_at", "hidden_reason", "updated_at"])
