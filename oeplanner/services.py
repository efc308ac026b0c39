"""Work on organizations and memberships that touches several models."""

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from partners.services import create_default_stages
from questionnaire.services import create_default_items

from .models import Membership, Organization, Role, User


class MembershipError(Exception):
    """A membership change that would leave the organization in a bad state."""


@transaction.atomic
def create_organization(*, name, slug, kind=Organization.Kind.USER_GROUP, region="", time_zone="UTC", admin=None):
    organization = Organization.objects.create(name=name, slug=slug, kind=kind, region=region, time_zone=time_zone)
    create_default_stages(organization)
    create_default_items(organization)
    if admin is not None:
        Membership.objects.create(user=admin, organization=organization, role=Role.ADMIN)
    return organization


def _unique_username(email):
    base = slugify(email.split("@")[0]) or "member"
    username, n = base, 1
    while User.objects.filter(username__iexact=username).exists():
        n += 1
        username = f"{base}{n}"
    return username


def add_member(organization, identifier, role, *, request=None):
    """Add the person named by username or e-mail; invite them by e-mail if they have no account.

    Returns ``(membership, invited)``.
    """
    identifier = identifier.strip()
    user = User.objects.filter(username__iexact=identifier).first()
    if user is None:
        user = User.objects.filter(email__iexact=identifier).order_by("pk").first()
    invited = False
    with transaction.atomic():
        if user is None:
            if "@" not in identifier:
                raise MembershipError(
                    _("No account has the username “%(name)s”. To invite someone new, enter their e-mail address.")
                    % {"name": identifier}
                )
            user = User(username=_unique_username(identifier), email=identifier)
            user.set_unusable_password()
            user.save()
            invited = True
        if Membership.objects.filter(user=user, organization=organization).exists():
            raise MembershipError(_("%(user)s is already a member.") % {"user": user})
        membership = Membership.objects.create(user=user, organization=organization, role=role)
    if invited:
        _send_invitation(user, request)
    return membership, invited


def _send_invitation(user, request):
    """E-mail a link to choose a password (Django's reset link; the account has no password yet)."""
    context = {
        "email": user.email,
        "domain": request.get_host() if request else "localhost",
        "site_name": "OE Planner",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": "https" if request and request.is_secure() else "http",
    }
    PasswordResetForm().send_mail(
        "registration/invitation_subject.txt", "registration/invitation_email.txt", context, None, user.email
    )


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
