from datetime import date, timedelta

from django import forms
from django.conf import settings
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Membership, Organization, Role, User

EARLIEST_DATE = date(1990, 1, 1)


def members_of(organization):
    """The members of ``organization``, as every form and filter lists them: two with the same full name are
    told apart by username (``User.__str__`` reads ``has_namesake``)."""
    namesakes = Membership.objects.filter(
        organization=organization, user__first_name=OuterRef("first_name"), user__last_name=OuterRef("last_name")
    ).exclude(user=OuterRef("pk"))
    return (
        User.objects.filter(memberships__organization=organization)
        .annotate(has_namesake=Exists(namesakes))
        .order_by("first_name", "username")
    )


def check_date_range(value, *, years_ahead, field_label):
    """Refuse dates that can only be typing mistakes (year 0202, 2206…)."""
    latest = timezone.localdate() + timedelta(days=365 * years_ahead)
    if value < EARLIEST_DATE or value > latest:
        raise ValidationError(
            _("%(field)s must be between %(first)s and %(last)s."),
            params={"field": field_label, "first": EARLIEST_DATE.isoformat(), "last": latest.isoformat()},
        )
    return value


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "language", "time_zone", "landing_page"]
        help_texts = {
            "language": _("Pages and e-mails speak this language. Left blank, pages follow your browser."),
            "time_zone": _("Dates and times are shown, and reminders timed, in this zone."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("My browser's language")), *settings.LANGUAGES]
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
