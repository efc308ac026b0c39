from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ReminderPreference, ReminderSettings


class ReminderSettingsForm(forms.ModelForm):
    class Meta:
        model = ReminderSettings
        fields = ["days_before", "overdue_after_days"]


class ReminderPreferenceForm(forms.ModelForm):
    class Meta:
        model = ReminderPreference
        fields = ["delivery", "send_hour"]
        widgets = {"delivery": forms.RadioSelect}
        labels = {"send_hour": _("Hour of the day (0–23)")}
        error_messages = {
            "send_hour": {
                "max_value": _("Choose an hour from 0 to 23."),
                "min_value": _("Choose an hour from 0 to 23."),
                "invalid": _("Enter the hour as a whole number from 0 to 23."),
            },
        }
