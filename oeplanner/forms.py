from django import forms
from django.conf import settings
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from .models import Organization, Role, User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "language", "time_zone"]
        help_texts = {
            "language": _("Pages and e-mails speak this language. Left blank, pages follow your browser."),
            "time_zone": _("Dates and times are shown, and reminders timed, in this zone."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("My browser's language")), *settings.LANGUAGES]


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
