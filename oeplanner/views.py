from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import AddMemberForm, OrganizationForm, ProfileForm, RoleForm
from .models import Role
from .tenancy import org_view


@login_required
def home(request):
    """Send the member to their organization; say what to do when they have none."""
    memberships = list(request.user.memberships.select_related("organization").order_by("organization__name"))
    if len(memberships) == 1:
        return redirect(memberships[0].organization)
    return render(request, "oeplanner/home.html", {"memberships": memberships})


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile was saved."))
        return redirect("profile")
    return render(request, "oeplanner/profile.html", {"form": form})


@org_view(role=Role.ADMIN)
def org_settings(request):
    form = OrganizationForm(request.POST or None, instance=request.org)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The organization's settings were saved."))
        return redirect("org_settings", org_slug=request.org.slug)
    return render(request, "oeplanner/org_settings.html", {"org": request.org, "form": form})


@org_view()
def member_list(request):
    memberships = request.org.memberships.select_related("user").order_by("user__username")
    context = {
        "org": request.org,
        "memberships": memberships,
        "role_choices": Role.choices,
    }
    return render(request, "oeplanner/member_list.html", context)


@org_view(role=Role.ADMIN)
def member_add(request):
    form = AddMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership, invited = services.add_member(
                request.org, form.cleaned_data["identifier"], form.cleaned_data["role"], request=request
            )
        except services.MembershipError as error:
            form.add_error("identifier", str(error))
        else:
            if invited:
                msg = _("%(email)s was invited by e-mail and added as %(role)s.")
            else:
                msg = _("%(email)s was added as %(role)s.")
            messages.success(request, msg % {"email": membership.user, "role": membership.get_role_display()})
            return redirect("member_list", org_slug=request.org.slug)
    return render(request, "oeplanner/member_add.html", {"org": request.org, "form": form})


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
    return render(request, "oeplanner/member_remove.html", {"org": request.org, "membership": membership})
