from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ApiToken


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name", "access"]
        widgets = {"access": forms.RadioSelect}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if self.organization.api_tokens.active().filter(name__iexact=name).exists():
            raise forms.ValidationError(_("A token with this name is in use: choose another name, or revoke it first."))
        return name
