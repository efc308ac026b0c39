from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oeplanner.forms import DateInput, check_date_range, members_of
from oeplanner.spreadsheets import FileRefused, check_size

from . import dashboard_csv
from .models import Benefit, EffortEntry, Metric, Milestone, Outcome, Partnership, Target

NEGATIVE = _("The value cannot be negative.")


def refuse_negative(form, *names):
    """Our own words for a negative number, instead of the generic 'greater than or equal to 0'."""
    for name in names:
        form.fields[name].error_messages["min_value"] = NEGATIVE
        form.fields[name].widget.attrs.setdefault("min", 0)


class PartnershipForm(forms.ModelForm):
    class Meta:
        model = Partnership
        fields = [
            "name",
            "kind",
            "status",
            "starts_on",
            "ends_on",
            "owner",
            "committed_hours",
            "committed_money",
            "committed_skills",
            "committed_in_kind",
            "expected_return",
            "partner_commitments",
            "continuation",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "committed_skills": forms.Textarea(attrs={"rows": 2}),
            "committed_in_kind": forms.Textarea(attrs={"rows": 2}),
            "expected_return": forms.Textarea(attrs={"rows": 2}),
            "partner_commitments": forms.Textarea(attrs={"rows": 2}),
            "continuation": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members_of(organization)
        refuse_negative(self, "committed_hours", "committed_money")

    def clean_starts_on(self):
        return check_date_range(self.cleaned_data["starts_on"], years_ahead=5, field_label=_("The start"))

    def clean_ends_on(self):
        value = self.cleaned_data.get("ends_on")
        return value and check_date_range(value, years_ahead=10, field_label=_("The end"))

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end cannot come before the start."))
        return cleaned


class TargetForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = ["metric", "custom_metric", "value", "due_on"]
        widgets = {"due_on": DateInput()}
        error_messages = {"metric": {"required": _("Choose what this target measures.")}}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.fields["metric"].choices = [("", _("Choose a metric…")), *Metric.choices]
        refuse_negative(self, "value")

    def clean_custom_metric(self):
        return " ".join(self.cleaned_data["custom_metric"].split())

    def clean_due_on(self):
        return check_date_range(self.cleaned_data["due_on"], years_ahead=10, field_label=_("The target date"))

    def clean(self):
        cleaned = super().clean()
        metric, custom = cleaned.get("metric"), cleaned.get("custom_metric", "")
        if metric == Metric.CUSTOM and not custom:
            self.add_error("custom_metric", _("Name the custom metric, for example “Wikidata items created”."))
        if metric and metric != Metric.CUSTOM:
            cleaned["custom_metric"] = ""
        if metric:
            clash = self.partnership.targets.filter(metric=metric, custom_metric=cleaned.get("custom_metric", ""))
            if clash.exclude(pk=self.instance.pk).exists():
                self.add_error("metric", _("This partnership already has a target for this metric: edit that one."))
        return cleaned

    def save(self, commit=True):
        self.instance.partnership = self.partnership
        return super().save(commit)


class OutcomeForm(forms.ModelForm):
    target = forms.ModelChoiceField(label=_("Against target"), queryset=Target.objects.none())

    class Meta:
        model = Outcome
        fields = ["value", "occurred_on", "note"]
        widgets = {"occurred_on": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}

    field_order = ["target", "value", "occurred_on", "note"]

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = partnership.targets.all()
        self.fields["target"].empty_label = _("Choose a target…")
        self.fields["target"].error_messages["required"] = _("Choose the target this outcome counts towards.")
        self.initial.setdefault("occurred_on", timezone.localdate())
        refuse_negative(self, "value")

    def clean_occurred_on(self):
        return check_date_range(self.cleaned_data["occurred_on"], years_ahead=0, field_label=_("The date"))

    def save(self, commit=True):
        target = self.cleaned_data["target"]
        self.instance.metric, self.instance.custom_metric = target.metric, target.custom_metric
        return super().save(commit)


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_on", "done_on"]
        widgets = {"due_on": DateInput(), "done_on": DateInput()}

    def clean_due_on(self):
        return check_date_range(self.cleaned_data["due_on"], years_ahead=10, field_label=_("The due date"))

    def clean_done_on(self):
        value = self.cleaned_data.get("done_on")
        return value and check_date_range(value, years_ahead=0, field_label=_("The date it was done"))


class EffortForm(forms.ModelForm):
    class Meta:
        model = EffortEntry
        fields = ["occurred_on", "member", "hours", "money", "kind", "note"]
        widgets = {"occurred_on": DateInput()}

    def __init__(self, *args, organization, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members_of(organization)
        self.initial.setdefault("member", user.pk)
        self.initial.setdefault("occurred_on", timezone.localdate())
        self.fields["hours"].widget.attrs["step"] = "0.5"
        refuse_negative(self, "hours", "money")

    def clean_occurred_on(self):
        return check_date_range(self.cleaned_data["occurred_on"], years_ahead=0, field_label=_("The date"))

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("hours") and not cleaned.get("money"):
            raise ValidationError(_("Give the hours, the money or both."))
        return cleaned


class BenefitForm(forms.ModelForm):
    class Meta:
        model = Benefit
        fields = ["noted_on", "text"]
        widgets = {"noted_on": DateInput(), "text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("noted_on", timezone.localdate())

    def clean_noted_on(self):
        return check_date_range(self.cleaned_data["noted_on"], years_ahead=0, field_label=_("The date"))


class DashboardUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Dashboard export (CSV)"),
        help_text=_("The CSV downloaded from a program's or a campaign's page on the Programs & Events Dashboard."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)
        except FileRefused as refused:
            raise ValidationError(str(refused)) from refused
        data = upload.read()
        parsed = dashboard_csv.read(data)
        if parsed.errors:
            raise ValidationError(parsed.errors)
        self.data_bytes, self.parsed = data, parsed
        return upload


class ProgramChoiceForm(forms.Form):
    """The partnership of each program row; rows seen before come preselected.

    ``partnerships`` is read once: every row's select offers the same list.
    """

    def __init__(self, *args, rows, partnerships, initial_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.partnerships = {p.pk: p for p in partnerships}
        choices = [("", _("Choose a partnership…"))] + [
            (p.pk, f"{p.partner.name} — {p.name}") for p in self.partnerships.values()
        ]
        for row in rows:
            self.fields[self.field_name(row)] = forms.TypedChoiceField(
                label=_("Partnership for %(slug)s") % {"slug": row.slug},
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=initial_choices.get(row.slug),
                error_messages={
                    "invalid_choice": _("Line %(line)s: that partnership is not one of this organization's.")
                    % {"line": row.line}
                },
            )
        # The choices the preview on screen was drawn with; confirming other choices shows the preview again.
        self.fields["previewed"] = forms.CharField(required=False, widget=forms.HiddenInput)

    @staticmethod
    def field_name(row):
        return f"line-{row.line}"

    def chosen(self):
        """slug → chosen Partnership or None (the form must be valid)."""
        return {row.slug: self.partnerships.get(self.cleaned_data.get(self.field_name(row))) for row in self.rows}

    def signature(self):
        return choice_signature(self.rows, self.chosen())


def choice_signature(rows, chosen):
    """The chosen partnership of each row as one string."""
    return ",".join(f"{row.line}:{chosen[row.slug].pk if chosen.get(row.slug) else ''}" for row in rows)
