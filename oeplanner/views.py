from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_POST

from . import services, wikimedia
from .forms import InvitedSignUpForm, InviteForm, OrganizationForm, ProfileForm, RoleForm
from .models import Invitation, Role, User
from .tenancy import org_view


@login_required
def home(request):
    """Where the login lands: the dashboard of the organization used last (or the only one), the
    organization's dashboard for staff and admins who chose it; otherwise a list of organizations."""
    memberships = list(request.user.memberships.select_related("organization").order_by("organization__name"))
    last_used = [m for m in memberships if m.organization_id == request.user.last_organization_id]
    landing = last_used or (memberships if len(memberships) == 1 else [])
    if not landing:
        invitations = services.invitations_waiting_for(request.user)
        return render(request, "oeplanner/home.html", {"memberships": memberships, "invitations": invitations})
    membership = landing[0]
    if request.user.landing_page == User.LandingPage.OVERVIEW and membership.is_staff_or_admin:
        return redirect("overview", org_slug=membership.organization.slug)
    return redirect(membership.organization)


@login_required
@require_POST
def invitation_waiting(request, invitation_pk):
    """Accept or decline, from the home page, an invitation addressed to the signed-in account."""
    invitation = get_object_or_404(services.invitations_waiting_for(request.user), pk=invitation_pk)
    try:
        if request.POST.get("action") == "accept":
            return _welcome(request, services.accept_invitation(invitation, request.user))
        services.close_invitation(invitation, Invitation.Status.DECLINED)
    except services.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.info(request, _("You declined to join %(org)s.") % {"org": invitation.organization})
    return redirect("home")


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        # Said in the language just chosen (blank: the browser's), as the next page will be.
        with translation.override(request.user.language or translation.get_language_from_request(request)):
            messages.success(request, _("Your profile was saved."))
        return redirect("profile")
    return render(request, "oeplanner/profile.html", {"form": form})


@login_required
def wikimedia_unlink(request):
    """Asks before unlinking the member's Wikimedia account; the form posts to social-auth's disconnect view."""
    link = wikimedia.linked_account(request.user)
    if link is None:
        return redirect("profile")
    return render(request, "oeplanner/wikimedia_unlink.html", {"link": link})


def set_language(request):
    """The footer's language switcher: Django's view keeps the choice in a cookie; a signed-in member's choice
    also becomes their profile language, which e-mails follow and which outranks the cookie."""
    response = i18n.set_language(request)
    language = request.POST.get("language")
    if request.method == "POST" and request.user.is_authenticated and language in dict(settings.LANGUAGES):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


@org_view(role=Role.ADMIN)
def org_settings(request):
    form = OrganizationForm(request.POST or None, instance=request.org)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The organization's settings were saved."))
        return redirect("org_settings", org_slug=request.org.slug)
    return render(request, "oeplanner/org_settings.html", {"form": form})


INVITATIONS_LISTED = 50


@org_view()
def member_list(request):
    memberships = request.org.memberships.select_related("user").order_by("user__username")
    context = {
        "memberships": memberships,
        "role_choices": Role.choices,
    }
    if request.membership.is_admin:
        # Accepted invitations are memberships now; the others stay listed for a while, newest first.
        context["invitations"] = (
            request.org.invitations.exclude(status=Invitation.Status.ACCEPTED)
            .select_related("invited_by")
            .order_by("-created_at", "-pk")[:INVITATIONS_LISTED]
        )
    return render(request, "oeplanner/member_list.html", context)


@org_view(role=Role.ADMIN)
def member_invite(request):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation = services.invite(
            request.org, form.cleaned_data["identifier"], form.cleaned_data["role"], invited_by=request.user
        )
        # The same words whoever was named, so that the answer tells nothing about accounts.
        messages.success(
            request,
            _(
                "“%(identifier)s” is invited as %(role)s. If that address or username can be reached, "
                "they get an e-mail with a link that works for %(days)s days."
            )
            % {
                "identifier": invitation.identifier,
                "role": invitation.get_role_display(),
                "days": settings.INVITATION_DAYS,
            },
        )
        return redirect("member_list", org_slug=request.org.slug)
    return render(request, "oeplanner/member_invite.html", {"form": form})


@org_view(role=Role.ADMIN)
def invitation_revoke(request, invitation_pk):
    invitation = get_object_or_404(request.org.invitations, pk=invitation_pk)
    if request.method == "POST":
        try:
            services.close_invitation(invitation, Invitation.Status.REVOKED)
        except services.MembershipError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("The invitation of “%(identifier)s” was revoked.") % {"identifier": invitation.identifier}
            )
        return redirect("member_list", org_slug=request.org.slug)
    return render(request, "oeplanner/invitation_revoke.html", {"invitation": invitation})


@org_view(role=Role.ADMIN)
@require_POST
def member_role(request, membership_pk):
    membership = get_object_or_404(request.org.memberships.select_related("user"), pk=membership_pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles offered."))
    else:
        try:
            membership = services.change_role(membership, form.cleaned_data["role"])
        except services.MembershipError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(user)s is now %(role)s.") % {"user": membership.user, "role": membership.get_role_display()},
            )
    return redirect("member_list", org_slug=request.org.slug)


@org_view(role=Role.ADMIN)
def member_remove(request, membership_pk):
    membership = get_object_or_404(request.org.memberships.select_related("user"), pk=membership_pk)
    if request.method == "POST":
        try:
            services.remove_member(membership)
        except services.MembershipError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(user)s is no longer a member.") % {"user": membership.user})
            if membership.user_id == request.user.pk:
                return redirect("home")
        return redirect("member_list", org_slug=request.org.slug)
    return render(request, "oeplanner/member_remove.html", {"membership": membership})


def invitation(request, token):
    """The page the invitation e-mail links to: who invites, with which role; accept or decline.

    Accepting needs the link and being signed in as the invited person: the account named, or any
    account with the address the invitation went to. Someone invited by e-mail who has no account
    creates one here (the link proves the address). Declining needs the link, and not being signed
    in as someone else.
    """
    invitation = services.find_invitation(token)
    if invitation is None:
        raise Http404("No such invitation.")
    context = {"invitation": invitation}
    if not invitation.is_open:
        return render(request, "oeplanner/invitation.html", context, status=410)

    user = request.user if request.user.is_authenticated else None
    if user is not None and not invitation.is_for(user):
        return render(request, "oeplanner/invitation.html", {**context, "wrong_user": True}, status=403)
    may_sign_up = (
        user is None and invitation.user_id is None and not User.objects.filter(email__iexact=invitation.email).exists()
    )
    sign_up_form = InvitedSignUpForm(request.POST if request.POST.get("action") == "sign_up" else None)

    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "decline":
                services.close_invitation(invitation, Invitation.Status.DECLINED)
                messages.info(request, _("You declined to join %(org)s.") % {"org": invitation.organization})
                return redirect(request.path)
            if action == "accept" and user is not None:
                membership = services.accept_invitation(invitation, user)
                return _welcome(request, membership)
            if action == "sign_up" and may_sign_up and sign_up_form.is_valid():
                membership = services.register_and_accept(invitation, sign_up_form)
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
                return _welcome(request, membership)
        except services.MembershipError as error:
            messages.error(request, str(error))
            return redirect(request.path)

    context.update(may_sign_up=may_sign_up, sign_up_form=sign_up_form)
    return render(request, "oeplanner/invitation.html", context)


def _welcome(request, membership):
    messages.success(
        request,
        _("Welcome to %(org)s: you are %(role)s here.")
        % {"org": membership.organization, "role": membership.get_role_display()},
    )
    return redirect(membership.organization)
