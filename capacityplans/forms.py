from django import forms
from django.core.exceptions import ValidationError
from django.forms import modelformset_factory
from django.utils.translation import gettext_lazy as _

from oeplanner.forms import DateInput, members_of

from .models import Plan, Step

END_BEFORE_START = _("The end must be on or after the start.")


def check_period(cleaned, form):
    starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        form.add_error("ends_on", ValidationError(END_BEFORE_START, code="end_before_start"))


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["title", "strategy", "starts_on", "ends_on", "status", "round", "owner"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.fields["round"].queryset = organization.rounds.all()
        self.fields["owner"].queryset = members_of(organization)

    def clean(self):
        cleaned = super().clean()
        check_period(cleaned, self)
        return cleaned


class StepForm(forms.ModelForm):
    class Meta:
        model = Step
        fields = [
            "goal",
            "action",
            "responsible",
            "responsible_name",
            "resources",
            "starts_on",
            "ends_on",
            "indicator",
            "target",
            "status",
            "notes",
        ]
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 2}),
            "action": forms.Textarea(attrs={"rows": 2}),
            "resources": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }

    def __init__(self, *args, organization, member_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        responsible = self.fields["responsible"]
        responsible.queryset = members_of(organization)
        responsible.empty_label = _("Member…")
        if member_choices is not None:
            # Rows of one table share the list of members: one query for the table, not one per row.
            responsible.choices = member_choices
        # Compact cells for the table editor; the label is read out by screen readers.
        for field in self.fields.values():
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs.update({"class": css, "placeholder": field.label, "title": field.label})
        responsible.error_messages["invalid_choice"] = _(
            "Choose a member of this organization, or type the person's name in the next field."
        )

    def clean(self):
        cleaned = super().clean()
        check_period(cleaned, self)
        return cleaned


class BaseStepFormSet(forms.BaseModelFormSet):
    def __init__(self, *args, organization, **kwargs):
        self.organization = organization
        self.member_choices = [("", _("Member…"))] + [(user.pk, str(user)) for user in members_of(organization)]
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        return {**kwargs, "organization": self.organization, "member_choices": self.member_choices}

    def clean(self):
        super().clean()
        # A posted row id that is not a step of this plan (removed meanwhile, or another plan's) finds no instance.
        if any(form.instance.pk is None for form in self.initial_forms):
            raise ValidationError(
                _("A row of this table was removed or belongs to another plan. Reload the page and try again."),
                code="unknown_row",
            )


StepFormSet = modelformset_factory(Step, form=StepForm, formset=BaseStepFormSet, extra=1, can_delete=True)
