from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Organization, Role, User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "time_zone"]
        help_texts = {"time_zone": _("Dates and times are shown, and reminders timed, in this zone.")}


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "kind", "region", "time_zone"]


class AddMemberForm(forms.Form):
    identifier = forms.CharField(
        label=_("Username or e-mail"),
        max_length=254,
        help_text=_("Someone without an account yet gets an e-mail inviting them to choose a password."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.VOLUNTEER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
