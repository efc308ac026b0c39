from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from .models import Organization, Role, User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "time_zone", "landing_page"]
        help_texts = {"time_zone": _("Dates and times are shown, and reminders timed, in this zone.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only staff and admins can open the organization's dashboard.
        if not self.instance.memberships.filter(role__in=[Role.STAFF, Role.ADMIN]).exists():
            del self.fields["landing_page"]


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "kind", "region", "time_zone"]


class InviteForm(forms.Form):
    identifier = forms.CharField(
        label=_("E-mail or username"),
        max_length=254,
        help_text=_(
            "They get an e-mail with a link to accept or decline; they become a member only if they accept. "
            "A username's invitation goes to the e-mail address of that account."
        ),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.VOLUNTEER)


class InvitedSignUpForm(UserCreationForm):
    """The account of someone invited by e-mail; its address is the one the invitation was sent to."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "first_name", "last_name"]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
