"""Work on organizations and memberships that touches several models."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import emails, wikimedia
from .models import Invitation, Membership, Organization, Role, User
from .signals import organization_created


class MembershipError(Exception):
    """A membership change that would leave the organization in a bad state."""


@transaction.atomic
def create_organization(
    *, name, slug, kind=Organization.Kind.USER_GROUP, region="", time_zone="UTC", admin=None, language=None
):
    """A new organization with the default stages, statements and recommendations, written in ``language``:
    by default the first admin's profile language, else the language in use."""
    language = language or (admin and admin.language) or translation.get_language() or settings.LANGUAGE_CODE
    organization = Organization.objects.create(name=name, slug=slug, kind=kind, region=region, time_zone=time_zone)
    with translation.override(language):
        organization_created.send(sender=Organization, organization=organization, language=language)
    if admin is not None:
        Membership.objects.create(user=admin, organization=organization, role=Role.ADMIN)
    return organization


def _token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def find_invitation(token):
    """The invitation whose link carries this token, or None."""
    return Invitation.objects.select_related("organization", "invited_by").filter(token_hash=_token_hash(token)).first()


def invite(organization, identifier, role, *, invited_by):
    """Invite the person named by an e-mail address or a username (theirs here, or a linked Wikimedia one).

    Whatever the identifier names (an account, a member already, nobody), the same happens for the
    admin: an invitation is recorded and listed, so that the answer tells nothing about accounts.
    The e-mail goes to the address typed, or to the named account's address; nobody gets one for a
    username that names no account. Earlier open invitations for the same identifier are revoked,
    so only the newest link works.
    """
    identifier = identifier.strip()
    try:
        validate_email(identifier)
    except ValidationError:
        user = User.objects.filter(username__iexact=identifier).first() or wikimedia.account_named(identifier)
        email = user.email if user else ""
    else:
        user, email = None, identifier
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        organization.invitations.filter(identifier__iexact=identifier, status=Invitation.Status.PENDING).update(
            status=Invitation.Status.REVOKED, answered_at=timezone.now()
        )
        invitation = Invitation.objects.create(
            organization=organization,
            identifier=identifier,
            email=email,
            user=user,
            role=role,
            token_hash=_token_hash(token),
            invited_by=invited_by,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_DAYS),
        )
        if email:
            transaction.on_commit(lambda: _send_invitation(invitation, token))
    return invitation


def _send_invitation(invitation, token):
    # Someone without an account yet: the e-mail helper needs only an address, a language and a time zone.
    recipient = invitation.user or User(email=invitation.email, time_zone=invitation.organization.time_zone)
    context = {
        "invitation": invitation,
        "org": invitation.organization,
        "url": emails.absolute(reverse("invitation", args=[token])),
        "days": settings.INVITATION_DAYS,
    }
    emails.send("invitation", recipient, context)


def invitations_waiting_for(user):
    """Open invitations addressed to this account: by its name, or to an address Wikimedia confirmed is theirs.

    An address typed in a profile proves nothing, so it is not enough without the invitation's link.
    """
    addressed = Q(user=user)
    for email in wikimedia.confirmed_emails(user):
        addressed |= Q(user=None, email__iexact=email)
    return Invitation.objects.pending().filter(addressed).select_related("organization", "invited_by")


def _open_invitation(invitation):
    invitation = Invitation.objects.select_for_update().select_related("organization").get(pk=invitation.pk)
    if not invitation.is_open:
        raise MembershipError(_("This invitation is no longer open."))
    return invitation


@transaction.atomic
def accept_invitation(invitation, user):
    """Make the invited person a member; returns their membership (an earlier one stays as it was)."""
    invitation = _open_invitation(invitation)
    if not invitation.is_for(user):
        raise MembershipError(_("This invitation is for someone else."))
    membership, _created = Membership.objects.get_or_create(
        user=user, organization=invitation.organization, defaults={"role": invitation.role}
    )
    invitation.status, invitation.answered_at = Invitation.Status.ACCEPTED, timezone.now()
    invitation.user = user
    invitation.save(update_fields=["status", "answered_at", "user"])
    return membership


@transaction.atomic
def register_and_accept(invitation, form):
    """Create the account of someone invited by e-mail (the link proves the address) and accept."""
    invitation = _open_invitation(invitation)
    if invitation.user_id is not None or not invitation.email:
        raise MembershipError(_("Sign in with the invited account to accept."))
    user = form.save(commit=False)
    user.email = invitation.email
    user.time_zone = invitation.organization.time_zone
    user.save()
    return accept_invitation(invitation, user)


@transaction.atomic
def close_invitation(invitation, status):
    """Decline (the invited person) or revoke (an admin) an open invitation."""
    invitation = _open_invitation(invitation)
    invitation.status, invitation.answered_at = status, timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    return invitation


def _admins_left_after(membership, new_role=None):
    others = (
        Membership.objects.filter(organization_id=membership.organization_id, role=Role.ADMIN)
        .exclude(pk=membership.pk)
        .count()
    )
    return others + (1 if new_role == Role.ADMIN else 0)


@transaction.atomic
def change_role(membership, role):
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == Role.ADMIN and role != Role.ADMIN and _admins_left_after(membership, role) == 0:
        raise MembershipError(_("An organization needs at least one admin. Make someone else admin first."))
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def remove_member(membership):
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == Role.ADMIN and _admins_left_after(membership) == 0:
        raise MembershipError(_("An organization needs at least one admin. Make someone else admin first."))
    membership.delete()
